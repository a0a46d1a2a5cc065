"""The login at start (only where a database has accounts), its countdown after wrong tries,
the first 管理员 of a server, and 用户管理 in the 系统 page by role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ideowork import APP_TITLE
from ideowork.gui.app import Started, start_gui
from ideowork.gui.dialogs import login_dialog
from ideowork.gui.dialogs.login_dialog import LoginDialog
from ideowork.gui.pages.system_page import SystemPage
from ideowork.gui.pages.users_panel import UsersPanel
from ideowork.services.context import Services

PASSWORD = "正确密码abc"


def no_second_start(_busy: Any) -> Any:
    raise AssertionError("no second start expected")


@pytest.fixture
def started() -> Iterator[list[Started]]:
    made: list[Started] = []
    yield made
    for one in made:
        one.close()


@pytest.fixture
def logins(monkeypatch: pytest.MonkeyPatch) -> list[LoginDialog]:
    """Login dialogs shown at start; each is filled in by the test's `answer` before exec."""
    shown: list[LoginDialog] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda self: shown.append(self) or self.answer())
    return shown


def no_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No)
    )


def with_accounts(services: Services) -> Services:
    services.users.add("wang", "王五", "admin", password=PASSWORD)
    assert services.users.login("wang", PASSWORD).ok
    services.users.add("li", "李四", "clerk", ["studies"], PASSWORD)
    services.users.add("zhao", "赵六", "viewer", password=PASSWORD)
    return services


# --- at start ---------------------------------------------------------------------------------
def test_a_single_pc_starts_without_a_login(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, started: list[Started], logins: list[Any]
) -> None:
    no_demo(monkeypatch)
    first = start_gui(None, no_second_start)
    assert isinstance(first, Started)
    started.append(first)
    assert logins == []  # nobody asked
    assert first.window.windowTitle() == APP_TITLE
    assert first.services.actor.role == ""


def test_with_accounts_the_start_asks_who_and_the_title_names_them(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, started: list[Started], logins: list[Any]
) -> None:
    no_demo(monkeypatch)
    setup = Services.open(None)
    with_accounts(setup)
    setup.close()

    def log_in_as_li(dialog: LoginDialog) -> int:
        dialog.login.setText("li")
        dialog.password.setText(PASSWORD)
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "answer", log_in_as_li, raising=False)
    first = start_gui(None, no_second_start)
    assert isinstance(first, Started)
    started.append(first)
    assert len(logins) == 1
    assert first.services.actor.user == "李四（li）"
    assert first.window.windowTitle() == f"{APP_TITLE} — 李四（li） · 经办人"


def test_quitting_the_login_ends_the_start(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, logins: list[Any]
) -> None:
    setup = Services.open(None)
    with_accounts(setup)
    setup.close()
    monkeypatch.setattr(LoginDialog, "answer", lambda _self: 0, raising=False)
    assert start_gui(None, no_second_start) == 0
    assert len(logins) == 1


# --- the dialog -------------------------------------------------------------------------------
def test_wrong_passwords_count_down_before_the_next_try(qtbot: QtBot, services: Services) -> None:
    with_accounts(services)
    dialog = LoginDialog(services.users)
    qtbot.addWidget(dialog)
    dialog.login.setText("zhao")
    for wrong in ("错1", "错2"):
        dialog.password.setText(wrong)
        dialog.submit()
        assert dialog.ok_button.isEnabled()
        assert dialog.message.text() == "登录名或密码不正确。请重新输入。"
    dialog.password.setText("错3")
    dialog.submit()
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text() == "登录名或密码不正确。请在2秒后再试。"
    assert dialog.countdown.isActive()
    dialog.password.setText(PASSWORD)
    dialog.submit()  # Enter while waiting: ignored
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.tick()
    assert dialog.message.text() == "登录名或密码不正确。请在1秒后再试。"
    dialog.tick()
    assert dialog.ok_button.isEnabled() and not dialog.countdown.isActive()
    # The service's clock has not moved: the wait it keeps is still running.
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert "密码错误次数过多" in dialog.message.text()
    assert services.actor.login == "wang"  # still the admin who set up the accounts


def test_the_right_password_logs_in(qtbot: QtBot, services: Services) -> None:
    with_accounts(services)
    dialog = LoginDialog(services.users)
    qtbot.addWidget(dialog)
    dialog.login.setText(" ZHAO ")  # as typed
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (services.actor.user, services.actor.role) == ("赵六（zhao）", "viewer")


def test_the_first_admin_of_a_server(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(services.users), "on_server", lambda _self: True)
    assert services.users.needs_first_admin()
    shown: list[LoginDialog] = []

    def fill(dialog: LoginDialog) -> int:
        shown.append(dialog)
        dialog.login.setText("wang")
        dialog.name.setText("王五")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText("另一个")
        dialog.submit()
        assert "两次输入的密码不一样" in dialog.message.text()
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD)
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", fill)
    assert login_dialog.ask_login(services.users)
    assert shown[0].first_admin
    assert (services.actor.user, services.actor.role) == ("王五（wang）", "admin")
    assert not services.users.needs_first_admin()


# --- 用户管理 -------------------------------------------------------------------------------------
def test_an_admin_adds_and_manages_users(qtbot: QtBot, services: Services) -> None:
    panel = UsersPanel(services)
    qtbot.addWidget(panel)
    assert panel.add_button.text() == "新建管理员…" and panel.table.isHidden()
    dialog = panel.add_user(open_dialog=False)
    assert dialog.role.currentData() == "admin"  # the first account
    dialog.login.setText("wang")
    dialog.name.setText("王五")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.users.login("wang", PASSWORD).ok
    panel.refresh()
    dialog = panel.add_user(open_dialog=False)
    dialog.login.setText("li")
    dialog.name.setText("李四")
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.save()
    assert "至少一个" in dialog.message.text()  # a clerk without modules
    dialog.module_boxes["sentiment"].setChecked(True)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [panel.model.record(r).login for r in range(panel.model.rowCount())] == ["li", "wang"]
    assert panel.selected() is not None and panel.selected().login == "li"  # type: ignore[union-attr]
    panel.toggle_active(ask=False)
    assert not services.users.get(panel.selected().id).active  # type: ignore[union-attr]
    assert panel.active_button.text() == "重新启用"
    edit = panel.edit_user(open_dialog=False)
    assert edit is not None and not edit.login.isEnabled()  # a login is never renamed


@pytest.mark.parametrize("login", ["li", "zhao"])
def test_others_see_only_their_own_password_and_no_restore(
    qtbot: QtBot, services: Services, login: str
) -> None:
    with_accounts(services)
    assert services.users.login(login, PASSWORD).ok
    page = SystemPage(services)
    qtbot.addWidget(page)
    panel = page.users
    assert panel.table.isHidden() and panel.add_button.isHidden()
    assert not panel.own_button.isHidden()
    assert "用户账号由管理员管理" in panel.state.text()
    assert not page.restore_button.isEnabled()
    assert "只有管理员" in page.restore_button.toolTip()
    dialog = panel.change_own_password(open_dialog=False)
    dialog.current.setText(PASSWORD)
    dialog.new.setText("新的密码123")
    dialog.repeat.setText("新的密码123")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.users.login(login, "新的密码123").ok


def test_edit_buttons_of_modules_the_account_may_not_change_are_disabled_saying_why(
    qtbot: QtBot, demo_services: Services
) -> None:
    from ideowork.gui.pages.findings_page import FindingsPage
    from ideowork.gui.pages.matrix_page import MatrixPage
    from ideowork.gui.pages.studies_page import StudiesPage

    with_accounts(demo_services)
    assert demo_services.users.login("li", PASSWORD).ok  # 经办人 of 学习日历
    findings = FindingsPage(demo_services)
    studies = StudiesPage(demo_services)
    matrix = MatrixPage(demo_services)
    for page in (findings, studies, matrix):
        qtbot.addWidget(page)
    assert not findings.add_button.isEnabled()
    assert findings.add_button.toolTip() == (
        "您是经办人，只能修改学习日历。如需修改“研判整改”，请联系管理员为您增加该模块。"
    )
    findings.add_button.setEnabled(True)  # as a page does when a row is selected
    assert not findings.add_button.isEnabled()
    assert not matrix.actions_by_name["add"].isEnabled()
    matrix.actions_by_name["add"].setEnabled(True)
    assert not matrix.actions_by_name["add"].isEnabled()
    assert matrix.actions_by_name["export_excel"].isEnabled()  # reading is allowed
    assert studies.add_button.isEnabled() and not studies.add_button.toolTip()
