"""Rules of the 研判整改 findings: open until rectified, carried over, overdue after a grace.

A finding of a period is to be put right by the end of the following period of the same kind
(a 2020Q3 finding by the end of 2020Q4); open after that, it is overdue. Until closed it is
carried over into every later period's lists.
"""

from __future__ import annotations

import datetime as dt

from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.domain.workflow import Workflow

FINDING_WORKFLOW = Workflow(
    "问题",
    {
        FindingStatus.OPEN: frozenset({FindingStatus.CLOSED}),
        FindingStatus.CLOSED: frozenset({FindingStatus.OPEN}),  # found not put right after all
    },
)


def rectification_due(period: Period) -> dt.date:
    """The last day to put a finding of `period` right: the end of the next such period."""
    return period.following().end


def finding_is_overdue(period: Period, status: FindingStatus, today: dt.date) -> bool:
    return status is FindingStatus.OPEN and today > rectification_due(period)


def finding_is_carried_over(period: Period, status: FindingStatus, current: Period) -> bool:
    """Still open and from a period that ended before `current` began."""
    return status is FindingStatus.OPEN and period.end < current.start
