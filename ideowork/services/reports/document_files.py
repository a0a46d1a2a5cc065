"""A 公文's 文号, archive row and files: committed together or not at all.

`ReportService.make` does all of it in ONE `Runtime.write()` transaction, which holds the
write lock for its whole length (SQLite: BEGIN IMMEDIATE; PostgreSQL: the numbering advisory
lock of `doc_numbers.lock_numbering`): take the lock, settle what a killed run left behind,
allocate the 文号 (unless the user gave one, or the document is archived with one already),
render the files to hidden siblings, write the archive row and its audit entry, flush, put the
files in place (`ideowork.file_sets.FileSwap`), commit, drop the old versions. Rendering takes
about a second; holding the write lock that long is accepted: reports are made a few times a
quarter, other writers wait (busy timeout) rather than fail, and readers are never blocked.

A kill -9 at any point, and what the archive row then points to:

- before the files are put in place: the transaction is rolled back by the database; the row
  (if any) and its files are the old ones; left behind: hidden ``.*.tmp`` files and a journal.
- while they are put in place, or before the commit: the row is the old one (or none); each
  target is its old complete file or its new complete one (a rename is atomic; the old file
  keeps a second hidden name, ``.*.prev``, until the change is settled).
- after the commit: the row is the new one and every target its new complete file.

The journal carries the archive row as the transaction leaves it (`commit_marker`); the next
`make` into that folder (under the same lock), or the archive's listing, asks the database
whether the row is so (`was_committed`) and finishes or undoes the change: the old files come
back, new files that nothing archived points to go, and no hidden file stays behind. A journal
of another database (two databases writing into one folder) is left to that database.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ideowork.db.models import GeneratedDocument
from ideowork.file_sets import FileSwap
from ideowork.services.runtime import Runtime

# Changes this process is making right now (their journals are not a killed run's).
_live: set[str] = set()
_live_lock = threading.Lock()


@contextmanager
def live(swap_token: str) -> Iterator[None]:
    """Mark a change as being made by this process, so that its own archive listing (the
    GUI thread, while a worker makes a report) neither settles it nor waits for its lock."""
    with _live_lock:
        _live.add(swap_token)
    try:
        yield
    finally:
        with _live_lock:
            _live.discard(swap_token)


def _unsettled(folders: Iterable[Path], database: str) -> list[FileSwap]:
    with _live_lock:
        busy = set(_live)
    return [
        swap
        for folder in dict.fromkeys(folders)
        for swap in FileSwap.pending(folder)
        if swap.owner == database and swap.token not in busy
    ]


def database_identity(runtime: Runtime) -> str:
    """Which database a journal belongs to (never with a password)."""
    return runtime.db.url.render_as_string(hide_password=True)


def _row_state(row: GeneratedDocument) -> str:
    fields = [
        row.doc_number or "",
        row.title,
        row.markup,
        row.docx_path,
        row.pdf_path,
        row.updated_at.isoformat() if row.updated_at else "",
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def commit_marker(session: Session, row: GeneratedDocument) -> dict[str, Any]:
    """How to tell later that this transaction committed: the archive row as it leaves it
    (its uid, new with every new row, and a digest of what it says about the files)."""
    session.flush()
    return {"row_id": row.id, "uid": row.uid, "state": _row_state(row)}


def was_committed(session: Session, marker: dict[str, Any] | None) -> bool:
    """Whether the archive row is as the marked transaction left it. (Were it so before as
    well, the old and the new files render the same text, and keeping either is right.)"""
    if not marker:
        return False  # journalled before its transaction had anything to commit
    row = session.get(GeneratedDocument, int(marker["row_id"]))
    return row is not None and row.uid == marker["uid"] and _row_state(row) == marker["state"]


def recover(session: Session, folders: Iterable[Path], database: str) -> int:
    """Settle the unsettled changes of `database` in `folders`; returns how many.

    Call inside a write transaction that holds the numbering lock: no other run of `make` on
    this database is between its first step and its commit, so each journal is decided."""
    swaps = _unsettled(folders, database)
    for swap in swaps:
        swap.settle(was_committed(session, swap.marker))
    return len(swaps)


def pending_in(folders: Iterable[Path], database: str) -> bool:
    """Whether any change of `database` in `folders` waits to be settled (a cheap look)."""
    return bool(_unsettled(folders, database))


def settle_after_commit_error(runtime: Runtime, swap: FileSwap) -> None:
    """The commit itself failed: the database says whether it happened (it may have, e.g.
    an error after the commit); if it cannot be asked, the journal waits for recovery."""
    try:
        with runtime.read() as session:
            committed = was_committed(session, swap.marker)
    except Exception:  # the database cannot be asked: recovery decides later
        return
    swap.settle(committed)
