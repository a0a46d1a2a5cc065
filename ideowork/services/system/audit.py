"""The audit trail: one entry per change, in the change's own transaction, hash-chained.

Each entry names who made the change and on which PC, and its hash covers that and the
previous entry's hash. The head of the chain is read under the write lock of the appending
transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so two
writers can never both append to the same head and fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ideowork.db.models import AuditEntry
from ideowork.services.runtime import write_context

# Release 0.1 hashed the change only; since scheme 2 the actor and workstation too.
LEGACY_SCHEME, CURRENT_SCHEME = 1, 2
# Any fixed number: the key of PostgreSQL's advisory lock that serialises appends.
_POSTGRES_CHAIN_LOCK = 7_215_001


def _digest(entry: AuditEntry) -> str:
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
    if entry.scheme >= CURRENT_SCHEME:
        fields += [entry.actor, entry.workstation]
    payload = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _to_json(value: dict[str, Any] | None) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _lock_chain_head(session: Session) -> None:
    """SQLite's write transactions already hold the database's write lock (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_CHAIN_LOCK})


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append an audit entry; call inside the `Runtime.write()` transaction of the change."""
    context = write_context(session)
    session.flush()  # so entity_id of a new row is known and ordering is stable
    _lock_chain_head(session)
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        at=context.at,
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        before_json=_to_json(before),
        after_json=_to_json(after),
        actor=context.actor.user,
        workstation=context.actor.workstation,
        scheme=CURRENT_SCHEME,
        prev_hash=last.hash if last else "",
    )
    entry.hash = _digest(entry)
    session.add(entry)
    context.changed.add(entity)


@dataclass(frozen=True)
class AuditView:
    id: int
    at: dt.datetime
    action: str
    entity: str
    entity_id: int | None
    summary: str
    actor: str
    workstation: str


def _view(entry: AuditEntry) -> AuditView:
    return AuditView(
        entry.id,
        entry.at,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.actor,
        entry.workstation,
    )


def recent(session: Session, limit: int = 200) -> list[AuditView]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return [_view(r) for r in rows]


def last_entry(session: Session) -> AuditView | None:
    entries = recent(session, 1)
    return entries[0] if entries else None


def chain_problems(session: Session) -> list[str]:
    """Entries whose hash does not match their content or whose link to the previous is broken."""
    problems: list[str] = []
    prev_hash, prev_scheme = "", LEGACY_SCHEME
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev_hash:
            problems.append(f"审计记录 #{entry.id} 与上一条记录的链接断开（记录被删除或改动）")
        # Legacy entries only come before current ones: a later "legacy" one was rewritten.
        known = entry.scheme in (LEGACY_SCHEME, CURRENT_SCHEME) and entry.scheme >= prev_scheme
        if not known or entry.hash != _digest(entry):
            problems.append(f"审计记录 #{entry.id} 的内容与校验值不符（记录被改动）")
        prev_hash, prev_scheme = entry.hash, entry.scheme
    return problems
