"""单位信息: edit the unit, its people and its offices."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QWidget

from ideowork.domain.errors import UserError, ValidationError
from ideowork.gui.dialogs.conflict_dialog import (
    ConflictForm,
    delete_checked,
    describe,
    resolve_conflict,
)
from ideowork.gui.dialogs.office_dialog import OfficeDialog
from ideowork.gui.dialogs.person_dialog import PersonDialog
from ideowork.gui.forms.ui_unit_page import Ui_UnitPage
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.restrictions import restrict
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo

ORGAN_KINDS = ("党组", "党委", "党总支", "党支部")
ERROR_STYLE = "border: 1px solid #b3261e; background: #fdecea"

PEOPLE_COLUMNS: list[Column[PersonInfo]] = [
    Column("姓名", lambda p: p.name),
    Column("职务", lambda p: p.post),
    Column("角色", lambda p: p.role.label),
    Column("股室", lambda p: p.office_name),
    Column(
        "状态",
        lambda p: "在岗" if p.active else "不在岗",
        colour=lambda p: None if p.active else "#eeeeee",
    ),
]
# The unit form's fields as the conflict dialog's comparison names them.
_FIELD_LABELS = {
    "full_name": "单位全称",
    "short_name": "单位简称",
    "issuer_mark": "发文机关标志",
    "doc_prefix": "发文字号",
    "superior_committee": "上级党委",
    "propaganda_dept": "宣传部门",
    "signature": "署名",
    "printing_office": "印发机关",
}

OFFICE_COLUMNS: list[Column[OfficeInfo]] = [
    Column("名称", lambda o: o.name),
    Column("职责", lambda o: o.note),
]


# Rows whose contents size the columns of the people and offices tables.
MEASURED_ROWS = 50


class UnitPage(QWidget):
    title = "单位信息"
    shows = frozenset({"unit", "office", "person"})
    _unit_version: int | None = None  # of the unit as the form last loaded it

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ui = Ui_UnitPage()
        self.ui.setupUi(self)
        self.ui.organKind.addItems(ORGAN_KINDS)
        self._fields: dict[str, QLineEdit] = {
            "full_name": self.ui.fullName,
            "short_name": self.ui.shortName,
            "issuer_mark": self.ui.issuerMark,
            "doc_prefix": self.ui.docPrefix,
            "superior_committee": self.ui.superiorCommittee,
            "propaganda_dept": self.ui.propagandaDept,
            "signature": self.ui.signature,
            "printing_office": self.ui.printingOffice,
        }
        self.people_model: RecordTableModel[PersonInfo] = RecordTableModel(PEOPLE_COLUMNS, self)
        self.offices_model: RecordTableModel[OfficeInfo] = RecordTableModel(OFFICE_COLUMNS, self)
        self._setup_table(self.ui.peopleTable, self.people_model)
        self._setup_table(self.ui.officesTable, self.offices_model)

        self.ui.unitSave.clicked.connect(self.save_unit)
        self.ui.unitRevert.clicked.connect(self.load_unit)
        self.ui.peopleAdd.clicked.connect(lambda: self.edit_person(None))
        self.ui.peopleEdit.clicked.connect(lambda: self.edit_person(self._selected_person()))
        self.ui.peopleDelete.clicked.connect(self.delete_person)
        self.ui.peopleTable.doubleClicked.connect(
            lambda _: self.edit_person(self._selected_person())
        )
        self.ui.officesAdd.clicked.connect(lambda: self.edit_office(None))
        self.ui.officesEdit.clicked.connect(lambda: self.edit_office(self._selected_office()))
        self.ui.officesDelete.clicked.connect(self.delete_office)
        self.ui.officesTable.doubleClicked.connect(
            lambda _: self.edit_office(self._selected_office())
        )
        restrict(  # the account may not change this module: disabled, saying why
            self.services,
            "unit",
            *(self.ui.unitSave, self.ui.peopleAdd, self.ui.peopleEdit, self.ui.peopleDelete),
            *(self.ui.officesAdd, self.ui.officesEdit, self.ui.officesDelete),
        )
        self.refresh()

    @staticmethod
    def _setup_table(
        view: QTableView, model: RecordTableModel[PersonInfo] | RecordTableModel[OfficeInfo]
    ) -> None:
        view.setModel(model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Widths from the first rows, not all: the first page's layout must not grow with
        # the number of people (Qt's default measures 1 000 rows, each time it lays out).
        view.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)

    def refresh(self) -> None:
        self.load_unit()
        self.people_model.set_records(self.services.unit.list_people())
        self.offices_model.set_records(self.services.unit.list_offices())

    # --- the unit form ------------------------------------------------------------------------
    def load_unit(self) -> None:
        self._show_unit(self.services.unit.get_unit() or UnitInfo(full_name=""))

    def _show_unit(self, unit: UnitInfo) -> None:
        self._unit_version = unit.version  # a save from it is refused if another PC saved since
        for name, edit in self._fields.items():
            edit.setText(getattr(unit, name))
            edit.setStyleSheet("")
        self.ui.organKind.setCurrentText(unit.organ_kind)
        self._set_message("")

    def entered_unit(self) -> UnitInfo:
        values = {name: edit.text() for name, edit in self._fields.items()}
        return UnitInfo(
            full_name=values.pop("full_name", ""),
            organ_kind=self.ui.organKind.currentText(),
            version=self._unit_version,
            **values,
        )

    def save_unit(self) -> None:
        for edit in self._fields.values():
            edit.setStyleSheet("")
        try:
            saved = self.services.unit.save_unit(self.entered_unit())
        except EditConflict as conflict:
            resolve_conflict(self, conflict, self._unit_conflict_form())
            return
        except ValidationError as error:
            self._set_message(str(error), error=True)
            if error.field in self._fields:
                self._fields[error.field].setStyleSheet(ERROR_STYLE)
                self._fields[error.field].setFocus()
            return
        self._set_message(f"已保存：{saved.full_name}")

    def _unit_conflict_form(self) -> ConflictForm[UnitInfo]:
        def reload() -> UnitInfo:
            return self.services.unit.get_unit() or UnitInfo(full_name="")

        labels = {"organ_kind": "组织类别", **{n: _FIELD_LABELS.get(n, n) for n in self._fields}}
        return ConflictForm(
            self.entered_unit,
            reload,
            self._show_unit,
            lambda unit: describe(unit, list(labels.items())),
        )

    def _set_message(self, text: str, error: bool = False) -> None:
        self.ui.unitMessage.setText(text)
        self.ui.unitMessage.setStyleSheet("color: #b3261e" if error else "color: #1b5e20")

    # --- people and offices -------------------------------------------------------------------
    def _selected_person(self) -> PersonInfo | None:
        rows = self.ui.peopleTable.selectionModel().selectedRows()
        return self.people_model.record(rows[0].row()) if rows else None

    def _selected_office(self) -> OfficeInfo | None:
        rows = self.ui.officesTable.selectionModel().selectedRows()
        return self.offices_model.record(rows[0].row()) if rows else None

    def edit_person(self, person: PersonInfo | None, *, open_dialog: bool = True) -> PersonDialog:
        dialog = PersonDialog(self.services.unit, self.services.unit.list_offices(), person, self)
        if open_dialog and dialog.exec():
            self.refresh()
        return dialog

    def edit_office(self, office: OfficeInfo | None, *, open_dialog: bool = True) -> OfficeDialog:
        dialog = OfficeDialog(self.services.unit, office, self)
        if open_dialog and dialog.exec():
            self.refresh()
        return dialog

    def delete_person(self) -> None:
        person = self._selected_person()
        if person is None or person.id is None:
            show_error(self, "请先在列表中选择要删除的人员。")
            return
        if not confirm(self, f"确定删除“{person.name}”吗？"):
            return
        person_id = person.id
        try:
            delete_checked(
                self, lambda v: self.services.unit.delete_person(person_id, v), person.version
            )
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def delete_office(self) -> None:
        office = self._selected_office()
        if office is None or office.id is None:
            show_error(self, "请先在列表中选择要删除的股室。")
            return
        if not confirm(self, f"确定删除股室“{office.name}”吗？"):
            return
        office_id = office.id
        try:
            delete_checked(
                self, lambda v: self.services.unit.delete_office(office_id, v), office.version
            )
        except UserError as error:
            show_error(self, error)
        self.refresh()
