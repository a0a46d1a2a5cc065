"""The user's data is the user's alone on Linux: folders 0700, files 0600, whichever entry
point started the program, and what an earlier version left open to others tightened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ideowork.cli import main
from ideowork.domain.periods import Period
from ideowork.paths import documents_dir, keep_files_private, log_dir, make_private
from ideowork.services.context import Services

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(autouse=True)
def careless_umask() -> Iterator[None]:
    """Start like a process nobody made private (umask 022), and put the umask back after."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def open_to_all(*paths: Path) -> None:
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_the_command_line_keeps_a_fresh_data_folder_private(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup"]) == 0
    db_file = private_data_dir / "ideowork.sqlite3"
    backups = list((private_data_dir / "backups").iterdir())  # the backup and its sidecars
    assert len([b for b in backups if b.suffix == ".sqlite3"]) == 1
    assert mode(private_data_dir) == 0o700
    assert mode(db_file) == 0o600
    assert mode(private_data_dir / "backups") == 0o700
    assert [mode(b) for b in backups] == [0o600] * len(backups)
    for companion in ("-wal", "-shm"):
        if db_file.with_name(db_file.name + companion).exists():
            assert mode(db_file.with_name(db_file.name + companion)) == 0o600


def test_the_gui_keeps_documents_logs_and_its_lock_private(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, private_data_dir: Path
) -> None:
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ideowork.gui.app import run_gui
    from ideowork.gui.failures import write_crash_log

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    # The demo's quota rules are overdue on the real date: the start-up notice says so.
    notices: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: notices.append(a[1])))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    lock_file = private_data_dir / "ideowork.sqlite3.lock"
    lock_modes: list[int] = []

    def look_then_quit() -> None:
        lock_modes.append(mode(lock_file))
        QApplication.quit()

    QTimer.singleShot(0, look_then_quit)
    assert run_gui(None) == 0  # the demo loaded (asked and answered yes), the daily backup
    assert lock_modes == [0o600]
    assert notices in ([], ["任务指标提醒"])
    assert mode(private_data_dir) == 0o700
    assert mode(private_data_dir / "ideowork.sqlite3") == 0o600
    backups = list((private_data_dir / "backups").iterdir())
    assert len([b for b in backups if b.suffix == ".sqlite3"]) == 1
    assert [mode(b) for b in backups] == [0o600] * len(backups)

    services = Services.open(None)
    try:
        made = services.reports.make(
            "quarterly-analysis", Period.parse("2020Q3"), documents_dir(), frozenset({"docx"})
        )
    finally:
        services.close()
    assert mode(documents_dir()) == 0o700
    assert mode(made.files["docx"]) == 0o600
    error = RuntimeError("测试")
    log_file = write_crash_log(RuntimeError, error, None)
    assert mode(log_dir()) == 0o700 and mode(log_file) == 0o600


def test_what_an_earlier_version_left_open_is_tightened_at_start(
    private_data_dir: Path, tmp_path: Path
) -> None:
    Services.open(None).close()
    db_file = private_data_dir / "ideowork.sqlite3"
    wal = db_file.with_name(db_file.name + "-wal")
    wal.touch()
    backups = private_data_dir / "backups"
    backups.mkdir()
    old_backup = backups / "ideowork-20200101-000000-daily.sqlite3"
    old_backup.write_bytes(db_file.read_bytes())
    documents = private_data_dir / "documents" / "2020"
    documents.mkdir(parents=True)
    document = documents / "报告.docx"
    document.write_bytes(b"PK")
    logs = private_data_dir / "logs"
    logs.mkdir()
    log = logs / "crash.log"
    log.write_text("旧日志\n", encoding="utf-8")
    elsewhere = tmp_path / "someone else's.txt"  # reached through a link: not ours to change
    elsewhere.write_text("", encoding="utf-8")
    (documents / "link").symlink_to(elsewhere)
    everything = [private_data_dir, db_file, wal, backups, old_backup, documents.parent]
    everything += [documents, document, logs, log, elsewhere]
    open_to_all(*everything)

    keep_files_private()  # first thing at every start

    for path in everything[:-1]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert mode(elsewhere) == 0o644


def test_a_database_elsewhere_is_tightened_when_opened(tmp_path: Path) -> None:
    db_file = tmp_path / "单位" / "台账.sqlite3"
    Services.open(str(db_file)).close()
    backups = db_file.parent / "backups"
    backups.mkdir()
    backup = backups / "台账-20200101-000000-daily.sqlite3"
    backup.write_bytes(b"")
    open_to_all(db_file, backups, backup)
    Services.open(str(db_file)).close()
    assert (mode(db_file), mode(backups), mode(backup)) == (0o600, 0o700, 0o600)
    assert mode(db_file.parent) == 0o755  # the user's own folder: theirs to decide


def test_a_read_only_file_stays_read_only(tmp_path: Path) -> None:
    kept = tmp_path / "归档.pdf"
    kept.write_bytes(b"%PDF")
    kept.chmod(0o444)
    make_private(kept)
    assert mode(kept) == 0o400
