"""学习日历: the month calendar (and the year at a glance, and a searchable list) of study
sessions and meetings; record, edit, copy and delete them; the quota dashboard beside it.

The calendar holds one month's sessions at a time and the list only the ids of what matches,
so a unit with 20 000 sessions opens and turns months without a wait.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.periods import Period
from ideowork.domain.quota import QuotaStatus, RuleResult
from ideowork.domain.vocab import SessionStatus
from ideowork.domain.workdays import HOLIDAY
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.dialogs.day_mark_dialog import DayMarkDialog
from ideowork.gui.dialogs.plan_dialog import StudyPlanDialog
from ideowork.gui.dialogs.rules_dialog import RulesDialog
from ideowork.gui.dialogs.session_dialog import SessionDialog
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.lazy_table import LazyColumn, LazyTableModel, attach_view
from ideowork.gui.pages.common import PeriodPicker, setup_table, year_combo
from ideowork.gui.restrictions import restrict
from ideowork.gui.widgets.attachments_panel import ask_files_of
from ideowork.gui.widgets.study_calendar import (
    WEEKDAYS,
    CalendarEntry,
    DayNote,
    MonthCalendar,
    YearOverview,
)
from ideowork.services.choices import STUDY_KINDS
from ideowork.services.context import Services
from ideowork.services.ledgers.sessions import DeletedSession
from ideowork.services.ledgers.studies import (
    DEFAULT_SESSION_SORT,
    SessionQuery,
    SessionView,
)

SESSION_COLUMNS: list[LazyColumn[SessionView]] = [
    LazyColumn("日期", lambda s: f"{s.held_on:%Y-%m-%d}", sort_key="held_on"),
    LazyColumn("类别", lambda s: s.kind_label, sort_key="kind"),
    LazyColumn("会议名称", lambda s: s.meeting_name, sort_key="meeting_name"),
    LazyColumn("内容", lambda s: s.topic, sort_key="topic"),
    LazyColumn(
        "意识形态", lambda s: "是" if s.ideology_related else "", sort_key="ideology_related"
    ),
    LazyColumn("主持", lambda s: s.host_name),
    LazyColumn("主讲", lambda s: s.lecturer),
    LazyColumn("学时", lambda s: f"{s.hours:.1f}", align_right=True, sort_key="hours"),
    LazyColumn("实到", lambda s: str(s.attendee_count), align_right=True),
    LazyColumn("状态", lambda s: s.status.label, sort_key="status"),
]
MONTH_TAB, YEAR_TAB, LIST_TAB = range(3)
DAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the session's date, on the month list's items
SEARCH_DELAY_MS = 250
SIDE_MIN_WIDTH = 340
BAR_STYLE = "QProgressBar::chunk {{ background: {colour}; }}"
BAR_COLOURS = {"green": "#4c9a5f", "amber": "#d9a21b", "red": "#b3261e"}
# What each printout needs: a session (签到表, 会议记录) or a period (台账, 年度计划).
PRINTOUTS = (
    ("sign-in-sheet", "签到表", True),
    ("minutes", "会议记录", True),
    ("ledger-studies", "学习记录台账（本月）", False),
    ("study-plan", "年度理论学习计划", False),
)


def calendar_entry(session: SessionView) -> CalendarEntry:
    return CalendarEntry(
        id=session.id,
        kind=session.kind,
        kind_label=session.kind_label,
        title=session.topic or session.meeting_name,
        status=session.status.value,
        ideology=session.ideology_related,
        time=f"{session.start_time:%H:%M}" if session.start_time else "",
    )


class RuleRow(QWidget):
    """One rule on the dashboard: its progress bar, colour, and what is owed in words."""

    def __init__(self, result: RuleResult, depth: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        nested = depth and not result.name.startswith("其中")
        name = QLabel(("　其中：" if nested else "　" * depth) + result.name)
        name.setStyleSheet("font-weight: bold" if depth == 0 else "")
        self.bar = QProgressBar()
        self.bar.setRange(0, max(1, result.required))
        self.bar.setValue(min(result.done, result.required))
        self.bar.setFormat(f"{result.done}/{result.required}")
        self.bar.setMaximumHeight(16)
        self.bar.setStyleSheet(BAR_STYLE.format(colour=BAR_COLOURS[result.status.value]))
        current = result.current
        owed_now = ""
        if current is not None and current.owed and current.end is not None:
            owed_now = (
                f"本期（{current.label}）尚欠{current.owed}次，"
                f"{current.end.month}月{current.end.day}日前完成。"
            )
        self.reason = QLabel(f"{result.status.label}：{result.reason}。{owed_now}")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(name)
        layout.addWidget(self.bar)
        layout.addWidget(self.reason)


class StudiesPage(QWidget):
    title = "学习日历"
    shows = frozenset({"study_session", "quota_rule", "person", "choice", "day_mark"})
    # Ask the 公文 page to draft a template: (template id, period, subject uid, personal data).
    document_requested = Signal(str, str, str, bool)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        today = services.today()
        self.shown = (today.year, today.month)
        self.current_id: int | None = None
        self.undo_stack: list[DeletedSession] = []
        self._year_drawn = False  # the year overview and the dashboard, until first shown
        self.operation: Any = None

        # --- the calendar, the year, the list -----------------------------------------------
        self.month = MonthCalendar()
        self.year_view = YearOverview()
        self.picker = PeriodPicker(services.studies.years(), today.year, parent=self)
        self.kind_filter = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索内容、会议名称、主讲人、地点")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        studies = services.studies
        self.model: LazyTableModel[SessionView] = LazyTableModel(
            SESSION_COLUMNS,
            studies.sessions_by_ids,
            lambda key, descending: studies.session_ids(self.query(), (key, descending)),
            parent=self,
        )
        self.model.set_sort_state(DEFAULT_SESSION_SORT)
        self.view = QTableView()
        setup_table(self.view)
        attach_view(self.view, self.model)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        listing = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.picker)
        filters.addWidget(QLabel("（类别和搜索见右侧，对月历旁的列表和这里都有效）"))
        filters.addStretch(1)
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addLayout(filters)
        listing_layout.addWidget(self.view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.month, "月历")
        self.tabs.addTab(self.year_view, "全年")
        self.tabs.addTab(listing, "列表")

        # --- navigation and actions ---------------------------------------------------------
        self.year = year_combo(studies.years(), today.year, self)
        self.previous_button = QPushButton("‹ 上月")
        self.next_button = QPushButton("下月 ›")
        self.today_button = QPushButton("今天")
        self.add_button = QPushButton("新增…")
        self.edit_button = QPushButton("修改…")
        self.copy_button = QPushButton("复制为下一次…")
        self.delete_button = QPushButton("删除")
        self.undo_button = QPushButton("撤销删除")
        self.plan_button = QPushButton("年度计划…")
        self.rules_button = QPushButton("任务指标设置…")
        self.mark_button = QPushButton("标记日期…")
        self.print_button = QToolButton()
        self.print_button.setText("打印 ▾")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_menu = QMenu(self)
        for template, label, per_session in PRINTOUTS:
            action = self.print_menu.addAction(label)
            action.setData((template, per_session))
            action.triggered.connect(lambda _=False, t=template, s=per_session: self.print(t, s))
        self.print_button.setMenu(self.print_menu)
        navigation = QHBoxLayout()
        navigation.addWidget(QLabel("年度："))
        navigation.addWidget(self.year)
        for widget in (self.previous_button, self.next_button, self.today_button):
            navigation.addWidget(widget)
        navigation.addSpacing(16)
        for widget in (
            self.add_button,
            self.edit_button,
            self.copy_button,
            self.delete_button,
            self.undo_button,
        ):
            navigation.addWidget(widget)
        navigation.addStretch(1)
        for tool in (self.plan_button, self.rules_button, self.mark_button, self.print_button):
            navigation.addWidget(tool)

        # --- the side: the month's sessions (filtered) and the quota dashboard ---------------
        self.month_title = QLabel()
        self.month_title.setStyleSheet("font-weight: bold")
        self.day_list = QListWidget()  # the shown month's sessions; the selected day's chosen
        self.day_list.setWordWrap(True)
        self.day_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._month_sessions: list[SessionView] = []
        self.dashboard = QWidget()
        self.dashboard_layout = QVBoxLayout(self.dashboard)
        self.dashboard_layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.dashboard)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        quota_box = QGroupBox("任务指标")
        quota_layout = QVBoxLayout(quota_box)
        quota_layout.addWidget(self.summary)
        quota_layout.addWidget(scroll, 1)
        month_box = QWidget()
        month_layout = QVBoxLayout(month_box)
        month_layout.setContentsMargins(0, 0, 0, 0)
        side_filters = QHBoxLayout()
        side_filters.addWidget(self.kind_filter)
        side_filters.addWidget(self.search, 1)
        month_layout.addLayout(side_filters)
        month_layout.addWidget(self.month_title)
        month_layout.addWidget(self.day_list, 1)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(month_box)
        side.addWidget(quota_box)
        side.setStretchFactor(0, 2)
        side.setStretchFactor(1, 3)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        side.setMinimumWidth(SIDE_MIN_WIDTH)  # the dashboard's reasons read in two lines
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        # --- wiring -------------------------------------------------------------------------
        self.year.currentIndexChanged.connect(
            lambda _i: self.show_month(
                self.year.currentData(), 1 if self.year.currentData() != today.year else today.month
            )
        )
        self.previous_button.clicked.connect(lambda: self.step_month(-1))
        self.next_button.clicked.connect(lambda: self.step_month(+1))
        self.today_button.clicked.connect(self.go_today)
        self.month.day_selected.connect(self.show_day)
        self.month.day_activated.connect(lambda day: self.add_session(day))
        self.month.entry_activated.connect(lambda session_id: self.edit_session(session_id))
        self.month.month_requested.connect(lambda y, m: self.show_month(y, m))
        self.year_view.month_chosen.connect(self._month_chosen)
        self.day_list.currentItemChanged.connect(lambda item, _old: self._day_item(item))
        self.day_list.itemDoubleClicked.connect(lambda item: self.edit_session(self._item_id(item)))
        self.picker.changed.connect(self.apply_filters)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_filters)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._list_selected())
        self.view.doubleClicked.connect(lambda _index: self.edit_session())
        self.add_button.clicked.connect(lambda: self.add_session())
        self.edit_button.clicked.connect(lambda: self.edit_session())
        self.copy_button.clicked.connect(lambda: self.copy_session())
        self.delete_button.clicked.connect(self.delete_session)
        self.undo_button.clicked.connect(self.undo_delete)
        self.plan_button.clicked.connect(lambda: self.plan_year())
        self.rules_button.clicked.connect(lambda: self.edit_rules())
        self.mark_button.clicked.connect(lambda: self.mark_day())
        for menu_owner in (self.month, self.day_list, self.view):
            menu_owner.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.month.customContextMenuRequested.connect(self._month_menu)
        self.day_list.customContextMenuRequested.connect(self._day_list_menu)
        self.view.customContextMenuRequested.connect(self._list_menu)
        restrict(  # the account may not change this module: disabled, saying why
            self.services,
            "studies",
            *(self.add_button, self.edit_button, self.copy_button, self.delete_button),
            *(self.undo_button, self.plan_button, self.rules_button, self.mark_button),
        )
        self.refresh()

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self._fill_kinds()
        self.show_month(*self.shown, year_changed=True)
        self.apply_filters()

    def show_month(self, year: int, month: int, *, year_changed: bool = False) -> None:
        """The month on the calendar, the year around it, and the dashboard of that year.

        The year overview and the dashboard are redrawn only for another year or when the
        sessions changed (`year_changed`): turning the months of a year stays quick."""
        year_changed = year_changed or self.shown[0] != year or not self._year_drawn
        self.shown = (year, month)
        today = self.services.today()
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        # The grid shows a few days of the months around it: fetch those too.
        first, last = start - dt.timedelta(days=7), end + dt.timedelta(days=14)
        sessions = self.services.studies.sessions_between(first, last)
        self._month_sessions = [v for v in sessions if start <= v.held_on <= end]
        self._fill_month_list()
        entries: dict[dt.date, list[CalendarEntry]] = {}
        for session in sessions:
            entries.setdefault(session.held_on, []).append(calendar_entry(session))
        notes = self._notes(first, last)
        self.month.set_month(year, month, entries, notes, today)
        if self.year.currentData() != year:
            self.year.blockSignals(True)
            index = self.year.findData(year)
            if index < 0:
                self.year.addItem(f"{year}年", year)
                index = self.year.count() - 1
            self.year.setCurrentIndex(index)
            self.year.blockSignals(False)
        if year_changed:
            year_notes = self._notes(dt.date(year, 1, 1), dt.date(year, 12, 31))
            counts = self.services.studies.counts_by_day(year)
            self.year_view.set_year(year, counts, year_notes, today)
            self.show_dashboard(year)
            self._year_drawn = True
        day = self.month.selected_day()
        if day is None or (day.year, day.month) != (year, month):
            day = today if (today.year, today.month) == (year, month) else start
        self.show_day(day)

    def _notes(self, first: dt.date, last: dt.date) -> dict[dt.date, DayNote]:
        calendar = self.services.studies.calendar(*range(first.year, last.year + 1))
        notes = {
            mark.day: DayNote(mark.kind, mark.name[:6])
            for mark in calendar.marks_between(first, last)
        }
        # A weekend inside a break (国庆 1–7 October) is shaded with it, unnamed, so the break
        # reads as one run of days off.
        day = first
        while day <= last:
            if day not in notes and not calendar.is_working_day(day):
                before = notes.get(day - dt.timedelta(days=1))
                after = next(
                    (
                        notes.get(day + dt.timedelta(days=n))
                        for n in (1, 2)
                        if day + dt.timedelta(days=n) in notes
                    ),
                    None,
                )
                if before and after and before.kind == after.kind == HOLIDAY:
                    notes[day] = DayNote(HOLIDAY, "")
            day += dt.timedelta(days=1)
        return notes

    def show_dashboard(self, year: int) -> None:
        today = self.services.today()
        at = today if today.year == year else dt.date(year, 12, 31) + dt.timedelta(days=1)
        if today.year < year:
            at = today
        results = self.services.studies.quota_status(year, at)
        while self.dashboard_layout.count():
            item = self.dashboard_layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.rule_rows: list[RuleRow] = []
        for result in results:
            for depth, row in ((0, result), *((1, child) for child in result.children)):
                rule_row = RuleRow(row, depth)
                self.rule_rows.append(rule_row)
                self.dashboard_layout.addWidget(rule_row)
        self.dashboard_layout.addStretch(1)
        owed = sum(r.owed for r in results)
        red = sum(1 for r in results if r.status is QuotaStatus.RED)
        count = self.services.studies.count_in(Period.year_of(year))
        if not results:
            self.summary.setText(
                f"{year}年共记录学习和会议{count}次。尚未设置任务指标："
                "点“任务指标设置…”新增，或恢复默认指标（集中学习每年不少于24次等）。"
            )
            return
        self.summary.setText(
            f"{year}年共记录学习和会议{count}次；任务指标尚欠{owed}次"
            + (f"，其中{red}项滞后" if red else "")
            + "。"
        )

    def _fill_month_list(self) -> None:
        """The shown month's sessions that pass the kind and text filters, beside the grid."""
        year, month = self.shown
        query = replace(self.query(), period=Period.parse(f"{year}-{month:02d}"))
        shown = [v for v in self._month_sessions if query.matches(v)]
        filtered = len(shown) != len(self._month_sessions)
        self.month_title.setText(
            f"{year}年{month}月："
            + (f"符合条件的{len(shown)}项（共{len(self._month_sessions)}项）" if filtered else "")
            + ("" if filtered else f"{len(shown)}项")
        )
        self.day_list.blockSignals(True)
        self.day_list.clear()
        for view in shown:
            when = f" {view.start_time:%H:%M}" if view.start_time else ""
            weekday = WEEKDAYS[view.held_on.weekday()]
            item = QListWidgetItem(
                f"{view.held_on.month}月{view.held_on.day}日（{weekday}）{when} "
                f"{view.kind_label}｜{view.topic}"
                + ("" if view.status is SessionStatus.HELD else f"（{view.status.label}）")
            )
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            item.setData(DAY_ROLE, view.held_on)
            if view.status is not SessionStatus.HELD:
                item.setForeground(QColor("#777777"))
            item.setToolTip(view.topic)
            self.day_list.addItem(item)
        self.day_list.blockSignals(False)

    def show_day(self, day: dt.date) -> None:
        """Select a day: on the grid, and its first session in the month's list."""
        self.month.select_day(day)
        self.day_list.blockSignals(True)
        self.day_list.setCurrentRow(-1)
        self.current_id = None
        for row in range(self.day_list.count()):
            item = self.day_list.item(row)
            if item is not None and item.data(DAY_ROLE) == day:
                self.day_list.setCurrentRow(row)
                self.current_id = self._item_id(item)
                break
        self.day_list.blockSignals(False)
        self._update_buttons()

    def go_today(self) -> None:
        today = self.services.today()
        self.tabs.setCurrentIndex(MONTH_TAB)
        self.show_month(today.year, today.month)
        self.show_day(today)

    def step_month(self, offset: int) -> None:
        year, month = self.shown
        month += offset
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        self.show_month(year, month)

    def _month_chosen(self, year: int, month: int) -> None:
        self.tabs.setCurrentIndex(MONTH_TAB)
        self.show_month(year, month)

    # --- the list ---------------------------------------------------------------------------
    def reveal(self, target: Any) -> None:
        """Show the year another page names (工作台: a quota rule behind pace) with its
        任务指标 beside the calendar."""
        index = self.year.findData(target.year)
        if index >= 0 and index != self.year.currentIndex():
            self.year.setCurrentIndex(index)

    def query(self) -> SessionQuery:
        return SessionQuery(
            period=self.picker.period(),
            kind=self.kind_filter.currentData(),
            text=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        sort = self.model.sort_state() or DEFAULT_SESSION_SORT
        self.model.set_ids(self.services.studies.session_ids(self.query(), sort))
        chosen = self.current_id
        self._fill_month_list()
        self._select_in_list(chosen)

    def _fill_kinds(self) -> None:
        chosen = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem("全部类别", None)
        for entry in self.services.choices.entries(STUDY_KINDS):
            self.kind_filter.addItem(entry.label, entry.code)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(chosen)))
        self.kind_filter.blockSignals(False)

    def _list_selected(self) -> None:
        index = self.view.selectionModel().currentIndex()
        self.current_id = self.model.row_id(index.row()) if index.isValid() else None
        self._update_buttons()

    @staticmethod
    def _item_id(item: QListWidgetItem) -> int:
        return int(item.data(Qt.ItemDataRole.UserRole))

    def _day_item(self, item: QListWidgetItem | None) -> None:
        self.current_id = self._item_id(item) if item is not None else None
        if item is not None:
            self.month.select_day(item.data(DAY_ROLE))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_id is not None
        for button in (self.edit_button, self.copy_button, self.delete_button):
            button.setEnabled(chosen)
        self.undo_button.setEnabled(bool(self.undo_stack))
        for action in self.print_menu.actions():
            _template, per_session = action.data()
            action.setEnabled(chosen or not per_session)

    # --- context menus ----------------------------------------------------------------------
    def session_menu(self, session_id: int | None, day: dt.date | None = None) -> QMenu:
        """What can be done with a session (or, on an empty day, there): edit, copy, delete,
        print its 签到表 and 会议记录."""
        menu = QMenu(self)
        if session_id is None:
            menu.addAction("新增学习活动…", lambda: self.add_session(day))
            if day is not None:
                menu.addAction("标记日期…", lambda: self.mark_day())
            return menu
        self.current_id = session_id
        self._update_buttons()
        menu.addAction("修改…", lambda: self.edit_session(session_id))
        menu.addAction("复制为下一次…", lambda: self.copy_session())
        menu.addAction("删除", lambda: self.delete_session())
        menu.addSeparator()
        for template, label, per_session in PRINTOUTS:
            if per_session:
                menu.addAction(f"打印{label}", lambda t=template: self.print(t, True))
        return menu

    def _month_menu(self, pos: QPoint) -> None:
        session_id, day = self.month.entry_at(pos), self.month.day_at(pos)
        if day is None:
            return
        if session_id is not None:
            self.show_day(day)
        self.session_menu(session_id, day).exec(self.month.mapToGlobal(pos))

    def _day_list_menu(self, pos: QPoint) -> None:
        item = self.day_list.itemAt(pos)
        session_id = self._item_id(item) if item is not None else None
        day = self.month.selected_day()
        self.session_menu(session_id, day).exec(self.day_list.mapToGlobal(pos))

    def _list_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            menu = self.session_menu(self.model.row_id(index.row()))
            menu.exec(self.view.viewport().mapToGlobal(pos))

    # --- actions ----------------------------------------------------------------------------
    def _run(self, dialog: SessionDialog, open_dialog: bool) -> SessionDialog:
        if open_dialog and dialog.exec() and dialog.saved is not None:
            self.after_save(dialog.saved.id, dialog.saved.draft.held_on)
        return dialog

    def after_save(self, session_id: int, day: dt.date) -> None:
        self.show_month(day.year, day.month, year_changed=True)
        self.show_day(day)
        self.apply_filters()
        self._select_in_list(session_id)

    def _select_in_list(self, session_id: int | None) -> None:
        for row in range(self.day_list.count()):
            item = self.day_list.item(row)
            if item is not None and self._item_id(item) == session_id:
                self.day_list.setCurrentRow(row)
                return

    def add_session(self, day: dt.date | None = None, *, open_dialog: bool = True) -> SessionDialog:
        draft = self.services.sessions.new_draft(day or self.month.selected_day())
        return self._run(SessionDialog(self.services, draft, self), open_dialog)

    def edit_session(
        self, session_id: int | None = None, *, open_dialog: bool = True
    ) -> SessionDialog | None:
        session_id = session_id if session_id is not None else self.current_id
        if session_id is None:
            return None
        detail = self.services.sessions.detail(session_id)
        return self._run(SessionDialog(self.services, detail.draft, self), open_dialog)

    def copy_session(self, *, open_dialog: bool = True) -> SessionDialog | None:
        if self.current_id is None:
            return None
        draft = self.services.sessions.copy_as_next(self.current_id)
        return self._run(SessionDialog(self.services, draft, self), open_dialog)

    def delete_session(self, *, ask: bool = True) -> DeletedSession | None:
        if self.current_id is None:
            return None
        detail = self.services.sessions.detail(self.current_id)
        if ask and not confirm(
            self,
            f"删除{detail.draft.held_on:%Y-%m-%d}的“{detail.draft.topic}”及其签到记录吗？"
            "（可点“撤销删除”恢复）",
        ):
            return None
        session_id = detail.id
        # Its 佐证材料: kept (undo puts them back with the session) or deleted with it.
        files = ask_files_of(self, self.services, "study_session", session_id) if ask else None
        if ask and files is None:
            return None
        token = delete_checked(
            self,
            lambda v: self.services.sessions.delete(session_id, v),
            # The version the question was asked about (None when not asked: nothing shown).
            detail.draft.version if ask else None,
        )
        if token is None:
            self.refresh()
            return None
        if files is not None:
            files.settle()
        self.undo_stack.append(token)
        self.message.setText(f"已删除：{token.label}。可点“撤销删除”恢复。")
        self.after_save(-1, token.draft.held_on)
        return token

    def undo_delete(self) -> None:
        if not self.undo_stack:
            return
        token = self.undo_stack.pop()
        try:
            restored = self.services.sessions.undo_delete(token)
        except Exception as error:  # the kind or a person removed meanwhile
            self.undo_stack.append(token)
            show_error(self, error)
            return
        self.message.setText(f"已恢复：{token.label}。")
        self.after_save(restored.id, restored.draft.held_on)

    def print(self, template: str, per_session: bool) -> None:
        if per_session:
            if self.current_id is None:
                return
            detail = self.services.sessions.detail(self.current_id)
            period = str(Period.quarter_of(detail.draft.held_on))
            self.document_requested.emit(template, period, detail.uid, False)
            return
        year, month = self.shown
        period = f"{year}" if template == "study-plan" else f"{year}-{month:02d}"
        self.document_requested.emit(template, period, "", False)

    def plan_year(self, *, open_dialog: bool = True) -> StudyPlanDialog:
        dialog = StudyPlanDialog(self.services, self.shown[0], self)
        if open_dialog and dialog.exec():
            self.refresh()
            self.message.setText(dialog.result_text)
        return dialog

    def edit_rules(self, *, open_dialog: bool = True) -> RulesDialog:
        dialog = RulesDialog(self.services, self)
        if open_dialog:
            dialog.exec()
            self.refresh()
        return dialog

    def mark_day(self, *, open_dialog: bool = True) -> DayMarkDialog:
        day = self.month.selected_day() or self.services.today()
        dialog = DayMarkDialog(self.services, day, self)
        if open_dialog and dialog.exec():
            self.refresh()
        return dialog
