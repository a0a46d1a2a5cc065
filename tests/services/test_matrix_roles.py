"""Roles in the responsibility matrix: 牵头/责任/分管领导, 牵头/责任/配合单位, units outside as
text, the 完成时限 as written and a score — saved, edited, undone, carried forward, shown in
the per-leader and per-office views, and round-tripped through Excel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from ideowork.db.models import AuditEntry, Office, TaskOutsideUnit
from ideowork.domain.errors import ValidationError
from ideowork.domain.roles import NamedRole
from ideowork.services.context import Services
from ideowork.services.matrix.excel import HEADERS
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.matrix.service import MatrixService
from ideowork.services.runtime import FixedClock
from tests.services.test_matrix import shape

TODAY = dt.date(2020, 8, 1)


@pytest.fixture
def matrix(demo_services: Services, clock: FixedClock) -> MatrixService:
    clock.set(TODAY)
    return demo_services.matrix


@pytest.fixture
def people(demo_services: Services) -> dict[str, int]:
    return {p.name: p.id for p in demo_services.unit.list_people() if p.id is not None}


@pytest.fixture
def offices(demo_services: Services) -> dict[str, int]:
    return {o.name: o.id for o in demo_services.unit.list_offices() if o.id is not None}


def count(services: Services, model: Any) -> int:
    with services.runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def roled_draft(people: dict[str, int], offices: dict[str, int], **changes: Any) -> TaskDraft:
    draft = TaskDraft(
        text="开展意识形态领域风险隐患排查",
        leader_ids=(people["杨昌波"], people["李红梅"], people["孙海涛"]),
        leader_roles=("lead", "responsible", "in_charge"),
        office_ids=(offices["宣传办"], offices["党政办公室"], offices["综治信访办"]),
        office_roles=("lead", "responsible", "cooperating"),
        outside_units=(NamedRole("各村（社区）", "cooperating"),),
        deadline_text="6月底",
        score=Decimal("3"),
    )
    return replace(draft, **changes)


def test_roles_outside_units_deadline_text_and_score_are_saved(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    node = matrix.create_task(2020, roled_draft(people, offices))
    assert dict(node.leaders_with_roles()) == {
        "杨昌波": "lead",
        "李红梅": "responsible",
        "孙海涛": "in_charge",
    }
    assert node.units_with_roles() == (
        ("党政办公室", "responsible"),
        ("宣传办", "lead"),
        ("综治信访办", "cooperating"),
        ("各村（社区）", "cooperating"),
    )
    # "6月底" means the end of June of the task's year: past on 1 August, so 逾期.
    assert node.deadline_text == "6月底" and node.deadline == dt.date(2020, 6, 30)
    assert node.overdue and node.score == Decimal("3.0")
    assert node.leaders_shown() == "杨昌波（牵头）、李红梅、孙海涛（分管）"
    assert (
        node.units_shown() == "宣传办（牵头）、党政办公室、综治信访办（配合）、各村（社区）（配合）"
    )
    assert node.deadline_shown == "6月底"


def test_editing_changes_roles_and_a_plain_edit_keeps_them(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    node = matrix.create_task(2020, roled_draft(people, offices))
    renamed = matrix.set_text(node.id, "开展风险隐患排查", node.version)
    assert renamed.leaders_with_roles() == node.leaders_with_roles()
    assert renamed.units_with_roles() == node.units_with_roles()
    assert (renamed.deadline_text, renamed.score) == ("6月底", Decimal("3.0"))
    edited = matrix.update_task(
        replace(
            TaskDraft.of(renamed),
            leader_roles=("responsible", "lead", "in_charge"),
            outside_units=(NamedRole("各相关单位", "responsible"),),
            deadline_text="长期",
            deadline=None,
            score=None,
        )
    )
    assert dict(edited.leaders_with_roles())["李红梅"] == "lead"
    assert edited.outside_units == (NamedRole("各相关单位", "responsible"),)
    assert edited.deadline_text == "长期" and edited.deadline is None and not edited.overdue


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"leader_roles": ("lead",)}, "数目不一致"),
        ({"leader_roles": ("lead", "cooperating", "lead")}, "职责“cooperating”无效"),
        ({"office_roles": ("lead", "in_charge", "lead")}, "可选：牵头单位、责任单位、配合单位"),
        ({"outside_units": (NamedRole("  ", "responsible"),)}, "没有填写名称"),
        ({"outside_units": (NamedRole("各村", "boss"),)}, "职责“boss”无效"),
        ({"score": "三分"}, "不是数字"),
        ({"score": Decimal("2.55")}, "最多保留一位小数"),
        ({"score": Decimal("-1")}, "0至1000分之间"),
        ({"deadline_text": "年" * 51}, "完成时限过长"),
    ],
)
def test_bad_roles_and_fields_are_refused_in_chinese(
    matrix: MatrixService,
    people: dict[str, int],
    offices: dict[str, int],
    changes: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message):
        matrix.create_task(2020, roled_draft(people, offices, **changes))


def test_a_score_written_with_its_unit_is_read() -> None:
    from ideowork.services.matrix.editing import clean_score

    assert clean_score("3分") == Decimal("3.0")
    assert clean_score(" ") is None


def test_delete_and_undo_keep_roles_and_outside_units(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    section = matrix.create_task(2020, TaskDraft(text="风险防控"))
    matrix.create_task(2020, roled_draft(people, offices, parent_id=section.id))
    before = shape([matrix.get(section.id)])
    token = matrix.delete(section.id)
    restored = matrix.undo_delete(token)
    assert shape([restored]) == before
    assert restored.children[0].units_with_roles()[-1] == ("各村（社区）", "cooperating")


def test_carry_forward_keeps_roles_and_moves_the_written_year(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    matrix.create_task(2020, roled_draft(people, offices, deadline_text="2020年9月底"))
    matrix.carry_forward(2020, 2021)
    old = next(n for n in matrix.tree(2020) if n.text.startswith("开展意识形态"))
    new = next(n for n in matrix.tree(2021) if n.text.startswith("开展意识形态"))
    assert new.leaders_with_roles() == old.leaders_with_roles()
    assert new.units_with_roles() == old.units_with_roles()
    assert new.deadline_text == "2021年9月底" and new.deadline == dt.date(2021, 9, 30)
    assert new.score == old.score


def test_audit_names_the_roles(
    demo_services: Services, matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    matrix.create_task(2020, roled_draft(people, offices))
    with demo_services.runtime.db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "task").order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None
        assert "杨昌波（牵头）" in entry.after_json and "各村（社区）（配合）" in entry.after_json


def test_duty_views_say_each_owners_role(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    node = matrix.create_task(2020, roled_draft(people, offices))

    def item_of(view_items: list[Any]) -> Any:
        return next(i for i in view_items if i.task_id == node.id)

    lead = item_of(matrix.leader_duties(2020, people["杨昌波"]).items())
    in_charge = item_of(matrix.leader_duties(2020, people["孙海涛"]).items())
    assert (lead.role_label, lead.role_mark) == ("牵头领导", "牵头")
    assert (in_charge.role_label, in_charge.role_mark) == ("分管领导", "分管")
    cooperating = item_of(matrix.office_duties(2020, offices["综治信访办"]).items())
    assert cooperating.role_label == "配合单位" and cooperating.deadline_shown == "6月底"
    assert cooperating.units_shown.endswith("各村（社区）（配合）")
    # The whole unit in one walk says the same roles.
    everyone = {v.owner_name: v for v in matrix.all_leader_duties(2020)}
    assert item_of(everyone["孙海涛"].items()).role == "in_charge"
    assert item_of(everyone["李红梅"].items()).role == "responsible"
    all_offices = {v.owner_name: v for v in matrix.all_office_duties(2020)}
    assert item_of(all_offices["宣传办"].items()).role == "lead"


def test_responsibility_parts_read_as_the_documents_do(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    node = matrix.create_task(2020, roled_draft(people, offices))
    assert node.responsibility_parts() == [
        ("牵头领导", "杨昌波"),
        ("责任领导", "李红梅"),
        ("分管领导", "孙海涛"),
        ("牵头单位", "宣传办"),
        ("责任单位", "党政办公室"),
        ("配合单位", "综治信访办、各村（社区）"),
        ("完成时限", "6月底"),
    ]
    plain = matrix.create_task(
        2020,
        TaskDraft(
            text="只有责任领导的任务",
            leader_ids=(people["李红梅"],),
            office_ids=(offices["宣传办"],),
        ),
    )
    assert plain.responsibility_parts() == [("责任领导", "李红梅"), ("责任股室", "宣传办")]
    unfilled = matrix.create_task(
        2020, TaskDraft(text="待分工", leaders_placeholder=True, offices_placeholder=True)
    )
    assert unfilled.responsibility_parts() == [("责任领导", ""), ("责任股室", "")]


# --- Excel ----------------------------------------------------------------------------------


def test_excel_round_trip_keeps_roles_outside_units_deadline_text_and_score(
    demo_services: Services,
    matrix: MatrixService,
    people: dict[str, int],
    offices: dict[str, int],
    tmp_path: Path,
) -> None:
    matrix.create_task(2020, roled_draft(people, offices))
    out = tmp_path / "matrix.xlsx"
    demo_services.matrix_excel.export(2020, out)
    sheet = load_workbook(out).active
    column = {name: index for index, name in enumerate(HEADERS)}
    row = next(
        [c.value for c in r]
        for r in sheet.iter_rows(min_row=2)
        if r[1].value.startswith("开展意识形态")
    )
    assert row[column["牵头领导"]] == "杨昌波" and row[column["分管领导"]] == "孙海涛"
    assert row[column["配合单位"]] == "综治信访办、各村（社区）"
    assert row[column["完成时限"]] == "6月底" and row[column["分值"]] == 3
    offices_before = count(demo_services, Office)
    report = demo_services.matrix_excel.import_sheet(out, 2021)
    assert report.written and report.problems == ()
    assert count(demo_services, Office) == offices_before  # 各村（社区） made no office
    # The demo's 各村（社区） and this task's, in 2020 and again in 2021.
    assert count(demo_services, TaskOutsideUnit) == 4
    copied = next(n for n in matrix.tree(2021) if n.text.startswith("开展意识形态"))
    original = next(n for n in matrix.tree(2020) if n.text.startswith("开展意识形态"))
    assert copied.leaders_with_roles() == original.leaders_with_roles()
    assert copied.units_with_roles() == original.units_with_roles()
    assert copied.deadline_text == "6月底" and copied.deadline == dt.date(2021, 6, 30)
    assert copied.score == Decimal("3.0")


def test_a_sheet_of_other_columns_in_any_order_is_read_by_its_headers(
    demo_services: Services, matrix: MatrixService, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "完成时限", "配合单位", "牵头单位", "责任领导", "分值"])
    sheet.append(
        ["1", "开展网络舆情研判", "每季度", "各村（社区）、社会事务办", "宣传办", "李红梅", "2.5"]
    )
    sheet.append(["2", "召开专题会议", "2020年6月30日", "", "党政办公室", "杨昌波", ""])
    sheet.append(["3", "年度总结", "年底前", "", "", "", "五分"])
    path = tmp_path / "others.xlsx"
    book.save(path)
    preview = demo_services.matrix_excel.import_sheet(path, 2022, dry_run=True)
    assert [p.row for p in preview.problems] == [4]
    assert "分值“五分”不是数字" in preview.problems[0].reason
    demo_services.matrix_excel.import_sheet(path, 2022, skip_bad_rows=True)
    first, second = matrix.tree(2022)
    assert first.units_with_roles() == (
        ("宣传办", "lead"),
        ("社会事务办", "cooperating"),
        ("各村（社区）", "cooperating"),
    )
    assert first.deadline_text == "每季度" and first.deadline is None
    assert first.score == Decimal("2.5")
    assert second.deadline == dt.date(2020, 6, 30) and second.deadline_text == ""
