"""Rules of the 舆情台账's cases: the workflow of actions, deadlines, and when one is overdue.

登记 (已登记) → 交办 (已交办) → 处置 (处置中) → 办结 (已办结) → 回访; 上报 at any step; a closed
case can be reopened (重新办理, back to 处置中) with a reason. A consultation answered on the spot
is closed straight from 已登记. A case is overdue when it is past its handling deadline and not
yet finished, or was finished only after it (the ledger keeps that it was late).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ideowork.domain.errors import ValidationError
from ideowork.domain.vocab import CaseAction, CaseStatus, Channel, Satisfaction, Severity
from ideowork.domain.workflow import Workflow

FINISHED_CASE_STATUSES = frozenset({CaseStatus.HANDLED, CaseStatus.CLOSED})
OPEN_CASE_STATUSES = frozenset(CaseStatus) - FINISHED_CASE_STATUSES
# 回访 answers that count as satisfied in the 满意率; NOT_REACHED is no answer at all.
SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY})
ANSWERED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED})
# A case is due soon within this many days of its deadline.
DUE_SOON_DAYS = 3

_ALL = frozenset(CaseStatus)
# From which statuses each action can be taken, and the status it leaves the case in
# (None: the status does not change).
ACTIONS: dict[CaseAction, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    CaseAction.EDIT: (_ALL, None),
    CaseAction.ASSIGN: (
        frozenset({CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.HANDLING}),
        CaseStatus.ASSIGNED,
    ),
    CaseAction.START: (frozenset({CaseStatus.RECEIVED, CaseStatus.ASSIGNED}), CaseStatus.HANDLING),
    CaseAction.CLOSE: (
        frozenset(
            {CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.HANDLING, CaseStatus.HANDLED}
        ),
        CaseStatus.CLOSED,
    ),
    CaseAction.REVISIT: (FINISHED_CASE_STATUSES, None),
    CaseAction.REPORT: (_ALL, None),
    CaseAction.REOPEN: (FINISHED_CASE_STATUSES, CaseStatus.HANDLING),
}


def _moves() -> dict[CaseStatus, frozenset[CaseStatus]]:
    moves: dict[CaseStatus, set[CaseStatus]] = {status: set() for status in CaseStatus}
    for sources, target in ACTIONS.values():
        if target is not None:
            for source in sources:
                if source != target:
                    moves[source].add(target)
    return {status: frozenset(targets) for status, targets in moves.items()}


CASE_WORKFLOW = Workflow("舆情事项", _moves())


def available_actions(status: CaseStatus) -> list[CaseAction]:
    """The actions the detail pane offers for a case in `status`, in workflow order."""
    return [action for action, (sources, _) in ACTIONS.items() if status in sources]


def check_action(action: CaseAction, status: CaseStatus) -> CaseStatus:
    """The status after `action`; a ValidationError in Chinese if it cannot be taken now."""
    sources, target = ACTIONS[action]
    if status not in sources:
        possible = "、".join(a.label for a in available_actions(status))
        raise ValidationError(
            f"该事项当前为“{status.label}”，不能“{action.label}”。现在可以：{possible}。",
            field="status",
        )
    return status if target is None else target


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


def handled_in_time(
    status: CaseStatus, deadline: dt.date | None, handled_on: dt.date | None
) -> bool | None:
    """For the 按时办结率: True/False for a finished case with a deadline, else None."""
    if not case_is_finished(status) or deadline is None or handled_on is None:
        return None
    return handled_on <= deadline


def is_satisfied(satisfaction: Satisfaction | None) -> bool:
    return satisfaction in SATISFIED


# --- deadlines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRule:
    """Working days to the first reply (0: the same day) and to the end of the handling."""

    reply_days: int
    handle_days: int


# What the platforms ask of a unit (a default the user can change in the form): 12345 work
# orders are answered within a working day and handled within five; a 信访 matter is accepted
# or refused within 15 days and handled within 60 (信访工作条例); network sentiment is answered
# the same day.
CHANNEL_DEADLINES: dict[str, DeadlineRule] = {
    Channel.HOTLINE_12345: DeadlineRule(1, 5),
    Channel.MAYOR_MAILBOX: DeadlineRule(3, 10),
    Channel.SECRETARY_MAILBOX: DeadlineRule(3, 10),
    Channel.ONLINE_PETITION: DeadlineRule(15, 60),
    Channel.LETTER: DeadlineRule(15, 60),
    Channel.VISIT: DeadlineRule(15, 60),
    Channel.PETITION: DeadlineRule(15, 60),
    Channel.NETWORK: DeadlineRule(0, 3),
    Channel.MEDIA: DeadlineRule(0, 3),
    Channel.CHAT_GROUP: DeadlineRule(0, 3),
}
DEFAULT_DEADLINE = DeadlineRule(3, 10)


def deadline_rule(channel: str, severity: Severity) -> DeadlineRule:
    """The channel's rule, tightened for a 较大 (half the time) or 重大 (same day, two days)."""
    rule = CHANNEL_DEADLINES.get(channel, DEFAULT_DEADLINE)
    if severity is Severity.MAJOR:
        return DeadlineRule(min(rule.reply_days, 1), max(1, math.ceil(rule.handle_days / 2)))
    if severity is Severity.CRITICAL:
        return DeadlineRule(0, min(rule.handle_days, 2))
    return rule


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` working days (Monday to Friday) after `day`; 0 is the day itself."""
    current = day
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def suggested_deadlines(
    channel: str, severity: Severity, from_day: dt.date
) -> tuple[dt.date, dt.date]:
    """(first reply by, handled by) for a case assigned on `from_day`."""
    rule = deadline_rule(channel, severity)
    return add_working_days(from_day, rule.reply_days), add_working_days(from_day, rule.handle_days)


def asks_to_report_upward(severity: Severity) -> bool:
    """A 重大 case: registering it asks whether to report it upward at once."""
    return severity is Severity.CRITICAL
