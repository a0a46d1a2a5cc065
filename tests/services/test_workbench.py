"""工作台 and 报送日历: the default calendar, what is owed before and after archiving, the
horizon, the first-record rule, editing the calendar, and every kind of agenda line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ideowork.db.models import AuditEntry, ReportDue
from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.quota import QuotaStatus
from ideowork.domain.report_calendar import Cadence
from ideowork.domain.vocab import StudyKind, TaskStatus
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from ideowork.services.ledgers.cases import Assignment, CaseDraft, Closing
from ideowork.services.ledgers.sessions import SessionDraft
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.runtime import FixedClock
from ideowork.services.unit import OfficeInfo, UnitInfo
from ideowork.services.workbench.agenda import AgendaKind
from ideowork.services.workbench.report_calendar import DueDraft

QUARTER_REPORTS = {"quarterly-implementation", "quarterly-analysis"}


@pytest.fixture
def on_demo_day(demo_services: Services, clock: FixedClock) -> Services:
    """The demo unit on 2020-10-05: the third quarter just over, its reports due on the 10th."""
    clock.set(dt.date(2020, 10, 5))
    return demo_services


def _owed(services: Services, **kwargs: int) -> set[tuple[str, str]]:
    return {(o.template, o.period) for o in services.workbench.calendar.owed(**kwargs)}


def _audit_count(services: Services, entity: str) -> int:
    with services.runtime.read() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == entity)
            )
            or 0
        )


# --- the calendar ------------------------------------------------------------------------------
def test_the_default_calendar_is_stored_on_first_read_with_one_audit_entry(
    services: Services,
) -> None:
    entries = services.workbench.calendar.entries()
    assert [e.draft.template for e in entries] == [
        "implementation-plan",
        "annual-points",
        "quarterly-implementation",
        "quarterly-analysis",
        "half-year-report",
        "annual-briefing",
        "annual-summary",
    ]
    assert all(e.id is not None and e.draft.active for e in entries)
    by_template = {e.draft.template: e for e in entries}
    assert by_template["half-year-report"].draft.cadence is Cadence.HALF
    assert "每半年向上级党委专题汇报" in by_template["half-year-report"].draft.basis
    assert by_template["annual-briefing"].draft.cadence is Cadence.YEAR
    assert by_template["implementation-plan"].draft.cadence is Cadence.YEAR_START
    assert by_template["quarterly-analysis"].rule_text == "季度结束后10日内"
    assert by_template["quarterly-analysis"].template_known
    services.workbench.calendar.entries()  # read again: nothing written again
    assert _audit_count(services, "report_due") == 1


def test_the_demo_names_the_recipients_after_its_superior_bodies(demo_services: Services) -> None:
    entries = {e.draft.template: e.draft for e in demo_services.workbench.calendar.entries()}
    assert entries["quarterly-analysis"].recipient == "县委宣传部"
    assert entries["half-year-report"].recipient == "中共××县委员会"
    assert _audit_count(demo_services, "report_due") == 0  # loaded with the demo, not seeded


def test_a_reader_who_may_not_change_documents_sees_the_defaults_unstored(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.runtime, "may_change", lambda module: module != "documents")
    entries = services.workbench.calendar.entries()
    assert len(entries) == 7 and all(e.id is None for e in entries)
    with services.runtime.read() as session:
        assert not session.scalar(select(func.count()).select_from(ReportDue))


def test_editing_the_calendar(services: Services) -> None:
    calendar = services.workbench.calendar
    entries = calendar.entries()
    analysis = next(e for e in entries if e.draft.template == "quarterly-analysis")

    with pytest.raises(ValidationError, match="报送日历中已有“意识形态工作分析研判报告”"):
        calendar.save(DueDraft("quarterly-analysis", "重复", Cadence.QUARTER, 5))
    with pytest.raises(ValidationError, match="不能按“每年年初”起草") as wrong_cadence:
        calendar.save(DueDraft("quarterly-analysis", "研判", Cadence.YEAR_START, 5))
    assert wrong_cadence.value.field == "cadence"
    with pytest.raises(ValidationError, match="0到366天"):
        calendar.save(DueDraft("annual-briefing", "通报", Cadence.YEAR, 400))
    with pytest.raises(ValidationError, match="请填写事项名称"):
        calendar.save(DueDraft("annual-briefing", "  ", Cadence.YEAR, 4))
    with pytest.raises(ValidationError, match="模板编号"):
        calendar.save(DueDraft("季度报告", "报告", Cadence.QUARTER, 4))

    # An obligation whose template does not exist yet is kept and listed, not draftable.
    added = calendar.save(
        DueDraft("monthly-briefing", "意识形态工作月报", Cadence.QUARTER, 3, "县委宣传部")
    )
    assert added.id is not None and not added.template_known
    assert added.sort_order == 8

    changed = calendar.save(
        DueDraft(
            "quarterly-analysis",
            "分析研判报告",
            Cadence.QUARTER,
            20,
            "县委宣传部",
            id=analysis.id,
            version=analysis.draft.version,
        )
    )
    assert changed.draft.due_days == 20 and changed.draft.version == 2
    with pytest.raises(EditConflict):  # saved from the version before that change
        calendar.save(
            DueDraft(
                "quarterly-analysis",
                "另一个名称",
                Cadence.QUARTER,
                10,
                id=analysis.id,
                version=analysis.draft.version,
            )
        )
    off = calendar.set_active(changed.draft.id or 0, False)
    assert not off.draft.active
    assert added.id is not None
    calendar.delete(added.id, added.draft.version)
    assert [e.draft.name for e in calendar.entries()][3] == "分析研判报告"
    calendar.restore_defaults()
    restored = calendar.entries()
    assert len(restored) == 7 and all(e.draft.active for e in restored)
    summaries = _audit_summaries(services)
    assert any("新增报送事项：意识形态工作月报" in s for s in summaries)
    assert any("已停用" in s for s in summaries)
    assert any("删除报送事项：意识形态工作月报" in s for s in summaries)
    assert any("报送日历恢复为默认" in s for s in summaries)


def _audit_summaries(services: Services) -> list[str]:
    with services.runtime.read() as session:
        return list(session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)))


# --- what is owed ------------------------------------------------------------------------------
def test_an_empty_database_owes_nothing_and_says_what_to_set_up(services: Services) -> None:
    home = services.workbench.home()
    assert home.unit_name == "" and not home.set_up
    assert [step.key for step in home.setup if not step.done] == ["unit", "people", "plan"]
    assert home.agenda.items == [] and home.agenda.overdue == 0
    assert services.workbench.calendar.owed() == []
    assert home.glance.rules == [] and home.glance.task_total == 0 and home.glance.case_total == 0


def test_the_demo_owes_the_third_quarters_reports_until_they_are_archived(
    on_demo_day: Services, tmp_path: Path
) -> None:
    owed = on_demo_day.workbench.calendar.owed()
    q3 = [o for o in owed if o.period == "2020Q3"]
    assert {o.template for o in q3} == QUARTER_REPORTS
    assert all(o.due == dt.date(2020, 10, 10) and o.days_late == -5 for o in q3)
    assert all(not o.overdue and o.draftable for o in q3)
    # The first quarter's are long overdue; nothing before the demo's records (2020) is owed.
    first = next(o for o in owed if o.template == "quarterly-analysis" and o.period == "2020Q1")
    assert first.overdue and first.days_late == 178
    assert all(not o.period.startswith("2019") for o in owed)
    assert ("implementation-plan", "2020") in _owed(on_demo_day)
    assert ("annual-summary", "2020") not in _owed(on_demo_day)  # due 2021-01-15

    on_demo_day.reports.make("quarterly-analysis", Period.parse("2020Q3"), tmp_path, {"pdf"})
    after = _owed(on_demo_day)
    assert ("quarterly-analysis", "2020Q3") not in after
    assert ("quarterly-implementation", "2020Q3") in after
    # A line turned off is owed no more.
    line = next(
        e
        for e in on_demo_day.workbench.calendar.entries()
        if e.draft.template == "quarterly-implementation"
    )
    on_demo_day.workbench.calendar.set_active(line.id or 0, False)
    assert not any(t == "quarterly-implementation" for t, _ in _owed(on_demo_day))


def test_the_horizon_decides_what_is_due_soon(on_demo_day: Services, clock: FixedClock) -> None:
    clock.set(dt.date(2020, 9, 20))  # the third quarter's reports are due on 10 October
    assert not any(p == "2020Q3" for _, p in _owed(on_demo_day))
    assert {t for t, p in _owed(on_demo_day, horizon_days=20) if p == "2020Q3"} == QUARTER_REPORTS
    assert {t for t, p in _owed(on_demo_day, horizon_days=0) if p == "2020Q3"} == set()
    with pytest.raises(ValidationError, match="0到366之间"):
        on_demo_day.workbench.calendar.owed(horizon_days=-1)


def test_nothing_is_owed_for_periods_before_the_first_record(
    services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 10, 5))
    services.sessions.save(
        SessionDraft(held_on=dt.date(2020, 8, 15), kind=StudyKind.CENTER_GROUP, topic="学习")
    )
    owed = _owed(services)
    assert ("quarterly-analysis", "2020Q3") in owed
    assert ("quarterly-analysis", "2020Q2") not in owed  # ended before the first record
    assert ("implementation-plan", "2020") in owed  # the year the records are in
    assert not any(p.startswith("2019") for _, p in owed)


def test_only_this_and_last_year_are_looked_at(demo_services: Services) -> None:
    # TEST_NOW is in November 2026; the demo's records are of 2020: 2025 and 2026 are owed.
    periods = {p for _, p in _owed(demo_services)}
    assert periods and all(p.startswith(("2025", "2026")) for p in periods)
    assert "2026Q3" in periods and "2026Q4" not in periods


# --- the agenda --------------------------------------------------------------------------------
def test_the_demo_agenda_lists_the_owed_reports_and_the_year_at_a_glance(
    on_demo_day: Services,
) -> None:
    home = on_demo_day.workbench.home()
    assert home.unit_name == "中共完冒镇委员会" and home.set_up
    assert home.today == dt.date(2020, 10, 5)
    reports = [i for i in home.agenda.items if i.kind is AgendaKind.REPORT]
    soon = [i for i in reports if not i.overdue]
    assert {i.target.template for i in soon} == QUARTER_REPORTS
    assert {i.what for i in soon} == {
        "2020年第三季度意识形态工作分析研判报告",
        "2020年第三季度意识形态工作落实情况报告",
    }
    assert all(i.when == "还有5天（10月10日）" for i in soon)
    assert home.agenda.items[0].overdue  # overdue lines first
    assert home.agenda.counts[AgendaKind.REPORT].due_soon == 2
    glance = home.glance
    assert [q.label for q in glance.quarters] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert glance.quarters[2].received == 11 and glance.case_total == 14
    assert glance.rules[0].name == "集中学习" and glance.rules[0].done == 21
    assert glance.rules[1].depth == 1
    statuses = {s.status: s.count for s in glance.tasks}
    assert statuses[TaskStatus.IN_PROGRESS] == 7 and statuses[TaskStatus.DONE] == 1


def test_each_kind_of_agenda_line(services: Services, clock: FixedClock) -> None:
    clock.set(dt.date(2020, 10, 5))
    services.unit.save_unit(UnitInfo(full_name="中共测试镇委员会"))
    office = services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.sessions.save(
        SessionDraft(held_on=dt.date(2020, 1, 8), kind=StudyKind.CENTER_GROUP, topic="学习")
    )
    late_task = services.matrix.create_task(
        2020, TaskDraft("开展网络安全宣传", deadline=dt.date(2020, 9, 30))
    )
    services.matrix.create_task(2020, TaskDraft("报送宣传信息", deadline=dt.date(2020, 10, 12)))
    services.matrix.create_task(
        2020,
        TaskDraft("已完成的任务", deadline=dt.date(2020, 9, 1), status=TaskStatus.DONE),
    )
    services.matrix.create_task(2020, TaskDraft("年底的任务", deadline=dt.date(2020, 12, 31)))
    open_case = services.cases.register(
        CaseDraft("hotline_12345", dt.date(2020, 9, 21), "反映路灯不亮", case_no="12345-1")
    )
    services.cases.assign(
        open_case.id, Assignment(office.id, dt.date(2020, 9, 21), dt.date(2020, 9, 28))
    )
    closed = services.cases.register(
        CaseDraft("hotline_12345", dt.date(2020, 9, 1), "咨询医保缴费", case_no="12345-2")
    )
    services.cases.close(closed.id, Closing(dt.date(2020, 9, 3), "已答复"))
    services.findings.save(FindingInfo(id=None, period="2020Q2", problem_title="学习流于形式"))
    services.findings.save(FindingInfo(id=None, period="2020Q3", problem_title="阵地管理薄弱"))

    agenda = services.workbench.agenda()
    by_kind = {kind: [i for i in agenda.items if i.kind is kind] for kind in AgendaKind}

    tasks = by_kind[AgendaKind.TASK]
    assert [(i.what, i.days_late) for i in tasks] == [
        ("开展网络安全宣传", 5),
        ("报送宣传信息", -7),
    ]
    assert tasks[0].target.page == "matrix" and tasks[0].target.record_id == late_task.id
    assert tasks[0].target.year == 2020 and tasks[0].when == "逾期5天（9月30日）"
    assert agenda.counts[AgendaKind.TASK].overdue == 1
    assert agenda.counts[AgendaKind.TASK].due_soon == 1

    [case_line] = by_kind[AgendaKind.CASE]
    assert case_line.what == "12345-1 反映路灯不亮" and case_line.days_late == 7
    assert case_line.target.record_id == open_case.id and "党政办公室" in case_line.note

    [revisit] = by_kind[AgendaKind.REVISIT]
    assert revisit.target.record_id == closed.id
    assert revisit.due == dt.date(2020, 9, 10) and revisit.overdue

    [finding] = by_kind[AgendaKind.FINDING]  # 2020Q3's is due at the end of 2020Q4
    assert finding.what == "学习流于形式" and finding.due == dt.date(2020, 9, 30)
    assert finding.target.period == "2020Q2" and finding.days_late == 5

    quotas = by_kind[AgendaKind.QUOTA]
    assert any(i.what.startswith("集中学习（2020年）还差23次") for i in quotas)
    assert all(i.target.page == "studies" and i.target.year == 2020 for i in quotas)
    assert any(i.overdue for i in quotas)  # the second quarter's 分析研判 was never held

    assert by_kind[AgendaKind.REPORT]  # the records begin in 2020: its reports are owed
    overdue = [i.overdue for i in agenda.items]
    assert overdue == sorted(overdue, reverse=True)
    assert agenda.overdue == sum(1 for i in agenda.items if i.overdue)


def test_revisited_and_later_cases_leave_the_agenda(services: Services, clock: FixedClock) -> None:
    from ideowork.domain.vocab import Satisfaction
    from ideowork.services.ledgers.cases import Revisit

    clock.set(dt.date(2020, 10, 5))
    closed = services.cases.register(
        CaseDraft("hotline_12345", dt.date(2020, 9, 1), "咨询医保缴费", case_no="12345-2")
    )
    services.cases.close(closed.id, Closing(dt.date(2020, 9, 3), "已答复"))
    assert services.workbench.agenda().counts[AgendaKind.REVISIT].overdue == 1
    services.cases.revisit(closed.id, Revisit(dt.date(2020, 9, 8), Satisfaction.SATISFIED, "满意"))
    assert services.workbench.agenda().counts[AgendaKind.REVISIT].total == 0


def test_a_rule_behind_pace_is_listed_before_its_period_ends(
    demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 10, 5))
    glance = demo_services.workbench.glance()
    assert all(rule.status is QuotaStatus.GREEN for rule in glance.rules)
    assert demo_services.workbench.agenda().counts[AgendaKind.QUOTA].total == 0
    clock.set(dt.date(2020, 12, 10))  # no more sessions: the year's 集中学习 falls behind
    quotas = [i for i in demo_services.workbench.agenda().items if i.kind is AgendaKind.QUOTA]
    assert any(i.what.startswith("集中学习（2020年）还差3次") for i in quotas)
    assert all(not i.overdue for i in quotas)
