"""Import cases from a platform export (12345, 信访, mailboxes) or this app's own workbook:
choose the file, see which columns were understood and which rows would be skipped, then
import. Reading and writing run off the GUI thread; the import can be cancelled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ideowork.gui.dialogs.common import error_label
from ideowork.gui.failures import show_failure
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.services.context import Services
from ideowork.services.ledgers.case_import import (
    CaseImportPreview,
    CaseImportResult,
    channel_choices,
)

FROM_FILE = "（按文件中的渠道列）"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))


class CaseImportDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入舆情事项")
        self.resize(900, 640)
        self.services = services
        self.preview_info: CaseImportPreview | None = None
        self.result_info: CaseImportResult | None = None
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)

        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("12345工单、信访件、信箱导出的 Excel（.xlsx）或 CSV 文件")
        self.choose = QPushButton("选择文件…")
        self.channel = QComboBox()
        self.channel.addItem(FROM_FILE, None)
        for code, label in channel_choices(services.choices):
            self.channel.addItem(label, code)
        self.summary = QLabel("选择文件后显示导入预览，确认无误再导入。")
        self.summary.setWordWrap(True)
        self.message = error_label()
        self.columns = _table(["文件中的列", "导入为"])
        self.unmapped = QListWidget()
        self.sample = _table(["受理日期", "编号", "事项", "承办单位", "办结日期", "满意度"])
        self.skipped = QListWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.sample, "将导入的事项（前30件）")
        self.tabs.addTab(self.columns, "已识别的列")
        self.tabs.addTab(self.unmapped, "未使用的列")
        self.tabs.addTab(self.skipped, "跳过的行")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        channel_row = QHBoxLayout()
        channel_row.addWidget(QLabel("受理渠道："))
        channel_row.addWidget(self.channel)
        channel_row.addWidget(QLabel("文件中没有渠道列时，请选择这些事项的渠道。"))
        channel_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(channel_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.choose.clicked.connect(self.choose_file)
        self.channel.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "选择导出的台账",
            "",
            "Excel 或 CSV (*.xlsx *.csv *.txt);;所有文件 (*)",
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> Operation[CaseImportPreview] | None:
        self.path.setText(str(path))
        return self.refresh_preview()

    def refresh_preview(self) -> Operation[CaseImportPreview] | None:
        """Read the chosen file again (the channel chosen changes what is a duplicate)."""
        if not self.path.text():
            return None
        path, channel = Path(self.path.text()), self.channel.currentData()
        self.import_button.setEnabled(False)
        self.message.setText("")

        def failed(error: Exception) -> None:
            self.preview_info = None
            self.summary.setText("无法读取该文件。")
            show_failure(self, error, "无法导入")

        self.operation = run_in_background(
            self,
            lambda _progress: self.services.case_import.preview(path, channel),
            self.show_preview,
            on_failure=failed,
            label="正在读取文件…",
        )
        return self.operation

    def show_preview(self, preview: CaseImportPreview) -> None:
        self.preview_info = preview
        text = preview.summary
        if preview.channel_needed:
            text += "文件中没有渠道列，请在上方选择受理渠道。"
        if preview.unknown_offices:
            offices = "、".join(preview.unknown_offices[:5])
            text += f"承办单位“{offices}”不在股室名单中，导入后记入备注。"
        self.summary.setText(text)
        _fill(self.columns, [(header, field) for header, field in preview.mapped])
        self.unmapped.clear()
        self.unmapped.addItems(list(preview.unmapped) or ["（全部列都已识别）"])
        _fill(
            self.sample,
            [
                (
                    f"{row.received_on:%Y-%m-%d}" if row.received_on else "",
                    row.case_no,
                    row.title,
                    row.office_text,
                    f"{row.closed_on:%Y-%m-%d}" if row.closed_on else "",
                    row.satisfaction_text,
                )
                for row in preview.sample
            ],
        )
        self.skipped.clear()
        self.skipped.addItems(
            [f"编号重复：{number}" for number in preview.duplicates]
            + [str(problem) for problem in preview.problems]
            or ["（没有跳过的行）"]
        )
        self.import_button.setEnabled(preview.new > 0)

    def do_import(self) -> Operation[CaseImportResult] | None:
        if self.preview_info is None or self.preview_info.new == 0:
            return None
        path, channel = Path(self.path.text()), self.channel.currentData()

        def imported(result: CaseImportResult) -> None:
            self.result_info = result
            self.accept()

        self.operation = run_in_background(
            self,
            lambda progress: self.services.case_import.import_file(path, channel, progress),
            imported,
            on_cancel=lambda: self.message.setText("已取消导入，没有写入任何内容。"),
            on_failure=lambda error: show_failure(self, error, "导入失败"),
            label="正在导入舆情事项…",
            cancellable=True,
        )
        return self.operation
