"""A journalled change of several files: finished after a commit, undone without one, and
settled the same way after a kill (from its journal alone)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ideowork.file_sets import FileSwap, staged_path

OWNER = "sqlite:////data/ideowork.sqlite3"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def prepared(folder: Path) -> FileSwap:
    """a.docx exists (old), b.pdf does not; both staged new, marked, installed."""
    folder.mkdir(exist_ok=True)
    (folder / "a.docx").write_bytes(b"old a")
    swap = FileSwap.plan([folder / "a.docx", folder / "b.pdf"], OWNER)
    staged_path(folder / "a.docx", swap.token).write_bytes(b"new a")
    staged_path(folder / "b.pdf", swap.token).write_bytes(b"new b")
    swap.mark({"row_id": 1})
    swap.install()
    assert (folder / "a.docx").read_bytes() == b"new a"
    return swap


@pytest.mark.parametrize("links", [True, False])
def test_undo_brings_the_old_files_back_and_removes_the_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    if not links:  # FAT, some network shares: the old file is kept as a copy

        def no_links(*args: object) -> None:
            raise OSError("hard links not supported")

        monkeypatch.setattr(os, "link", no_links)
    swap = prepared(tmp_path)
    swap.undo()
    assert names(tmp_path) == ["a.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"old a"


def test_finish_keeps_the_new_files_only(tmp_path: Path) -> None:
    prepared(tmp_path).finish()
    assert names(tmp_path) == ["a.docx", "b.pdf"]
    assert (tmp_path / "b.pdf").read_bytes() == b"new b"


@pytest.mark.parametrize("committed", [True, False])
def test_a_change_is_settled_from_its_journal_alone(tmp_path: Path, committed: bool) -> None:
    prepared(tmp_path)  # then "killed": only the files on disk remain
    [pending] = FileSwap.pending(tmp_path)
    assert pending.owner == OWNER and pending.marker == {"row_id": 1}
    pending.settle(committed)
    pending.settle(committed)  # every step may be repeated
    assert FileSwap.pending(tmp_path) == []
    if committed:
        assert names(tmp_path) == ["a.docx", "b.pdf"]
    else:
        assert names(tmp_path) == ["a.docx"]
        assert (tmp_path / "a.docx").read_bytes() == b"old a"


def test_a_change_killed_before_it_was_marked_is_undone_without_touching_targets(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.docx").write_bytes(b"old a")
    swap = FileSwap.plan([tmp_path / "a.docx"], OWNER)
    staged_path(tmp_path / "a.docx", swap.token).write_bytes(b"half")
    [pending] = FileSwap.pending(tmp_path)
    pending.settle(True)  # no marker: nothing can have been committed
    assert names(tmp_path) == ["a.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"old a"


@pytest.mark.parametrize("target", ["..", "../outside.docx", "/etc/passwd", ".hidden", ""])
def test_a_journal_naming_anything_but_a_file_of_its_folder_is_ignored(
    tmp_path: Path, target: str
) -> None:
    journal = tmp_path / ".ideowork-files.0123456789ab.json"
    payload = {"version": 1, "token": "0123456789ab", "owner": OWNER, "targets": [target]}
    journal.write_text(json.dumps({**payload, "marker": None, "existed": {target: False}}))
    assert FileSwap.pending(tmp_path) == []


def test_plan_refuses_a_hidden_or_path_like_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        FileSwap.plan([tmp_path / ".a.docx"], OWNER)
    with pytest.raises(ValueError):
        FileSwap.plan([tmp_path / "a.docx", tmp_path / "sub" / "b.pdf"], OWNER)
    assert names(tmp_path) == []
