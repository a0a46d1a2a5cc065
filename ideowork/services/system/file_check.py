"""`check` of the attached files (佐证材料): every stored file read through and compared with
the SHA-256 and size it was registered with, wherever it is kept (the folder beside a SQLite
file, or the database's chunks), and those missing or changed named by the records they
belong to, so the user knows which sign-in sheet or scan to restore or add again.

Reading every byte takes a while for a year of photos (about a second per 300 MB on an SSD):
this runs on the worker thread with the rest of the check, never at start-up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from ideowork.db.engine import Database
from ideowork.db.models import Attachment, StoredFile, StoredFileChunk
from ideowork.db.stored_files import CHUNK_SIZE, files_dir_for, stored_path

_NAMED = 8  # problems named in the report; the rest counted
MISSING, CHANGED = "missing", "changed"


@dataclass
class FilesReport:
    files: int = 0
    size: int = 0
    in_database: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # sha256 → MISSING or CHANGED
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_files(db: Database) -> FilesReport:
    """Every stored file checked; `detail` says what was found, naming the bad ones."""
    report = FilesReport()
    folder = None if db.file is None else files_dir_for(db.file)
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(StoredFile.sha256, StoredFile.size, StoredFile.in_database).order_by(
                StoredFile.sha256
            )
        ).all()
        for sha256, size, in_database in rows:
            report.files += 1
            report.size += int(size)
            if in_database:
                report.in_database += 1
                problem = _chunks_problem(connection, sha256, int(size))
            else:
                problem = _folder_problem(folder, sha256, int(size))
            if problem is not None:
                report.problems[sha256] = problem
        report.detail = _detail(connection, report, folder)
    return report


def _chunks_problem(connection: Connection, sha256: str, size: int) -> str | None:
    digest = hashlib.sha256()
    read = 0
    seq = 0
    while True:
        data = connection.execute(
            select(StoredFileChunk.data).where(
                StoredFileChunk.sha256 == sha256, StoredFileChunk.seq == seq
            )
        ).scalar()
        if data is None:
            break
        digest.update(bytes(data))
        read += len(data)
        seq += 1
    if seq == 0 and size:
        return MISSING
    return None if read == size and digest.hexdigest() == sha256 else CHANGED


def _folder_problem(folder: Path | None, sha256: str, size: int) -> str | None:
    path = None if folder is None else stored_path(folder, sha256)
    if path is None or not path.is_file():
        return MISSING
    digest = hashlib.sha256()
    read = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                digest.update(chunk)
                read += len(chunk)
    except OSError:
        return MISSING
    return None if read == size and digest.hexdigest() == sha256 else CHANGED


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size // 1024, 1)} KB" if size else "0 KB"


def _detail(connection: Connection, report: FilesReport, folder: Path | None) -> str:
    if not report.files:
        return "没有佐证材料文件"
    where = (
        "均存放在数据库中"
        if report.in_database == report.files
        else f"存放在文件夹“{folder}”" + ("及数据库中" if report.in_database else "")
    )
    if report.ok:
        return (
            f"佐证材料文件{report.files}个（{_size_text(report.size)}）完好，"
            f"内容与登记的校验值一致（{where}）"
        )
    named = _named(connection, list(report.problems)[:_NAMED])
    shown = []
    for sha256, problem in list(report.problems.items())[:_NAMED]:
        why = (
            "不见了（" + ("数据库中没有它的内容" if folder is None else "文件夹中找不到它") + "）"
            if problem == MISSING
            else "的内容与登记的校验值不符（已被改动或损坏）"
        )
        shown.append(f"{named.get(sha256, f'校验值 {sha256[:12]}… 的文件')}{why}")
    more = f"；另有{len(report.problems) - _NAMED}个" if len(report.problems) > _NAMED else ""
    return (
        f"佐证材料文件{report.files}个中有{len(report.problems)}个不能使用："
        + "；".join(shown)
        + more
        + "。请用最近的备份恢复（恢复时会核对每个文件），"
        "或在相应记录中删除这些佐证材料后从原件重新添加。"
    )


def _named(connection: Connection, hashes: list[str]) -> dict[str, str]:
    """Each file as the user knows it: 学习活动“…”的“签到表.jpg” (the first record naming it)."""
    from ideowork.services.attachments.service import OWNERS

    names: dict[str, str] = {}
    rows = connection.execute(
        select(
            Attachment.sha256, Attachment.owner_table, Attachment.owner_uid, Attachment.file_name
        )
        .where(Attachment.sha256.in_(hashes))
        .order_by(Attachment.id)
    ).all()
    for sha256, owner_table, owner_uid, file_name in rows:
        if sha256 in names:
            continue
        model, label = OWNERS.get(owner_table, (None, "记录"))
        title = _title(connection, model, owner_uid)
        if title is None:
            owner = f"{label}（已删除，未关联）"
        else:
            owner = f"{label}“{title}”" if title else label
        names[sha256] = f"{owner}的“{file_name}”"
    return names


_TITLES = ("topic", "title", "problem_title", "problem", "text", "measure_title", "measure")


def _title(connection: Connection, model: type | None, uid: str) -> str | None:
    """The record's title as the ledgers show it ("" if it has none); None: deleted."""
    table = getattr(model, "__table__", None)
    if table is None:
        return None
    row = connection.execute(select(table).where(table.c.uid == uid)).mappings().first()
    if row is None:
        return None
    for column in _TITLES:
        value = " ".join(str(row.get(column) or "").split())
        if value:
            return value if len(value) <= 20 else value[:20] + "…"
    return ""
