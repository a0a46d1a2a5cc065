"""Pieces every editing dialog shares: the red message line and the 保存/取消 buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

ERROR_COLOUR = "#b3261e"


def error_label() -> QLabel:
    """Where a dialog says, in place, why its input cannot be saved."""
    label = QLabel()
    label.setStyleSheet(f"color: {ERROR_COLOUR}")
    label.setWordWrap(True)
    return label


def password_field(placeholder: str) -> QLineEdit:
    """A field whose typing is not shown; the placeholder says what goes in (and names it for
    screen readers)."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(placeholder)
    return field


def save_cancel_buttons(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """保存 runs `save` (which accepts the dialog when it succeeds); 取消 closes it."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def qtime(moment: dt.time) -> QTime:
    return QTime(moment.hour, moment.minute)


def pytime(moment: QTime) -> dt.time:
    return dt.time(moment.hour(), moment.minute())


class OptionalDate(QWidget):
    """A date that may be unknown or not apply: a date box and a "none" tick beside it."""

    def __init__(self, none_text: str, day: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(qdate(day or dt.date.today()))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.none = QCheckBox(none_text)
        self.none.setChecked(day is None)
        self.edit.setEnabled(day is not None)
        self.none.toggled.connect(lambda checked: self.edit.setEnabled(not checked))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.none)
        layout.addStretch(1)

    def date(self) -> dt.date | None:
        return None if self.none.isChecked() else pydate(self.edit.date())

    def set_date(self, day: dt.date | None) -> None:
        self.none.setChecked(day is None)
        if day is not None:
            self.edit.setDate(qdate(day))
