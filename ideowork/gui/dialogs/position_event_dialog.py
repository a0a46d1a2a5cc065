"""Register or edit a 报告会、研讨会、讲座、论坛 or 培训: topic, speaker and their unit, date,
place, audience, the office that organised it, and its 党委审批 and 宣传部备案 — the form says
at once when the dates break the rule (held before either)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.positions import check_event
from ideowork.gui.dialogs.common import (
    ERROR_COLOUR,
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
from ideowork.gui.dialogs.position_fields import count_box, count_of, id_combo, select
from ideowork.services.positions.events import EventInfo, EventService
from ideowork.services.unit import OfficeInfo

RULE = "按规定，报告会、研讨会、讲座论坛须事先经党委审批、报宣传部备案后方可举办。"


class EventDialog(QDialog):
    def __init__(
        self,
        service: EventService,
        kinds: list[tuple[str, str]],
        offices: list[OfficeInfo],
        event: EventInfo,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改活动" if event.id else "登记报告会、讲座等活动")
        self.resize(600, 560)
        self._service = service
        self._event = event
        self._today = today
        self.saved: EventInfo | None = None

        kind_items = [(label, code) for code, label in kinds]
        if event.kind and all(code != event.kind for code, _ in kinds):
            kind_items.append((event.kind_label or event.kind, event.kind))
        self.kind = id_combo(kind_items, event.kind or None, "（请选择）")
        self.topic = QLineEdit(event.topic)
        self.topic.setPlaceholderText("活动主题或报告题目")
        self.speaker = QLineEdit(event.speaker)
        self.speaker_unit = QLineEdit(event.speaker_unit)
        self.speaker_unit.setPlaceholderText("报告人所在单位，如：县委党校")
        self.held_on = QDateEdit(qdate(event.held_on))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.place = QLineEdit(event.place)
        self.audience = count_box(event.audience, " 人")
        self.office = id_combo([(o.name, o.id) for o in offices], event.office_id, "（未指定）")
        self.approved_on = OptionalDate("未审批", event.approved_on)
        self.approved_by = QLineEdit(event.approved_by)
        self.approved_by.setPlaceholderText("如：镇党委会议、党委书记")
        self.filed_on = OptionalDate("未备案", event.filed_on)
        self.note = QPlainTextEdit(event.note)
        self.note.setMaximumHeight(70)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("类型：", self.kind)
        form.addRow("主题：", self.topic)
        form.addRow("报告人：", self.speaker)
        form.addRow("报告人单位：", self.speaker_unit)
        form.addRow("举办日期：", self.held_on)
        form.addRow("地点：", self.place)
        form.addRow("参加人数：", self.audience)
        form.addRow("组织股室：", self.office)
        form.addRow("党委审批日期：", self.approved_on)
        form.addRow("审批人（会议）：", self.approved_by)
        form.addRow("宣传部备案日期：", self.filed_on)
        form.addRow("备注：", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(RULE))
        layout.addLayout(form)
        layout.addWidget(self.rule)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

        for edit in (self.held_on, self.approved_on.edit, self.filed_on.edit):
            edit.dateChanged.connect(self.show_rule)
        for box in (self.approved_on.none, self.filed_on.none):
            box.toggled.connect(self.show_rule)
        self.show_rule()

    def show_rule(self) -> None:
        """What the rule says of the dates as entered (red: a breach; grey: still to do)."""
        check = check_event(
            pydate(self.held_on.date()), self.approved_on.date(), self.filed_on.date(), self._today
        )
        if check.flagged:
            self.rule.setStyleSheet(f"color: {ERROR_COLOUR}")
            self.rule.setText(f"未按规定：{check.text}。保存后本活动在台账中标出。")
        elif check.pending:
            self.rule.setStyleSheet("color: #8a6d00")
            self.rule.setText(f"提醒：{check.text}（活动尚未举办）。")
        else:
            self.rule.setStyleSheet("color: #2e7d32")
            self.rule.setText("符合规定：事先经党委审批并已报宣传部备案。")

    def entered(self) -> EventInfo:
        return replace(
            self._event,
            kind=self.kind.currentData() or "",
            topic=self.topic.text(),
            speaker=self.speaker.text(),
            speaker_unit=self.speaker_unit.text(),
            held_on=pydate(self.held_on.date()),
            place=self.place.text(),
            audience=count_of(self.audience),
            office_id=self.office.currentData(),
            approved_on=self.approved_on.date(),
            approved_by=self.approved_by.text(),
            filed_on=self.filed_on.date(),
            note=self.note.toPlainText(),
        )

    def load(self, event: EventInfo) -> None:
        self._event = event
        select(self.kind, event.kind)
        self.topic.setText(event.topic)
        self.speaker.setText(event.speaker)
        self.speaker_unit.setText(event.speaker_unit)
        self.held_on.setDate(qdate(event.held_on))
        self.place.setText(event.place)
        self.audience.setValue(-1 if event.audience is None else event.audience)
        select(self.office, event.office_id)
        self.approved_on.set_date(event.approved_on)
        self.approved_by.setText(event.approved_by)
        self.filed_on.set_date(event.filed_on)
        self.note.setPlainText(event.note)
        self.message.clear()
        self.show_rule()

    def save(self) -> None:
        entered = self.entered()
        if not entered.kind:
            self.message.setText("请选择活动类型（报告会、研讨会、讲座、论坛或培训）。")
            return

        def store() -> None:
            self.saved = self._service.save(entered)

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[EventInfo]:
        def reload() -> EventInfo:
            assert self._event.id is not None
            return self._service.get(self._event.id)

        def kind_text(code: object) -> str:
            index = self.kind.findData(code)
            return self.kind.itemText(index) if index > 0 else EMPTY

        def office_text(office_id: object) -> str:
            index = self.office.findData(office_id)
            return self.office.itemText(index) if index > 0 else EMPTY

        fields = [
            ("kind", "类型"),
            ("topic", "主题"),
            ("speaker", "报告人"),
            ("speaker_unit", "报告人单位"),
            ("held_on", "举办日期"),
            ("place", "地点"),
            ("audience", "参加人数"),
            ("office_id", "组织股室"),
            ("approved_on", "党委审批日期"),
            ("approved_by", "审批人"),
            ("filed_on", "宣传部备案日期"),
            ("note", "备注"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda event: describe(event, fields, {"kind": kind_text, "office_id": office_text}),
        )
