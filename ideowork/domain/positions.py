"""阵地管理 rules: the built-in kinds of positions and events, and the check every event must
pass — held only after the 党委 approved it and the 宣传部 was told (谁主管谁负责、谁审批谁监督).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The unit's editable lists (`choice` table) and their built-in entries: (code, label).
POSITION_KINDS = "position_kind"
EVENT_KINDS = "event_kind"
POSITION_KIND_DEFAULTS: tuple[tuple[str, str], ...] = (
    ("wechat_account", "微信公众号"),
    ("wechat_group", "微信群"),
    ("qq_group", "QQ群"),
    ("short_video", "抖音/快手账号"),
    ("website", "网站"),
    ("bulletin_board", "宣传栏"),
    ("led_screen", "电子屏"),
    ("other", "其他"),
)
EVENT_KIND_DEFAULTS: tuple[tuple[str, str], ...] = (
    ("report_meeting", "报告会"),
    ("seminar", "研讨会"),
    ("lecture", "讲座"),
    ("forum", "论坛"),
    ("training", "培训"),
)
LIST_DEFAULTS: dict[str, tuple[tuple[str, str], ...]] = {
    POSITION_KINDS: POSITION_KIND_DEFAULTS,
    EVENT_KINDS: EVENT_KIND_DEFAULTS,
}

# What is wrong with an event, as the ledger and the page say it.
NOT_APPROVED = "未经党委审批即举办"
APPROVED_LATE = "审批晚于举办日期"
NOT_FILED = "未报宣传部备案"
FILED_LATE = "备案晚于举办日期"
# An event still to come that lacks either: not a breach yet, a reminder.
AWAITING_APPROVAL = "待党委审批"
AWAITING_FILING = "待报宣传部备案"


@dataclass(frozen=True)
class EventCheck:
    """The outcome of the rule for one event: breaches (`flags`) and, for an event still to
    come, what must happen first (`pending`)."""

    flags: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def text(self) -> str:
        return "；".join(self.flags or self.pending)


def check_event(
    held_on: dt.date, approved_on: dt.date | None, filed_on: dt.date | None, today: dt.date
) -> EventCheck:
    """An event must be approved by the 党委 and filed with the 宣传部 before it is held.

    An approval or filing dated after the event is a breach all the same (it was held without
    one); an event after `today` missing either is only pending."""
    if held_on > today:
        pending = []
        if approved_on is None:
            pending.append(AWAITING_APPROVAL)
        if filed_on is None:
            pending.append(AWAITING_FILING)
        late = []
        if approved_on is not None and approved_on > held_on:
            late.append(APPROVED_LATE)
        if filed_on is not None and filed_on > held_on:
            late.append(FILED_LATE)
        return EventCheck(tuple(late), tuple(pending))
    flags = []
    if approved_on is None:
        flags.append(NOT_APPROVED)
    elif approved_on > held_on:
        flags.append(APPROVED_LATE)
    if filed_on is None:
        flags.append(NOT_FILED)
    elif filed_on > held_on:
        flags.append(FILED_LATE)
    return EventCheck(tuple(flags))


NO_CHECK = EventCheck()  # an event not checked yet (being entered)
