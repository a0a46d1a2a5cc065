"""A whole session — start, demo, checks, backup, reports, import and export, the GUI — opens
no socket."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ideowork.cli import main
from ideowork.gui.main_window import MainWindow
from ideowork.services.context import Services
from ideowork.services.database import open_database

PLAN = Path(__file__).parent / "importers" / "samples" / "reference-3-branch-plan.txt"


def test_session_opens_no_socket(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network use is not allowed")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    for args in (
        ["demo"],
        ["check"],
        ["quota", "--year", "2020"],
        ["backup"],
        ["sentiment", "stats", "--period", "2020Q3"],
        ["report", "make", "quarterly-analysis", "--period", "2020Q3", "--out", str(tmp_path)],
        ["export", "matrix", "--out", str(tmp_path)],
        ["import", "plan", str(PLAN), "--dry-run"],
    ):
        assert main(["--db", str(db_path), *args]) == 0
    window = MainWindow(Services.for_database(open_database(str(db_path))))
    qtbot.addWidget(window)
    window.show()
    for row in range(window.ui.navigation.count()):
        window.ui.navigation.setCurrentRow(row)
    assert attempts == []
