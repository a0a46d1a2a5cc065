"""登记 or edit one 舆情 case (form laid out in ui/case_dialog.ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QWidget

from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.vocab import Severity
from ideowork.gui.dialogs.common import ERROR_COLOUR, pydate, pytime, qdate, qtime
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    Outcome,
    describe,
    resolve_conflict,
)
from ideowork.gui.forms.ui_case_dialog import Ui_CaseDialog
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, ChoiceInfo
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import CaseDetail, CaseDraft

INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR}"
# Which widget a ValidationError's `field` points at.
FIELD_WIDGETS = {
    "title": "title",
    "case_no": "caseNo",
    "phone": "phone",
    "channel": "channel",
    "category": "category",
    "received_on": "receivedOn",
    "date": "receivedOn",
    "content": "content",
    "link": "link",
    "reporter": "reporter",
}


def fill_choices(
    combo: QComboBox, entries: list[ChoiceInfo], current: str, blank: str | None = None
) -> None:
    """The list's active entries (and the current one even if retired since)."""
    combo.clear()
    if blank is not None:
        combo.addItem(blank, "")
    for entry in entries:
        if entry.active or entry.code == current:
            combo.addItem(entry.label + ("" if entry.active else "（已停用）"), entry.code)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class CaseDialog(QDialog):
    def __init__(
        self, services: Services, case: CaseDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_CaseDialog()
        self.ui.setupUi(self)
        self.services = services
        self.case = case
        self.saved: CaseDetail | None = None
        self.setWindowTitle("修改舆情事项" if case else "登记舆情事项")
        draft = case.draft() if case else services.cases.new_draft()
        ui = self.ui
        ui.receivedOn.setMaximumDate(qdate(services.today()))
        ui.noTime.toggled.connect(lambda none: ui.receivedTime.setEnabled(not none))
        for severity in Severity:
            ui.severity.addItem(severity.label, severity)
        self._show(draft)
        ui.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        ui.suggestCaseNo.clicked.connect(self.suggest_case_no)

    def _show(self, draft: CaseDraft) -> None:
        """Put `draft` in the form (when opened, and when reloaded after a conflict)."""
        ui, services = self.ui, self.services
        ui.receivedOn.setDate(qdate(draft.received_on))
        ui.noTime.setChecked(draft.received_time is None)
        if draft.received_time is not None:
            ui.receivedTime.setTime(qtime(draft.received_time))
        ui.receivedTime.setEnabled(draft.received_time is not None)
        fill_choices(ui.channel, services.choices.entries(CASE_CHANNELS), draft.channel)
        fill_choices(
            ui.category, services.choices.entries(CASE_CATEGORIES), draft.category, "（未分类）"
        )
        ui.severity.setCurrentIndex(ui.severity.findData(draft.severity))
        ui.caseNo.setText(draft.case_no)
        ui.link.setText(draft.link)
        ui.reporter.setText(draft.reporter)
        ui.phone.setText(draft.phone)
        ui.title.setText(draft.title)
        ui.content.setPlainText(draft.content)
        ui.note.setText(draft.note)
        ui.message.clear()

    def load(self, case: CaseDetail) -> None:
        """Show `case` as saved, and save from its version from now on."""
        self.case = case
        self._show(case.draft())

    def draft(self) -> CaseDraft:
        ui = self.ui
        return CaseDraft(
            id=self.case.id if self.case else None,
            channel=str(ui.channel.currentData() or ""),
            received_on=pydate(ui.receivedOn.date()),
            received_time=None if ui.noTime.isChecked() else pytime(ui.receivedTime.time()),
            case_no=ui.caseNo.text(),
            link=ui.link.text(),
            reporter=ui.reporter.text(),
            phone=ui.phone.text(),
            title=ui.title.text(),
            content=ui.content.toPlainText(),
            category=str(ui.category.currentData() or ""),
            severity=Severity(ui.severity.currentData()),
            note=ui.note.text(),
            version=self.case.version if self.case else None,
        )

    def suggest_case_no(self) -> None:
        draft = self.draft()
        self.ui.caseNo.setText(
            self.services.cases.suggest_case_no(draft.channel, draft.received_on)
        )

    def save(self) -> None:
        for name in FIELD_WIDGETS.values():
            getattr(self.ui, name).setStyleSheet("")
        try:
            draft = self.draft()
            cases = self.services.cases
            self.saved = cases.edit(draft) if draft.id is not None else cases.register(draft)
        except EditConflict as conflict:
            if resolve_conflict(self, conflict, self._conflict_form()) is Outcome.DISCARDED:
                self.reject()
            return
        except ValidationError as error:
            self.ui.message.setText(str(error))
            widget = FIELD_WIDGETS.get(error.field or "")
            if widget:
                target = getattr(self.ui, widget)
                target.setStyleSheet(INVALID_STYLE)
                target.setFocus()
            return
        except UserError as error:
            self.ui.message.setText(str(error))
            return
        self.accept()

    def _conflict_form(self) -> ConflictForm[CaseDraft]:
        case_id = self.case.id if self.case else 0
        labels = self.services.choices.all_labels()
        fields = [
            ("received_on", "受理日期"),
            ("received_time", "受理时间"),
            ("channel", "受理渠道"),
            ("case_no", "编号"),
            ("title", "标题"),
            ("content", "内容"),
            ("link", "链接"),
            ("reporter", "反映人"),
            ("phone", "联系电话"),
            ("category", "事项分类"),
            ("severity", "等级"),
            ("note", "备注"),
        ]
        show = {
            "channel": lambda code: labels.channels.get(code, code) or EMPTY,
            "category": lambda code: labels.categories.get(code, code) or EMPTY,
        }
        return ConflictForm(
            lambda: self.draft(),
            lambda: self.services.cases.detail(case_id).draft(),
            lambda _draft: self.load(self.services.cases.detail(case_id)),
            lambda draft: describe(draft, fields, show),
        )
