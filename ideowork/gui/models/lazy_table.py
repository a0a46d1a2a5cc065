"""A read-only, id-based table model for big ledgers: rows are fetched a page at a time.

The model holds only the ids of the filtered, sorted rows. Records are fetched on demand, one
page of ids per query (`fetch` runs `WHERE id IN (...)`), and kept in a small LRU of pages so
memory stays flat however far the user scrolls. Sorting is delegated to SQL: `sort()` asks the
page's `sorter` for the new id order instead of sorting records in Python.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from ideowork.gui.models.record_table import Column, header_data


class HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=HasId)
Index = QModelIndex | QPersistentModelIndex

Fetch = Callable[[Sequence[int]], Iterable[R]]
"""Records for the given ids, in any order; ids that no longer exist are simply left out."""

Sorter = Callable[[str, bool], Sequence[int]]
"""(sort key, descending) -> the ids of the current filter in that order."""

DEFAULT_PAGE_SIZE = 200
FIT_SAMPLE_ROWS = 50  # rows measured to fit the columns' widths
DEFAULT_MAX_PAGES = 50
MISSING_COLOUR = "#eeeeee"  # a record deleted since the ids were queried
MAX_FITTED_WIDTH = 360  # px: a column fitted to its contents is at most this wide


@dataclass(frozen=True)
class LazyColumn(Column[R]):
    # The ORDER BY name the page's sorter understands; None = not sortable.
    sort_key: str | None = None


@dataclass
class _Page(Generic[R]):
    records: dict[int, R]
    # Invalidated ids: re-fetched (all at once) the next time a row of theirs is asked for.
    stale: set[int] = field(default_factory=set)


class LazyTableModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        columns: Sequence[LazyColumn[R]],
        fetch: Fetch[R],
        sorter: Sorter | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        if page_size < 1 or max_pages < 1:
            raise ValueError("page_size and max_pages must be positive")
        self._columns = list(columns)
        self._fetch = fetch
        self._sorter = sorter
        self._page_size = page_size
        self._max_pages = max_pages
        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, _Page[R]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self._sort: tuple[str, bool] | None = None
        self.fetch_count = 0  # how many times `fetch` was called (tests, benchmarks)

    # --- row set --------------------------------------------------------------------------

    def set_ids(self, ids: Iterable[int]) -> None:
        """Replace the rows, e.g. after a filter change.

        The ids should already be in `sort_state()` order (query with it), so the header's sort
        indicator stays true. Ids must be unique.
        """
        self.beginResetModel()
        self._replace_ids(array("q", ids))
        self.endResetModel()

    def ids(self) -> tuple[int, ...]:
        """A copy of the row ids, in row order."""
        return tuple(self._ids)

    def sort_state(self) -> tuple[str, bool] | None:
        """(sort key, descending) of the last sort, or None if never sorted."""
        return self._sort

    def set_sort_state(self, state: tuple[str, bool] | None) -> None:
        """Record how the ids passed to `set_ids` are ordered, without querying."""
        self._sort = state

    def sort_column(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the header indicator should show for `sort_state()`."""
        if self._sort is None:
            return None
        key, descending = self._sort
        for column, spec in enumerate(self._columns):
            if spec.sort_key == key:
                order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
                return column, order
        return None

    def is_sortable(self, column: int) -> bool:
        return (
            self._sorter is not None
            and 0 <= column < len(self._columns)
            and self._columns[column].sort_key is not None
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query the ids in the column's order; unsortable columns are ignored."""
        if self._sorter is None or not self.is_sortable(column):
            return
        key = self._columns[column].sort_key
        assert key is not None  # is_sortable checked it
        state = (key, order == Qt.SortOrder.DescendingOrder)
        if state == self._sort:
            # Already in this order (e.g. QTableView.setSortingEnabled re-applying it).
            return
        new_ids = array("q", self._sorter(*state))
        self._sort = state
        if len(new_ids) != len(self._ids):
            # Rows came or went since the last query: a layout change cannot express that.
            self.set_ids(new_ids)
            return
        # Same number of rows, new order: a layout change keeps the scroll position, and the
        # selection stays on the same records (a record gone meanwhile loses its selection).
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self._ids[index.row()] for index in persistent]
        self._replace_ids(new_ids)
        if persistent:  # the id → row map costs 100 000 entries: only built when needed
            row_of = self._row_map()
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(row_of[old_id], index.column())
                    if old_id in row_of
                    else QModelIndex()
                    for old_id, index in zip(old_ids, persistent, strict=True)
                ],
            )
        self.layoutChanged.emit()

    def _replace_ids(self, ids: array[int]) -> None:
        self._ids = ids
        self._pages.clear()  # pages are by row position, which has changed
        self._row_of = None

    # --- records --------------------------------------------------------------------------

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int | None:
        return self._row_map().get(record_id)

    def record(self, row: int) -> R | None:
        """The record at `row` (fetching its page if needed); None if it no longer exists."""
        if not 0 <= row < len(self._ids):
            return None
        return self._page(row // self._page_size).records.get(self._ids[row])

    def invalidate(self, ids: Iterable[int] | None = None) -> None:
        """Forget cached records (all, or these ids) so they are re-fetched on next paint."""
        if ids is None:
            self._pages.clear()
            if self._ids and self._columns:
                bottom_right = self.index(len(self._ids) - 1, len(self._columns) - 1)
                self.dataChanged.emit(self.index(0, 0), bottom_right)
            return
        wanted = set(ids)
        if not wanted or not self._columns:
            return
        # Only cached pages matter: an uncached row is fetched fresh anyway, and a view can
        # only be showing rows whose page it has just asked for.
        for page_no, page in self._pages.items():
            start = page_no * self._page_size
            stop = min(start + self._page_size, len(self._ids))
            rows = [row for row in range(start, stop) if self._ids[row] in wanted]
            page.stale.update(self._ids[row] for row in rows)
            for first, last in _runs(rows):
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, len(self._columns) - 1)
                )

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def max_pages(self) -> int:
        return self._max_pages

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    @property
    def cached_records(self) -> int:
        return sum(len(page.records) for page in self._pages.values())

    def _row_map(self) -> dict[int, int]:
        # Built only when asked: 100 000 entries are not free and most pages never need it.
        if self._row_of is None:
            self._row_of = {record_id: row for row, record_id in enumerate(self._ids)}
        return self._row_of

    def _page(self, page_no: int) -> _Page[R]:
        page = self._pages.get(page_no)
        if page is None:
            start = page_no * self._page_size
            page_ids = self._ids[start : start + self._page_size]
            page = _Page(self._fetch_records(page_ids))
            self._pages[page_no] = page
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
            if page.stale:
                stale = sorted(page.stale)
                fresh = self._fetch_records(stale)
                for record_id in stale:
                    page.records.pop(record_id, None)
                page.records.update(fresh)
                page.stale.clear()
        return page

    def _fetch_records(self, ids: Sequence[int]) -> dict[int, R]:
        self.fetch_count += 1
        wanted = set(ids)
        # The source may return them in any order (and extras we did not ask for).
        return {record.id: record for record in self._fetch(list(ids)) if record.id in wanted}

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._columns[index.column()].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            return None  # don't fetch a page for roles we never answer
        record, column = self.record(index.row()), self._columns[index.column()]
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(MISSING_COLOUR))
            return None
        return column.cell(record, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(self._columns, len(self._ids), section, orientation, role)


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows: one dataChanged per run."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def enable_sorting(view: QTableView, model: LazyTableModel[Any]) -> None:
    """Turn on header sorting for a view over `model`, keeping the indicator truthful.

    The indicator starts on the model's current sort (or none), so enabling sorting does not
    re-query; a click on an unsortable column puts it back where it was.
    """
    header = view.horizontalHeader()

    def show_model_sort() -> None:
        current = model.sort_column()
        # Blocked so that restoring the indicator does not ask the model to sort again.
        blocked = header.blockSignals(True)
        if current is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(*current)
        header.blockSignals(blocked)
        header.viewport().update()

    def after_click(column: int, _order: Qt.SortOrder) -> None:
        if not model.is_sortable(column):
            show_model_sort()

    show_model_sort()
    view.setSortingEnabled(True)
    # Connected after setSortingEnabled, so it runs after the view has called model.sort().
    header.sortIndicatorChanged.connect(after_click)


class _FitWhenShown(QObject):
    """Runs `fit` once, when `view` is first shown (a filter on that one view only)."""

    def __init__(self, view: QTableView, fit: Callable[[], None]) -> None:
        super().__init__(view)
        self._fit = fit
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self.deleteLater()
            self._fit()
        return False


def attach_view(view: QTableView, model: LazyTableModel[Any], *, sortable: bool = True) -> None:
    """Show `model` in `view` so that painting stays lazy.

    A ResizeToContents header samples 1000 rows per resize by default (five pages, re-done on
    every sort and invalidate); capping it at one page keeps that to the rows around the screen.
    Never use 0 ("visible rows only"): Qt then samples *every* row while the view is hidden.
    """
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(model.page_size)
    view.verticalHeader().setResizeContentsPrecision(model.page_size)
    view.setModel(model)
    # Columns are fitted to the first rows once, then left to the user: re-measuring on every
    # sort and filter would fetch and measure a page of rows each time.
    stretch = [
        column
        for column in range(header.count())
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
    ]
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    fitted = waiting = False

    def fit_once() -> None:
        nonlocal fitted, waiting
        if fitted or not model.rowCount():
            return
        if not view.isVisible():  # a tab not shown yet: fitted when it is first shown
            if not waiting:
                waiting = True
                _FitWhenShown(view, shown)
            return
        # The widths are taken from the first rows, two screens' worth: each row sampled is
        # fetched and measured column by column (200 rows of 20 columns took 0.3 s).
        header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        view.resizeColumnsToContents()
        header.setResizeContentsPrecision(model.page_size)
        for column in range(header.count()):  # long texts are elided, not scrolled to
            if header.sectionSize(column) > MAX_FITTED_WIDTH:
                header.resizeSection(column, MAX_FITTED_WIDTH)
        fitted = True

    def shown() -> None:
        nonlocal waiting
        waiting = False
        fit_once()

    model.modelReset.connect(fit_once)
    fit_once()
    if sortable:
        enable_sorting(view, model)
