"""阵地管理: positions under a named owner, events approved and filed before they are held (the
rule flagged), the review log; versions, audit and the editable kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.positions import (
    APPROVED_LATE,
    AWAITING_APPROVAL,
    FILED_LATE,
    NOT_APPROVED,
    NOT_FILED,
    POSITION_KINDS,
    check_event,
)
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.positions.events import EventInfo, EventQuery
from ideowork.services.positions.positions import CLOSED, OPEN, PositionInfo, PositionQuery
from ideowork.services.positions.reviews import ReviewInfo, ReviewQuery
from ideowork.services.unit import OfficeInfo, PersonInfo

DAY = dt.date(2020, 6, 12)


@pytest.fixture
def staff(services: Services) -> tuple[int, int, int]:
    """An office and two people: (office, owner, reviewer)."""
    office = services.unit.save_office(OfficeInfo(None, "宣传办"))
    owner = services.unit.save_person(PersonInfo(None, "刘洋", office_id=office.id))
    reviewer = services.unit.save_person(PersonInfo(None, "李红梅", office_id=office.id))
    assert office.id and owner.id and reviewer.id
    return office.id, owner.id, reviewer.id


def an_event(**changes: object) -> EventInfo:
    event = EventInfo(
        None,
        "lecture",
        "学习贯彻党的十九届五中全会精神宣讲",
        DAY,
        speaker="王教授",
        speaker_unit="县委党校",
        approved_on=DAY - dt.timedelta(days=5),
        approved_by="镇党委会议",
        filed_on=DAY - dt.timedelta(days=3),
    )
    return replace(event, **changes)  # type: ignore[arg-type]


def test_an_event_held_before_its_approval_is_flagged(services: Services) -> None:
    events = services.positions.events
    proper = events.save(an_event())
    late = events.save(
        an_event(topic="乡村振兴论坛", kind="forum", approved_on=DAY + dt.timedelta(days=2))
    )
    unapproved = events.save(an_event(topic="法治讲座", approved_on=None, approved_by=""))
    unfiled = events.save(an_event(topic="培训班", kind="training", filed_on=None))
    assert not proper.flagged and proper.flag_text == ""
    assert late.flagged and late.check.flags == (APPROVED_LATE,)
    assert unapproved.check.flags == (NOT_APPROVED,)
    assert unfiled.check.flags == (NOT_FILED,)
    flagged = events.find(EventQuery(period=Period.parse("2020Q2"), flagged_only=True))
    assert [e.topic for e in flagged] == ["乡村振兴论坛", "法治讲座", "培训班"]
    assert late.kind_label == "论坛"


def test_the_rule_for_events_still_to_come() -> None:
    today = dt.date(2020, 6, 1)
    assert check_event(DAY, None, None, today).flags == ()
    assert AWAITING_APPROVAL in check_event(DAY, None, None, today).text
    later = check_event(DAY, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2), today)
    assert later.flags == (APPROVED_LATE, FILED_LATE)
    assert check_event(DAY, DAY, DAY, DAY).flags == ()  # approved the same day: in time


def test_positions_need_an_owner_and_filter_by_kind_office_and_state(
    services: Services, staff: tuple[int, int, int]
) -> None:
    office, owner, reviewer = staff
    ledger = services.positions.positions
    with pytest.raises(ValidationError, match="管理员"):
        ledger.save(PositionInfo(None, "wechat_group", "完冒镇干部工作群"))
    group = ledger.save(
        PositionInfo(
            None,
            "wechat_group",
            "完冒镇干部工作群",
            office,
            owner,
            reviewer,
            audience=86,
            opened_on=dt.date(2018, 3, 1),
        )
    )
    board = ledger.save(PositionInfo(None, "bulletin_board", "镇政府宣传栏", None, owner))
    assert group.kind_label == "微信群" and group.manager_name == "刘洋"
    assert group.reviewer_name == "李红梅" and group.office_name == "宣传办"
    with pytest.raises(ValidationError, match="重复登记"):
        ledger.save(PositionInfo(None, "wechat_group", "完冒镇干部工作群", None, owner))
    with pytest.raises(ValidationError, match="负数"):
        ledger.save(replace(group, audience=-1))
    with pytest.raises(ValidationError, match="早于开通日期"):
        ledger.save(replace(group, closed_on=dt.date(2017, 1, 1)))
    with pytest.raises(ValidationError, match="不是本单位的阵地类型"):
        ledger.save(replace(group, kind="fax"))
    assert board.id is not None and group.id is not None
    ledger.close(board.id, dt.date(2020, 12, 1))
    assert [p.name for p in ledger.find(PositionQuery(state=OPEN))] == ["完冒镇干部工作群"]
    assert [p.name for p in ledger.find(PositionQuery(state=CLOSED))] == ["镇政府宣传栏"]
    assert [p.name for p in ledger.find(PositionQuery(office_id=office))] == ["完冒镇干部工作群"]
    assert [p.name for p in ledger.find(PositionQuery(kind="bulletin_board"))] == ["镇政府宣传栏"]
    # Seeded on first use: the kinds are now the unit's editable list.
    labels = [c.label for c in services.choices.entries(POSITION_KINDS)]
    assert labels[:3] == ["微信公众号", "微信群", "QQ群"]
    assert all(c.built_in for c in services.choices.entries(POSITION_KINDS))


def test_a_renamed_kind_is_shown_and_a_new_one_accepted(
    services: Services, staff: tuple[int, int, int]
) -> None:
    _office, owner, _reviewer = staff
    services.positions.kinds.ensure()
    entry = next(c for c in services.choices.entries(POSITION_KINDS) if c.code == "led_screen")
    services.choices.rename(entry.id, "LED电子显示屏")
    added = services.choices.add(POSITION_KINDS, "视频号")
    screen = services.positions.positions.save(
        PositionInfo(None, "led_screen", "镇政府门口电子屏", None, owner)
    )
    channel = services.positions.positions.save(
        PositionInfo(None, added.code, "完冒发布视频号", None, owner)
    )
    assert screen.kind_label == "LED电子显示屏" and channel.kind_label == "视频号"


def test_reviews_belong_to_a_position_and_go_with_it(
    services: Services, staff: tuple[int, int, int]
) -> None:
    _office, owner, reviewer = staff
    account = services.positions.positions.save(
        PositionInfo(None, "wechat_account", "完冒发布", None, owner, reviewer)
    )
    reviews = services.positions.reviews
    with pytest.raises(ValidationError, match="哪个阵地"):
        reviews.save(ReviewInfo(None, None, DAY, "防汛提示"))
    first = reviews.save(ReviewInfo(None, account.id, DAY, "防汛提示", reviewer))
    reviews.save(
        ReviewInfo(None, account.id, dt.date(2020, 8, 3), "秋收动员", reviewer, "修改后发布")
    )
    assert first.position_name == "完冒发布" and first.reviewer_name == "李红梅"
    assert len(reviews.find(ReviewQuery(period=Period.parse("2020Q3")))) == 1
    [shown] = services.positions.positions.find()
    assert shown.review_count == 2 and shown.last_reviewed_on == dt.date(2020, 8, 3)
    assert account.id is not None
    assert services.positions.positions.delete(account.id, shown.version) == 2
    assert reviews.find() == []


def test_a_save_from_an_older_version_is_a_conflict_and_every_change_is_audited(
    services: Services,
) -> None:
    events = services.positions.events
    saved = events.save(an_event())
    events.save(replace(saved, place="镇会议室"))
    with pytest.raises(EditConflict):
        events.save(replace(saved, place="村委会"))
    late = events.save(
        an_event(topic="报告会", kind="report_meeting", approved_on=None, approved_by="")
    )
    assert late.id is not None
    events.delete(late.id, late.version)
    summaries = [e.summary for e in services.maintenance.recent_changes(10)]
    assert any("登记报告会：报告会（未经党委审批即举办）" in s for s in summaries)
    assert any("删除活动：报告会" in s for s in summaries)


def test_event_fields_are_checked(services: Services) -> None:
    events = services.positions.events
    with pytest.raises(ValidationError, match="活动主题"):
        events.save(an_event(topic="  "))
    with pytest.raises(ValidationError, match="审批的日期"):
        events.save(an_event(approved_on=None))
    with pytest.raises(ValidationError, match="年份超出范围"):
        events.save(an_event(held_on=dt.date(2202, 1, 1)))
