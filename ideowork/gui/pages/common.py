"""Small widgets shared by pages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget

STATUS_COLOURS = {"green": "#dff3e3", "amber": "#fff4d6", "red": "#fde2e1"}


def year_combo(years: list[int], parent: QWidget | None = None) -> QComboBox:
    """Years with data plus this year and the next (planning happens in December)."""
    this_year = dt.date.today().year
    choices = sorted(set(years) | {this_year, this_year + 1})
    combo = QComboBox(parent)
    for year in choices:
        combo.addItem(f"{year}年", year)
    combo.setCurrentIndex(combo.findData(max(years) if years else this_year))
    return combo


def setup_table(view: QTableView) -> None:
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
