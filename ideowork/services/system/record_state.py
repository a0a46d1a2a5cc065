"""What each record looked like when the app last changed it, so `check` sees edits made
outside the app.

How: before each write, temporary triggers (SQLite TEMP triggers, on this connection only, not
stored in the database) note every row the write transaction inserts, updates or deletes in any
table of the schema, however the change is made (ORM, bulk statements, foreign-key cascades
and SET NULL). Just before the commit the seal reads those rows back and stores a digest of each
(SHA-256 of its stored values, 128 bits) in the transaction's last audit entry, whose keyed hash
covers it; a deleted row is stored as null. An import of 1 000 cases thus carries 1 000 digests.

`check` replays the sealed entries to find the last state of every row, reads the tables, and
reports a row whose digest differs (edited outside the app), a row that is gone (deleted
outside), a row stored as deleted that is back, and a row the app never wrote.

Rows written before the first sealed entry (an older version, migrations, bulk loads) have no
digest. The first sealed entry records how many rows each table had and its highest id (the
baseline), so rows added or removed among them outside the app still show; what they contain is
only proven from the next time the app changes them. Only SQLite databases are tracked: a server
database (PostgreSQL) is guarded by the server's own accounts and logs.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table

from ideowork.db.models import AuditEntry, Base

CHANGES = "ideowork_rs_changes"
_TRIGGER_PREFIX = "ideowork_rs_"
_CHUNK = 500
# Not records: the trail itself, and Alembic's bookkeeping (not in the metadata anyway).
UNTRACKED = frozenset({AuditEntry.__tablename__})

LABELS = {
    "unit": "单位信息",
    "office": "股室",
    "person": "人员",
    "task": "责任任务",
    "task_leader": "责任任务的责任领导",
    "task_office": "责任任务的责任股室",
    "task_progress": "任务进展",
    "study_session": "学习活动",
    "attendance": "出勤记录",
    "quota_rule": "任务指标",
    "sentiment_case": "舆情事项",
    "case_event": "舆情办理记录",
    "choice": "选项",
    "finding": "研判问题",
    "generated_document": "公文",
    "day_mark": "日历标记",
    "setting": "设置",
    "user_account": "用户",
    "server_audit_key": "审计密钥",
    "task_outside_unit": "责任任务的其他单位",
    "report_due": "报送日历",
    "stored_file": "附件文件",
    "stored_file_chunk": "附件文件内容",
    "attachment": "佐证材料",
    "ideology_position": "阵地",
    "position_event": "报告会、讲座等活动",
    "position_review": "发布内容审核",
    "checklist_item": "考核细则",
    "assessment": "考核",
    "assessment_score": "考核评分",
    "inspection": "专题督查",
    "accountability_case": "责任追究",
}


def tracked_tables() -> list[Table]:
    return [
        table
        for table in Base.metadata.sorted_tables
        if table.name not in UNTRACKED and len(table.primary_key.columns) > 0
    ]


def label(table: str) -> str:
    return LABELS.get(table, table)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def key_sql(table: Table, prefix: str = "") -> str:
    """A row's key as text, the same in a trigger (prefix NEW./OLD.) and in a query: the
    primary key's values through SQLite's quote() (12; 5,7; 'fonts.pdf')."""
    parts = [f"quote({prefix}{_quoted(column.name)})" for column in table.primary_key.columns]
    return " || ',' || ".join(parts)


def has_integer_key(table: Table) -> bool:
    columns = list(table.primary_key.columns)
    return len(columns) == 1 and isinstance(columns[0].type, Integer)


def row_digest(values: Iterable[Any]) -> str:
    """128 bits of SHA-256 over the stored values (as SQLite returns them, no conversion)."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _plain(value: Any) -> str:
    return value.hex() if isinstance(value, bytes | bytearray | memoryview) else str(value)


def is_tracked(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def is_tracked_engine(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def quoted(name: str) -> str:
    return _quoted(name)


# --- while writing ---------------------------------------------------------------------------
def _triggers(table: Table) -> Iterator[str]:
    name, target = table.name, _quoted(table.name)
    literal = "'" + name.replace("'", "''") + "'"
    new, old = key_sql(table, "NEW."), key_sql(table, "OLD.")
    yield (
        f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted(_TRIGGER_PREFIX + name + '_i')} "
        f"AFTER INSERT ON main.{target} BEGIN "
        f"INSERT INTO {CHANGES} VALUES ({literal}, {new}, NEW.rowid); END"
    )
    yield (
        f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted(_TRIGGER_PREFIX + name + '_u')} "
        f"AFTER UPDATE ON main.{target} BEGIN "
        f"INSERT INTO {CHANGES} VALUES ({literal}, {old}, NULL), ({literal}, {new}, NEW.rowid);"
        " END"
    )
    yield (
        f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted(_TRIGGER_PREFIX + name + '_d')} "
        f"AFTER DELETE ON main.{target} BEGIN "
        f"INSERT INTO {CHANGES} VALUES ({literal}, {old}, NULL); END"
    )


def _live_tables(connection: Connection) -> set[str]:
    rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def prepare(connection: Connection) -> None:
    """At the start of a write transaction: the triggers in place (a migration that rebuilt a
    table dropped its trigger; a rolled-back write its creation), and no changes noted yet."""
    if not is_tracked(connection):
        return
    names = [table.name for table in tracked_tables()]
    marks = ",".join("?" * len(names))
    installed, live = connection.exec_driver_sql(
        "SELECT (SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' "
        f"AND name LIKE '{_TRIGGER_PREFIX}%'), "
        f"(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks}))",
        tuple(names),
    ).one()
    if installed != 3 * live:
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {CHANGES} (tbl TEXT NOT NULL, key TEXT NOT NULL, "
            "rid INTEGER)"
        )
        present = _live_tables(connection)
        for table in tracked_tables():
            if table.name in present:
                for statement in _triggers(table):
                    connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DELETE FROM {CHANGES}")


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _select(table: Table, columns: Sequence[str]) -> str:
    listed = ", ".join(_quoted(name) for name in columns)
    return f"SELECT {key_sql(table)}, {listed} FROM main.{_quoted(table.name)}"


def collect(connection: Connection) -> dict[str, Any]:
    """The rows this transaction changed, as they are now: {"table": {"columns": [...],
    "rows": {key: digest or None if deleted}}}; the noted changes are cleared."""
    if not is_tracked(connection):
        return {}
    noted: dict[str, tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
    for table_name, key, rowid in connection.exec_driver_sql(
        f"SELECT tbl, key, rid FROM {CHANGES}"
    ):
        keys, rowids = noted[table_name]
        keys.add(key)
        if rowid is not None:
            rowids.add(rowid)
    connection.exec_driver_sql(f"DELETE FROM {CHANGES}")
    tables = {table.name: table for table in tracked_tables()}
    state: dict[str, Any] = {}
    for table_name in sorted(noted):
        table = tables.get(table_name)
        if table is None:  # a trigger of a table this program no longer has
            continue
        keys, rowids = noted[table_name]
        columns = [column.name for column in table.columns]
        present: dict[str, str] = {}
        for chunk in _chunks(sorted(rowids)):
            marks = ",".join("?" * len(chunk))
            statement = f"{_select(table, columns)} WHERE rowid IN ({marks})"
            for row in connection.exec_driver_sql(statement, tuple(chunk)):
                present[str(row[0])] = row_digest(row[1:])
        rows = {key: present.get(key) for key in sorted(keys | present.keys())}
        state[table_name] = {"columns": columns, "rows": rows}
    return state


def baseline(connection: Connection) -> dict[str, list[int | None]]:
    """Rows each table holds before the first sealed entry: [count, highest integer id]."""
    if not is_tracked(connection):
        return {}
    present = _live_tables(connection)
    counts: dict[str, list[int | None]] = {}
    for table in tracked_tables():
        if table.name not in present:
            continue
        target = f"main.{_quoted(table.name)}"
        if has_integer_key(table):
            key = _quoted(next(iter(table.primary_key.columns)).name)
            count, highest = connection.exec_driver_sql(
                f"SELECT count(*), max({key}) FROM {target}"
            ).one()
            counts[table.name] = [int(count), None if highest is None else int(highest)]
        else:
            count = connection.exec_driver_sql(f"SELECT count(*) FROM {target}").scalar()
            counts[table.name] = [int(count or 0), None]
    return counts


# --- checking --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowState:
    digest: str | None  # None: deleted
    columns: tuple[str, ...]
    entry_id: int


@dataclass
class LastStates:
    """The last sealed state of every row, replayed from the trail in order."""

    rows: dict[str, dict[str, RowState]] = field(default_factory=lambda: defaultdict(dict))
    baseline: dict[str, list[int | None]] | None = None  # None: no sealed entry yet

    def add(self, entry_id: int, tables: Any) -> None:
        if not isinstance(tables, dict):
            return
        for table_name, spec in tables.items():
            if not isinstance(spec, dict):
                continue
            columns = tuple(str(name) for name in spec.get("columns", ()))
            rows = spec.get("rows", {})
            if not isinstance(rows, dict):
                continue
            states = self.rows[str(table_name)]
            for key, digest in rows.items():
                states[str(key)] = RowState(
                    digest if isinstance(digest, str) else None, columns, entry_id
                )


def show_key(key: str) -> str:
    if key.startswith("'") and key.endswith("'"):
        return "“" + key[1:-1].replace("''", "'") + "”"
    return "#" + key


def _listed(keys: Sequence[str], total: int | None = None, limit: int = 5) -> str:
    total = max(total or 0, len(keys))
    shown = "、".join(show_key(key) for key in keys[:limit])
    return shown + (f"等{total}条" if total > min(limit, len(keys)) else "")


@dataclass
class _TableFindings:
    changed: list[tuple[str, int]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    back: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    added_count: int = 0
    removed_count: int = 0
    unverifiable: int = 0
    verified: int = 0
    legacy: int = 0

    def settle(self, missing_legacy: int) -> None:
        """Rows of the baseline unaccounted for: removed (> 0), or added among them (< 0)."""
        if missing_legacy > 0:
            self.removed_count = missing_legacy
        elif missing_legacy < 0:
            self.added_count += -missing_legacy

    def messages(self, name: str) -> list[str]:
        what = label(name)
        messages: list[str] = []
        if self.changed:
            keys = [key for key, _ in self.changed]
            which = f"审计记录 #{self.changed[0][1]} " if len(keys) == 1 else "审计记录"
            messages.append(
                f"{what} {_listed(keys)} 在程序之外被改动"
                f"（与{which}记下的最后一次修改后的内容不符）"
            )
        if self.missing:
            messages.append(f"{what} {_listed(self.missing)} 在程序之外被删除")
        if self.back:
            messages.append(
                f"{what} {_listed(self.back)} 已在程序中删除，却又出现了（在程序之外加回）"
            )
        if self.added_count:
            listed = (
                f" {_listed(self.added, self.added_count)} "
                if self.added
                else f"有{self.added_count}条"
            )
            messages.append(f"{what}{listed}不是由本程序添加的（在程序之外新增）")
        if self.removed_count:
            messages.append(
                f"{what}有{self.removed_count}条较早的记录（开始核对之前写入）在程序之外被删除"
            )
        if self.unverifiable:
            messages.append(
                f"{what}有{self.unverifiable}条记录记下时的字段现已不存在，无法核对"
                "（数据库结构被改动）"
            )
        return messages


@dataclass(frozen=True)
class RecordReport:
    problems: list[str]
    verified: int  # rows whose content was compared with their last sealed state
    legacy: int  # rows written before the first sealed entry, not yet changed since


def _table_columns(connection: Connection, table: Table) -> list[str]:
    rows = connection.exec_driver_sql(f"PRAGMA main.table_info({_quoted(table.name)})")
    return [str(row[1]) for row in rows]


def _compare_table(
    connection: Connection, table: Table, states: dict[str, RowState], base: list[int | None]
) -> _TableFindings:
    found = _TableFindings()
    base_count, highest = int(base[0] or 0), base[1]
    integer_key = has_integer_key(table)
    target = f"main.{_quoted(table.name)}"
    if not states:  # nothing sealed yet in this table: counts are enough
        if integer_key:
            key = _quoted(next(iter(table.primary_key.columns)).name)
            above = f"{key} > {int(highest)}" if highest is not None else "1"
            count, added = connection.exec_driver_sql(
                f"SELECT count(*), coalesce(sum({above}), 0) FROM {target}"
            ).one()
            found.legacy = int(count) - int(added)
            rows = connection.exec_driver_sql(
                f"SELECT {key} FROM {target} WHERE {above} ORDER BY {key} LIMIT 6"
            )
            found.added = [str(row[0]) for row in rows]
            found.added_count = int(added)
        else:
            found.legacy = int(
                connection.exec_driver_sql(f"SELECT count(*) FROM {target}").scalar() or 0
            )
        found.settle(base_count - found.legacy)
        return found

    live = _table_columns(connection, table)
    position = {name: index + 1 for index, name in enumerate(live)}
    seen: set[str] = set()
    legacy_unrecorded = 0
    for row in connection.exec_driver_sql(_select(table, live)):
        key = str(row[0])
        state = states.get(key)
        if state is None:
            if integer_key and highest is not None and int(key) <= highest:
                legacy_unrecorded += 1
            elif integer_key:
                found.added.append(key)
            else:
                legacy_unrecorded += 1
            continue
        seen.add(key)
        if state.digest is None:
            found.back.append(key)
            continue
        if any(name not in position for name in state.columns):
            found.unverifiable += 1
            continue
        found.verified += 1
        if row_digest(row[position[name]] for name in state.columns) != state.digest:
            found.changed.append((key, state.entry_id))
    found.missing = [key for key, s in states.items() if s.digest is not None and key not in seen]
    found.legacy = legacy_unrecorded
    found.added_count = len(found.added)
    if integer_key:
        legacy_sealed = (
            sum(1 for key in states if int(key) <= highest) if highest is not None else 0
        )
        found.settle(base_count - legacy_sealed - legacy_unrecorded)
    elif legacy_unrecorded > base_count:
        found.settle(base_count - legacy_unrecorded)
    elif legacy_unrecorded + len(states) < base_count:
        found.settle(base_count - legacy_unrecorded - len(states))
    return found


def compare(connection: Connection, last: LastStates) -> RecordReport:
    """Every tracked table against the last sealed state of its rows."""
    assert last.baseline is not None
    present = _live_tables(connection)
    problems: list[str] = []
    verified = legacy = 0
    for table in tracked_tables():
        if table.name not in present:
            continue
        base = last.baseline.get(table.name, [0, None])
        found = _compare_table(connection, table, last.rows.get(table.name, {}), base)
        problems.extend(found.messages(table.name))
        verified += found.verified
        legacy += found.legacy
    return RecordReport(problems, verified, legacy)
