"""Who may change what: the roles, the modules and the tables each module owns, and the one
check every write goes through.

Roles: 管理员 (admin) changes everything, the users too; 经办人 (clerk) changes the modules an
管理员 gave them and reads the rest; 只读 (viewer) reads, prints and exports. An actor without an
account (the OS login of a single-PC install, where users are off) changes everything, as
before users existed; once an account exists, such an actor changes nothing but the login
bookkeeping of the accounts (wrong tries, last login).

The check is central, below the services: `Runtime.write` calls `guard` on its session, and two
session listeners look at every change before it reaches the database: `before_flush` at the
ORM's new, changed and deleted rows (a row of `choice` belongs to the module of its list, a row
of `setting` to the module of its key), and `do_orm_execute` at bulk INSERT, UPDATE and DELETE
statements. The role checked is the one the account has in the database at that write (an
管理员 on another PC who demotes or deactivates it takes effect at once). A refused change raises
`PermissionDenied` (a UserError: its message says which
role may not change what, and what to ask the 管理员), and the whole write rolls back.

Which module owns which table (decided here, documented in the README):
- 单位信息 (unit): unit, office, person
- 责任清单 (matrix): task, task_leader, task_office, task_outside_unit, task_progress
- 学习日历 (studies): study_session, attendance, quota_rule, day_mark, and the lists 学习和会议类别
  and 缺席原因 of `choice`
- 舆情台账 (sentiment): sentiment_case, case_event, and the lists 舆情渠道 and 事项分类 of `choice`
- 公文 (documents): generated_document, and the font and printing settings (`setting`
  fonts.*, documents.*)
- 研判整改 (findings): finding
- 阵地管理 (positions): ideology_position, position_event, position_review
- 检查考核 (assessment): checklist_item, assessment, assessment_score, inspection,
  accountability_case, and its grade thresholds (`setting` assessment.*)
- 报送日历 (report_due) belongs to 公文; an attachment to the module of the record it is
  attached to; the stored content of files (stored_file, stored_file_chunk) to whoever may
  change any module
- 系统 (system, 管理员 only): user_account, every other setting (the start-up password …)
Always allowed: the audit trail itself (audit_entry, server_audit_key) and recording that a
document was printed (only its printed_at changed): a 只读 user prints.
Not seen: statements a service sends as raw SQL text or through `session.connection()`; the
services change data through the ORM (the audit key of a server, written through the
connection, is trail bookkeeping anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from ideowork.db.models import UserAccount
from ideowork.domain.errors import UserError

if TYPE_CHECKING:
    from ideowork.services.runtime import Actor

ADMIN, CLERK, VIEWER = "admin", "clerk", "viewer"
ROLES = {ADMIN: "管理员", CLERK: "经办人", VIEWER: "只读"}

UNIT, MATRIX, STUDIES, SENTIMENT, DOCUMENTS, FINDINGS, POSITIONS, ASSESSMENT, SYSTEM = (
    "unit",
    "matrix",
    "studies",
    "sentiment",
    "documents",
    "findings",
    "positions",
    "assessment",
    "system",
)
MODULES = {
    UNIT: "单位信息",
    MATRIX: "责任清单",
    STUDIES: "学习日历",
    SENTIMENT: "舆情台账",
    DOCUMENTS: "公文",
    FINDINGS: "研判整改",
    POSITIONS: "阵地管理",
    ASSESSMENT: "检查考核",
    SYSTEM: "系统",
}
# What an 管理员 may give a 经办人 (系统 holds the accounts: giving it would make an 管理员).
CLERK_MODULES = (UNIT, MATRIX, STUDIES, SENTIMENT, DOCUMENTS, FINDINGS, POSITIONS, ASSESSMENT)
# A file's content kept for an attachment: whoever may change some module may store one (the
# attachment row that refers to it is checked against its record's module).
STORING_FILES = "storing_files"

TABLE_MODULES = {
    "unit": UNIT,
    "office": UNIT,
    "person": UNIT,
    "task": MATRIX,
    "task_leader": MATRIX,
    "task_office": MATRIX,
    "task_progress": MATRIX,
    "task_outside_unit": MATRIX,
    "study_session": STUDIES,
    "attendance": STUDIES,
    "quota_rule": STUDIES,
    "day_mark": STUDIES,
    "sentiment_case": SENTIMENT,
    "case_event": SENTIMENT,
    "finding": FINDINGS,
    "generated_document": DOCUMENTS,
    "report_due": DOCUMENTS,
    "ideology_position": POSITIONS,
    "position_event": POSITIONS,
    "position_review": POSITIONS,
    "checklist_item": ASSESSMENT,
    "assessment": ASSESSMENT,
    "assessment_score": ASSESSMENT,
    "inspection": ASSESSMENT,
    "accountability_case": ASSESSMENT,
    "attachment": SYSTEM,  # a row: the module of the record it is attached to (owner_table)
    "stored_file": STORING_FILES,
    "stored_file_chunk": STORING_FILES,
    "choice": SYSTEM,  # a row: the module of its list (CHOICE_LISTS); a bulk statement: 系统
    "setting": SYSTEM,  # a row: the module of its key (SETTING_PREFIXES)
    "user_account": SYSTEM,
}
CHOICE_LISTS = {
    "study_kind": STUDIES,
    "absence_reason": STUDIES,
    "case_channel": SENTIMENT,
    "case_category": SENTIMENT,
    "position_kind": POSITIONS,
    "event_kind": POSITIONS,
}
SETTING_PREFIXES = (
    ("fonts.", DOCUMENTS),
    ("documents.", DOCUMENTS),
    ("assessment.", ASSESSMENT),
)
# The trail's own rows: written by every change, whoever makes it.
TRAIL_TABLES = frozenset({"audit_entry", "server_audit_key"})
# Recording a print: not a change of the document.
PRINTING = "printing"

# Session.info keys: the actor a write is checked against; login bookkeeping allowed.
_GUARD = "ideowork.permissions.actor"
_BOOKKEEPING = "ideowork.permissions.bookkeeping"
_USERS_ON = "ideowork.permissions.users_on"
_ACCOUNT = "ideowork.permissions.account"

LOGIN_FIRST = "已启用用户账号：请先用自己的账号登录，再修改数据。"
ACCOUNT_GONE = (
    "您的账号已被管理员停用，不能再修改数据，刚才的修改没有保存。如有疑问，请联系管理员。"
)


class PermissionDenied(UserError):
    """A change the acting account's role does not allow; nothing of the write was saved."""


def module_label(module: str) -> str:
    return MODULES.get(module, module)


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def parse_modules(text: str) -> frozenset[str]:
    """The stored comma-separated codes; unknown ones (a later version's) are ignored."""
    return frozenset(code.strip() for code in text.split(",") if code.strip() in MODULES)


def modules_text(modules: Iterable[str]) -> str:
    """The codes as stored, in the modules' order."""
    chosen = set(modules)
    return ",".join(code for code in MODULES if code in chosen)


def describe_modules(modules: Iterable[str]) -> str:
    chosen = set(modules)
    return "、".join(label for code, label in MODULES.items() if code in chosen) or "无"


def may_change(actor: Actor, module: str) -> bool:
    """Whether `actor` may change the data of `module` (without an account: everything; the
    caller knows whether users are on)."""
    if module == PRINTING or not actor.role or actor.role == ADMIN:
        return True
    if actor.role == CLERK:
        if module == STORING_FILES:
            return bool(actor.modules)
        return module in actor.modules and module in CLERK_MODULES
    return False


def refusal(actor: Actor, module: str) -> str:
    """Why `actor` may not change `module`, and what to ask the 管理员."""
    what = module_label(module)
    role = role_label(actor.role)
    if module == SYSTEM:
        return (
            f"“{what}”的设置和用户账号只有管理员能修改，您的账号是“{role}”，"
            "刚才的修改没有保存。如需修改，请联系管理员办理。"
        )
    if actor.role == VIEWER:
        return (
            f"您的账号是“只读”用户，只能查看、打印和导出，不能修改“{what}”的数据，"
            "刚才的修改没有保存。如需修改，请联系管理员把您的角色改为“经办人”并分配该模块。"
        )
    return (
        f"您的账号是“经办人”，只能修改分配给您的模块（{describe_modules(actor.modules)}），"
        f"不能修改“{what}”的数据，刚才的修改没有保存。"
        f"如需修改，请联系管理员在“系统”页的“用户管理”中为您增加“{what}”模块。"
    )


def why_not(actor: Actor, module: str) -> str:
    """A control's tooltip: why this account cannot change `module` ("" when it can)."""
    if may_change(actor, module):
        return ""
    what = module_label(module)
    if module == SYSTEM:
        return f"只有管理员能修改“{what}”的设置和用户账号。"
    if actor.role == VIEWER:
        return f"您是只读用户，不能修改“{what}”。如需修改，请联系管理员。"
    return (
        f"您是经办人，只能修改{describe_modules(actor.modules)}。"
        f"如需修改“{what}”，请联系管理员为您增加该模块。"
    )


def require(actor: Actor, module: str) -> None:
    if not may_change(actor, module):
        raise PermissionDenied(refusal(actor, module))


# --- the guard of a write --------------------------------------------------------------------
def guard(session: Session, actor: Actor) -> None:
    """Check every change of this write session against `actor` (Runtime.write calls it)."""
    session.info[_GUARD] = actor


def allow_bookkeeping(session: Session) -> None:
    """This write records a login's outcome in `user_account` (the user is not logged in yet)."""
    session.info[_BOOKKEEPING] = True


def _users_on(session: Session) -> bool:
    on = session.info.get(_USERS_ON)
    if on is None:
        with session.no_autoflush:
            on = session.execute(select(UserAccount.id).limit(1)).first() is not None
        session.info[_USERS_ON] = on
    return bool(on)


def _check(session: Session, modules: dict[str, str]) -> None:
    """`modules`: the module of each changed table (the table names say what was touched)."""
    actor: Actor | None = session.info.get(_GUARD)
    if actor is None or not modules:
        return  # not a Runtime write (migrations, copying), or only the trail
    if session.info.get(_BOOKKEEPING) and set(modules) <= {"user_account"}:
        return  # a login's outcome, or one's own password (the service touches that row only)
    if not actor.role:
        if _users_on(session):
            raise PermissionDenied(LOGIN_FIRST)
        return  # a single PC without accounts: the OS login acts, as before
    account = _as_stored(session, actor)
    for module in dict.fromkeys(modules.values()):
        require(account, module)


def _as_stored(session: Session, actor: Actor) -> Actor:
    """The actor with the role and modules its account has in the database now: a 管理员 on
    another PC who demotes or deactivates an account takes effect at its next write, not at
    its next login (read once per write)."""
    account = session.info.get(_ACCOUNT)
    if account is None:
        with session.no_autoflush:
            row = session.execute(
                select(UserAccount.role, UserAccount.modules, UserAccount.active).where(
                    UserAccount.login == actor.login
                )
            ).first()
        if row is None or not row.active:
            raise PermissionDenied(ACCOUNT_GONE)
        account = replace(actor, role=row.role, modules=parse_modules(row.modules))
        session.info[_ACCOUNT] = account
    return account


def _row_module(table: str, row: Any) -> str:
    if table == "choice":
        return CHOICE_LISTS.get(str(getattr(row, "list", "")), SYSTEM)
    if table == "setting":
        key = str(getattr(row, "key", ""))
        for prefix, module in SETTING_PREFIXES:
            if key.startswith(prefix):
                return module
        return SYSTEM
    if table == "attachment":
        return TABLE_MODULES.get(str(getattr(row, "owner_table", "")), SYSTEM)
    return TABLE_MODULES.get(table, SYSTEM)


def _changed_tables(row: Any) -> dict[str, str]:
    """The tables an edit of `row` writes: its own when a column changed, and the link table
    of a many-to-many collection that changed (a task's leaders: task_leader)."""
    state = inspect(row)
    mapper = state.mapper
    table = mapper.local_table.name
    changed: dict[str, str] = {}
    columns = [
        attr.key for attr in mapper.column_attrs if state.attrs[attr.key].history.has_changes()
    ]
    if columns:
        if table == "generated_document" and set(columns) <= {"printed_at"}:
            changed[table] = PRINTING
        else:
            changed[table] = _row_module(table, row)
    for relationship in mapper.relationships:
        secondary = relationship.secondary
        if secondary is not None and state.attrs[relationship.key].history.has_changes():
            name = getattr(secondary, "name", "")
            changed[name] = TABLE_MODULES.get(name, SYSTEM)
    return changed


def _unguarded(session: Session) -> bool:
    """Nothing to check: not a Runtime write, or an actor without an account where there are
    no accounts (a single PC as before: its big imports pay for one query, not a row walk)."""
    actor: Actor | None = session.info.get(_GUARD)
    return actor is None or (not actor.role and not _users_on(session))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    if _unguarded(session):
        return
    modules: dict[str, str] = {}
    for row in (*session.new, *session.deleted):
        table = inspect(row).mapper.local_table.name
        if table not in TRAIL_TABLES:
            modules.setdefault(table, _row_module(table, row))
    for row in session.dirty:
        for table, module in _changed_tables(row).items():
            if table not in TRAIL_TABLES:
                modules.setdefault(table, module)
    _check(session, modules)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    session = state.session
    if _unguarded(session):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table is None or table in TRAIL_TABLES:
        return
    _check(session, {table: TABLE_MODULES.get(table, SYSTEM)})
