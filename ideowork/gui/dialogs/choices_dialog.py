"""Edit the unit's lists of 舆情渠道 and 事项分类: add, rename, reorder, retire, bring back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import error_label
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, LIST_NAMES, ChoiceInfo
from ideowork.services.context import Services

RETIRED_COLOUR = "#888888"


class ChoiceList(QWidget):
    """One list: its entries, retired ones greyed, with the buttons that change it."""

    def __init__(self, services: Services, list_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.list_name = services, list_name
        self.entries = QListWidget()
        self.message = error_label()
        buttons = QVBoxLayout()
        self.add_button = QPushButton("新增…")
        self.rename_button = QPushButton("改名…")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        self.retire_button = QPushButton("停用")
        for button in (
            self.add_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.retire_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.entries, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel("停用的选项不再出现在登记表中，已登记的事项仍保留原来的选项。"))
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.up_button.clicked.connect(lambda: self.move_entry(-1))
        self.down_button.clicked.connect(lambda: self.move_entry(+1))
        self.retire_button.clicked.connect(self.toggle_active)
        self.entries.currentRowChanged.connect(lambda _row: self.update_buttons())
        self.load()

    def load(self, select: int | None = None) -> None:
        self.entries.clear()
        for entry in self.services.choices.entries(self.list_name):
            item = QListWidgetItem(entry.label + ("" if entry.active else "（已停用）"))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if not entry.active:
                item.setForeground(Qt.GlobalColor.gray)
            self.entries.addItem(item)
            if entry.id == select:
                self.entries.setCurrentItem(item)
        self.update_buttons()

    def current(self) -> ChoiceInfo | None:
        item = self.entries.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        return entry if isinstance(entry, ChoiceInfo) else None

    def update_buttons(self) -> None:
        entry = self.current()
        for button in (self.rename_button, self.up_button, self.down_button, self.retire_button):
            button.setEnabled(entry is not None)
        self.retire_button.setText("恢复使用" if entry and not entry.active else "停用")

    def _run(self, action: str, *args: object) -> ChoiceInfo | None:
        try:
            result = getattr(self.services.choices, action)(*args)
        except UserError as error:
            self.message.setText(str(error))
            return None
        self.message.setText("")
        return result if isinstance(result, ChoiceInfo) else None

    def add(self, label: str | None = None) -> None:
        if label is None:
            label, ok = QInputDialog.getText(self, "新增", f"新增{LIST_NAMES[self.list_name]}：")
            if not ok:
                return
        added = self._run("add", self.list_name, label)
        self.load(added.id if added else None)

    def rename(self, label: str | None = None) -> None:
        entry = self.current()
        if entry is None:
            return
        if label is None:
            label, ok = QInputDialog.getText(self, "改名", "新的名称：", text=entry.label)
            if not ok:
                return
        self._run("rename", entry.id, label)
        self.load(entry.id)

    def move_entry(self, offset: int) -> None:
        entry = self.current()
        if entry is not None:
            self._run("move", entry.id, offset)
            self.load(entry.id)

    def toggle_active(self) -> None:
        entry = self.current()
        if entry is not None:
            self._run("set_active", entry.id, not entry.active)
            self.load(entry.id)


class ChoicesDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("舆情渠道和事项分类")
        self.resize(520, 460)
        self.lists = {
            name: ChoiceList(services, name, self) for name in (CASE_CHANNELS, CASE_CATEGORIES)
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
