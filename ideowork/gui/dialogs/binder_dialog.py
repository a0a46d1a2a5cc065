"""台账汇编…: choose a period and a file, make the binder on the worker thread (a progress bar,
取消 that stops it and leaves no file), then open or print it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR
from ideowork.gui.printing import print_pdf
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.paths import documents_dir
from ideowork.services.context import Services
from ideowork.services.reports.binder import BinderResult

# (label, kind, index) in the order people ask for them
SPANS = (
    ("第一季度", PeriodKind.QUARTER, 1),
    ("第二季度", PeriodKind.QUARTER, 2),
    ("第三季度", PeriodKind.QUARTER, 3),
    ("第四季度", PeriodKind.QUARTER, 4),
    ("上半年", PeriodKind.HALF, 1),
    ("下半年", PeriodKind.HALF, 2),
    ("全年", PeriodKind.YEAR, 1),
)


class BinderDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("台账汇编")
        self.services = services
        self.made: BinderResult | None = None
        self.operation: Operation[BinderResult] | None = None
        self._named_by_us = True  # the file name follows the period until the user picks one

        last = Period.quarter_before(services.today())
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(last.year)
        self.span = QComboBox()
        for label, kind, index in SPANS:
            self.span.addItem(label, (kind, index))
        self.span.setCurrentIndex(last.index - 1)
        self.out = QLineEdit()
        self.out.setMinimumWidth(420)
        self.browse = QPushButton("浏览…")
        self.make_button = QPushButton("生成")
        self.make_button.setDefault(True)
        self.open_button = QPushButton("打开")
        self.print_button = QPushButton("打印…")
        for button in (self.open_button, self.print_button):
            button.setEnabled(False)
        self.summary = QLabel(
            "汇编包括：封面、目录，责任清单，学习记录（含签到表、照片和会议记录等佐证材料），"
            "舆情台账，研判整改，以及本期间归档的公文。"
        )
        self.summary.setWordWrap(True)
        self.omitted = QPlainTextEdit()
        self.omitted.setReadOnly(True)
        self.omitted.setMaximumHeight(140)
        self.omitted.hide()

        period_row = QHBoxLayout()
        period_row.addWidget(self.year)
        period_row.addWidget(QLabel("年"))
        period_row.addWidget(self.span)
        period_row.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.out, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("期间：", period_row)
        form.addRow("保存到：", file_row)
        buttons = QDialogButtonBox()
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = QPushButton("关闭")
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.omitted)
        layout.addWidget(buttons)

        self.year.valueChanged.connect(lambda _v: self._name_file())
        self.span.currentIndexChanged.connect(lambda _i: self._name_file())
        self.out.textEdited.connect(lambda _t: setattr(self, "_named_by_us", False))
        self.browse.clicked.connect(self.choose_file)
        self.make_button.clicked.connect(self.make)
        self.open_button.clicked.connect(self.open_file)
        self.print_button.clicked.connect(self.print_file)
        close.clicked.connect(self.reject)
        self._name_file()

    # --- the period and the file ------------------------------------------------------------
    def period(self) -> Period:
        kind, index = self.span.currentData()
        return Period(self.year.value(), kind, index)

    def _default_path(self) -> Path:
        unit = self.services.unit.get_unit()
        name = unit.full_name if unit is not None else ""
        return documents_dir() / f"{name}{self.period().label}台账汇编.pdf"

    def _name_file(self) -> None:
        if self._named_by_us:
            folder = Path(self.out.text()).parent if self.out.text() else None
            default = self._default_path()
            self.out.setText(str((folder or default.parent) / default.name))

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "台账汇编保存为", self.out.text(), "PDF 文件 (*.pdf)"
        )
        if chosen:
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self.out.setText(chosen)
            self._named_by_us = False

    # --- making it --------------------------------------------------------------------------
    def make(self) -> Operation[BinderResult] | None:
        text = self.out.text().strip()
        if not text:
            self.summary.setText("请填写保存台账汇编的文件名。")
            return None
        period, target = self.period(), Path(text)
        self.make_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.summary.setText(f"正在编制{period.label}台账汇编…")

        def cancelled() -> None:
            self.summary.setText("已取消，没有生成文件。")

        self.operation = run_in_background(
            self,
            lambda progress: self.services.binder.make(period, target, progress),
            self._made,
            on_cancel=cancelled,
            label=f"正在编制{period.label}台账汇编…",
            cancellable=True,
            progress_delay_ms=0,
        )
        self.operation.finished.connect(lambda: self.make_button.setEnabled(True))
        return self.operation

    def _made(self, result: BinderResult) -> None:
        self.made = result
        self.summary.setText(
            f"已生成：{result.path}\n共{result.pages}页，放入图片{result.images}张，"
            f"附入 PDF {result.appended}份。"
            + (
                f"有{len(result.omitted)}份材料未收入，见下（汇编末尾也列有清单）。"
                if result.omitted
                else ""
            )
        )
        self.omitted.setVisible(bool(result.omitted))
        self.omitted.setPlainText(
            "\n".join(f"{o.record}：{o.file_name}——{o.reason}" for o in result.omitted)
        )
        self.open_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def open_file(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.path)))

    def print_file(self) -> None:
        if self.made is None:
            return
        document = QPdfDocument(self)
        document.load(str(self.made.path))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.made.path.stem)
        if QPrintDialog(printer, self).exec():
            print_pdf(document, printer)
        document.close()
