"""Pieces every editing dialog shares: the red message line and the 保存/取消 buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

ERROR_COLOUR = "#b3261e"


def error_label() -> QLabel:
    """Where a dialog says, in place, why its input cannot be saved."""
    label = QLabel()
    label.setStyleSheet(f"color: {ERROR_COLOUR}")
    label.setWordWrap(True)
    return label


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
