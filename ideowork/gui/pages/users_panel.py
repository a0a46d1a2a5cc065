"""用户管理, in the 系统 page: the accounts, for a 管理员 to add, edit, reset, deactivate and
reactivate; everyone else sees who they are logged in as and 修改我的密码 only.

On a single PC without accounts it says that the OS login is recorded, and offers to create
the first 管理员 (which turns the accounts on: from then on everybody logs in)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.user_dialog import UserDialog, UserPasswordDialog
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import setup_table
from ideowork.services.context import Services
from ideowork.services.system.users import UserInfo

USER_COLUMNS: list[Column[UserInfo]] = [
    Column("登录名", lambda u: u.login),
    Column("姓名", lambda u: u.name),
    Column("角色", lambda u: u.role_label),
    Column("可修改", lambda u: u.modules_label),
    Column("状态", lambda u: "在用" if u.active else "已停用"),
    Column(
        "最近登录", lambda u: f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "从未登录"
    ),
]


class UsersPanel(QGroupBox):
    changed = Signal()  # an account saved (the page reloads its audit trail)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("用户管理", parent)
        self.services = services
        self.users = services.users
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.model: RecordTableModel[UserInfo] = RecordTableModel(USER_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        setup_table(self.table)
        self.table.setMinimumHeight(120)
        self.add_button = QPushButton("新建用户…")
        self.edit_button = QPushButton("修改…")
        self.reset_button = QPushButton("重设密码…")
        self.active_button = QPushButton("停用")
        self.own_button = QPushButton("修改我的密码…")
        row = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.reset_button,
            self.active_button,
            self.own_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda: self.add_user())
        self.edit_button.clicked.connect(lambda: self.edit_user())
        self.reset_button.clicked.connect(lambda: self.reset_password())
        self.active_button.clicked.connect(self.toggle_active)
        self.own_button.clicked.connect(lambda: self.change_own_password())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        self.refresh()

    # --- state --------------------------------------------------------------------------------
    def refresh(self) -> None:
        users = self.users
        enabled = users.enabled()
        admin = users.is_admin()
        current = users.current()
        writable = not self.services.read_only
        if not enabled:
            text = (
                f"未启用用户账号：操作记录以本机登录用户“{self.services.actor.user}”记下操作人。"
                "新建一个管理员账号即启用用户账号，此后每次启动都要登录，"
                "并按角色（管理员、经办人、只读）限制可修改的内容。"
            )
        elif current is not None:
            text = (
                f"当前用户：{current.shown}，{current.role_label}，"
                f"可修改：{current.modules_label}。"
            )
            if not admin:
                text += "用户账号由管理员管理。"
        else:
            text = "已启用用户账号，但本窗口没有登录。请重新启动本程序并登录。"
        if self.services.read_only:
            text += "（只读打开，不能修改）"
        self.state.setText(text)
        self.table.setVisible(admin and enabled)
        self.model.set_records(users.list() if admin else [])
        self.add_button.setVisible(admin)
        for button in (self.edit_button, self.reset_button, self.active_button):
            button.setVisible(admin and enabled)  # nothing to edit before the first account
        self.add_button.setText("新建用户…" if enabled else "新建管理员…")
        self.add_button.setEnabled(writable)
        self.own_button.setVisible(current is not None)
        self.own_button.setEnabled(writable)
        self._selection_changed()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_login(self, login: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.record(row).login == login:
                self.table.selectRow(row)
                return

    def _selection_changed(self, *_args: object) -> None:
        user = self.selected()
        writable = not self.services.read_only and user is not None
        for button in (self.edit_button, self.reset_button, self.active_button):
            button.setEnabled(writable)
        self.active_button.setText("重新启用" if user is not None and not user.active else "停用")

    def _saved(self, login: str | None = None) -> None:
        self.refresh()
        if login:
            self.select_login(login)
        self.changed.emit()

    # --- actions ------------------------------------------------------------------------------
    def add_user(self, open_dialog: bool = True) -> UserDialog:
        """Open the form (tests fill it in instead: `open_dialog=False`)."""
        dialog = UserDialog(self.users, None, self)
        if not self.users.enabled():
            dialog.role.setCurrentIndex(dialog.role.findData("admin"))
        dialog.accepted.connect(lambda: self._saved(dialog.saved.login if dialog.saved else None))
        if open_dialog:
            dialog.exec()
        return dialog

    def edit_user(self, open_dialog: bool = True) -> UserDialog | None:
        user = self.selected()
        if user is None or self.services.read_only:
            return None
        dialog = UserDialog(self.users, user, self)
        dialog.accepted.connect(lambda: self._saved(user.login))
        if open_dialog:
            dialog.exec()
        return dialog

    def reset_password(self, open_dialog: bool = True) -> UserPasswordDialog | None:
        user = self.selected()
        if user is None or self.services.read_only:
            return None
        dialog = UserPasswordDialog(self.users, user, self)
        dialog.accepted.connect(lambda: self._saved(user.login))
        if open_dialog:
            dialog.exec()
        return dialog

    def change_own_password(self, open_dialog: bool = True) -> UserPasswordDialog:
        dialog = UserPasswordDialog(self.users, None, self)
        dialog.accepted.connect(lambda: self._saved())
        if open_dialog:
            dialog.exec()
        return dialog

    def toggle_active(self, ask: bool = True) -> None:
        user = self.selected()
        if user is None or self.services.read_only:
            return
        if user.active and ask:
            question = (
                f"停用 {user.shown} 吗？停用后他不能再登录；账号不删除，操作记录中仍有他的名字，"
                "以后可重新启用。"
            )
            if not confirm(self, question):
                return
        try:
            self.users.set_active(user.id, not user.active)
        except UserError as error:
            show_error(self, error, "未能修改")
            return
        self._saved(user.login)
