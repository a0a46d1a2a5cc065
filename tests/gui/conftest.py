"""GUI test helpers: wait for background operations; no worker thread outlives its test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ideowork.gui.tasks import Operation, Worker

WAIT_MS = 30_000


def finish(qtbot: QtBot, operation: Operation[Any] | None) -> None:
    """Wait until a background operation has delivered its result on the GUI thread."""
    assert operation is not None
    qtbot.waitUntil(lambda: not operation.running, timeout=WAIT_MS)


@pytest.fixture(autouse=True)
def no_worker_left_running() -> Iterator[None]:
    yield
    assert Worker.shutdown_all(WAIT_MS)


@pytest.fixture(autouse=True)
def no_unexpected_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the run: fail the test with its text instead.
    Tests that expect a message patch the page's show_error/confirm (or these) themselves."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args: Any, **_kwargs: Any) -> Any:
        texts = [a for a in args if isinstance(a, str)]
        raise AssertionError(f"unexpected dialog: {' / '.join(texts)}")

    for name in ("critical", "warning", "question", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
