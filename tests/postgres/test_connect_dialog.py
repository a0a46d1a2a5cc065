"""连接数据库… against a real server: an empty database given the schema from the dialog,
then saved; the start-up password dialog connecting to the saved server."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from ideowork.gui.dialogs import connect_dialog
from ideowork.gui.dialogs.connect_dialog import ConnectDialog, ServerPasswordDialog
from ideowork.gui.tasks import Worker
from ideowork.services.system import connection
from ideowork.services.system.connection import Found, ServerConnection


def _server(url: URL) -> ServerConnection:
    return ServerConnection(
        str(url.query["host"]), int(str(url.query["port"])), str(url.database),
        str(url.username),
    )  # fmt: skip


def _settle(qtbot: QtBot, dialog: ConnectDialog, found: Found) -> None:
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(
        lambda: dialog.probe is not None and dialog.probe.found is found, timeout=15_000
    )


def test_an_empty_database_gets_the_schema_from_the_dialog_and_is_saved(
    qtbot: QtBot, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _server(pg_url)
    dialog = ConnectDialog("test.sqlite3")
    qtbot.addWidget(dialog)
    dialog.host.setText(server.host)
    dialog.port.setValue(server.port)
    dialog.database.setText(server.database)
    dialog.user.setText(server.user)
    dialog.test_connection()
    _settle(qtbot, dialog, Found.EMPTY)
    assert dialog.create_button.isVisibleTo(dialog) and not dialog.save_button.isEnabled()

    monkeypatch.setattr(connect_dialog, "confirm", lambda *_args: True)
    dialog.create_schema()
    _settle(qtbot, dialog, Found.READY)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5_000)
    assert "尚未填写单位信息" in dialog.outcome.text()
    assert dialog.save()
    saved = connection.load_connection()
    assert saved is not None and saved.server == server


def test_the_start_up_dialog_connects_to_the_saved_server(qtbot: QtBot, pg_url: URL) -> None:
    server = _server(pg_url)
    connection.create_schema(server, None)
    connection.save_connection(server)
    saved = connection.load_connection()
    assert saved is not None
    dialog = ServerPasswordDialog(saved)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.try_connect()
    assert connection.resolve_target(None).database == pg_url.database
