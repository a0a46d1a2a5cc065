"""Two PCs editing the same records of one database: the second save is refused with the first
one's name and time, nothing is overwritten, and the audit trail stays whole.

Two `Services` on the same database stand for the two PCs (each its own actor, as on a shared
server). Every test runs on whatever backend the `db` fixture gives (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from ideowork.db.engine import Database
from ideowork.db.models import AuditEntry, Office
from ideowork.domain.errors import NotFoundError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import Channel, StudyKind
from ideowork.services.choices import CASE_CHANNELS
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from ideowork.services.ledgers.cases import Assignment, CaseDraft, Closing
from ideowork.services.ledgers.quota_rules import RuleDraft
from ideowork.services.ledgers.sessions import SessionDraft
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.runtime import Actor, FixedClock, Runtime
from ideowork.services.system import audit
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo

ZHANG = Actor(user="张三", workstation="办公室电脑")
LI = Actor(user="李四", workstation="信访室电脑")
FIRST_SAVE = dt.datetime(2026, 11, 30, 10, 2)


class TwoPCs:
    """张三's PC and 李四's PC on one database, their clocks set apart."""

    def __init__(self, db: Database) -> None:
        self.clock_a = FixedClock(dt.datetime(2026, 11, 30, 9, 0))
        self.clock_b = FixedClock(dt.datetime(2026, 11, 30, 9, 0))
        self.a = Services(Runtime(db, self.clock_a, ZHANG))
        self.b = Services(Runtime(db, self.clock_b, LI))

    def a_saves_at(self, at: dt.datetime = FIRST_SAVE) -> Services:
        self.clock_a.set(at)
        return self.a

    def b_saves_later(self) -> Services:
        self.clock_b.set(FIRST_SAVE + dt.timedelta(minutes=5))
        return self.b

    def audit_entries(self) -> list[tuple[str, str, int | None, str]]:
        with self.a.runtime.read() as session:
            rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
            return [(r.action, r.entity, r.entity_id, r.actor) for r in rows]

    def chain_problems(self) -> list[str]:
        with self.a.runtime.read() as session:
            return audit.chain_problems(session)


@pytest.fixture
def pcs(db: Database) -> TwoPCs:
    return TwoPCs(db)


def refused(pcs: TwoPCs, save: Callable[[], Any]) -> EditConflict:
    """`save` (李四's) is refused; the trail has no entry of it and is unbroken."""
    before = pcs.audit_entries()
    with pytest.raises(EditConflict) as caught:
        save()
    assert pcs.audit_entries() == before
    assert pcs.chain_problems() == []
    conflict = caught.value
    assert "张三（办公室电脑）" in str(conflict)
    if not (conflict.deleted or conflict.deleting):
        assert "于 2026-11-30 10:02 修改，您的修改没有保存" in str(conflict)
    return conflict


# --- 单位信息 ------------------------------------------------------------------------------------
def test_unit_second_save_is_refused(pcs: TwoPCs) -> None:
    pcs.a.unit.save_unit(UnitInfo(full_name="中共完冒镇委员会", doc_prefix="完党字"))
    mine_a, mine_b = pcs.a.unit.get_unit(), pcs.b.unit.get_unit()
    assert mine_a is not None and mine_b is not None and mine_a.version == mine_b.version
    pcs.a_saves_at().unit.save_unit(replace(mine_a, propaganda_dept="县委宣传部"))
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().unit.save_unit(replace(mine_b, signature="完冒镇党委"))
    )
    assert conflict.label == "单位信息“中共完冒镇委员会”"
    assert conflict.values["propaganda_dept"] == "县委宣传部"
    assert conflict.last.at == FIRST_SAVE
    saved = pcs.b.unit.get_unit()
    assert saved is not None
    assert (saved.propaganda_dept, saved.signature) == ("县委宣传部", "")  # nothing overwritten
    # Reloaded, 李四 edits from the saved version and it goes through.
    pcs.b.unit.save_unit(replace(saved, signature="完冒镇党委"))
    final = pcs.a.unit.get_unit()
    assert final is not None and (final.propaganda_dept, final.signature) == (
        "县委宣传部",
        "完冒镇党委",
    )
    assert pcs.chain_problems() == []


def test_callers_without_a_version_are_never_refused(pcs: TwoPCs) -> None:
    """The command line, importers and the demo do not edit a loaded copy."""
    office = pcs.a.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    pcs.a.unit.save_office(replace(office, note="宣传思想工作"))
    pcs.b.unit.save_office(replace(office, note="意识形态工作", version=None))
    assert pcs.a.unit.list_offices()[0].note == "意识形态工作"


# --- 股室, 人员 ----------------------------------------------------------------------------------
def test_office_second_save_and_delete(pcs: TwoPCs) -> None:
    office = pcs.a.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    pcs.a_saves_at().unit.save_office(replace(office, note="宣传思想工作"))
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().unit.save_office(replace(office, name="宣传股"))
    )
    assert conflict.label == "股室“宣传办”" and conflict.values["note"] == "宣传思想工作"
    # Deleting what changed since it was seen asks again; with the new version it goes.
    conflict = refused(pcs, lambda: pcs.b.unit.delete_office(office.id or 0, office.version))
    assert conflict.deleting and "尚未删除" in str(conflict)
    assert [o.name for o in pcs.b.unit.list_offices()] == ["宣传办"]
    pcs.b.unit.delete_office(office.id or 0, conflict.version)
    assert pcs.a.unit.list_offices() == []


def test_person_edited_after_it_was_deleted(pcs: TwoPCs) -> None:
    person = pcs.a.unit.save_person(PersonInfo(id=None, name="王五", post="宣传委员"))
    pcs.a_saves_at().unit.delete_person(person.id or 0, person.version)
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().unit.save_person(replace(person, post="组织委员"))
    )
    assert conflict.deleted and conflict.label == "人员“王五”"
    assert "已被 张三（办公室电脑）于 2026-11-30 10:02 删除，您的修改没有保存" in str(conflict)
    assert pcs.b.unit.list_people() == []  # not brought back by the late save
    # Without a version (not an interactive edit) it stays the plain "not found".
    with pytest.raises(NotFoundError):
        pcs.b.unit.save_person(replace(person, version=None))


def test_person_second_save_is_refused(pcs: TwoPCs) -> None:
    person = pcs.a.unit.save_person(PersonInfo(id=None, name="王五", post="宣传委员"))
    pcs.a_saves_at().unit.save_person(replace(person, post="组织委员"))
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().unit.save_person(replace(person, note="兼任"))
    )
    assert conflict.values["post"] == "组织委员"
    assert [(p.post, p.note) for p in pcs.a.unit.list_people()] == [("组织委员", "")]


# --- the race: both checked before either wrote ------------------------------------------------
def test_a_stale_update_becomes_an_edit_conflict(pcs: TwoPCs) -> None:
    """张三's save commits between 李四's check and 李四's own UPDATE: that UPDATE matches no
    row (WHERE version = the one 李四 checked) and the StaleDataError is told as an
    EditConflict naming 张三's change."""
    office = pcs.a.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    assert office.id is not None
    pcs.a_saves_at().unit.save_office(replace(office, note="宣传思想工作"))
    before = pcs.audit_entries()
    with pytest.raises(EditConflict) as caught, pcs.b_saves_later().runtime.write() as session:
        row = session.get(Office, office.id)
        assert row is not None
        # 李四's check ran before 张三's commit: the row as 李四's transaction knew it.
        set_committed_value(row, "version", office.version)
        row.name = "宣传股"
        session.flush()
    conflict = caught.value
    assert (conflict.entity, conflict.record_id, conflict.deleted) == ("office", office.id, False)
    assert conflict.label == "股室“宣传办”" and conflict.values["note"] == "宣传思想工作"
    assert "已被 张三（办公室电脑）于 2026-11-30 10:02 修改，您的修改没有保存" in str(conflict)
    assert pcs.audit_entries() == before  # the whole write rolled back
    assert pcs.chain_problems() == []
    assert [(o.name, o.note) for o in pcs.a.unit.list_offices()] == [("宣传办", "宣传思想工作")]


def test_a_stale_delete_becomes_an_edit_conflict(pcs: TwoPCs) -> None:
    office = pcs.a.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    assert office.id is not None
    pcs.a_saves_at().unit.save_office(replace(office, note="宣传思想工作"))
    with pytest.raises(EditConflict) as caught, pcs.b_saves_later().runtime.write() as session:
        row = session.get(Office, office.id)
        assert row is not None
        set_committed_value(row, "version", office.version)
        session.delete(row)
        session.flush()
    assert caught.value.deleting and "尚未删除" in str(caught.value)
    assert [o.name for o in pcs.a.unit.list_offices()] == ["宣传办"]


# --- 责任清单 -----------------------------------------------------------------------------------
def test_task_second_save_and_delete(pcs: TwoPCs) -> None:
    leader = pcs.a.unit.save_person(PersonInfo(id=None, name="王五"))
    task = pcs.a.matrix.create_task(2026, TaskDraft(text="每季度分析研判意识形态形势"))
    seen_by_b = pcs.b.matrix.get(task.id)
    # Only the leaders change (another table): the task's version still moves on.
    pcs.a_saves_at().matrix.update_task(replace(TaskDraft.of(task), leader_ids=(leader.id or 0,)))
    conflict = refused(
        pcs,
        lambda: pcs.b_saves_later().matrix.update_task(
            replace(TaskDraft.of(seen_by_b), frequency="每季度")
        ),
    )
    assert conflict.label == "责任任务“每季度分析研判意识形态形势”"
    assert pcs.a.matrix.get(task.id).leaders == ("王五",)
    assert pcs.a.matrix.get(task.id).frequency == ""
    # The inline edits of the tree name the version the row showed.
    refused(pcs, lambda: pcs.b.matrix.set_text(task.id, "改过的", seen_by_b.version))
    refused(pcs, lambda: pcs.b.matrix.delete(task.id, seen_by_b.version))
    assert pcs.a.matrix.get(task.id).text == "每季度分析研判意识形态形势"
    pcs.b.matrix.delete(task.id, pcs.b.matrix.get(task.id).version)
    assert pcs.a.matrix.tree(2026) == []


# --- 学习日历, 任务指标 ------------------------------------------------------------------------
def test_study_session_second_save_and_delete(pcs: TwoPCs) -> None:
    pcs.a.unit.save_person(PersonInfo(id=None, name="王五"))
    saved = pcs.a.sessions.save(
        SessionDraft(held_on=dt.date(2026, 11, 20), kind=StudyKind.CENTER_GROUP, topic="学习")
    )
    seen_by_b = pcs.b.sessions.detail(saved.id).draft
    # Only the attendance changes (another table): still a change of the session.
    [mark] = saved.draft.attendance or ()
    pcs.a_saves_at().sessions.save(
        replace(saved.draft, attendance=(replace(mark, present=False, reason="病假"),))
    )
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().sessions.save(replace(seen_by_b, location="三楼"))
    )
    assert conflict.label == "学习活动“学习”"
    detail = pcs.a.sessions.detail(saved.id)
    assert detail.draft.location == "" and detail.present_count == 0
    refused(pcs, lambda: pcs.b.sessions.delete(saved.id, seen_by_b.version))
    pcs.b.sessions.delete(saved.id, detail.draft.version)


def test_quota_rule_second_save(pcs: TwoPCs) -> None:
    rule = pcs.a.quota_rules.save(
        RuleDraft(name="中心组学习", kinds=(StudyKind.CENTER_GROUP,), required=12)
    )
    pcs.a_saves_at().quota_rules.save(replace(rule.draft, required=10))
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().quota_rules.save(replace(rule.draft, basis="《规定》"))
    )
    assert conflict.label == "任务指标“中心组学习”" and conflict.values["required"] == 10
    refused(pcs, lambda: pcs.b.quota_rules.delete(rule.id, rule.draft.version))
    [saved] = [r for r in pcs.b.quota_rules.rules() if r.id == rule.id]
    assert (saved.draft.required, saved.draft.basis) == (10, "")


# --- 舆情台账 -----------------------------------------------------------------------------------
def test_case_edit_and_workflow_steps_are_refused(pcs: TwoPCs) -> None:
    office = pcs.a.unit.save_office(OfficeInfo(id=None, name="信访办"))
    case = pcs.a.cases.register(
        CaseDraft(channel=Channel.NETWORK, received_on=dt.date(2026, 11, 25), title="小区噪声扰民")
    )
    seen_by_b = pcs.b.cases.detail(case.id)
    assignment = Assignment(
        office_id=office.id, assigned_on=dt.date(2026, 11, 26), deadline=dt.date(2026, 12, 10)
    )
    pcs.a_saves_at().cases.assign(case.id, assignment, case.version)
    conflict = refused(
        pcs,
        lambda: pcs.b_saves_later().cases.edit(replace(seen_by_b.draft(), note="已电话联系")),
    )
    assert conflict.label == "舆情事项“小区噪声扰民”"
    assert conflict.values["office_id"] == office.id
    refused(pcs, lambda: pcs.b.cases.assign(case.id, assignment, seen_by_b.version))
    refused(
        pcs,
        lambda: pcs.b.cases.close(
            case.id, Closing(dt.date(2026, 11, 30), "已处理"), seen_by_b.version
        ),
    )
    refused(pcs, lambda: pcs.b.cases.delete(case.id, seen_by_b.version))
    after = pcs.a.cases.detail(case.id)
    assert (after.note, after.closed_on) == ("", None)
    assert [e.actor for e in after.events] == ["张三", "张三"]  # 登记, 交办: none of 李四's
    # Reloaded, 李四's step goes through.
    pcs.b.cases.close(case.id, Closing(dt.date(2026, 11, 30), "已处理"), after.version)
    assert pcs.a.cases.detail(case.id).closed_on == dt.date(2026, 11, 30)
    assert pcs.chain_problems() == []


def test_case_deleted_meanwhile(pcs: TwoPCs) -> None:
    case = pcs.a.cases.register(
        CaseDraft(channel=Channel.NETWORK, received_on=dt.date(2026, 11, 25), title="小区噪声扰民")
    )
    pcs.a_saves_at().cases.delete(case.id, case.version)
    conflict = refused(pcs, lambda: pcs.b_saves_later().cases.start(case.id, "", case.version))
    assert conflict.deleted and conflict.label == "舆情事项“小区噪声扰民”"
    assert "删除，您的修改没有保存" in str(conflict)


# --- 研判整改, lists ------------------------------------------------------------------------------
def test_finding_second_save_and_delete(pcs: TwoPCs) -> None:
    finding = pcs.a.findings.save(
        FindingInfo(id=None, period="2026Q3", problem_title="学习流于形式")
    )
    pcs.a_saves_at().findings.save(replace(finding, measure="每月抽查学习笔记"))
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().findings.save(replace(finding, problem="笔记雷同"))
    )
    assert conflict.label == "研判问题“学习流于形式”"
    refused(pcs, lambda: pcs.b.findings.delete(finding.id or 0, finding.version))
    [saved] = pcs.a.findings.in_period(Period.parse("2026Q3"))
    assert (saved.measure, saved.problem) == ("每月抽查学习笔记", "")


def test_choice_rename_and_retire(pcs: TwoPCs) -> None:
    entry = pcs.a.choices.add(CASE_CHANNELS, "抖音")
    pcs.a_saves_at().choices.rename(entry.id, "抖音平台", entry.version)
    conflict = refused(
        pcs, lambda: pcs.b_saves_later().choices.rename(entry.id, "短视频", entry.version)
    )
    assert conflict.label == "选项“抖音平台”"
    refused(pcs, lambda: pcs.b.choices.set_active(entry.id, False, entry.version))
    [saved] = [c for c in pcs.a.choices.entries(CASE_CHANNELS) if c.id == entry.id]
    assert (saved.label, saved.active) == ("抖音平台", True)


def test_a_record_moved_along_with_another_names_no_one(pcs: TwoPCs) -> None:
    """Moving an entry renumbers its neighbour too: the neighbour's newest audit entry is
    older than its version, so the message does not blame whoever edited it last."""
    first = pcs.a.choices.add(CASE_CHANNELS, "抖音")
    second = pcs.a.choices.add(CASE_CHANNELS, "快手")
    pcs.a.choices.move(second.id, -1)
    with pytest.raises(EditConflict) as caught:
        pcs.b.choices.rename(first.id, "抖音平台", first.version)
    assert "已被其他用户修改，您的修改没有保存" in str(caught.value)
    assert caught.value.last.actor == ""
