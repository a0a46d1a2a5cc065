"""公文字体: which font file PDFs embed for each role, and the names DOCX files ask for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ideowork.documents.fonts import FontRole
from ideowork.domain.errors import UserError
from ideowork.gui.messages import show_error
from ideowork.services.system.settings import FontChoice, SettingsService

FONT_FILTER = "TrueType 字体 (*.ttf *.ttc *.TTF *.TTC)"


def describe(choice: FontChoice) -> str:
    if choice.file is None:
        return f"⚠ {choice.problem}"
    return f"{choice.file.path.name}（{choice.file.source}）"


class FontSettingsBox(QGroupBox):
    """One row per role: the PDF font in use, a DOCX name, choose / reset buttons."""

    def __init__(self, settings: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__("公文字体（PDF 嵌入的字体文件；DOCX 中的字体名称）", parent)
        self.settings = settings
        self.files: dict[FontRole, QLabel] = {}
        self.names: dict[FontRole, QLineEdit] = {}
        grid = QGridLayout(self)
        for column, header in enumerate(("字体", "PDF 使用的字体文件", "DOCX 字体名称")):
            grid.addWidget(QLabel(f"<b>{header}</b>"), 0, column)
        for row, role in enumerate(FontRole, start=1):
            self.files[role] = QLabel()
            self.names[role] = QLineEdit()
            self.names[role].editingFinished.connect(lambda r=role: self.save_name(r))
            choose = QPushButton("选择字体文件…")
            choose.clicked.connect(lambda _=False, r=role: self.choose_file(r))
            reset = QPushButton("恢复默认")
            reset.clicked.connect(lambda _=False, r=role: self.use_file(r, None))
            for column, widget in enumerate(
                (QLabel(role.value), self.files[role], self.names[role], choose, reset)
            ):
                grid.addWidget(widget, row, column)
        grid.setColumnStretch(1, 1)
        self.refresh()

    def refresh(self) -> None:
        for choice in self.settings.font_choices():
            self.files[choice.role].setText(describe(choice))
            self.files[choice.role].setToolTip(str(choice.file.path) if choice.file else "")
            self.names[choice.role].setText(choice.docx_name)

    def choose_file(self, role: FontRole) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"选择{role.value}字体文件", "", FONT_FILTER)
        if path:
            self.use_file(role, Path(path))

    def use_file(self, role: FontRole, path: Path | None) -> None:
        try:
            self.settings.choose_pdf_font(role, path)
        except UserError as error:
            show_error(self, error, "不能使用该字体")
        self.refresh()

    def save_name(self, role: FontRole) -> None:
        self.settings.set_docx_name(role, self.names[role].text())
        self.refresh()
