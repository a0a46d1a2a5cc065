"""A checkable list for choosing several people or offices (责任领导 and 责任股室)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole


class CheckList(QListWidget):
    """Choices as (id, label); any number may be checked. Checked ids keep the list's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.itemClicked.connect(self._toggle_on_click)

    def set_choices(self, choices: Sequence[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        wanted = set(checked)
        self.clear()
        for choice_id, label in choices:
            item = QListWidgetItem(label, self)
            item.setData(ID_ROLE, choice_id)
            # Not ItemIsUserCheckable: a click anywhere on the row toggles it (see below), so
            # the box and the name behave the same.
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(
                Qt.CheckState.Checked if choice_id in wanted else Qt.CheckState.Unchecked
            )

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, ids: Iterable[int]) -> None:
        wanted = set(ids)
        for row in range(self.count()):
            item = self.item(row)
            checked = int(item.data(ID_ROLE)) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_labels(self) -> list[str]:
        return [
            self.item(row).text()
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _toggle_on_click(self, item: QListWidgetItem) -> None:
        self.toggle(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            self.toggle(self.currentItem())
            return
        super().keyPressEvent(event)
