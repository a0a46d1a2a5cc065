"""系统: where the data lives, backups, the integrity check, the start-up password and idle
lock, the fonts and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.connect_dialog import ConnectDialog
from ideowork.gui.dialogs.password_dialog import PasswordAction, PasswordDialog
from ideowork.gui.failures import show_failure
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import setup_table
from ideowork.gui.pages.font_settings import FontSettingsBox
from ideowork.gui.pages.printing_settings import PrintingSettingsBox
from ideowork.gui.pages.users_panel import UsersPanel
from ideowork.gui.restrictions import restrict
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING
from ideowork.services.system.access import MAX_IDLE_MINUTES
from ideowork.services.system.audit import AuditView
from ideowork.services.system.health import CheckReport
from ideowork.services.system.maintenance import RestoreResult

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "demo": "载入示例",
    "import": "导入",
    "print": "打印",
}
AUDIT_COLUMNS: list[Column[AuditView]] = [
    Column("时间", lambda a: f"{a.at:%Y-%m-%d %H:%M:%S}"),
    Column("操作", lambda a: ACTION_LABELS.get(a.action, a.action)),
    Column("内容", lambda a: a.summary),
    Column("操作人", lambda a: a.actor or "（未记录）"),
    Column("计算机", lambda a: a.workstation or "（未记录）"),
]


class PasswordBox(QGroupBox):
    """密码与锁定: the start-up password of a single-PC install and the idle lock.

    On a shared server (PostgreSQL, several PCs) one password for everybody is the wrong
    tool: there the user accounts of the multi-PC work replace this box."""

    lock_requested = Signal()
    changed = Signal()  # a setting saved (the page reloads its audit trail)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("密码与锁定", parent)
        self.access = services.access
        self.read_only = services.read_only
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.set_button = QPushButton("设置密码…")
        self.change_button = QPushButton("修改密码…")
        self.remove_button = QPushButton("清除密码…")
        self.lock_button = QPushButton("立即锁定")
        self.idle = QSpinBox()
        self.idle.setRange(0, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" 分钟")
        self.idle.setSpecialValueText("从不")  # 0: never lock when idle
        self.idle.setKeyboardTracking(False)
        self.idle.setAccessibleName("无操作自动锁定的分钟数")
        row = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button, self.lock_button):
            row.addWidget(button)
        row.addSpacing(24)
        row.addWidget(QLabel("无操作自动锁定："))
        row.addWidget(self.idle)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        self.set_button.clicked.connect(lambda: self.edit_password(PasswordAction.SET))
        self.change_button.clicked.connect(lambda: self.edit_password(PasswordAction.CHANGE))
        self.remove_button.clicked.connect(lambda: self.edit_password(PasswordAction.REMOVE))
        self.lock_button.clicked.connect(self.lock_requested.emit)
        self.idle.editingFinished.connect(self.save_idle_minutes)
        self.refresh()

    def refresh(self) -> None:
        settings = self.access.settings()
        has = settings.startup_password
        account = self.access.account
        if account and not has:
            text = f"已启用用户账号：锁定后用登录名 {account} 的密码解锁" + (
                f"；无人操作{settings.idle_minutes}分钟后自动锁定。"
                if settings.idle_minutes
                else "。"
            )
        elif not has:
            text = "未设置启动密码：任何人打开本程序都能看到全部数据。"
        elif settings.idle_minutes:
            text = f"已设置启动密码：启动时和无人操作{settings.idle_minutes}分钟后锁定。"
        else:
            text = "已设置启动密码：启动时锁定（无人操作时不自动锁定）。"
        if self.read_only:
            text += "（只读打开，不能修改这些设置）"
        self.state.setText(text)
        writable = not self.read_only
        self.set_button.setVisible(not has and not account)  # accounts replace it
        self.set_button.setEnabled(writable)
        self.change_button.setVisible(has)
        self.change_button.setEnabled(writable)
        self.remove_button.setVisible(has)
        self.remove_button.setEnabled(writable)
        self.lock_button.setEnabled(settings.has_password)
        # A setting of the 系统 module: the 管理员's where accounts exist.
        may_set = writable and self.access.runtime.may_change("system")
        self.idle.setEnabled(settings.has_password and may_set)
        if settings.has_password and not may_set and account:
            self.idle.setToolTip("自动锁定时间由管理员设置。")
        self.idle.blockSignals(True)
        self.idle.setValue(settings.idle_minutes)
        self.idle.blockSignals(False)

    def password_dialog(self, action: PasswordAction) -> PasswordDialog:
        return PasswordDialog(self.access, action, self)

    def edit_password(self, action: PasswordAction, open_dialog: bool = True) -> PasswordDialog:
        """Open the dialog (tests fill it in instead: `open_dialog=False`)."""
        dialog = self.password_dialog(action)
        dialog.accepted.connect(self.refresh)
        dialog.accepted.connect(self.changed.emit)
        if open_dialog:
            dialog.exec()
        return dialog

    def save_idle_minutes(self) -> None:
        minutes = self.idle.value()
        if minutes == self.access.settings().idle_minutes:
            return
        try:
            self.access.set_idle_minutes(minutes)
        except UserError as error:
            show_error(self, error, "未能保存")
        self.refresh()
        self.changed.emit()


class SystemPage(QWidget):
    title = "系统"
    shows = frozenset({EVERYTHING})  # the trail lists every change
    lock_requested = Signal()  # 立即锁定: the main window locks itself

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.maintenance = services.maintenance
        self.location = QLabel(f"数据库：{self.maintenance.location}")
        self.location.setWordWrap(True)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.setEnabled(self.maintenance.can_back_up)
        self.check_button = QPushButton("检查数据库")
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setEnabled(self.maintenance.can_back_up)
        self.connect_button = QPushButton("连接数据库…")  # a server shared by several PCs
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.connect_button)
        buttons.addStretch(1)
        data_box = QGroupBox("数据与备份")
        data_layout = QVBoxLayout(data_box)
        data_layout.addWidget(self.location)
        data_layout.addLayout(buttons)
        data_layout.addWidget(self.result)

        self.audit_model: RecordTableModel[AuditView] = RecordTableModel(AUDIT_COLUMNS, self)
        self.audit_view = QTableView(self)
        self.audit_view.setModel(self.audit_model)
        setup_table(self.audit_view)
        audit_box = QGroupBox("操作记录（最近200条）")
        QVBoxLayout(audit_box).addWidget(self.audit_view)

        self.password = PasswordBox(services, self)
        self.password.lock_requested.connect(self.lock_requested.emit)
        self.password.changed.connect(self.refresh)
        self.fonts = FontSettingsBox(services.settings, self)
        self.printing = PrintingSettingsBox(services.settings, self)
        restrict(services, "documents", self.printing)
        self.users = UsersPanel(services, self)
        self.users.changed.connect(self.refresh)
        restrict(services, "system", self.restore_button)  # a restore replaces everything

        layout = QVBoxLayout(self)
        layout.addWidget(data_box)
        layout.addWidget(self.password)
        layout.addWidget(self.users)
        layout.addWidget(self.fonts)
        layout.addWidget(self.printing)
        layout.addWidget(audit_box, 1)
        self.backup_button.clicked.connect(self.backup_now)
        self.check_button.clicked.connect(self.check_now)
        self.restore_button.clicked.connect(self.choose_backup)
        self.connect_button.clicked.connect(self.open_connect_dialog)
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)
        self.refresh()

    def refresh(self) -> None:
        self.password.refresh()
        self.fonts.refresh()
        self.users.refresh()
        # With accounts the box keeps the lock and its idle minutes; the one start-up password
        # is out of place there (its buttons shown only while it is set: to clear it).
        users_on = self.services.users.enabled()
        self.password.setVisible(
            not users_on
            or bool(self.services.access.account)
            or self.services.access.has_startup_password()
        )
        self.audit_model.set_records(self.maintenance.recent_changes())

    def backup_now(self, on_done: Callable[[Path], None] | None = None) -> Operation[Path] | None:
        """Back up into the rotating folder, off the GUI thread; says where, or why not.

        Used by the menu too (`on_done` puts the path in the status bar)."""
        if not self.maintenance.can_back_up:
            return None

        def done(written: Path) -> None:
            self.result.setText(f"已备份到：{written}")
            if on_done is not None:
                on_done(written)

        self.operation = run_in_background(
            self,
            lambda _progress: self.maintenance.backup(),
            done,
            on_failure=lambda error: show_failure(self, error, "备份失败"),
            label="正在备份…",
        )
        return self.operation

    def check_now(self) -> Operation[CheckReport]:
        def show(report: CheckReport) -> None:
            lines = [("✔ " if item.ok else "✘ ") + item.detail for item in report.items]
            self.result.setText("\n".join(lines))

        self.operation = run_in_background(
            self, lambda _progress: self.maintenance.check(), show, label="正在检查数据库…"
        )
        return self.operation

    def open_connect_dialog(self, open_dialog: bool = True) -> ConnectDialog:
        """连接数据库…: saved for the next start (tests fill it in: `open_dialog=False`)."""
        dialog = ConnectDialog(self.maintenance.location, self)
        dialog.accepted.connect(
            lambda: self.result.setText("数据库连接设置已保存，重新启动本程序后生效。")
        )
        if open_dialog:
            dialog.exec()
        return dialog

    def choose_backup(self) -> None:
        folder = self.maintenance.backups_folder()
        if folder is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "选择要恢复的备份", str(folder), "数据库备份 (*.sqlite3)"
        )
        if path and confirm(
            self,
            f"用备份“{Path(path).name}”替换当前的全部数据吗？\n"
            "恢复前会先检查备份是否完好，并把当前数据另存一份。",
        ):
            self.restore(Path(path))

    def restore(self, backup: Path) -> Operation[RestoreResult] | None:
        """Replace the data with a checked backup, bring it to the current schema, show it.

        Every page reloads: the restore announces that everything changed."""
        if not self.maintenance.can_back_up:
            return None
        self.operation = run_in_background(
            self,
            lambda _progress: self.maintenance.restore(backup),
            lambda result: self.result.setText(result.summary),
            on_failure=lambda error: show_failure(self, error, "未能恢复"),
            label="正在从备份恢复…",
        )
        return self.operation
