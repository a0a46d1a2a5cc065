"""`check`: is the database sound — SQLite integrity, schema at head, audit trail unbroken."""

from __future__ import annotations

from dataclasses import dataclass, field

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from ideowork.db.engine import Database
from ideowork.db.migrate import current_revision, head_revision
from ideowork.db.models import Base
from ideowork.services.system.audit import chain_problems


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
    report.items.append(_schema(db))
    report.items.append(_audit(db))
    return report


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
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    if differences:
        return CheckItem("schema", False, f"数据库结构与程序不一致：{differences[:3]}")
    return CheckItem("schema", True, f"数据库结构为最新版本（{head}）")


def _audit(db: Database) -> CheckItem:
    with db.session() as session:
        problems = chain_problems(session)
    if problems:
        return CheckItem("audit", False, "；".join(problems[:5]))
    return CheckItem("audit", True, "审计记录完整、未被改动")
