"""Choosing a task's leaders and units with their roles (牵头/责任/分管领导, 牵头/责任/配合单位).

RoleCheckList is the checkable list of people or offices with a role on each row: the row
reads "李红梅（宣传委员）〔牵头〕" and the combo box under the list sets the role of the row
in hand (checking it). OutsideUnits keeps units that are not offices of ours (各村（社区）,
各相关单位) as text with a role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.roles import RESPONSIBLE, NamedRole
from ideowork.gui.dialogs.people_picker import ID_ROLE, CheckList
from ideowork.services.matrix.model import ROLE_MARKS

ROLE_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's role code
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's label without the role mark


def role_label(label: str, role: str) -> str:
    """The row as shown: the name, and 〔牵头〕/〔分管〕/〔配合〕 for a role other than 责任."""
    mark = ROLE_MARKS.get(role)
    return f"{label}〔{mark}〕" if mark else label


class RoleCheckList(CheckList):
    """A CheckList whose rows each carry a role; `role_box` sets the current row's role."""

    def __init__(self, roles: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role_box = QComboBox()
        for code, label in roles.items():
            self.role_box.addItem(label, code)
        self.role_box.setCurrentIndex(self.role_box.findData(RESPONSIBLE))
        self.role_box.setToolTip(
            "先在上面的名单中点选一行，再选择其职责（牵头、责任、分管或配合）。"
        )
        self.role_box.activated.connect(self._role_chosen)
        self.currentItemChanged.connect(self._show_role)

    def set_choices(self, choices: Sequence[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        super().set_choices(choices, checked)
        for row in range(self.count()):
            item = self.item(row)
            item.setData(LABEL_ROLE, item.text())
            item.setData(ROLE_ROLE, RESPONSIBLE)

    def set_roles(self, ids: Sequence[int], roles: Sequence[str]) -> None:
        """Check `ids`, each with its role (roles parallel to ids; empty: all 责任)."""
        given = dict(zip(ids, roles if len(roles) == len(ids) else (), strict=False))
        self.set_checked(ids)
        for row in range(self.count()):
            item = self.item(row)
            self._set_role(item, given.get(int(item.data(ID_ROLE)), RESPONSIBLE))
        self._show_role(self.currentItem())

    def checked_roles(self) -> tuple[str, ...]:
        """The role of each checked row, parallel to checked_ids()."""
        return tuple(
            str(self.item(row).data(ROLE_ROLE) or RESPONSIBLE)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def choose_role(self, row: int, role: str) -> None:
        """Give the row a role and check it (what picking the row and the role does)."""
        self.setCurrentRow(row)
        self.role_box.setCurrentIndex(self.role_box.findData(role))
        self._role_chosen()

    def _set_role(self, item: QListWidgetItem, role: str) -> None:
        item.setData(ROLE_ROLE, role)
        item.setText(role_label(str(item.data(LABEL_ROLE) or item.text()), role))

    def _role_chosen(self, _index: int = 0) -> None:
        if self.currentRow() < 0:
            return  # no row in hand: the role waits for one
        item = self.currentItem()
        self._set_role(item, str(self.role_box.currentData()))
        item.setCheckState(Qt.CheckState.Checked)

    def _show_role(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        role = str(item.data(ROLE_ROLE) or RESPONSIBLE) if item is not None else RESPONSIBLE
        self.role_box.setCurrentIndex(self.role_box.findData(role))


class OutsideUnits(QWidget):
    """Units that are not offices of ours, as text with a role: a name, its role, 添加."""

    def __init__(self, roles: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = QListWidget()
        self.units.setFlow(QListWidget.Flow.LeftToRight)  # one line of units, side by side
        self.units.setWrapping(True)
        self.units.setSpacing(2)
        self.units.setMaximumHeight(48)
        self.name = QLineEdit()
        self.name.setPlaceholderText("其他单位，如：各村（社区）、各相关单位")
        self.role = QComboBox()
        for code, label in roles.items():
            self.role.addItem(label, code)
        self.role.setCurrentIndex(self.role.findData(RESPONSIBLE))
        self.add_button = QPushButton("添加")
        self.remove_button = QPushButton("删除所选")
        self.add_button.clicked.connect(self.add_typed)
        self.name.returnPressed.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(QLabel("本单位以外的单位（按原文保存，不新建股室）："))
        row.addWidget(self.name, 1)
        row.addWidget(self.role)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.units)

    def set_units(self, units: Sequence[NamedRole]) -> None:
        self.units.clear()
        for unit in units:
            self._add(unit)

    def entered(self) -> tuple[NamedRole, ...]:
        """The units listed, and one typed but not yet added (it is not lost)."""
        listed = [
            NamedRole(str(item.data(LABEL_ROLE)), str(item.data(ROLE_ROLE)))
            for item in (self.units.item(row) for row in range(self.units.count()))
        ]
        typed = self.name.text().strip()
        if typed and typed not in {unit.name for unit in listed}:
            listed.append(NamedRole(typed, str(self.role.currentData())))
        return tuple(listed)

    def add_typed(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.name.setFocus()
            return
        self._add(NamedRole(name, str(self.role.currentData())))
        self.name.clear()

    def remove_selected(self) -> None:
        for item in self.units.selectedItems():
            self.units.takeItem(self.units.row(item))

    def _add(self, unit: NamedRole) -> None:
        for row in range(self.units.count()):
            if self.units.item(row).data(LABEL_ROLE) == unit.name:
                self.units.takeItem(row)
                break
        item = QListWidgetItem(role_label(unit.name, unit.role), self.units)
        item.setData(LABEL_ROLE, unit.name)
        item.setData(ROLE_ROLE, unit.role)
