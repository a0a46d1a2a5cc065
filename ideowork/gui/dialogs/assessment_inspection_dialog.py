"""Record a 专题督查: when, who checked, what and whom, what was seen; the problems it found
are added to 研判整改 (open, in the quarter of the check) when it is saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import NotFoundError
from ideowork.gui.dialogs.common import error_label, pydate, qdate, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.services.assessment.inspections import (
    InspectionFinding,
    InspectionInfo,
    InspectionService,
)
from ideowork.services.unit import OfficeInfo

NEW_COLUMNS = ("问题", "具体表现", "整改措施", "责任股室")
OFFICE_COLUMN = 3
_OFFICE_ROLE = Qt.ItemDataRole.UserRole


class _OfficeDelegate(QStyledItemDelegate):
    """The 责任股室 cell is chosen from the unit's offices."""

    def __init__(self, offices: list[OfficeInfo], parent: QWidget) -> None:
        super().__init__(parent)
        self._offices = offices

    def createEditor(
        self, parent: QWidget, option: object, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("（未指定）", None)
        for office in self._offices:
            combo.addItem(office.name, office.id)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(_OFFICE_ROLE))))

    def setModelData(
        self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        table_model = index.model()
        table_model.setData(index, editor.currentData(), _OFFICE_ROLE)
        shown = editor.currentText() if editor.currentData() is not None else ""
        table_model.setData(index, shown, Qt.ItemDataRole.DisplayRole)


class InspectionDialog(QDialog):
    def __init__(
        self,
        service: InspectionService,
        offices: list[OfficeInfo],
        inspection: InspectionInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改专题督查" if inspection.id else "登记专题督查")
        self.resize(860, 640)
        self._service = service
        self._offices = offices
        self._inspection = inspection
        self.saved: InspectionInfo | None = None

        self.checked_on = QDateEdit(qdate(inspection.checked_on))
        self.checked_on.setCalendarPopup(True)
        self.checked_on.setDisplayFormat("yyyy-MM-dd")
        self.subject = QLineEdit(inspection.subject)
        self.subject.setPlaceholderText("如：2020年度意识形态工作责任制落实情况专题督查")
        self.inspectors = QLineEdit(inspection.inspectors)
        self.inspectors.setPlaceholderText("督查组成员，如：赵立新、张志强")
        self.office = QComboBox()
        self.office.addItem("（全部股室）", None)
        for office in offices:
            self.office.addItem(office.name, office.id)
        self.office.setCurrentIndex(max(0, self.office.findData(inspection.office_id)))
        self.summary = QPlainTextEdit(inspection.summary)
        self.summary.setPlaceholderText("督查方式和总体情况")
        self.summary.setMaximumHeight(110)
        form = QFormLayout()
        form.addRow("督查日期：", self.checked_on)
        form.addRow("督查内容：", self.subject)
        form.addRow("督查人员：", self.inspectors)
        form.addRow("督查对象：", self.office)
        form.addRow("督查情况：", self.summary)

        self.found = QLabel()
        self.found.setWordWrap(True)
        self.new_findings = QTableWidget(0, len(NEW_COLUMNS))
        self.new_findings.setHorizontalHeaderLabels(list(NEW_COLUMNS))
        self.new_findings.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 260, 200)):
            self.new_findings.setColumnWidth(column, width)
        self.new_findings.setItemDelegateForColumn(
            OFFICE_COLUMN, _OfficeDelegate(offices, self.new_findings)
        )
        self.add_row = QPushButton("增加问题")
        self.remove_row = QPushButton("删去选中问题")
        rows = QHBoxLayout()
        rows.addWidget(QLabel("本次督查发现的问题（保存时转入研判整改，整改状态为“整改中”）："), 1)
        rows.addWidget(self.add_row)
        rows.addWidget(self.remove_row)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.found)
        layout.addLayout(rows)
        layout.addWidget(self.new_findings, 1)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))
        self.add_row.clicked.connect(self.add_finding_row)
        self.remove_row.clicked.connect(self.remove_finding_row)
        self._show_found(inspection)

    def _show_found(self, inspection: InspectionInfo) -> None:
        if not inspection.findings:
            self.found.setText("")
            return
        lines = [
            f"{f.period} {f.problem_title or f.problem[:20]}（{f.status.label}"
            + (f"，{f.office_name}" if f.office_name else "")
            + "）"
            for f in inspection.findings
        ]
        self.found.setText(
            "已转入研判整改的问题（在“研判整改”页修改和销号）：\n" + "\n".join(lines)
        )

    def add_finding_row(self, finding: InspectionFinding | None = None) -> None:
        row = self.new_findings.rowCount()
        self.new_findings.insertRow(row)
        texts = (
            (finding.problem_title, finding.problem, finding.measure_title)
            if isinstance(finding, InspectionFinding)
            else ("", "", "")
        )
        for column, text in enumerate(texts):
            self.new_findings.setItem(row, column, QTableWidgetItem(text))
        office = QTableWidgetItem("")
        if isinstance(finding, InspectionFinding) and finding.office_id is not None:
            office.setData(_OFFICE_ROLE, finding.office_id)
            office.setText(next((o.name for o in self._offices if o.id == finding.office_id), ""))
        self.new_findings.setItem(row, OFFICE_COLUMN, office)
        self.new_findings.setCurrentCell(row, 0)

    def remove_finding_row(self) -> None:
        row = self.new_findings.currentRow()
        if row >= 0:
            self.new_findings.removeRow(row)

    def findings_entered(self) -> list[InspectionFinding]:
        out = []
        for row in range(self.new_findings.rowCount()):
            texts = [
                (self.new_findings.item(row, column) or QTableWidgetItem("")).text()
                for column in range(3)
            ]
            office = self.new_findings.item(row, OFFICE_COLUMN)
            office_id = office.data(_OFFICE_ROLE) if office is not None else None
            if not any(t.strip() for t in texts) and office_id is None:
                continue  # an empty row added and left
            out.append(InspectionFinding(texts[0], texts[1], texts[2], "", office_id))
        return out

    def entered(self) -> InspectionInfo:
        return replace(
            self._inspection,
            checked_on=pydate(self.checked_on.date()),
            subject=self.subject.text(),
            inspectors=self.inspectors.text(),
            office_id=self.office.currentData(),
            summary=self.summary.toPlainText(),
        )

    def load(self, inspection: InspectionInfo) -> None:
        self._inspection = inspection
        self.checked_on.setDate(qdate(inspection.checked_on))
        self.subject.setText(inspection.subject)
        self.inspectors.setText(inspection.inspectors)
        self.office.setCurrentIndex(max(0, self.office.findData(inspection.office_id)))
        self.summary.setPlainText(inspection.summary)
        self._show_found(inspection)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save(self.entered(), self.findings_entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[InspectionInfo]:
        def reload() -> InspectionInfo:
            if self._inspection.id is None:
                raise NotFoundError("该专题督查记录已被删除。")
            return self._service.get(self._inspection.id)

        def office_name(office_id: int | None) -> str:
            index = self.office.findData(office_id)
            return self.office.itemText(index) if index >= 0 else EMPTY

        fields = [
            ("checked_on", "督查日期"),
            ("subject", "督查内容"),
            ("inspectors", "督查人员"),
            ("office_id", "督查对象"),
            ("summary", "督查情况"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda i: describe(i, fields, {"office_id": office_name}),
        )


def blank_inspection(day: dt.date) -> InspectionInfo:
    return InspectionInfo(id=None, checked_on=day, subject="")
