"""舆情台账: the cases of a period and their statistics."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from ideowork.domain.periods import Period
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, PeriodPicker, setup_table
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import CaseView

CASE_COLUMNS: list[Column[CaseView]] = [
    Column("编号", lambda c: c.case_no),
    Column("渠道", lambda c: c.channel.label),
    Column("受理日期", lambda c: f"{c.received_on:%Y-%m-%d}"),
    Column("事项", lambda c: c.title),
    Column("承办股室", lambda c: c.office_name),
    Column("办理时限", lambda c: f"{c.deadline:%Y-%m-%d}" if c.deadline else ""),
    Column(
        "状态",
        lambda c: c.status.label + ("（逾期）" if c.overdue else ""),
        colour=lambda c: STATUS_COLOURS["red"] if c.overdue else None,
    ),
    Column("回访满意度", lambda c: c.satisfaction.label if c.satisfaction else "未回访"),
]


class SentimentPage(QWidget):
    title = "舆情台账"
    shows = frozenset({"sentiment_case", "office"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.picker = PeriodPicker(services.sentiment.years(), services.today().year, parent=self)
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.model: RecordTableModel[CaseView] = RecordTableModel(CASE_COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        setup_table(self.view)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stats)
        layout.addWidget(self.view)
        self.picker.changed.connect(self.refresh)
        self.refresh()

    def period(self) -> Period:
        return self.picker.period()

    def refresh(self) -> None:
        period = self.period()
        self.model.set_records(self.services.sentiment.cases_in(period))
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
