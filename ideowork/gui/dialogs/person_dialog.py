"""Add or edit one person of the unit."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import NotFoundError
from ideowork.domain.vocab import PersonRole
from ideowork.gui.dialogs.common import OptionalDate, error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitService


class PersonDialog(QDialog):
    def __init__(
        self,
        service: UnitService,
        offices: list[OfficeInfo],
        person: PersonInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改人员" if person else "新增人员")
        self._service = service
        self._person = person or PersonInfo(id=None, name="")
        self.saved: PersonInfo | None = None

        self.name = QLineEdit(self._person.name)
        self.name.setPlaceholderText("真实姓名，如：杨昌波")
        self.post = QLineEdit(self._person.post)
        self.post.setPlaceholderText("如：党委委员、宣传委员")
        self.role = QComboBox()
        for role in PersonRole:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(self.role.findData(self._person.role))
        self.office = QComboBox()
        self.office.addItem("（无）", None)
        for office in offices:
            self.office.addItem(office.name, office.id)
        self.office.setCurrentIndex(max(0, self.office.findData(self._person.office_id)))
        self.active = QCheckBox("在岗")
        self.active.setChecked(self._person.active)
        self.note = QLineEdit(self._person.note)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("姓名：", self.name)
        form.addRow("职务：", self.post)
        form.addRow("角色：", self.role)
        form.addRow("所在股室：", self.office)
        form.addRow("", self.active)
        self.joined = OptionalDate("不详", self._person.joined_on)
        self.left = OptionalDate("仍在本单位", self._person.left_on)
        form.addRow("加入日期：", self.joined)
        form.addRow("离开日期：", self.left)
        form.addRow("备注：", self.note)
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def entered(self) -> PersonInfo:
        return replace(
            self._person,
            name=self.name.text(),
            post=self.post.text(),
            role=PersonRole(self.role.currentData()),
            office_id=self.office.currentData(),
            active=self.active.isChecked() and self.left.date() is None,
            note=self.note.text(),
            joined_on=self.joined.date(),
            left_on=self.left.date(),
        )

    def load(self, person: PersonInfo) -> None:
        """Show `person` as saved, and save from its version from now on."""
        self._person = person
        self.name.setText(person.name)
        self.post.setText(person.post)
        self.role.setCurrentIndex(self.role.findData(person.role))
        self.office.setCurrentIndex(max(0, self.office.findData(person.office_id)))
        self.active.setChecked(person.active)
        self.note.setText(person.note)
        self.joined.set_date(person.joined_on)
        self.left.set_date(person.left_on)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save_person(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[PersonInfo]:
        def reload() -> PersonInfo:
            for person in self._service.list_people():
                if person.id == self._person.id:
                    return person
            raise NotFoundError("该人员已被删除。")

        def office_name(office_id: int | None) -> str:
            index = self.office.findData(office_id)
            return self.office.itemText(index) if index >= 0 else EMPTY

        fields = [
            ("name", "姓名"),
            ("post", "职务"),
            ("role", "角色"),
            ("office_id", "所在股室"),
            ("active", "在岗"),
            ("joined_on", "加入日期"),
            ("left_on", "离开日期"),
            ("note", "备注"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda person: describe(person, fields, {"office_id": office_name}),
        )
