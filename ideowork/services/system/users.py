"""User accounts: who may log in, with which role, and the login itself.

Users are on as soon as one account exists. A single-PC SQLite install has none by default
(the OS login is the actor, as before accounts existed); a server database (PostgreSQL) asks
for its first 管理员 at the first start. The first account is always a 管理员; from then on only
a 管理员 adds, edits, resets, deactivates and reactivates accounts (the write guard of
permissions refuses anyone else), and every account may change its own password with the
current one. Accounts are never deleted: the audit trail names them. The last active 管理员 can
be neither deactivated nor demoted (nobody could manage the users any more).

Passwords are salted scrypt (passwords.py, as the start-up password). Wrong tries in a row are
kept in the account's row with the time of the last one, so a restart does not cut the wait
short: two cost nothing, then the wait doubles from 2 seconds up to 5 minutes. Neither a
password nor its hash reaches an audit entry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import UserAccount
from ideowork.domain.errors import NotFoundError, UserError, ValidationError
from ideowork.services.error_messages import known_error_message
from ideowork.services.runtime import Actor, Runtime, account_name
from ideowork.services.system import audit, permissions
from ideowork.services.system.passwords import (
    Failures,
    StoredPassword,
    check_strength,
    password_record,
    wait_after,
    wait_message,
)
from ideowork.services.system.permissions import (
    ADMIN,
    CLERK,
    CLERK_MODULES,
    ROLES,
    describe_modules,
    modules_text,
    parse_modules,
    role_label,
)

LOGIN_RE = re.compile(r"[a-z][a-z0-9._-]{1,31}")
NAME_MAX = 50

WRONG = "登录名或密码不正确。"
TOO_MANY = "密码错误次数过多。"
INACTIVE = "这个账号已停用。如需使用，请联系管理员在“系统”页的“用户管理”中重新启用。"
DAMAGED = "这个账号的密码记录已损坏，无法核对密码。请联系管理员为您重设密码。"
LOGIN_RULE = "登录名请用2到32个英文字母、数字或“. _ -”，以字母开头，如 zhangsan。"


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    name: str
    role: str
    modules: frozenset[str]
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def modules_label(self) -> str:
        """What the account may change, in words."""
        if self.role == ADMIN:
            return "全部（含用户管理）"
        if self.role == CLERK:
            return describe_modules(self.modules)
        return "无（只能查看、打印、导出）"

    @property
    def shown(self) -> str:
        """As the audit trail names the account: 张三（zhangsan）."""
        return account_name(self.name, self.login)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    problem: str  # why not, without the wait
    wait_seconds: int  # before the next try is accepted
    user: UserInfo | None = None

    @property
    def message(self) -> str:
        return self.problem + (wait_message(self.wait_seconds) if self.wait_seconds else "")


def _info(row: UserAccount) -> UserInfo:
    return UserInfo(
        row.id,
        row.login,
        row.name,
        row.role,
        parse_modules(row.modules),
        row.active,
        row.created_at,
        row.last_login_at,
    )


def _described(row: UserAccount) -> dict[str, object]:
    """What the audit trail keeps of an account: never its password or hash."""
    return {
        "login": row.login,
        "name": row.name,
        "role": row.role,
        "modules": row.modules,
        "active": row.active,
    }


def clean_login(login: str) -> str:
    """The login as stored: full-width letters typed with a Chinese input method made plain,
    spaces dropped, lower case (ZhangSan and zhangsan are one account)."""
    return unicodedata.normalize("NFKC", login).strip().lower()


def check_login(login: str) -> str:
    cleaned = clean_login(login)
    if not LOGIN_RE.fullmatch(cleaned):
        raise ValidationError(LOGIN_RULE, field="login")
    return cleaned


def check_name(name: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFKC", name).split())
    if not cleaned:
        raise ValidationError(
            "请填写姓名（操作记录中以“姓名（登录名）”记下谁做了修改）。", field="name"
        )
    if len(cleaned) > NAME_MAX:
        raise ValidationError(f"姓名太长：最多{NAME_MAX}个字。", field="name")
    return cleaned


def check_role(role: str, modules: Iterable[str]) -> tuple[str, str]:
    """The role and the modules as stored (only a 经办人 has modules)."""
    if role not in ROLES:
        raise ValidationError("请选择角色：管理员、经办人或只读。", field="role")
    chosen = set(modules)
    unknown = chosen - set(CLERK_MODULES)
    if unknown:
        raise ValidationError(
            f"经办人可分配的模块只有：{describe_modules(CLERK_MODULES)}。", field="modules"
        )
    if role != CLERK:
        return role, ""
    if not chosen:
        raise ValidationError(
            "请为经办人勾选至少一个可以修改的模块；只查看和打印的用户请选“只读”。", field="modules"
        )
    return role, modules_text(chosen)


class UserService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        # Wrong tries that could not be saved (a read-only window, a database locked by another
        # program), and tries of logins that do not exist: counted in this process.
        self._unsaved: dict[str, Failures] = {}

    # --- reading ------------------------------------------------------------------------------
    def enabled(self) -> bool:
        """Users are on: at least one account exists (then everybody logs in)."""
        with self.runtime.read() as session:
            return session.execute(select(UserAccount.id).limit(1)).first() is not None

    def on_server(self) -> bool:
        return self.runtime.db.engine.dialect.name != "sqlite"

    def needs_first_admin(self) -> bool:
        """A server database without accounts: its first 管理员 is created before anything."""
        return self.on_server() and not self.enabled()

    def list(self) -> list[UserInfo]:
        with self.runtime.read() as session:
            rows = session.scalars(
                select(UserAccount).order_by(UserAccount.active.desc(), UserAccount.login)
            )
            return [_info(row) for row in rows]

    def get(self, user_id: int) -> UserInfo:
        with self.runtime.read() as session:
            return _info(self._row(session, user_id))

    def current(self) -> UserInfo | None:
        """The account logged in to this window (None: no accounts, the OS login acts)."""
        login = self.runtime.actor.login
        if not login:
            return None
        with self.runtime.read() as session:
            row = session.scalars(select(UserAccount).where(UserAccount.login == login)).first()
            return _info(row) if row else None

    def is_admin(self) -> bool:
        """Whether the actor may manage the accounts (also true while there are none)."""
        return self.runtime.may_change(permissions.SYSTEM)

    @staticmethod
    def _row(session: Session, user_id: int) -> UserAccount:
        row = session.get(UserAccount, user_id)
        if row is None:
            raise NotFoundError("找不到这个用户账号，可能刚在另一台电脑上有变动。请刷新后再试。")
        return row

    # --- managing (管理员) ----------------------------------------------------------------------
    def add(
        self,
        login: str,
        name: str,
        role: str,
        modules: Iterable[str] = (),
        password: str = "",
    ) -> UserInfo:
        login = check_login(login)
        name = check_name(name)
        role, stored_modules = check_role(role, modules)
        check_strength(password, field="password")
        record = password_record(password)
        with self.runtime.write("user_account") as session:
            first = session.execute(select(UserAccount.id).limit(1)).first() is None
            if first and role != ADMIN:
                raise ValidationError(
                    "第一个账号必须是管理员：由他再为其他人建立账号。", field="role"
                )
            taken = session.scalars(select(UserAccount).where(UserAccount.login == login)).first()
            if taken is not None:
                state = "" if taken.active else "（已停用，可在列表中重新启用）"
                raise ValidationError(
                    f"登录名“{login}”已被{taken.name}使用{state}，请换一个登录名。",
                    field="login",
                )
            row = UserAccount(
                login=login,
                name=name,
                role=role,
                modules=stored_modules,
                password=record,
                active=True,
                failures=0,
                created_at=self.runtime.now(),
            )
            session.add(row)
            session.flush()
            summary = f"新建用户 {_info(row).shown}，角色：{role_label(role)}"
            if role == CLERK:
                summary += f"，可修改：{describe_modules(parse_modules(stored_modules))}"
            audit.record(session, "create", "user_account", row.id, summary, None, _described(row))
            return _info(row)

    def edit(self, user_id: int, name: str, role: str, modules: Iterable[str] = ()) -> UserInfo:
        name = check_name(name)
        role, stored_modules = check_role(role, modules)
        self.runtime.require(permissions.SYSTEM)  # told before the checks that follow
        with self.runtime.write("user_account") as session:
            row = self._row(session, user_id)
            before = _described(row)
            if row.role == ADMIN and role != ADMIN and row.active:
                self._keep_an_admin(session, row, "改为其他角色")
            row.name, row.role, row.modules = name, role, stored_modules
            after = _described(row)
            if before == after:
                return _info(row)
            summary = f"修改用户 {_info(row).shown}：角色{role_label(role)}"
            if role == CLERK:
                summary += f"，可修改：{describe_modules(parse_modules(stored_modules))}"
            audit.record(session, "update", "user_account", row.id, summary, before, after)
            info = _info(row)
        self._follow_own_account(info)
        return info

    def reset_password(self, user_id: int, new: str) -> None:
        """A 管理员 sets another's password (forgotten, or a new colleague); the wrong tries are
        cleared with it."""
        check_strength(new)
        record = password_record(new)
        with self.runtime.write("user_account") as session:
            row = self._row(session, user_id)
            row.password = record
            row.failures, row.failed_at = 0, None
            audit.record(
                session,
                "update",
                "user_account",
                row.id,
                f"重设用户 {_info(row).shown} 的密码",
                None,
                {"password": "已重设"},
            )
        self._unsaved.pop(row.login, None)

    def set_active(self, user_id: int, active: bool) -> UserInfo:
        """Deactivate (the account can no longer log in; its name stays in the trail) or
        reactivate an account."""
        self.runtime.require(permissions.SYSTEM)
        with self.runtime.write("user_account") as session:
            row = self._row(session, user_id)
            if row.active == active:
                return _info(row)
            if not active:
                if row.login == self.runtime.actor.login:
                    raise UserError("不能停用自己正在使用的账号。请由另一位管理员停用。")
                if row.role == ADMIN:
                    self._keep_an_admin(session, row, "停用")
            before = _described(row)
            row.active = active
            if active:
                row.failures, row.failed_at = 0, None
            verb = "重新启用" if active else "停用"
            audit.record(
                session,
                "update",
                "user_account",
                row.id,
                f"{verb}用户 {_info(row).shown}",
                before,
                _described(row),
            )
            return _info(row)

    def _keep_an_admin(self, session: Session, row: UserAccount, what: str) -> None:
        """Refuse to leave the database without an active 管理员. The admins' rows are locked
        (PostgreSQL) so that two 管理员 demoting each other at once cannot both pass."""
        admins = session.scalars(
            select(UserAccount.id)
            .where(UserAccount.role == ADMIN, UserAccount.active.is_(True))
            .with_for_update()
        ).all()
        if set(admins) <= {row.id}:
            raise UserError(
                f"{_info(row).shown}是唯一的管理员，不能{what}：否则没有人能再管理用户。"
                "请先把另一位用户设为管理员。"
            )

    def _follow_own_account(self, info: UserInfo) -> None:
        """An 管理员 who edited their own account acts with its new role from now on."""
        actor = self.runtime.actor
        if actor.login == info.login:
            self.runtime.actor = Actor.of_account(
                info.login, info.name, info.role, info.modules, actor.workstation
            )

    # --- one's own password -------------------------------------------------------------------
    def change_own_password(self, current: str, new: str) -> None:
        """Any account changes its own password, with the current one (counted like a login,
        so this form cannot be used to guess it faster)."""
        login = self.runtime.actor.login
        if not login:
            raise UserError("没有登录用户账号，无需修改密码。")
        check_strength(new)
        result = self._verify(login, current)
        if not result.ok:
            problem = "当前密码不正确。" if result.problem == WRONG else result.problem
            raise ValidationError(
                LoginResult(False, problem, result.wait_seconds).message, field="current"
            )
        record = password_record(new)
        with self.runtime.write("user_account") as session:
            permissions.allow_bookkeeping(session)  # one's own row, whatever the role
            row = session.scalars(select(UserAccount).where(UserAccount.login == login)).one()
            row.password = record
            audit.record(
                session,
                "update",
                "user_account",
                row.id,
                f"用户 {_info(row).shown} 修改了自己的密码",
                None,
                {"password": "已修改"},
            )

    # --- logging in ---------------------------------------------------------------------------
    def login(self, login: str, password: str) -> LoginResult:
        """Check the login and password, unless a wait after wrong tries is running. On success
        the runtime acts as this account from now on (its role decides what it may change)."""
        result = self._verify(clean_login(login), password)
        if result.ok and result.user is not None:
            user = result.user
            self.runtime.actor = Actor.of_account(
                user.login, user.name, user.role, user.modules, self.runtime.actor.workstation
            )
            self._save(user.login, None, self._record_login(user))
        return result

    def check_password(self, login: str, password: str) -> LoginResult:
        """Check an account's password (unlocking its window) without logging in again:
        wrong tries count and wait as at the login."""
        return self._verify(clean_login(login), password)

    def wait_seconds(self, login: str) -> int:
        """How long until the account's password is accepted for checking again (0: now)."""
        key = clean_login(login)
        with self.runtime.read() as session:
            row = session.scalars(select(UserAccount).where(UserAccount.login == key)).first()
            failures = self._failures(session, row, key)
        return failures.remaining(self.runtime.now())

    def _record_login(self, user: UserInfo) -> Callable[[Session], None]:
        def write(session: Session) -> None:
            row = session.get(UserAccount, user.id)
            if row is None:
                return
            row.last_login_at = self.runtime.now()
            audit.record(session, "update", "user_account", row.id, f"用户 {user.shown} 登录")

        return write

    def _failures(self, session: Session, row: UserAccount | None, login: str) -> Failures:
        unsaved = self._unsaved.get(login)
        if unsaved is not None:
            return unsaved
        if row is None:
            return Failures(0, None)
        return Failures(row.failures or 0, row.failed_at)

    def _verify(self, login: str, password: str) -> LoginResult:
        """The check shared by logging in and changing one's own password."""
        with self.runtime.read() as session:
            row = session.scalars(select(UserAccount).where(UserAccount.login == login)).first()
            failures = self._failures(session, row, login)
            found = (row.id, row.password, row.active, _info(row)) if row else None
        now = self.runtime.now()
        waiting = failures.remaining(now)
        if waiting:
            return LoginResult(False, TOO_MANY, waiting)
        if found is None:
            # No such login: counted in this process (nothing to store it in), told as a wrong
            # password so that the form does not reveal which logins exist.
            failed = Failures(failures.count + 1, now)
            self._unsaved[login] = failed
            return LoginResult(False, WRONG, wait_after(failed.count))
        user_id, text, active, info = found
        stored = StoredPassword.parse(text, DAMAGED)
        if not stored.matches(password):
            failed = Failures(failures.count + 1, now)
            self._save(login, failed, self._record_failure(user_id, info, failed))
            return LoginResult(False, WRONG, wait_after(failed.count))
        if not active:
            return LoginResult(False, INACTIVE, 0)
        rehashed = password_record(password) if stored.outdated else None
        if failures.count or rehashed:
            self._save(login, None, self._record_success(user_id, info, failures, rehashed))
        return LoginResult(True, "", 0, info)

    def _record_failure(
        self, user_id: int, info: UserInfo, failed: Failures
    ) -> Callable[[Session], None]:
        def write(session: Session) -> None:
            row = session.get(UserAccount, user_id)
            if row is None:
                return
            row.failures, row.failed_at = failed.count, failed.at
            audit.record(
                session,
                "update",
                "user_account",
                row.id,
                f"用户 {info.shown} 的密码输入错误（连续第{failed.count}次）",
            )

        return write

    def _record_success(
        self, user_id: int, info: UserInfo, before: Failures, rehashed: str | None
    ) -> Callable[[Session], None]:
        def write(session: Session) -> None:
            row = session.get(UserAccount, user_id)
            if row is None:
                return
            if before.count and (row.failures or row.failed_at):
                row.failures, row.failed_at = 0, None
                audit.record(
                    session,
                    "update",
                    "user_account",
                    row.id,
                    f"用户 {info.shown} 密码输入正确，清除此前连续{before.count}次的错误记录",
                )
            if rehashed is not None:
                row.password = rehashed
                audit.record(
                    session,
                    "update",
                    "user_account",
                    row.id,
                    f"用户 {info.shown} 的密码改用更强的加密参数保存",
                )

        return write

    def _save(
        self, login: str, failures: Failures | None, write: Callable[[Session], None]
    ) -> None:
        """Record a login's outcome in the account's row; when the database cannot take it
        (read-only window, locked by another program, disk full), keep the count in this
        process instead of failing the login."""
        if failures is not None:
            self._unsaved[login] = failures
        else:
            self._unsaved.pop(login, None)
        if self.runtime.read_only:
            return
        try:
            with self.runtime.write("user_account") as session:
                permissions.allow_bookkeeping(session)  # not logged in yet, or one's own row
                write(session)
        except Exception as error:
            if known_error_message(error) is None:
                raise  # a bug, not a state of the database
            return
        if failures is not None:
            self._unsaved.pop(login, None)
