"""Date boxes offer 2000–2100 only, and keep a narrower range a dialog gave them."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QDateEdit
from pytestqt.qtbot import QtBot

from ideowork.gui.widgets.date_range import EARLIEST, LATEST, install_date_range


def test_a_date_box_is_narrowed_when_shown(qtbot: QtBot, qapp: QApplication) -> None:
    install_date_range(qapp)
    install_date_range(qapp)  # once only
    wide, narrowed = QDateEdit(), QDateEdit()
    narrowed.setMinimumDate(QDate(2020, 7, 12))
    for edit in (wide, narrowed):
        qtbot.addWidget(edit)
        edit.show()
    assert (wide.minimumDate(), wide.maximumDate()) == (EARLIEST, LATEST)
    assert (narrowed.minimumDate(), narrowed.maximumDate()) == (QDate(2020, 7, 12), LATEST)
    wide.setDate(QDate(9999, 1, 1))
    assert wide.date() == LATEST
