"""The command line's one error path, tried with the inputs of issue 13: each gives a Chinese
message that says what to do, exit code 2, no traceback, and writes nothing."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from ideowork import cli
from ideowork.cli import main
from ideowork.db.engine import BUSY_TIMEOUT_ENV_VAR
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.error_messages import (
    DISK_FULL,
    LOCKED,
    NOT_A_DATABASE,
    READ_ONLY,
)

PLAN = Path(__file__).parent / "importers" / "samples" / "township-plan.txt"
SQLITE_HEADER = b"SQLite format 3\x00"
# What a database error's own text would bring onto the terminal: the SQL and its data.
LEAKS = ("Traceback", "[SQL", "parameters", "INSERT", "UPDATE", "DELETE", "sqlalche.me")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The CLI in this process; a usage error (argparse) ends in SystemExit, like the real one."""
    try:
        code = main(list(args))
    except SystemExit as stop:
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, err: str, *expected: str) -> None:
    """Exit code 2, the message in Chinese with what to do, nothing a user should not see."""
    assert code == 2, err
    assert "错误：" in err, err
    for text in expected:
        assert text in err, err
    for leak in LEAKS:
        assert leak not in err, err


def contents(db_path: Path) -> list[str]:
    """Every table's rows, as SQL: equal before and after means nothing was written."""
    # Closed at once: the last connection to close removes the -wal and -shm files.
    with closing(sqlite3.connect(db_path)) as connection:
        return list(connection.iterdump())


def listing(folder: Path) -> dict[str, bytes]:
    """The files of a folder with their bytes (SQLite's -wal and -shm aside)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<folder>"
        for p in sorted(folder.rglob("*"))
        if not p.name.endswith(("-wal", "-shm"))
    }


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo unit in a database file closed cleanly (no -wal), copied by each test."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IDEOWORK_DATA_DIR", str(folder / "data"))
        services = Services.open(str(path))
        services.demo.load()
        services.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "db" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --- years and dates -----------------------------------------------------------------------


REPORT_2020Q3 = ["report", "make", "--period", "2020Q3", "--out", "{out}"]


@pytest.mark.parametrize(
    "args",
    [
        ["quota", "--year", "99999"],
        ["quota", "--year", "123456789012345678901234567890"],
        ["quota", "--year", "-5"],
        ["quota", "--year", "1999"],
        ["quota", "--year", "2020", "--at", "0001-01-01"],
        ["studies", "plan", "--year", "2101"],
        ["studies", "plan", "--year", "2021", "--as-of", "9999-12-31"],
        ["import", "plan", str(PLAN), "--year", "99999"],
        ["import", "matrix", "matrix.xlsx", "--year", "0"],
        ["export", "matrix", "--out", "{out}", "--year", "20200"],
        ["export", "studies", "--out", "{out}", "--period", "99999Q1"],
        ["sentiment", "stats", "--period", "99999Q1"],
        ["report", "make", "quarterly-analysis", "--period", "99999Q1", "--out", "{out}"],
        [*REPORT_2020Q3, "quarterly-analysis", "--date", "0001-01-01"],
        [*REPORT_2020Q3, "sign-in-sheet", "--session", "0001-01-01"],
    ],
)
def test_years_out_of_range_are_refused(
    capsys: pytest.CaptureFixture[str], demo_db: Path, out: Path, args: list[str]
) -> None:
    before = contents(demo_db)
    filled = [a.replace("{out}", str(out)) for a in args]
    code, stdout, err = run(capsys, "--db", str(demo_db), *filled)
    assert code == 2 and stdout == "" and "Traceback" not in err
    assert "超出范围" in err and "2000" in err and "2100" in err
    assert contents(demo_db) == before and listing(out) == {}


def test_a_year_that_is_no_number_says_how_to_write_one(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(db_path), "quota", "--year", "二〇二〇")
    assert code == 2 and "参数错误：--year：" in err and "如 2020" in err
    assert not db_path.exists()  # refused before anything was opened


def test_usage_errors_say_what_is_missing_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "quota")
    assert code == 2 and "缺少必填的参数：--year" in err
    code, _, err = run(capsys, "export", "ledger", "--out", "x")
    assert code == 2 and "可选" in err and "invalid choice" not in err


# --- the edited text of a document (--markup) ------------------------------------------------


def make_args(db: Path, out: Path, markup: Path) -> list[str]:
    return [
        *("--db", str(db), "report", "make", "quarterly-analysis", "--period", "2020Q3"),
        *("--out", str(out), "--markup", str(markup)),
    ]


def draft_markup(db: Path) -> str:
    services = Services.open(str(db))
    try:
        return services.reports.draft("quarterly-analysis", Period.parse("2020Q3")).markup
    finally:
        services.close()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("关于2020年第三季度意识形态工作的报告".encode("gb18030"), ["GBK/GB18030", "UTF-8"]),
        ("Résumé été".encode("latin-1") * 20, ["不是 UTF-8", "另存为", "UTF-8"]),
        (b"PK\x03\x04" + b"\x00" * 200, ["Word", "UTF-8"]),
        (b"title\x00\x00\x00body", ["不是文本文件"]),
    ],
)
def test_a_markup_file_that_is_not_utf8_is_refused(
    capsys: pytest.CaptureFixture[str],
    demo_db: Path,
    out: Path,
    tmp_path: Path,
    content: bytes,
    expected: list[str],
) -> None:
    markup = tmp_path / "edited.txt"
    markup.write_bytes(content)
    before = contents(demo_db)
    code, _, err = run(capsys, *make_args(demo_db, out, markup))
    assert_refused(code, err, "edited.txt", *expected)
    assert contents(demo_db) == before and listing(out) == {}


def test_a_markup_path_that_is_missing_or_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], demo_db: Path, out: Path, tmp_path: Path
) -> None:
    before = contents(demo_db)
    code, _, err = run(capsys, *make_args(demo_db, out, tmp_path / "missing.txt"))
    assert_refused(code, err, "找不到", "missing.txt")
    code, _, err = run(capsys, *make_args(demo_db, out, tmp_path))
    assert_refused(code, err, "文件夹")
    assert contents(demo_db) == before and listing(out) == {}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_markup_file_with_a_bom_is_read_without_it(
    capsys: pytest.CaptureFixture[str], demo_db: Path, out: Path, tmp_path: Path, encoding: str
) -> None:
    """Notepad saves UTF-8 with a BOM ("UTF-8 with BOM") or UTF-16 ("Unicode")."""
    text = draft_markup(demo_db)
    markup = tmp_path / "edited.txt"
    markup.write_bytes(text.encode(encoding))
    code, _, err = run(capsys, *make_args(demo_db, out, markup))
    assert code == 0, err
    with closing(sqlite3.connect(demo_db)) as connection:
        (archived,) = connection.execute("SELECT markup FROM generated_document").fetchone()
    assert archived == text and "\ufeff" not in archived


# --- --db that is not a database -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "这不是数据库。\n".encode() * 40,
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    ],
    ids=["text", "png"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    target = folder / "data.sqlite3"
    target.write_bytes(content)
    for command in (["check"], ["demo"], ["import", "plan", str(PLAN), "--year", "2021"]):
        code, _, err = run(capsys, "--db", str(target), *command)
        assert_refused(code, err, NOT_A_DATABASE)
    assert listing(folder) == {"data.sqlite3": content}
    assert sorted(p.name for p in folder.iterdir()) == ["data.sqlite3"]


def test_a_foreign_sqlite_database_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    target = folder / "other.sqlite3"
    with closing(sqlite3.connect(target)) as connection, connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('张三', '13800000000')")
    before = target.read_bytes()
    code, _, err = run(capsys, "--db", str(target), "demo")
    assert_refused(code, err, "不是本程序创建的")
    assert target.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in folder.iterdir()) == ["other.sqlite3"]


def test_an_empty_file_becomes_a_new_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 0-byte file is what SQLite itself calls an empty database (and what a user gets by
    "New > Text document" and renaming): it is set up as a new one, nothing to lose."""
    target = tmp_path / "new.sqlite3"
    target.touch()
    code, out, err = run(capsys, "--db", str(target), "check")
    assert code == 0, err
    assert "检查通过" in out
    assert target.read_bytes().startswith(SQLITE_HEADER)


def test_a_folder_given_as_the_database_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(folder), "check")
    assert_refused(code, err, "无法打开数据库", "权限")
    assert listing(folder) == {"keep.txt": b"x"}


# --- read-only databases (a real process, denied by the file system) -------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _as_plain_user() -> None:
    """In the child, before exec: root without the capabilities that ignore file modes."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_denied(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IDEOWORK_DATA_DIR": str(tmp_path / "userdata")}
    env.pop("IDEOWORK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "ideowork", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        preexec_fn=_as_plain_user,
        timeout=300,
    )


@pytest.fixture
def permissions_apply(tmp_path: Path) -> None:
    """Skip where file modes cannot stop this user (not POSIX; root that keeps its override)."""
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    probe = tmp_path / "probe"
    probe.write_text("", encoding="utf-8")
    probe.chmod(0o444)
    try:
        result = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            preexec_fn=_as_plain_user,
            capture_output=True,
        )
    except subprocess.SubprocessError:
        pytest.skip("cannot drop root's file-mode override here")
    finally:
        probe.unlink()
    if result.returncode == 0:
        pytest.skip("this user can write a read-only file")


@pytest.mark.usefixtures("permissions_apply")
def test_a_read_only_database_file_is_explained(demo_db: Path, tmp_path: Path) -> None:
    before = contents(demo_db)
    demo_db.chmod(0o444)
    try:
        for command in (
            ["import", "plan", str(PLAN), "--year", "2021"],
            ["demo", "--force"],
        ):
            result = run_denied(tmp_path, "--db", str(demo_db), *command)
            assert_refused(result.returncode, result.stderr, READ_ONLY)
            assert result.stderr.count("\n") == 1
            assert "同志" not in result.stderr and "股" not in result.stderr  # no imported rows
        # reading still works
        result = run_denied(tmp_path, "--db", str(demo_db), "quota", "--year", "2020")
        assert result.returncode == 0, result.stderr
    finally:
        demo_db.chmod(0o600)
    assert contents(demo_db) == before


@pytest.mark.usefixtures("permissions_apply")
def test_a_database_in_a_read_only_folder_is_explained(demo_db: Path, tmp_path: Path) -> None:
    before = contents(demo_db)
    folder = demo_db.parent
    folder.chmod(0o555)
    try:
        result = run_denied(tmp_path, "--db", str(demo_db), "import", "plan", str(PLAN))
        assert_refused(result.returncode, result.stderr, "权限")
        assert result.stderr.count("\n") == 1
    finally:
        folder.chmod(0o700)
    assert contents(demo_db) == before


# --- two writers -------------------------------------------------------------------------------

HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.rollback()
"""


@contextmanager
def write_lock_held(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process in the middle of a write on `db_path` until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if not holder.stdin.closed:
            holder.stdin.close()
        holder.wait(timeout=60)


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()


def test_a_writer_gives_up_on_a_locked_database_with_the_message(
    capsys: pytest.CaptureFixture[str], demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV_VAR, "200")
    before = contents(demo_db)
    with write_lock_held(demo_db):
        code, _, err = run(
            capsys, "--db", str(demo_db), "import", "plan", str(PLAN), "--year", "2021"
        )
    assert_refused(code, err, LOCKED)
    assert contents(demo_db) == before


def test_a_writer_waits_for_the_other_one(
    capsys: pytest.CaptureFixture[str], demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV_VAR, "120000")
    with write_lock_held(demo_db) as holder:
        # The other write ends while this one waits for it (it is not yet started: the
        # import has a plan to read and a database to open first).
        timer = threading.Timer(1.0, release, [holder])
        timer.start()
        try:
            code, out, err = run(
                capsys, "--db", str(demo_db), "import", "plan", str(PLAN), "--year", "2021"
            )
        finally:
            timer.join()
    assert code == 0, err
    assert "已导入为2021年责任清单" in out


# --- a duplicate 文号, a full disk --------------------------------------------------------------


def test_a_duplicate_doc_number_is_refused(
    capsys: pytest.CaptureFixture[str], demo_db: Path, out: Path
) -> None:
    make = ["--db", str(demo_db), "report", "make", "--out", str(out)]
    number = ["--doc-number", "完党字〔2020〕99号"]
    code, _, err = run(capsys, *make, "quarterly-analysis", "--period", "2020Q3", *number)
    assert code == 0, err
    before, files = contents(demo_db), listing(out)
    code, _, err = run(capsys, *make, "annual-points", "--period", "2020", *number)
    assert_refused(code, err, "文号")
    assert contents(demo_db) == before and listing(out) == files


@contextmanager
def database_without_room() -> Iterator[None]:
    """Every SQLite connection opened meanwhile may not grow its file: SQLite's own
    "database or disk is full", as on a full disk."""

    def no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count={max(pages, 1)}")

    event.listen(Engine, "connect", no_room)
    try:
        yield
    finally:
        event.remove(Engine, "connect", no_room)


def test_a_full_disk_during_an_import_is_explained(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    before = contents(demo_db)
    with database_without_room():
        code, _, err = run(
            capsys, "--db", str(demo_db), "import", "plan", str(PLAN), "--year", "2021"
        )
    assert_refused(code, err, DISK_FULL)
    assert contents(demo_db) == before


def test_a_full_disk_while_a_report_is_written_is_explained(
    capsys: pytest.CaptureFixture[str], demo_db: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(_path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("ideowork.files.fsync_file", disk_full)
    before = contents(demo_db)
    code, _, err = run(
        capsys,
        "--db",
        str(demo_db),
        "report",
        "make",
        "quarterly-analysis",
        "--period",
        "2020Q3",
        "--out",
        str(out),
    )
    assert_refused(code, err, "磁盘已满")
    assert contents(demo_db) == before
    assert [name for name in listing(out) if not name.startswith(".")] == []


# --- a bug ---------------------------------------------------------------------------------------


def test_a_bug_is_logged_and_named_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, private_data_dir: Path
) -> None:
    def broken(_args: object) -> int:
        raise KeyError("unexpected")

    monkeypatch.setitem(cli.HANDLERS, "check", broken)
    code, out, err = run(capsys, "check")
    log = private_data_dir / "logs" / "crash.log"
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "程序出错" in err and str(log) in err
    assert "KeyError: 'unexpected'" in log.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_the_real_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    target = tmp_path / "notes.sqlite3"
    target.write_text("会议记录\n" * 50, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ideowork", "--db", str(target), "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "IDEOWORK_DATA_DIR": str(tmp_path / "userdata")},
        timeout=300,
    )
    assert_refused(result.returncode, result.stderr, NOT_A_DATABASE)
    assert result.stderr.count("\n") == 1 and result.stdout == ""
