"""Mark a day on the unit's calendar: a day off of its own, or a working day the statutory
calendar does not know; or take a mark away."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import error_label, pydate, qdate, save_cancel_buttons
from ideowork.services.context import Services

KINDS = (("放假（本单位休息日）", "holiday"), ("上班（调休工作日）", "workday"))


class DayMarkDialog(QDialog):
    def __init__(self, services: Services, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记日期")
        self.services = services
        self.day = QDateEdit(qdate(day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        for label, value in KINDS:
            self.kind.addItem(label, value)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：镇庆放假、补班")
        self.statutory = QLabel()
        self.statutory.setWordWrap(True)
        self.clear_button = QPushButton("取消该日的标记")
        self.message = error_label()
        form = QFormLayout()
        form.addRow("日期：", self.day)
        form.addRow("标记为：", self.kind)
        form.addRow("说明：", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.statutory)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))
        self.day.dateChanged.connect(lambda _d: self._describe())
        self.clear_button.clicked.connect(self.clear)
        self._describe()

    def _describe(self) -> None:
        day = pydate(self.day.date())
        mark = self.services.studies.calendar(day.year).mark(day)
        if mark is None:
            self.statutory.setText("该日在法定日历中没有特别安排。")
        else:
            source = "本单位标记" if mark.source == "本单位" else "法定日历"
            self.statutory.setText(f"该日现为：{mark.name}（{source}）。")
            if mark.source == "本单位":
                self.kind.setCurrentIndex(self.kind.findData(mark.kind))
                self.name.setText(mark.name)

    def save(self) -> None:
        try:
            self.services.sessions.mark_day(
                pydate(self.day.date()), str(self.kind.currentData()), self.name.text()
            )
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()

    def clear(self) -> None:
        self.services.sessions.unmark_day(pydate(self.day.date()))
        self.accept()
