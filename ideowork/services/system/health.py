"""`check`: is the database sound — SQLite integrity, schema at head, the audit trail unbroken
and sealed, its head where this PC last saw it, the records as the trail last left them, and
the attached files as they were added."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError

from ideowork.db.engine import Database
from ideowork.db.migrate import current_revision, head_revision
from ideowork.db.models import Base
from ideowork.services.system import audit_anchor, record_state
from ideowork.services.system.audit import ChainReport, verify_chain
from ideowork.services.system.audit_key import KeyRing


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)


def run_checks(db: Database) -> CheckReport:
    report = CheckReport()
    report.items.append(_integrity(db))
    schema = _schema(db)
    report.items.append(schema)
    if schema.ok:
        report.items.extend(_audit(db))
        report.items.append(_files(db))
    else:
        report.items.append(
            CheckItem("audit", False, "数据库结构不是本程序的版本，未核对审计记录。")
        )
    return report


def _files(db: Database) -> CheckItem:
    """The attached files, each read through against its checksum (file_check)."""
    from ideowork.services.system.file_check import check_files

    try:
        files = check_files(db)
    except SQLAlchemyError as error:
        return CheckItem("files", False, f"无法读取佐证材料文件（{error.__class__.__name__}）")
    return CheckItem("files", files.ok, files.detail)


def _integrity(db: Database) -> CheckItem:
    if db.engine.dialect.name != "sqlite":
        return CheckItem("integrity", True, "非 SQLite 数据库，由数据库服务器保证完整性")
    with db.engine.connect() as connection:
        rows = [str(r[0]) for r in connection.execute(text("PRAGMA integrity_check"))]
        fk_rows = list(connection.execute(text("PRAGMA foreign_key_check")))
    if rows != ["ok"]:
        return CheckItem("integrity", False, "数据库文件损坏：" + "；".join(rows[:5]))
    if fk_rows:
        return CheckItem("integrity", False, f"有{len(fk_rows)}条记录引用了不存在的记录")
    return CheckItem("integrity", True, "数据库文件完整")


def _schema(db: Database) -> CheckItem:
    current, head = current_revision(db), head_revision()
    if current != head:
        return CheckItem("schema", False, f"数据库结构版本为 {current}，应为 {head}")
    with db.engine.connect() as connection:
        # Alembic only here (a check the user asks for), not at every start.
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext

        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    if differences:
        return CheckItem("schema", False, f"数据库结构与程序不一致：{differences[:3]}")
    return CheckItem("schema", True, f"数据库结构为最新版本（{head}）")


def _audit(db: Database) -> list[CheckItem]:
    """The trail's chain and seals, its head against this PC's anchor, the records against
    the trail: one item each."""
    try:
        with db.session() as session:
            connection = session.connection()
            chain = verify_chain(session, KeyRing(connection))
            return [_chain(chain), _head(db, connection), _records(connection, chain)]
    except SQLAlchemyError as error:
        return [CheckItem("audit", False, f"无法读取审计记录（{error.__class__.__name__}）")]


def _chain(chain: ChainReport) -> CheckItem:
    details = list(chain.problems[:5])
    if len(chain.problems) > 5:
        details.append(f"另有{len(chain.problems) - 5}处")
    for key_id, reason in chain.unreadable_keys.items():
        details.append(
            f"审计密钥文件无法读取（{key_id}：{reason}）。请从备份中找回该文件，"
            "或在原来的电脑上重新导出审计密钥后导入本机"
        )
    missing = [run for run in chain.without_key if run.key_id not in chain.unreadable_keys]
    if missing:
        spans = "、".join(
            f"#{run.first}" if run.first == run.last else f"#{run.first}–#{run.last}"
            for run in missing[:5]
        )
        total = sum(run.count for run in missing)
        keys = "、".join(dict.fromkeys(run.key_id for run in missing))
        details.append(
            f"审计密钥不在本机：审计记录 {spans}（共{total}条）是用审计密钥 {keys} 签署的，"
            "本机没有这个密钥，只能做无密钥的核对（前后链接完整、顺序正确），"
            "不能证明这些记录没有被改动后重算。如果数据库是从另一台电脑拷来的，"
            "请在那台电脑上导出审计密钥，再在本机导入"
        )
    if details:
        return CheckItem("audit", False, "；".join(details) + "。")
    sealed = f"，其中{chain.verified}条已用本机的审计密钥核验" if chain.verified else ""
    return CheckItem("audit", True, f"审计记录完整、未被改动（共{chain.entries}条{sealed}）")


def _head(db: Database, connection: Connection) -> CheckItem:
    where = audit_anchor.location(db)
    if where is None:
        return CheckItem("audit_head", True, "内存数据库，不记下审计记录的末端")
    try:
        heads = audit_anchor.read_heads(where)
    except audit_anchor.AnchorUnreadable as error:
        return CheckItem(
            "audit_head",
            False,
            f"本机记下的审计记录末端文件“{audit_anchor.anchor_file(where)}”无法读取（{error}），"
            "不能确认最后的审计记录没有被删除。下一次修改会重新记下末端。",
        )
    current = audit_anchor.current_head(connection)
    if heads is None:
        return CheckItem(
            "audit_head", True, "本机尚未记下这个数据库审计记录的末端（下一次修改后记下）"
        )
    if any(audit_anchor.head_matches(connection, head) for head in heads):
        known = max(head.count for head in heads)
        return CheckItem(
            "audit_head",
            True,
            f"审计记录的末端与本机记下的一致（本机记下{known}条，现有{current.count}条）",
        )
    anchored = max(heads, key=lambda head: head.count)
    restored = (
        "如果您曾用备份文件手动替换了数据库文件，请改用本程序的“恢复”功能重新恢复；"
        "否则请从备份恢复，并核对最近的修改。"
    )
    if current.count < anchored.count or (
        anchored.last_id is not None and (current.last_id or 0) < anchored.last_id
    ):
        lost = anchored.count - current.count
        return CheckItem(
            "audit_head",
            False,
            f"审计记录被截断：本机记下这个数据库至少有{anchored.count}条审计记录"
            f"（最后一条为 #{anchored.last_id}），现在只有{current.count}条，"
            f"{'最后的' + str(lost) + '条' if lost > 0 else '最后的'}审计记录被删除了。{restored}",
        )
    return CheckItem(
        "audit_head",
        False,
        f"审计记录 #{anchored.last_id} 与本机记下的不同：审计记录被改写，"
        f"或数据库文件被另一个数据库替换。{restored}",
    )


def _records(connection: Connection, chain: ChainReport) -> CheckItem:
    if not record_state.is_tracked(connection):
        return CheckItem("records", True, "服务器数据库不核对记录内容（由服务器的账号和日志保护）")
    if chain.states.baseline is None:
        return CheckItem("records", True, "还没有带密钥的审计记录：记录内容的核对从下一次修改开始")
    report = record_state.compare(connection, chain.states)
    if report.problems:
        shown = report.problems[:8]
        more = f"；另有{len(report.problems) - 8}处" if len(report.problems) > 8 else ""
        return CheckItem(
            "records",
            False,
            "；".join(shown) + more + "。请核对这些记录：如果不是有意为之，"
            "请从改动之前的备份恢复（恢复前本程序会另存当前数据）。",
        )
    legacy = (
        f"；另有{report.legacy}条写于开始核对之前、此后未改动，只核对了条数"
        if report.legacy
        else ""
    )
    return CheckItem(
        "records",
        True,
        f"各条记录与审计记录最后记下的内容一致（核对{report.verified}条{legacy}）",
    )
