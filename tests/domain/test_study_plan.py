from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult, RuleSpec, SessionFact, evaluate
from ideowork.domain.quota_defaults import DEFAULT_RULES
from ideowork.domain.study_plan import ProposedSession, propose_plan
from ideowork.domain.vocab import QuotaPeriod, SessionStatus, StudyKind
from ideowork.domain.workdays import WorkCalendar

D = dt.date
COLLECTIVE = str(StudyKind.COLLECTIVE)


def default_rules() -> list[RuleSpec]:
    """The default rules as a new unit's database holds them (seed_default_rules, rule_spec)."""
    ids: dict[str, int] = {}
    rules = []
    for order, rule in enumerate(DEFAULT_RULES, start=1):
        ids[rule.key] = order
        codes = ",".join(kind.value for kind in rule.kinds)
        rules.append(
            RuleSpec(
                id=order,
                name=rule.name,
                kinds=frozenset(code for code in codes.split(",") if code),
                ideology_only=rule.ideology_only,
                period=rule.period,
                required=rule.required,
                parent_id=ids[rule.parent_key] if rule.parent_key else None,
                sort_order=order,
            )
        )
    return rules


def unmet(
    rules: list[RuleSpec],
    year: int,
    sessions: Sequence[SessionFact],
    today: dt.date,
) -> list[str]:
    """The rule periods (ending on or after `today`) whose held and planned sessions fall short."""
    short: list[str] = []

    def walk(results: list[RuleResult]) -> None:
        for result in results:
            if result.periods:
                periods = [
                    (Period.parse(p.period), p.required, p.done, p.planned) for p in result.periods
                ]
            else:
                periods = [(Period.year_of(year), result.required, result.done, result.planned)]
            for period, required, done, planned in periods:
                if period.end >= today and done + planned < required:
                    short.append(f"{result.name} {period}: {done}+{planned} < {required}")
            walk(result.children)

    walk(evaluate(rules, year, list(sessions), today))
    return short


def owed(rules: list[RuleSpec], year: int, sessions: Sequence[SessionFact], today: dt.date) -> int:
    total = 0

    def walk(results: list[RuleResult]) -> None:
        nonlocal total
        for result in results:
            if result.periods:
                periods = [
                    (Period.parse(p.period), p.required, p.done, p.planned) for p in result.periods
                ]
            else:
                periods = [(Period.year_of(year), result.required, result.done, result.planned)]
            total += sum(
                max(0, required - done - planned)
                for period, required, done, planned in periods
                if period.end >= today
            )
            walk(result.children)

    walk(evaluate(rules, year, list(sessions), today))
    return total


def facts(plan: list[ProposedSession]) -> list[SessionFact]:
    return [p.as_fact() for p in plan]


def held(day: dt.date, kind: str = COLLECTIVE, ideology: bool = False) -> SessionFact:
    return SessionFact(day, kind, ideology, SessionStatus.HELD)


def test_the_2021_default_plan_meets_every_rule() -> None:
    rules = default_rules()
    calendar = WorkCalendar([2021])
    plan = propose_plan(rules, 2021, calendar)
    assert unmet(rules, 2021, facts(plan), D(2021, 1, 1)) == []
    # Exactly what the rules ask for: the 其中意识形态 six are six of the 24.
    assert len(plan) == 24 + 2 + 2 + 1 + 4
    kinds = Counter(p.kind for p in plan)
    assert kinds == {
        "collective": 24,
        "analysis": 4,
        "special_meeting": 2,
        "special_report": 2,
        "party_briefing": 1,
    }
    ideology = [p for p in plan if p.kind == COLLECTIVE and p.ideology_related]
    assert len(ideology) == 6
    assert all(p.serves == ("集中学习", "其中意识形态专题学习") for p in ideology)
    assert len({p.held_on.month for p in ideology}) == 6  # spread over the year
    # Working days only: no weekend, holiday, 补假, nor 调休 working weekend day.
    assert all(p.held_on.weekday() < 5 and calendar.mark(p.held_on) is None for p in plan)
    assert len({p.held_on for p in plan}) == len(plan)
    assert [p.held_on for p in plan] == sorted(p.held_on for p in plan)
    per_month = Counter(p.held_on.month for p in plan if p.kind == COLLECTIVE)
    assert set(per_month) == set(range(1, 13))
    assert max(per_month.values()) <= 3


def test_the_2021_default_plan_puts_each_kind_in_its_time() -> None:
    calendar = WorkCalendar([2021])
    plan = propose_plan(default_rules(), 2021, calendar)
    analyses = [p for p in plan if p.kind == "analysis"]
    assert [p.held_on.month for p in analyses] == [3, 6, 9, 12]
    for proposal in analyses:
        quarter = Period.quarter_of(proposal.held_on)
        last_two = calendar.working_days(quarter.start, quarter.end)[-2:]
        assert proposal.held_on not in last_two
    assert [p.topic for p in analyses] == [
        f"2021年第{n}季度意识形态领域情况分析研判" for n in "一二三四"
    ]
    reports = [p for p in plan if p.kind == "special_report"]
    assert [p.held_on.month for p in reports] == [6, 12]
    assert [p.topic for p in reports] == [
        "向上级党委专题汇报上半年意识形态工作情况",
        "向上级党委专题汇报下半年意识形态工作情况",
    ]
    [briefing] = [p for p in plan if p.kind == "party_briefing"]
    assert briefing.held_on.month == 12
    assert briefing.topic == "2021年度意识形态领域情况党内通报"
    assert all(p.ideology_related for p in analyses + reports + [briefing])
    # Most on Tuesday to Thursday.
    assert sum(p.held_on.weekday() in (1, 2, 3) for p in plan) >= len(plan) * 3 // 4
    study = [p.topic for p in plan if p.kind == COLLECTIVE]
    assert len(set(study)) == len(study)  # no topic twice in the year
    assert not any("二十大" in topic for topic in study)  # not held yet in 2021


def test_the_plan_is_deterministic() -> None:
    rules = default_rules()
    first = propose_plan(rules, 2026, WorkCalendar([2026]))
    assert propose_plan(list(reversed(rules)), 2026, WorkCalendar([2026])) == first
    # 2026: nothing on 国庆, 中秋 or the 调休 working Sunday 20 September.
    days = {p.held_on for p in first}
    assert not days & {D(2026, 9, 20), D(2026, 9, 25), D(2026, 10, 6), D(2026, 10, 10)}


def test_a_year_not_announced_avoids_the_likely_golden_weeks() -> None:
    calendar = WorkCalendar([2027])
    plan = propose_plan(default_rules(), 2027, calendar)
    assert unmet(default_rules(), 2027, facts(plan), D(2027, 1, 1)) == []
    assert not any(calendar.likely_day_off(p.held_on) for p in plan)


def test_existing_sessions_leave_only_what_is_missing() -> None:
    rules = default_rules()
    existing = [
        *(held(D(2021, month, 9), ideology=month in (3, 6)) for month in range(1, 7)),
        SessionFact(D(2021, 7, 8), COLLECTIVE, True, SessionStatus.PLANNED),
        SessionFact(D(2021, 7, 13), COLLECTIVE, False, SessionStatus.CANCELLED),
        SessionFact(D(2021, 7, 15), COLLECTIVE, False, SessionStatus.HELD, False),
        held(D(2021, 3, 25), "analysis"),
        held(D(2021, 6, 24), "special_report"),
    ]
    plan = propose_plan(rules, 2021, WorkCalendar([2021]), existing)
    kinds = Counter(p.kind for p in plan)
    assert kinds[COLLECTIVE] == 24 - 7
    assert sum(p.ideology_related for p in plan if p.kind == COLLECTIVE) == 6 - 3
    assert kinds["analysis"] == 3 and kinds["special_report"] == 1
    assert [p.held_on.month for p in plan if p.kind == "special_report"] == [12]
    taken = {s.held_on for s in existing if s.status is not SessionStatus.CANCELLED}
    assert not taken & {p.held_on for p in plan}
    assert unmet(rules, 2021, [*existing, *facts(plan)], D(2021, 1, 1)) == []
    # The held ones in the first half leave it one a month to add, not a crowd.
    first_half = Counter(
        p.held_on.month for p in plan if p.kind == COLLECTIVE and p.held_on.month <= 6
    )
    assert max(first_half.values()) == 1


def test_the_ideology_rule_adds_sessions_only_when_the_parent_has_none_to_give() -> None:
    rules = default_rules()
    existing = [held(D(2021, month, day)) for month in range(1, 13) for day in (8, 22)]
    plan = propose_plan(rules, 2021, WorkCalendar([2021]), existing)
    study = [p for p in plan if p.kind == COLLECTIVE]
    assert len(study) == 6
    assert all(p.ideology_related for p in study)
    assert all(p.serves == ("集中学习", "其中意识形态专题学习") for p in study)
    assert unmet(rules, 2021, [*existing, *facts(plan)], D(2021, 1, 1)) == []


def test_start_in_july_plans_the_second_half() -> None:
    rules = default_rules()
    start = D(2021, 7, 1)
    plan = propose_plan(rules, 2021, WorkCalendar([2021]), start=start)
    assert all(p.held_on >= start for p in plan)
    kinds = Counter(p.kind for p in plan)
    assert kinds == {
        "collective": 24,
        "analysis": 2,
        "special_meeting": 2,
        "special_report": 1,
        "party_briefing": 1,
    }
    assert unmet(rules, 2021, facts(plan), start) == []
    assert propose_plan(rules, 2021, WorkCalendar([2021]), start=D(2022, 1, 1)) == []


def test_overlapping_rules_share_sessions() -> None:
    study = RuleSpec(
        1, "集中学习", frozenset({"collective", "center_group"}), False, QuotaPeriod.YEAR, 24
    )
    center = RuleSpec(2, "中心组学习", frozenset({"center_group"}), False, QuotaPeriod.YEAR, 12)
    plan = propose_plan([study, center], 2024, WorkCalendar([2024]))
    assert Counter(p.kind for p in plan) == {"collective": 12, "center_group": 12}
    assert all(p.serves == ("集中学习", "中心组学习") for p in plan if p.kind == "center_group")
    assert unmet([study, center], 2024, facts(plan), D(2024, 1, 1)) == []


def test_a_units_own_kind() -> None:
    reading = RuleSpec(1, "读书班", frozenset({"reading_club"}), False, QuotaPeriod.QUARTER, 2)
    plan = propose_plan([reading], 2027, WorkCalendar([2027]))
    assert len(plan) == 8 and {p.kind for p in plan} == {"reading_club"}
    assert all(p.topic and p.serves == ("读书班",) for p in plan)


# --- property ---------------------------------------------------------------------------------
KINDS = ("collective", "center_group", "special_meeting", "analysis", "reading_club")
LIMITS = {QuotaPeriod.YEAR: 8, QuotaPeriod.HALF: 3, QuotaPeriod.QUARTER: 2}


@st.composite
def rule_sets(draw: st.DrawFn) -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    for _ in range(draw(st.integers(1, 3))):
        kinds = draw(st.frozensets(st.sampled_from(KINDS), min_size=1, max_size=3))
        period = draw(st.sampled_from(list(QuotaPeriod)))
        parent = RuleSpec(
            len(rules) + 1,
            f"规则{len(rules) + 1}",
            kinds,
            draw(st.booleans()),
            period,
            draw(st.integers(1, LIMITS[period])),
            sort_order=draw(st.integers(0, 3)),
        )
        rules.append(parent)
        if draw(st.booleans()):
            child_period = draw(st.sampled_from(list(QuotaPeriod)))
            rules.append(
                RuleSpec(
                    len(rules) + 1,
                    f"其中{len(rules) + 1}",
                    draw(st.frozensets(st.sampled_from(sorted(kinds)), min_size=1)),
                    True,
                    child_period,
                    draw(st.integers(1, LIMITS[child_period])),
                    parent_id=parent.id,
                )
            )
    return rules


@st.composite
def existing_sessions(draw: st.DrawFn, year: int) -> list[SessionFact]:
    return [
        SessionFact(
            draw(st.dates(D(year, 1, 1), D(year, 12, 31))),
            draw(st.sampled_from(KINDS)),
            draw(st.booleans()),
            draw(st.sampled_from(list(SessionStatus))),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 6)))
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rules=rule_sets(),
    year=st.sampled_from([2021, 2024, 2026, 2027]),
    start_month=st.one_of(st.none(), st.integers(1, 9)),
    data=st.data(),
)
def test_any_small_rule_set_is_met(
    rules: list[RuleSpec], year: int, start_month: int | None, data: st.DataObject
) -> None:
    existing = data.draw(existing_sessions(year))
    start = D(year, start_month, 1) if start_month else None
    today = start or D(year, 1, 1)
    calendar = WorkCalendar([year])
    plan = propose_plan(rules, year, calendar, existing, start)
    assert unmet(rules, year, [*existing, *facts(plan)], today) == []
    # Never more than what is owed, and only on free working days from `start` on.
    assert len(plan) <= owed(rules, year, existing, today)
    days = [p.held_on for p in plan]
    assert len(set(days)) == len(days)
    assert all(today <= day <= D(year, 12, 31) and calendar.is_working_day(day) for day in days)
    taken = {s.held_on for s in existing if s.status is not SessionStatus.CANCELLED}
    assert not taken & set(days)
    names = {rule.name for rule in rules}
    assert all(p.serves and set(p.serves) <= names and p.topic for p in plan)
    assert propose_plan(rules, year, calendar, existing, start) == plan
