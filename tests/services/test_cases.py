"""The 舆情 case workflow: register, 交办, 处置, 办结, 回访, 上报, 重新办理 — with history."""

from __future__ import annotations

import datetime as dt

import pytest

from ideowork.db.models import AuditEntry
from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseAction, CaseStatus, Channel, Satisfaction, Severity
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import (
    Assignment,
    CaseDraft,
    Closing,
    Revisit,
    UpwardReport,
)
from ideowork.services.ledgers.sentiment import CaseQuery
from ideowork.services.runtime import FixedClock
from tests.conftest import TEST_ACTOR

DAY = dt.date(2021, 3, 1)  # a Monday


@pytest.fixture
def on_day(demo_services: Services, clock: FixedClock) -> Services:
    clock.set(dt.datetime(2021, 3, 1, 10, 30))
    return demo_services


def draft(**changes: object) -> CaseDraft:
    values: dict[str, object] = {
        "channel": Channel.HOTLINE_12345.value,
        "received_on": DAY,
        "received_time": dt.time(9, 5),
        "title": "反映某小区夜间施工噪音扰民",
        "content": "夜间十点后仍在施工。",
        "reporter": "张三",
        "phone": "13812345678",
        "category": "complaint",
    }
    values.update(changes)
    return CaseDraft(**values)  # type: ignore[arg-type]


def office_id(services: Services, name: str) -> int:
    office = next(o for o in services.unit.list_offices() if o.name == name)
    assert office.id is not None
    return office.id


def test_a_case_goes_through_the_whole_workflow(on_day: Services, clock: FixedClock) -> None:
    cases = on_day.cases
    case = cases.register(draft(case_no=cases.suggest_case_no("hotline_12345", DAY)))
    assert case.case_no == "12345-2021-0001" and case.status is CaseStatus.RECEIVED
    assert case.channel_label == "12345" and case.category_label == "投诉"
    assert CaseAction.ASSIGN in case.actions and CaseAction.REVISIT not in case.actions

    reply, deadline = cases.suggest_deadlines(case.channel, case.severity, DAY)
    assert (reply, deadline) == (dt.date(2021, 3, 2), dt.date(2021, 3, 8))
    assigned = cases.assign(
        case.id, Assignment(office_id(on_day, "党政办公室"), DAY, deadline, reply, note="请核实")
    )
    assert assigned.status is CaseStatus.ASSIGNED and assigned.office_name == "党政办公室"
    handling = cases.start(case.id, "已联系施工方")
    assert handling.status is CaseStatus.HANDLING
    clock.set(dt.datetime(2021, 3, 5, 16, 0))
    closed = cases.close(case.id, Closing(dt.date(2021, 3, 5), "已责令施工方调整作业时间。"))
    assert closed.status is CaseStatus.CLOSED and closed.handled_on == dt.date(2021, 3, 5)
    assert not closed.overdue
    revisited = cases.revisit(case.id, Revisit(dt.date(2021, 3, 5), Satisfaction.SATISFIED, "满意"))
    assert revisited.satisfaction is Satisfaction.SATISFIED
    reported = cases.report(case.id, UpwardReport("县委宣传部", dt.date(2021, 3, 5)))
    assert reported.reported_upward and reported.reported_to == "县委宣传部"

    history = [(e.action, e.note) for e in reported.events]
    assert [a for a, _ in history] == [
        CaseAction.REGISTER,
        CaseAction.ASSIGN,
        CaseAction.START,
        CaseAction.CLOSE,
        CaseAction.REVISIT,
        CaseAction.REPORT,
    ]
    assert "交办党政办公室，2021-03-08前办结。请核实" in history[1][1]
    assert all(e.actor == TEST_ACTOR.user for e in reported.events)
    assert reported.events[3].at == dt.datetime(2021, 3, 5, 16, 0)
    assert on_day.maintenance.check().ok

    reopened = cases.reopen(case.id, "群众再次来电反映未解决")
    assert reopened.status is CaseStatus.HANDLING and reopened.closed_on is None
    assert reopened.events[-1].action is CaseAction.REOPEN


def test_statistics_change_as_a_case_moves(on_day: Services, clock: FixedClock) -> None:
    quarter = Period.parse("2021Q1")
    before = on_day.sentiment.stats(quarter)
    case = on_day.cases.register(draft())
    after = on_day.sentiment.stats(quarter)
    assert after.total == before.total + 1 and after.handled == before.handled
    assert after.by_category["投诉"] == before.by_category.get("投诉", 0) + 1
    on_day.cases.assign(case.id, Assignment(office_id(on_day, "宣传办"), DAY, DAY))
    clock.set(dt.date(2021, 3, 3))
    late = on_day.sentiment.stats(quarter)
    assert late.overdue == before.overdue + 1 and late.by_office["宣传办"] >= 1
    on_day.cases.close(case.id, Closing(dt.date(2021, 3, 3), "已处理"))
    on_day.cases.revisit(case.id, Revisit(dt.date(2021, 3, 3), Satisfaction.UNSATISFIED))
    final = on_day.sentiment.stats(quarter)
    assert final.handled == before.handled + 1
    assert final.handled_with_deadline == before.handled_with_deadline + 1
    assert final.handled_in_time == before.handled_in_time  # closed after its deadline
    assert final.revisited == before.revisited + 1 and final.satisfied == before.satisfied


def test_wrong_steps_and_bad_input_are_refused(on_day: Services) -> None:
    cases = on_day.cases
    case = cases.register(draft(case_no="12345-2021-0099"))
    with pytest.raises(ValidationError, match="不能“回访”"):
        cases.revisit(case.id, Revisit(DAY, Satisfaction.SATISFIED))
    with pytest.raises(ValidationError, match="12345渠道已有编号为“12345-2021-0099”"):
        cases.register(draft(case_no="12345-2021-0099"))
    assert cases.register(draft(case_no="12345-2021-0099", channel="letter")).id  # other channel
    with pytest.raises(ValidationError, match="晚于今天"):
        cases.register(draft(received_on=dt.date(2021, 3, 2)))
    with pytest.raises(ValidationError, match="不像电话号码"):
        cases.register(draft(phone="请打办公室"))
    with pytest.raises(ValidationError, match="请填写事项"):
        cases.register(draft(title=" "))
    with pytest.raises(ValidationError, match="请选择承办股室或承办人"):
        cases.assign(case.id, Assignment(None, DAY, DAY))
    with pytest.raises(ValidationError, match="早于受理日期"):
        cases.close(case.id, Closing(dt.date(2021, 2, 1), "已处理"))
    with pytest.raises(ValidationError, match="请填写办理结果"):
        cases.close(case.id, Closing(DAY, ""))
    with pytest.raises(ValidationError, match="请填写重新办理的原因"):
        cases.reopen(case.id, "")
    assert cases.detail(case.id).events[-1].action is CaseAction.REGISTER  # nothing written


def test_personal_data_stays_out_of_the_list_and_the_audit_trail(on_day: Services) -> None:
    case = on_day.cases.register(draft(reporter="李四", phone="13900001111"))
    [view] = on_day.sentiment.cases_by_ids([case.id])
    assert "李四" not in repr(view) and "13900001111" not in repr(view)
    entry = on_day.maintenance.recent_changes(1)[0]
    with on_day.runtime.read() as session:
        row = session.get(AuditEntry, entry.id)
        assert row is not None and "李四" not in row.after_json and "1390000" not in row.after_json


def test_a_critical_case_asks_to_be_reported(on_day: Services) -> None:
    case = on_day.cases.register(draft(severity=Severity.CRITICAL))
    assert on_day.cases.asks_to_report(case.severity)
    reply, deadline = on_day.cases.suggest_deadlines(case.channel, case.severity, DAY)
    assert reply == DAY and deadline == dt.date(2021, 3, 3)


def test_cases_carried_over_from_the_demo_have_a_history(demo_services: Services) -> None:
    ids = demo_services.sentiment.case_ids(CaseQuery(text="WL-2020-011"))
    case = demo_services.cases.detail(ids[0])
    assert [e.action for e in case.events][:2] == [CaseAction.REGISTER, CaseAction.ASSIGN]
    assert case.category_label == "负面舆情" and case.severity is Severity.MAJOR
    assert case.received_time == dt.time(8, 30)


def test_monthly_series_and_ledger_rows(demo_services: Services) -> None:
    monthly = demo_services.sentiment.monthly(2020)
    assert sum(monthly.totals) == demo_services.sentiment.stats(Period.parse("2020")).total
    labels = [label for label, _ in monthly.series]
    assert labels.index("12345") < labels.index("区长信箱")
    assert monthly.satisfaction[6] == 1.0 and monthly.satisfaction[0] is None
    rows = demo_services.sentiment.ledger_rows(Period.parse("2020Q3"))
    assert len(rows) == 11 and rows[0].received_on <= rows[-1].received_on


def test_channels_and_categories_are_editable(on_day: Services) -> None:
    choices = on_day.choices
    added = choices.add("case_channel", "人民网留言板")
    assert added.code.startswith("u-") and not added.built_in
    case = on_day.cases.register(draft(channel=added.code))
    assert case.channel_label == "人民网留言板"
    choices.rename(added.id, "人民网领导留言板")
    assert on_day.cases.detail(case.id).channel_label == "人民网领导留言板"
    choices.set_active(added.id, False)
    assert added.code not in [c.code for c in choices.entries("case_channel", active_only=True)]
    assert on_day.cases.detail(case.id).channel_label == "人民网领导留言板"  # kept on records
    with pytest.raises(ValidationError, match="已有“12345”"):
        choices.add("case_channel", "12345")
    stats = on_day.sentiment.stats(Period.parse("2021Q1"))
    assert stats.by_channel["人民网领导留言板"] == 1
