"""Every date box offers only the years the app works with (2000–2100).

Qt's date boxes run from 1752 to 9999, so a slip of the wheel gives 2202 or 1020, which the
services then refuse. One application-wide filter narrows each box when Qt first polishes it,
whichever dialog or form made it; a box that a dialog narrowed further (a case's dates not
before its receipt) keeps its own limits.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import QApplication, QDateEdit

from ideowork.domain.validation import MAX_YEAR, MIN_YEAR

EARLIEST, LATEST = QDate(MIN_YEAR, 1, 1), QDate(MAX_YEAR, 12, 31)


def narrow(edit: QDateEdit) -> None:
    """Tighten the box's range to EARLIEST..LATEST, keeping any narrower limit it has."""
    edit.setDateRange(max(edit.minimumDate(), EARLIEST), min(edit.maximumDate(), LATEST))


class DateRangeFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, QDateEdit):
            narrow(watched)
        return False


def install_date_range(app: QApplication) -> None:
    """Once per application (a second call does nothing)."""
    if app.property("ideowork.dateRange"):
        return
    date_filter = DateRangeFilter(app)  # parented to the app: lives as long as it
    app.installEventFilter(date_filter)
    app.setProperty("ideowork.dateRange", True)
