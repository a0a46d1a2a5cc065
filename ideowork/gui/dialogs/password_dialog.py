"""Set, change or clear the start-up password (the current one is asked for the last two)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError, ValidationError
from ideowork.gui.dialogs.common import ERROR_COLOUR, error_label, password_field
from ideowork.services.system.access import MIN_LENGTH, AccessService


class PasswordAction(Enum):
    SET = "设置启动密码"
    CHANGE = "修改启动密码"
    REMOVE = "清除启动密码"


EXPLANATIONS = {
    PasswordAction.SET: (
        f"设置后，每次启动本程序、以及无人操作一段时间后，都要输入这个密码才能看到数据。"
        f"密码至少{MIN_LENGTH}个字符，请记牢：忘记时只能在本机命令行清除。"
    ),
    PasswordAction.CHANGE: "输入当前密码和新密码。",
    PasswordAction.REMOVE: "清除后，任何人打开本程序都能看到数据，也不再自动锁定。",
}
OK_TEXT = {PasswordAction.SET: "设置", PasswordAction.CHANGE: "修改", PasswordAction.REMOVE: "清除"}


class PasswordDialog(QDialog):
    def __init__(
        self, access: AccessService, action: PasswordAction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(action.value)
        self.setMinimumWidth(420)
        self._access = access
        self.action = action
        self.current = password_field("现在的启动密码")
        self.new = password_field(f"至少{MIN_LENGTH}个字符")
        self.repeat = password_field("再输入一次新密码")
        explanation = QLabel(EXPLANATIONS[action])
        explanation.setWordWrap(True)
        form = QFormLayout()
        if action is not PasswordAction.SET:
            form.addRow("当前密码：", self.current)
        if action is not PasswordAction.REMOVE:
            form.addRow("新密码：", self.new)
            form.addRow("确认新密码：", self.repeat)
        self.message = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(OK_TEXT[action])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def fields(self) -> dict[str, QLineEdit]:
        return {"current": self.current, "new": self.new, "repeat": self.repeat}

    def save(self) -> None:
        for field in self.fields().values():
            field.setStyleSheet("")
        try:
            self._apply()
        except UserError as error:
            self._show_problem(error)
            return
        self.accept()

    def _apply(self) -> None:
        if self.action is PasswordAction.REMOVE:
            self._access.remove_password(self.current.text())
            return
        if self.new.text() != self.repeat.text():
            raise ValidationError("两次输入的新密码不一样，请重新输入。", field="repeat")
        current = self.current.text() if self.action is PasswordAction.CHANGE else ""
        self._access.set_password(self.new.text(), current=current)

    def _show_problem(self, error: UserError) -> None:
        self.message.setText(str(error))
        field = self.fields().get(getattr(error, "field", None) or "")
        if field is not None and field.isVisibleTo(self):
            field.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}")
            field.clear()
            if field is self.new:
                self.repeat.clear()
            field.setFocus()
