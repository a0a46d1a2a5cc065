from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from ideowork.db.models import AuditEntry
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.vocab import PersonRole
from ideowork.services.context import Services
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo


def audit_count(services: Services) -> int:
    with services.runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_unit_is_created_then_updated(services: Services) -> None:
    assert services.unit.get_unit() is None
    services.unit.save_unit(UnitInfo(full_name="  中共完冒镇委员会\u3000", doc_prefix="完党字"))
    services.unit.save_unit(UnitInfo(full_name="中共完冒镇委员会", propaganda_dept="县委宣传部"))
    unit = services.unit.get_unit()
    assert unit is not None
    assert (unit.full_name, unit.propaganda_dept, unit.doc_prefix) == (
        "中共完冒镇委员会",
        "县委宣传部",
        "",
    )
    assert unit.display_signature == "中共完冒镇委员会"
    assert [r.name for r in services.studies.quota_status(2020)][:2] == [
        "集中学习",
        "党组专题研究意识形态工作",
    ]
    assert audit_count(services) == 2


@pytest.mark.parametrize(
    ("info", "field", "message"),
    [
        (UnitInfo(full_name=" "), "full_name", "请填写单位全称"),
        (UnitInfo(full_name="甲" * 101), "full_name", "最多100字"),
        (UnitInfo(full_name="甲", doc_prefix="完党字〔2020〕"), "doc_prefix", "只需写机关代字"),
    ],
)
def test_unit_validation(services: Services, info: UnitInfo, field: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        services.unit.save_unit(info)
    assert caught.value.field == field
    assert services.unit.get_unit() is None
    assert audit_count(services) == 0  # nothing half-written


def test_people_and_offices_crud(services: Services) -> None:
    office = services.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    person = services.unit.save_person(
        PersonInfo(
            id=None, name="李红梅", post="宣传委员", role=PersonRole.DEPUTY, office_id=office.id
        )
    )
    assert person.office_name == "宣传办"
    renamed = services.unit.save_office(OfficeInfo(id=office.id, name="宣传思想办"))
    assert services.unit.list_people()[0].office_name == "宣传思想办"
    assert renamed.name == "宣传思想办"
    assert person.id is not None and office.id is not None
    services.unit.delete_person(person.id)
    services.unit.delete_office(office.id)
    assert services.unit.list_people() == [] and services.unit.list_offices() == []
    assert audit_count(services) == 5
    assert services.maintenance.check().ok


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "请填写姓名"), ("xxx", "占位符"), ("张三3", "数字")],
)
def test_person_name_validation(services: Services, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.unit.save_person(PersonInfo(id=None, name=name))


def test_duplicate_office_name_is_refused(services: Services) -> None:
    services.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    with pytest.raises(ValidationError, match="已有名为“宣传办”"):
        services.unit.save_office(OfficeInfo(id=None, name="宣传办 "))


def test_leader_of_a_task_cannot_be_deleted(demo_services: Services) -> None:
    leader = next(p for p in demo_services.unit.list_people() if p.name == "杨昌波")
    assert leader.id is not None
    with pytest.raises(ValidationError, match="责任领导"):
        demo_services.unit.delete_person(leader.id)
    office = next(o for o in demo_services.unit.list_offices() if o.name == "宣传办")
    assert office.id is not None
    with pytest.raises(ValidationError, match="责任股室"):
        demo_services.unit.delete_office(office.id)


def test_missing_records_say_so(services: Services) -> None:
    with pytest.raises(NotFoundError, match="可能已被删除"):
        services.unit.delete_person(999)


def test_audit_tampering_is_detected(services: Services) -> None:
    services.unit.save_unit(UnitInfo(full_name="甲单位"))
    services.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    services.unit.save_office(OfficeInfo(id=None, name="组织办"))
    assert services.maintenance.check().ok
    with services.runtime.db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET summary = '改过' WHERE id = 2"))
    report = services.maintenance.check()
    assert not report.ok
    assert "#2" in next(i.detail for i in report.items if i.name == "audit")
    with services.runtime.db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    assert "链接断开" in next(
        i.detail for i in services.maintenance.check().items if i.name == "audit"
    )
