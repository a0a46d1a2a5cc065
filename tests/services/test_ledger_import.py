"""Importing the study and sentiment 台账 from Excel: all rows or none, duplicates skipped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.importers.workbook import RowsImportError
from ideowork.services.context import Services
from ideowork.services.database import open_database
from ideowork.services.ledgers.sentiment import CaseQuery
from ideowork.services.unit import OfficeInfo, PersonInfo

YEAR = Period.parse("2020")


def copy_unit(source: Services, target: Services) -> None:
    unit = source.unit.get_unit()
    assert unit is not None
    target.unit.save_unit(unit)
    for office in source.unit.list_offices():
        target.unit.save_office(OfficeInfo(id=None, name=office.name))
    for person in source.unit.list_people():
        target.unit.save_person(PersonInfo(id=None, name=person.name, role=person.role))


def test_round_trip_into_another_database(demo_services: Services, tmp_path: Path) -> None:
    services = Services.for_database(open_database(str(tmp_path / "other.sqlite3")))
    studies, cases = tmp_path / "s.xlsx", tmp_path / "c.xlsx"
    demo_services.ledger_excel.export_studies(YEAR, studies)
    demo_services.ledger_excel.export_sentiment(YEAR, cases)
    copy_unit(demo_services, services)
    assert services.ledger_excel.import_studies(studies).added == 32
    assert services.ledger_excel.import_sentiment(cases).added == 14
    assert services.sentiment.stats(Period.parse("2020Q3")).by_channel == {
        "12345": 3,
        "区长信箱": 7,
        "网上信访": 1,
    }
    before = [(r.name, r.done) for r in demo_services.studies.quota_status(2020)]
    after = [(r.name, r.done) for r in services.studies.quota_status(2020)]
    assert before == after
    # Times, hosts, lecturers, places, hours and the absentees with their reasons travel too:
    # the 学习记录台账 printed from either database is the same.
    printed = [s.reports.draft("ledger-studies", YEAR).markup for s in (demo_services, services)]
    assert printed[0] == printed[1] and "杨昌波（因公外出）" in printed[0]
    again = services.ledger_excel.import_studies(studies)
    assert (again.added, again.skipped_duplicates) == (0, 32)


def test_every_bad_row_is_listed_and_nothing_written(services: Services, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类别", "内容", "主持人", "学时", "意识形态"])
    sheet.append(["2020-07-01", "集中学习", "学习党章", "", 1.5, "是"])
    sheet.append(["2020-13-01", "集中学习", "坏日期", "", 1, "否"])
    sheet.append(["2020-07-03", "读书会", "坏类别", "", 1, "否"])
    sheet.append(["2020-07-04", "集中学习", "", "", 1, "否"])
    sheet.append(["2020-07-05", "集中学习", "未知主持人", "王五", "两小时", "也许"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(RowsImportError) as caught:
        services.ledger_excel.import_studies(path)
    rows = sorted({p.row for p in caught.value.problems})
    assert rows == [3, 4, 5, 6]
    message = str(caught.value)
    assert "第3行" in message and "不是有效日期" in message
    assert "可选：中心组学习" in message and "“内容”不能为空" in message
    assert "主持人“王五”不在单位信息中" in message and "学时" in message and "是”或“否" in message
    assert services.studies.sessions_in(YEAR) == []


def test_wrong_files_are_explained(services: Services, tmp_path: Path) -> None:
    docx = tmp_path / "plan.xlsx"
    docx.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UserError, match=r"损坏|不是 Excel"):
        services.ledger_excel.import_sentiment(docx)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(UserError, match="空"):
        services.ledger_excel.import_sentiment(empty)
    headers_only = tmp_path / "headers.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["渠道", "受理日期", "事项"])
    book.save(headers_only)
    result = services.ledger_excel.import_sentiment(headers_only)
    assert result.added == 0


def test_personal_data_leaves_only_when_asked(demo_services: Services, tmp_path: Path) -> None:
    plain, personal = tmp_path / "plain.xlsx", tmp_path / "personal.xlsx"
    case_id = demo_services.sentiment.case_ids(CaseQuery(text="WL-2020-011"))[0]
    draft = demo_services.cases.detail(case_id).draft()
    demo_services.cases.edit(replace(draft, reporter="张三", phone="13812345678"))
    demo_services.ledger_excel.export_sentiment(YEAR, plain)
    demo_services.ledger_excel.export_sentiment(YEAR, personal, with_personal=True)
    headers = [c.value for c in openpyxl.load_workbook(plain).active[1]]
    assert "反映人" not in headers and "联系电话" not in headers
    values = [c.value for row in openpyxl.load_workbook(personal).active for c in row]
    assert "张三" in values and "13812345678" in values


def test_the_ledgers_own_workbook_maps_every_column(
    demo_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "all.xlsx"
    demo_services.ledger_excel.export_sentiment(YEAR, path, with_personal=True)
    preview = demo_services.case_import.preview(path)
    assert preview.platform == "本程序台账"
    assert preview.unmapped == () and preview.missing == ()
    assert preview.new == 0 and len(preview.duplicates) == 14  # all already in the ledger
