"""Record or edit one study session or meeting, with its attendance (ui/session_dialog.ui).

The attendance list is the unit's people who belonged on the session's day; everyone is ticked
present, an absentee gets a reason. Changing the date re-reads who belonged then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.vocab import SessionStatus
from ideowork.gui.dialogs.case_dialog import fill_choices
from ideowork.gui.dialogs.common import ERROR_COLOUR, pydate, pytime, qdate, qtime
from ideowork.gui.dialogs.conflict_dialog import (
    ConflictForm,
    Outcome,
    describe,
    resolve_conflict,
)
from ideowork.gui.forms.ui_session_dialog import Ui_SessionDialog
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel
from ideowork.services.choices import ABSENCE_REASONS, STUDY_KINDS
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.ledgers.sessions import AttendanceMark, SessionDetail, SessionDraft

INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR}"
FIELD_WIDGETS = {
    "topic": "topic",
    "hours": "hours",
    "end_time": "endTime",
    "status": "status",
    "held_on": "heldOn",
    "kind": "kind",
    "host": "host",
}
NAME, PRESENT, REASON = range(3)


class SessionDialog(QDialog):
    def __init__(
        self,
        services: Services,
        draft: SessionDraft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SessionDialog()
        self.ui.setupUi(self)
        self.services = services
        self.draft_in = draft
        self.saved: SessionDetail | None = None
        self.setWindowTitle("修改学习活动" if draft.id else "记录学习活动")
        ui = self.ui
        ui.noTime.toggled.connect(lambda none: self._times_enabled(not none))
        ui.host.addItem("（无）", None)
        for person in services.unit.list_people():
            if person.active or person.id == draft.host_id:
                ui.host.addItem(person.name, person.id)
        for status in SessionStatus:
            ui.status.addItem(status.label, status)
        ui.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.reasons = [c.label for c in services.choices.entries(ABSENCE_REASONS, True)]
        table = ui.attendance
        table.setHorizontalHeaderLabels(["姓名", "出席", "缺席原因"])
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(
            PRESENT, QHeaderView.ResizeMode.ResizeToContents
        )
        table.horizontalHeader().setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.load(draft)
        table.itemChanged.connect(lambda _item: self._update_count())
        ui.heldOn.dateChanged.connect(lambda _d: self._date_changed())
        ui.allPresent.clicked.connect(self.all_present)
        ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        # 佐证材料: the session's sign-in sheet, photos and record (saved as they are added).
        self.evidence = AttachmentsPanel(services, "study_session", draft.id)
        evidence_box = QGroupBox("佐证材料（签到表、照片、记录）")
        QVBoxLayout(evidence_box).addWidget(self.evidence)
        evidence_box.setMaximumHeight(250)
        ui.dialogLayout.insertWidget(1, evidence_box)
        self.resize(self.width(), max(self.height(), 860))

    def load(self, draft: SessionDraft) -> None:
        """Put `draft` into the form; a save then edits from its version (after a conflict,
        重新载入 puts the saved session here)."""
        ui = self.ui
        self.draft_in = draft
        ui.heldOn.blockSignals(True)
        ui.heldOn.setDate(qdate(draft.held_on))
        ui.heldOn.blockSignals(False)
        ui.noTime.setChecked(draft.start_time is None)
        ui.startTime.setTime(qtime(draft.start_time or dt.time(9, 0)))
        ui.endTime.setTime(qtime(draft.end_time or dt.time(10, 30)))
        self._times_enabled(not ui.noTime.isChecked())
        fill_choices(ui.kind, self.services.choices.entries(STUDY_KINDS), draft.kind)
        ui.meetingName.setText(draft.meeting_name)
        ui.topic.setPlainText(draft.topic)
        ui.ideology.setChecked(draft.ideology_related)
        ui.countsTowardQuota.setChecked(draft.counts_toward_quota)
        ui.host.setCurrentIndex(max(0, ui.host.findData(draft.host_id)))
        ui.lecturer.setText(draft.lecturer)
        ui.location.setText(draft.location)
        ui.hours.setValue(float(draft.hours))
        ui.status.setCurrentIndex(ui.status.findData(draft.status))
        ui.materials.setText(draft.materials)
        ui.note.setText(draft.note)
        self._load_attendance(draft.held_on, {m.person_id: m for m in draft.attendance or ()})

    def _conflict_form(self) -> ConflictForm[SessionDraft]:
        session_id = self.draft_in.id
        assert session_id is not None  # only an edit can conflict
        people = {p.id: p.name for p in self.services.unit.list_people()}
        kinds = {c.code: c.label for c in self.services.choices.entries(STUDY_KINDS)}

        def attendance(marks: tuple[AttendanceMark, ...] | None) -> str:
            absent = [people.get(m.person_id, "") for m in marks or () if not m.present]
            return f"缺席{len(absent)}人" + (f"：{'、'.join(absent)}" if absent else "")

        fields = [
            ("held_on", "日期"),
            ("start_time", "开始时间"),
            ("end_time", "结束时间"),
            ("kind", "类别"),
            ("meeting_name", "会议名称"),
            ("topic", "主题"),
            ("host_id", "主持人"),
            ("lecturer", "主讲人"),
            ("location", "地点"),
            ("hours", "学时"),
            ("status", "状态"),
            ("note", "备注"),
            ("attendance", "出勤"),
        ]
        return ConflictForm(
            self.draft,
            lambda: self.services.sessions.detail(session_id).draft,
            self.load,
            lambda draft: describe(
                draft,
                fields,
                {
                    "host_id": lambda pid: people.get(pid, "（无）"),
                    "kind": lambda code: kinds.get(code, code),
                    "status": lambda status: status.label,
                    "attendance": attendance,
                },
            ),
        )

    def _times_enabled(self, enabled: bool) -> None:
        self.ui.startTime.setEnabled(enabled)
        self.ui.endTime.setEnabled(enabled)

    # --- attendance -------------------------------------------------------------------------
    def _load_attendance(self, day: dt.date, marks: dict[int, AttendanceMark]) -> None:
        table = self.ui.attendance
        table.blockSignals(True)
        people = self.services.sessions.roster(day)
        known = {p.person_id for p in people}
        # Someone recorded on the list but no longer on the day's roster stays visible.
        extra = [m for pid, m in marks.items() if pid not in known]
        table.setRowCount(len(people) + len(extra))
        names = {p.id: p.name for p in self.services.unit.list_people() if p.id is not None}
        rows = [(p.person_id, p.name + (f"（{p.post}）" if p.post else "")) for p in people]
        rows += [(m.person_id, names.get(m.person_id, f"编号{m.person_id}")) for m in extra]
        for row, (person_id, name) in enumerate(rows):
            mark = marks.get(person_id)
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, NAME, item)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            present = mark.present if mark else True
            check.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
            table.setItem(row, PRESENT, check)
            reason = QComboBox()
            reason.setEditable(True)
            reason.addItems(["", *self.reasons])
            reason.setCurrentText(mark.reason if mark and not mark.present else "")
            table.setCellWidget(row, REASON, reason)
        table.blockSignals(False)
        self._update_count()

    def _date_changed(self) -> None:
        """A new date: the list is who belonged then, keeping the marks of those still on it."""
        marks = {m.person_id: m for m in self.attendance()}
        self._load_attendance(pydate(self.ui.heldOn.date()), marks)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.ui.attendance.item(row, column)
        assert item is not None  # every cell is filled by _load_attendance
        return item

    def attendance(self) -> tuple[AttendanceMark, ...]:
        table = self.ui.attendance
        marks = []
        for row in range(table.rowCount()):
            person_id = int(self._item(row, NAME).data(Qt.ItemDataRole.UserRole))
            present = self._item(row, PRESENT).checkState() == Qt.CheckState.Checked
            combo = table.cellWidget(row, REASON)
            reason = combo.currentText().strip() if isinstance(combo, QComboBox) else ""
            marks.append(AttendanceMark(person_id, present, "" if present else reason))
        return tuple(marks)

    def set_present(self, person_id: int, present: bool, reason: str = "") -> None:
        table = self.ui.attendance
        for row in range(table.rowCount()):
            if self._item(row, NAME).data(Qt.ItemDataRole.UserRole) == person_id:
                state = Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
                self._item(row, PRESENT).setCheckState(state)
                combo = table.cellWidget(row, REASON)
                if isinstance(combo, QComboBox):
                    combo.setCurrentText(reason)
                return
        raise KeyError(person_id)

    def all_present(self) -> None:
        for row in range(self.ui.attendance.rowCount()):
            self._item(row, PRESENT).setCheckState(Qt.CheckState.Checked)

    def _update_count(self) -> None:
        marks = self.attendance()
        present = sum(1 for m in marks if m.present)
        self.ui.attendanceCount.setText(
            f"应到{len(marks)}人，实到{present}人，缺席{len(marks) - present}人"
        )

    # --- saving -----------------------------------------------------------------------------
    def draft(self) -> SessionDraft:
        ui = self.ui
        timed = not ui.noTime.isChecked()
        return replace(
            self.draft_in,
            held_on=pydate(ui.heldOn.date()),
            start_time=pytime(ui.startTime.time()) if timed else None,
            end_time=pytime(ui.endTime.time()) if timed else None,
            kind=str(ui.kind.currentData() or ""),
            meeting_name=ui.meetingName.text(),
            topic=ui.topic.toPlainText(),
            ideology_related=ui.ideology.isChecked(),
            counts_toward_quota=ui.countsTowardQuota.isChecked(),
            host_id=ui.host.currentData(),
            lecturer=ui.lecturer.text(),
            location=ui.location.text(),
            hours=Decimal(str(round(ui.hours.value(), 1))),
            status=SessionStatus(ui.status.currentData()),
            materials=ui.materials.text(),
            note=ui.note.text(),
            attendance=self.attendance(),
        )

    def save(self) -> None:
        for name in FIELD_WIDGETS.values():
            getattr(self.ui, name).setStyleSheet("")
        try:
            self.saved = self.services.sessions.save(self.draft())
        except ValidationError as error:
            self.ui.message.setText(str(error))
            widget = FIELD_WIDGETS.get(error.field or "")
            if widget:
                getattr(self.ui, widget).setStyleSheet(INVALID_STYLE)
            return
        except EditConflict as conflict:
            if resolve_conflict(self, conflict, self._conflict_form()) is Outcome.DISCARDED:
                self.reject()
            return
        except UserError as error:
            self.ui.message.setText(str(error))
            return
        self.accept()
