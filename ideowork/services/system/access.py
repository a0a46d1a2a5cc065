"""The optional start-up password and idle lock of a single-PC install.

What it guards: the data on the screen of a PC left unattended, or opened by someone who
walks up to it. It is a lock on the window, not encryption: the database file is not
encrypted, and the command line is not locked (whoever can run programs as this OS user can
read the file anyway; the OS login and the file's permissions guard that). On a shared server
(PostgreSQL, several PCs of a unit) this single password is replaced by the user accounts of
the multi-PC work; it is meant for one PC and its local database.

Kept in `setting` rows, so a backup carries the password it was taken with:
- `access.password`: salted scrypt, with its parameters (so they can be raised later: a
  password stored with weaker ones is re-hashed with the current ones at its next unlock);
- `access.failures`: the count of wrong tries in a row and the time of the last one, so that
  restarting the program does not cut the wait short;
- `access.idle_minutes`: lock after this many minutes without input (0: never).
Neither the password nor its hash reaches the audit trail; a password change is recorded with
the SHA-256 of the stored record only (which cannot be used to test guesses without the salt).
The waits are computed from the runtime's clock, never slept here: the caller is told how
long to wait and counts down itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ideowork.db.models import Setting
from ideowork.domain.errors import UserError, ValidationError
from ideowork.services.error_messages import known_error_message
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

if TYPE_CHECKING:
    from ideowork.services.system.users import UserService

# The hashing and waiting rules, shared with the user accounts (names kept importable here).
from ideowork.services.system.passwords import (
    CURRENT_PARAMS,
    FREE_TRIES,
    HASH_BYTES,
    MAX_LENGTH,
    MAX_SCRYPT_MEMORY,
    MAX_WAIT_SECONDS,
    MIN_LENGTH,
    NO_FAILURES,
    SALT_BYTES,
    SCHEME,
    Failures,
    StoredPassword,
    check_strength,
    format_seconds,
    hash_password,
    normalise,
    wait_after,
    wait_message,
)
from ideowork.services.system.passwords import fingerprint as _fingerprint

__all__ = [
    "CURRENT_PARAMS",
    "FREE_TRIES",
    "HASH_BYTES",
    "MAX_LENGTH",
    "MAX_SCRYPT_MEMORY",
    "MAX_WAIT_SECONDS",
    "MIN_LENGTH",
    "NO_FAILURES",
    "SALT_BYTES",
    "SCHEME",
    "AccessService",
    "AccessSettings",
    "Failures",
    "StoredPassword",
    "UnlockResult",
    "check_strength",
    "format_seconds",
    "hash_password",
    "normalise",
    "wait_after",
    "wait_message",
]

PASSWORD_KEY = "access.password"
FAILURES_KEY = "access.failures"
IDLE_MINUTES_KEY = "access.idle_minutes"

DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 24 * 60

WRONG = "密码不正确。"
TOO_MANY = "密码错误次数过多。"
CHANGED_MEANWHILE = "启动密码刚在另一个窗口被修改，这次没有保存。请重新打开本对话框再操作。"

CLEAR_COMMAND = "ideowork password --clear"
DAMAGED_MESSAGE = (
    f"启动密码的记录已损坏，无法核对密码。请在本机命令行运行“{CLEAR_COMMAND}”"
    "清除启动密码（会记入操作记录），然后在“系统”页重新设置。"
)


@dataclass(frozen=True)
class AccessSettings:
    has_password: bool  # the window can be locked: a start-up password, or an account's
    idle_minutes: int  # 0: never lock when idle
    startup_password: bool = False  # the single-PC start-up password is set


@dataclass(frozen=True)
class UnlockResult:
    ok: bool
    problem: str  # why not, without the wait ("密码不正确。")
    wait_seconds: int  # before the next try is accepted

    @property
    def message(self) -> str:
        return self.problem + (wait_message(self.wait_seconds) if self.wait_seconds else "")


# --- storage ---------------------------------------------------------------------------------
def _value(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def _put(session: Session, key: str, value: str | None) -> str | None:
    """Store (None: delete) a setting; returns what it was."""
    row = session.get(Setting, key)
    before = row.value if row else None
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    return before


def _audit_value(value: str | None) -> dict[str, str] | None:
    return None if value is None else {"value": value}


class AccessService:
    """The window's lock. Where the app has user accounts and one is logged in, the lock is
    that account's: it unlocks with the account's password, under the account's waits after
    wrong tries (so locking is no way around them); the start-up password is then not used."""

    def __init__(self, runtime: Runtime, users: UserService | None = None) -> None:
        self.runtime = runtime
        self.users = users
        # Wrong tries that could not be saved (the database opened read-only, or locked by
        # another program): they still count in this process.
        self._unsaved: Failures | None = None

    @property
    def account(self) -> str:
        """The login of the account logged in to this window ("" without accounts)."""
        return self.runtime.actor.login if self.users is not None else ""

    # --- reading ------------------------------------------------------------------------------
    def settings(self) -> AccessSettings:
        with self.runtime.read() as session:
            has_password = _value(session, PASSWORD_KEY) is not None
            idle = _value(session, IDLE_MINUTES_KEY)
        return AccessSettings(
            has_password or bool(self.account), _idle_minutes(idle), startup_password=has_password
        )

    def has_password(self) -> bool:
        return self.settings().has_password

    def has_startup_password(self) -> bool:
        return self.settings().startup_password

    def failures(self) -> Failures:
        if self._unsaved is not None:
            return self._unsaved
        with self.runtime.read() as session:
            text = _value(session, FAILURES_KEY)
        return Failures.from_json(text) if text else NO_FAILURES

    def wait_seconds(self) -> int:
        """How long until a password is accepted for checking again (0: now)."""
        if self.users is not None and self.account:
            return self.users.wait_seconds(self.account)
        return self.failures().remaining(self.runtime.now())

    # --- checking -----------------------------------------------------------------------------
    def unlock(self, password: str) -> UnlockResult:
        """Check the password, unless a wait after wrong tries is still running. A wrong one
        is counted (and saved) before the answer is given; the right one clears the count."""
        if self.users is not None and self.account:
            checked = self.users.check_password(self.account, password)
            return UnlockResult(checked.ok, checked.problem, checked.wait_seconds)
        return self._check_startup_password(password)

    def _check_startup_password(self, password: str) -> UnlockResult:
        with self.runtime.read() as session:
            text = _value(session, PASSWORD_KEY)
        if text is None:
            return UnlockResult(True, "", 0)
        stored = StoredPassword.parse(text, DAMAGED_MESSAGE)
        failures = self.failures()
        now = self.runtime.now()
        waiting = failures.remaining(now)
        if waiting:
            return UnlockResult(False, TOO_MANY, waiting)
        if stored.matches(password):
            rehashed = hash_password(password) if stored.outdated else None
            if failures.count or rehashed:
                self._save_success(failures, rehashed)
            return UnlockResult(True, "", 0)
        failed = Failures(failures.count + 1, now)
        self._save_failures(failed)
        return UnlockResult(False, WRONG, wait_after(failed.count))

    def _require(self, current: str) -> None:
        """Setting, changing and removing a password need the current one (counted like an
        unlock, so these forms cannot be used to guess it faster)."""
        result = self._check_startup_password(current)
        if not result.ok:
            problem = "当前密码不正确。" if result.problem == WRONG else result.problem
            raise ValidationError(
                UnlockResult(False, problem, result.wait_seconds).message, field="current"
            )

    def _save_failures(self, after: Failures) -> None:
        def write(session: Session) -> None:
            old = _put(session, FAILURES_KEY, after.to_json())
            audit.record(
                session,
                "update",
                "setting",
                None,
                f"启动密码输入错误（连续第{after.count}次）",
                _audit_value(old),
                _audit_value(after.to_json()),
            )

        self._save(after, write)

    def _save_success(self, before: Failures, rehashed: dict[str, Any] | None) -> None:
        def write(session: Session) -> None:
            if before.count:
                old = _put(session, FAILURES_KEY, None)
                audit.record(
                    session,
                    "delete",
                    "setting",
                    None,
                    f"启动密码输入正确，清除此前连续{before.count}次的错误记录",
                    _audit_value(old),
                    None,
                )
            if rehashed is not None:
                new = json.dumps(rehashed, sort_keys=True)
                old = _put(session, PASSWORD_KEY, new)
                audit.record(
                    session,
                    "update",
                    "setting",
                    None,
                    "启动密码改用更强的加密参数保存",
                    _fingerprint(old),
                    _fingerprint(new),
                )

        self._save(NO_FAILURES, write)

    def _save(self, failures: Failures, write: Callable[[Session], None]) -> None:
        """Save the count; when the database cannot take it (read-only, locked by another
        program, disk full), keep it in this process instead of failing the unlock."""
        self._unsaved = failures
        try:
            with self.runtime.write() as session:
                write(session)
        except Exception as error:
            if known_error_message(error) is None:
                raise  # a bug, not a state of the database
            return
        self._unsaved = None

    # --- changing -----------------------------------------------------------------------------
    def set_password(self, new: str, current: str = "") -> None:
        """Set the password, or change it (then `current` must be right)."""
        check_strength(normalise(new))
        had = self.has_startup_password()
        if had:
            self._require(current)
        record = json.dumps(hash_password(new), sort_keys=True)
        with self.runtime.write() as session:
            old = _put(session, PASSWORD_KEY, record)
            if (old is not None) != had:
                raise UserError(CHANGED_MEANWHILE)  # rolls the change back
            summary = "修改了启动密码" if old is not None else "设置了启动密码"
            audit.record(
                session, "update", "setting", None, summary, _fingerprint(old), _fingerprint(record)
            )

    def remove_password(self, current: str) -> None:
        """No password any more: the program opens without asking and never locks."""
        if not self.has_startup_password():
            raise ValidationError("没有设置启动密码，无需清除。")
        self._require(current)
        self._clear("清除了启动密码")

    def forget_password(self) -> bool:
        """For a forgotten or damaged password, from the command line of this PC (which is
        not locked: its user can read the database file anyway). Returns whether there was
        one."""
        if not self.has_startup_password():
            return False
        self._clear("在命令行清除了启动密码（忘记密码或密码记录损坏）")
        return True

    def _clear(self, summary: str) -> None:
        with self.runtime.write() as session:
            old = _put(session, PASSWORD_KEY, None)
            if old is None:
                raise UserError(CHANGED_MEANWHILE)
            failures = _put(session, FAILURES_KEY, None)
            audit.record(
                session, "delete", "setting", None, summary, _fingerprint(old), _fingerprint(None)
            )
            if failures is not None:
                audit.record(
                    session,
                    "delete",
                    "setting",
                    None,
                    "清除启动密码的错误记录",
                    _audit_value(failures),
                    None,
                )
        self._unsaved = None

    def set_idle_minutes(self, minutes: int) -> None:
        if not 0 <= minutes <= MAX_IDLE_MINUTES:
            raise ValidationError(
                f"自动锁定时间请填0到{MAX_IDLE_MINUTES}分钟（0表示不自动锁定）。", field="idle"
            )
        with self.runtime.write() as session:
            old = _put(session, IDLE_MINUTES_KEY, str(minutes))
            summary = "无操作时不再自动锁定" if not minutes else f"无操作{minutes}分钟后自动锁定"
            audit.record(
                session,
                "update",
                "setting",
                None,
                summary,
                _audit_value(old),
                _audit_value(str(minutes)),
            )


def _idle_minutes(text: str | None) -> int:
    if text is None:
        return DEFAULT_IDLE_MINUTES
    try:
        minutes = int(text)
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return minutes if 0 <= minutes <= MAX_IDLE_MINUTES else DEFAULT_IDLE_MINUTES
