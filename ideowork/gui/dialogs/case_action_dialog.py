"""One step of a case's workflow — 交办, 开始处置, 办结, 回访, 上报, 重新办理 — in one dialog
(ui/case_action_dialog.ui) that shows the fields the step needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import CaseAction, Satisfaction
from ideowork.gui.dialogs.common import ERROR_COLOUR, pydate, qdate
from ideowork.gui.forms.ui_case_action_dialog import Ui_CaseActionDialog
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import (
    Assignment,
    CaseDetail,
    Closing,
    Revisit,
    UpwardReport,
)


@dataclass(frozen=True)
class Step:
    title: str
    rows: frozenset[str]  # which rows of the form the step shows
    day_label: str = "日期："
    text_label: str = "说明："
    text_hint: str = ""


STEPS: dict[CaseAction, Step] = {
    CaseAction.ASSIGN: Step(
        "交办",
        frozenset({"day", "office", "handler", "replyDeadline", "deadline", "text"}),
        "交办日期：",
        "交办意见：",
        "如：请于时限内核实处理并答复群众，结果报党政办",
    ),
    CaseAction.START: Step(
        "开始处置",
        frozenset({"text"}),
        text_label="处置情况：",
        text_hint="如：已联系反映人，正在核实",
    ),
    CaseAction.CLOSE: Step(
        "办结",
        frozenset({"day", "text"}),
        "办结日期：",
        "办理结果：",
        "答复群众的内容和处理结果，报告和台账引用这段文字",
    ),
    CaseAction.REVISIT: Step(
        "回访",
        frozenset({"day", "satisfaction", "text"}),
        "回访日期：",
        "回访情况：",
        "如：电话回访，群众对办理结果表示认可",
    ),
    CaseAction.REPORT: Step(
        "上报",
        frozenset({"day", "reportedTo", "text"}),
        "报告日期：",
        "报告内容：",
        "如：已将处置情况书面报告",
    ),
    CaseAction.REOPEN: Step(
        "重新办理",
        frozenset({"text"}),
        text_label="原因：",
        text_hint="如：回访不满意，群众反映问题未解决",
    ),
}
ROWS = (
    "day",
    "office",
    "handler",
    "replyDeadline",
    "deadline",
    "satisfaction",
    "reportedTo",
    "text",
)


class CaseActionDialog(QDialog):
    def __init__(
        self,
        services: Services,
        case: CaseDetail,
        action: CaseAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_CaseActionDialog()
        self.ui.setupUi(self)
        self.services, self.case, self.action = services, case, action
        self.saved: CaseDetail | None = None
        step = STEPS[action]
        ui = self.ui
        self.setWindowTitle(f"{step.title}：{case.title}")
        where = f"{case.channel_label} {case.case_no}".strip()
        ui.caseTitle.setText(f"<b>{case.title}</b>　{where}　当前状态：{case.status.label}")
        for row in ROWS:
            visible = row in step.rows
            getattr(ui, row).setVisible(visible)
            getattr(ui, f"{row}Label").setVisible(visible)
        ui.deadlineHint.setVisible("deadline" in step.rows)
        ui.dayLabel.setText(step.day_label)
        ui.textLabel.setText(step.text_label)
        ui.text.setPlaceholderText(step.text_hint)
        today = services.today()
        ui.day.setDate(qdate(today))
        ui.day.setMaximumDate(qdate(today))
        ui.day.setMinimumDate(qdate(case.received_on))
        ui.office.addItem("（请选择）", None)
        for office in services.unit.list_offices():
            ui.office.addItem(office.name, office.id)
        ui.office.setCurrentIndex(max(0, ui.office.findData(case.office_id)))
        ui.handler.addItem("（不指定）", None)
        for person in services.unit.list_people(active_only=True):
            ui.handler.addItem(person.name, person.id)
        ui.handler.setCurrentIndex(max(0, ui.handler.findData(case.handler_id)))
        for satisfaction in Satisfaction:
            ui.satisfaction.addItem(satisfaction.label, satisfaction)
        ui.reportedTo.setText(case.reported_to or self._default_report_to())
        if action is CaseAction.CLOSE and case.result:
            ui.text.setPlainText(case.result)
        ui.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        ok = ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(step.title)
        ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        ui.day.dateChanged.connect(self.suggest_deadlines)
        self.suggest_deadlines()

    def _default_report_to(self) -> str:
        unit = self.services.unit.get_unit()
        return unit.propaganda_dept if unit else ""

    def suggest_deadlines(self) -> None:
        """The channel's and severity's deadlines, counted in working days from the 交办 day."""
        if self.action is not CaseAction.ASSIGN:
            return
        reply, deadline = self.services.cases.suggest_deadlines(
            self.case.channel, self.case.severity, pydate(self.ui.day.date())
        )
        self.ui.replyDeadline.setDate(qdate(reply))
        self.ui.deadline.setDate(qdate(deadline))
        self.ui.deadlineHint.setText(
            f"按{self.case.channel_label}、{self.case.severity.label}事项的时限建议，可修改"
        )

    def _work(self) -> Callable[[], CaseDetail]:
        ui, cases, case_id = self.ui, self.services.cases, self.case.id
        version = self.case.version  # the step is refused if another PC changed the case since
        day, text = pydate(ui.day.date()), ui.text.toPlainText()
        match self.action:
            case CaseAction.ASSIGN:
                assignment = Assignment(
                    office_id=ui.office.currentData(),
                    handler_id=ui.handler.currentData(),
                    assigned_on=day,
                    reply_deadline=pydate(ui.replyDeadline.date()),
                    deadline=pydate(ui.deadline.date()),
                    note=text,
                )
                return lambda: cases.assign(case_id, assignment, version)
            case CaseAction.START:
                return lambda: cases.start(case_id, text, version)
            case CaseAction.CLOSE:
                return lambda: cases.close(case_id, Closing(day, text), version)
            case CaseAction.REVISIT:
                satisfaction = Satisfaction(ui.satisfaction.currentData())
                return lambda: cases.revisit(case_id, Revisit(day, satisfaction, text), version)
            case CaseAction.REPORT:
                report = UpwardReport(ui.reportedTo.text(), day, text)
                return lambda: cases.report(case_id, report, version)
            case CaseAction.REOPEN:
                return lambda: cases.reopen(case_id, text, version)
        raise ValueError(f"no dialog step for {self.action}")

    def save(self) -> None:
        try:
            self.saved = self._work()()
        except UserError as error:
            self.ui.message.setText(str(error))
            return
        self.accept()
