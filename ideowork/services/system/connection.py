"""Which database this PC opens when neither --db nor IDEOWORK_DB names one: the local SQLite
file, or the server saved by 连接数据库… (`connection.json` in the config folder, 0600).

The saved connection holds the server, port, database and login, never the password in clear.
The password is asked for at start (`set_session_password` keeps it in this process only) or,
where the operating system protects it for the user, remembered: on Windows through DPAPI
(CryptProtectData, readable only by the same Windows user on the same PC). Elsewhere there is no
such store in the standard library, so it is not offered; PGPASSWORD and libpq's own password
file (~/.pgpass) work as usual.

`probe` tests a connection and says in Chinese what it found: no such host or no answer,
login refused, database missing, an empty database (offer `init-server`), this program's schema
older (upgraded at the first start) or newer (refused), or ready, with the unit's name.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ideowork.db.engine import resolve_db_url
from ideowork.db.migrate import head_revision, known_revisions
from ideowork.db.models import Unit
from ideowork.domain.errors import UserError
from ideowork.files import atomic_write
from ideowork.paths import DB_ENV_VAR
from ideowork.services.system.audit_key import config_dir

CONNECTION_FORMAT = "ideowork-connection"
DEFAULT_PORT = 5432
# Seconds to wait for a server that does not answer (a PC off the network must not hang).
CONNECT_TIMEOUT_S = 8
DRIVER = "postgresql+psycopg"
MAX_FILE_BYTES = 100_000
_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
_HOST = re.compile(r"^[A-Za-z0-9_.:\-\[\]/]+$")  # / : a local socket folder

# Passwords typed in this session, by server label: in this process's memory only.
_session_passwords: dict[str, str] = {}


@dataclass(frozen=True)
class ServerConnection:
    host: str
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""

    @property
    def label(self) -> str:
        """user@host:port/database, as the dialogs show it (no password)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> URL:
        query = {"connect_timeout": str(CONNECT_TIMEOUT_S)}
        host: str | None = self.host
        port: int | None = self.port
        if self.host.startswith("/"):  # a local socket folder: libpq's form, which renders back
            query |= {"host": self.host, "port": str(self.port)}
            host = port = None
        return URL.create(
            DRIVER,
            username=self.user,
            password=password or None,
            host=host,
            port=port,
            database=self.database,
            query=query,
        )

    def validated(self) -> ServerConnection:
        """The same, trimmed; UserError saying which field is wrong and how to fill it."""
        host, database, user = self.host.strip(), self.database.strip(), self.user.strip()
        if not host:
            raise UserError("请填写数据库服务器的地址（如 192.168.1.20 或 db.example.local）。")
        if not _HOST.match(host):
            raise UserError(f"服务器地址“{host}”不对：只能有字母、数字、点、短横线和冒号。")
        if not 1 <= self.port <= 65535:
            raise UserError("端口应在 1 到 65535 之间（PostgreSQL 默认为 5432）。")
        if not database or not _NAME.match(database):
            raise UserError("请填写数据库名（字母、数字、下划线，如 ideowork），由信息中心提供。")
        if not user or not _NAME.match(user):
            raise UserError("请填写登录数据库的账号（字母、数字、下划线），由信息中心提供。")
        return ServerConnection(host, self.port, database, user)


@dataclass(frozen=True)
class SavedConnection:
    server: ServerConnection
    protected_password: bytes | None = None  # DPAPI-protected (Windows), never clear text


# --- the file ------------------------------------------------------------------------------
def connection_file() -> Path:
    return config_dir() / "connection.json"


def load_connection() -> SavedConnection | None:
    """The saved server connection; None when this PC uses its local database file."""
    path = connection_file()
    if not path.exists():
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != CONNECTION_FORMAT:
            raise ValueError("not a connection file")
        port = data.get("port", DEFAULT_PORT)
        if not isinstance(port, int):
            raise ValueError("port")
        server = ServerConnection(
            str(data["host"]), port, str(data["database"]), str(data["user"])
        ).validated()
        protected = data.get("password_protected")
        secret = base64.b64decode(protected, validate=True) if isinstance(protected, str) else None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, UserError, binascii.Error) as error:
        raise UserError(
            f"数据库连接设置文件“{path}”无法读取（{type(error).__name__}）。"
            "请删除该文件后重新启动（将打开本机数据库），再在“系统”页重新连接数据库服务器。"
        ) from error
    return SavedConnection(server, secret)


def save_connection(server: ServerConnection, remember_password: str | None = None) -> Path:
    """Keep the connection for the next start (0600); the password only if the OS protects
    it (`can_remember_password`), else it is asked for at each start."""
    server = server.validated()
    data: dict[str, Any] = {
        "format": CONNECTION_FORMAT,
        "version": 1,
        "driver": DRIVER,
        "host": server.host,
        "port": server.port,
        "database": server.database,
        "user": server.user,
    }
    if remember_password:
        data["password_protected"] = base64.b64encode(protect(remember_password)).decode()
    target = connection_file()
    payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as temporary:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
    except OSError as error:
        raise UserError(
            f"无法保存数据库连接设置到“{target}”（{error.strerror or error}）。"
            "请检查该文件夹是否可写，或磁盘是否已满。"
        ) from error
    return target


def forget_connection() -> bool:
    """改回本机数据库: the next start opens the local file again. False if none was saved."""
    _session_passwords.clear()
    try:
        connection_file().unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise UserError(
            f"无法删除数据库连接设置“{connection_file()}”（{error.strerror or error}）。"
            "请检查该文件夹的权限。"
        ) from error
    return True


# --- the password ----------------------------------------------------------------------------
def can_remember_password() -> bool:
    """Only where the OS keeps it for this user (Windows DPAPI)."""
    return sys.platform == "win32"


def protect(password: str) -> bytes:
    if not can_remember_password():
        raise UserError("本系统不能安全地保存密码，每次启动时请输入密码。")
    return _dpapi(password.encode("utf-8"), encrypt=True)


def unprotect(secret: bytes) -> str | None:
    """The remembered password; None if it cannot be read (another user, another PC)."""
    if not can_remember_password():
        return None
    try:
        return _dpapi(secret, encrypt=False).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


_ENTROPY = b"ideowork-connection-v1"


def _dpapi(data: bytes, *, encrypt: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData for the current Windows user."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def blob_of(raw: bytes) -> tuple[Blob, Any]:
        buffer = ctypes.create_string_buffer(raw, len(raw))
        return Blob(len(raw), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    windll = getattr(ctypes, "windll")  # noqa: B009 (absent on other systems: typed as such)
    crypt32, kernel32 = windll.crypt32, windll.kernel32
    source, _keep = blob_of(data)
    entropy, _keep_entropy = blob_of(_ENTROPY)
    out = Blob()
    ui_forbidden = 0x1
    function = crypt32.CryptProtectData if encrypt else crypt32.CryptUnprotectData
    description = ctypes.c_wchar_p("ideowork") if encrypt else None
    ok = function(
        ctypes.byref(source),
        description,
        ctypes.byref(entropy),
        None,
        None,
        ui_forbidden,
        ctypes.byref(out),
    )
    if not ok:
        raise OSError("CryptProtectData/CryptUnprotectData failed")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)


def set_session_password(server: ServerConnection, password: str) -> None:
    _session_passwords[server.label] = password


def password_for(saved: SavedConnection) -> str | None:
    """Typed this session > remembered by the OS > none (libpq may still find PGPASSWORD)."""
    typed = _session_passwords.get(saved.server.label)
    if typed is not None:
        return typed
    if saved.protected_password is not None:
        return unprotect(saved.protected_password)
    return None


def needs_password(saved: SavedConnection) -> bool:
    """Whether a start must ask for the password first."""
    return password_for(saved) is None and not os.environ.get("PGPASSWORD")


# --- which database a start opens ------------------------------------------------------------
def saved_in_use(target: str | None) -> SavedConnection | None:
    """The saved connection, if it is what a start with this --db opens."""
    if target or os.environ.get(DB_ENV_VAR):
        return None
    return load_connection()


def resolve_target(target: str | None) -> URL:
    """--db > IDEOWORK_DB > the saved server connection (with this session's password) >
    the file in the user data folder."""
    saved = saved_in_use(target)
    if saved is None:
        return resolve_db_url(target)
    return saved.server.url(password_for(saved))


# --- the command line: a password asked on the terminal ----------------------------------------
Ask = Callable[[str], str]


def _password_file_exists() -> bool:
    """libpq's own password file, which it reads by itself (then nothing is asked)."""
    chosen = os.environ.get("PGPASSFILE")
    if chosen:
        return Path(chosen).is_file()
    if sys.platform == "win32":
        return (Path(os.environ.get("APPDATA", "")) / "postgresql" / "pgpass.conf").is_file()
    return (Path.home() / ".pgpass").is_file()


def _prompt(label: str) -> str:
    return f"数据库 {label} 的密码（没有密码直接回车）："


def fill_password(target: str | None, ask: Ask | None) -> str | None:
    """A server address without a password (--db, IDEOWORK_DB or the saved connection) gets
    one from `ask` (getpass when run interactively), unless PGPASSWORD or libpq's password file
    provides it. Returns the target to use; the saved connection's password stays in memory."""
    if ask is None or os.environ.get("PGPASSWORD") or _password_file_exists():
        return target
    chosen = target or os.environ.get(DB_ENV_VAR)
    if not chosen:
        saved = load_connection()
        if saved is not None and needs_password(saved):
            set_session_password(saved.server, ask(_prompt(saved.server.label)))
        return target
    if "://" not in chosen:
        return target
    url = make_url(chosen)
    if url.get_backend_name() != "postgresql" or url.password is not None:
        return target
    label = f"{url.username or ''}@{url.host or ''}/{url.database or ''}"
    password = ask(_prompt(label))
    if not password:
        return target
    return url.set(password=password).render_as_string(hide_password=False)


def _given_url(target: str | None) -> URL | None:
    chosen = target or os.environ.get(DB_ENV_VAR)
    if not chosen or "://" not in chosen:
        return None
    try:
        url = make_url(chosen)
    except ArgumentError:
        return None  # opening it says what is wrong
    return url if url.get_backend_name() == "postgresql" else None


def server_without_password(target: str | None) -> ServerConnection | None:
    """The server that --db / IDEOWORK_DB names, when it needs a password asked for (none in
    the address, PGPASSWORD or libpq's password file): for the GUI's start-up question."""
    url = _given_url(target)
    if url is None or url.password is not None:
        return None
    if os.environ.get("PGPASSWORD") or _password_file_exists():
        return None
    host = url.host or str(url.query.get("host", "") or "")
    port = url.port or int(str(url.query.get("port", DEFAULT_PORT) or DEFAULT_PORT))
    return ServerConnection(host, port, url.database or "", url.username or "")


def with_password(target: str | None, password: str) -> str | None:
    """The address of --db / IDEOWORK_DB with `password` in it (kept in memory only)."""
    url = _given_url(target)
    if url is None or not password:
        return target
    return url.set(password=password).render_as_string(hide_password=False)


# --- testing a connection ----------------------------------------------------------------------
class Found(enum.Enum):
    UNREACHABLE = "unreachable"
    LOGIN_REFUSED = "login_refused"
    NOT_ALLOWED = "not_allowed"  # pg_hba.conf has no line for this PC
    NO_DATABASE = "no_database"
    NO_DRIVER = "no_driver"
    EMPTY = "empty"
    FOREIGN = "foreign"
    OLDER = "older"
    NEWER = "newer"
    READY = "ready"


@dataclass(frozen=True)
class Probe:
    found: Found
    message: str
    unit_name: str = ""

    @property
    def can_save(self) -> bool:
        """A database this program can open (now, or once the schema is created/upgraded)."""
        return self.found in (Found.READY, Found.OLDER, Found.EMPTY)


def _refusal(server: ServerConnection, error: BaseException) -> Probe:
    """Why a connection failed, from libpq's words (it gives no SQLSTATE before login)."""
    words = str(getattr(error, "orig", error)).lower()
    where = f"{server.host}:{server.port}"
    if "password authentication failed" in words or "no password supplied" in words:
        return Probe(
            Found.LOGIN_REFUSED,
            f"服务器拒绝了账号“{server.user}”的登录：密码不对（或未填写）。"
            "请重新输入密码；忘记密码请找信息中心重设。",
        )
    if "role" in words and "does not exist" in words:
        return Probe(
            Found.LOGIN_REFUSED,
            f"服务器上没有账号“{server.user}”。请核对账号，或请信息中心按部署说明建立账号。",
        )
    if "database" in words and "does not exist" in words:
        return Probe(
            Found.NO_DATABASE,
            f"服务器 {where} 上没有名为“{server.database}”的数据库。请核对数据库名，"
            "或请信息中心按部署说明新建数据库。",
        )
    if "pg_hba.conf" in words:
        return Probe(
            Found.NOT_ALLOWED,
            f"服务器 {where} 不允许本机连接（pg_hba.conf 中没有本机的记录）。"
            "请信息中心按部署说明在 pg_hba.conf 中允许本单位内网的电脑连接。",
        )
    if "translate host name" in words or "name or service not known" in words:
        return Probe(
            Found.UNREACHABLE,
            f"找不到服务器“{server.host}”：地址写错了，或本机的网络设置不对。请核对服务器地址。",
        )
    return Probe(
        Found.UNREACHABLE,
        f"连不上服务器 {where}：服务器没有开机、数据库服务没有启动、端口不对，"
        "或防火墙挡住了连接。请核对地址和端口，并请信息中心检查服务器。",
    )


def probe(server: ServerConnection, password: str | None) -> Probe:
    """Connect to the server and look at the database (read only: nothing is changed)."""
    server = server.validated()
    try:
        engine = create_engine(server.url(password), hide_parameters=True)
    except ImportError:
        return Probe(
            Found.NO_DRIVER,
            "本程序缺少 PostgreSQL 驱动（psycopg），无法连接服务器。请安装完整版本的程序。",
        )
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not tables:
                return Probe(
                    Found.EMPTY,
                    f"已连接到“{server.database}”，这是一个空数据库。"
                    "可以在其中建立本程序的数据结构（建立后可用 ideowork copy 命令把本机已有的"
                    "数据复制过去，或直接在各页录入）。",
                )
            if "alembic_version" not in tables:
                return Probe(
                    Found.FOREIGN,
                    f"数据库“{server.database}”中已有{len(tables)}张别的表，不是本程序的数据库。"
                    "为免弄乱其中的数据，请请信息中心另建一个空数据库。",
                )
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            head = head_revision()
            if current == head:
                unit = connection.execute(select(Unit.full_name).limit(1)).scalar()
                name = str(unit) if unit else ""
                shown = f"单位：{name}" if name else "尚未填写单位信息"
                return Probe(Found.READY, f"连接成功，数据库可以使用（{shown}）。", name)
            if current is None or current in known_revisions():
                return Probe(
                    Found.OLDER,
                    f"连接成功。数据库的结构版本（{current or '无'}）较旧，"
                    f"下次启动时会自动升级到 {head}（升级只需一台电脑做一次）。",
                )
            return Probe(
                Found.NEWER,
                f"该数据库已由更新版本的程序使用（结构版本 {current}），本程序无法使用它。"
                "请先把本机的程序更新到与其他电脑相同的版本。",
            )
    except SQLAlchemyError as error:  # nothing of the driver's text is shown as such
        return _refusal(server, error)
    finally:
        engine.dispose()


def create_schema(server: ServerConnection, password: str | None) -> str:
    """`init-server` on the empty database the dialog found."""
    from ideowork.services.system.server import init_server

    return init_server(server.url(password).render_as_string(hide_password=False))
