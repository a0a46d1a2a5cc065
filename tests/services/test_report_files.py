"""A 公文's 文号, archive row and files are committed together or not at all.

Two processes numbering at once never share a 文号; a failure or a kill -9 at any point leaves
the archive row pointing to complete files (the old version or the new one), and once settled
no hidden file stays; a full disk leaves the old files; a taken 文号 is told in Chinese and
writes nothing.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ideowork.db.models import AuditEntry, GeneratedDocument
from ideowork.documents import render
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.periods import Period
from ideowork.file_sets import FileSwap
from ideowork.services.context import Services
from ideowork.services.reports import doc_numbers, drafting
from ideowork.services.runtime import WRITE_CONTEXT
from ideowork.services.system import audit

Q3 = Period.parse("2020Q3")
BOTH = frozenset({"docx", "pdf"})
ROOT = Path(__file__).resolve().parents[2]
NEW_TEXT = "本次修改后的正文。"
RENUMBERED = "完党字〔2020〕120号"


@dataclass(frozen=True)
class State:
    """What the archive and the folder hold: compared before and after a failed make."""

    rows: Sequence[tuple[object, ...]]
    audit_entries: int
    files: dict[str, bytes]


def state(services: Services, folder: Path) -> State:
    with services.runtime.read() as session:
        rows = [
            (r.id, r.template, r.period, r.doc_number, r.title, r.markup, r.docx_path, r.pdf_path)
            for r in session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id))
        ]
        audit_entries = session.scalar(select(func.count(AuditEntry.id))) or 0
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}
    return State(rows, audit_entries, files)


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def assert_complete(path: Path) -> None:
    """A whole file: a DOCX python-docx opens, a PDF with its end-of-file mark."""
    if path.suffix == ".docx":
        docx_text(path)
    else:
        assert path.read_bytes().rstrip().endswith(b"%%EOF"), path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "公文"


@pytest.fixture
def made_once(demo_services: Services, out: Path) -> State:
    """The 分析研判报告 of 2020Q3 made and archived once: the good version to keep."""
    demo_services.reports.make("quarterly-analysis", Q3, out, BOTH)
    return state(demo_services, out)


def edited(services: Services) -> str:
    markup = services.reports.draft("quarterly-analysis", Q3).markup
    return markup.replace("特此报告。", f"{NEW_TEXT}\n特此报告。")


# --- failures in the process -------------------------------------------------------------------


def fail_in_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit failed")

    monkeypatch.setattr(audit, "record", broken)


def fail_after_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = FileSwap.install

    def install_then_fail(self: FileSwap) -> None:
        real(self)
        raise RuntimeError("failed with the new files in place, before the commit")

    monkeypatch.setattr(FileSwap, "install", install_then_fail)


@pytest.fixture
def failing_commit() -> Iterator[None]:
    """The commit of a write transaction fails (as a full disk or an I/O error would)."""

    def refuse(session: Session) -> None:
        if WRITE_CONTEXT in session.info:
            raise OSError(errno.EIO, "disk I/O error")

    event.listen(Session, "before_commit", refuse)
    yield
    event.remove(Session, "before_commit", refuse)


@pytest.mark.parametrize("where", ["audit", "after install", "commit"])
def test_a_failure_before_the_commit_leaves_the_old_files_and_row(
    demo_services: Services,
    out: Path,
    made_once: State,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    where: str,
) -> None:
    markup = edited(demo_services)
    if where == "audit":
        fail_in_audit(monkeypatch)
    elif where == "after install":
        fail_after_install(monkeypatch)
    else:
        request.getfixturevalue("failing_commit")
    with pytest.raises((RuntimeError, OSError, UserError)):
        demo_services.reports.make("quarterly-analysis", Q3, out, BOTH, markup=markup)
    assert state(demo_services, out) == made_once  # same row, same files, no temporary file


def test_an_error_after_the_commit_keeps_the_new_files_the_archive_points_to(
    demo_services: Services, out: Path, made_once: State
) -> None:
    markup = edited(demo_services)

    def broken_listener(changed: frozenset[str]) -> None:
        raise RuntimeError("a window failed to refresh")

    demo_services.subscribe(broken_listener)
    with pytest.raises(RuntimeError):
        demo_services.reports.make("quarterly-analysis", Q3, out, BOTH, markup=markup)
    [row] = demo_services.archive.documents()
    assert NEW_TEXT in row.markup
    assert NEW_TEXT in docx_text(Path(row.docx_path))
    assert hidden(out) == []


def full_disk_for(suffix: str) -> Callable[[Path, bytes], int]:
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if suffix in path.name:
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    return write_bytes


def test_a_full_disk_while_the_pdf_is_written_leaves_the_old_files(
    demo_services: Services, out: Path, made_once: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    markup = edited(demo_services)
    monkeypatch.setattr(Path, "write_bytes", full_disk_for(".pdf"))
    with pytest.raises(UserError, match=r"磁盘已满.*原有的文件和归档记录都保持原样"):
        demo_services.reports.make("quarterly-analysis", Q3, out, BOTH, markup=markup)
    assert state(demo_services, out) == made_once


def test_a_full_disk_on_a_first_report_leaves_nothing(
    demo_services: Services, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state(demo_services, out)
    monkeypatch.setattr(Path, "write_bytes", full_disk_for(".pdf"))
    with pytest.raises(UserError, match="磁盘已满"):
        demo_services.reports.make("quarterly-analysis", Q3, out, BOTH)
    after = state(demo_services, out)
    assert after == State(before.rows, before.audit_entries, {})


# --- 文号 -----------------------------------------------------------------------------------


def test_a_taken_number_is_named_and_nothing_is_written(
    demo_services: Services, out: Path, made_once: State
) -> None:
    [(_id, _t, _p, number, title, *_rest)] = made_once.rows
    assert number == "完党字〔2020〕105号"
    plan = Period.parse("2020")
    with pytest.raises(UserError) as refused:
        demo_services.reports.make("implementation-plan", plan, out, BOTH, doc_number=number)
    message = str(refused.value)
    assert f"文号“{number}”已用于已归档的公文《{title}》" in message
    assert "下一个未用的文号是“完党字〔2020〕106号”" in message
    assert state(demo_services, out) == made_once
    # The same number typed into the editor's 文号 line: refused the same way.
    markup = demo_services.reports.draft("implementation-plan", plan).markup
    assert "完党字〔2020〕106号" in markup
    taken = markup.replace("完党字〔2020〕106号", number)
    with pytest.raises(UserError, match="已用于已归档的公文"):
        demo_services.reports.make("implementation-plan", plan, out, BOTH, markup=taken)
    assert state(demo_services, out) == made_once


def test_a_document_keeps_its_own_number_and_may_be_renumbered(
    demo_services: Services, out: Path, made_once: State
) -> None:
    again = demo_services.reports.make("quarterly-analysis", Q3, out, BOTH)
    assert again.draft.doc_number == "完党字〔2020〕105号"  # its own number is not "taken"
    renumbered = demo_services.reports.make(
        "quarterly-analysis",
        Q3,
        out,
        BOTH,
        markup=edited(demo_services),
        doc_number="完党字〔2020〕120号",
    )
    assert renumbered.draft.doc_number == "完党字〔2020〕120号"
    [row] = demo_services.archive.documents()
    assert row.doc_number == "完党字〔2020〕120号" and "文号：完党字〔2020〕120号" in row.markup
    assert NEW_TEXT in row.markup  # the edited text kept, its 文号 line replaced
    assert "完党字〔2020〕120号" in docx_text(Path(row.docx_path))


def test_an_integrity_error_from_another_writer_is_told_in_chinese(
    demo_services: Services, out: Path, made_once: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if a writer that takes no numbering lock archived the number after our check: the
    database's UNIQUE constraint refuses it, and that never surfaces raw."""
    real_holder_of = doc_numbers.holder_of
    calls: list[str] = []

    def blind_first_check(session: Session, number: str, except_id: int | None) -> object:
        calls.append(number)
        return None if len(calls) == 1 else real_holder_of(session, number, except_id)

    monkeypatch.setattr(drafting, "holder_of", blind_first_check)
    with pytest.raises(UserError, match="文号“完党字〔2020〕105号”已用于已归档的公文《关于上报"):
        demo_services.reports.make(
            "implementation-plan", Period.parse("2020"), out, BOTH, doc_number="完党字〔2020〕105号"
        )
    assert state(demo_services, out) == made_once


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("完党字〔2020〕1号\n[附件] 假", "只能写一行"),
        ("完党字〔2020〕1号\r# 假标题", "只能写一行"),
        ("---", "不能以“-”开头"),
        ("# 完党字〔2020〕1号", "不能以“#”开头"),
        ("[附件] 假", "不能以“\\[”开头"),
        ("【待填写】", "不能以“【”开头"),
        ("完党字〔2020〕1\u200b号", "零宽字符"),
        ("完" * 51 + "〔2020〕1号", "文号太长"),
    ],
)
def test_a_given_number_that_could_forge_markup_is_refused(
    demo_services: Services, out: Path, number: str, message: str
) -> None:
    before = state(demo_services, out)
    for make in (
        lambda: demo_services.reports.make("quarterly-analysis", Q3, out, BOTH, doc_number=number),
        lambda: demo_services.reports.draft("quarterly-analysis", Q3, doc_number=number),
    ):
        with pytest.raises(ValidationError, match=message) as refused:
            make()
        assert "请" in str(refused.value)  # says what to do instead
    assert state(demo_services, out) == before


def test_the_command_line_refuses_a_forged_number_with_a_message(
    capsys: pytest.CaptureFixture[str], db_target: str, tmp_path: Path
) -> None:
    from ideowork.cli import main

    assert main(["--db", db_target, "demo"]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    for number in ("完党字〔2020〕1号\n[附件] 假", "---"):
        code = main(
            [
                *("--db", db_target, "report", "make", "quarterly-analysis"),
                *("--period", "2020Q3", "--out", str(out), f"--doc-number={number}"),
            ]
        )
        assert code == 2
        err = capsys.readouterr().err
        assert "文号" in err and "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []


def test_without_a_prefix_numbered_reports_are_archived_without_a_number(
    services: Services, out: Path
) -> None:
    """The 【待填写：文号】 placeholder is no 文号: two such reports do not collide on it."""
    first = services.reports.make("quarterly-analysis", Q3, out, BOTH)
    second = services.reports.make("implementation-plan", Period.parse("2020"), out, BOTH)
    assert first.draft.doc_number == second.draft.doc_number == ""
    assert [d.doc_number for d in services.archive.documents()] == [None, None]


# --- other processes ---------------------------------------------------------------------------

CHILD_PRELUDE = """
import datetime as dt, os, signal, sys
from pathlib import Path
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
services = Services.open(sys.argv[1], clock=FixedClock(dt.datetime(2026, 11, 26, 9, 30)))
"""

RACE_CHILD = CHILD_PRELUDE + textwrap.dedent(
    """
    import time
    out, go = Path(sys.argv[2]), Path(sys.argv[3])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    for template in sys.argv[4:]:
        period = Period.parse("2020Q3" if template == "quarterly-analysis" else "2020")
        made = services.reports.make(template, period, out)
        print(template, made.draft.doc_number, flush=True)
    """
)


def child(script: str, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_numbering_at_once_never_share_a_number(
    demo_services: Services, db_target: str, out: Path, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    jobs = (
        ("quarterly-analysis", "implementation-measures", "duty-list"),
        ("implementation-plan", "annual-points", "study-plan"),
    )
    children = [child(RACE_CHILD, db_target, out, go, *templates) for templates in jobs]
    for process in children:  # both have opened the database: start them together
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    go.touch()
    results = [process.communicate(timeout=300) for process in children]
    for process, (_stdout, stderr) in zip(children, results, strict=True):
        assert process.returncode == 0, stderr
    numbers = [line.split()[1] for stdout, _ in results for line in stdout.splitlines()]
    assert sorted(numbers) == [f"完党字〔2020〕{n}号" for n in range(105, 111)]
    documents = demo_services.archive.documents()
    assert sorted(d.doc_number or "" for d in documents) == sorted(numbers)
    for document in documents:
        assert document.doc_number is not None
        assert document.doc_number in docx_text(Path(document.docx_path))  # its own number
        assert_complete(Path(document.pdf_path))
    archived = {Path(p).name for d in documents for p in (d.docx_path, d.pdf_path)}
    assert {p.name for p in out.iterdir()} == archived  # no stray file, no hidden one


KILL_CHILD = CHILD_PRELUDE + textwrap.dedent(
    """
    from ideowork import file_sets
    from ideowork.services.reports import drafting
    out, point, markup = Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]).read_text("utf-8")

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def after(owner, name):
        real = getattr(owner, name)
        def wrapper(*args, **kwargs):
            result = real(*args, **kwargs)
            die()
            return result
        setattr(owner, name, wrapper)

    if point == "writing the pdf":  # the DOCX staged, the PDF half written
        from ideowork import files
        real_commit = files.commit_file
        def commit_file(temporary, target):
            if ".pdf." in temporary.name:
                die()
            real_commit(temporary, target)
        files.commit_file = commit_file
    elif point == "staged":
        after(drafting, "stage_document")
    elif point == "journalled":
        after(file_sets.FileSwap, "mark")
    elif point == "half installed":  # the DOCX in place, the PDF not yet
        real_replace = os.replace
        def replace(source, target):
            if str(target).endswith(".pdf") and str(source).endswith(".tmp"):
                die()
            real_replace(source, target)
        file_sets.os.replace = replace
    elif point == "installed":
        after(file_sets.FileSwap, "install")
    elif point == "committed":
        file_sets.FileSwap.finish = lambda self: die()
    services.reports.make("quarterly-analysis", Period.parse("2020Q3"), out, markup=markup)
    """
)


@pytest.mark.parametrize(
    ("point", "committed"),
    [
        ("writing the pdf", False),
        ("staged", False),
        ("journalled", False),
        ("half installed", False),
        ("installed", False),
        ("committed", True),
    ],
)
def test_a_kill_at_any_point_leaves_the_archive_pointing_to_complete_files(
    demo_services: Services,
    db_target: str,
    out: Path,
    tmp_path: Path,
    made_once: State,
    point: str,
    committed: bool,
) -> None:
    markup_file = tmp_path / "edited.txt"
    markup_file.write_text(edited(demo_services), encoding="utf-8")
    process = child(KILL_CHILD, db_target, out, point, markup_file)
    _stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == -9, stderr

    # At once, before anything is settled: the row points to complete files.
    with demo_services.runtime.read() as session:
        [row] = session.scalars(select(GeneratedDocument))
        assert (NEW_TEXT in row.markup) is committed
        for path in (row.docx_path, row.pdf_path):
            assert_complete(Path(path))
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == {n for n in made_once.files if not n.startswith(".")}

    # Settled (the archive's listing does it): the files are the row's version, nothing hidden.
    [document] = demo_services.archive.documents()
    assert hidden(out) == []
    if committed:
        assert NEW_TEXT in docx_text(Path(document.docx_path))
    else:
        assert state(demo_services, out) == made_once


def test_a_kill_before_the_commit_of_a_first_report_leaves_no_file_once_settled(
    demo_services: Services, db_target: str, out: Path, tmp_path: Path
) -> None:
    """No archive row points to the new files, so nothing lists their folder: the next report
    made into it settles them."""
    markup_file = tmp_path / "edited.txt"
    markup_file.write_text(edited(demo_services), encoding="utf-8")
    process = child(KILL_CHILD, db_target, out, "installed", markup_file)
    assert process.wait(timeout=300) == -9
    assert demo_services.archive.documents() == []
    made = demo_services.reports.make("implementation-plan", Period.parse("2020"), out, BOTH)
    assert {p.name for p in out.iterdir()} == {p.name for p in made.files.values()}
    assert made.draft.doc_number == "完党字〔2020〕105号"  # the killed run's number is free


def test_a_journal_of_another_database_is_left_alone(
    demo_services: Services, out: Path, made_once: State
) -> None:
    """Two databases writing into one folder: one never settles the other's change."""
    target = out / "other.docx"
    swap = FileSwap.plan([target], owner="sqlite:////elsewhere/other.sqlite3")
    demo_services.reports.make("quarterly-analysis", Q3, out, BOTH)
    demo_services.archive.documents()
    assert swap.journal.exists()
    swap.undo()
    assert not swap.journal.exists()


def test_the_archive_listed_during_a_make_leaves_that_make_alone(
    demo_services: Services, out: Path, made_once: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI lists the archive while its worker makes a report: the listing neither settles
    the journal of that make nor waits for its write lock."""
    real_stage, real_write = render.stage_document, demo_services.runtime.write
    seen: list[tuple[list[str], int]] = []
    writes: list[str] = []

    def write_spy(*changes: str) -> Any:
        writes.append("write")
        return real_write(*changes)

    def stage_and_list(*args: Any, **kwargs: Any) -> Any:
        staged = real_stage(*args, **kwargs)
        writes.clear()
        listed = demo_services.archive.documents()
        seen.append((hidden(out), len(writes)))
        assert [d.doc_number for d in listed] == ["完党字〔2020〕105号"]
        return staged

    monkeypatch.setattr(demo_services.runtime, "write", write_spy)
    monkeypatch.setattr(drafting, "stage_document", stage_and_list)
    demo_services.reports.make("quarterly-analysis", Q3, out, BOTH, markup=edited(demo_services))
    [(hidden_then, writes_then)] = seen
    assert any(name.startswith(".ideowork-files.") for name in hidden_then)  # a live journal
    assert writes_then == 0  # not settled, no write lock asked for
    assert hidden(out) == []
