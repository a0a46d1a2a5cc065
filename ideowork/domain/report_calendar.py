"""报送日历 rules: which periods of a reporting obligation fall due when, and which are owed.

An obligation has a cadence — every quarter, every half-year, every year (due `due_days` after
the period ends), or at the start of each year (the year's plans: due `due_days` after
1 January) — and is handed up for a period once an archived document of its template and period
exists.

Which periods are owed on a day (`periods_owed`): those due by the end of the horizon, of the
current and the previous year only, and only periods that end on or after the unit's first
record (the earliest session, case, task year, finding or document). A brand-new database, or
one whose records begin this August, is not told it owes the reports of the years before it
was kept: it owes what came due since it has records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ideowork.domain.periods import Period, PeriodKind

# The earliest period looked at is in the year before today's (debts older than that are for
# an inspector, not for this week's list).
YEARS_LOOKED_BACK = 1
MAX_DUE_DAYS = 366


class Cadence(StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    YEAR_START = "year_start"

    @property
    def label(self) -> str:
        return CADENCE_LABELS[self]

    @property
    def period_kind(self) -> PeriodKind:
        """The kind of period one document of this cadence covers."""
        return {
            Cadence.QUARTER: PeriodKind.QUARTER,
            Cadence.HALF: PeriodKind.HALF,
            Cadence.YEAR: PeriodKind.YEAR,
            Cadence.YEAR_START: PeriodKind.YEAR,
        }[self]


CADENCE_LABELS = {
    Cadence.QUARTER: "每季度",
    Cadence.HALF: "每半年",
    Cadence.YEAR: "每年（年末）",
    Cadence.YEAR_START: "每年年初",
}


def due_date(cadence: Cadence, due_days: int, period: Period) -> dt.date:
    """When the document of `period` is due: `due_days` after the period ends, or for the
    year's plans `due_days` after 1 January of their year."""
    if cadence is Cadence.YEAR_START:
        return dt.date(period.year, 1, 1) + dt.timedelta(days=due_days)
    return period.end + dt.timedelta(days=due_days)


def due_text(cadence: Cadence, due_days: int) -> str:
    """The rule in words, as the calendar lists it: 季度结束后10日内, 每年1月1日后90日内."""
    if cadence is Cadence.YEAR_START:
        return f"1月1日后{due_days}日内" if due_days else "1月1日"
    end = {Cadence.QUARTER: "季度", Cadence.HALF: "半年", Cadence.YEAR: "年度"}[cadence]
    return f"{end}结束后{due_days}日内" if due_days else f"{end}末"


def periods_in(cadence: Cadence, years: range) -> list[Period]:
    """Every period of the cadence in `years`, in order."""
    kind = cadence.period_kind
    return [p for year in years for p in Period.year_of(year).subperiods(kind)]


@dataclass(frozen=True)
class PeriodDue:
    period: Period
    due: dt.date

    def days_late(self, today: dt.date) -> int:
        """Days past the due date: positive when overdue, 0 on the day, negative before."""
        return (today - self.due).days


def periods_owed(
    cadence: Cadence,
    due_days: int,
    today: dt.date,
    horizon_days: int,
    first_record: dt.date | None,
    handed_up: frozenset[str],
) -> list[PeriodDue]:
    """The periods of one obligation owed on `today`: due by `today + horizon_days`, not in
    `handed_up` (periods as text, 2020Q3), of this or the previous year, and ending on or
    after the unit's first record (none at all: nothing is owed)."""
    if first_record is None:
        return []
    last = today + dt.timedelta(days=horizon_days)
    owed = []
    for period in periods_in(cadence, range(today.year - YEARS_LOOKED_BACK, today.year + 1)):
        due = due_date(cadence, due_days, period)
        if due > last or period.end < first_record or str(period) in handed_up:
            continue
        owed.append(PeriodDue(period, due))
    return owed


@dataclass(frozen=True)
class DefaultDue:
    """One obligation of the default calendar (the rules of the reference documents)."""

    template: str
    name: str
    recipient: str  # "superior", "propaganda" or the text itself
    cadence: Cadence
    due_days: int
    basis: str


SUPERIOR, PROPAGANDA = "superior", "propaganda"

# From the 实施办法 (reference 2-): 每半年向上级党委专题汇报一次, 每年至少一次党内通报; the
# quarterly 落实情况报告 and 分析研判报告 the superior's 宣传部 asks for; the year's 实施方案 and
# 工作要点 issued early in the year; the year-end summary (书记述职) at its end.
DEFAULT_CALENDAR: tuple[DefaultDue, ...] = (
    DefaultDue(
        "implementation-plan",
        "落实意识形态工作责任制实施方案",
        "本单位各支部、各股室（印发）",
        Cadence.YEAR_START,
        90,
        "年初制定实施方案，明确每项任务的责任领导和责任股室，一同部署、一同检查、一同考核",
    ),
    DefaultDue(
        "annual-points",
        "落实意识形态工作责任制要点",
        "本单位各支部、各股室（印发）",
        Cadence.YEAR_START,
        90,
        "年初印发当年意识形态工作要点，纳入重要议事日程",
    ),
    DefaultDue(
        "quarterly-implementation",
        "意识形态工作落实情况报告",
        PROPAGANDA,
        Cadence.QUARTER,
        10,
        "每季度报告落实意识形态工作责任制情况",
    ),
    DefaultDue(
        "quarterly-analysis",
        "意识形态工作分析研判报告",
        PROPAGANDA,
        Cadence.QUARTER,
        10,
        "定期分析研判意识形态领域情况，对重要时间节点进行前瞻性专题分析判断",
    ),
    DefaultDue(
        "half-year-report",
        "意识形态工作专题汇报",
        SUPERIOR,
        Cadence.HALF,
        15,
        "每半年向上级党委专题汇报一次意识形态领域的重大情况并提出建设性意见",
    ),
    DefaultDue(
        "annual-briefing",
        "意识形态领域情况党内通报",
        "本单位党员干部（党内通报）",
        Cadence.YEAR,
        0,
        "每年对本单位意识形态领域情况至少进行一次党内通报",
    ),
    DefaultDue(
        "annual-summary",
        "落实意识形态工作责任制情况总结（书记述职）",
        SUPERIOR,
        Cadence.YEAR,
        15,
        "把意识形态工作作为民主生活会和述职报告的重要内容，年底总结落实责任制情况",
    ),
)
