"""The command-line contract."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ideowork.cli import main
from ideowork.domain.workdays import WorkCalendar
from ideowork.gui.main_window import PAGE_SPECS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_then_check_as_a_user_runs_them(db_path: Path) -> None:
    """The issue's acceptance line, through the real entry point in a fresh process."""
    for command in (["demo"], ["check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ideowork", "--db", str(db_path), *command],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout


def test_demo_twice_is_refused(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    code, _, err = run(capsys, "--db", str(db_path), "demo")
    assert code == 2 and "--force" in err
    assert run(capsys, "--db", str(db_path), "demo", "--force")[0] == 0


def test_check_json(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    names = {item["name"] for item in report["items"]}
    assert names == {"integrity", "schema", "audit", "audit_head", "records", "files"}


def test_quota_json_shape(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "quota", "--year", "2020", "--json")
    data = json.loads(out)
    assert code == 0 and data["year"] == 2020
    first = data["rules"][0]
    assert {"name", "required", "done", "planned", "owed", "status", "children"} <= set(first)
    assert (first["name"], first["required"], first["done"], first["status"]) == (
        "集中学习",
        24,
        21,
        "red",
    )
    assert first["children"][0]["status"] == "green"
    code, out, _ = run(capsys, "--db", str(db_path), "quota", "--year", "2020")
    assert "集中学习：应24次，已完成21次" in out


def test_sentiment_stats_json(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(
        capsys, "--db", str(db_path), "sentiment", "stats", "--period", "2020Q3", "--json"
    )
    stats = json.loads(out)
    assert code == 0
    assert (stats["period"], stats["total"]) == ("2020Q3", 11)
    assert stats["by_channel"] == {"12345": 3, "区长信箱": 7, "网上信访": 1}
    assert stats["satisfaction_rate"] == 1.0 and stats["by_status"] == {"已办结": 11}
    # Added since 0.1: categories, offices, and how many were handled in time.
    assert stats["by_category"] == {"政策咨询": 7, "投诉": 3, "负面舆情": 1}
    assert stats["by_office"]["社会事务办"] == 6
    assert (stats["handled_in_time"], stats["handled_with_deadline"]) == (11, 11)
    assert stats["handled_in_time_rate"] == 1.0


def test_import_a_platform_export_and_print_a_case_sheet(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    export = tmp_path / "letters.csv"
    export.write_text(
        "信件编号,写信时间,写信人,联系电话,信件内容\n"
        "XX-2020-9,2020-10-09 08:00,赵六,13800000000,反映村道积水。希望尽快处理。\n",
        encoding="gb18030",
    )
    code, out, err = run(
        capsys, "--db", str(db_path), "import", "sentiment", str(export), "--dry-run"
    )
    assert code == 0 and "可导入0件" in out and "无法判断受理渠道" in out
    code, out, err = run(
        capsys, "--db", str(db_path), "import", "sentiment", str(export), "--channel", "书记信箱"
    )
    assert code == 0 and "导入舆情事项1件" in out, err
    code, out, err = run(
        capsys, "--db", str(db_path), "import", "sentiment", str(export), "--channel", "微博"
    )
    assert code == 2 and "没有名为“微博”的渠道" in err
    code, out, err = run(
        capsys,
        *("--db", str(db_path), "report", "make", "case-sheet", "--period", "2020Q4"),
        *("--case", "XX-2020-9", "--out", str(tmp_path), "--format", "pdf", "--json"),
    )
    assert code == 0, err
    made = json.loads(out)
    assert made["title"] == "舆情事项处置单" and Path(made["files"]["pdf"]).is_file()
    code, _, err = run(
        capsys,
        *("--db", str(db_path), "report", "make", "case-sheet", "--period", "2020Q4"),
        *("--case", "NO-SUCH", "--out", str(tmp_path)),
    )
    assert code == 2 and "找不到编号为“NO-SUCH”" in err


def test_bad_period_is_a_clear_error(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "sentiment", "stats", "--period", "2020Q5")
    assert code == 2 and out == ""
    assert "无法识别的期间“2020Q5”" in err and "Traceback" not in err


def test_usage_errors_are_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["quota"])
    assert caught.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_backup_and_restore(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    backup = tmp_path / "copy.sqlite3"
    assert run(capsys, "--db", str(db_path), "backup", "--out", str(backup))[0] == 0
    assert run(capsys, "--db", str(db_path), "demo", "--force")[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "restore", str(backup))
    assert code == 0 and "恢复前的数据已另存为" in out
    assert run(capsys, "--db", str(db_path), "check")[0] == 0


def test_restore_refuses_a_corrupt_backup(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    before = db_path.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    code, _, err = run(capsys, "--db", str(db_path), "restore", str(junk))
    assert code == 2 and "未通过完整性检查" in err
    assert db_path.read_bytes() == before


def test_gui_without_display_says_what_to_do(db_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "ideowork", "--db", str(db_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    if sys.platform.startswith("linux"):
        assert result.returncode == 2
        assert (
            "没有可用的图形显示" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
        )
        assert result.stderr.count("\n") == 1


def test_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "self-test")
    assert code == 0 and "自检通过" in out
    assert "通过  法定节假日可以读取（2024年10月1日：国庆节）" in out


def test_screenshot(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "screenshot", "--out", str(tmp_path / "shots"))
    files = [Path(line) for line in out.splitlines()]
    assert code == 0 and len(files) == len(PAGE_SPECS)  # one picture a page
    assert all(f.stat().st_size > 10_000 for f in files)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nosuch://x", "无法识别的数据库地址"),
        # without psycopg2 the driver is missing; with it, no server answers here
        ("postgresql://user@localhost/ideowork", "驱动未安装|无法打开数据库"),
        ("/proc/ideowork.sqlite3", "无法打开数据库"),
    ],
)
def test_a_database_that_cannot_be_opened_is_explained(
    capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    code, _, err = run(capsys, "--db", target, "check")
    assert code == 2 and re.search(message, err) and "Traceback" not in err


def test_files_that_cannot_be_read_or_written_are_explained(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    make = ["--db", str(db_path), "report", "make", "quarterly-analysis", "--period", "2020Q3"]
    code, _, err = run(capsys, *make, "--markup", str(tmp_path / "missing.txt"))
    assert code == 2 and "找不到" in err and "missing.txt" in err and "Traceback" not in err
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, *make, "--out", str(blocker / "out"))
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err


def test_studies_plan_proposes_without_writing(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    import holidays

    run(capsys, "--db", str(db_path), "demo")
    before = run(capsys, "--db", str(db_path), "quota", "--year", "2021", "--json")[1]
    code, out, _ = run(capsys, "--db", str(db_path), "studies", "plan", "--year", "2021", "--json")
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2020-12-31"  # a year gone by: planned from its start
    sessions = data["sessions"]
    assert len(sessions) == 33
    assert {"date", "kind", "kind_label", "topic", "ideology", "serves"} <= set(sessions[0])
    china = holidays.China(years=2021)
    days = [dt.date.fromisoformat(s["date"]) for s in sessions]
    assert not [d for d in days if d in china]  # no statutory holiday
    calendar = WorkCalendar([2021])  # the statutory days off and the 调休 working weekends
    assert all(calendar.is_working_day(d) for d in days)
    assert sum(1 for s in sessions if s["ideology"]) >= 6
    assert run(capsys, "--db", str(db_path), "quota", "--year", "2021", "--json")[1] == before
    code, out, _ = run(capsys, "--db", str(db_path), "studies", "plan", "--year", "2021")
    assert code == 0 and out.startswith("2021年建议安排33项学习和会议（按2020-12-31的日历编制）")


def test_password_clear_lifts_a_forgotten_start_up_password(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    from ideowork.services.context import Services

    with_password = Services.open(str(db_path))
    with_password.access.set_password("secret-1")
    with_password.close()
    code, out, _ = run(capsys, "--db", str(db_path), "password", "--clear")
    assert code == 0 and "已清除启动密码" in out
    assert not Services.open(str(db_path)).access.has_password()
    code, out, _ = run(capsys, "--db", str(db_path), "password", "--clear")
    assert code == 0 and "没有设置启动密码" in out


def test_audit_key_moves_to_another_pc(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    exported = tmp_path / "审计密钥.json"
    code, out, _ = run(capsys, "--db", str(db_path), "audit-key", "export", "--out", str(exported))
    assert code == 0 and "已导出审计密钥1个" in out
    monkeypatch.setenv("IDEOWORK_CONFIG_DIR", str(tmp_path / "another-pc"))
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 1 and "审计密钥不在本机" in out
    code, out, _ = run(capsys, "audit-key", "import", str(exported))
    assert code == 0 and "已导入审计密钥1个" in out
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0, out
