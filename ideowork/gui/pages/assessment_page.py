"""检查考核: the year's 考核细则, the assessment of every office (score, grade, deductions),
the 专题督查 and the 责任追究 cases — one tab each, for the year chosen at the top."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.numerals import to_chinese
from ideowork.domain.vocab import FindingStatus
from ideowork.gui.dialogs.assessment_case_dialog import AccountabilityDialog
from ideowork.gui.dialogs.assessment_grades_dialog import GradesDialog
from ideowork.gui.dialogs.assessment_import_dialog import ChecklistImportDialog
from ideowork.gui.dialogs.assessment_inspection_dialog import InspectionDialog, blank_inspection
from ideowork.gui.dialogs.assessment_item_dialog import ChecklistItemDialog
from ideowork.gui.dialogs.assessment_score_dialog import ScoreDialog
from ideowork.gui.dialogs.common import ERROR_COLOUR
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, setup_table, year_combo
from ideowork.gui.restrictions import restrict
from ideowork.services.assessment.accountability import AccountabilityInfo
from ideowork.services.assessment.assessments import AssessmentInfo, OverviewRow
from ideowork.services.assessment.checklist import ChecklistItemInfo
from ideowork.services.assessment.grading import AVERAGE, FAIR, GOOD, POOR, shown_points
from ideowork.services.assessment.inspections import InspectionInfo
from ideowork.services.context import Services

MODULE = "assessment"
Record = TypeVar("Record")
_ITEM_ROLE = Qt.ItemDataRole.UserRole
GRADE_COLOURS = {
    GOOD: STATUS_COLOURS["green"],
    FAIR: STATUS_COLOURS["green"],
    AVERAGE: STATUS_COLOURS["amber"],
    POOR: STATUS_COLOURS["red"],
}


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def _found(inspection: InspectionInfo) -> str:
    if not inspection.findings:
        return "无"
    still = sum(1 for f in inspection.findings if f.status is FindingStatus.OPEN)
    return f"{len(inspection.findings)}个（整改中{still}个）"


def _grade_colour(row: OverviewRow) -> str | None:
    return GRADE_COLOURS.get(row.assessment.grade) if row.assessment else None


OVERVIEW_COLUMNS: list[Column[OverviewRow]] = [
    Column("考核对象", lambda r: r.name),
    Column(
        "得分",
        lambda r: shown_points(r.assessment.total) if r.assessment and r.assessment.scored else "",
        align_right=True,
    ),
    Column(
        "等次", lambda r: r.assessment.state if r.assessment else "未考核", colour=_grade_colour
    ),
    Column(
        "扣分项", lambda r: f"{r.assessment.deductions}项" if r.assessment else "", align_right=True
    ),
    Column("考核日期", lambda r: _day(r.assessment.assessed_on) if r.assessment else ""),
    Column("考核人员", lambda r: r.assessment.assessors if r.assessment else ""),
]
INSPECTION_COLUMNS: list[Column[InspectionInfo]] = [
    Column("督查日期", lambda i: _day(i.checked_on)),
    Column("督查内容", lambda i: i.subject),
    Column("督查人员", lambda i: i.inspectors),
    Column("督查对象", lambda i: i.office_name or "全部股室"),
    Column("发现问题", lambda i: _found(i)),
]
CASE_COLUMNS: list[Column[AccountabilityInfo]] = [
    Column("发生日期", lambda c: _day(c.occurred_on)),
    Column("被追究人员", lambda c: c.person_name),
    Column("所在股室", lambda c: c.office_name),
    Column("追究情形", lambda c: f"第{c.situation}项：{c.situation_text}"),
    Column("处理方式", lambda c: c.action or "尚未处理"),
    Column("处理日期", lambda c: _day(c.decided_on)),
]


def _buttons(*labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = [QPushButton(label) for label in labels]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons


class AssessmentPage(QWidget):
    title = "检查考核"
    shows = frozenset(
        {
            "checklist_item",
            "assessment",
            "assessment_score",
            "inspection",
            "accountability_case",
            "finding",
            "office",
            "person",
            "setting",
        }
    )

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.module = services.assessment
        years = self.module.assessments.years()
        self.year = year_combo(years, services.today().year, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._checklist_tab(), "考核细则")
        self.tabs.addTab(self._assessments_tab(), "年度考核")
        self.tabs.addTab(self._inspections_tab(), "专题督查")
        self.tabs.addTab(self._cases_tab(), "责任追究")
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.year.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def current_year(self) -> int:
        return int(self.year.currentData())

    def refresh(self) -> None:
        self.refresh_checklist()
        self.refresh_assessments()
        self.refresh_inspections()
        self.refresh_cases()

    # --- 考核细则 ----------------------------------------------------------------------------
    def _checklist_tab(self) -> QWidget:
        tab = QWidget()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["考核内容", "分值", "考核办法和扣分标准"])
        self.tree.setWordWrap(True)
        self.tree.setColumnWidth(0, 520)
        self.tree.setColumnWidth(1, 60)
        self.checklist_sum = QLabel()
        row, buttons = _buttons(
            "新增", "修改", "删除", "上移", "下移", "类别改名…", "导入细则…", "建立本年度细则"
        )
        (
            self.add_item,
            self.edit_item,
            self.delete_item,
            self.up,
            self.down,
            self.rename,
            self.import_button,
            self.make_year,
        ) = buttons
        self.make_year.setToolTip("沿用上一年度的考核细则；没有上一年度时采用默认细则")
        row.addWidget(self.checklist_sum)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.add_item.clicked.connect(lambda: self.edit_checklist_item(None))
        self.edit_item.clicked.connect(lambda: self.edit_checklist_item(self.selected_item()))
        self.tree.itemDoubleClicked.connect(
            lambda *_: self.edit_checklist_item(self.selected_item())
        )
        self.delete_item.clicked.connect(self.delete_checklist_item)
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.rename.clicked.connect(self.rename_group)
        self.import_button.clicked.connect(lambda: self.import_checklist())
        self.make_year.clicked.connect(self.make_checklist)
        restrict(self.services, MODULE, *buttons)
        return tab

    def refresh_checklist(self) -> None:
        year = self.current_year()
        groups = self.module.checklist.groups(year)
        self.tree.clear()
        total = sum((g.points for g in groups), Decimal(0))
        for number, group in enumerate(groups, start=1):
            name = group.name or "（未分类）"
            head = QTreeWidgetItem(
                [f"{to_chinese(number)}、{name}", shown_points(group.points), ""]
            )
            head.setData(0, _ITEM_ROLE, group.name)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for index, item in enumerate(group.items, start=1):
                child = QTreeWidgetItem(
                    [f"{index}. {item.text}", shown_points(item.points), item.basis]
                )
                child.setData(0, _ITEM_ROLE, item)
                child.setToolTip(0, item.text)
                child.setToolTip(2, item.basis)
                head.addChild(child)
            self.tree.addTopLevelItem(head)
        self.tree.expandAll()
        count = sum(len(g.items) for g in groups)
        if not groups:
            self.checklist_sum.setText(f"{year}年尚无考核细则：可建立本年度细则或从文件导入。")
            self.checklist_sum.setStyleSheet("")
        elif total != 100:
            self.checklist_sum.setText(
                f"{len(groups)}类{count}项，合计{shown_points(total)}分（不是100分，请调整分值）"
            )
            self.checklist_sum.setStyleSheet(f"color: {ERROR_COLOUR}")
        else:
            self.checklist_sum.setText(f"{len(groups)}类{count}项，合计100分")
            self.checklist_sum.setStyleSheet("")
        self.make_year.setVisible(not groups)

    def selected_tree_node(self) -> QTreeWidgetItem | None:
        chosen = self.tree.selectedItems()
        return chosen[0] if chosen else None

    def selected_item(self) -> ChecklistItemInfo | None:
        node = self.selected_tree_node()
        data = node.data(0, _ITEM_ROLE) if node else None
        return data if isinstance(data, ChecklistItemInfo) else None

    def selected_group(self) -> str | None:
        node = self.selected_tree_node()
        if node is None:
            return None
        data = node.data(0, _ITEM_ROLE)
        return data.group_name if isinstance(data, ChecklistItemInfo) else str(data)

    def edit_checklist_item(self, item: ChecklistItemInfo | None) -> ChecklistItemDialog:
        year = self.current_year()
        groups = [g.name for g in self.module.checklist.groups(year)]
        blank = ChecklistItemInfo(None, year, self.selected_group() or "", "", Decimal(0))
        dialog = ChecklistItemDialog(self.module.checklist, groups, item or blank, self)
        if dialog.exec():
            self.refresh()
        return dialog

    def delete_checklist_item(self) -> None:
        item = self.selected_item()
        if item is None or item.id is None:
            show_error(self, "请先在考核细则中选择要删除的一项（不是类别）。")
            return
        scored = self.module.checklist.scored_count(item.id)
        also = f"\n\n已有{scored}个考核为这一项评了分，这些评分将一并删除。" if scored else ""
        if not confirm(self, f"确定删除“{item.text[:30]}”吗？{also}"):
            return
        item_id = item.id
        try:
            delete_checked(self, lambda v: self.module.checklist.delete(item_id, v), item.version)
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def move_selected(self, step: int) -> None:
        item = self.selected_item()
        try:
            if item is not None and item.id is not None:
                self.module.checklist.move(item.id, step, item.version)
            elif (group := self.selected_group()) is not None:
                self.module.checklist.move_group(self.current_year(), group, step)
            else:
                show_error(self, "请先选择要移动的类别或条目。")
                return
        except UserError as error:
            show_error(self, error)
        self._reselect(item, self.selected_group())

    def _reselect(self, item: ChecklistItemInfo | None, group: str | None) -> None:
        self.refresh_checklist()
        for index in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(index)
            if head is None:
                continue
            if item is None and head.data(0, _ITEM_ROLE) == group:
                head.setSelected(True)
                return
            for child_index in range(head.childCount()):
                child = head.child(child_index)
                data = child.data(0, _ITEM_ROLE) if child is not None else None
                if item is not None and isinstance(data, ChecklistItemInfo) and data.id == item.id:
                    assert child is not None
                    child.setSelected(True)
                    return

    def rename_group(self) -> None:
        group = self.selected_group()
        if group is None:
            show_error(self, "请先选择要改名的类别。")
            return
        name, ok = QInputDialog.getText(self, "类别改名", "新的类别名称：", text=group)
        if not ok:
            return
        try:
            self.module.checklist.rename_group(self.current_year(), group, name)
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def make_checklist(self) -> None:
        try:
            self.module.checklist.ensure(self.current_year())
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def import_checklist(
        self, path: Path | None = None, *, open_dialog: bool = True
    ) -> ChecklistImportDialog | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "导入考核细则", "", "考核细则 (*.docx *.txt);;所有文件 (*)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        year = self.current_year()
        try:
            draft = self.module.checklist.read_document(path, year)
        except UserError as error:
            show_error(self, error, "无法读取考核细则")
            return None
        dialog = ChecklistImportDialog(self.module.checklist, year, draft, path.name, self)
        if open_dialog and dialog.exec():
            self.refresh()
        return dialog

    # --- 年度考核 ----------------------------------------------------------------------------
    def _assessments_tab(self) -> QWidget:
        tab = QWidget()
        self.overview_model: RecordTableModel[OverviewRow] = RecordTableModel(
            OVERVIEW_COLUMNS, self
        )
        self.overview = QTableView()
        self.overview.setModel(self.overview_model)
        setup_table(self.overview, stretch=(5,))
        self.overview_summary = QLabel()
        self.overview_summary.setWordWrap(True)
        row, buttons = _buttons("评分…", "考核班子成员…", "删除考核", "等次分数线…")
        self.score_button, self.leader_button, self.delete_assessment, self.grades_button = buttons
        layout = QVBoxLayout(tab)
        layout.addWidget(self.overview_summary)
        layout.addWidget(self.overview, 1)
        layout.addLayout(row)
        self.score_button.clicked.connect(lambda: self.open_assessment(self.selected_overview()))
        self.overview.doubleClicked.connect(
            lambda _: self.open_assessment(self.selected_overview())
        )
        self.leader_button.clicked.connect(self.assess_leader)
        self.delete_assessment.clicked.connect(self.remove_assessment)
        self.grades_button.clicked.connect(self.edit_grades)
        restrict(self.services, MODULE, *buttons)
        return tab

    def refresh_assessments(self) -> None:
        year = self.current_year()
        rows = self.module.assessments.overview(year)
        self.overview_model.set_records(rows)
        done = [r.assessment for r in rows if r.assessment and r.assessment.complete]
        grades = [(g, sum(1 for a in done if a.grade == g)) for g in (GOOD, FAIR, AVERAGE, POOR)]
        counted = "，".join(f"“{g}”{n}个" for g, n in grades if n)
        waiting = sum(1 for r in rows if not (r.assessment and r.assessment.complete))
        thresholds = self.module.grading.thresholds().describe()
        self.overview_summary.setText(
            f"{year}年：已完成评分{len(done)}个"
            + (f"（{counted}）" if counted else "")
            + (f"，未考核或评分未完成{waiting}个" if waiting else "")
            + f"。等次：{thresholds}。双击一行评分。"
        )

    def selected_overview(self) -> OverviewRow | None:
        rows = self.overview.selectionModel().selectedRows()
        return self.overview_model.record(rows[0].row()) if rows else None

    def open_assessment(self, row: OverviewRow | None) -> ScoreDialog | None:
        """The score sheet of the row's assessment, made first if the row has none."""
        if row is None:
            show_error(self, "请先在列表中选择要评分的股室。")
            return None
        try:
            info = row.assessment or self.module.assessments.save(
                AssessmentInfo(
                    None,
                    self.current_year(),
                    office_id=row.office_id,
                    person_id=row.person_id,
                    assessed_on=self.services.today(),
                )
            )
            assert info.id is not None
            sheet = self.module.assessments.sheet(info.id)
        except UserError as error:
            show_error(self, error)
            return None
        dialog = ScoreDialog(self.module.assessments, sheet, self.module.grading.thresholds(), self)
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def assess_leader(self) -> None:
        people = self.services.unit.list_people(active_only=True)
        if not people:
            show_error(self, "单位信息中还没有人员，请先在“单位信息”页添加班子成员。")
            return
        names = [f"{p.name}（{p.post}）" if p.post else p.name for p in people]
        chosen, ok = QInputDialog.getItem(self, "考核班子成员", "被考核的领导：", names, 0, False)
        if not ok:
            return
        person = people[names.index(chosen)]
        self.open_assessment(OverviewRow(person.name, None, person.id, None))

    def remove_assessment(self) -> None:
        row = self.selected_overview()
        info = row.assessment if row is not None else None
        assessment_id = info.id if info is not None else None
        if info is None or assessment_id is None:
            show_error(self, "请先选择已考核的一行。")
            return
        if not confirm(self, f"确定删除{info.year}年对“{info.target}”的考核及其全部评分吗？"):
            return
        try:
            delete_checked(
                self, lambda v: self.module.assessments.delete(assessment_id, v), info.version
            )
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def edit_grades(self) -> None:
        if GradesDialog(self.module.grading, self).exec():
            self.refresh()

    # --- 专题督查 ----------------------------------------------------------------------------
    def _inspections_tab(self) -> QWidget:
        tab = QWidget()
        self.inspection_model: RecordTableModel[InspectionInfo] = RecordTableModel(
            INSPECTION_COLUMNS, self
        )
        self.inspection_view = QTableView()
        self.inspection_view.setModel(self.inspection_model)
        setup_table(self.inspection_view, stretch=(1,))
        row, buttons = _buttons("新增", "修改", "删除")
        self.add_inspection, self.edit_inspection_button, self.delete_inspection = buttons
        note = QLabel(
            "专题督查发现的问题在保存时转入“研判整改”（所在季度，整改中），在那里修改和销号。"
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(note)
        layout.addWidget(self.inspection_view, 1)
        layout.addLayout(row)
        self.add_inspection.clicked.connect(lambda: self.edit_inspection(None))
        self.edit_inspection_button.clicked.connect(
            lambda: self.edit_inspection(
                self._selected(self.inspection_view, self.inspection_model)
            )
        )
        self.inspection_view.doubleClicked.connect(
            lambda _: self.edit_inspection(
                self._selected(self.inspection_view, self.inspection_model)
            )
        )
        self.delete_inspection.clicked.connect(self.remove_inspection)
        restrict(self.services, MODULE, *buttons)
        return tab

    def refresh_inspections(self) -> None:
        self.inspection_model.set_records(self.module.inspections.in_year(self.current_year()))

    def edit_inspection(self, inspection: InspectionInfo | None) -> InspectionDialog:
        year = self.current_year()
        today = self.services.today()
        day = today if today.year == year else dt.date(year, 12, 15)
        offices = self.services.unit.list_offices()
        dialog = InspectionDialog(
            self.module.inspections, offices, inspection or blank_inspection(day), self
        )
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def remove_inspection(self) -> None:
        inspection = self._selected(self.inspection_view, self.inspection_model)
        if inspection is None or inspection.id is None:
            show_error(self, "请先在列表中选择要删除的专题督查。")
            return
        kept = (
            f"\n\n它发现的{len(inspection.findings)}个问题仍保留在研判整改中。"
            if inspection.findings
            else ""
        )
        if not confirm(self, f"确定删除“{inspection.subject}”吗？{kept}"):
            return
        inspection_id = inspection.id
        try:
            delete_checked(
                self, lambda v: self.module.inspections.delete(inspection_id, v), inspection.version
            )
        except UserError as error:
            show_error(self, error)
        self.refresh()

    # --- 责任追究 ----------------------------------------------------------------------------
    def _cases_tab(self) -> QWidget:
        tab = QWidget()
        self.case_model: RecordTableModel[AccountabilityInfo] = RecordTableModel(CASE_COLUMNS, self)
        self.case_view = QTableView()
        self.case_view.setModel(self.case_model)
        setup_table(self.case_view, stretch=(3,))
        row, buttons = _buttons("新增", "修改", "删除")
        self.add_case, self.edit_case_button, self.delete_case = buttons
        layout = QVBoxLayout(tab)
        layout.addWidget(self.case_view, 1)
        layout.addLayout(row)
        self.add_case.clicked.connect(lambda: self.edit_case(None))
        self.edit_case_button.clicked.connect(
            lambda: self.edit_case(self._selected(self.case_view, self.case_model))
        )
        self.case_view.doubleClicked.connect(
            lambda _: self.edit_case(self._selected(self.case_view, self.case_model))
        )
        self.delete_case.clicked.connect(self.remove_case)
        restrict(self.services, MODULE, *buttons)
        return tab

    def refresh_cases(self) -> None:
        self.case_model.set_records(self.module.accountability.in_year(self.current_year()))

    def edit_case(self, case: AccountabilityInfo | None) -> AccountabilityDialog:
        year = self.current_year()
        today = self.services.today()
        blank = AccountabilityInfo(None, today if today.year == year else dt.date(year, 1, 1), 1)
        dialog = AccountabilityDialog(
            self.module.accountability,
            self.services.unit.list_people(),
            self.services.unit.list_offices(),
            case or blank,
            self,
        )
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def remove_case(self) -> None:
        case = self._selected(self.case_view, self.case_model)
        if case is None or case.id is None:
            show_error(self, "请先在列表中选择要删除的记录。")
            return
        if not confirm(self, f"确定删除对“{case.person_name}”的责任追究记录吗？"):
            return
        case_id = case.id
        try:
            delete_checked(
                self, lambda v: self.module.accountability.delete(case_id, v), case.version
            )
        except UserError as error:
            show_error(self, error)
        self.refresh()

    # --- shared ------------------------------------------------------------------------------
    @staticmethod
    def _selected(view: QTableView, model: RecordTableModel[Record]) -> Record | None:
        rows = view.selectionModel().selectedRows()
        return model.record(rows[0].row()) if rows else None
