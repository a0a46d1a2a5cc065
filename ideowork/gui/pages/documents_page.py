"""公文: the archive of drafted documents."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import setup_table
from ideowork.services.archive import ArchivedDocument
from ideowork.services.registry import Services

ARCHIVE_COLUMNS: list[Column[ArchivedDocument]] = [
    Column("文号", lambda d: d.doc_number or ""),
    Column("标题", lambda d: d.title),
    Column("期间", lambda d: d.period),
    Column("生成时间", lambda d: f"{d.created_at:%Y-%m-%d %H:%M}"),
    Column("打印时间", lambda d: f"{d.printed_at:%Y-%m-%d %H:%M}" if d.printed_at else "未打印"),
]


class DocumentsPage(QWidget):
    title = "公文"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.summary = QLabel()
        self.model: RecordTableModel[ArchivedDocument] = RecordTableModel(ARCHIVE_COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        setup_table(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.refresh()

    def refresh(self) -> None:
        documents = self.services.archive.documents()
        self.model.set_records(documents)
        self.summary.setText(f"已归档公文 {len(documents)} 份。" if documents else "尚未生成公文。")
