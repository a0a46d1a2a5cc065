"""Others' changes while the window is open: a light poll of the audit trail.

On a server several PCs write to one database; a window learns of its own writes from
`Runtime.write`, and of the others' through `ChangeFeed.poll` (the GUI calls it every few
seconds, off the GUI thread): the audit entries with an id greater than the last one seen,
written by someone else, turned into the kinds of records they changed (the entries' entities,
and on SQLite the tables their sealed record states name), which `announce` passes to
`Runtime.announce`, so the pages reload exactly as they do after the window's own writes.
The same serves a second window that views a SQLite database another window edits.

An entry is the window's own when it names this window's user and workstation (a viewing
window writes nothing, so there every entry is another's). One query on the primary key per
poll; a burst of more than `MAX_ENTRIES` entries (an import on another PC) is told as a change
of everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ideowork.db.models import AuditEntry
from ideowork.services.runtime import EVERYTHING, Runtime
from ideowork.services.system import record_state

MAX_ENTRIES = 500
# Entries that replace or reload the data as a whole.
_WHOLE_ACTIONS = frozenset({"demo", "restore", "copy"})
_WHOLE_ENTITIES = frozenset({"database", EVERYTHING})


@dataclass(frozen=True)
class OthersChanges:
    """What others changed since the last poll."""

    kinds: frozenset[str]
    entries: int
    people: tuple[str, ...]  # who, as the audit trail names them (first seen first)
    labels: tuple[str, ...]  # what, in the words of the 系统 page (舆情事项, 学习活动 …)

    @property
    def note(self) -> str:
        """For the status bar: 张三 刚刚修改了舆情事项、学习活动."""
        who = self.people[0] if self.people else "其他用户"
        if len(self.people) > 1:
            who += f"等{len(self.people)}人"
        if EVERYTHING in self.kinds or not self.labels:
            return f"{who} 刚刚修改了数据，已重新载入。"
        shown = "、".join(self.labels[:3]) + ("等" if len(self.labels) > 3 else "")
        return f"{who} 刚刚修改了{shown}。"


def _state_tables(state: str) -> list[str]:
    if not state:
        return []
    try:
        document = json.loads(state)
    except ValueError:
        return []
    tables = document.get("tables") if isinstance(document, dict) else None
    return [str(name) for name in tables] if isinstance(tables, dict) else []


class ChangeFeed:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.last_seen: int | None = None  # the newest entry id seen (None: not yet looked)

    def _newest(self) -> int:
        with self.runtime.read() as session:
            return int(session.scalar(select(func.max(AuditEntry.id))) or 0)

    def start(self) -> None:
        """From now on: what is in the trail already is not news."""
        self.last_seen = self._newest()

    def _is_own(self, actor: str, workstation: str) -> bool:
        me = self.runtime.actor
        return not self.runtime.read_only and (actor, workstation) == (me.user, me.workstation)

    def poll(self) -> OthersChanges | None:
        """Others' changes since the last poll (None: nothing new from others)."""
        if self.last_seen is None:
            self.start()
            return None
        with self.runtime.read() as session:
            rows = session.execute(
                select(
                    AuditEntry.id,
                    AuditEntry.action,
                    AuditEntry.entity,
                    AuditEntry.actor,
                    AuditEntry.workstation,
                    AuditEntry.state,
                )
                .where(AuditEntry.id > self.last_seen)
                .order_by(AuditEntry.id)
                .limit(MAX_ENTRIES + 1)
            ).all()
        if not rows:
            return None
        burst = len(rows) > MAX_ENTRIES
        self.last_seen = self._newest() if burst else int(rows[-1].id)
        kinds: set[str] = set()
        people: dict[str, None] = {}
        labels: dict[str, None] = {}
        entries = 0
        for row in rows:
            if self._is_own(row.actor, row.workstation):
                continue
            entries += 1
            people.setdefault(row.actor or "其他用户", None)
            if row.action in _WHOLE_ACTIONS or row.entity in _WHOLE_ENTITIES:
                kinds.add(EVERYTHING)
                continue
            kinds.add(row.entity)
            labels.setdefault(record_state.label(row.entity), None)
            kinds.update(_state_tables(row.state))
        if not entries:
            return None
        if burst:
            kinds.add(EVERYTHING)
        return OthersChanges(frozenset(kinds), entries, tuple(people), tuple(labels))

    def announce(self, changes: OthersChanges) -> None:
        """Tell the subscribers (the pages), as after this window's own writes."""
        self.runtime.announce(changes.kinds)
