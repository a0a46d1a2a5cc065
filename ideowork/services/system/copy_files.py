"""`copy` carries the attached files (佐证材料) with the rows that name them.

A SQLite database keeps each file's bytes in the folder beside it (`stored_file.in_database`
0); the rows alone would reach the target naming files it does not have. So, inside the
copy's transaction, every such file is read from the source's folder, checked against its
SHA-256 as it is read, and put where the target keeps files:

- a server (PostgreSQL, or any database without a file): into `stored_file_chunk`, 1 MiB a
  row, `in_database` set, then read back from the server and checked again, so every PC that
  connects sees them;
- another SQLite file: into that file's own folder (written whole or not at all), the rows
  unchanged, so the target's audit trail accounts for them as it does in the source.

A file missing from the source's folder or changed there refuses the whole copy, naming the
files and what to do: a server whose files are missing would fail every PC that opens them.
Files the source already holds in its chunks (a server, a server's copy) travel as rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Table, delete, insert, select, update

from ideowork.db.models import Attachment, StoredFile, StoredFileChunk
from ideowork.db.stored_files import CHUNK_SIZE, files_dir_for, is_sound, stored_path
from ideowork.domain.errors import UserError
from ideowork.files import atomic_write
from ideowork.paths import make_private

_FILES = cast(Table, StoredFile.__table__)
_CHUNKS = cast(Table, StoredFileChunk.__table__)
_NAMED = 10  # files named in a refusal; the rest counted


@dataclass(frozen=True)
class CarriedFiles:
    files: int = 0  # files put where the target keeps them
    size: int = 0  # their bytes
    into_database: bool = False  # into the target's chunks (a server), else its folder

    @property
    def note(self) -> str:
        if not self.files:
            return ""
        size = (
            f"{self.size / 1024 / 1024:.1f} MB"
            if self.size >= 1024 * 1024
            else f"{max(self.size // 1024, 1)} KB"
        )
        where = "存入目标数据库" if self.into_database else "复制到目标数据库的附件文件夹"
        return f"佐证材料文件{self.files}个（{size}）已{where}，校验值逐一核对无误。"


def carry_files(
    source_file: Path | None, target_file: Path | None, source: Connection, target: Connection
) -> CarriedFiles:
    """Put the files the source keeps in its folder where the target keeps files (see the
    module's text); UserError, naming them, when any is missing or changed."""
    wanted = [
        (str(sha256), int(size))
        for sha256, size in source.execute(
            select(_FILES.c.sha256, _FILES.c.size)
            .where(_FILES.c.in_database.is_(False))
            .order_by(_FILES.c.sha256)
        )
    ]
    if not wanted:
        return CarriedFiles()
    folder = None if source_file is None else files_dir_for(source_file)
    # Missing ones first (a stat each): refused before any bytes move.
    missing = [
        sha256
        for sha256, size in wanted
        if folder is None or not _has_size(stored_path(folder, sha256), size)
    ]
    if missing:
        _refuse(source, missing, "不见了或大小已改变")
    assert folder is not None
    changed: list[str] = []
    total = 0
    into_database = target_file is None
    for sha256, size in wanted:
        path = stored_path(folder, sha256)
        if into_database:
            sound = _into_chunks(path, sha256, size, target)
        else:
            sound = _into_folder(path, sha256, size, files_dir_for(target_file))  # type: ignore[arg-type]
        if sound:
            total += size
        else:
            changed.append(sha256)
    if changed:
        _refuse(source, changed, "的内容与登记的校验值不符（已被改动或损坏）")
    return CarriedFiles(len(wanted), total, into_database)


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _into_chunks(path: Path, sha256: str, size: int, target: Connection) -> bool:
    """The file into the target's chunks, hashed as read; then read back from the target and
    hashed again. False (nothing kept of it) when either does not match."""
    digest = hashlib.sha256()
    read = 0
    target.execute(delete(_CHUNKS).where(_CHUNKS.c.sha256 == sha256))
    try:
        with path.open("rb") as handle:
            seq = 0
            while chunk := handle.read(CHUNK_SIZE):
                digest.update(chunk)
                read += len(chunk)
                target.execute(insert(_CHUNKS), [{"sha256": sha256, "seq": seq, "data": chunk}])
                seq += 1
    except OSError:
        read = -1
    if read != size or digest.hexdigest() != sha256 or not _chunks_sound(target, sha256, size):
        target.execute(delete(_CHUNKS).where(_CHUNKS.c.sha256 == sha256))
        return False
    target.execute(update(_FILES).where(_FILES.c.sha256 == sha256).values(in_database=True))
    return True


def _chunks_sound(target: Connection, sha256: str, size: int) -> bool:
    """The file as the target now holds it, one chunk at a time, against its checksum."""
    digest = hashlib.sha256()
    read = 0
    seq = 0
    while True:
        data = target.execute(
            select(_CHUNKS.c.data).where(_CHUNKS.c.sha256 == sha256, _CHUNKS.c.seq == seq)
        ).scalar()
        if data is None:
            break
        digest.update(bytes(data))
        read += len(data)
        seq += 1
    return read == size and digest.hexdigest() == sha256


def _into_folder(path: Path, sha256: str, size: int, folder: Path) -> bool:
    """The file into the target's folder (whole or not at all), hashed as copied."""
    target = stored_path(folder, sha256)
    if is_sound(target, sha256, size):
        return True  # already there: the same content under the same name
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder)  # evidence is personal data, as in the source's folder
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with (
            atomic_write(target) as temporary,
            path.open("rb") as reader,
            temporary.open("wb") as writer,
        ):
            while chunk := reader.read(CHUNK_SIZE):
                digest.update(chunk)
                writer.write(chunk)
            writer.flush()
            if digest.hexdigest() != sha256:
                raise _Changed
    except (_Changed, OSError):
        return False
    return is_sound(target, sha256, size)


class _Changed(Exception):
    """Raised inside atomic_write so that a file whose bytes do not match is not kept."""


def _refuse(source: Connection, hashes: list[str], why: str) -> None:
    names: dict[str, str] = {}
    for sha256, name in source.execute(
        select(Attachment.sha256, Attachment.file_name)
        .where(Attachment.sha256.in_(hashes[:_NAMED]))
        .order_by(Attachment.id)
    ):
        names.setdefault(str(sha256), str(name))
    shown = "、".join(f"“{names.get(h, h[:12] + '…')}”" for h in hashes[:_NAMED])
    more = f"等{len(hashes)}个文件" if len(hashes) > _NAMED else ""
    raise UserError(
        f"源数据库的佐证材料{shown}{more}{why}，已撤销本次复制，目标数据库未作改动。"
        "请先在本机“系统”页运行检查查看受损的文件，用最近的备份恢复，"
        "或删除这些佐证材料后从原件重新添加，再重新复制。"
    )
