"""The anchored head: how many audit entries a database had and the last one's hash, kept
beside the audit keys (outside the database file), so that cutting entries off the end shows.

A hash chain proves that no entry was changed or removed in the middle, but not that the last
entries (or all of them) were not simply deleted. So after every committed write that added
entries, the head (count, last id, last hash) is written to `<config>/audit/head-<…>.json`, one
file per database location (the file's path, or the server address without password); a copy of
the database elsewhere (a backup, a test copy) has its own.

`check` accepts the database when the entry at the anchored id still has the anchored hash and
the entries up to it are as many as anchored: a database that has moved on since (a crash
between the commit and the anchor's update, another PC writing to a server) is fine, one that
lost entries is not. A write never moves the anchor over a database that does not match it, so
the evidence stays until someone restores on purpose:

- `expect_restore(db_file, candidate)` before a restore swaps the file: the candidate's head
  is accepted too, so a crash in between leaves either file acceptable;
- `reanchor(runtime)` after it (or after replacing the database file by hand, knowingly):
  the anchor becomes the database's head as it is now.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import URL

from ideowork.db.engine import Database, sqlite_file
from ideowork.db.models import AuditEntry
from ideowork.domain.errors import UserError
from ideowork.files import write_bytes_atomically
from ideowork.services.system.audit_key import audit_dir

if TYPE_CHECKING:
    from ideowork.services.runtime import Runtime

ANCHOR_FORMAT = "ideowork-audit-head"
_log = logging.getLogger(__name__)


class AnchorUnreadable(Exception):
    pass


@dataclass(frozen=True)
class Head:
    count: int
    last_id: int | None
    last_hash: str
    key_id: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Head:
        if not isinstance(data, dict):
            raise AnchorUnreadable("格式不对")
        count, last_id, last_hash = data.get("count"), data.get("last_id"), data.get("last_hash")
        if not isinstance(count, int) or count < 0 or not isinstance(last_hash, str):
            raise AnchorUnreadable("格式不对")
        if not (last_id is None or isinstance(last_id, int)):
            raise AnchorUnreadable("格式不对")
        key_id = data.get("key_id")
        return cls(count, last_id, last_hash, key_id if isinstance(key_id, str) else "")


def location_of(url: URL) -> str | None:
    """What names a database for its anchor: its file, or its server without the password;
    None for an in-memory database (nothing outlives it to anchor)."""
    db_file = sqlite_file(url)
    if db_file is not None:
        return str(db_file.resolve())
    if url.get_backend_name() == "sqlite":
        return None
    return url.render_as_string(hide_password=True)


def location(db: Database) -> str | None:
    return location_of(db.url)


def anchor_file(where: str) -> Path:
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return audit_dir() / f"head-{digest}.json"


def read_heads(where: str) -> list[Head] | None:
    """The heads accepted for the database at `where`; None if none was anchored on this PC."""
    path = anchor_file(where)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise AnchorUnreadable(str(error)) from error
    if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
        raise AnchorUnreadable("不是审计记录末端文件")
    heads = data.get("heads")
    if not isinstance(heads, list) or not heads:
        raise AnchorUnreadable("其中没有记录")
    return [Head.from_json(item) for item in heads]


def write_heads(where: str, heads: list[Head]) -> None:
    data = {
        "format": ANCHOR_FORMAT,
        "version": 1,
        "location": where,
        "heads": [asdict(head) for head in heads],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomically(anchor_file(where), text.encode("utf-8"))


def current_head(connection: Connection) -> Head:
    count = int(connection.execute(select(func.count()).select_from(AuditEntry)).scalar() or 0)
    last = connection.execute(
        select(AuditEntry.id, AuditEntry.hash, AuditEntry.key_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return Head(0, None, "")
    return Head(count, int(last.id), str(last.hash), str(last.key_id))


def head_matches(connection: Connection, head: Head) -> bool:
    """The database still holds the anchored head: same hash at the anchored id, and as many
    entries up to it (it may have more after it)."""
    if head.count == 0 or head.last_id is None:
        return True
    found = connection.execute(
        select(AuditEntry.hash).where(AuditEntry.id == head.last_id)
    ).scalar()
    if found != head.last_hash:
        return False
    upto = connection.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= head.last_id)
    ).scalar()
    return int(upto or 0) == head.count


def update_after_commit(where: str, head: Head) -> None:
    """Move the anchor to a committed head. The change is already committed: failing to
    write the anchor only leaves it behind, which `check` accepts, so it is logged, not raised."""
    try:
        write_heads(where, [head])
    except (OSError, UserError) as error:
        _log.warning("could not anchor the audit head at %s: %s", anchor_file(where), error)


def reanchor(runtime: Runtime) -> Head:
    """Accept the database as it is now (after a restore, or a file replaced knowingly)."""
    with runtime.db.engine.connect() as connection:
        head = current_head(connection)
    where = location(runtime.db)
    if where is not None:
        write_heads(where, [head])
    return head


def _head_of_file(candidate: Path) -> Head:
    connection = sqlite3.connect(f"{candidate.resolve().as_uri()}?mode=ro", uri=True)
    try:
        count, last_id = connection.execute("SELECT count(*), max(id) FROM audit_entry").fetchone()
        if last_id is None:
            return Head(0, None, "")
        (last_hash,) = connection.execute(
            "SELECT hash FROM audit_entry WHERE id = ?", (last_id,)
        ).fetchone()
        return Head(int(count), int(last_id), str(last_hash))
    finally:
        connection.close()


def expect_restore(db_file: Path, candidate: Path) -> None:
    """Before a restore replaces `db_file` with the checked `candidate`: accept the candidate's
    head as well as the current one, so a crash before or after the swap leaves a database
    `check` accepts; the restore's own audit entry then settles the anchor on the new file."""
    where = str(db_file.resolve())
    try:
        heads = read_heads(where) or []
    except AnchorUnreadable:
        heads = []
    try:
        wanted = _head_of_file(candidate)
    except sqlite3.Error as error:  # not readable as a trail: reanchor() after the restore
        _log.info("restore candidate %s has no readable audit head: %s", candidate, error)
        return
    write_heads(where, [*heads, wanted])
