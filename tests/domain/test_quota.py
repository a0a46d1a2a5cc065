from __future__ import annotations

import datetime as dt

from ideowork.domain.periods import Period
from ideowork.domain.quota import (
    QuotaStatus,
    RuleSpec,
    SessionFact,
    evaluate,
    period_status,
    working_days_left,
)
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
    # Half the year gone, half of the four held: on the even pace.
    assert (result.done, result.planned, result.status) == (2, 1, QuotaStatus.GREEN)
    assert result.reason == "已完成2次，按均衡进度应完成1次"


def test_cancelled_and_excluded_sessions_do_not_count() -> None:
    sessions = [
        SessionFact(dt.date(2020, 1, 1), StudyKind.COLLECTIVE, False, SessionStatus.CANCELLED),
        SessionFact(dt.date(2020, 1, 2), StudyKind.COLLECTIVE, False, SessionStatus.HELD, False),
        held("2019-12-31"),
    ]
    [result] = evaluate([COLLECTIVE], 2020, sessions, dt.date(2021, 1, 1))
    assert result.done == 0


Y2020 = Period.year_of(2020)


def test_pace_with_its_reason() -> None:
    mid_year = dt.date(2020, 7, 1)  # a Wednesday, 183 of 366 days in
    assert period_status(24, 24, 0, Y2020, mid_year) == (QuotaStatus.GREEN, "已完成24次")
    assert period_status(24, 12, 0, Y2020, mid_year)[0] is QuotaStatus.GREEN  # on the pace
    assert period_status(24, 6, 0, Y2020, mid_year) == (
        QuotaStatus.AMBER,
        "低于均衡进度：按时间应已完成12次，实际6次",
    )
    assert period_status(24, 6, 18, Y2020, mid_year)[0] is QuotaStatus.GREEN  # planned makes up
    assert period_status(24, 23, 0, Y2020, dt.date(2021, 1, 1)) == (
        QuotaStatus.RED,
        "期间已结束，仍欠1次",
    )
    # 28 December 2020 is a Monday: four working days left for five sessions.
    assert period_status(24, 19, 0, Y2020, dt.date(2020, 12, 28)) == (
        QuotaStatus.RED,
        "只剩4个工作日，仍欠5次，期内已无法完成",
    )
    assert period_status(1, 0, 0, Y2020, dt.date(2019, 12, 1)) == (
        QuotaStatus.AMBER,
        "尚未开始，还需安排1次",
    )
    assert period_status(1, 0, 1, Y2020, dt.date(2019, 12, 1))[0] is QuotaStatus.GREEN


def test_working_days_left() -> None:
    assert working_days_left(Y2020, dt.date(2020, 12, 28)) == 4
    assert working_days_left(Y2020, dt.date(2021, 1, 1)) == 0
    assert working_days_left(Period.parse("2020Q1"), dt.date(2019, 6, 1)) == 65


def test_a_rule_is_judged_by_the_periods_begun() -> None:
    sessions = [held("2020-03-01", StudyKind.SPECIAL_REPORT)]
    [result] = evaluate([REPORT], 2020, sessions, dt.date(2020, 5, 1))
    # The second half is not yet planned, but it has not begun: the rule is on track.
    assert result.status is QuotaStatus.GREEN and result.reason == "已完成1次"
    assert result.current is not None and result.current.period == "2020H1"
    [late] = evaluate([REPORT], 2020, sessions, dt.date(2020, 12, 31))
    assert late.status is QuotaStatus.AMBER
    assert late.reason == "下半年：低于均衡进度：按时间应已完成1次，实际0次"
    [over] = evaluate([REPORT], 2020, sessions, dt.date(2021, 1, 4))
    assert (over.status, over.reason) == (QuotaStatus.RED, "下半年：期间已结束，仍欠1次")
