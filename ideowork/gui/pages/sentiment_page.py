"""舆情台账: the cases of a period, filtered and sorted in SQL, shown through a lazy table.

The page holds only the ids of the filtered cases; rows are fetched a page at a time, so a
ledger of 100 000 cases opens and filters as fast as one of a hundred.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.vocab import CaseStatus, Channel, LabelledEnum, Severity
from ideowork.gui.models.lazy_table import LazyColumn, LazyTableModel, attach_view
from ideowork.gui.pages.common import STATUS_COLOURS, PeriodPicker, setup_table
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import (
    DEFAULT_SORT,
    CaseQuery,
    CaseView,
    FilteredStats,
)

CASE_COLUMNS: list[LazyColumn[CaseView]] = [
    LazyColumn("编号", lambda c: c.case_no, sort_key="case_no"),
    LazyColumn("渠道", lambda c: c.channel.label, sort_key="channel"),
    LazyColumn("受理日期", lambda c: f"{c.received_on:%Y-%m-%d}", sort_key="received_on"),
    LazyColumn("事项", lambda c: c.title, sort_key="title"),
    LazyColumn("严重程度", lambda c: c.severity.label, sort_key="severity"),
    LazyColumn("承办股室", lambda c: c.office_name, sort_key="office"),
    LazyColumn(
        "办理时限", lambda c: f"{c.deadline:%Y-%m-%d}" if c.deadline else "", sort_key="deadline"
    ),
    LazyColumn(
        "状态",
        lambda c: c.status.label + ("（逾期）" if c.overdue else ""),
        colour=lambda c: STATUS_COLOURS["red"] if c.overdue else None,
        sort_key="status",
    ),
    LazyColumn(
        "回访满意度",
        lambda c: c.satisfaction.label if c.satisfaction else "未回访",
        sort_key="satisfaction",
    ),
]
# Typing in the search box waits this long for the next key before querying.
SEARCH_DELAY_MS = 250


def _choice_combo(label: str, choices: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(label, None)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def _enum_choices(enum: type[LabelledEnum]) -> list[tuple[str, object]]:
    return [(member.label, member) for member in enum]


class SentimentPage(QWidget):
    title = "舆情台账"
    shows = frozenset({"sentiment_case", "office"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        sentiment = services.sentiment
        self.picker = PeriodPicker(
            sentiment.years(), services.today().year, parent=self, allow_all=True
        )
        self.channel = _choice_combo("全部渠道", _enum_choices(Channel))
        self.status = _choice_combo("全部状态", _enum_choices(CaseStatus))
        self.severity = _choice_combo("全部程度", _enum_choices(Severity))
        self.office = _choice_combo("全部股室", [])
        self.overdue = QCheckBox("只看逾期")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索事项、内容、办理结果、编号")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.filtered = QLabel()
        self._counts_asked = 0
        self.counts_operation: Operation[FilteredStats] | None = None

        self.model: LazyTableModel[CaseView] = LazyTableModel(
            CASE_COLUMNS, sentiment.cases_by_ids, self._sorted_ids, parent=self
        )
        self.model.set_sort_state(DEFAULT_SORT)
        self.view = QTableView(self)
        setup_table(self.view)
        attach_view(self.view, self.model)

        filters = QHBoxLayout()
        filters.addWidget(self.picker)
        for widget in (self.channel, self.status, self.severity, self.office, self.overdue):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.stats)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.filtered)

        self.picker.changed.connect(self.refresh)
        for combo in (self.channel, self.status, self.severity, self.office):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.overdue.toggled.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_filters)
        self.refresh()

    # --- the query -------------------------------------------------------------------------
    def query(self) -> CaseQuery:
        return CaseQuery(
            period=self.picker.chosen_period(),
            channel=self.channel.currentData(),
            status=self.status.currentData(),
            severity=self.severity.currentData(),
            office_id=self.office.currentData(),
            overdue_only=self.overdue.isChecked(),
            text=self.search.text().strip(),
        )

    def _sorted_ids(self, key: str, descending: bool) -> list[int]:
        return self.services.sentiment.case_ids(self.query(), (key, descending))

    # --- refreshing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload what the page shows: the offices to filter by, the period's figures, rows."""
        self._fill_offices()
        period = self.picker.chosen_period()
        if period is None:
            self.stats.setText("全部年份：统计见下方筛选结果。")
            self.apply_filters()
            return
        stats = self.services.sentiment.stats(period)
        channels = (
            "，".join(f"{name} {count}件" for name, count in stats.by_channel.items()) or "无"
        )
        rate = "—" if stats.satisfaction_rate is None else f"{stats.satisfaction_rate:.0%}"
        self.stats.setText(
            f"{stats.label}：共受理 {stats.total} 件（{channels}）；已办理 {stats.handled} 件，"
            f"逾期 {stats.overdue} 件；回访 {stats.revisited} 件，满意率 {rate}；"
            f"向上报告 {stats.reported_upward} 件。"
        )
        self.apply_filters()

    def apply_filters(self) -> Operation[FilteredStats]:
        """Re-query the ids for the filters, keeping the sort the user chose.

        The rows show at once; the counts of the filtered set (a scan of every matching case)
        follow from the background worker, so a filter change never waits for them."""
        self._search_timer.stop()
        query = self.query()
        sort = self.model.sort_state() or DEFAULT_SORT
        self.model.set_ids(self.services.sentiment.case_ids(query, sort))
        self.filtered.setText(f"筛选结果：{self.model.rowCount()} 件；统计中…")
        self._counts_asked += 1
        asked = self._counts_asked

        def show(counts: FilteredStats) -> None:
            if asked != self._counts_asked:
                return  # the filters changed again meanwhile
            rate = "—" if counts.satisfaction_rate is None else f"{counts.satisfaction_rate:.0%}"
            self.filtered.setText(
                f"筛选结果：{counts.total} 件；已办理 {counts.handled} 件，"
                f"逾期 {counts.overdue} 件，回访 {counts.revisited} 件，满意率 {rate}。"
            )

        self.counts_operation = run_in_background(
            self,
            lambda _progress: self.services.sentiment.query_stats(query),
            show,
            progress_delay_ms=-1,  # quiet: no dialog for a figure in the status line
        )
        return self.counts_operation

    def _fill_offices(self) -> None:
        chosen = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        self.office.addItem("全部股室", None)
        for office in self.services.unit.list_offices():
            self.office.addItem(office.name, office.id)
        self.office.setCurrentIndex(max(0, self.office.findData(chosen)))
        self.office.blockSignals(False)
