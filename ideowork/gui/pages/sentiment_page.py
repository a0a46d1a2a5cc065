"""舆情台账: register cases and take them through 交办, 处置, 办结, 回访 and 上报; find them by
period, channel, status, severity, office, deadline and text; see the figures and the chart.

The list holds only the ids of the filtered cases (a lazy table: rows fetched a page at a
time), so a ledger of 100 000 cases opens and filters as fast as one of a hundred.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseAction, CaseStatus, Severity
from ideowork.gui.dialogs.case_action_dialog import CaseActionDialog
from ideowork.gui.dialogs.case_dialog import CaseDialog
from ideowork.gui.dialogs.case_import_dialog import CaseImportDialog
from ideowork.gui.dialogs.choices_dialog import ChoicesDialog
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.lazy_table import LazyColumn, LazyTableModel, attach_view
from ideowork.gui.pages.case_detail import CaseDetailPane
from ideowork.gui.pages.common import STATUS_COLOURS, PeriodPicker, setup_table
from ideowork.gui.restrictions import restrict
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel, ask_files_of
from ideowork.gui.widgets.case_chart import CaseChart
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import CaseDetail
from ideowork.services.ledgers.sentiment import (
    DEFAULT_SORT,
    CaseQuery,
    CaseView,
    FilteredStats,
)


def _status_text(case: CaseView) -> str:
    if case.overdue:
        return case.status.label + "（逾期）"
    if case.due_soon:
        return case.status.label + "（即将到期）"
    return case.status.label


def _status_colour(case: CaseView) -> str | None:
    if case.overdue:
        return STATUS_COLOURS["red"]
    return STATUS_COLOURS["amber"] if case.due_soon else None


CASE_COLUMNS: list[LazyColumn[CaseView]] = [
    LazyColumn("编号", lambda c: c.case_no, sort_key="case_no"),
    LazyColumn("渠道", lambda c: c.channel_label, sort_key="channel"),
    LazyColumn("受理日期", lambda c: f"{c.received_on:%Y-%m-%d}", sort_key="received_on"),
    LazyColumn("事项", lambda c: c.title, sort_key="title"),
    LazyColumn("分类", lambda c: c.category_label, sort_key="category"),
    LazyColumn("程度", lambda c: c.severity.label, sort_key="severity"),
    LazyColumn("承办股室", lambda c: c.office_name, sort_key="office"),
    LazyColumn(
        "办理时限", lambda c: f"{c.deadline:%Y-%m-%d}" if c.deadline else "", sort_key="deadline"
    ),
    LazyColumn("状态", _status_text, colour=_status_colour, sort_key="status"),
    LazyColumn(
        "回访", lambda c: c.satisfaction.label if c.satisfaction else "", sort_key="satisfaction"
    ),
]
# Typing in the search box waits this long for the next key before querying.
SEARCH_DELAY_MS = 250
STATISTICS_TAB = 1
DEADLINE_FILTERS = (("全部期限", ""), ("已逾期", "overdue"), ("三日内到期", "due_soon"))


def _combo(label: str, choices: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(label, None)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


class SentimentPage(QWidget):
    title = "舆情台账"
    shows = frozenset({"sentiment_case", "office", "person", "choice"})
    # Ask the 公文 page to draft a template: (template id, period, subject uid, personal data).
    document_requested = Signal(str, str, str, bool)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        sentiment = services.sentiment
        self.picker = PeriodPicker(
            sentiment.years(), services.today().year, parent=self, allow_all=True
        )
        self.channel = _combo("全部渠道", [])
        self.category = _combo("全部分类", [])
        self.status = _combo("全部状态", [(s.label, s) for s in CaseStatus])
        self.severity = _combo("全部程度", [(s.label, s) for s in Severity])
        self.office = _combo("全部股室", [])
        self.deadline_filter = QComboBox()
        for text, value in DEADLINE_FILTERS:
            self.deadline_filter.addItem(text, value)
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
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)

        self.register_button = QPushButton("登记…")
        self.import_button = QPushButton("导入…")
        self.export_button = QPushButton("导出Excel…")
        self.print_button = QPushButton("打印台账…")
        self.lists_button = QPushButton("渠道和分类…")

        self.model: LazyTableModel[CaseView] = LazyTableModel(
            CASE_COLUMNS, sentiment.cases_by_ids, self._sorted_ids, parent=self
        )
        self.model.set_sort_state(DEFAULT_SORT)
        self.view = QTableView(self)
        setup_table(self.view)
        attach_view(self.view, self.model)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.detail = CaseDetailPane(self, AttachmentsPanel(services, "sentiment_case", None))
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        ledger = QWidget()
        ledger_layout = QVBoxLayout(ledger)
        ledger_layout.setContentsMargins(0, 0, 0, 0)
        ledger_layout.addWidget(splitter, 1)
        ledger_layout.addWidget(self.filtered)

        self.chart = CaseChart()
        self.stat_tables = {
            name: self._stat_table(name)
            for name in ("渠道", "分类", "状态", "严重程度", "承办股室")
        }
        self.rates = QLabel()
        statistics = QWidget()
        tables = QGridLayout()
        for index, (name, table) in enumerate(self.stat_tables.items()):
            box = QGroupBox(f"按{name}")
            QVBoxLayout(box).addWidget(table)
            tables.addWidget(box, 0, index)
        stats_layout = QVBoxLayout(statistics)
        stats_layout.addWidget(self.chart, 3)
        stats_layout.addWidget(self.rates)
        stats_layout.addLayout(tables, 2)
        self.tabs = QTabWidget()
        self.tabs.addTab(ledger, "台账")
        self.tabs.addTab(statistics, "统计")
        self._statistics_stale = True
        self.tabs.currentChanged.connect(
            lambda index: self.show_statistics() if index == STATISTICS_TAB else None
        )

        actions = QHBoxLayout()
        for button in (
            self.register_button,
            self.import_button,
            self.export_button,
            self.print_button,
            self.lists_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        filter_combos = (
            self.channel,
            self.category,
            self.status,
            self.severity,
            self.office,
            self.deadline_filter,
        )
        filters = QHBoxLayout()
        filters.addWidget(self.picker)
        for combo in filter_combos:
            filters.addWidget(combo)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.stats)
        layout.addWidget(self.tabs, 1)

        self.picker.changed.connect(self.refresh)
        for combo in filter_combos:
            combo.currentIndexChanged.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_filters)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.model.modelReset.connect(self.show_selected)
        self.model.layoutChanged.connect(self.show_selected)
        self.register_button.clicked.connect(lambda: self.register_case())
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.import_button.clicked.connect(lambda: self.import_file())
        self.print_button.clicked.connect(self.print_ledger)
        self.lists_button.clicked.connect(self.edit_lists)
        self.detail.action_requested.connect(lambda action: self.take_action(action))
        self.detail.edit_requested.connect(lambda: self.edit_case())
        self.detail.delete_requested.connect(self.delete_case)
        self.detail.print_requested.connect(self.print_case)
        restrict(
            self.services, "sentiment", self.register_button, self.import_button, self.lists_button
        )
        self.refresh()

    @staticmethod
    def _stat_table(name: str) -> QTableWidget:
        table = QTableWidget(0, 2)
        table.setHorizontalHeaderLabels([name, "件数"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # --- the query -------------------------------------------------------------------------
    def query(self) -> CaseQuery:
        deadline = self.deadline_filter.currentData()
        return CaseQuery(
            period=self.picker.chosen_period(),
            channel=self.channel.currentData(),
            category=self.category.currentData(),
            status=self.status.currentData(),
            severity=self.severity.currentData(),
            office_id=self.office.currentData(),
            overdue_only=deadline == "overdue",
            due_soon_only=deadline == "due_soon",
            text=self.search.text().strip(),
        )

    def _sorted_ids(self, key: str, descending: bool) -> list[int]:
        return self.services.sentiment.case_ids(self.query(), (key, descending))

    # --- refreshing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload what the page shows: the lists to filter by, the period's figures, rows."""
        self._fill_filters()
        period = self.picker.chosen_period()
        self._statistics_stale = True
        if period is None:
            self.stats.setText("全部年份：下方为筛选结果的统计；统计页按最近一年显示。")
        else:
            stats = self.services.sentiment.stats(period)
            channels = (
                "，".join(f"{name} {count}件" for name, count in stats.by_channel.items()) or "无"
            )
            self.stats.setText(
                f"{stats.label}：共受理 {stats.total} 件（{channels}）；已办结 {stats.handled} 件，"
                f"逾期 {stats.overdue} 件，按时办结率 {_percent(stats.handled_in_time_rate)}；"
                f"回访 {stats.revisited} 件，满意率 {_percent(stats.satisfaction_rate)}；"
                f"向上报告 {stats.reported_upward} 件。"
            )
        if self.tabs.currentIndex() == STATISTICS_TAB:
            self.show_statistics()
        self.apply_filters()

    def show_statistics(self) -> None:
        """The 统计 tab: drawn when it is shown, not on every change of period or filter."""
        if not self._statistics_stale:
            return
        self._statistics_stale = False
        period = self.picker.period()
        stats = self.services.sentiment.stats(period)
        self.chart.set_data(self.services.sentiment.monthly(period.year))
        figures = {
            "渠道": stats.by_channel,
            "分类": stats.by_category,
            "状态": stats.by_status,
            "严重程度": stats.by_severity,
            "承办股室": stats.by_office,
        }
        for name, counts in figures.items():
            table = self.stat_tables[name]
            table.setRowCount(len(counts))
            for row, (label, count) in enumerate(counts.items()):
                table.setItem(row, 0, QTableWidgetItem(label))
                table.setItem(row, 1, QTableWidgetItem(str(count)))
        self.rates.setText(
            f"{stats.label}：共 {stats.total} 件；按时办结 {stats.handled_in_time}/"
            f"{stats.handled_with_deadline} 件（{_percent(stats.handled_in_time_rate)}）；"
            f"满意 {stats.satisfied}/{stats.revisited} 件（{_percent(stats.satisfaction_rate)}）。"
        )

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
            self.filtered.setText(
                f"筛选结果：{counts.total} 件；已办理 {counts.handled} 件，"
                f"逾期 {counts.overdue} 件，回访 {counts.revisited} 件，"
                f"满意率 {_percent(counts.satisfaction_rate)}。"
            )

        self.counts_operation = run_in_background(
            self,
            lambda _progress: self.services.sentiment.query_stats(query),
            show,
            progress_delay_ms=-1,  # quiet: no dialog for a figure in the status line
        )
        return self.counts_operation

    def _fill_filters(self) -> None:
        choices = self.services.choices
        lists = (
            (self.channel, "全部渠道", [(c.label, c.code) for c in choices.entries(CASE_CHANNELS)]),
            (
                self.category,
                "全部分类",
                [(c.label, c.code) for c in choices.entries(CASE_CATEGORIES)],
            ),
            (
                self.office,
                "全部股室",
                [(o.name, o.id) for o in self.services.unit.list_offices()],
            ),
        )
        for combo, label, entries in lists:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for text, value in entries:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    # --- the selected case -----------------------------------------------------------------
    def selected_id(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_id(index.row())

    def show_selected(self) -> None:
        case_id = self.selected_id()
        self.detail.show_case(None if case_id is None else self.services.cases.detail(case_id))

    def reveal(self, target: Any) -> None:
        """Show a case another page names (工作台): every year, no filters, it selected."""
        controls = (self.picker.year, self.channel, self.category, self.status, self.severity)
        for control in (*controls, self.office, self.deadline_filter, self.search):
            control.blockSignals(True)
        for combo in (*controls, self.office, self.deadline_filter):
            combo.setCurrentIndex(0)  # 全部年份, 全部渠道 …
        self.search.clear()
        for control in (*controls, self.office, self.deadline_filter, self.search):
            control.blockSignals(False)
        self.picker.part.setEnabled(False)
        self.tabs.setCurrentIndex(0)
        self.refresh()
        if target.record_id is not None:
            self.select_case(target.record_id)

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self.show_selected()
        return True

    def _after_change(self, case: CaseDetail) -> None:
        """Reload the list and figures, keep the changed case selected and shown."""
        self.refresh()
        if not self.select_case(case.id):
            self.detail.show_case(case)  # filtered out of the list: still show what was done

    # --- actions ---------------------------------------------------------------------------
    def register_case(self, *, open_dialog: bool = True) -> CaseDialog:
        dialog = CaseDialog(self.services, None, self)
        if open_dialog and dialog.exec() and dialog.saved is not None:
            self.after_register(dialog.saved)
        return dialog

    def after_register(self, case: CaseDetail) -> None:
        self._after_change(case)
        if self.services.cases.asks_to_report(case.severity) and confirm(
            self,
            f"“{case.title}”为重大事项。是否现在登记向上级报告？\n（也可以稍后在详情中点“上报”）",
            "重大舆情",
        ):
            self.take_action(CaseAction.REPORT)

    def edit_case(self, *, open_dialog: bool = True) -> CaseDialog | None:
        case = self.detail.case
        if case is None:
            return None
        dialog = CaseDialog(self.services, case, self)
        if open_dialog and dialog.exec() and dialog.saved is not None:
            self._after_change(dialog.saved)
        return dialog

    def take_action(
        self, action: CaseAction, *, open_dialog: bool = True
    ) -> CaseActionDialog | None:
        case = self.detail.case
        if case is None:
            return None
        if action is CaseAction.START and open_dialog:
            try:
                self._after_change(self.services.cases.start(case.id))
            except Exception as error:  # a stale pane: the case changed elsewhere
                show_error(self, error)
            return None
        dialog = CaseActionDialog(self.services, case, action, self)
        if open_dialog and dialog.exec() and dialog.saved is not None:
            self._after_change(dialog.saved)
        return dialog

    def delete_case(self) -> None:
        case = self.detail.case
        if case is None or not confirm(
            self,
            f"删除“{case.title}”及其办理经过吗？删除后不能恢复（操作记录中保留删除记录）。",
        ):
            return
        case_id = case.id
        # Its 佐证材料: kept (未关联) or deleted with it, once it is really gone.
        files = ask_files_of(self, self.services, "sentiment_case", case_id)
        if files is None:
            return
        try:
            delete_checked(self, lambda v: self.services.cases.delete(case_id, v), case.version)
            files.settle()
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def print_case(self) -> None:
        case = self.detail.case
        if case is not None:
            period = str(Period.quarter_of(case.received_on))
            self.document_requested.emit(
                "case-sheet", period, case.uid, self.detail.personal.isChecked()
            )

    def print_ledger(self) -> None:
        self.document_requested.emit("ledger-sentiment", str(self.picker.period()), "", False)

    def edit_lists(self) -> None:
        ChoicesDialog(self.services, self).exec()
        self.refresh()

    def export_excel(self, path: Path | None = None, with_personal: bool | None = None) -> None:
        period = self.picker.period()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出舆情台账", f"{period.label}舆情台账.xlsx", "Excel 工作簿 (*.xlsx)"
            )
            if not chosen:
                return
            path = Path(chosen)
        if with_personal is None:
            with_personal = confirm(
                self, "导出的台账中是否包含反映人姓名和联系电话？\n（个人信息，默认不导出）"
            )
        target, personal = path, with_personal
        self.operation = run_in_background(
            self,
            lambda _progress: self.services.ledger_excel.export_sentiment(
                period, target, with_personal=personal
            ),
            lambda count: self.filtered.setText(
                f"已导出{period.label}舆情台账（{count}件）到：{target}"
            ),
            label="正在导出…",
        )

    def import_file(self, *, open_dialog: bool = True) -> CaseImportDialog:
        dialog = CaseImportDialog(self.services, self)
        if open_dialog and dialog.exec() and dialog.result_info is not None:
            self.refresh()
            self.filtered.setText(dialog.result_info.summary)
        return dialog
