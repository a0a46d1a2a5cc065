"""A unit's data on a database server: create the schema on an empty database (`init-server`)
and copy a unit's data between databases (`copy`: a SQLite file to PostgreSQL and back).

The copy runs in one transaction on the target: table by table in foreign-key order, rows in
key order (a row's parent first within a table), PostgreSQL's sequences moved past the copied
keys, then every table's rows counted on both sides; any difference rolls the whole copy back.
The audit trail is copied verbatim, so the target's trail checks with the same audit key, and
the key goes along: from this PC's key files (a SQLite source) into the server's
`server_audit_key`, and from that table back into this PC's key files (a SQLite target, which
never holds its own key). A key the source's PC does not have is reported, not invented.
The attached files a SQLite file keeps in its folder go along, each checked (copy_files).

A server does not note the state of each row its writes change (record_state tracks SQLite
files only), so a copy from a server into a SQLite file whose rows the trail cannot account for
ends with one sealed entry of its own, in the file, that records every row as copied: `check`
on that PC compares the records from that state on (what was done on the server is the
server's accounts' and logs' to answer for). A copy the trail already explains gets none, so a
file copied to a server and straight back is the same row for row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, select, text
from sqlalchemy.exc import OperationalError

from ideowork.db.backup import fresh_backup_path
from ideowork.db.engine import Database, resolve_db_url
from ideowork.db.migrate import current_revision, head_revision, upgrade_to_head
from ideowork.db.models import Base
from ideowork.domain.errors import UserError
from ideowork.files import check_target, commit_file, temporary_sibling
from ideowork.paths import data_dir, private_folder
from ideowork.services.database import connect_database, open_database
from ideowork.services.runtime import EVERYTHING, Runtime
from ideowork.services.system import audit, record_state
from ideowork.services.system.audit_anchor import current_head, location, write_heads
from ideowork.services.system.audit_key import (
    KeyRing,
    keeps_key_in_database,
    key_ids_in,
    store_key_here,
    store_server_key,
)
from ideowork.services.system.copy_files import CarriedFiles, carry_files

_BATCH = 1000
_VERSION_TABLE = "alembic_version"
# Filled by the migrations themselves (the built-in choice lists): a new database holds them,
# and the copy replaces them with the source's.
_SEEDED = frozenset({"choice"})
# Not copied as rows: the audit keys are carried over by `_carry_keys` (a SQLite file must never
# hold its own key).
_KEYS_TABLE = "server_audit_key"
# The bytes of attached files (1 MiB a row): read a few rows at a time.
_STREAMED = frozenset({"stored_file_chunk"})


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    keys: int = 0  # audit keys carried over
    resealed: int = 0  # rows recorded as copied in the target's trail (from a server)
    missing_keys: tuple[str, ...] = ()  # keys the source's entries name but nobody here has
    files: CarriedFiles = field(default_factory=CarriedFiles)  # from the source's folder

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def note(self) -> str:
        """What else the copy did, or could not do, for the audit trail."""
        parts = [self.files.note] if self.files.files else []
        if self.keys:
            parts.append(f"审计密钥{self.keys}个已一并复制。")
        if self.resealed:
            parts.append(
                f"服务器上的修改不逐条记下记录内容，已在本机审计记录中记下复制时的"
                f"{self.resealed}条记录，此后的检查以此为准。"
            )
        if self.missing_keys:
            parts.append(
                f"注意：本机没有源数据库的审计密钥 {'、'.join(self.missing_keys)}，未能一并"
                "复制；在目标数据库上只能做无密钥的核对。请在原来使用这个数据库的电脑上导出"
                "审计密钥（ideowork audit-key export），在本机导入后重新复制。"
            )
        return "".join(parts)


def _shown(db: Database) -> str:
    return db.url.render_as_string(hide_password=True)


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _data_tables() -> Sequence[Table]:
    return Base.metadata.sorted_tables


def _rows_in(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in _data_tables()
    }


def _prepare_empty(db: Database, role: str) -> None:
    """Bring an empty database (no tables, or this program's schema with no rows) to head;
    refuse anything else untouched."""
    try:
        with db.engine.connect() as connection:
            tables = _tables(connection)
            if not tables:
                pass
            elif _VERSION_TABLE not in tables or current_revision(db) != head_revision():
                raise UserError(
                    f"{role}数据库“{_shown(db)}”不是空库（已有{len(tables)}张表），为避免覆盖"
                    "其中的数据未作改动。请先在服务器上新建一个空数据库。"
                )
            else:
                rows = _rows_in(connection).items()
                filled = {name: n for name, n in rows if n and name not in _SEEDED}
                if filled:
                    raise UserError(
                        f"{role}数据库“{_shown(db)}”中已有数据（{len(filled)}张表共"
                        f"{sum(filled.values())}条记录），为避免覆盖未作改动。"
                        "请换一个空数据库。"
                    )
        upgrade_to_head(db, backup_first=False)
    except OperationalError as error:
        raise UserError(
            f"无法连接{role}数据库“{_shown(db)}”（{error.orig}）。请检查地址、网络和账号。"
        ) from error


def init_server(target: str) -> str:
    """Create this program's schema on an empty database (and stamp its revision); a database
    that holds anything is refused untouched. Returns the database's address (no password)."""
    db = connect_database(target)
    try:
        with db.engine.connect() as connection:
            tables = _tables(connection)
        if tables:
            raise UserError(
                f"数据库“{_shown(db)}”不是空库（已有{len(tables)}张表），为避免覆盖其中的数据"
                "未作改动。请在服务器上新建一个空数据库后再初始化。"
            )
        upgrade_to_head(db, backup_first=False)
        return _shown(db)
    except OperationalError as error:
        raise UserError(
            f"无法连接数据库“{_shown(db)}”（{error.orig}）。请检查地址、网络和账号。"
        ) from error
    finally:
        db.dispose()


def _ordered(table: Table, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows in key order, except that a row referring to another row of the same table
    (a sub-task, a sub-rule) comes after it."""
    self_refs = [
        (fk.parent.name, fk.column.name)
        for fk in table.foreign_keys
        if fk.column.table is table and fk.parent.name != fk.column.name
    ]
    if not self_refs:
        yield from rows
        return
    placed: dict[str, set[Any]] = {parent: set() for _, parent in self_refs}
    pending = rows
    while pending:
        later = []
        for row in pending:
            if all(
                row[child] is None or row[child] in placed[parent] for child, parent in self_refs
            ):
                for parent, seen in placed.items():
                    seen.add(row[parent])
                yield row
            else:
                later.append(row)
        if len(later) == len(pending):  # a loop: let the database refuse it
            yield from later
            return
        pending = later


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    order = list(table.primary_key.columns)
    if table.name in _STREAMED:
        return _stream_table(source, target, table)
    rows = [dict(row) for row in source.execute(select(table).order_by(*order)).mappings()]
    batch: list[dict[str, Any]] = []
    for row in _ordered(table, rows):
        batch.append(row)
        if len(batch) >= _BATCH:
            target.execute(table.insert(), batch)
            batch = []
    if batch:
        target.execute(table.insert(), batch)
    return len(rows)


def _stream_table(source: Connection, target: Connection, table: Table) -> int:
    """A table of file contents a few rows at a time: never all the files in memory."""
    query = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=8)
    count = 0
    for part in source.execute(query).mappings().partitions():
        target.execute(table.insert(), [dict(row) for row in part])
        count += len(part)
    return count


def _reset_sequences(target: Connection) -> None:
    """PostgreSQL hands out new keys from sequences: move each past the copied keys."""
    if target.dialect.name != "postgresql":
        return
    for table in _data_tables():
        for column in table.primary_key.columns:
            sequence = target.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            highest = target.execute(select(func.max(column))).scalar()
            target.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": highest or 1, "called": highest is not None},
            )


def copy_data(source: str, target: str) -> CopyResult:
    """Copy a unit's data from `source` to the empty database `target` (a SQLite file path or
    a SQLAlchemy URL on either side) in one transaction, counts checked table by table."""
    if resolve_db_url(source) == resolve_db_url(target):
        raise UserError("源数据库和目标数据库是同一个，请指定另一个目标数据库。")
    source_db = open_database(source)  # at the current schema (a SQLite file backed up first)
    try:
        target_db = connect_database(target)
        try:
            _prepare_empty(target_db, "目标")
            return _copy(source_db, target_db)
        finally:
            target_db.dispose()
    finally:
        source_db.dispose()


def _carry_keys(source: Connection, target: Connection) -> tuple[int, tuple[str, ...]]:
    """The audit keys the source's entries name, to where the target keeps its key: its table
    (a server) or this PC's key files (a SQLite file). Inside the copy's transaction, so a key
    that cannot be stored rolls the copy back. Returns (keys carried, ids not found)."""
    ring = KeyRing(source)
    carried, missing = 0, []
    for key_id in key_ids_in(source):
        key = ring.get(key_id)
        if key is None:
            missing.append(key_id)
        elif keeps_key_in_database(target):
            store_server_key(target, key)
            carried += 1
        else:
            store_key_here(key)
            carried += 1
    return carried, tuple(missing)


def _copy(source_db: Database, target_db: Database) -> CopyResult:
    counts: dict[str, int] = {}
    reading = source_db.engine
    if reading.dialect.name == "postgresql":  # one snapshot for every table read
        reading = reading.execution_options(isolation_level="REPEATABLE READ")
    writing = target_db.engine.execution_options(ideowork_write=True)
    with reading.connect() as source, source.begin(), writing.begin() as target:
        for table in reversed(_data_tables()):
            if table.name in _SEEDED:
                target.execute(table.delete())
        for table in _data_tables():
            if table.name != _KEYS_TABLE:
                counts[table.name] = _copy_table(source, target, table)
        keys, missing_keys = _carry_keys(source, target)
        _reset_sequences(target)
        copied = _rows_in(target)
        expected = _rows_in(source)
        del copied[_KEYS_TABLE], expected[_KEYS_TABLE]
        different = [
            f"{name}（源{expected[name]}条，目标{copied.get(name)}条）"
            for name in expected
            if copied.get(name) != expected[name] or counts[name] != expected[name]
        ]
        if different:
            raise UserError(  # raised inside the transaction: nothing is kept
                "复制后记录条数不一致，已撤销本次复制，目标数据库未作改动：" + "；".join(different)
            )
        # The files of a SQLite source's folder go along, checked (refused: nothing is kept).
        files = carry_files(source_db.file, target_db.file, source, target)
    with target_db.engine.connect() as connection:  # the copied trail is this database's now
        head = current_head(connection)
    where = location(target_db)
    if where is not None:
        write_heads(where, [head])
    resealed = 0
    if not record_state.is_tracked_engine(source_db.engine):
        resealed = _record_copied_rows(target_db, _shown(source_db))
    return CopyResult(
        _shown(source_db),
        _shown(target_db),
        counts,
        keys=keys,
        resealed=resealed,
        missing_keys=missing_keys,
        files=files,
    )


def _unexplained_rows(db: Database) -> bool:
    """Rows of a tracked (SQLite) database its sealed trail does not account for."""
    with db.session() as session:
        chain = audit.verify_chain(session)
        if chain.states.baseline is None:
            return False  # nothing sealed yet: the first write records the baseline
        return bool(record_state.compare(session.connection(), chain.states).problems)


def _record_copied_rows(target_db: Database, source: str) -> int:
    """After copying a server's data into a SQLite file: if the trail does not account for
    every row (writes on the server note no row states), one sealed entry that records each
    row as copied (every row touched, so the seal's record states cover them all)."""
    if not record_state.is_tracked_engine(target_db.engine) or not _unexplained_rows(target_db):
        return 0
    runtime = Runtime(target_db)
    touched = 0
    with runtime.write(EVERYTHING) as session:
        connection = session.connection()
        for table in record_state.tracked_tables():
            column = record_state.quoted(next(iter(table.primary_key.columns)).name)
            result = connection.exec_driver_sql(
                f"UPDATE {record_state.quoted(table.name)} SET {column} = {column}"
            )
            touched += int(result.rowcount or 0)
        audit.record(
            session,
            "copy",
            "database",
            None,
            f"从服务器数据库复制到本机（{touched}条记录），此后以复制时的内容为准核对记录",
            after={"source": source, "rows": touched},
        )
    return touched


# --- a server's backup: a SQLite copy ----------------------------------------------------------
def server_backups_dir() -> Path:
    return data_dir() / "server-backups"


def back_up_server(db: Database, out: Path | None, now: dt.datetime) -> Path:
    """The app's own backup of a server database: a SQLite copy of all its data (by `copy`,
    counts checked, the audit keys into this PC's key files), to `out` (a new file, or a dated
    file in a folder) or to the data folder's server-backups. It opens like any database file
    (`--db`), and `copy` takes it back to an empty server database."""
    stem = f"server-{db.url.database or 'db'}"
    if out is None:
        target = fresh_backup_path(private_folder(server_backups_dir()), stem, now, "manual")
    else:
        out = out.expanduser()
        target = fresh_backup_path(out, stem, now, "manual") if out.is_dir() else out
        if target.exists() and not target.is_symlink() and not target.is_file():
            raise UserError(  # /dev/null and the like: told as make_backup tells them
                f"备份目标“{target}”是设备或其他特殊文件，不能写成备份，未作备份。"
                "请指定一个文件名（如 备份.sqlite3）或一个文件夹。"
            )
        if target.exists() or target.is_symlink():
            raise UserError(f"备份目标“{target}”已存在，未覆盖。请换一个文件名，或指定一个文件夹。")
    check_target(target)
    temporary = temporary_sibling(target)
    try:
        copy_data(db.url.render_as_string(hide_password=False), str(temporary))
        commit_file(temporary, target)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-wal"),
                         temporary.with_name(temporary.name + "-shm")):  # fmt: skip
            leftover.unlink(missing_ok=True)
    return target
