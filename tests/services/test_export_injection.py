"""Exports never carry a live formula (the OWASP CSV/Excel injection rule), import back what
they wrote, and are saved whole or not at all."""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from ideowork.db.models import SentimentCase, StudySession, Task, TaskProgress
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import Channel, Satisfaction, StudyKind
from ideowork.services.context import Services
from ideowork.services.database import open_database
from ideowork.services.excel_writing import (
    append_rows,
    formula_like,
    new_sheet,
    save_workbook,
)
from ideowork.services.ledgers.cases import Assignment, CaseDraft, Closing, Revisit, UpwardReport
from ideowork.services.ledgers.sessions import SessionDraft
from ideowork.services.matrix.model import ProgressNote, TaskDraft
from ideowork.services.xlsx_stream import SheetStream
from tests.services.test_ledger_import import copy_unit

# Text a complainant, an import or a careless user can put into any field: formulas, DDE,
# signs a spreadsheet reads as arithmetic, and the same behind a tab or a CR.
FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-3 件",
    "  =1+1",
)
YEAR = Period.parse("2019")  # the demo has nothing in 2019: only these records are exported
DAY = dt.date(2019, 9, 10)


def cells(path: Path) -> Iterator[Any]:
    book = load_workbook(path)  # not data_only: a formula would show as one
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(path: Path) -> dict[str, Any]:
    """No cell of the file is a formula; every formula-like text is stored as text with the
    quote prefix. Returns the text cells by value."""
    texts: dict[str, Any] = {}
    for cell in cells(path):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            texts[cell.value] = cell
            assert cell.data_type == "s"
            assert bool(cell.quotePrefix) == formula_like(cell.value), cell.value
    return texts


def other_database(source: Services, tmp_path: Path) -> Services:
    target = Services.for_database(open_database(str(tmp_path / "other.sqlite3")))
    copy_unit(source, target)
    return target


# --- the sheet itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_written_as_text(text: str, tmp_path: Path) -> None:
    sheet = new_sheet("表", ["甲", "乙"], [10, 10])
    append_rows(sheet, [(text, "学习党章")])
    path = tmp_path / "a.xlsx"
    save_workbook(sheet, path)
    texts = assert_no_formula(path)
    assert texts[text].quotePrefix  # the exact text, tab and CR included
    assert not texts["学习党章"].quotePrefix  # plain text is left as it was
    read = load_workbook(path, read_only=True, data_only=True).active
    assert list(read.iter_rows(min_row=2, values_only=True)) == [(text, "学习党章")]


def test_numbers_stay_numbers_and_dates_dates(tmp_path: Path) -> None:
    sheet = new_sheet("表", ["数", "小数", "金额", "日期"], [10] * 4)
    append_rows(sheet, [(-3, -2.5, Decimal("-1.5"), dt.date(2020, 9, 9))], date_columns=(4,))
    path = tmp_path / "n.xlsx"
    save_workbook(sheet, path)
    row = next(load_workbook(path).active.iter_rows(min_row=2))
    assert [c.data_type for c in row] == ["n", "n", "n", "d"]
    assert [c.value for c in row[:3]] == [-3, -2.5, -1.5]
    assert not any(c.quotePrefix for c in row)


def test_formula_like() -> None:
    for text in FORMULAS:
        assert formula_like(text), text
    for text in ("学习党章", "12345", "2020-09-09", "a=b", "", " ", "邮箱 x@y.cn"):
        assert not formula_like(text), text
    assert formula_like("＝1+1")  # full-width, as an input method types it


def test_control_characters_xml_cannot_hold_do_not_break_an_export(tmp_path: Path) -> None:
    sheet = new_sheet("表", ["甲"], [10])
    append_rows(sheet, [("第一行\x0b第二行\x0c第三页\x07",)])
    save_workbook(sheet, tmp_path / "c.xlsx")
    [value] = next(load_workbook(tmp_path / "c.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert value == "第一行\n第二行\n第三页"


# --- the three exports, and back ------------------------------------------------------------


def test_studies_export_holds_no_formula_and_imports_back(
    demo_services: Services, tmp_path: Path
) -> None:
    services = demo_services
    host = services.unit.list_people()[0].id
    fields = ("meeting_name", "topic", "lecturer", "location", "materials", "note")
    for index, text in enumerate(FORMULAS):
        services.sessions.save(
            SessionDraft(
                held_on=DAY + dt.timedelta(days=index),
                kind=StudyKind.COLLECTIVE.value,
                host_id=host,
                hours=Decimal("1.5"),
                **{name: f"{text}" if name != "topic" else f"{text}（{index}）" for name in fields},
            )
        )
    # The forms trim what is typed; a tab or CR before the formula can still come from
    # elsewhere (an older version, a hand-edited database): put them back as they were.
    with services.runtime.write() as session:
        for index, text in enumerate(FORMULAS):
            session.execute(
                update(StudySession)
                .where(StudySession.held_on == DAY + dt.timedelta(days=index))
                .values(note=text, materials=text)
            )
    path = tmp_path / "studies.xlsx"
    assert services.ledger_excel.export_studies(YEAR, path) == len(FORMULAS)
    texts = assert_no_formula(path)
    assert set(FORMULAS) <= set(texts)  # every one exactly as stored, as text

    target = other_database(services, tmp_path)
    assert target.ledger_excel.import_studies(path).added == len(FORMULAS)
    assert _sessions(target) == _sessions(services, stripped=True)
    assert target.ledger_excel.export_studies(YEAR, tmp_path / "again.xlsx") == len(FORMULAS)
    assert_no_formula(tmp_path / "again.xlsx")


def _sessions(services: Services, stripped: bool = False) -> list[tuple[str, ...]]:
    """The sessions' texts; an import trims what surrounds a text, as every form does."""
    with services.runtime.read() as session:
        rows = session.scalars(
            select(StudySession)
            .where(StudySession.held_on.between(YEAR.start, YEAR.end))
            .order_by(StudySession.held_on)
        )
        return [
            tuple(
                value.strip() if stripped else value
                for value in (s.meeting_name, s.topic, s.lecturer, s.location, s.materials, s.note)
            )
            for s in rows
        ]


def test_sentiment_export_holds_no_formula_and_imports_back(
    demo_services: Services, tmp_path: Path
) -> None:
    services = demo_services
    office = services.unit.list_offices()[0].id
    for index, text in enumerate(FORMULAS):
        day = DAY + dt.timedelta(days=index)
        case = services.cases.register(
            CaseDraft(
                channel=Channel.HOTLINE_12345.value,
                received_on=day,
                title=f"{text}（{index}）",
                case_no=f"{'=+-@'[index % 4]}12345-2019-{index:04d}",
                content=text,
                link=text,
                reporter=text,
                phone="+1+1" if index % 2 else "-2+3",
                note=text,
            )
        )
        services.cases.assign(case.id, Assignment(office, day, day + dt.timedelta(days=5)))
        services.cases.close(case.id, Closing(day + dt.timedelta(days=1), text))
        services.cases.revisit(
            case.id, Revisit(day + dt.timedelta(days=2), Satisfaction.SATISFIED, text)
        )
        services.cases.report(case.id, UpwardReport(text, day + dt.timedelta(days=2)))
    with services.runtime.write() as session:
        session.execute(update(SentimentCase).values(note=SentimentCase.content))
        for index, text in enumerate(FORMULAS):  # the raw tab and CR, as in the studies test
            session.execute(
                update(SentimentCase)
                .where(SentimentCase.received_on == DAY + dt.timedelta(days=index))
                .values(content=text, result=text)
            )
    path = tmp_path / "cases.xlsx"
    assert services.ledger_excel.export_sentiment(YEAR, path, with_personal=True) == len(FORMULAS)
    texts = assert_no_formula(path)
    assert set(FORMULAS) <= set(texts) and {"+1+1", "-2+3"} <= set(texts)

    target = other_database(services, tmp_path)
    assert target.ledger_excel.import_sentiment(path).added == len(FORMULAS)
    assert _cases(target) == _cases(services, stripped=True)


def _cases(services: Services, stripped: bool = False) -> list[tuple[str, ...]]:
    with services.runtime.read() as session:
        rows = session.scalars(
            select(SentimentCase)
            .where(SentimentCase.received_on.between(YEAR.start, YEAR.end))
            .order_by(SentimentCase.received_on)
        )
        return [
            tuple(
                value.strip() if stripped else value
                for value in (
                    c.case_no,
                    c.title,
                    c.content,
                    c.link,
                    c.reporter,
                    c.phone,
                    c.result,
                    c.revisit_result,
                    c.reported_to,
                    c.note,
                )
            )
            for c in rows
        ]


def test_matrix_export_holds_no_formula_and_imports_back(
    demo_services: Services, tmp_path: Path
) -> None:
    services = demo_services
    section = services.matrix.create_task(2019, TaskDraft(text="=1+1 总任务"))
    for index, text in enumerate(FORMULAS):
        services.matrix.create_task(
            2019,
            TaskDraft(
                text=f"{text}（{index}）",
                parent_id=section.id,
                body=text,
                frequency=text[:30],
                progress=(ProgressNote(DAY, f"{text}进展"),),
            ),
        )
    with services.runtime.write() as session:
        for index, text in enumerate(FORMULAS):  # the raw tab and CR, as in the studies test
            session.execute(update(Task).where(Task.text.like(f"%（{index}）")).values(body=text))
    path = tmp_path / "matrix.xlsx"
    assert services.matrix_excel.export(2019, path) == len(FORMULAS) + 1
    texts = assert_no_formula(path)
    assert set(FORMULAS) <= set(texts)
    assert texts["1"].number_format == "@"  # 层级/编号 stays text too

    target = other_database(services, tmp_path)
    assert target.matrix_excel.import_sheet(path, 2019).tasks == len(FORMULAS) + 1
    assert _tasks(target) == _tasks(services, stripped=True)


def _tasks(services: Services, stripped: bool = False) -> list[tuple[object, ...]]:
    with services.runtime.read() as session:
        rows = session.scalars(select(Task).where(Task.year == 2019).order_by(Task.id))
        return [
            (
                *(v.strip() if stripped else v for v in (t.text, t.body, t.frequency)),
                tuple(
                    p.note
                    for p in session.scalars(
                        select(TaskProgress).where(TaskProgress.task_id == t.id)
                    )
                ),
            )
            for t in rows
        ]


# --- saving ----------------------------------------------------------------------------------


def _a_book() -> SheetStream:
    sheet = new_sheet("表", ["甲"], [10])
    append_rows(sheet, [("新内容",)])
    return sheet


def test_a_failing_save_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the good file")

    def disk_full(self: SheetStream, filename: Path) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SheetStream, "save", disk_full)
    with pytest.raises(UserError, match=r"磁盘已满.*原有文件未受影响"):
        save_workbook(_a_book(), target)
    assert target.read_bytes() == b"the good file"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]  # no temporary file left


def test_a_locked_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the good file")

    def refused(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("ideowork.files.os.replace", refused)  # Windows, while Excel has it open
    with pytest.raises(UserError, match="正在被 Excel 或 WPS 打开"):
        save_workbook(_a_book(), target)
    assert target.read_bytes() == b"the good file"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_never_over_a_folder_or_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep")
    with pytest.raises(UserError, match="文件夹"):
        save_workbook(_a_book(), folder)
    assert (folder / "inside.txt").read_text() == "keep"
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"keep")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    with pytest.raises(UserError, match="链接"):
        save_workbook(_a_book(), link)
    assert real.read_bytes() == b"keep"


def test_an_export_replaces_the_old_file_whole(demo_services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "台账.xlsx"
    target.write_bytes(b"last year's")
    assert demo_services.ledger_excel.export_studies(Period.parse("2020Q3"), target) == 9
    assert load_workbook(target).active.max_row == 10
    assert [p.name for p in folder.iterdir()] == ["台账.xlsx"]
