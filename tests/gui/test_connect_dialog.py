"""连接数据库… without a server: the fields checked in place, the password never stored,
改回本机数据库, and the start-up question only when a saved server needs a password."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from ideowork.gui.dialogs import connect_dialog
from ideowork.gui.dialogs.connect_dialog import (
    ConnectDialog,
    ServerPasswordDialog,
    ask_server_password,
)
from ideowork.gui.pages.system_page import SystemPage
from ideowork.gui.tasks import Worker
from ideowork.services.context import Services
from ideowork.services.system import connection
from ideowork.services.system.connection import Found, ServerConnection


@pytest.fixture(autouse=True)
def no_password_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    connection._session_passwords.clear()


def test_the_system_page_opens_it_and_wrong_fields_are_said_in_place(
    qtbot: QtBot, services: Services
) -> None:
    page = SystemPage(services)
    qtbot.addWidget(page)
    dialog = page.open_connect_dialog(open_dialog=False)
    assert "本机数据库文件" in dialog.current.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.remember.isHidden() == (not connection.can_remember_password())
    assert dialog.test_connection() is None  # no host: nothing sent anywhere
    assert "服务器的地址" in dialog.outcome.text()
    dialog.host.setText("192.168.1.20")
    dialog.user.setText("bad user")
    assert dialog.test_connection() is None and "账号" in dialog.outcome.text()


def test_a_host_that_does_not_answer_is_said_off_the_gui_thread(
    qtbot: QtBot, services: Services
) -> None:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    dialog = ConnectDialog("test.sqlite3")
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.user.setText("app")
    operation = dialog.test_connection()
    assert operation is not None
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: dialog.probe is not None, timeout=10_000)
    assert dialog.probe is not None and dialog.probe.found is Found.UNREACHABLE
    assert "连不上服务器" in dialog.outcome.text() and not dialog.save_button.isEnabled()


def test_saved_after_a_good_probe_without_the_password(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ConnectDialog("test.sqlite3")
    qtbot.addWidget(dialog)
    server = ServerConnection("192.168.1.20", 5432, "ideowork", "app")
    dialog.host.setText(server.host)
    dialog.user.setText(server.user)
    dialog.password.setText("s3cret-pw")
    dialog.show_probe(server, connection.Probe(Found.READY, "连接成功（单位：中共完冒镇委员会）。"))
    assert dialog.save_button.isEnabled()
    dialog.host.textEdited.emit("192.168.1.21")  # a probe speaks for its own fields only
    assert not dialog.save_button.isEnabled()
    dialog.show_probe(server, connection.Probe(Found.READY, "连接成功。"))
    assert dialog.save()
    text = connection.connection_file().read_text(encoding="utf-8")
    assert "s3cret-pw" not in text and "192.168.1.20" in text
    assert connection.resolve_target(None).password == "s3cret-pw"  # this session only

    again = ConnectDialog("test.sqlite3")
    qtbot.addWidget(again)
    assert again.host.text() == "192.168.1.20" and again.local_button.isVisibleTo(again)
    monkeypatch.setattr(connect_dialog, "confirm", lambda *_args: True)
    assert again.back_to_local()
    assert connection.load_connection() is None


def test_the_start_asks_only_for_a_saved_server_without_a_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(
        connect_dialog.ServerPasswordDialog, "exec", lambda self: asked.append(self) or 0
    )
    assert ask_server_password(None) == (True, None)  # the local file: nothing asked
    connection.save_connection(ServerConnection("192.168.1.20", 5432, "ideowork", "app"))
    assert ask_server_password("other.sqlite3")[0] and not asked  # --db comes first
    assert not ask_server_password(None)[0] and len(asked) == 1  # asked; 退出 ends the start
    monkeypatch.setenv("PGPASSWORD", "from-env")
    assert ask_server_password(None)[0] and len(asked) == 1


def test_a_server_address_without_a_password_is_asked_for_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    url = "postgresql+psycopg://app@192.168.1.20/ideowork"

    def typed(dialog: ServerPasswordDialog) -> int:
        assert dialog.local_button.isHidden() and dialog.remember.isHidden()
        assert "app@192.168.1.20:5432/ideowork" in dialog.findChild(QLabel).text()
        dialog.password.setText("pw")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ServerPasswordDialog, "exec", typed)
    assert ask_server_password(url) == (True, "postgresql+psycopg://app:pw@192.168.1.20/ideowork")
    with_password = "postgresql+psycopg://app:x@192.168.1.20/ideowork"
    assert ask_server_password(with_password) == (True, with_password)  # nothing to ask
