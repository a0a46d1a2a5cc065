"""公文 archive: the documents drafted so far, with their 文号 and files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ideowork.db.models import GeneratedDocument
from ideowork.domain.errors import NotFoundError
from ideowork.services.runtime import Runtime
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


class ArchiveService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def documents(self) -> list[ArchivedDocument]:
        with self.runtime.read() as session:
            rows = session.scalars(
                select(GeneratedDocument).order_by(GeneratedDocument.created_at.desc())
            )
            return [
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
                )
                for r in rows
            ]

    def mark_printed(self, document_id: int) -> None:
        """Record that a document went to the printer (inspectors ask when)."""
        with self.runtime.write() as session:
            row = session.get(GeneratedDocument, document_id)
            if row is None:
                raise NotFoundError("找不到该公文的归档记录，可能已被删除。")
            row.printed_at = self.runtime.now()
            audit.record(session, "print", "generated_document", row.id, f"打印公文：{row.title}")
