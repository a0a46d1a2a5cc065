"""The audit trail: one entry per change, in the change's own transaction, chained and sealed.

Each entry names who made the change and on which PC. `record` collects a transaction's entries;
just before the commit `audit_seal.seal` appends them to the chain under the write lock (SQLite:
BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), each naming the previous
entry's hash, sealed with this database's key kept outside the database (audit_key), the last
one carrying the state of every row the transaction changed (record_state). Two writers can
never both append to the same head and fork the chain.

`verify_chain` walks the chain for `check`: links, the order of schemes, key changes, seals;
and replays the record states for the comparison with the tables.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import AuditEntry
from ideowork.services.runtime import write_context
from ideowork.services.system.audit_key import KeyRing, is_key_id
from ideowork.services.system.audit_seal import (
    ACTOR_SCHEME,
    CURRENT_SCHEME,
    KEYED_SCHEME,
    LEGACY_SCHEME,
    SCHEMES,
    keyed_digest,
    pend,
    plain_digest,
)
from ideowork.services.system.record_state import LastStates

__all__ = [
    "ACTOR_SCHEME",
    "CURRENT_SCHEME",
    "KEYED_SCHEME",
    "LEGACY_SCHEME",
    "AuditView",
    "ChainReport",
    "chain_problems",
    "last_entry",
    "recent",
    "record",
    "verify_chain",
]


def _to_json(value: dict[str, Any] | None) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to the change; call inside the `Runtime.write()` transaction of the
    change. It is chained and sealed when the transaction commits."""
    context = write_context(session)
    session.flush()  # the change's rows are written (and noted) before its entry
    pend(
        session,
        AuditEntry(
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
            key_id="",
            state="",
            prev_hash="",
            hash="",
        ),
    )
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


@dataclass
class KeyedRun:
    """Consecutive entries sealed with one key that is not on this PC."""

    key_id: str
    first: int
    last: int
    count: int = 1


@dataclass
class ChainReport:
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    verified: int = 0  # sealed entries whose seal was checked with a key on this PC
    without_key: list[KeyedRun] = field(default_factory=list)
    unreadable_keys: dict[str, str] = field(default_factory=dict)
    states: LastStates = field(default_factory=LastStates)


def _document(entry: AuditEntry) -> dict[str, Any] | None:
    if not entry.state:
        return {}
    try:
        document = json.loads(entry.state)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def verify_chain(session: Session, keys: KeyRing | None = None) -> ChainReport:
    """Every entry in order: linked to the previous one, of a scheme not older than the one
    before, its hash or seal matching its content; sealed entries change key only where the
    first one under the new key says so."""
    keys = keys or KeyRing(session.connection())
    report = ChainReport()
    prev_hash, prev_scheme, prev_key = "", LEGACY_SCHEME, ""
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        report.entries += 1
        if entry.prev_hash != prev_hash:
            report.problems.append(
                f"审计记录 #{entry.id} 与上一条记录的链接断开（记录被删除或改动）"
            )
        forged = f"审计记录 #{entry.id} 的内容与校验值不符（记录被改动）"
        # Older schemes only come before newer ones: a later "older" one was rewritten.
        if entry.scheme not in SCHEMES or entry.scheme < prev_scheme:
            report.problems.append(forged)
        elif entry.scheme < KEYED_SCHEME:
            if entry.hash != plain_digest(entry):
                report.problems.append(forged)
        else:
            _verify_sealed(entry, prev_key, keys, report)
            prev_key = entry.key_id
        prev_hash, prev_scheme = entry.hash, max(prev_scheme, entry.scheme)
    report.unreadable_keys = dict(keys.unreadable)
    return report


def _verify_sealed(entry: AuditEntry, prev_key: str, keys: KeyRing, report: ChainReport) -> None:
    forged = f"审计记录 #{entry.id} 的内容与校验值不符（记录被改动）"
    document = _document(entry)
    if document is None or not is_key_id(entry.key_id):
        report.problems.append(forged)
        return
    if not prev_key:  # the chain's first sealed entry counts what came before it
        baseline = document.get("baseline")
        if isinstance(baseline, dict):
            report.states.baseline = baseline
        else:
            report.problems.append(forged)
            report.states.baseline = {}
    elif entry.key_id != prev_key and document.get("rekey") != prev_key:
        report.problems.append(
            f"审计记录 #{entry.id} 换用了另一个审计密钥，却没有记下换用（记录被改动）"
        )
    report.states.add(entry.id, document.get("tables"))
    key = keys.get(entry.key_id)
    if key is None:
        runs = report.without_key
        if runs and runs[-1].key_id == entry.key_id:
            runs[-1].last = entry.id
            runs[-1].count += 1
        else:
            runs.append(KeyedRun(entry.key_id, entry.id, entry.id))
    elif not hmac.compare_digest(entry.hash, keyed_digest(entry, key)):
        report.problems.append(forged)
    else:
        report.verified += 1


def chain_problems(session: Session) -> list[str]:
    """Entries whose hash does not match their content or whose link to the previous is broken."""
    return verify_chain(session).problems
