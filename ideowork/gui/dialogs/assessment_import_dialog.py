"""导入细则: a 考核细则 read from a document, shown before it replaces the year's checklist."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import error_label
from ideowork.gui.pages.common import setup_table
from ideowork.services.assessment.checklist import ChecklistDraft, ChecklistService
from ideowork.services.assessment.grading import shown_points


class ChecklistImportDialog(QDialog):
    def __init__(
        self,
        service: ChecklistService,
        year: int,
        draft: ChecklistDraft,
        file_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入{year}年考核细则")
        self.resize(760, 560)
        self._service, self._year, self._draft = service, year, draft
        self.saved = False
        self.table = QTableWidget(len(draft.items), 3)
        self.table.setHorizontalHeaderLabels(["类别", "考核内容", "分值"])
        for row, item in enumerate(draft.items):
            for column, text in enumerate((item.group_name, item.text, shown_points(item.points))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        setup_table(self.table, stretch=(1,))
        self.table.setWordWrap(True)
        summary = QLabel(
            f"从“{file_name}”读到{len(draft.items)}项，合计{shown_points(draft.total)}分。"
            f"导入后将替换{year}年现有的考核细则。"
        )
        summary.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.addItems(list(draft.warnings) or ["未发现需要核对的问题。"])
        self.warnings.setMaximumHeight(120)
        self.message = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("请核对："))
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self._service.replace_year(self._year, self._draft)
        except UserError as error:
            self.message.setText(str(error))
            return
        self.saved = True
        self.accept()
