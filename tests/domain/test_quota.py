from __future__ import annotations

import datetime as dt

from ideowork.domain.quota import QuotaStatus, RuleSpec, SessionFact, evaluate, period_status
from ideowork.domain.vocab import QuotaPeriod, SessionStatus, StudyKind

COLLECTIVE = RuleSpec(1, "集中学习", frozenset({StudyKind.COLLECTIVE}), False, QuotaPeriod.YEAR, 4)
IDEOLOGY = RuleSpec(
    2, "其中意识形态", frozenset({StudyKind.COLLECTIVE}), True, QuotaPeriod.YEAR, 2, parent_id=1
)
REPORT = RuleSpec(3, "专题汇报", frozenset({StudyKind.SPECIAL_REPORT}), False, QuotaPeriod.HALF, 1)


def held(day: str, kind: StudyKind = StudyKind.COLLECTIVE, ideology: bool = False) -> SessionFact:
    return SessionFact(dt.date.fromisoformat(day), kind, ideology, SessionStatus.HELD)


def planned(day: str) -> SessionFact:
    return SessionFact(
        dt.date.fromisoformat(day), StudyKind.COLLECTIVE, False, SessionStatus.PLANNED
    )


def test_children_count_a_subset_of_the_parent() -> None:
    sessions = [
        held("2020-01-10", ideology=True),
        held("2020-02-10"),
        held("2020-03-10", ideology=True),
    ]
    [result, _report] = evaluate(
        [COLLECTIVE, IDEOLOGY, REPORT], 2020, sessions, dt.date(2021, 1, 1)
    )
    assert (result.required, result.done, result.owed, result.status) == (4, 3, 1, QuotaStatus.RED)
    [child] = result.children
    assert (child.done, child.owed, child.status) == (2, 0, QuotaStatus.GREEN)


def test_half_year_rule_is_owed_per_half() -> None:
    sessions = [
        held("2020-03-01", StudyKind.SPECIAL_REPORT),
        held("2020-05-01", StudyKind.SPECIAL_REPORT),
    ]
    [result] = evaluate([REPORT], 2020, sessions, dt.date(2021, 1, 1))
    # Two reports in the first half do not pay for the missing one in the second.
    assert (result.required, result.done, result.owed) == (2, 2, 1)
    assert [p.status for p in result.periods] == [QuotaStatus.GREEN, QuotaStatus.RED]


def test_planned_sessions_are_counted_apart_and_only_when_ahead() -> None:
    sessions = [
        held("2020-01-10"),
        held("2020-02-10"),
        planned("2020-11-10"),
        planned("2020-01-20"),
    ]
    [result] = evaluate([COLLECTIVE], 2020, sessions, dt.date(2020, 6, 30))
    assert (result.done, result.planned, result.status) == (2, 1, QuotaStatus.AMBER)


def test_cancelled_and_excluded_sessions_do_not_count() -> None:
    sessions = [
        SessionFact(dt.date(2020, 1, 1), StudyKind.COLLECTIVE, False, SessionStatus.CANCELLED),
        SessionFact(dt.date(2020, 1, 2), StudyKind.COLLECTIVE, False, SessionStatus.HELD, False),
        held("2019-12-31"),
    ]
    [result] = evaluate([COLLECTIVE], 2020, sessions, dt.date(2021, 1, 1))
    assert result.done == 0


def test_status_by_pace() -> None:
    assert period_status(24, 24, 0, 0.5) is QuotaStatus.GREEN
    assert period_status(24, 12, 0, 0.5) is QuotaStatus.AMBER
    assert period_status(24, 6, 0, 0.5) is QuotaStatus.RED
    assert period_status(24, 23, 0, 1.0) is QuotaStatus.RED
    assert period_status(1, 0, 0, 0.0) is QuotaStatus.AMBER  # a future period is simply owed
    assert period_status(24, 20, 1, 0.9) is QuotaStatus.RED  # near the end with too little planned
