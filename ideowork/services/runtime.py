"""What every use case runs against: the database, the clock, and who acts on which PC.

Services read in a plain transaction (`Runtime.read`) and write in one that holds the write
lock from its first statement (`Runtime.write`), so the audit chain's head read inside it is
the real head. A write transaction carries the actor and the time into its audit entries, has
them sealed just before it commits (audit_seal), and, once committed, tells the subscribers
(the GUI) which kinds of records it changed.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import platform
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ideowork.db.engine import Database
from ideowork.domain.errors import UserError
from ideowork.services import concurrency
from ideowork.services.system import audit_seal, permissions

# Session.info keys read by the audit trail and the change notification.
WRITE_CONTEXT = "ideowork.write"

# A change to every kind of record: the demo loaded, a backup restored.
EVERYTHING = "*"

ChangeListener = Callable[[frozenset[str]], None]


def account_name(name: str, login: str) -> str:
    """How the audit trail and the screens name an account: 张三（zhangsan）."""
    return f"{name}（{login}）" if name and name != login else login


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which PC (the audit trail records both).

    `user` is the name the audit trail records: the OS login, or once logged in to an account
    its name and login ("张三（zhangsan）"). An account's login, role ("admin", "clerk",
    "viewer") and modules decide what it may change (services/system/permissions); without an
    account (`role` ""), the actor of a single-PC install changes everything, as before."""

    user: str
    workstation: str
    login: str = ""
    role: str = ""
    modules: frozenset[str] = frozenset()

    @classmethod
    def of_account(
        cls, login: str, name: str, role: str, modules: frozenset[str], workstation: str
    ) -> Actor:
        return cls(account_name(name, login), workstation, login, role, modules)

    @classmethod
    def of_this_session(cls) -> Actor:
        """The OS login and the host name: who is at the keyboard until the app has users."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers) or no login name
            user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
        return cls(user=user or "未知用户", workstation=platform.node() or "未知计算机")


class Clock(Protocol):
    """Today and now, injected so that no rule depends on the real date in tests."""

    def today(self) -> dt.date: ...

    def now(self) -> dt.datetime: ...


class ProgressSink(Protocol):
    """Where a long use case reports how far it is, and learns that the user cancelled
    (`check_cancelled` raises; inside a write, that rolls the whole change back)."""

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None: ...

    def check_cancelled(self) -> None: ...


class NoProgress:
    """For callers that do not show progress (the command line, tests)."""

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        pass

    def check_cancelled(self) -> None:
        pass


class SystemClock:
    def today(self) -> dt.date:
        return dt.date.today()

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)


@dataclass
class FixedClock:
    """A clock that stands still (tests, benchmarks, screenshots); `set` moves it."""

    at: dt.datetime

    @classmethod
    def on(cls, day: dt.date, hour: int = 9) -> FixedClock:
        return cls(dt.datetime.combine(day, dt.time(hour)))

    def today(self) -> dt.date:
        return self.at.date()

    def now(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime | dt.date) -> None:
        self.at = at if isinstance(at, dt.datetime) else dt.datetime.combine(at, dt.time(9))


@dataclass
class WriteContext:
    """What a write transaction knows: who, when, and what it changed so far."""

    actor: Actor
    at: dt.datetime
    changed: set[str] = field(default_factory=set)


READ_ONLY_MESSAGE = (
    "数据库是以只读方式打开的（另一个窗口正在编辑它），不能保存修改。"
    "请回到正在编辑的那个窗口操作，或关闭它后重新打开本程序。"
)


class Runtime:
    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        actor: Actor | None = None,
        read_only: bool = False,
    ):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.actor = actor or Actor.of_this_session()
        # Opened for viewing and printing only (a second window on a database being edited).
        self.read_only = read_only
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()

    def today(self) -> dt.date:
        return self.clock.today()

    def now(self) -> dt.datetime:
        return self.clock.now()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (it does not block writers, nor wait for them)."""
        with self.db.session() as session:
            yield session

    @contextmanager
    def write(self, *changes: str) -> Iterator[Session]:
        """A unit of work that changes data: all of it committed with its audit entries, or
        none. `changes` names kinds of records changed beyond those the audit entries name."""
        if self.read_only:
            raise UserError(READ_ONLY_MESSAGE)
        context = WriteContext(self.actor, self.now(), set(changes))
        stale: concurrency.StaleTarget | None = None
        try:
            with self.db.session(write=True) as session:
                session.info[WRITE_CONTEXT] = context
                permissions.guard(session, self.actor)  # every change checked against the role
                audit_seal.begin(session)
                try:
                    yield session
                    # Sealed last, after the services' final edits: the entries and record
                    # states describe the rows exactly as they are committed.
                    after_commit = audit_seal.seal(session, context)
                except StaleDataError as error:
                    stale = concurrency.stale_target(session, error)  # before the rollback
                    raise
        except StaleDataError as error:
            # Another PC saved the same record between this write's check and its UPDATE.
            with self.read() as fresh:
                conflict = concurrency.conflict_for(
                    fresh, stale or concurrency.StaleTarget(None, (), False)
                )
            raise conflict from error
        after_commit()  # the anchored head follows the committed chain
        if context.changed:
            self.announce(frozenset(context.changed))

    # --- who may change what (the check itself runs inside every write) ---------------------
    def may_change(self, module: str) -> bool:
        """Whether the acting account may change `module`'s data (permissions.MODULES)."""
        return permissions.may_change(self.actor, module)

    def require(self, module: str) -> None:
        """Refuse (PermissionDenied) an action outside any write, such as a restore."""
        permissions.require(self.actor, module)

    # --- change notification ----------------------------------------------------------------
    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call `listener` with the kinds of records changed after each committed write (on
        the thread that wrote); returns the function that unsubscribes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changed: frozenset[str]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changed)


def write_context(session: Session) -> WriteContext:
    """The write context of a session opened by `Runtime.write`; anything else is a bug."""
    context = session.info.get(WRITE_CONTEXT)
    if not isinstance(context, WriteContext):
        raise RuntimeError("changes must be made inside Runtime.write() (no write context)")
    return context
