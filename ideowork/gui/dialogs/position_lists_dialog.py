"""Edit the unit's lists of 阵地类型 and 活动类型: add, rename, reorder, retire, bring back."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ideowork.domain.positions import EVENT_KINDS, POSITION_KINDS
from ideowork.gui.dialogs.choices_dialog import ChoiceList
from ideowork.services.choices import LIST_NAMES
from ideowork.services.context import Services


class PositionListsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("阵地类型和活动类型")
        self.resize(520, 460)
        services.positions.kinds.ensure()  # the built-in entries, to rename or retire
        self.lists = {
            name: ChoiceList(services, name, self) for name in (POSITION_KINDS, EVENT_KINDS)
        }
        tabs = QTabWidget()
        for name, widget in self.lists.items():
            tabs.addTab(widget, LIST_NAMES[name])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
