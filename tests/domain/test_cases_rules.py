"""Deadlines suggested for a case, and personal data masking."""

from __future__ import annotations

import datetime as dt

from ideowork.domain.cases import (
    add_working_days,
    asks_to_report_upward,
    deadline_rule,
    handled_in_time,
    suggested_deadlines,
)
from ideowork.domain.privacy import mask_name, mask_phone
from ideowork.domain.vocab import CaseStatus, Channel, Severity

FRIDAY = dt.date(2020, 7, 10)


def test_working_days_skip_the_weekend() -> None:
    assert add_working_days(FRIDAY, 0) == FRIDAY
    assert add_working_days(FRIDAY, 1) == dt.date(2020, 7, 13)  # Monday
    assert add_working_days(FRIDAY, 5) == dt.date(2020, 7, 17)


def test_deadlines_follow_the_channel_and_tighten_with_severity() -> None:
    assert suggested_deadlines(Channel.HOTLINE_12345, Severity.NORMAL, FRIDAY) == (
        dt.date(2020, 7, 13),
        dt.date(2020, 7, 17),
    )
    assert deadline_rule(Channel.ONLINE_PETITION, Severity.NORMAL).handle_days == 60
    assert deadline_rule(Channel.ONLINE_PETITION, Severity.MAJOR).handle_days == 30
    critical = deadline_rule(Channel.HOTLINE_12345, Severity.CRITICAL)
    assert (critical.reply_days, critical.handle_days) == (0, 2)
    assert deadline_rule("u-custom", Severity.NORMAL).handle_days == 10  # a unit's own channel
    assert asks_to_report_upward(Severity.CRITICAL) and not asks_to_report_upward(Severity.MAJOR)


def test_handled_in_time() -> None:
    deadline = dt.date(2020, 7, 17)
    assert handled_in_time(CaseStatus.CLOSED, deadline, deadline) is True
    assert handled_in_time(CaseStatus.CLOSED, deadline, dt.date(2020, 7, 18)) is False
    assert handled_in_time(CaseStatus.ASSIGNED, deadline, None) is None
    assert handled_in_time(CaseStatus.CLOSED, None, deadline) is None


def test_personal_data_is_masked() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0851-8612345") == "085*-***2345"
    assert mask_phone("8612345") == "861**45"  # a local number keeps fewer digits
    assert mask_phone("110") == "***"
