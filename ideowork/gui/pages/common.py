"""Small widgets shared by pages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QWidget

from ideowork.domain.periods import Period

STATUS_COLOURS = {"green": "#dff3e3", "amber": "#fff4d6", "red": "#fde2e1"}


def year_combo(years: list[int], this_year: int, parent: QWidget | None = None) -> QComboBox:
    """Years with data plus this year and the next (planning happens in December)."""
    choices = sorted(set(years) | {this_year, this_year + 1})
    combo = QComboBox(parent)
    for year in choices:
        combo.addItem(f"{year}年", year)
    combo.setCurrentIndex(combo.findData(max(years) if years else this_year))
    return combo


def setup_table(view: QTableView, stretch: tuple[int, ...] = ()) -> None:
    """Columns sized to their contents; the `stretch` columns (else the last) take the rest."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(not stretch)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)


PERIOD_PARTS = (
    ("全年", ""),
    ("上半年", "H1"),
    ("下半年", "H2"),
    ("第一季度", "Q1"),
    ("第二季度", "Q2"),
    ("第三季度", "Q3"),
    ("第四季度", "Q4"),
)


class PeriodPicker(QWidget):
    """A year and a part of it (全年, 上半年 … 第四季度); emits `changed` on either."""

    changed = Signal()

    def __init__(
        self,
        years: list[int],
        this_year: int,
        part: str = "",
        parent: QWidget | None = None,
        *,
        allow_all: bool = False,
    ) -> None:
        super().__init__(parent)
        self.year = year_combo(years, this_year, self)
        if allow_all:  # a ledger is searched across all its years (a case number, a name)
            self.year.insertItem(0, "全部年份", None)
        self.part = QComboBox(self)
        for label, suffix in PERIOD_PARTS:
            self.part.addItem(label, suffix)
        self.part.setCurrentIndex(max(0, self.part.findData(part)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("期间："))
        layout.addWidget(self.year)
        layout.addWidget(self.part)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.part.currentIndexChanged.connect(self.changed)

    def _year_changed(self) -> None:
        self.part.setEnabled(self.year.currentData() is not None)
        self.changed.emit()

    def all_years(self) -> bool:
        return self.year.currentData() is None

    def period(self) -> Period:
        """The chosen period; with 全部年份 chosen, the latest year (see `chosen_period`)."""
        year = self.year.currentData()
        if year is None:
            year = self.year.itemData(self.year.count() - 1)
        return Period.parse(f"{year}{self.part.currentData()}")

    def chosen_period(self) -> Period | None:
        """The chosen period, or None for 全部年份."""
        return None if self.all_years() else self.period()
