"""佐证材料: files attached to records (study sessions, cases, tasks, findings, archived
documents), listed, added, captioned, checked, removed; the content kept by `FileStore`.

A record's attachments name it by its table and uid (`owner_table`, `owner_uid`): they travel
with it to another PC or a server. Deleting a record leaves its attachments for the caller to
decide (`detach_all`): kept as 未关联 (listed by `unattached`, to be saved elsewhere or deleted
later) or deleted with it. Nothing is deleted silently.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideowork.db.models import (
    Attachment,
    Base,
    Finding,
    GeneratedDocument,
    SentimentCase,
    StudySession,
    Task,
)
from ideowork.domain.errors import NotFoundError, UserError, ValidationError
from ideowork.services.attachments.kinds import (
    IMAGE,
    KIND_LABELS,
    MAX_FILE_BYTES,
    MAX_FILE_TEXT,
    PDF,
    check_head,
    check_image,
    family_of,
    file_type,
    pdf_problem,
)
from ideowork.services.attachments.store import FileStore, Spooled
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import NoProgress, ProgressSink, Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

# The records that take attachments, with what the audit trail and messages call them.
OWNERS: dict[str, tuple[type[Base], str]] = {
    "study_session": (StudySession, "学习活动"),
    "sentiment_case": (SentimentCase, "舆情事项"),
    "task": (Task, "责任任务"),
    "finding": (Finding, "研判问题"),
    "generated_document": (GeneratedDocument, "公文"),
}
KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    uid: str
    owner_table: str
    owner_uid: str
    sha256: str
    file_name: str
    media_type: str
    size: int
    kind: str
    caption: str
    added_at: dt.datetime
    version: int
    sort_order: int = 0

    @property
    def family(self) -> str:
        """ "image", "pdf", "office" (or "" for a type no longer accepted)."""
        return family_of(self.media_type)

    @property
    def is_image(self) -> bool:
        return self.family == IMAGE

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class UnattachedInfo:
    """An attachment whose record was deleted and whose file was kept."""

    attachment: AttachmentInfo
    owner_label: str


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        uid=row.uid,
        owner_table=row.owner_table,
        owner_uid=row.owner_uid,
        sha256=row.sha256,
        file_name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        kind=row.kind,
        caption=row.caption,
        added_at=row.added_at,
        version=row.version,
        sort_order=row.sort_order,
    )


def _owner_model(owner_table: str) -> tuple[type[Base], str]:
    found = OWNERS.get(owner_table)
    if found is None:
        raise ValueError(f"records of {owner_table!r} take no attachments")
    return found


def _owner_title(row: Any) -> str:
    for attribute in ("topic", "title", "problem_title", "problem", "text", "measure_title"):
        value = str(getattr(row, attribute, "") or "").strip()
        if value:
            return value[:30]
    return ""


def _check_kind(kind: str) -> str:
    if kind not in KIND_LABELS:
        raise ValidationError(
            f"佐证材料的类别“{kind}”无法识别，请从{('、'.join(KIND_LABELS.values()))}中选择。",
            field="kind",
        )
    return kind


def _check_caption(caption: str) -> str:
    text = " ".join(caption.split())
    if len(text) > 200:
        raise ValidationError("说明最多 200 个字，请删减后再保存。", field="caption")
    return text


def guess_kind(file_name: str, family: str) -> str:
    """The kind a file most likely is, from its name (签到表.jpg) and type."""
    name = Path(file_name).stem
    if "签到" in name or "签名" in name:
        return "sign_in"
    if any(word in name for word in ("纪要", "记录", "笔记", "会议")):
        return "record"
    if family == IMAGE:
        return "photo"
    return "other"


class AttachmentService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.store = FileStore(runtime)

    # --- reading -----------------------------------------------------------------------------
    def list_for(self, owner_table: str, owner_uid: str) -> list[AttachmentInfo]:
        return self.of_records(owner_table, [owner_uid]).get(owner_uid, [])

    def of_records(self, owner_table: str, uids: Iterable[str]) -> dict[str, list[AttachmentInfo]]:
        """The attachments of many records of one table, by record uid (one query per 500)."""
        wanted = list(dict.fromkeys(uids))
        found: dict[str, list[AttachmentInfo]] = defaultdict(list)
        with self.runtime.read() as session:
            for start in range(0, len(wanted), 500):
                rows = session.scalars(
                    select(Attachment)
                    .where(
                        Attachment.owner_table == owner_table,
                        Attachment.owner_uid.in_(wanted[start : start + 500]),
                    )
                    .order_by(Attachment.owner_uid, Attachment.sort_order, Attachment.id)
                )
                for row in rows:
                    found[row.owner_uid].append(_info(row))
        return dict(found)

    def uid_of(self, owner_table: str, record_id: int) -> str | None:
        """The uid attachments name a record by, from the id the screens know it by."""
        model, _ = _owner_model(owner_table)
        table = model.__table__
        with self.runtime.read() as session:
            uid = session.scalar(select(table.c.uid).where(table.c.id == record_id))
        return None if uid is None else str(uid)

    def module_of(self, owner_table: str) -> str:
        """The module whose right to change a record covers its attachments."""
        from ideowork.services.system.permissions import TABLE_MODULES

        _owner_model(owner_table)
        return TABLE_MODULES[owner_table]

    def get(self, attachment_id: int) -> AttachmentInfo:
        with self.runtime.read() as session:
            return _info(self._row(session, attachment_id))

    def counts(self, owner_table: str, uids: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(uids))
        counts: dict[str, int] = {}
        with self.runtime.read() as session:
            for start in range(0, len(wanted), 500):
                rows = session.execute(
                    select(Attachment.owner_uid, func.count())
                    .where(
                        Attachment.owner_table == owner_table,
                        Attachment.owner_uid.in_(wanted[start : start + 500]),
                    )
                    .group_by(Attachment.owner_uid)
                )
                counts.update({str(uid): int(n) for uid, n in rows})
        return counts

    def unattached(self) -> list[UnattachedInfo]:
        """Attachments kept when their record was deleted."""
        result: list[UnattachedInfo] = []
        with self.runtime.read() as session:
            for table, (model, label) in OWNERS.items():
                uid_column = model.__table__.c.uid
                rows = session.scalars(
                    select(Attachment)
                    .where(
                        Attachment.owner_table == table,
                        Attachment.owner_uid.not_in(select(uid_column)),
                    )
                    .order_by(Attachment.added_at, Attachment.id)
                )
                result.extend(UnattachedInfo(_info(row), label) for row in rows)
        return result

    # --- adding ------------------------------------------------------------------------------
    def add(
        self,
        owner_table: str,
        owner_uid: str,
        paths: Sequence[Path],
        kind: str | None = None,
        caption: str = "",
        progress: ProgressSink | None = None,
    ) -> list[AttachmentInfo]:
        """Attach `paths` to the record: every file checked and copied first (off the write
        lock), then all kept in one transaction with their audit entries; any refusal keeps
        nothing. `kind` None: guessed from each file's name and type."""
        progress = progress or NoProgress()
        model, label = _owner_model(owner_table)
        if kind is not None:
            _check_kind(kind)
        caption = _check_caption(caption)
        if not paths:
            return []
        self._owner_row_or_fail(model, owner_uid, label)
        for path in paths:
            self._precheck(path)
        spooled: list[tuple[Path, Spooled]] = []
        try:
            total = sum(path.stat().st_size for path in paths)
            done = 0
            for path in paths:
                progress.check_cancelled()
                progress.report(done, total, f"正在复制“{path.name}”……")
                copy = self.store.spool(path, path.name)
                spooled.append((path, copy))
                done += copy.size
                self._check_content(path.name, copy)
            progress.report(total, total, "正在保存……")
            return self._keep(owner_table, owner_uid, model, label, spooled, kind, caption)
        finally:
            for _, copy in spooled:
                copy.discard()

    def _precheck(self, path: Path) -> None:
        kind = file_type(path.name)
        try:
            if not path.is_file():
                raise UserError(f"“{path}”不是文件（可能是文件夹或已被移走），没有添加。")
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(1024)
        except OSError as error:
            raise UserError(
                f"无法读取“{path.name}”（{error.strerror or error}），没有添加。"
                "请检查 U 盘或文件夹是否还在、文件能否打开后重试。"
            ) from error
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"“{path.name}”有 {size / 1024 / 1024:.0f} MB，超过 {MAX_FILE_TEXT}，"
                "不能作为佐证材料添加，什么也没有保存。请压缩图片、分成几个文件，"
                "或扫描为较低的分辨率后再添加。"
            )
        if size == 0:
            raise UserError(f"“{path.name}”是空文件（0 字节），没有添加。请检查后重新复制。")
        check_head(path.name, kind, head)

    def _check_content(self, name: str, copy: Spooled) -> None:
        if file_type(name).family == IMAGE:
            with copy.path.open("rb") as handle:
                check_image(name, handle)

    def _keep(
        self,
        owner_table: str,
        owner_uid: str,
        model: type[Base],
        label: str,
        spooled: list[tuple[Path, Spooled]],
        kind: str | None,
        caption: str,
    ) -> list[AttachmentInfo]:
        with self.runtime.write() as session:
            owner = self._owner_row_or_fail(model, owner_uid, label, session)
            order = int(
                session.scalar(
                    select(func.coalesce(func.max(Attachment.sort_order), 0)).where(
                        Attachment.owner_table == owner_table, Attachment.owner_uid == owner_uid
                    )
                )
                or 0
            )
            rows: list[Attachment] = []
            for path, copy in spooled:
                kind_of = file_type(path.name)
                self.store.place(session, copy, kind_of.media_type)
                order += 1
                row = Attachment(
                    owner_table=owner_table,
                    owner_uid=owner_uid,
                    sha256=copy.sha256,
                    file_name=path.name[:255],
                    media_type=kind_of.media_type,
                    size=copy.size,
                    kind=kind or guess_kind(path.name, kind_of.family),
                    caption=caption,
                    sort_order=order,
                    added_at=self.runtime.now(),
                )
                session.add(row)
                rows.append(row)
            session.flush()
            title = _owner_title(owner)
            for row in rows:
                audit.record(
                    session,
                    "create",
                    "attachment",
                    row.id,
                    f"为{label}“{title}”添加佐证材料：{row.file_name}",
                    None,
                    snapshot(row),
                )
            return [_info(row) for row in rows]

    def _owner_row_or_fail(
        self, model: type[Base], owner_uid: str, label: str, session: Session | None = None
    ) -> Any:
        uid_column = model.__table__.c.uid
        if session is None:
            with self.runtime.read() as reading:
                row = reading.scalars(select(model).where(uid_column == owner_uid)).first()
        else:
            row = session.scalars(select(model).where(uid_column == owner_uid)).first()
        if row is None:
            raise NotFoundError(
                f"找不到要添加佐证材料的{label}（可能已被删除），没有添加。请刷新后重试。"
            )
        return row

    # --- editing -----------------------------------------------------------------------------
    def set_caption(
        self, attachment_id: int, caption: str, version: int | None = None
    ) -> AttachmentInfo:
        text = _check_caption(caption)
        return self._edit(attachment_id, version, "caption", text, "修改佐证材料说明")

    def set_kind(self, attachment_id: int, kind: str, version: int | None = None) -> AttachmentInfo:
        return self._edit(attachment_id, version, "kind", _check_kind(kind), "修改佐证材料类别")

    def _edit(
        self, attachment_id: int, version: int | None, field: str, value: str, what: str
    ) -> AttachmentInfo:
        with self.runtime.write() as session:
            row = self._row(session, attachment_id, version)
            if getattr(row, field) == value:
                return _info(row)
            before = snapshot(row)
            setattr(row, field, value)
            session.flush()
            audit.record(
                session,
                "update",
                "attachment",
                row.id,
                f"{what}：{row.file_name}",
                before,
                snapshot(row),
            )
            return _info(row)

    def move(self, attachment_id: int, offset: int, version: int | None = None) -> None:
        """Move an attachment up (-1) or down (+1) among its record's."""
        with self.runtime.write() as session:
            row = self._row(session, attachment_id, version)
            siblings = list(
                session.scalars(
                    select(Attachment)
                    .where(
                        Attachment.owner_table == row.owner_table,
                        Attachment.owner_uid == row.owner_uid,
                    )
                    .order_by(Attachment.sort_order, Attachment.id)
                )
            )
            index = siblings.index(row)
            other = index + offset
            if not 0 <= other < len(siblings):
                return
            siblings[index], siblings[other] = siblings[other], siblings[index]
            for number, sibling in enumerate(siblings, 1):
                if sibling.sort_order != number:
                    sibling.sort_order = number
            session.flush()
            audit.record(
                session, "update", "attachment", row.id, f"调整佐证材料顺序：{row.file_name}"
            )

    # --- removing ----------------------------------------------------------------------------
    def remove(self, attachment_id: int, version: int | None = None) -> None:
        """Delete the attachment; its content too when no other attachment refers to it."""
        aside: list[Path | None] = []
        try:
            with self.runtime.write() as session:
                row = self._row(session, attachment_id, version, deleting=True)
                self._delete_rows(session, [row], aside, f"删除佐证材料：{row.file_name}")
        except BaseException:
            for path in aside:
                self.store.restore_aside(path)
            raise
        for path in aside:
            self.store.forget(path)

    def detach_all(self, owner_table: str, owner_uid: str, keep_files: bool) -> int:
        """A deleted record's attachments: `keep_files` leaves them as 未关联 (their rows
        stay, listed by `unattached`), else they are deleted with their content. Returns how
        many there were."""
        _, label = _owner_model(owner_table)
        aside: list[Path | None] = []
        try:
            with self.runtime.write() as session:
                rows = list(
                    session.scalars(
                        select(Attachment).where(
                            Attachment.owner_table == owner_table,
                            Attachment.owner_uid == owner_uid,
                        )
                    )
                )
                if not rows:
                    return 0
                if keep_files:
                    audit.record(
                        session,
                        "update",
                        "attachment",
                        None,
                        f"{label}已删除，保留其 {len(rows)} 份佐证材料为未关联材料",
                    )
                else:
                    self._delete_rows(session, rows, aside, f"随{label}删除佐证材料 {len(rows)} 份")
        except BaseException:
            for path in aside:
                self.store.restore_aside(path)
            raise
        for path in aside:
            self.store.forget(path)
        return len(rows)

    def _delete_rows(
        self, session: Session, rows: list[Attachment], aside: list[Path | None], summary: str
    ) -> None:
        contents = {row.sha256 for row in rows}
        for row in rows:
            before = snapshot(row)
            session.delete(row)
            session.flush()
            audit.record(session, "delete", "attachment", before["id"], summary, before)
        for sha256 in sorted(contents):
            still = session.scalar(
                select(func.count()).select_from(Attachment).where(Attachment.sha256 == sha256)
            )
            if not still:
                aside.append(self.store.drop(session, sha256))

    def _row(
        self,
        session: Session,
        attachment_id: int,
        version: int | None = None,
        *,
        deleting: bool = False,
    ) -> Attachment:
        row: Attachment = get_for_edit(
            session,
            Attachment,
            attachment_id,
            version,
            lambda: NotFoundError(
                f"找不到该佐证材料（编号 {attachment_id}），可能已被删除，请刷新后重试。"
            ),
            deleting=deleting,
        )
        return row

    # --- files out -----------------------------------------------------------------------------
    def check(self, attachment_id: int) -> str | None:
        """Why the attachment's file is not usable (missing, changed, a PDF with a password,
        an image that no longer decodes), or None when it is sound."""
        info = self.get(attachment_id)
        return self.examine(info)

    def examine(self, info: AttachmentInfo) -> str | None:
        """Why the file cannot go into a binder (the binder lists it as not included, saying
        this), or None: the content checked against its checksum, then read as its type."""
        damaged = self.store.problem(info.sha256, info.file_name)
        if damaged is not None:
            return damaged
        if info.family == PDF:
            path = self.store.local_copy(info.sha256, info.file_name)
            with path.open("rb") as handle:
                return pdf_problem(handle)
        if info.family == IMAGE:
            path = self.store.local_copy(info.sha256, info.file_name)
            try:
                with path.open("rb") as handle:
                    check_image(info.file_name, handle)
            except UserError:
                return "图片无法读取（文件已损坏）"
        return None

    def local_copy(self, info: AttachmentInfo) -> Path:
        """A checked copy to open with the system's viewer or a PDF reader."""
        return self.store.local_copy(info.sha256, info.file_name)

    def save_as(self, info: AttachmentInfo, target: Path) -> Path:
        """Write the checked file to `target` (whole or not at all)."""
        import shutil

        from ideowork.files import atomic_write

        with (
            atomic_write(target) as temporary,
            self.store.open(info.sha256, info.file_name) as stream,
            temporary.open("wb") as writer,
        ):
            shutil.copyfileobj(stream, writer, 1024 * 1024)
        return target

    def thumbnail(self, info: AttachmentInfo, size: int = 160) -> bytes | None:
        """A PNG thumbnail of an image attachment (None for other files); large photos are
        decoded at a reduced scale (JPEG draft mode), so this stays fast and small."""
        if not info.is_image:
            return None
        return scaled_image(self.store.local_copy(info.sha256, info.file_name), size, "PNG")

    def image_for_print(self, info: AttachmentInfo, longest: int = 2000) -> Path:
        """An image downscaled for printing (a binder page): at most `longest` pixels on its
        longer side, as JPEG; the original stays as it is. Small images come back as they are."""
        original = self.store.local_copy(info.sha256, info.file_name)
        from PIL import Image

        with Image.open(original) as image:
            if max(image.size) <= longest:
                return original
        target = original.with_name(f".print-{longest}-{info.sha256[:16]}.jpg")
        if not target.exists():
            data = scaled_image(original, longest, "JPEG")
            from ideowork.files import write_bytes_atomically

            write_bytes_atomically(target, data)
        return target


def scaled_image(path: Path, longest: int, image_format: str) -> bytes:
    """The image at `path` scaled to at most `longest` pixels a side, upright (EXIF)."""
    import io

    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image.draft("RGB", (longest, longest))  # JPEG: decode at 1/2, 1/4, 1/8 scale
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((longest, longest))
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        buffer = io.BytesIO()
        upright.save(buffer, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
        return buffer.getvalue()
