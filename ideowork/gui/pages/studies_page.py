"""学习日历: a year's study sessions and the quota status (what is still owed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult
from ideowork.gui.models.lazy_table import LazyColumn, LazyTableModel, attach_view
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, setup_table, year_combo
from ideowork.services.context import Services
from ideowork.services.ledgers.studies import DEFAULT_SESSION_SORT, SessionView


def _flatten(results: list[RuleResult], depth: int = 0) -> list[tuple[int, RuleResult]]:
    rows: list[tuple[int, RuleResult]] = []
    for result in results:
        rows.append((depth, result))
        rows.extend(_flatten(result.children, depth + 1))
    return rows


QUOTA_COLUMNS: list[Column[tuple[int, RuleResult]]] = [
    Column("任务指标", lambda r: "　　" * r[0] + r[1].name),
    Column("应完成", lambda r: str(r[1].required), align_right=True),
    Column("已完成", lambda r: str(r[1].done), align_right=True),
    Column("已计划", lambda r: str(r[1].planned), align_right=True),
    Column("尚欠", lambda r: str(r[1].owed), align_right=True),
    Column(
        "分期", lambda r: "　".join(f"{p.label[5:]} {p.done}/{p.required}" for p in r[1].periods)
    ),
    Column("状态", lambda r: r[1].status.label, colour=lambda r: STATUS_COLOURS[r[1].status.value]),
]
SESSION_COLUMNS: list[LazyColumn[SessionView]] = [
    LazyColumn("日期", lambda s: f"{s.held_on:%Y-%m-%d}", sort_key="held_on"),
    LazyColumn("类别", lambda s: s.kind.label, sort_key="kind"),
    LazyColumn("会议形式", lambda s: s.meeting_name, sort_key="meeting_name"),
    LazyColumn("内容", lambda s: s.topic, sort_key="topic"),
    LazyColumn(
        "意识形态", lambda s: "是" if s.ideology_related else "", sort_key="ideology_related"
    ),
    LazyColumn("主持", lambda s: s.host_name),
    LazyColumn("学时", lambda s: f"{s.hours:.1f}", align_right=True, sort_key="hours"),
    LazyColumn("参加人数", lambda s: str(s.attendee_count), align_right=True),
    LazyColumn("状态", lambda s: s.status.label, sort_key="status"),
]


class StudiesPage(QWidget):
    title = "学习日历"
    shows = frozenset({"study_session", "quota_rule", "person"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.year = year_combo(services.studies.years(), services.today().year, self)
        self.quota_model: RecordTableModel[tuple[int, RuleResult]] = RecordTableModel(
            QUOTA_COLUMNS, self
        )
        studies = services.studies
        self.session_model: LazyTableModel[SessionView] = LazyTableModel(
            SESSION_COLUMNS,
            studies.sessions_by_ids,
            lambda key, descending: studies.session_ids(self.period(), (key, descending)),
            parent=self,
        )
        self.session_model.set_sort_state(DEFAULT_SESSION_SORT)
        self.quota_view = QTableView(self)
        self.quota_view.setModel(self.quota_model)
        self.session_view = QTableView(self)
        setup_table(self.quota_view)
        setup_table(self.session_view)
        attach_view(self.session_view, self.session_model)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.quota_view)
        splitter.addWidget(self.session_view)
        splitter.setSizes([220, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)
        self.year.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def period(self) -> Period:
        return Period.year_of(int(self.year.currentData()))

    def refresh(self) -> None:
        period = self.period()
        results = self.services.studies.quota_status(period.year)
        self.quota_model.set_records(_flatten(results))
        sort = self.session_model.sort_state() or DEFAULT_SESSION_SORT
        self.session_model.set_ids(self.services.studies.session_ids(period, sort))
        owed = sum(r.owed for r in results)
        count = self.session_model.rowCount()
        self.summary.setText(f"  {period.year}年共开展学习和会议{count}次；任务指标尚欠{owed}次。")
