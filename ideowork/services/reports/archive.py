"""公文 archive: the documents drafted so far, with their 文号 and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ideowork.db.models import GeneratedDocument
from ideowork.domain.errors import NotFoundError
from ideowork.services.concurrency import get_for_edit
from ideowork.services.reports.doc_numbers import lock_numbering
from ideowork.services.reports.document_files import database_identity, pending_in, recover
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


@dataclass(frozen=True)
class ArchivedDocument:
    id: int
    template: str
    period: str
    title: str
    doc_number: str | None
    created_at: dt.datetime
    printed_at: dt.datetime | None
    docx_path: str
    pdf_path: str
    markup: str  # the text as the user last edited it
    subject: str = ""  # the uid of the record a per-record document is about
    version: int = 0  # the one shown: a delete from it is refused when changed since


class ArchiveService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def documents(self) -> list[ArchivedDocument]:
        """The archive, newest first; files a killed `make` left half-settled are settled."""
        with self.runtime.read() as session:
            rows = session.scalars(
                select(GeneratedDocument).order_by(GeneratedDocument.created_at.desc())
            )
            documents = [
                ArchivedDocument(
                    r.id,
                    r.template,
                    r.period,
                    r.title,
                    r.doc_number,
                    r.created_at,
                    r.printed_at,
                    r.docx_path,
                    r.pdf_path,
                    r.markup,
                    r.subject,
                    r.version,
                )
                for r in rows
            ]
        self.settle_interrupted(
            Path(path).parent for d in documents for path in (d.docx_path, d.pdf_path) if path
        )
        return documents

    def settle_interrupted(self, folders: Iterable[Path]) -> int:
        """Finish or undo what a killed `ReportService.make` left in `folders` (see
        document_files); a no-op unless one did, or when this window may not write."""
        folders = list(dict.fromkeys(folders))
        database = database_identity(self.runtime)
        may_write = not self.runtime.read_only and self.runtime.may_change("documents")
        if not may_write or not pending_in(folders, database):
            return 0
        try:
            with self.runtime.write() as session:
                lock_numbering(session)  # no make of this database is half-way meanwhile
                return recover(session, folders, database)
        except (OSError, SQLAlchemyError):
            return 0  # busy or unwritable now: the next make into the folder settles them

    def mark_printed(self, document_id: int) -> None:
        """Record that a document went to the printer (inspectors ask when)."""
        with self.runtime.write() as session:
            row = session.get(GeneratedDocument, document_id)
            if row is None:
                raise NotFoundError("找不到该公文的归档记录，可能已被删除。")
            row.printed_at = self.runtime.now()
            audit.record(session, "print", "generated_document", row.id, f"打印公文：{row.title}")

    def delete(self, document_id: int, version: int | None = None) -> str:
        """Take a document out of the archive (its title returned). Its DOCX and PDF stay where
        they were written (the user's folder: printed or sent copies are theirs to keep), and
        its 文号 is free again. Its 佐证材料 are the caller's to settle (ask_files_of)."""
        with self.runtime.write() as session:
            row: GeneratedDocument = get_for_edit(
                session,
                GeneratedDocument,
                document_id,
                version,
                lambda: NotFoundError("找不到该公文的归档记录，可能已被删除，请刷新后重试。"),
                deleting=True,
            )
            before = snapshot(row)
            title = row.title
            session.delete(row)
            session.flush()
            audit.record(
                session,
                "delete",
                "generated_document",
                document_id,
                f"从归档中删除公文：{title}",
                before,
                None,
            )
            return title
