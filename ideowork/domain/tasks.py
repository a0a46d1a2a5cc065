"""Rules of the responsibility matrix's tasks: their status workflow and when one is overdue.

逾期 is derived, not stored: a task whose deadline has passed and that is not 已完成 shows as
逾期. The user may also set 逾期 by hand (a task without a deadline that is clearly late).
"""

from __future__ import annotations

import datetime as dt

from ideowork.domain.vocab import TaskStatus
from ideowork.domain.workflow import Workflow

# The status a task can be overdue in: everything but done.
FINISHED_TASK_STATUSES = frozenset({TaskStatus.DONE})

TASK_WORKFLOW = Workflow(
    "任务",
    {
        TaskStatus.NOT_STARTED: frozenset(
            {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.OVERDUE}
        ),
        TaskStatus.IN_PROGRESS: frozenset(
            {TaskStatus.NOT_STARTED, TaskStatus.DONE, TaskStatus.OVERDUE}
        ),
        TaskStatus.OVERDUE: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
        # Reopening a finished task is normal (an inspector finds it was not done after all);
        # back to 未开始 is not: the work and its notes exist.
        TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
    },
)


def task_is_overdue(deadline: dt.date | None, status: TaskStatus, today: dt.date) -> bool:
    """Past its deadline and not finished."""
    return deadline is not None and deadline < today and status not in FINISHED_TASK_STATUSES


def effective_task_status(
    deadline: dt.date | None, status: TaskStatus, today: dt.date
) -> TaskStatus:
    """What to show: 逾期 when overdue, else the status the user set."""
    return TaskStatus.OVERDUE if task_is_overdue(deadline, status, today) else status
