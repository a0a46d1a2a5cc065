"""The anchored head: how many audit entries a database had and the last one's hash, kept
beside the audit keys (outside the database file), so that cutting entries off the end shows.

A hash chain proves that no entry was changed or removed in the middle, but not that the last
entries (or all of them) were not simply deleted. So after every committed write that added
entries, the head (count, last id, last hash) is written to `<config>/audit/head-<…>.anchor`,
one file per database location (the file's path, or the server address without password); a copy of
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

from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import URL

from ideowork.db.engine import Database, sqlite_file
from ideowork.db.models import AuditEntry
from ideowork.domain.errors import UserError
from ideowork.files import check_target, write_bytes_atomically
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
    return audit_dir() / f"head-{digest}.anchor"


# The anchor file holds two slots, written in turn, each with a sequence number and its own
# checksum: a write only ever touches the older slot, so a write torn by a crash leaves the
# other one whole (the head before, which `check` accepts). Rewriting 1 KiB in place, without
# a new file, a rename or an fsync, costs next to nothing on every write, and gives on-access
# virus scanners no new file to scan each time.
SLOT_BYTES = 1024
_MAX_HEADS = 4


def _slot(sequence: int, heads: list[Head]) -> bytes:
    body = json.dumps(
        {
            "format": ANCHOR_FORMAT,
            "version": 1,
            "seq": sequence,
            "heads": [asdict(head) for head in heads],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
    raw = f"{body}\n{checksum}\n".encode()
    if len(raw) > SLOT_BYTES:
        raise ValueError("too many heads for one anchor slot")
    return raw.ljust(SLOT_BYTES, b" ")


def _parse_slot(raw: bytes) -> tuple[int, list[Head]] | None:
    try:
        body, checksum, _ = raw.decode("utf-8").split("\n", 2)
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != checksum:
            return None
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
            return None
        sequence, heads = data.get("seq"), data.get("heads")
        if not isinstance(sequence, int) or not isinstance(heads, list) or not heads:
            return None
        return sequence, [Head.from_json(item) for item in heads]
    except (UnicodeDecodeError, ValueError, AnchorUnreadable):
        return None


def _slots(path: Path) -> list[tuple[int, int, list[Head]]]:
    """(sequence, slot index, heads) of the whole slots, newest first; [] if none is whole."""
    raw = path.read_bytes()
    if len(raw) != 2 * SLOT_BYTES:
        return []
    found = []
    for index in (0, 1):
        parsed = _parse_slot(raw[index * SLOT_BYTES : (index + 1) * SLOT_BYTES])
        if parsed is not None:
            found.append((parsed[0], index, parsed[1]))
    return sorted(found, key=lambda slot: slot[0], reverse=True)


def read_heads(where: str) -> list[Head] | None:
    """The heads accepted for the database at `where`; None if none was anchored on this PC."""
    path = anchor_file(where)
    if not path.exists():
        return None
    try:
        slots = _slots(path)
    except OSError as error:
        raise AnchorUnreadable(error.strerror or str(error)) from error
    if not slots:
        raise AnchorUnreadable("内容已损坏")
    return slots[0][2]


def write_heads(where: str, heads: list[Head]) -> None:
    """Anchor `heads`: into the older slot of the file, or a new file written whole."""
    heads = heads[:1] + heads[1:][-(_MAX_HEADS - 1) :]
    target = anchor_file(where)
    check_target(target)  # never through a link, never over a folder or a device
    try:
        slots = _slots(target) if target.exists() else []
    except OSError:
        slots = []
    if not slots:
        write_bytes_atomically(target, _slot(1, heads) + _slot(0, heads))
        return
    sequence, index, _ = slots[0]
    with target.open("r+b") as handle:
        handle.seek((1 - index) * SLOT_BYTES)
        handle.write(_slot(sequence + 1, heads))


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


_SINCE = text(
    "SELECT (SELECT hash FROM audit_entry WHERE id = :id), "
    "(SELECT count(*) FROM audit_entry WHERE id > :id)"
)
_COUNT = text("SELECT count(*) FROM audit_entry")


def count_if_anchor_holds(connection: Connection, where: str) -> int | None:
    """Inside a write, before its entries are added: how many entries the database holds, if
    it still holds its anchored head (the entry at the anchored id has the anchored hash), else
    None. Cheap on a long trail: only the entries after the anchor are counted."""
    try:
        heads = read_heads(where)
    except AnchorUnreadable:
        heads = None  # damaged: replaced by the next good head
    if not heads:
        return int(connection.execute(_COUNT).scalar() or 0)
    for head in heads:
        if head.count == 0 or head.last_id is None:
            return int(connection.execute(_COUNT).scalar() or 0)
        found, since = connection.execute(_SINCE, {"id": head.last_id}).one()
        if found == head.last_hash:
            return head.count + int(since or 0)
    return None


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
    try:
        write_heads(where, [*heads, wanted])
    except (OSError, UserError) as error:  # never stops a restore: reanchor() can follow it
        _log.warning("could not anchor the restored audit head at %s: %s", where, error)
