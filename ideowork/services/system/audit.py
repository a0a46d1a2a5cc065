"""The audit trail: one entry per change, in the change's own transaction, hash-chained."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import AuditEntry


def _digest(
    prev_hash: str,
    at: dt.datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: str,
    after: str,
) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), action, entity, entity_id, summary, before, after],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    """Append an audit entry; call inside the transaction that makes the change."""
    session.flush()  # so entity_id of a new row is known and ordering is stable
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else ""
    at = dt.datetime.now().replace(microsecond=0)
    before_json, after_json = _to_json(before), _to_json(after)
    session.add(
        AuditEntry(
            at=at,
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
            before_json=before_json,
            after_json=after_json,
            prev_hash=prev_hash,
            hash=_digest(
                prev_hash, at, action, entity, entity_id, summary, before_json, after_json
            ),
        )
    )


@dataclass(frozen=True)
class AuditView:
    id: int
    at: dt.datetime
    action: str
    entity: str
    entity_id: int | None
    summary: str


def recent(session: Session, limit: int = 200) -> list[AuditView]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return [AuditView(r.id, r.at, r.action, r.entity, r.entity_id, r.summary) for r in rows]


def chain_problems(session: Session) -> list[str]:
    """Entries whose hash does not match their content or whose link to the previous is broken."""
    problems: list[str] = []
    prev_hash = ""
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev_hash:
            problems.append(f"审计记录 #{entry.id} 与上一条记录的链接断开（记录被删除或改动）")
        expected = _digest(
            entry.prev_hash,
            entry.at,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.summary,
            entry.before_json,
            entry.after_json,
        )
        if entry.hash != expected:
            problems.append(f"审计记录 #{entry.id} 的内容与校验值不符（记录被改动）")
        prev_hash = entry.hash
    return problems
