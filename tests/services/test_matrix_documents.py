"""The documents fed by the matrix with roles: the 实施方案 writes （牵头领导：…；责任单位：…；
配合单位：…；完成时限：…） after a task, only the parts that have values, in the documents'
order; the 责任清单 says each leader's role. A matrix of 责任领导/责任股室 only prints as before."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Table
from ideowork.domain.periods import Period
from ideowork.domain.roles import NamedRole
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo

YEAR = Period.parse("2020")


@pytest.fixture
def unit(services: Services) -> Services:
    """A unit with two leaders and three offices, no matrix yet."""
    services.unit.save_unit(UnitInfo(full_name="中共完冒镇委员会", doc_prefix="完党字"))
    for name in ("杨昌波", "李红梅"):
        services.unit.save_person(PersonInfo(id=None, name=name))
    for name in ("党政办", "宣传办", "综治办"):
        services.unit.save_office(OfficeInfo(id=None, name=name))
    return services


def ids(services: Services) -> tuple[dict[str, int], dict[str, int]]:
    people = {p.name: p.id for p in services.unit.list_people() if p.id is not None}
    offices = {o.name: o.id for o in services.unit.list_offices() if o.id is not None}
    return people, offices


def add_matrix(services: Services, *, roles: bool) -> None:
    people, offices = ids(services)
    section = services.matrix.create_task(2020, TaskDraft(text="加强阵地管理"))
    task = TaskDraft(
        text="加强网络阵地管理，落实网络舆情研判。",
        parent_id=section.id,
        leader_ids=(people["杨昌波"], people["李红梅"]),
        office_ids=(offices["宣传办"], offices["综治办"]),
    )
    if roles:
        task = replace(
            task,
            leader_roles=("lead", "responsible"),
            office_roles=("responsible", "cooperating"),
            outside_units=(NamedRole("各村（社区）", "cooperating"),),
            deadline_text="2020年6月底",
            score=Decimal("3"),
        )
    services.matrix.create_task(2020, task)
    services.matrix.create_task(
        2020,
        TaskDraft(
            text="开展理论学习。",
            parent_id=section.id,
            leader_ids=(people["李红梅"],),
            office_ids=(offices["党政办"],),
        ),
    )


def pdf_text(services: Services, template: str, out: Path) -> str:
    made = services.reports.make(template, YEAR, out, frozenset({"pdf"}))
    with pdfplumber.open(made.files["pdf"]) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def test_the_plan_writes_roles_in_the_documents_order(unit: Services, tmp_path: Path) -> None:
    add_matrix(unit, roles=True)
    text = pdf_text(unit, "implementation-plan", tmp_path)
    assert (
        "（牵头领导：杨昌波；责任领导：李红梅；责任单位：宣传办；"
        "配合单位：综治办、各村（社区）；完成时限：2020年6月底）"
    ) in text
    # The task without roles beside it still reads as before.
    assert "开展理论学习。（责任领导：李红梅；责任股室：党政办）" in text
    assert "牵头单位" not in text  # only the parts that have values


def test_a_matrix_without_roles_prints_as_before(unit: Services, tmp_path: Path) -> None:
    add_matrix(unit, roles=False)
    text = pdf_text(unit, "implementation-plan", tmp_path)
    assert "（责任领导：杨昌波、李红梅；责任股室：宣传办、综治办）" in text
    assert "牵头" not in text and "配合单位" not in text and "完成时限" not in text
    document = parse_markup(unit.reports.draft("duty-list", YEAR).markup)
    tables = [b for b in document.parts[0].blocks if isinstance(b, Table)]
    assert {t.header for t in tables} == {("序号", "责任任务", "责任股室", "时限")}


def test_the_duty_list_says_each_leaders_role(unit: Services, tmp_path: Path) -> None:
    add_matrix(unit, roles=True)
    document = parse_markup(unit.reports.draft("duty-list", YEAR).markup)
    first, second = [b for b in document.parts[0].blocks if isinstance(b, Table)]
    assert first.header == ("序号", "责任任务", "职责", "责任单位", "完成时限")
    assert first.rows == (
        (
            "1",
            "加强网络阵地管理，落实网络舆情研判。",
            "牵头领导",
            "宣传办、综治办（配合）、各村（社区）（配合）",
            "2020年6月底",
        ),
    )
    assert [row[2] for row in second.rows] == ["责任领导", "责任领导"]
    # In the PDF the cells wrap and interleave line by line: look for what fits on one line.
    text = pdf_text(unit, "duty-list", tmp_path)
    assert "序号责任任务职责责任单位完成时限" in text and "2020年6月底" in text
