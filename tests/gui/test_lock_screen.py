"""The locked window: nothing of the data on screen, the wait after wrong tries counted down,
the right password brings everything back, the idle lock, and the 密码与锁定 section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ideowork import APP_TITLE
from ideowork.db.models import Setting, UserAccount
from ideowork.gui.dialogs.password_dialog import PasswordAction, PasswordDialog
from ideowork.gui.main_window import MainWindow
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system.access import DAMAGED_MESSAGE, PASSWORD_KEY

GOOD = "正确密码abc"
WRONG = "错误密码xyz"
UNIT = "中共完冒镇委员会"


def make_window(qtbot: QtBot, services: Services) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    return window


def visible_texts(window: QWidget) -> list[str]:
    """Every text a user could read in the window right now."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
    return texts


def later(clock: FixedClock, seconds: int) -> None:
    clock.set(clock.now() + dt.timedelta(seconds=seconds))


@pytest.fixture
def locked_services(demo_services: Services) -> Services:
    demo_services.access.set_password(GOOD)
    return demo_services


def test_a_window_on_a_database_with_a_password_starts_locked(
    qtbot: QtBot, locked_services: Services
) -> None:
    window = make_window(qtbot, locked_services)
    assert window.locked
    assert window.lock_screen.isVisible()
    assert not window.ui.central.isVisible() and not window.ui.navigation.isVisible()
    assert not any(page.isVisible() for page in window.pages)
    assert window.windowTitle() == APP_TITLE
    assert not window.ui.actionBackup.isEnabled() and not window.lock_action.isEnabled()
    assert window.ui.actionQuit.isEnabled() and window.ui.actionAbout.isEnabled()
    assert not window.unit_label.isVisible() and not window.ui.statusbar.isVisible()
    shown = "\n".join(visible_texts(window))
    assert UNIT not in shown and "完冒" not in shown
    assert str(locked_services.maintenance.location) not in shown
    assert "请输入启动密码" in shown
    # Notices that name data wait for the unlock.
    noticed: list[str] = []
    window.when_unlocked(lambda: noticed.append("notice"))
    assert noticed == []


def test_wrong_tries_wait_and_the_right_password_unlocks(
    qtbot: QtBot, locked_services: Services, clock: FixedClock
) -> None:
    window = make_window(qtbot, locked_services)
    lock = window.lock_screen
    noticed: list[str] = []
    window.when_unlocked(lambda: noticed.append("notice"))
    for _ in range(2):
        qtbot.keyClicks(lock.password, "wrong-1")  # QTest types ASCII only
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        assert lock.message.text() == "密码不正确。请重新输入。"
        assert lock.unlock_button.isEnabled() and lock.password.text() == ""
    lock.password.setText(WRONG)
    lock.unlock_button.click()
    assert lock.message.text() == "密码不正确。请在2秒后再试。"
    assert not lock.unlock_button.isEnabled() and lock.countdown.isActive()
    Path("/tmp/shots").mkdir(exist_ok=True)
    assert window.grab().save("/tmp/shots/lock-wait.png")
    # Enter in the field while waiting does nothing: not even a counted try.
    lock.password.setText(GOOD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.locked and locked_services.access.failures().count == 3
    later(clock, 1)
    lock.tick()
    assert lock.message.text() == "密码不正确。请在1秒后再试。"
    assert not lock.unlock_button.isEnabled()
    later(clock, 1)
    lock.tick()
    assert lock.unlock_button.isEnabled() and not lock.countdown.isActive()
    assert lock.message.text() == "密码不正确。请重新输入。"

    # The fourth wrong try waits 4 s; the real QTimer counts it down (made fast here).
    lock.password.setText(WRONG)
    lock.unlock_button.click()
    assert lock.message.text() == "密码不正确。请在4秒后再试。"
    later(clock, 4)
    lock.countdown.setInterval(5)
    qtbot.waitUntil(lock.unlock_button.isEnabled, timeout=2000)

    lock.password.setText(GOOD)
    lock.unlock_button.click()
    assert not window.locked
    assert window.ui.central.isVisible() and not window.lock_screen.isVisible()
    assert window.pages[0].isVisible()
    assert window.ui.actionBackup.isEnabled() and window.lock_action.isEnabled()
    assert window.unit_label.isVisible() and window.unit_label.text() == UNIT
    assert "数据库：" in window.ui.statusbar.currentMessage()
    assert noticed == ["notice"]
    assert locked_services.access.failures().count == 0


def test_a_restart_during_the_wait_keeps_counting_down(
    qtbot: QtBot, locked_services: Services
) -> None:
    for _ in range(5):  # 0, 0, 2, 4, 8: each wait sat out on the clock
        result = locked_services.access.unlock(WRONG)
        later(locked_services.runtime.clock, result.wait_seconds)  # type: ignore[arg-type]
    later(locked_services.runtime.clock, -5)  # restarted 3 s into the 8 s wait
    window = make_window(qtbot, locked_services)
    lock = window.lock_screen
    assert lock.message.text() == "密码错误次数过多。请在5秒后再试。"
    assert not lock.unlock_button.isEnabled()


def test_a_damaged_password_record_is_explained_on_the_lock_screen(
    qtbot: QtBot, locked_services: Services
) -> None:
    with locked_services.runtime.write() as session:
        row = session.get(Setting, PASSWORD_KEY)
        assert row is not None
        row.value = "{broken"
    window = make_window(qtbot, locked_services)
    window.lock_screen.password.setText(GOOD)
    window.lock_screen.unlock_button.click()
    assert window.locked and window.lock_screen.message.text() == DAMAGED_MESSAGE


def test_idle_lock(qtbot: QtBot, demo_services: Services) -> None:
    window = make_window(qtbot, demo_services)
    assert not window.locked and not window.lock_action.isEnabled()
    window.idle.last_input -= 3600
    window.check_idle()
    assert not window.locked  # no password: nothing to lock with
    assert not window.lock()

    demo_services.access.set_password(GOOD)
    demo_services.access.set_idle_minutes(10)
    window.idle.reset()
    window.idle.last_input -= 9 * 60
    window.check_idle()
    assert not window.locked
    # Input anywhere in the application counts as someone at the PC.
    qtbot.keyClick(window.ui.navigation, Qt.Key.Key_Down)
    assert window.idle.idle_seconds() < 60
    window.idle.last_input -= 10 * 60
    # The idle timer itself, made fast.
    window.idle_timer.setInterval(5)
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    assert not any(page.isVisible() for page in window.pages)

    window.lock_screen.password.setText(GOOD)
    window.lock_screen.unlock_button.click()
    assert not window.locked
    demo_services.access.set_idle_minutes(0)  # never
    window.idle.last_input -= 24 * 3600
    window.check_idle()
    assert not window.locked


def test_locking_closes_the_dialogs_over_the_window(
    qtbot: QtBot, locked_services: Services
) -> None:
    window = make_window(qtbot, locked_services)
    window.lock_screen.password.setText(GOOD)
    window.lock_screen.unlock_button.click()
    window.ui.navigation.setCurrentRow(window.pages.index(window.system_page))
    dialog = window.system_page.password.edit_password(PasswordAction.CHANGE, open_dialog=False)
    dialog.open()  # window-modal, as exec() would show it
    dialog.current.setText("typed but not saved")
    assert dialog.isVisible()
    window.lock_action.trigger()
    assert window.locked and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_password_section_sets_changes_locks_and_clears(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, demo_services)
    window.ui.navigation.setCurrentRow(window.pages.index(window.system_page))
    box = window.system_page.password
    assert "未设置启动密码" in box.state.text()
    assert box.set_button.isVisible() and not box.change_button.isVisible()
    assert not box.lock_button.isEnabled() and not box.idle.isEnabled()

    dialog = box.edit_password(PasswordAction.SET, open_dialog=False)
    assert not dialog.current.isVisibleTo(dialog)
    dialog.new.setText("12345")
    dialog.repeat.setText("12345")
    dialog.save()
    assert "至少要有6个字符" in dialog.message.text() and dialog.result() == 0
    assert not demo_services.access.has_password()
    dialog.new.setText(GOOD)
    dialog.repeat.setText(GOOD + "x")
    dialog.save()
    assert dialog.message.text() == "两次输入的新密码不一样，请重新输入。"
    assert not demo_services.access.has_password()
    dialog.new.setText(GOOD)
    dialog.repeat.setText(GOOD)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert demo_services.access.has_password()
    assert "已设置启动密码：启动时和无人操作10分钟后锁定" in box.state.text()
    assert box.change_button.isVisible() and box.lock_button.isEnabled()
    assert window.lock_action.isEnabled()  # the window heard of the new password

    box.idle.setValue(5)
    box.idle.editingFinished.emit()
    assert demo_services.access.settings().idle_minutes == 5
    assert "5分钟后锁定" in box.state.text()
    # The page on screen shows its own changes in the trail at once.
    summaries = [c.summary for c in window.system_page.audit_model.records]
    assert summaries[:2] == ["无操作5分钟后自动锁定", "设置了启动密码"]

    change = box.edit_password(PasswordAction.CHANGE, open_dialog=False)
    change.current.setText(WRONG)
    change.new.setText("新的密码123")
    change.repeat.setText("新的密码123")
    change.save()
    assert change.message.text() == "当前密码不正确。"
    assert change.current.text() == ""  # cleared for another try, and marked
    change.current.setText(GOOD)
    change.save()
    assert change.result() == QDialog.DialogCode.Accepted
    assert demo_services.access.unlock("新的密码123").ok

    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    window.resize(1280, 900)
    qtbot.wait(50)
    assert window.grab().save(str(shots / "system-password.png"))
    assert box.grab().save(str(shots / "system-password-box.png"))

    box.lock_button.click()
    assert window.locked and not window.system_page.isVisible()
    window.lock_screen.password.setText(WRONG)
    window.lock_screen.unlock_button.click()
    assert window.grab().save(str(shots / "lock.png"))
    window.lock_screen.password.setText("新的密码123")
    window.lock_screen.unlock_button.click()
    assert not window.locked and window.system_page.isVisible()

    remove = box.edit_password(PasswordAction.REMOVE, open_dialog=False)
    assert not remove.new.isVisibleTo(remove)
    remove.current.setText("新的密码123")
    remove.save()
    assert remove.result() == QDialog.DialogCode.Accepted
    assert not demo_services.access.has_password()
    assert "未设置启动密码" in box.state.text() and not window.lock_action.isEnabled()
    assert box.set_button.isVisible()


def test_the_dialog_shows_the_wait_after_wrong_current_passwords(
    qtbot: QtBot, locked_services: Services
) -> None:
    dialog = PasswordDialog(locked_services.access, PasswordAction.REMOVE)
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.current.setText(WRONG)
        dialog.save()
    assert dialog.message.text() == "当前密码不正确。请在2秒后再试。"
    dialog.current.setText(GOOD)
    dialog.save()
    assert dialog.message.text() == "密码错误次数过多。请在2秒后再试。"
    assert locked_services.access.has_password()


def failures_of(services: Services, login: str) -> int:
    with services.runtime.read() as session:
        row = session.scalars(select(UserAccount).where(UserAccount.login == login)).one()
        return row.failures


def test_with_accounts_the_lock_is_the_logged_in_accounts(
    qtbot: QtBot, demo_services: Services, clock: FixedClock
) -> None:
    """Where the app has accounts, the window is not locked again after the login, and the
    lock opens with the account's password under the account's waits (not a way around them)."""
    services = demo_services
    services.users.add("wang", "王五", "admin", password=GOOD)
    assert services.users.login("wang", GOOD).ok
    window = make_window(qtbot, services)
    assert not window.locked and window.lock_action.isEnabled()
    assert window.lock()
    lock = window.lock_screen
    assert "wang" in lock.info.text() and "用户管理" in lock.hint.text()
    assert UNIT not in " ".join(visible_texts(window))
    for _ in range(3):
        lock.password.setText(WRONG)
        lock.unlock_button.click()
    assert lock.message.text() == "登录名或密码不正确。请在2秒后再试。"
    assert failures_of(services, "wang") == 3 and services.access.wait_seconds() == 2
    lock.password.setText(GOOD)
    lock.unlock_button.click()  # still waiting: not even checked
    assert window.locked
    later(clock, 2)
    lock.tick()
    lock.tick()
    lock.password.setText(GOOD)
    lock.unlock_button.click()
    assert not window.locked and window.unit_label.text() == UNIT
    assert failures_of(services, "wang") == 0
    settings = services.access.settings()
    assert settings.has_password and not settings.startup_password
    # 系统 keeps the lock and its idle minutes (the 管理员 sets them), not the start-up password.
    box = window.system_page.password
    box.refresh()
    assert "已启用用户账号" in box.state.text() and "wang" in box.state.text()
    assert box.set_button.isHidden() and box.lock_button.isEnabled() and box.idle.isEnabled()
    services.users.add("li", "李四", "clerk", ["studies"], GOOD)
    assert services.users.login("li", GOOD).ok
    box.refresh()
    assert not box.idle.isEnabled() and "管理员" in box.idle.toolTip()
