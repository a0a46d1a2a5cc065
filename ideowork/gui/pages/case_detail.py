"""The detail pane of the 舆情台账: one case's fields, its history, and the actions it allows.

Personal data (反映人, 联系电话) is masked until the user ticks 显示个人信息 for this case.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.privacy import mask_name, mask_phone
from ideowork.domain.vocab import CaseAction
from ideowork.gui.pages.common import STATUS_COLOURS
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel
from ideowork.services.ledgers.cases import CaseDetail

# The action buttons, in workflow order; 修改 and 打印 are always there.
ACTION_BUTTONS = (
    CaseAction.ASSIGN,
    CaseAction.START,
    CaseAction.CLOSE,
    CaseAction.REVISIT,
    CaseAction.REPORT,
    CaseAction.REOPEN,
)


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def status_text(case: CaseDetail) -> str:
    if case.overdue:
        return f"{case.status.label}（逾期）"
    if case.due_soon:
        return f"{case.status.label}（即将到期）"
    return case.status.label


def detail_html(case: CaseDetail, personal: bool) -> str:
    """The case as a small HTML sheet (escaped: every text comes from users)."""
    reporter = case.reporter if personal else mask_name(case.reporter)
    phone = case.phone if personal else mask_phone(case.phone)
    received = _day(case.received_on) + (
        f" {case.received_time:%H:%M}" if case.received_time else ""
    )
    colour = STATUS_COLOURS["red"] if case.overdue else None
    colour = colour or (STATUS_COLOURS["amber"] if case.due_soon else None)
    rows = [
        ("编号", case.case_no or "—"),
        ("渠道", case.channel_label),
        ("受理时间", received),
        ("分类", case.category_label or "未分类"),
        ("严重程度", case.severity.label),
        ("状态", status_text(case)),
        ("反映人", reporter or "—"),
        ("联系电话", phone or "—"),
        ("链接或来源", case.link or "—"),
        ("承办", "、".join(n for n in (case.office_name, case.handler_name) if n) or "未交办"),
        ("交办日期", _day(case.assigned_on)),
        ("首次答复时限", _day(case.reply_deadline)),
        ("办理时限", _day(case.deadline)),
        ("办结日期", _day(case.closed_on)),
        ("办理结果", case.result or "—"),
        (
            "回访",
            f"{_day(case.revisited_on)} {case.satisfaction.label}"
            + (f"：{case.revisit_result}" if case.revisit_result else "")
            if case.satisfaction
            else "未回访",
        ),
        (
            "上报",
            f"{_day(case.reported_on)} 已向{case.reported_to}报告"
            if case.reported_upward
            else "未上报",
        ),
    ]
    body = "".join(
        f"<tr><td style='color:#666;padding-right:8px;white-space:nowrap' valign='top'>{key}</td>"
        + (
            f"<td style='background:{colour}'>{html.escape(value)}</td>"
            if key == "状态" and colour
            else f"<td>{html.escape(value)}</td>"
        )
        + "</tr>"
        for key, value in rows
    )
    content = html.escape(case.content).replace("\n", "<br>") if case.content else "—"
    return (
        f"<h3>{html.escape(case.title)}</h3><table cellspacing='2'>{body}</table>"
        f"<p style='color:#666'>具体内容</p><p>{content}</p>"
    )


class CaseDetailPane(QWidget):
    """Shows one case; emits `action_requested` for the buttons (the page runs them)."""

    action_requested = Signal(object)  # a CaseAction
    edit_requested = Signal()
    print_requested = Signal()
    delete_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, evidence: AttachmentsPanel | None = None
    ) -> None:
        super().__init__(parent)
        self.case: CaseDetail | None = None
        # 佐证材料 (the reply form's scan, photos): beside the history, in a tab of its own.
        self.evidence = evidence
        self.sheet = QTextBrowser()
        self.sheet.setOpenLinks(False)
        self.personal = QCheckBox("显示个人信息")
        self.personal.setToolTip("反映人姓名和联系电话默认隐去部分字符")
        self.personal.toggled.connect(self._render)
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(["时间", "操作", "说明", "操作人"])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setWordWrap(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.buttons: dict[CaseAction, QPushButton] = {}
        grid = QGridLayout()
        for index, action in enumerate(ACTION_BUTTONS):
            button = QPushButton(action.label + ("…" if action is not CaseAction.START else ""))
            button.clicked.connect(lambda _=False, a=action: self.action_requested.emit(a))
            self.buttons[action] = button
            grid.addWidget(button, index // 3, index % 3)
        self.edit_button = QPushButton("修改…")
        self.print_button = QPushButton("打印处置单…")
        self.delete_button = QPushButton("删除")
        self.edit_button.clicked.connect(self.edit_requested)
        self.print_button.clicked.connect(self.print_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        for column, button in enumerate((self.edit_button, self.print_button, self.delete_button)):
            grid.addWidget(button, 2, column)
        self.placeholder = QLabel("在左侧台账中选择一件事项，这里显示它的详情和办理经过。")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.sheet, 3)
        layout.addWidget(self.personal)
        self.below = QTabWidget()
        self.below.addTab(self.history, "办理经过")
        if evidence is not None:
            self.below.addTab(evidence, "佐证材料")
            evidence.changed.connect(self._count_files)
        layout.addWidget(self.below, 2)
        layout.addLayout(grid)
        self.show_case(None)

    def show_case(self, case: CaseDetail | None) -> None:
        keep_personal = case is not None and self.case is not None and case.id == self.case.id
        self.case = case
        if not keep_personal:
            self.personal.blockSignals(True)
            self.personal.setChecked(False)
            self.personal.blockSignals(False)
        self.placeholder.setVisible(case is None)
        for widget in (self.sheet, self.personal, self.below):
            widget.setVisible(case is not None)
        if self.evidence is not None:
            self.evidence.set_record(case.id if case else None)
        allowed = set(case.actions) if case else set()
        for action, button in self.buttons.items():
            button.setEnabled(action in allowed)
        for button in (self.edit_button, self.print_button, self.delete_button):
            button.setEnabled(case is not None)
        self._render()

    def _count_files(self) -> None:
        count = len(self.evidence.attachments) if self.evidence is not None else 0
        self.below.setTabText(1, f"佐证材料（{count}）" if count else "佐证材料")

    def _render(self) -> None:
        case = self.case
        if case is None:
            self.sheet.clear()
            self.history.setRowCount(0)
            return
        self.sheet.setHtml(detail_html(case, self.personal.isChecked()))
        self.history.setRowCount(len(case.events))
        for row, event in enumerate(case.events):
            who = event.actor + (f"@{event.workstation}" if event.workstation else "")
            # A step known only by its day (derived from the ledger's dates) shows no 00:00.
            when = f"{event.at:%Y-%m-%d}" + (f" {event.at:%H:%M}" if event.at.time() else "")
            cells = (when, event.action.label, event.note, who)
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.resizeRowsToContents()
