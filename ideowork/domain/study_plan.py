"""A year's study plan proposed from the quota rules (任务指标): the sessions still missing, on
working days, spread over each period, each with a topic.

For each rule, in the order the quota evaluation shows them (a parent before its 其中 children),
and each of its periods not over before `start`:
- what the existing sessions (held, or planned from `start` on) and the proposals so far already
  give is counted;
- what is still owed is first taken from proposals made for other rules that can serve this one
  too: a 集中学习 made 意识形态-related meets the 其中意识形态 rule, a 集中学习 made a 中心组学习
  meets a rule on 中心组学习 — never in a way that stops it serving the rules it was made for;
- only the rest is proposed anew: spread evenly over what is left of the period (24 a year are
  two a month, in the first and the third week), a rule owing one session a period in the
  period's last month (分析研判 in the quarter's last month, 专题汇报 in June and December,
  党内通报 in December) but not on its last two working days.
Days: working days of the calendar only, Tuesday to Thursday preferred, a 调休 working weekend
day only when nothing else fits; never two proposals on a day, nor on a day that already has a
session. Topics come from the banks below, in turn, so a year's topics do not repeat while the
bank lasts. The same input gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ideowork.domain.numerals import to_chinese
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.quota import RuleSpec, SessionFact
from ideowork.domain.quota_defaults import DEFAULT_RULES
from ideowork.domain.vocab import QuotaPeriod, SessionStatus, StudyKind
from ideowork.domain.workdays import WorkCalendar


@dataclass(frozen=True)
class ProposedSession:
    held_on: dt.date
    kind: str  # a kind code
    topic: str
    ideology_related: bool
    serves: tuple[str, ...]  # the names of the rules it counts for

    def as_fact(self) -> SessionFact:
        """The proposal as a planned session, for the quota evaluation."""
        return SessionFact(self.held_on, self.kind, self.ideology_related, SessionStatus.PLANNED)


# --- topics -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TopicIdea:
    """A topic for a proposal; `{year}`, `{quarter}` (一…四), `{half}` (上/下) and
    `{report_year}` (the year a January session reports on is the one before) are filled in."""

    text: str
    ideology: bool = False
    first_year: int = 0  # the years it fits (a document not yet issued, a congress not yet held)
    last_year: int = 9999

    def fits(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


STUDY_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("学习习近平新时代中国特色社会主义思想", first_year=2017),
    TopicIdea("学习《中国共产党章程》"),
    TopicIdea("学习党的十九大精神", first_year=2018, last_year=2022),
    TopicIdea("学习党的二十大精神", first_year=2023, last_year=2027),
    TopicIdea("学习党的中央全会精神"),
    TopicIdea("学习《中国共产党纪律处分条例》"),
    TopicIdea("学习《关于新形势下党内政治生活的若干准则》", first_year=2017),
    TopicIdea("学习《中国共产党廉洁自律准则》", first_year=2016),
    TopicIdea("学习习近平总书记关于全面从严治党的重要论述", first_year=2017),
    TopicIdea("学习中央八项规定及其实施细则精神", first_year=2018),
    TopicIdea("学习《中国共产党支部工作条例（试行）》", first_year=2019),
    TopicIdea("学习《中国共产党党员教育管理工作条例》", first_year=2020),
    TopicIdea("学习《中国共产党问责条例》", first_year=2016),
    TopicIdea("学习《中国共产党党内监督条例》", first_year=2017),
    TopicIdea("学习习近平法治思想", first_year=2021),
    TopicIdea("学习党史、新中国史、改革开放史、社会主义发展史", first_year=2020),
    TopicIdea("学习习近平总书记关于作风建设的重要论述", first_year=2017),
    TopicIdea("学习《中华人民共和国宪法》"),
    TopicIdea("学习《中国共产党党员权利保障条例》"),
    TopicIdea("意识形态工作专题学习：习近平总书记关于意识形态工作的重要论述", ideology=True),
    TopicIdea("学习《党委（党组）意识形态工作责任制实施办法》", ideology=True, first_year=2016),
    TopicIdea("意识形态工作专题学习：网络意识形态安全", ideology=True),
    TopicIdea("学习《中国共产党宣传工作条例》", ideology=True, first_year=2020),
    TopicIdea("学习《党委（党组）网络意识形态工作责任制实施细则》", ideology=True, first_year=2018),
    TopicIdea("意识形态工作专题学习：培育和践行社会主义核心价值观", ideology=True),
    TopicIdea("意识形态工作专题学习：意识形态领域风险防范化解", ideology=True),
    TopicIdea("意识形态工作专题学习：新闻舆论工作和网络舆情应对", ideology=True),
    TopicIdea("学习习近平文化思想", ideology=True, first_year=2024),
    TopicIdea("意识形态工作专题学习：意识形态阵地建设和管理", ideology=True),
)
SPECIAL_MEETING_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("专题研究部署意识形态工作", ideology=True),
    TopicIdea("专题研究意识形态工作责任制落实情况", ideology=True),
    TopicIdea("专题研究网络意识形态和舆情处置工作", ideology=True),
    TopicIdea("专题研究意识形态领域风险隐患排查化解工作", ideology=True),
)
LECTURE_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("专题党课：坚定理想信念，筑牢信仰之基"),
    TopicIdea("专题党课：加强党性修养，永葆清正廉洁"),
    TopicIdea("专题党课：弘扬伟大建党精神", first_year=2021),
    TopicIdea("专题党课：牢牢掌握意识形态工作领导权", ideology=True),
    TopicIdea("专题党课：守好网络意识形态阵地", ideology=True),
)
THEME_DAY_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("主题党日：重温入党誓词"),
    TopicIdea("主题党日：参观爱国主义教育基地"),
    TopicIdea("主题党日：党员志愿服务进社区"),
    TopicIdea("主题党日：网络文明与意识形态安全教育", ideology=True),
)
EDUCATION_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("警示教育：观看警示教育片"),
    TopicIdea("警示教育：通报典型违纪违法案例"),
    TopicIdea("警示教育：参观廉政教育基地"),
    TopicIdea("警示教育：意识形态领域典型案例剖析", ideology=True),
)
COMMITTEE_TOPICS: tuple[TopicIdea, ...] = (
    TopicIdea("研究支部近期重点工作"),
    TopicIdea("研究党员发展和教育管理工作"),
    TopicIdea("研究支部意识形态工作", ideology=True),
)
ANALYSIS_TOPICS = (TopicIdea("{year}年第{quarter}季度意识形态领域情况分析研判", ideology=True),)
REPORT_TOPICS = (TopicIdea("向上级党委专题汇报{half}半年意识形态工作情况", ideology=True),)
BRIEFING_TOPICS = (TopicIdea("{report_year}年度意识形态领域情况党内通报", ideology=True),)

# The topic bank of each kind; other kinds (中心组学习, 集中学习, 支部党员大会, a unit's own
# kinds …) take the study topics.
TOPICS_BY_KIND: dict[str, tuple[TopicIdea, ...]] = {
    StudyKind.SPECIAL_MEETING: SPECIAL_MEETING_TOPICS,
    StudyKind.ANALYSIS: ANALYSIS_TOPICS,
    StudyKind.SPECIAL_REPORT: REPORT_TOPICS,
    StudyKind.PARTY_BRIEFING: BRIEFING_TOPICS,
    StudyKind.PARTY_LECTURE: LECTURE_TOPICS,
    StudyKind.THEME_DAY: THEME_DAY_TOPICS,
    StudyKind.EDUCATION: EDUCATION_TOPICS,
    StudyKind.BRANCH_COMMITTEE: COMMITTEE_TOPICS,
}
# Kinds that are about 意识形态工作 by nature: proposed as ideology-related.
IDEOLOGY_KINDS: frozenset[str] = frozenset(
    {
        StudyKind.SPECIAL_MEETING,
        StudyKind.ANALYSIS,
        StudyKind.SPECIAL_REPORT,
        StudyKind.PARTY_BRIEFING,
    }
)

# --- placing ----------------------------------------------------------------------------------
# Which of a rule's kinds a proposal takes: those of the default rules first (集中学习 before
# 中心组学习), then the built-in kinds, then a unit's own codes alphabetically.
_KIND_ORDER: dict[str, int] = {
    str(kind): rank
    for rank, kind in enumerate(
        dict.fromkeys([*(kind for rule in DEFAULT_RULES for kind in rule.kinds), *StudyKind])
    )
}
_PERIOD_KIND = {
    QuotaPeriod.YEAR: PeriodKind.YEAR,
    QuotaPeriod.HALF: PeriodKind.HALF,
    QuotaPeriod.QUARTER: PeriodKind.QUARTER,
}
SLOT_PHASE = 0.3  # where in its share of the period a session goes: 2 a month → ~5th and ~20th
ANCHOR_DAY = 20  # a once-a-period session: this day of the period's last month
ANCHOR_DAYS: dict[str, int] = {
    StudyKind.ANALYSIS: 20,
    StudyKind.SPECIAL_REPORT: 25,
    StudyKind.PARTY_BRIEFING: 15,
}
# Costs of a day, in days away from its target.
_COST_MONDAY_FRIDAY = 2
_COST_WEEKEND_WORKDAY = 20
_COST_LIKELY_DAY_OFF = 20  # a golden-week day of a year whose arrangement is not announced
_COST_OTHER_MONTH = 6
_COST_PERIOD_END = 30  # a once-a-period session on one of the period's last two working days
_COST_NEIGHBOUR = 2  # per proposal on the day before or after


def _kind_key(kind: str) -> tuple[int, str]:
    return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), kind)


def _first_kind(kinds: Iterable[str]) -> str:
    return str(min(kinds, key=_kind_key))


@dataclass
class _Draft:
    held_on: dt.date
    kinds: frozenset[str]  # the kinds every rule it was counted for accepts
    needs_ideology: bool  # a rule it is counted for asks for 意识形态

    @property
    def kind(self) -> str:
        return _first_kind(self.kinds)

    @property
    def ideology(self) -> bool:
        return self.needs_ideology or self.kind in IDEOLOGY_KINDS

    def matches(self, rule: RuleSpec) -> bool:
        return self.kind in rule.kinds and (self.ideology or not rule.ideology_only)

    def can_serve(self, rule: RuleSpec) -> bool:
        return bool(self.kinds & rule.kinds)

    def serve(self, rule: RuleSpec) -> None:
        """Count it for `rule`: its kind narrowed to one the rule accepts, 意识形态 if asked."""
        self.kinds = self.kinds & rule.kinds
        self.needs_ideology = self.needs_ideology or rule.ideology_only


def _matches_fact(rule: RuleSpec, fact: SessionFact) -> bool:
    return (
        fact.counts_toward_quota
        and fact.kind in rule.kinds
        and (fact.ideology_related or not rule.ideology_only)
    )


def ordered_rules(rules: Sequence[RuleSpec]) -> list[RuleSpec]:
    """Rules in the order the quota evaluation shows them: each parent followed by its
    children (a rule whose parent is missing is a parent itself)."""
    ordered = sorted(rules, key=lambda r: (r.sort_order, r.id))
    ids = {rule.id for rule in ordered}
    result: list[RuleSpec] = []
    seen: set[int] = set()

    def visit(rule: RuleSpec) -> None:
        if id(rule) in seen:
            return
        seen.add(id(rule))
        result.append(rule)
        for child in ordered:
            if child.parent_id == rule.id and child is not rule:
                visit(child)

    for rule in ordered:
        if rule.parent_id is None or rule.parent_id not in ids:
            visit(rule)
    for rule in ordered:  # in a loop of parents: still planned, last
        visit(rule)
    return result


class _Planner:
    def __init__(
        self,
        year: int,
        calendar: WorkCalendar,
        existing: Sequence[SessionFact],
        start: dt.date,
    ) -> None:
        self.year = year
        self.calendar = calendar
        self.existing = existing
        self.start = start
        self.drafts: list[_Draft] = []
        self.taken: set[dt.date] = {
            s.held_on for s in existing if s.status is not SessionStatus.CANCELLED
        }

    def plan_rule(self, rule: RuleSpec) -> None:
        if rule.required <= 0 or not rule.kinds:
            return
        for period in Period.year_of(self.year).subperiods(_PERIOD_KIND[rule.period]):
            if period.end >= self.start:
                self.plan_period(rule, period)

    def plan_period(self, rule: RuleSpec, period: Period) -> None:
        counted = [
            s
            for s in self.existing
            if period.contains(s.held_on)
            and _matches_fact(rule, s)
            and (
                s.status is SessionStatus.HELD
                or (s.status is SessionStatus.PLANNED and s.held_on >= self.start)
            )
        ]
        inside = [d for d in self.drafts if period.contains(d.held_on)]
        matching = [d for d in inside if d.matches(rule)]
        for draft in matching:
            draft.serve(rule)
        owed = rule.required - len(counted) - len(matching)
        if owed <= 0:
            return
        # Proposals made for other rules that can serve this one too, taken evenly.
        candidates = sorted(
            (d for d in inside if not d.matches(rule) and d.can_serve(rule)),
            key=lambda d: d.held_on,
        )
        for draft in _evenly(candidates, owed):
            draft.serve(rule)
            owed -= 1
        if owed <= 0:
            return
        window_start = max(period.start, self.start)
        occupied = sorted(
            [s.held_on for s in counted if s.held_on >= window_start]
            + [d.held_on for d in inside if d.matches(rule)]
        )
        kind = _first_kind(rule.kinds)
        if rule.required == 1:
            anchor_day = ANCHOR_DAYS.get(kind, ANCHOR_DAY)
            last_month = period.end.replace(day=1)
            targets = [max(window_start, last_month.replace(day=min(anchor_day, period.end.day)))]
        else:
            targets = _targets(window_start, period.end, owed, occupied)
        days = self.calendar.working_days(window_start, period.end)
        period_end_days = set(days[-2:]) if rule.required == 1 else set()
        for target in targets:
            day = self._best_day(target, days, period_end_days)
            if day is None:
                return  # the period has no free working day left
            self.taken.add(day)
            draft = _Draft(day, frozenset(rule.kinds), rule.ideology_only)
            draft.serve(rule)
            self.drafts.append(draft)

    def _best_day(
        self, target: dt.date, days: list[dt.date], period_end_days: set[dt.date]
    ) -> dt.date | None:
        proposed = {d.held_on for d in self.drafts}
        best: tuple[float, dt.date] | None = None
        for day in days:
            if day in self.taken:
                continue
            cost = float(abs((day - target).days))
            weekday = day.weekday()
            if weekday >= 5:
                cost += _COST_WEEKEND_WORKDAY
            elif weekday in (0, 4):
                cost += _COST_MONDAY_FRIDAY
            if self.calendar.likely_day_off(day):
                cost += _COST_LIKELY_DAY_OFF
            if (day.year, day.month) != (target.year, target.month):
                cost += _COST_OTHER_MONTH
            if day in period_end_days:
                cost += _COST_PERIOD_END
            for step in (-1, 1):
                if day + dt.timedelta(days=step) in proposed:
                    cost += _COST_NEIGHBOUR
            if best is None or (cost, day) < best:
                best = (cost, day)
        return best[1] if best else None

    def proposals(self, rules: Sequence[RuleSpec]) -> list[ProposedSession]:
        counters: dict[tuple[str, bool], int] = {}
        result = []
        for draft in sorted(self.drafts, key=lambda d: d.held_on):
            kind, ideology = draft.kind, draft.ideology
            serves = tuple(rule.name for rule in rules if draft.matches(rule))
            topic = _topic(kind, ideology, draft.held_on, counters)
            result.append(ProposedSession(draft.held_on, kind, topic, ideology, serves))
        return result


def propose_plan(
    rules: Sequence[RuleSpec],
    year: int,
    calendar: WorkCalendar,
    existing: Sequence[SessionFact] = (),
    start: dt.date | None = None,
) -> list[ProposedSession]:
    """The sessions to plan so that every rule is met in `year`, in date order (see the module's
    docstring). Nothing before `start` (Jan 1 by default); a period over before it is left as it
    is. Existing sessions held, or planned from `start` on, count; cancelled ones do not."""
    first = dt.date(year, 1, 1)
    start = max(start or first, first)
    if start > dt.date(year, 12, 31):
        return []
    ordered = ordered_rules(rules)
    planner = _Planner(year, calendar, existing, start)
    for rule in ordered:
        planner.plan_rule(rule)
    return planner.proposals(ordered)


# --- helpers ----------------------------------------------------------------------------------
def _evenly(items: list[_Draft], count: int) -> list[_Draft]:
    """`count` of `items`, spread evenly over them (all of them when there are not more)."""
    if count >= len(items):
        return items
    return [items[math.floor((i + 0.5) * len(items) / count)] for i in range(count)]


def _month_position(day: dt.date, year: int) -> float:
    """Months since the start of `year`, fractional: 1月1日 is 0.0, 7月16日 about 6.5."""
    days_in_month = _days_in_month(day.year, day.month)
    return (day.year - year) * 12 + day.month - 1 + (day.day - 1) / days_in_month


def _date_at(position: float, year: int) -> dt.date:
    months = math.floor(position)
    month_year, month = year + months // 12, months % 12 + 1
    day = 1 + math.floor((position - months) * _days_in_month(month_year, month))
    return dt.date(month_year, month, day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.date(year, month, 1)).days


def _targets(start: dt.date, end: dt.date, owed: int, occupied: list[dt.date]) -> list[dt.date]:
    """The dates to aim at for `owed` more sessions between `start` and `end`: the period cut
    into even shares, one session a share; the shares nearest the sessions already there taken
    by them."""
    year = start.year
    first = _month_position(start, year)
    last = _month_position(end + dt.timedelta(days=1), year)
    total = owed + len(occupied)
    slots = [
        min(end, max(start, _date_at(first + (i + SLOT_PHASE) * (last - first) / total, year)))
        for i in range(total)
    ]
    free = list(range(total))
    for day in occupied:
        nearest = min(free, key=lambda i: (abs((slots[i] - day).days), i))
        free.remove(nearest)
    return [slots[i] for i in free]


def _topic(kind: str, ideology: bool, day: dt.date, counters: dict[tuple[str, bool], int]) -> str:
    bank = TOPICS_BY_KIND.get(kind, STUDY_TOPICS)
    fitting = [t for t in bank if t.fits(day.year)] or list(bank)
    matching = [t for t in fitting if t.ideology == ideology] or fitting
    key = (kind if kind in TOPICS_BY_KIND else "study", ideology)
    turn = counters.get(key, 0)
    counters[key] = turn + 1
    idea = matching[turn % len(matching)]
    return idea.text.format(
        year=day.year,
        quarter=to_chinese((day.month - 1) // 3 + 1),
        half="上" if day.month <= 6 else "下",
        report_year=day.year - 1 if day.month == 1 else day.year,
    )
