"""A user account's form (新建 / 修改: login, name, role, the modules of a 经办人, the initial
password) and the password forms (a 管理员 resets another's; anyone changes their own)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError, ValidationError
from ideowork.gui.dialogs.common import (
    ERROR_COLOUR,
    error_label,
    password_field,
    save_cancel_buttons,
)
from ideowork.services.system.passwords import MIN_LENGTH
from ideowork.services.system.permissions import CLERK, CLERK_MODULES, MODULES, ROLES
from ideowork.services.system.users import UserInfo, UserService

ROLE_HINTS = {
    "admin": "管理员：修改全部数据，管理用户账号。",
    "clerk": "经办人：修改下面勾选的模块，其余只能查看、打印、导出。",
    "viewer": "只读：只能查看、打印、导出，不能修改。",
}


class _Form(QDialog):
    """The red line and the highlighted field of a refused save."""

    # The form's own save (UserDialog, UserPasswordDialog); a UserError is shown in place.
    apply: Callable[[], None]

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.message = error_label()

    def fields(self) -> dict[str, QWidget]:
        return {}

    def save(self) -> None:
        for field in self.fields().values():
            field.setStyleSheet("")
        try:
            self.apply()
        except UserError as error:
            self.message.setText(str(error))
            wrong = self.fields().get(getattr(error, "field", None) or "")
            if wrong is not None and wrong.isVisibleTo(self):
                wrong.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}")
                wrong.setFocus()
            return
        self.accept()


class UserDialog(_Form):
    def __init__(
        self, users: UserService, user: UserInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.users = users
        self.user = user
        self.saved: UserInfo | None = None
        self.setWindowTitle("新建用户" if user is None else f"修改用户 {user.shown}")
        self.setMinimumWidth(460)
        self.login = QLineEdit(user.login if user else "")
        self.login.setPlaceholderText("英文字母开头，如 zhangsan")
        self.login.setEnabled(user is None)  # the trail names it: never renamed
        self.name = QLineEdit(user.name if user else "")
        self.name.setPlaceholderText("如 张三")
        self.role = QComboBox()
        for code, label in ROLES.items():
            self.role.addItem(label, code)
        self.role.setCurrentIndex(list(ROLES).index(user.role if user else CLERK))
        self.role_hint = QLabel()
        self.role_hint.setWordWrap(True)
        self.module_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for index, code in enumerate(CLERK_MODULES):
            box = QCheckBox(MODULES[code])
            box.setChecked(bool(user and code in user.modules))
            self.module_boxes[code] = box
            grid.addWidget(box, index // 3, index % 3)
        self.modules_box = QWidget()
        self.modules_box.setLayout(grid)
        self.password = password_field(f"至少{MIN_LENGTH}个字符")
        self.repeat = password_field("再输入一次")
        form = QFormLayout()
        form.addRow("登录名：", self.login)
        form.addRow("姓名：", self.name)
        form.addRow("角色：", self.role)
        form.addRow("", self.role_hint)
        form.addRow("可修改的模块：", self.modules_box)
        if user is None:
            form.addRow("初始密码：", self.password)
            form.addRow("确认密码：", self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def fields(self) -> dict[str, QWidget]:
        return {
            "login": self.login,
            "name": self.name,
            "role": self.role,
            "modules": self.modules_box,
            "password": self.password,
            "new": self.password,
            "repeat": self.repeat,
        }

    def _role_changed(self) -> None:
        role = str(self.role.currentData())
        self.role_hint.setText(ROLE_HINTS[role])
        self.modules_box.setEnabled(role == CLERK)

    def chosen_modules(self) -> list[str]:
        return [code for code, box in self.module_boxes.items() if box.isChecked()]

    def apply(self) -> None:
        role = str(self.role.currentData())
        modules = self.chosen_modules() if role == CLERK else []
        if self.user is None:
            if self.password.text() != self.repeat.text():
                raise ValidationError("两次输入的密码不一样，请重新输入。", field="repeat")
            self.saved = self.users.add(
                self.login.text(), self.name.text(), role, modules, self.password.text()
            )
        else:
            self.saved = self.users.edit(self.user.id, self.name.text(), role, modules)


class UserPasswordDialog(_Form):
    """`user` given: a 管理员 resets that account's password; None: one's own, with the
    current password."""

    def __init__(
        self, users: UserService, user: UserInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.users = users
        self.user = user
        self.setWindowTitle("修改我的密码" if user is None else f"重设 {user.shown} 的密码")
        self.setMinimumWidth(420)
        self.current = password_field("现在的密码")
        self.new = password_field(f"至少{MIN_LENGTH}个字符")
        self.repeat = password_field("再输入一次新密码")
        explanation = QLabel(
            "输入当前密码和新密码。"
            if user is None
            else "设好后请当面告诉他，并请他登录后在“系统”页修改为自己的密码。"
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        if user is None:
            form.addRow("当前密码：", self.current)
        form.addRow("新密码：", self.new)
        form.addRow("确认新密码：", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def fields(self) -> dict[str, QWidget]:
        return {"current": self.current, "new": self.new, "repeat": self.repeat}

    def apply(self) -> None:
        if self.new.text() != self.repeat.text():
            raise ValidationError("两次输入的新密码不一样，请重新输入。", field="repeat")
        if self.user is None:
            self.users.change_own_password(self.current.text(), self.new.text())
        else:
            self.users.reset_password(self.user.id, self.new.text())
