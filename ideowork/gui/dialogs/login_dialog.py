"""登录: at start, where the database has user accounts; on a server without any, the form that
creates its first 管理员 instead.

After wrong tries the UserService says how long to wait (it never sleeps); this dialog counts
the wait down once a second and enables 登录 again when it is over. The wait is kept in the
account's row, so closing and restarting the program does not cut it short. A successful
login makes the window's services act as the account (its role decides what it may change).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ideowork import APP_TITLE
from ideowork.domain.errors import UserError, ValidationError
from ideowork.gui.dialogs.common import ERROR_COLOUR, error_label, password_field
from ideowork.gui.widgets.wait_countdown import WaitCountdown
from ideowork.services.error_messages import known_error_message
from ideowork.services.system.passwords import MIN_LENGTH
from ideowork.services.system.users import UserService

FIRST_ADMIN_TEXT = (
    "这个数据库在服务器上，多人共用，还没有用户账号。请先建立第一个管理员账号："
    "以后由管理员在“系统”页的“用户管理”中为其他人建立账号（管理员、经办人或只读）。"
    f"密码至少{MIN_LENGTH}个字符，请记牢。"
)
LOGIN_TEXT = "这个数据库启用了用户账号，请输入您的登录名和密码。忘记密码请找管理员重设。"


class LoginDialog(QDialog):
    def __init__(
        self, users: UserService, parent: QWidget | None = None, *, first_admin: bool = False
    ) -> None:
        super().__init__(parent)
        self.users = users
        self.first_admin = first_admin
        self.setWindowTitle(f"{APP_TITLE} — {'建立管理员' if first_admin else '登录'}")
        self.setMinimumWidth(440)
        self.login = QLineEdit()
        self.login.setPlaceholderText("如 zhangsan")
        self.login.setAccessibleName("登录名")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 张三")
        self.name.setAccessibleName("姓名")
        self.password = password_field("密码" if not first_admin else f"至少{MIN_LENGTH}个字符")
        self.repeat = password_field("再输入一次密码")
        explanation = QLabel(FIRST_ADMIN_TEXT if first_admin else LOGIN_TEXT)
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow("登录名：", self.login)
        if first_admin:
            form.addRow("姓名：", self.name)
        form.addRow("密码：", self.password)
        if first_admin:
            form.addRow("确认密码：", self.repeat)
        self.message = error_label()
        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton(
            "建立并登录" if first_admin else "登录", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        cancel = buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.wait = WaitCountdown(self.ok_button, self.message, self)
        self.login.setFocus()

    def fields(self) -> dict[str, QLineEdit]:
        return {
            "login": self.login,
            "name": self.name,
            "password": self.password,
            "new": self.password,
            "repeat": self.repeat,
        }

    # --- trying ---------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.wait.remaining:  # Enter while the button is disabled
            return
        for field in self.fields().values():
            field.setStyleSheet("")
        try:
            if self.first_admin:
                self._create_admin()
            else:
                self._log_in()
        except UserError as error:
            self._show_problem(error)
        except Exception as error:
            message = known_error_message(error)
            if message is None:
                raise  # a bug: the crash dialog and its log
            self.message.setText(message)

    def _log_in(self) -> None:
        typed = self.password.text()
        self.password.clear()
        result = self.users.login(self.login.text(), typed)
        if result.ok:
            self.wait.stop()
            self.accept()
            return
        self.wait.start(result.wait_seconds, result.problem)
        self.password.setFocus()

    def _create_admin(self) -> None:
        if self.password.text() != self.repeat.text():
            raise ValidationError("两次输入的密码不一样，请重新输入。", field="repeat")
        password = self.password.text()
        added = self.users.add(self.login.text(), self.name.text(), "admin", (), password)
        if not self.users.login(added.login, password).ok:  # just created: cannot fail
            raise UserError("账号已建立，但未能登录。请重新启动本程序后登录。")
        self.accept()

    def _show_problem(self, error: UserError) -> None:
        self.message.setText(str(error))
        field = self.fields().get(getattr(error, "field", None) or "")
        if field is not None and field.isVisibleTo(self):
            field.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}")
            if field in (self.password, self.repeat):
                self.password.clear()
                self.repeat.clear()
            field.setFocus()

    # --- the wait -------------------------------------------------------------------------------
    @property
    def countdown(self) -> QTimer:
        return self.wait.timer

    def tick(self) -> None:
        self.wait.tick()

    def done(self, result: int) -> None:
        self.wait.stop()
        super().done(result)


def ask_login(users: UserService, parent: QWidget | None = None) -> bool:
    """At start: log in (or create the first 管理员 on a server); False when the user quits."""
    if users.needs_first_admin():
        return LoginDialog(users, parent, first_admin=True).exec() == QDialog.DialogCode.Accepted
    if not users.enabled():
        return True  # a single PC without accounts: the OS login acts
    return LoginDialog(users, parent).exec() == QDialog.DialogCode.Accepted
