"""The study printouts: 学习记录台账, 签到表, 会议记录 and the 学习计划, from the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from ideowork.cli import main
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Orientation, Table
from ideowork.domain.periods import Period
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.services.context import Services
from ideowork.services.ledgers.sessions import AttendanceMark, SessionDraft
from ideowork.services.runtime import FixedClock
from ideowork.services.unit import PersonInfo

DAY = dt.date(2020, 9, 16)  # the demo's 干部职工大会


@pytest.fixture
def autumn(demo_services: Services, clock: FixedClock) -> Services:
    clock.set(dt.datetime(2020, 9, 30, 17, 0))
    return demo_services


def only_session_on(services: Services, day: dt.date) -> str:
    [view] = services.studies.sessions_between(day, day)
    return services.sessions.detail(view.id).uid


def tables(markup: str) -> list[Table]:
    document = parse_markup(markup)
    blocks = [*document.blocks, *(b for part in document.parts for b in part.blocks)]
    return [b for b in blocks if isinstance(b, Table)]


def person_id(services: Services, name: str) -> int:
    return next(p.id for p in services.unit.list_people() if p.name == name)  # type: ignore[misc]


def test_the_ledger_lists_each_session_held_with_who_was_absent(autumn: Services) -> None:
    draft = autumn.reports.draft("ledger-studies", Period.parse("2020Q3"))
    [table] = tables(draft.markup)
    held = [
        v
        for v in autumn.studies.sessions_in(Period.parse("2020Q3"))
        if v.status is SessionStatus.HELD
    ]
    assert len(table.rows) == len(held) == 9
    assert [row[0] for row in table.rows] == [str(n) for n in range(1, 10)]
    second = table.rows[1]
    assert second[1].startswith("7月14日") and second[-1] == "杨昌波（因公外出）"
    assert "2020年第三季度共开展学习活动9次" in draft.markup
    document = parse_markup(draft.markup)
    assert document.form_kind == "台账" and document.orientation is Orientation.LANDSCAPE


def test_the_ledger_repeats_its_header_on_every_page(
    demo_services: Services, tmp_path: Path
) -> None:
    made = demo_services.reports.make(
        "ledger-studies", Period.parse("2020"), tmp_path, frozenset({"pdf", "docx"})
    )
    with pdfplumber.open(made.files["pdf"]) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert "序号 日期 类别" in (page.extract_text() or "")
    from docx import Document

    document = Document(str(made.files["docx"]))
    first_row = document.tables[0].rows[0]._tr
    assert first_row.xpath("./w:trPr/w:tblHeader")


def test_the_sign_in_sheet_lists_who_belonged_that_day_with_blank_signatures(
    autumn: Services, tmp_path: Path
) -> None:
    zhou = person_id(autumn, "周敏")
    autumn.unit.save_person(PersonInfo(None, "新同志", post="科员", joined_on=DAY))
    autumn.unit.save_person(PersonInfo(None, "后来者", joined_on=DAY + dt.timedelta(days=1)))
    uid = only_session_on(autumn, DAY)
    detail = autumn.sessions.detail(autumn.sessions.id_of(uid))  # type: ignore[arg-type]
    marks = tuple(
        AttendanceMark(a.person_id, a.person_id != zhou, "病假" if a.person_id == zhou else "")
        for a in detail.attendees
    )
    autumn.sessions.save(replace(detail.draft, attendance=marks))
    made = autumn.reports.make(
        "sign-in-sheet", Period.parse("2020Q3"), tmp_path, frozenset({"pdf"}), subject=uid
    )
    assert made.draft.title == "干部职工大会签到表"
    [table] = tables(made.draft.markup)
    assert table.header == ("序号", "姓名", "职务", "签名", "备注")
    names = [row[1] for row in table.rows]
    assert "周敏" in names and "后来者" not in names
    assert all(row[3] == "" for row in table.rows)  # signatures are written by hand
    assert dict((row[1], row[4]) for row in table.rows)["周敏"] == "请假：病假"
    with pdfplumber.open(made.files["pdf"]) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")
    assert "2020年9月16日" in text and "杨昌波" in text


def test_the_minutes_name_the_absent_and_why(autumn: Services) -> None:
    saved = autumn.sessions.save(
        SessionDraft(
            held_on=dt.date(2020, 9, 22),
            kind=StudyKind.COLLECTIVE.value,
            topic="学习《中国共产党宣传工作条例》",
            start_time=dt.time(9, 0),
            end_time=dt.time(10, 30),
            location="党委会议室",
            lecturer="李红梅",
            hours=Decimal("1.5"),
            note="李红梅领学条例全文，大家结合分管工作交流发言。",
            attendance=(AttendanceMark(person_id(autumn, "刘洋"), False, "公出"),),
        )
    )
    draft = autumn.reports.draft("minutes", Period.parse("2020Q3"), subject=saved.uid)
    fields = dict((row[0], row[1]) for row in tables(draft.markup)[0].rows)
    assert fields["时间"] == "2020年9月22日 9:00—10:30"
    assert fields["缺席人员及原因"] == "刘洋（公出）"
    assert fields["参加人数"] == f"应到{len(saved.attendees)}人，实到{saved.present_count}人"
    assert "刘洋" not in fields["出席人员"] and "杨昌波" in fields["出席人员"]
    assert fields["会议记录"].startswith("李红梅领学")


def test_a_planned_session_prints_its_minutes_blank_for_writing_by_hand(
    autumn: Services,
) -> None:
    planned = autumn.sessions.save(
        SessionDraft(
            held_on=dt.date(2020, 10, 20),
            kind=StudyKind.COLLECTIVE.value,
            topic="学习党的十九届五中全会精神",
            status=SessionStatus.PLANNED,
        )
    )
    draft = autumn.reports.draft("minutes", Period.parse("2020Q4"), subject=planned.uid)
    fields = dict((row[0], row[1]) for row in tables(draft.markup)[0].rows)
    assert fields["出席人员"] == "" and fields["缺席人员及原因"] == ""
    assert fields["参加人数"].startswith(
        f"应到{len(autumn.sessions.roster(planned.draft.held_on))}人"
    )


def test_the_study_plan_lists_the_accepted_plan_and_the_rules(
    demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 12, 28))
    accepted = demo_services.study_plan.accept(demo_services.study_plan.propose(2021))
    draft = demo_services.reports.draft("study-plan", Period.parse("2021"))
    document = parse_markup(draft.markup)
    assert document.title == "关于印发《2021年理论学习计划》的通知"
    [table] = tables(draft.markup)
    assert len(table.rows) == accepted == 33
    assert "每年集中学习不少于24次" in draft.markup
    assert f"全年安排学习活动{accepted}次" in draft.markup
    ideology = sum(1 for row in table.rows if row[4] == "是")
    assert f"意识形态相关内容{ideology}次" in draft.markup and ideology >= 6
    assert draft.doc_number  # issued under a 文号, like the other 印发 notices


def test_the_cli_prints_a_session_by_its_date(
    demo_db: object, db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--db", db_target, "report", "make", "minutes", "--period", "2020Q3",
            "--session", "2020-09-16", "--out", str(tmp_path), "--format", "docx",
        ]
    )  # fmt: skip
    assert code == 0
    assert "干部职工大会记录" in capsys.readouterr().out
    code = main(
        [
            "--db", db_target, "report", "make", "minutes", "--period", "2020Q3",
            "--session", "2020-09-17", "--out", str(tmp_path),
        ]
    )  # fmt: skip
    assert code != 0
    assert "2020-09-17没有学习活动" in capsys.readouterr().err
