"""学习日历: a year's study sessions and the quota status (what is still owed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, setup_table, year_combo
from ideowork.services.context import Services
from ideowork.services.ledgers.studies import SessionView


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
SESSION_COLUMNS: list[Column[SessionView]] = [
    Column("日期", lambda s: f"{s.held_on:%Y-%m-%d}"),
    Column("类别", lambda s: s.kind.label),
    Column("会议形式", lambda s: s.meeting_name),
    Column("内容", lambda s: s.topic),
    Column("意识形态", lambda s: "是" if s.ideology_related else ""),
    Column("主持", lambda s: s.host_name),
    Column("学时", lambda s: f"{s.hours:.1f}", align_right=True),
    Column("参加人数", lambda s: str(s.attendee_count), align_right=True),
    Column("状态", lambda s: s.status.label),
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
        self.session_model: RecordTableModel[SessionView] = RecordTableModel(SESSION_COLUMNS, self)
        self.quota_view = QTableView(self)
        self.quota_view.setModel(self.quota_model)
        self.session_view = QTableView(self)
        self.session_view.setModel(self.session_model)
        for view in (self.quota_view, self.session_view):
            setup_table(view)
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

    def refresh(self) -> None:
        year = int(self.year.currentData())
        results = self.services.studies.quota_status(year)
        self.quota_model.set_records(_flatten(results))
        sessions = self.services.studies.sessions_in(Period.year_of(year))
        self.session_model.set_records(sessions)
        owed = sum(r.owed for r in results)
        self.summary.setText(f"  {year}年共开展学习和会议{len(sessions)}次；任务指标尚欠{owed}次。")
