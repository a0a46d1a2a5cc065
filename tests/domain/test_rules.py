"""The rules of tasks, cases and findings: workflows and overdue, as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from ideowork.domain.cases import (
    CASE_WORKFLOW,
    available_actions,
    case_is_due_soon,
    case_is_overdue,
    check_action,
    is_satisfied,
)
from ideowork.domain.errors import ValidationError
from ideowork.domain.findings import (
    FINDING_WORKFLOW,
    finding_is_carried_over,
    finding_is_overdue,
    rectification_due,
)
from ideowork.domain.periods import Period
from ideowork.domain.tasks import TASK_WORKFLOW, effective_task_status, task_is_overdue
from ideowork.domain.vocab import CaseAction, CaseStatus, FindingStatus, Satisfaction, TaskStatus

D = dt.date


def test_a_task_is_overdue_after_its_deadline_until_done() -> None:
    deadline = D(2020, 6, 30)
    assert not task_is_overdue(deadline, TaskStatus.IN_PROGRESS, D(2020, 6, 30))
    assert task_is_overdue(deadline, TaskStatus.IN_PROGRESS, D(2020, 7, 1))
    assert not task_is_overdue(deadline, TaskStatus.DONE, D(2020, 7, 1))
    assert not task_is_overdue(None, TaskStatus.NOT_STARTED, D(2030, 1, 1))
    assert effective_task_status(deadline, TaskStatus.NOT_STARTED, D(2021, 1, 1)) is (
        TaskStatus.OVERDUE
    )


def test_task_workflow_reopens_but_does_not_unstart_a_finished_task() -> None:
    assert TASK_WORKFLOW.can_move(TaskStatus.DONE, TaskStatus.IN_PROGRESS)
    assert TASK_WORKFLOW.can_move(TaskStatus.DONE, TaskStatus.DONE)
    with pytest.raises(ValidationError, match=r"已完成.*不能直接改为.*未开始.*可改为：推进中"):
        TASK_WORKFLOW.check_move(TaskStatus.DONE, TaskStatus.NOT_STARTED)


@pytest.mark.parametrize(
    ("status", "deadline", "handled_on", "today", "overdue"),
    [
        (CaseStatus.ASSIGNED, D(2020, 8, 10), None, D(2020, 8, 10), False),
        (CaseStatus.ASSIGNED, D(2020, 8, 10), None, D(2020, 8, 11), True),
        (CaseStatus.RECEIVED, None, None, D(2030, 1, 1), False),
        (CaseStatus.HANDLED, D(2020, 8, 10), D(2020, 8, 10), D(2021, 1, 1), False),
        (CaseStatus.CLOSED, D(2020, 8, 10), D(2020, 8, 12), D(2021, 1, 1), True),  # late
        (CaseStatus.CLOSED, D(2020, 8, 10), None, D(2021, 1, 1), False),
    ],
)
def test_when_a_case_is_overdue(
    status: CaseStatus,
    deadline: dt.date | None,
    handled_on: dt.date | None,
    today: dt.date,
    overdue: bool,
) -> None:
    assert case_is_overdue(status, deadline, handled_on, today) is overdue


def test_a_case_is_due_soon_in_the_last_three_days() -> None:
    deadline = D(2020, 8, 10)
    assert not case_is_due_soon(CaseStatus.ASSIGNED, deadline, D(2020, 8, 6))
    assert case_is_due_soon(CaseStatus.ASSIGNED, deadline, D(2020, 8, 7))
    assert case_is_due_soon(CaseStatus.ASSIGNED, deadline, D(2020, 8, 10))
    assert not case_is_due_soon(CaseStatus.ASSIGNED, deadline, D(2020, 8, 11))  # overdue now
    assert not case_is_due_soon(CaseStatus.HANDLED, deadline, D(2020, 8, 9))


def test_case_workflow() -> None:
    # Answered on the spot, a consultation is closed straight from 已登记.
    assert CASE_WORKFLOW.next_statuses(CaseStatus.RECEIVED) == {
        CaseStatus.ASSIGNED,
        CaseStatus.HANDLING,
        CaseStatus.CLOSED,
    }
    assert CASE_WORKFLOW.can_move(CaseStatus.CLOSED, CaseStatus.HANDLING)  # reopened
    with pytest.raises(ValidationError, match="舆情事项当前为“已办结”"):
        CASE_WORKFLOW.check_move(CaseStatus.CLOSED, CaseStatus.ASSIGNED)
    assert available_actions(CaseStatus.RECEIVED)[:3] == [
        CaseAction.EDIT,
        CaseAction.ASSIGN,
        CaseAction.START,
    ]
    assert CaseAction.REVISIT in available_actions(CaseStatus.CLOSED)
    assert CaseAction.REVISIT not in available_actions(CaseStatus.HANDLING)
    assert check_action(CaseAction.CLOSE, CaseStatus.HANDLING) is CaseStatus.CLOSED
    assert check_action(CaseAction.REPORT, CaseStatus.HANDLING) is CaseStatus.HANDLING
    with pytest.raises(ValidationError, match="不能“回访”。现在可以：修改、交办"):
        check_action(CaseAction.REVISIT, CaseStatus.RECEIVED)
    assert is_satisfied(Satisfaction.BASICALLY) and not is_satisfied(Satisfaction.UNSATISFIED)
    assert not is_satisfied(None)


def test_a_finding_is_due_by_the_end_of_the_next_period() -> None:
    q3 = Period.parse("2020Q3")
    assert rectification_due(q3) == D(2020, 12, 31)
    assert rectification_due(Period.parse("2020Q4")) == D(2021, 3, 31)
    assert rectification_due(Period.parse("2020H2")) == D(2021, 6, 30)
    assert not finding_is_overdue(q3, FindingStatus.OPEN, D(2020, 12, 31))
    assert finding_is_overdue(q3, FindingStatus.OPEN, D(2021, 1, 1))
    assert not finding_is_overdue(q3, FindingStatus.CLOSED, D(2021, 1, 1))
    assert finding_is_carried_over(q3, FindingStatus.OPEN, Period.parse("2020Q4"))
    assert not finding_is_carried_over(q3, FindingStatus.OPEN, Period.parse("2020"))
    assert FINDING_WORKFLOW.can_move(FindingStatus.CLOSED, FindingStatus.OPEN)


@pytest.mark.parametrize(
    ("period", "following"),
    [("2020Q4", "2021Q1"), ("2020Q1", "2020Q2"), ("2020H2", "2021H1"), ("2020", "2021")],
)
def test_the_following_period(period: str, following: str) -> None:
    assert str(Period.parse(period).following()) == following
    assert str(Period.parse("2020-12").following()) == "2021-01"
