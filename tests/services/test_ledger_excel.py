from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ideowork.cli import main
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.services.context import Services


def test_study_ledger(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "studies.xlsx"
    assert demo_services.ledger_excel.export_studies(Period.parse("2020Q3"), path) == 9
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "2020年第三季度学习台账"
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["日期", "开始时间", "结束时间", "类别", "会议形式", "内容"]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert first["日期"] == dt.datetime(2020, 7, 1) and first["类别"] == "主题党日"
    assert first["应到"] == 9  # everyone of the unit was expected


def test_sentiment_ledger(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    assert demo_services.ledger_excel.export_sentiment(Period.parse("2020Q3"), path) == 11
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    channels = [row["渠道"] for row in rows]
    assert channels.count("区长信箱") == 7 and channels.count("12345") == 3
    assert {row["满意度"] for row in rows} == {"满意"}
    assert "反映人" not in header  # personal data only when asked


def test_unwritable_target_is_explained(demo_services: Services, tmp_path: Path) -> None:
    (tmp_path / "no").write_text("a file, not a folder")
    with pytest.raises(UserError, match="不是文件夹"):
        demo_services.ledger_excel.export_studies(Period.parse("2020"), tmp_path / "no" / "x.xlsx")


def test_cli_export_into_a_folder(
    capsys: pytest.CaptureFixture[str], db_target: str, tmp_path: Path
) -> None:
    assert main(["--db", db_target, "demo"]) == 0
    assert main(["--db", db_target, "export", "sentiment", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "2020年舆情台账.xlsx").is_file()  # the latest year with cases
    capsys.readouterr()
    assert (
        main(["--db", db_target, "import", "sentiment", str(tmp_path / "2020年舆情台账.xlsx")]) == 0
    )
    assert "编号重复、已跳过14件" in capsys.readouterr().out
    assert main(["--db", db_target, "export", "studies", "--out", str(tmp_path / "a.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
