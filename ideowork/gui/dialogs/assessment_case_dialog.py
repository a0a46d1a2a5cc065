"""Record a 责任追究: which of the twelve 情形, who, what happened, what was done, when and
by whom."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.accountability import ACTIONS, SITUATIONS
from ideowork.domain.errors import NotFoundError
from ideowork.gui.dialogs.common import (
    OptionalDate,
    error_label,
    pydate,
    qdate,
    save_cancel_buttons,
)
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.services.assessment.accountability import AccountabilityInfo, AccountabilityService
from ideowork.services.unit import OfficeInfo, PersonInfo


class AccountabilityDialog(QDialog):
    def __init__(
        self,
        service: AccountabilityService,
        people: list[PersonInfo],
        offices: list[OfficeInfo],
        case: AccountabilityInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改责任追究记录" if case.id else "登记责任追究")
        self.resize(720, 620)
        self._service = service
        self._case = case
        self.saved: AccountabilityInfo | None = None

        self.occurred_on = QDateEdit(qdate(case.occurred_on))
        self.occurred_on.setCalendarPopup(True)
        self.occurred_on.setDisplayFormat("yyyy-MM-dd")
        self.situation = QComboBox()
        for number, text in enumerate(SITUATIONS, start=1):
            self.situation.addItem(f"（{number}）{text}", number)
            self.situation.setItemData(number - 1, text, Qt.ItemDataRole.ToolTipRole)
        self.situation.setCurrentIndex(max(0, self.situation.findData(case.situation)))
        self.situation.setMinimumContentsLength(30)
        self.person = QComboBox()
        self.person.setEditable(True)  # someone not on the unit's list is typed in
        self.person.addItem("", None)
        for person in people:
            self.person.addItem(person.name, person.id)
        self._set_person(case)
        self.office = QComboBox()
        self.office.addItem("（未指定）", None)
        for office in offices:
            self.office.addItem(office.name, office.id)
        self.office.setCurrentIndex(max(0, self.office.findData(case.office_id)))
        self.facts = QPlainTextEdit(case.facts)
        self.facts.setPlaceholderText("主要事实：发生了什么，造成了什么影响")
        self.action = QComboBox()
        self.action.setEditable(True)
        for severity, actions in ACTIONS:
            for action in actions:
                self.action.addItem(f"{action}", severity)
        self.action.setCurrentText(case.action)
        if (typed := self.action.lineEdit()) is not None:
            typed.setPlaceholderText("如：批评教育、诫勉谈话（可输入多种）")
        self.decided_on = OptionalDate("尚未处理", case.decided_on)
        self.decided_by = QLineEdit(case.decided_by)
        self.decided_by.setPlaceholderText("作出处理的组织，如：镇党委")
        self.note = QLineEdit(case.note)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("发生日期：", self.occurred_on)
        form.addRow("追究情形：", self.situation)
        form.addRow("被追究人员：", self.person)
        form.addRow("所在股室：", self.office)
        form.addRow("主要事实：", self.facts)
        form.addRow("处理方式：", self.action)
        form.addRow("处理日期：", self.decided_on)
        form.addRow("处理机关：", self.decided_by)
        form.addRow("备注：", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def _set_person(self, case: AccountabilityInfo) -> None:
        index = self.person.findData(case.person_id) if case.person_id is not None else -1
        if index >= 0:
            self.person.setCurrentIndex(index)
        else:
            self.person.setCurrentText(case.person_name)

    def entered(self) -> AccountabilityInfo:
        name = self.person.currentText().strip()
        index = self.person.findText(name)
        person_id = self.person.itemData(index) if index > 0 else None
        return replace(
            self._case,
            occurred_on=pydate(self.occurred_on.date()),
            situation=int(self.situation.currentData()),
            person_id=person_id,
            person_name=name,
            office_id=self.office.currentData(),
            facts=self.facts.toPlainText(),
            action=self.action.currentText(),
            decided_on=self.decided_on.date(),
            decided_by=self.decided_by.text(),
            note=self.note.text(),
        )

    def load(self, case: AccountabilityInfo) -> None:
        self._case = case
        self.occurred_on.setDate(qdate(case.occurred_on))
        self.situation.setCurrentIndex(max(0, self.situation.findData(case.situation)))
        self._set_person(case)
        self.office.setCurrentIndex(max(0, self.office.findData(case.office_id)))
        self.facts.setPlainText(case.facts)
        self.action.setCurrentText(case.action)
        self.decided_on.set_date(case.decided_on)
        self.decided_by.setText(case.decided_by)
        self.note.setText(case.note)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[AccountabilityInfo]:
        def reload() -> AccountabilityInfo:
            for case in self._service.in_year(self._case.occurred_on.year):
                if case.id == self._case.id:
                    return case
            raise NotFoundError("该责任追究记录已被删除或改到了其他年度。")

        def office_name(office_id: int | None) -> str:
            index = self.office.findData(office_id)
            return self.office.itemText(index) if index >= 0 else EMPTY

        fields = [
            ("occurred_on", "发生日期"),
            ("situation", "追究情形"),
            ("person_name", "被追究人员"),
            ("office_id", "所在股室"),
            ("facts", "主要事实"),
            ("action", "处理方式"),
            ("decided_on", "处理日期"),
            ("decided_by", "处理机关"),
            ("note", "备注"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda c: describe(
                c, fields, {"office_id": office_name, "situation": lambda n: f"第{n}项"}
            ),
        )
