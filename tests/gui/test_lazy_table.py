"""The lazy, id-based table model over a fake ledger of 100 000 records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork.gui.models.lazy_table import (
    MISSING_COLOUR,
    LazyColumn,
    LazyTableModel,
    attach_view,
)
from ideowork.gui.pages.common import setup_table

N = 100_000
PAGE = 200
ID, NAME, AMOUNT = range(3)


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    amount: int


def amount_of(record_id: int) -> int:
    return record_id * 7919 % 1000  # scrambled, with ties


class FakeLedger:
    """Stands in for a service: records are built from their id on demand, never stored."""

    def __init__(self, size: int = N) -> None:
        self.size = size
        self.deleted: set[int] = set()
        self.renamed: dict[int, str] = {}
        self.fetched: list[list[int]] = []
        self.sorts: list[tuple[str, bool]] = []
        self.where: int | None = None  # a "filter": only ids divisible by it

    def record(self, record_id: int) -> Row:
        name = self.renamed.get(record_id, f"row {record_id}")
        return Row(record_id, name, amount_of(record_id))

    def fetch(self, ids: Sequence[int]) -> list[Row]:
        self.fetched.append(list(ids))
        # Reversed, like an unordered `WHERE id IN (...)`: the model must re-order them.
        return [
            self.record(i) for i in reversed(ids) if 0 <= i < self.size and i not in self.deleted
        ]

    def query(self, key: str = "id", descending: bool = False) -> list[int]:
        ids = [
            i
            for i in range(self.size)
            if i not in self.deleted and (self.where is None or i % self.where == 0)
        ]
        if key == "amount":
            ids.sort(key=lambda i: (amount_of(i), i), reverse=descending)
        else:
            ids.sort(reverse=descending)
        return ids

    def sorter(self, key: str, descending: bool) -> list[int]:
        self.sorts.append((key, descending))
        return self.query(key, descending)


COLUMNS: list[LazyColumn[Row]] = [
    LazyColumn("编号", lambda r: str(r.id), sort_key="id"),
    LazyColumn("名称", lambda r: r.name),  # not sortable
    LazyColumn(
        "金额",
        lambda r: str(r.amount),
        colour=lambda r: "#fde2e1" if r.amount >= 990 else None,
        align_right=True,
        sort_key="amount",
    ),
]


@pytest.fixture
def ledger() -> FakeLedger:
    return FakeLedger()


@pytest.fixture
def model(ledger: FakeLedger) -> LazyTableModel[Row]:
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter)
    model.set_ids(ledger.query())
    return model


@pytest.fixture
def view(qtbot: QtBot, model: LazyTableModel[Row]) -> Iterator[QTableView]:
    view = QTableView()
    qtbot.addWidget(view)
    setup_table(view)  # as the pages do: ResizeToContents columns
    attach_view(view, model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    settle()
    yield view


def settle() -> None:
    """Let the view lay out and paint (painting is what fetches)."""
    QApplication.processEvents()
    QApplication.processEvents()


def text(model: LazyTableModel[Row], row: int, column: int) -> str:
    value = model.data(model.index(row, column))
    assert isinstance(value, str)
    return value


def click_header(view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QtBot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle()


def visible_rows(view: QTableView) -> range:
    top = view.rowAt(0)
    bottom = view.rowAt(view.viewport().height() - 1)
    return range(top, (bottom if bottom >= 0 else view.model().rowCount() - 1) + 1)


def test_showing_fetches_only_the_first_page(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    assert model.rowCount() == N
    assert 1 <= model.fetch_count <= 2
    assert all(len(ids) <= PAGE for ids in ledger.fetched)
    assert ledger.fetched[0] == list(range(PAGE))
    assert text(model, 0, ID) == "0" and text(model, 0, NAME) == "row 0"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "金额"
    assert model.headerData(41, Qt.Orientation.Vertical) == "42"


def test_scrolling_to_the_bottom_fetches_only_the_last_pages(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    before = model.fetch_count
    view.scrollToBottom()
    settle()
    assert 1 <= model.fetch_count - before <= 2
    assert all(min(ids) >= N - 2 * PAGE for ids in ledger.fetched[before:])
    assert N - 1 in visible_rows(view)
    assert text(model, N - 1, NAME) == f"row {N - 1}"


def test_data_fetches_at_most_the_page_of_the_row(
    model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    assert model.fetch_count == 0  # nothing happens before something is shown or asked for
    assert text(model, 12_345, ID) == "12345"
    assert ledger.fetched == [list(range(12_200, 12_400))]
    for row in range(12_200, 12_400):
        model.data(model.index(row, NAME))
        model.data(model.index(row, AMOUNT), Qt.ItemDataRole.BackgroundRole)
    assert model.fetch_count == 1
    # Roles that are never answered do not fetch.
    model.data(model.index(50_000, NAME), Qt.ItemDataRole.DecorationRole)
    assert model.data(model.index(50_000, AMOUNT), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.fetch_count == 1


def test_look_matches_the_record_table(model: LazyTableModel[Row]) -> None:
    red = next(i for i in range(N) if amount_of(i) >= 990)
    brush = model.data(model.index(red, AMOUNT), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#fde2e1"
    assert model.data(model.index(0, AMOUNT), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, NAME), Qt.ItemDataRole.ToolTipRole) == "row 0"
    assert model.data(model.index(0, NAME), Qt.ItemDataRole.TextAlignmentRole) is None


def test_memory_stays_bounded_while_scrolling_through_everything(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    for row in range(0, N, PAGE):
        view.scrollTo(model.index(row, 0), QTableView.ScrollHint.PositionAtTop)
        settle()
        assert model.cached_pages <= model.max_pages
    view.scrollToBottom()
    settle()
    assert model.cached_records <= model.max_pages * model.page_size
    assert N - 1 in visible_rows(view)
    # Each page was fetched about once, a page at a time.
    assert N // PAGE <= model.fetch_count <= N // PAGE + 5
    assert all(len(ids) <= PAGE for ids in ledger.fetched)
    # The LRU kept the latest pages: the bottom is still cached, the top is not.
    before = model.fetch_count
    model.data(model.index(N - 1, ID))
    assert model.fetch_count == before
    model.data(model.index(0, ID))
    assert model.fetch_count == before + 1


def test_sorting_via_the_header_asks_the_sorter_and_keeps_the_selection(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    assert ledger.sorts == []  # enabling sorting did not re-query
    assert model.sort_state() is None
    assert view.horizontalHeader().sortIndicatorSection() == -1
    view.selectRow(5)
    click_header(view, AMOUNT)
    assert len(ledger.sorts) == 1
    key, descending = ledger.sorts[0]
    assert key == "amount"
    assert model.sort_state() == ("amount", descending)
    expected = ledger.query("amount", descending)
    assert [model.row_id(row) for row in range(10)] == expected[:10]
    assert text(model, 0, AMOUNT) == str(amount_of(expected[0]))
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == AMOUNT
    assert (header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder) == descending
    # The selection followed record 5 to its new row.
    selected = view.selectionModel().selectedRows()
    assert [model.row_id(index.row()) for index in selected] == [5]
    assert model.row_of(5) == expected.index(5)

    click_header(view, AMOUNT)  # again: the other way round
    assert ledger.sorts[-1] == ("amount", not descending)
    assert [model.row_id(row) for row in range(10)] == ledger.query("amount", not descending)[:10]
    assert model.sort_state() == ("amount", not descending)

    click_header(view, ID)
    assert ledger.sorts[-1][0] == "id"
    assert len(ledger.sorts) == 3


def test_unsortable_columns_ignore_clicks(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    ids = model.ids()
    click_header(view, NAME)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    model.sort(99, Qt.SortOrder.AscendingOrder)
    model.sort(-1, Qt.SortOrder.AscendingOrder)
    assert ledger.sorts == [("amount", True)]
    assert model.ids() == ids
    assert model.sort_state() == ("amount", True)
    # The indicator went back to the column the rows are really sorted by.
    assert view.horizontalHeader().sortIndicatorSection() == AMOUNT
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_model_without_sorter_never_sorts(ledger: FakeLedger) -> None:
    model = LazyTableModel(COLUMNS, ledger.fetch)
    model.set_ids(range(10))
    model.sort(ID, Qt.SortOrder.DescendingOrder)
    assert model.ids() == tuple(range(10)) and model.sort_state() is None
    assert not model.is_sortable(ID)


def test_set_ids_after_a_filter_keeps_the_sort(
    qtbot: QtBot, view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    click_header(view, AMOUNT)
    state = model.sort_state()
    assert state is not None
    ledger.where = 7
    with qtbot.waitSignal(model.modelReset):
        model.set_ids(ledger.query(*state))
    settle()
    assert model.rowCount() == len(range(0, N, 7))
    assert model.sort_state() == state
    assert view.horizontalHeader().sortIndicatorSection() == AMOUNT
    assert all(model.row_id(row) % 7 == 0 for row in visible_rows(view))
    assert model.row_of(7) is not None and model.row_of(8) is None
    assert len(ledger.sorts) == 1  # set_ids itself does not query


def test_sorter_returning_other_rows_resets_the_model(
    qtbot: QtBot, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    ledger.deleted.add(3)  # deleted meanwhile: the sorter no longer returns it
    with qtbot.waitSignal(model.modelReset):
        model.sort(ID, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == N - 1
    assert model.row_of(3) is None and model.row_id(0) == N - 1


def test_invalidate_refetches_only_the_changed_visible_rows(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    ledger.fetched.clear()
    before = model.fetch_count
    ledger.renamed[3] = "renamed 3"
    ledger.renamed[4] = "renamed 4"
    ledger.renamed[90_000] = "renamed far away"
    model.invalidate([3, 4, 90_000])
    settle()
    # Only the two visible changed ids were asked for, in one query; 90 000 was not cached.
    assert ledger.fetched == [[3, 4]]
    assert model.fetch_count == before + 1
    assert text(model, 3, NAME) == "renamed 3"
    assert text(model, 5, NAME) == "row 5"
    model.invalidate([])
    model.invalidate([95_000])
    settle()
    assert model.fetch_count == before + 1
    # Everything: only what is on screen comes back.
    model.invalidate()
    settle()
    assert 1 <= model.fetch_count - before - 1 <= 2
    assert text(model, 90_000, NAME) == "renamed far away"


def test_missing_records_render_as_empty_grey_rows(
    view: QTableView, model: LazyTableModel[Row], ledger: FakeLedger
) -> None:
    ledger.deleted.update({2, 3})
    model.invalidate([2, 3])
    settle()
    assert model.record(2) is None and model.record(4) == ledger.record(4)
    assert text(model, 2, ID) == "" and text(model, 3, NAME) == ""
    brush = model.data(model.index(3, AMOUNT), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == MISSING_COLOUR
    assert model.data(model.index(3, NAME), Qt.ItemDataRole.ToolTipRole) is None
    # Ids that never existed are the same.
    model.set_ids([1, 10**9, 4])
    settle()
    assert [text(model, row, ID) for row in range(3)] == ["1", "", "4"]
    assert model.record(99) is None and model.record(-1) is None


def test_row_lookup(model: LazyTableModel[Row]) -> None:
    model.set_ids([30, 10, 20])
    assert [model.row_id(row) for row in range(3)] == [30, 10, 20]
    assert model.row_of(20) == 2 and model.row_of(99) is None
    model.set_ids([20, 30])
    assert model.row_of(20) == 0 and model.row_of(10) is None
    assert model.fetch_count == 0  # looking up rows never fetches


def test_lru_limit_and_page_size_are_respected(ledger: FakeLedger) -> None:
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter, page_size=10, max_pages=3)
    model.set_ids(range(100))
    for row in range(100):
        model.data(model.index(row, ID))
    assert model.fetch_count == 10 and model.cached_pages == 3 and model.cached_records == 30
    with pytest.raises(ValueError):
        LazyTableModel(COLUMNS, ledger.fetch, page_size=0)


def test_qtmodeltester(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    # Small: the tester walks every index after every change.
    ledger = FakeLedger(size=1_000)
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter, page_size=50, max_pages=4)
    qtmodeltester.check(model)  # empty
    model.set_ids(ledger.query())
    model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)  # layout change
    model.sort(ID, Qt.SortOrder.AscendingOrder)
    ledger.where = 3
    model.set_ids(ledger.query("id"))
    model.invalidate([0, 3, 999])
    model.invalidate()
    ledger.deleted.add(6)
    model.invalidate([6])
    model.sort(AMOUNT, Qt.SortOrder.AscendingOrder)  # reset: 6 is gone
    model.set_ids([])
    assert model.rowCount() == 0
    assert not model.index(0, 0).isValid()
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(QModelIndex()) == 3


def test_qtmodeltester_with_rows_in_a_view(
    qtbot: QtBot, qtmodeltester: ModelTester, ledger: FakeLedger
) -> None:
    ledger.size = 600
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter)
    model.set_ids(ledger.query())
    qtmodeltester.check(model)
    view = QTableView()
    qtbot.addWidget(view)
    attach_view(view, model)
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(10)
    click_header(view, AMOUNT)
    click_header(view, NAME)
    assert len(ledger.sorts) == 1


def test_a_hidden_view_is_fitted_when_first_shown_and_reads_nothing_before(
    qtbot: QtBot, ledger: FakeLedger
) -> None:
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter)
    view = QTableView()
    qtbot.addWidget(view)
    setup_table(view)
    attach_view(view, model)
    model.set_ids(ledger.query())
    model.set_ids(ledger.query())  # a second filter while hidden: still one fit to come
    settle()
    assert ledger.fetched == []  # a tab not shown costs no fetch and no measuring
    header = view.horizontalHeader()
    before = [header.sectionSize(c) for c in range(2)]  # the last one stretches
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    settle()
    after = [header.sectionSize(c) for c in range(2)]
    assert after != before  # fitted to the rows on show
    fitted_rows = {i for ids in ledger.fetched for i in ids}
    assert len(fitted_rows) <= PAGE  # measured on the first page only
    assert header.resizeContentsPrecision() == PAGE  # the resize sampling is left as it was
    view.hide()
    model.set_ids(ledger.query()[::-1])
    view.show()
    settle()
    assert [header.sectionSize(c) for c in range(2)] == after  # fitted once, then the user's


def test_a_visible_view_is_fitted_at_once(qtbot: QtBot, ledger: FakeLedger) -> None:
    model = LazyTableModel(COLUMNS, ledger.fetch, ledger.sorter)
    view = QTableView()
    qtbot.addWidget(view)
    setup_table(view)
    attach_view(view, model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    header = view.horizontalHeader()
    before = [header.sectionSize(c) for c in range(2)]
    model.set_ids(ledger.query())
    assert [header.sectionSize(c) for c in range(2)] != before
