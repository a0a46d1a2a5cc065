"""`ideowork due`: what the reporting calendar says is owed, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ideowork.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_due_lists_the_third_quarters_reports_of_the_demo(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db = str(db_path)
    run(capsys, "--db", db, "demo")
    code, out, _ = run(capsys, "--db", db, "due", "--at", "2020-10-05", "--json")
    data = json.loads(out)
    assert code == 0 and data["today"] == "2020-10-05" and data["days"] == 14
    keys = {
        "template",
        "name",
        "recipient",
        "period",
        "period_label",
        "due",
        "days_late",
        "overdue",
        "draftable",
    }
    assert all(set(line) == keys for line in data["owed"])
    q3 = [line for line in data["owed"] if line["period"] == "2020Q3"]
    assert {line["template"] for line in q3} == {"quarterly-analysis", "quarterly-implementation"}
    assert all(line["due"] == "2020-10-10" and line["days_late"] == -5 for line in q3)

    code, out, _ = run(capsys, "--db", db, "due", "--at", "2020-10-05")
    assert code == 0 and "已逾期" in out
    assert "2020-10-10（还有5天）2020年第三季度意识形态工作分析研判报告，报送县委宣传部" in out
    assert "report make quarterly-analysis --period 2020Q3" in out

    code, out, _ = run(capsys, "--db", db, "due", "--at", "2020-09-20", "--days", "3")
    assert "2020Q3" not in out and "第三季度" not in out


def test_due_all_lists_the_whole_agenda(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    run(capsys, "--db", db, "demo")
    code, out, _ = run(capsys, "--db", db, "due", "--at", "2020-12-10", "--all", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"today", "days", "items", "counts"}
    assert set(data["counts"]) == {"report", "quota", "task", "case", "revisit", "finding"}
    quota = [item for item in data["items"] if item["kind"] == "quota"]
    assert quota and quota[0]["target"]["page"] == "studies"
    code, out, _ = run(capsys, "--db", db, "due", "--at", "2020-12-10", "--all")
    assert "[任务指标]" in out and "[报送公文]" in out


def test_due_on_an_empty_database_and_bad_days(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "due")
    assert code == 0 and "没有逾期或14天内到期" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "due", "--days", "-3"])
    assert exit_info.value.code == 2
    assert "不是有效的天数" in capsys.readouterr().err
