"""Input hygiene in the services: look-alike names find the existing record instead of creating
a second one that looks the same, a name of only invisible characters is refused, years outside
2000–2100 are refused by the service itself, and an oversized import writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from ideowork.db.models import AuditEntry, Office, Person, SentimentCase, StudySession, Task
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.study_plan import ProposedSession
from ideowork.importers.limits import PLAN_TASKS
from ideowork.importers.plan_parser import ParsedPlan, PlanNode, parse_plan_file
from ideowork.services.context import Services
from ideowork.services.ledgers.case_import import channel_choices
from ideowork.services.ledgers.sessions import SessionDraft
from ideowork.services.matrix.excel import OLD_HEADERS as HEADERS
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo

TABLES = (Person, Office, Task, SentimentCase, StudySession, AuditEntry)


def counts(services: Services) -> dict[str, int]:
    with services.runtime.db.session() as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in TABLES
        }


def names(services: Services, model: type[Person] | type[Office]) -> list[str]:
    with services.runtime.db.session() as session:
        return list(session.scalars(select(model.name).order_by(model.id)))


@pytest.fixture
def unit(services: Services) -> Services:
    for office in ("办公室", "ABC股"):
        services.unit.save_office(OfficeInfo(id=None, name=office))
    for person in ("张三", "李四"):
        services.unit.save_person(PersonInfo(id=None, name=person))
    return services


# Each line names the unit's people and offices as pasted text writes them.
LOOK_ALIKE_PLAN = [
    "关于落实意识形态工作责任制的实施方案",
    "一、理论学习",
    "1.开展集中学习（责任领导：张三\u200b、李\u3000四；责任股室：ＡＢＣ股、办公室\ufeff）",
    "2.组织专题研讨（责任领导：张  三；责任股室：abc股）",
    "3.落实意识形态工作责任制（责任领导：\ufeff李四；责任股室：办\u00ad公室）",
]


def plan_file(tmp_path: Path, kind: str) -> Path:
    if kind == "txt":
        path = tmp_path / "方案.txt"
        path.write_text("\n".join(LOOK_ALIKE_PLAN), encoding="utf-8")
        return path
    document = docx.Document()
    for line in LOOK_ALIKE_PLAN:
        document.add_paragraph(line)
    path = tmp_path / "方案.docx"
    document.save(str(path))
    return path


# --- look-alike names -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_plan_import_links_look_alikes_to_the_existing_records(
    unit: Services, tmp_path: Path, kind: str
) -> None:
    plan = parse_plan_file(plan_file(tmp_path, kind))
    preview = unit.plan_import.preview(plan, 2026)
    assert preview.linked_people == ("张三", "李四") and preview.new_people == ()
    assert preview.linked_offices == ("ABC股", "办公室") and preview.new_offices == ()
    result = unit.plan_import.import_plan(plan, 2026, create_missing=True)
    assert result.people_created == () and result.offices_created == ()
    assert names(unit, Person) == ["张三", "李四"]
    assert names(unit, Office) == ["办公室", "ABC股"]
    tasks = unit.matrix.tree(2026)[0].children
    assert [(t.leaders, t.offices) for t in tasks] == [
        (("张三", "李四"), ("办公室", "ABC股")),  # in the unit's order
        (("张三",), ("ABC股",)),
        (("李四",), ("办公室",)),
    ]


def test_new_names_from_a_plan_are_stored_in_their_one_spelling(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(
        "实施方案\n一、学习\n1.学习（责任领导：王\u3000五\u200b；责任股室：ＸＹ股\ufeff）\n"
        "2.研讨（责任领导：王五；责任股室：XY股）\n",
        encoding="utf-8",
    )
    result = services.plan_import.import_plan(parse_plan_file(path), 2026, create_missing=True)
    assert result.people_created == ("王五",) and result.offices_created == ("XY股",)
    assert names(services, Person) == ["王五"] and names(services, Office) == ["XY股"]


def sheet(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    active = book.active
    assert active is not None
    active.title = "2026年责任清单"
    for row in [list(HEADERS), *rows]:
        active.append(row)
    book.save(path)
    return path


def test_excel_matrix_import_links_look_alikes(unit: Services, tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "清单.xlsx",
        [
            ["1", "理论学习", "", "张三\u200b、李 四", "ＡＢＣ股、办公室\ufeff"],
            ["1.1", "集中学习", "", "张\u3000三", "abc股"],
        ],
    )
    before = counts(unit)
    report = unit.matrix_excel.import_sheet(path, 2026, create_missing=True)
    assert report.written and report.new_people == () and report.new_offices == ()
    after = counts(unit)
    assert (after["person"], after["office"]) == (before["person"], before["office"])
    root = unit.matrix.tree(2026)[0]
    assert (root.leaders, root.offices) == (("张三", "李四"), ("办公室", "ABC股"))
    assert root.children[0].leaders == ("张三",)


def test_a_look_alike_stored_by_an_older_version_is_found(
    services: Services, tmp_path: Path
) -> None:
    with services.runtime.db.session() as session:
        session.add_all([Office(name="宣传股\u200b", sort_order=1), Person(name="赵\u3000六")])
        session.commit()
    path = tmp_path / "方案.txt"
    path.write_text("实施方案\n一、学习\n1.学习（责任领导：赵六；责任股室：宣传股）\n", "utf-8")
    result = services.plan_import.import_plan(parse_plan_file(path), 2026, create_missing=True)
    assert result.people_created == () and result.offices_created == ()
    assert len(names(services, Office)) == 1 and len(names(services, Person)) == 1
    with pytest.raises(ValidationError, match="已有名为“宣传股”的股室，请换一个名称"):
        services.unit.save_office(OfficeInfo(id=None, name="宣传股"))


def test_people_are_saved_in_their_one_spelling(services: Services) -> None:
    saved = services.unit.save_person(PersonInfo(id=None, name=" 王\u3000五\u200b", post="委员"))
    assert saved.name == "王五" and names(services, Person) == ["王五"]


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\u200d", "\ufeff\u00ad", "\u2060\u3000"])
def test_a_person_of_only_invisible_characters_is_refused(services: Services, name: str) -> None:
    before = counts(services)
    with pytest.raises(ValidationError, match="姓名中只有空格或看不见的字符") as caught:
        services.unit.save_person(PersonInfo(id=None, name=name))
    assert caught.value.field == "name"
    assert counts(services) == before


@pytest.mark.parametrize("name", ["\u200b", "\ufeff\ufeff"])
def test_an_office_of_only_invisible_characters_is_refused(services: Services, name: str) -> None:
    before = counts(services)
    with pytest.raises(ValidationError, match="股室名称中只有空格或看不见的字符"):
        services.unit.save_office(OfficeInfo(id=None, name=name))
    assert counts(services) == before


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("办公室\ufeff", ""),
        ("办\u3000公室", ""),
        ("ＡＢＣ股", ""),
        ("abc股", "（已有的写作“ABC股”）"),
    ],
)
def test_a_look_alike_office_is_refused(unit: Services, name: str, shown: str) -> None:
    before = counts(unit)
    with pytest.raises(ValidationError, match="已有名为") as caught:
        unit.unit.save_office(OfficeInfo(id=None, name=name))
    assert shown in str(caught.value) and "\ufeff" not in str(caught.value)
    assert counts(unit) == before


def test_an_office_may_be_saved_under_its_own_name_again(unit: Services) -> None:
    office = next(o for o in unit.unit.list_offices() if o.name == "ABC股")
    saved = unit.unit.save_office(OfficeInfo(id=office.id, name="ＡＢＣ股\u200b", note="改"))
    assert (saved.name, saved.note) == ("ABC股", "改")


def test_the_unit_is_saved_in_its_one_spelling(services: Services) -> None:
    saved = services.unit.save_unit(
        UnitInfo(full_name="中共ＸＸ镇委员会\u200b", superior_committee="中共ＸＸ县委(宣传部)")
    )
    assert saved.full_name == "中共XX镇委员会"
    assert saved.superior_committee == "中共XX县委（宣传部）"


def test_case_import_finds_offices_handlers_and_numbers_by_their_one_spelling(
    unit: Services, tmp_path: Path
) -> None:
    path = tmp_path / "工单.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(
            [
                ["工单编号", "受理时间", "诉求内容", "承办单位", "承办人", "来电人"],
                [
                    "GD-2026-001",
                    "2026-01-05",
                    "反映路灯不亮。",
                    "办公室\ufeff",
                    "张\u3000三",
                    "王 女士",
                ],
                ["GD\u200b–2026－001", "2026-01-06", "再次反映路灯。", "办公室", "张三", ""],
                ["ＧＤ-2026-002", "2026-01-07", "咨询政策。", "ＡＢＣ股", "李  四\u200b", ""],
            ]
        )
    channel = channel_choices(unit.choices)[0][0]
    preview = unit.case_import.preview(path, channel)
    assert preview.new == 2 and preview.duplicates == ("GD-2026-001",)
    assert preview.unknown_offices == ()
    unit.case_import.import_file(path, channel)
    with unit.runtime.db.session() as session:
        cases = list(session.scalars(select(SentimentCase).order_by(SentimentCase.case_no)))
        found = [(c.case_no, c.office.name, c.handler.name, c.reporter) for c in cases]  # type: ignore[union-attr]
    assert found == [
        ("GD-2026-001", "办公室", "张三", "王女士"),
        ("GD-2026-002", "ABC股", "李四", ""),
    ]
    assert names(unit, Office) == ["办公室", "ABC股"]


# --- years ------------------------------------------------------------------------------------

HUGE = 123456789012345678901234567890


def _plan(count: int = 1) -> ParsedPlan:
    tasks = tuple(PlanNode(text=f"任务{n}", marker=f"{n}.", level=2) for n in range(count))
    section = PlanNode(text="理论学习", marker="一、", level=1, children=tasks)
    return ParsedPlan("实施方案", "", (section,), "", ())


def _session(day: dt.date) -> SessionDraft:
    return SessionDraft(held_on=day, kind="collective", topic="学习")


BAD_YEARS: list[tuple[str, Callable[[Services, Path], object]]] = [
    ("create_task", lambda s, _p: s.matrix.create_task(99999, TaskDraft(text="任务"))),
    ("carry_to", lambda s, _p: s.matrix.carry_forward(2026, 99999)),
    ("carry_from", lambda s, _p: s.matrix.carry_forward(1999, 2026)),
    ("plan_preview", lambda s, _p: s.plan_import.preview(_plan(), 2101)),
    ("plan_import", lambda s, _p: s.plan_import.import_plan(_plan(), 1999)),
    ("plan_import_huge", lambda s, _p: s.plan_import.import_plan(_plan(), HUGE)),
    ("matrix_excel", lambda s, p: s.matrix_excel.import_sheet(p, 2101, create_missing=True)),
    ("study_plan", lambda s, _p: s.study_plan.propose(99999)),
    ("quota", lambda s, _p: s.studies.quota_status(HUGE)),
    ("quota_negative", lambda s, _p: s.studies.quota_status(-2026)),
    ("session", lambda s, _p: s.sessions.save(_session(dt.date(1900, 1, 1)))),
    ("session_future", lambda s, _p: s.sessions.save(_session(dt.date(2202, 1, 1)))),
    ("mark_day", lambda s, _p: s.sessions.mark_day(dt.date(2200, 1, 1), "holiday", "放假")),
    (
        "accept_plan",
        lambda s, _p: s.study_plan.accept(
            [ProposedSession(dt.date(2200, 3, 1), "collective", "学习", False, ())]
        ),
    ),
    (
        "deadline",
        lambda s, _p: s.matrix.create_task(
            2026, TaskDraft(text="任务", deadline=dt.date(9999, 12, 31))
        ),
    ),
]


@pytest.mark.parametrize("call", [c for _n, c in BAD_YEARS], ids=[n for n, _c in BAD_YEARS])
def test_years_outside_2000_to_2100_are_refused_by_the_service(
    unit: Services, tmp_path: Path, call: Callable[[Services, Path], object]
) -> None:
    path = sheet(tmp_path / "清单.xlsx", [["1", "理论学习", "", "张三", "办公室"]])
    before = counts(unit)
    with pytest.raises(ValidationError, match="2000至2100"):
        call(unit, path)
    assert counts(unit) == before


def test_years_at_the_ends_of_the_range_are_accepted(unit: Services) -> None:
    unit.matrix.create_task(2000, TaskDraft(text="任务"))
    assert unit.matrix.carry_forward(2000, 2100).tasks == 1


# --- sizes ------------------------------------------------------------------------------------


def test_a_plan_of_more_than_5000_items_writes_nothing(unit: Services) -> None:
    before = counts(unit)
    with pytest.raises(UserError, match=f"{PLAN_TASKS + 1}项.*超过了{PLAN_TASKS}项的上限"):
        unit.plan_import.import_plan(_plan(PLAN_TASKS), 2026)  # the section and 5 000 tasks
    assert counts(unit) == before
    assert unit.plan_import.preview(_plan(PLAN_TASKS - 1), 2026).task_count == PLAN_TASKS


def test_a_matrix_sheet_of_more_than_5000_rows_writes_nothing(
    unit: Services, tmp_path: Path
) -> None:
    path = sheet(tmp_path / "清单.xlsx", [[str(n), f"任务{n}"] for n in range(1, 5_100)])
    content = path.read_bytes()
    before = counts(unit)
    with pytest.raises(UserError, match="超过了责任清单5000行的上限"):
        unit.matrix_excel.import_sheet(path, 2026, create_missing=True)
    assert counts(unit) == before and path.read_bytes() == content


def test_case_reporter_and_number_in_one_spelling_and_dates_in_range(services: Services) -> None:
    draft = replace(
        services.cases.new_draft(),
        title="路灯不亮",
        case_no="12345 - 2020\u200b-0001",
        reporter="王\u3000女士",
        received_on=dt.date(2020, 7, 1),
    )
    case = services.cases.register(draft)
    assert (case.case_no, case.reporter) == ("12345-2020-0001", "王女士")
    with pytest.raises(ValidationError, match="年份超出范围"):
        services.cases.register(replace(draft, case_no="", received_on=dt.date(1900, 1, 1)))


def test_a_choice_label_look_alike_is_refused(services: Services) -> None:
    from ideowork.services.choices import CASE_CHANNELS

    with pytest.raises(ValidationError, match="已有"):
        services.choices.add(CASE_CHANNELS, "１２３４５\u200b")
