"""公文打印: whether documents are sealed and printed double-sided (new drafts follow it)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from ideowork.domain.errors import UserError
from ideowork.gui.messages import show_error
from ideowork.services.reports.printing import PrintingOptions
from ideowork.services.system.settings import SettingsService


class PrintingSettingsBox(QGroupBox):
    """Two check boxes saved at once; a draft already made keeps what its header says."""

    def __init__(self, settings: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__("公文打印方式（对新起草的公文生效）", parent)
        self.settings = settings
        self.sealed = QCheckBox("加盖印章：署名和成文日期按盖章公文排布，留出盖章位置")
        self.double_sided = QCheckBox("双面印刷：版记置于偶数页（封四），其前的空白页不编页码")
        hint = QLabel(
            "按 GB/T 9704，单位发文一般加盖印章、双面印刷。一份公文可在起草后修改文头中的"
            "“盖章：是/否”“双面印刷：是/否”。"
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.sealed, self.double_sided, hint):
            layout.addWidget(widget)
        self.refresh()
        self.sealed.toggled.connect(self.save)
        self.double_sided.toggled.connect(self.save)

    def refresh(self) -> None:
        options = self.settings.printing()
        pairs = ((self.sealed, options.sealed), (self.double_sided, options.double_sided))
        for box, value in pairs:
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    def save(self) -> None:
        options = PrintingOptions(self.sealed.isChecked(), self.double_sided.isChecked())
        try:
            self.settings.set_printing(options)
        except UserError as error:
            show_error(self, error, "无法保存打印方式")
            self.refresh()
