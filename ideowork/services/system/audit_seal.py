"""Sealing a write transaction's audit entries just before it commits (Runtime.write calls it).

`audit.record` only collects a transaction's entries. When the transaction's work is done,
`seal` appends them to the chain under the write lock: each names the previous entry's hash,
and since scheme 3 each is sealed with HMAC-SHA256 under this database's key (audit_key: kept
outside a SQLite file; in its own table on a server shared by several PCs). The last entry of
the transaction also carries the digests of every row the transaction changed (record_state),
computed now, after the services' last edits. Once the transaction has committed, the anchored
head (audit_anchor) moves to the new last entry.

Schemes (what an entry's hash covers): 1 (release 0.1) the change; 2 the actor and workstation
too, plain SHA-256; 3 also the scheme, the key id and the record states, keyed. A chain only
moves forward through them: an entry of an older scheme after a newer one is forged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ideowork.db.models import AuditEntry
from ideowork.services.system import audit_anchor, record_state
from ideowork.services.system.audit_key import (
    AuditKey,
    KeyUnreadable,
    create_key,
    create_server_key,
    keeps_key_in_database,
    load_key,
    load_server_key,
    store_server_key,
)

LEGACY_SCHEME, ACTOR_SCHEME, KEYED_SCHEME = 1, 2, 3
CURRENT_SCHEME = KEYED_SCHEME
SCHEMES = (LEGACY_SCHEME, ACTOR_SCHEME, KEYED_SCHEME)

# Session.info keys: the entries recorded so far, and what `begin` found.
PENDING = "ideowork.audit.pending"
_BASELINE = "ideowork.audit.baseline"
_HEAD_KEY = "ideowork.audit.head"
# Any fixed number: the key of PostgreSQL's advisory lock that serialises appends.
_POSTGRES_CHAIN_LOCK = 7_215_001

if TYPE_CHECKING:
    from ideowork.services.runtime import WriteContext

AfterCommit = Callable[[], None]


def _fields(entry: AuditEntry) -> list[Any]:
    fields: list[Any] = [
        entry.prev_hash,
        entry.at.isoformat(),
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.before_json,
        entry.after_json,
    ]
    if entry.scheme >= ACTOR_SCHEME:
        fields += [entry.actor, entry.workstation]
    if entry.scheme >= KEYED_SCHEME:
        fields += [entry.scheme, entry.key_id, entry.state]
    return fields


def _payload(entry: AuditEntry) -> bytes:
    return json.dumps(_fields(entry), ensure_ascii=False).encode("utf-8")


def plain_digest(entry: AuditEntry) -> str:
    """The hash of schemes 1 and 2: SHA-256, which anyone can recompute."""
    return hashlib.sha256(_payload(entry)).hexdigest()


def keyed_digest(entry: AuditEntry, key: AuditKey) -> str:
    """The seal of scheme 3: HMAC-SHA256 under the database's key."""
    return hmac.new(key.secret, _payload(entry), hashlib.sha256).hexdigest()


def pend(session: Session, entry: AuditEntry) -> None:
    session.info.setdefault(PENDING, []).append(entry)


# Plain statements, compiled once: they run in every write.
_HEAD = text("SELECT id, hash, scheme, key_id FROM audit_entry ORDER BY id DESC LIMIT 1")


def _head(session: Session) -> Any:
    return session.execute(_HEAD).first()


def begin(session: Session) -> None:
    """At the start of a write (the write lock held): note changed rows from here on, and,
    before the chain's first sealed entry, count what the tables hold (the baseline)."""
    connection = session.connection()
    record_state.prepare(connection)
    head = _head(session)
    session.info[_HEAD_KEY] = head
    if head is None or head.scheme < KEYED_SCHEME:
        session.info[_BASELINE] = record_state.baseline(connection)


def _lock_chain_head(session: Session) -> None:
    """SQLite's write transactions already hold the database's write lock (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_CHAIN_LOCK})


def _existing_key(session: Session, key_id: str) -> AuditKey | None:
    """The head's key: a server database's from its table (or, kept on this PC by an older
    version, from here, and then published to the table for the other PCs); else this PC's."""
    connection = session.connection()
    try:
        if keeps_key_in_database(connection):
            key = load_server_key(connection, key_id)
            if key is None:
                key = load_key(key_id)
                if key is not None:
                    store_server_key(connection, key)
            return key
        return load_key(key_id)
    except KeyUnreadable:
        return None  # damaged: never overwritten, a new key is started beside it


def _new_key(session: Session, at: str) -> AuditKey:
    connection = session.connection()
    if keeps_key_in_database(connection):  # in this transaction, under the chain's lock
        return create_server_key(connection, at)
    return create_key(at)


def _signing_key(session: Session, head: Any, at: str) -> tuple[AuditKey, dict[str, Any]]:
    """The key to seal with, and what the first entry must say about it: the chain's first
    sealed entry records the baseline; the first one sealed with a new key, the key it follows."""
    if head is not None and head.scheme >= KEYED_SCHEME and head.key_id:
        key = _existing_key(session, head.key_id)
        if key is not None:
            return key, {}
        return _new_key(session, at), {"rekey": head.key_id}
    baseline = session.info.get(_BASELINE)
    return _new_key(session, at), {"baseline": baseline if baseline is not None else {}}


def _unexplained(changes: dict[str, Any], context: WriteContext) -> AuditEntry:
    """An entry for rows changed by a write that recorded none (so they are covered too)."""
    count = sum(len(spec["rows"]) for spec in changes.values())
    names = "、".join(record_state.label(name) for name in changes)
    return AuditEntry(
        at=context.at,
        action="update",
        entity=next(iter(changes)),
        entity_id=None,
        summary=f"修改记录{count}条（{names}）",
        before_json="",
        after_json="",
        actor=context.actor.user,
        workstation=context.actor.workstation,
    )


def _state_text(document: dict[str, Any]) -> str:
    if not document:
        return ""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _nothing() -> None:
    pass


def seal(session: Session, context: WriteContext) -> AfterCommit:
    """Append the transaction's entries to the chain, sealed; returns what to do once the
    transaction has committed (move the anchored head)."""
    session.flush()
    connection = session.connection()
    changes = record_state.collect(connection)
    entries: list[AuditEntry] = session.info.pop(PENDING, [])
    if not entries and not changes:
        return _nothing
    if not entries:
        entries = [_unexplained(changes, context)]
    if session.get_bind().dialect.name == "sqlite":
        head = session.info[_HEAD_KEY]  # read under the write lock held since `begin`
    else:
        _lock_chain_head(session)
        head = _head(session)
    where = audit_anchor.location_of(connection.engine.url)
    # The anchor follows only a database that still holds it: one cut short keeps it.
    before = None if where is None else audit_anchor.count_if_anchor_holds(connection, where)
    key, opening = _signing_key(session, head, context.at.isoformat())
    closing = {"tables": changes} if changes else {}
    prev_hash = head.hash if head is not None else ""
    for index, entry in enumerate(entries):
        document: dict[str, Any] = {}
        if index == 0:
            document.update(opening)
        if index == len(entries) - 1:
            document.update(closing)
        entry.scheme = KEYED_SCHEME
        entry.key_id = key.key_id
        entry.state = _state_text(document)
        entry.prev_hash = prev_hash
        entry.hash = keyed_digest(entry, key)
        prev_hash = entry.hash
        session.add(entry)
    session.flush()
    if where is None or before is None:
        return _nothing
    last = entries[-1]
    after = audit_anchor.Head(before + len(entries), last.id, last.hash, key.key_id)
    anchored_at = where

    def move_anchor() -> None:
        audit_anchor.update_after_commit(anchored_at, after)

    return move_anchor
