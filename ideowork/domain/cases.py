"""Rules of the 舆情台账's cases: their workflow, deadlines, and when one is overdue.

登记 (已接收) → 交办 (已交办) → 办理 (已办理) → 办结 (已办结); a handled or closed case can be
reopened (back to 已交办). A case is overdue when it is past its deadline and not yet handled,
or was handled only after the deadline (the ledger keeps that it was late).
"""

from __future__ import annotations

import datetime as dt

from ideowork.domain.vocab import CaseStatus, Satisfaction
from ideowork.domain.workflow import Workflow

FINISHED_CASE_STATUSES = frozenset({CaseStatus.HANDLED, CaseStatus.CLOSED})
# 回访 results that count as satisfied in the 满意率.
SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY})
# A case is due soon within this many days of its deadline.
DUE_SOON_DAYS = 3

CASE_WORKFLOW = Workflow(
    "舆情事项",
    {
        CaseStatus.RECEIVED: frozenset({CaseStatus.ASSIGNED, CaseStatus.HANDLED}),
        CaseStatus.ASSIGNED: frozenset({CaseStatus.HANDLED}),
        CaseStatus.HANDLED: frozenset({CaseStatus.CLOSED, CaseStatus.ASSIGNED}),
        CaseStatus.CLOSED: frozenset({CaseStatus.ASSIGNED}),
    },
)


def case_is_finished(status: CaseStatus) -> bool:
    return status in FINISHED_CASE_STATUSES


def case_is_overdue(
    status: CaseStatus, deadline: dt.date | None, handled_on: dt.date | None, today: dt.date
) -> bool:
    """Past its deadline and not handled, or handled only after the deadline."""
    if deadline is None:
        return False
    if case_is_finished(status):
        return handled_on is not None and handled_on > deadline
    return today > deadline


def case_is_due_soon(
    status: CaseStatus, deadline: dt.date | None, today: dt.date, days: int = DUE_SOON_DAYS
) -> bool:
    """Not handled, not yet overdue, and the deadline within `days` days."""
    if deadline is None or case_is_finished(status):
        return False
    return today <= deadline <= today + dt.timedelta(days=days)


def is_satisfied(satisfaction: Satisfaction | None) -> bool:
    return satisfaction in SATISFIED
