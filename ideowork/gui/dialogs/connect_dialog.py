"""连接数据库…: connect this PC to the unit's database server, test it, store it; and at start,
the password of the saved server (never stored in clear; on Windows optionally remembered by
the OS for this user).

测试连接 runs off the GUI thread (a server that does not answer takes seconds) and says what it
found (services/system/connection.probe). An empty database can be given this program's schema
here (init-server). 保存 keeps the connection for the next start; 改回本机数据库 forgets it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import password_field
from ideowork.gui.failures import show_failure
from ideowork.gui.messages import confirm
from ideowork.gui.tasks import Operation, Worker, run_in_background
from ideowork.services.system import connection
from ideowork.services.system.connection import (
    DEFAULT_PORT,
    Found,
    Probe,
    SavedConnection,
    ServerConnection,
)

OK_COLOUR, WARN_COLOUR, ERROR_COLOUR = "#1b6e20", "#8a5a00", "#b3261e"
_COLOURS = {Found.READY: OK_COLOUR, Found.OLDER: WARN_COLOUR, Found.EMPTY: WARN_COLOUR}
INTRO = (
    "几台电脑共用本单位数据库服务器上的同一个数据库时，在这里填写信息中心提供的服务器地址、"
    "数据库名和账号，先“测试连接”，再“保存”。保存后重新启动本程序即连接到服务器。"
)
PASSWORD_NOTE_REMEMBER = "密码不会以明文保存；勾选“记住密码”时由 Windows 为本机当前用户加密保存。"
PASSWORD_NOTE = "密码不保存在本机，每次启动时输入。"


def _show(label: QLabel, text: str, colour: str) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {colour}")


class ConnectDialog(QDialog):
    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接数据库服务器")
        self.setMinimumWidth(520)
        try:
            saved = connection.load_connection()
        except UserError:
            saved = None  # a damaged file: filled in anew, saved over it
        self.saved = saved
        server = saved.server if saved else ServerConnection("", DEFAULT_PORT, "ideowork", "")
        self.host = QLineEdit(server.host)
        self.host.setPlaceholderText("如 192.168.1.20")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(server.port)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit(server.database)
        self.user = QLineEdit(server.user)
        self.user.setPlaceholderText("信息中心建立的账号")
        self.password = password_field("数据库账号的密码")
        self.remember = QCheckBox("记住密码（由 Windows 加密保存）")
        self.remember.setVisible(connection.can_remember_password())

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        where = "服务器 " + saved.server.label if saved else f"本机数据库文件 {location}"
        self.current = QLabel(f"现在使用：{where}")
        self.current.setWordWrap(True)
        form = QFormLayout()
        form.addRow("服务器地址：", self.host)
        form.addRow("端口：", self.port)
        form.addRow("数据库名：", self.database)
        form.addRow("账号：", self.user)
        form.addRow("密码：", self.password)
        form.addRow("", self.remember)
        note = QLabel(
            PASSWORD_NOTE_REMEMBER if connection.can_remember_password() else PASSWORD_NOTE
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setMinimumHeight(48)

        self.test_button = QPushButton("测试连接")
        self.create_button = QPushButton("建立数据结构…")
        self.create_button.setVisible(False)
        self.save_button = QPushButton("保存")
        self.save_button.setEnabled(False)
        self.local_button = QPushButton("改回本机数据库")
        self.local_button.setVisible(saved is not None)
        cancel = QPushButton("取消")
        buttons = QHBoxLayout()
        for button in (self.test_button, self.create_button, self.local_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

        self.test_button.clicked.connect(self.test_connection)
        self.create_button.clicked.connect(self.create_schema)
        self.save_button.clicked.connect(self.save)
        self.local_button.clicked.connect(self.back_to_local)
        cancel.clicked.connect(self.reject)
        for field in (self.host, self.database, self.user, self.password):
            field.textEdited.connect(self._fields_changed)
        self.port.valueChanged.connect(self._fields_changed)
        self.probe: Probe | None = None
        self.probed: ServerConnection | None = None  # what the last probe was for
        self.operation: Operation[Any] | None = None  # the last background job (tests wait)

    # --- what the user typed ---------------------------------------------------------------
    def server(self) -> ServerConnection:
        return ServerConnection(
            self.host.text(), self.port.value(), self.database.text(), self.user.text()
        ).validated()

    def _fields_changed(self) -> None:
        """A probe speaks for the fields it was run with only."""
        self.save_button.setEnabled(False)
        self.create_button.setVisible(False)

    def _busy(self, busy: bool) -> None:
        for button in (self.test_button, self.create_button, self.save_button):
            button.setEnabled(not busy and (button is not self.save_button or self._can_save()))

    def _can_save(self) -> bool:
        found = self.probe
        return found is not None and found.can_save and found.found is not Found.EMPTY

    # --- test, create, save -----------------------------------------------------------------
    def test_connection(self) -> Operation[Probe] | None:
        try:
            server = self.server()
        except UserError as error:
            _show(self.outcome, str(error), ERROR_COLOUR)
            return None
        password = self.password.text() or None
        _show(self.outcome, f"正在连接 {server.host}:{server.port} …", "#555")
        self._busy(True)
        self.operation = run_in_background(
            self,
            lambda _progress: connection.probe(server, password),
            lambda found: self.show_probe(server, found),
            on_failure=self._failed,
            label="正在连接数据库服务器…",
        )
        return self.operation

    def show_probe(self, server: ServerConnection, found: Probe) -> None:
        self.probe, self.probed = found, server
        _show(self.outcome, found.message, _COLOURS.get(found.found, ERROR_COLOUR))
        self.create_button.setVisible(found.found is Found.EMPTY)
        self._busy(False)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        show_failure(self, error, "连接失败")

    def create_schema(self) -> Operation[str] | None:
        if self.probe is None or self.probe.found is not Found.EMPTY or self.probed is None:
            return None
        server, password = self.probed, self.password.text() or None
        if not confirm(
            self,
            f"在服务器数据库“{server.database}”中建立本程序的数据结构吗？\n"
            "建立后，可以用“ideowork copy”把本机已有的数据复制过去，或直接在各页录入。",
        ):
            return None
        self._busy(True)
        self.operation = run_in_background(
            self,
            lambda _progress: connection.create_schema(server, password),
            lambda _address: self.test_connection(),
            on_failure=self._failed,
            label="正在建立数据结构…",
        )
        return self.operation

    def save(self) -> bool:
        if not self._can_save() or self.probed is None:
            return False
        server = self.probed
        password = self.password.text()
        remember = self.remember.isVisible() and self.remember.isChecked() and bool(password)
        try:
            connection.save_connection(server, password if remember else None)
        except UserError as error:
            _show(self.outcome, str(error), ERROR_COLOUR)
            return False
        if password:
            connection.set_session_password(server, password)
        self.accept()
        return True

    def back_to_local(self) -> bool:
        if not confirm(
            self,
            "不再连接数据库服务器，下次启动时改用本机的数据库文件吗？\n"
            "服务器上的数据不受影响；需要时可再次连接。",
        ):
            return False
        try:
            connection.forget_connection()
        except UserError as error:
            _show(self.outcome, str(error), ERROR_COLOUR)
            return False
        self.accept()
        return True


class ServerPasswordDialog(QDialog):
    """At start: the password of the saved server, tested before the window opens."""

    def __init__(
        self, saved: SavedConnection, parent: QWidget | None = None, *, saved_here: bool = True
    ) -> None:
        """`saved_here` False: an address given by --db or IDEOWORK_DB (nothing to forget or
        to remember the password with)."""
        super().__init__(parent)
        self.saved = saved
        self.setWindowTitle("连接数据库服务器")
        self.setMinimumWidth(440)
        self.worker = Worker(self)  # its own: the main window's does not exist yet
        where = "本机设置为使用" if saved_here else "启动参数指定了"
        label = QLabel(f"{where}数据库服务器上的数据库：\n{saved.server.label}")
        label.setWordWrap(True)
        self.password = password_field("数据库账号的密码")
        self.remember = QCheckBox("记住密码（由 Windows 加密保存）")
        self.remember.setVisible(saved_here and connection.can_remember_password())
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        form = QFormLayout()
        form.addRow("密码：", self.password)
        form.addRow("", self.remember)
        self.connect_button = QPushButton("连接")
        self.connect_button.setDefault(True)
        self.local_button = QPushButton("改用本机数据库")
        self.local_button.setVisible(saved_here)
        quit_button = QPushButton("退出")
        buttons = QHBoxLayout()
        buttons.addWidget(self.local_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.connect_button.clicked.connect(self.try_connect)
        self.local_button.clicked.connect(self.use_local)
        quit_button.clicked.connect(self.reject)
        self.use_local_instead = False
        self.operation: Operation[Probe] | None = None

    def try_connect(self) -> Operation[Probe]:
        server, password = self.saved.server, self.password.text()
        self.connect_button.setEnabled(False)
        _show(self.outcome, f"正在连接 {server.host}:{server.port} …", "#555")
        self.operation = run_in_background(
            self,
            lambda _progress: connection.probe(server, password or None),
            self._probed,
            on_failure=self._failed,
            label="正在连接数据库服务器…",
            worker=self.worker,
        )
        return self.operation

    def _probed(self, found: Probe) -> None:
        self.connect_button.setEnabled(True)
        if not found.can_save:
            _show(self.outcome, found.message, ERROR_COLOUR)
            self.password.selectAll()
            self.password.setFocus()
            return
        password = self.password.text()
        connection.set_session_password(self.saved.server, password)
        if self.remember.isVisible() and self.remember.isChecked() and password:
            try:
                connection.save_connection(self.saved.server, password)
            except UserError as error:  # connecting matters more than remembering
                _show(self.outcome, str(error), ERROR_COLOUR)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.connect_button.setEnabled(True)
        show_failure(self, error, "连接失败")

    def use_local(self) -> None:
        if confirm(
            self,
            "改用本机的数据库文件吗？本机将不再连接数据库服务器（服务器上的数据不受影响）。",
        ):
            try:
                connection.forget_connection()
            except UserError as error:
                _show(self.outcome, str(error), ERROR_COLOUR)
                return
            self.use_local_instead = True
            self.accept()

    def done(self, result: int) -> None:
        self.worker.shutdown()
        super().done(result)


def ask_server_password(db_target: str | None) -> tuple[bool, str | None]:
    """Before the window opens on a server: its password, unless the OS remembers it or
    PGPASSWORD (or libpq's password file) gives it. Returns whether to go on (False: the user
    chose to quit) and the target to open (an address of --db / IDEOWORK_DB with the password
    typed, in memory only)."""
    try:
        saved = connection.saved_in_use(db_target)
    except UserError as error:
        show_failure(None, error, "无法读取数据库连接设置")
        return False, db_target
    if saved is not None:
        if not connection.needs_password(saved):
            return True, db_target
        return ServerPasswordDialog(saved).exec() == QDialog.DialogCode.Accepted, db_target
    given = connection.server_without_password(db_target)
    if given is None:
        return True, db_target
    dialog = ServerPasswordDialog(SavedConnection(given), saved_here=False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, db_target
    return True, connection.with_password(db_target, dialog.password.text())
