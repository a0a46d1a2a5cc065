"""研判整改: a period's findings (问题、措施、责任股室), and earlier ones not yet put right."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.dialogs.finding_dialog import FindingDialog
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, PeriodPicker, setup_table
from ideowork.gui.restrictions import restrict
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel, ask_files_of
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo


def _status_colour(finding: FindingInfo) -> str:
    if finding.overdue:
        return STATUS_COLOURS["red"]
    return STATUS_COLOURS["green" if finding.status is FindingStatus.CLOSED else "amber"]


def _status_text(finding: FindingInfo) -> str:
    """整改中（逾期） once the rectification date (the end of the next period) has passed."""
    return finding.status.label + ("（逾期）" if finding.overdue else "")


FINDING_COLUMNS: list[Column[FindingInfo]] = [
    Column("问题", lambda f: f.problem_title or f.problem),
    Column("整改措施", lambda f: f.measure_title or f.measure),
    Column("责任股室", lambda f: f.office_name),
    Column("状态", _status_text, colour=_status_colour),
]
CARRIED_COLUMNS: list[Column[FindingInfo]] = [Column("期间", lambda f: f.period), *FINDING_COLUMNS]


class FindingsPage(QWidget):
    title = "研判整改"
    shows = frozenset({"finding", "office"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.findings = services.findings
        # Open on the latest period with findings (the demo's 2020Q3), else the quarter just over.
        latest = self.findings.latest_period() or Period.quarter_before(services.today())
        self.picker = PeriodPicker([latest.year], services.today().year, str(latest)[4:], self)
        self.summary = QLabel()
        self.model: RecordTableModel[FindingInfo] = RecordTableModel(FINDING_COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        setup_table(self.view, stretch=(0, 1))
        self.view.setWordWrap(True)
        self.carried_model: RecordTableModel[FindingInfo] = RecordTableModel(CARRIED_COLUMNS, self)
        self.carried_view = QTableView(self)
        self.carried_view.setModel(self.carried_model)
        setup_table(self.carried_view, stretch=(1, 2))
        self.carried_box = QGroupBox()
        QVBoxLayout(self.carried_box).addWidget(self.carried_view)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("修改")
        self.delete_button = QPushButton("删除")
        self.close_button = QPushButton("标记已整改")
        for button in (self.add_button, self.edit_button, self.delete_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            QLabel("本期分析研判发现的问题和整改措施（公文中的“薄弱环节”和“措施”取自这里）：")
        )
        layout.addWidget(self.view, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.carried_box, 1)

        self.picker.changed.connect(self.refresh)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.view.doubleClicked.connect(lambda _: self.edit(self.selected()))
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.toggle_closed)
        restrict(
            self.services,
            "findings",
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.close_button,
        )
        self.refresh()

    def refresh(self) -> None:
        period = self.picker.period()
        findings = self.findings.in_period(period)
        self.model.set_records(findings)
        carried = self.findings.open_before(period)
        self.carried_model.set_records(carried)
        self.carried_box.setTitle(f"以前各期尚未整改到位的问题（{len(carried)}）")
        open_count = sum(1 for f in findings if f.status is FindingStatus.OPEN)
        self.summary.setText(f"  {period.label}：{len(findings)}条，整改中{open_count}条。")

    def reveal(self, target: Any) -> None:
        """Show a finding another page names (工作台): its period, it selected."""
        if target.period:
            period = Period.parse(target.period)
            year = self.picker.year
            if year.findData(period.year) < 0:
                year.addItem(f"{period.year}年", period.year)
            for combo, value in ((year, period.year), (self.picker.part, str(period)[4:])):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(value)))
                combo.blockSignals(False)
            self.refresh()
        records = self.model.records
        row = next((i for i, f in enumerate(records) if f.id == target.record_id), None)
        if row is not None:
            self.view.selectRow(row)

    def selected(self) -> FindingInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def dialog(self, finding: FindingInfo | None) -> FindingDialog:
        blank = FindingInfo(id=None, period=str(self.picker.period()))
        offices = self.services.unit.list_offices()
        evidence = AttachmentsPanel(self.services, "finding", finding.id if finding else None)
        return FindingDialog(self.findings, offices, finding or blank, self, evidence=evidence)

    def edit(self, finding: FindingInfo | None) -> None:
        if self.dialog(finding).exec():
            self.refresh()

    def delete(self) -> None:
        finding = self.selected()
        if finding is None or finding.id is None:
            show_error(self, "请先在列表中选择要删除的问题。")
            return
        if confirm(self, f"确定删除“{finding.problem_title or finding.measure_title}”吗？"):
            finding_id = finding.id
            files = ask_files_of(self, self.services, "finding", finding_id)
            if files is None:
                return
            try:
                delete_checked(self, lambda v: self.findings.delete(finding_id, v), finding.version)
                files.settle()
            except UserError as error:
                show_error(self, error)
            self.refresh()

    def toggle_closed(self) -> None:
        finding = self.selected()
        if finding is None:
            show_error(self, "请先在列表中选择问题。")
            return
        closed = finding.status is FindingStatus.CLOSED
        status = FindingStatus.OPEN if closed else FindingStatus.CLOSED
        try:
            self.findings.save(replace(finding, status=status, closed_on=None))
        except UserError as error:
            show_error(self, error)
        self.refresh()
