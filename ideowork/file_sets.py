"""Replacing several files of one folder together, undoably, in step with a transaction.

`ideowork.files` replaces one file whole. Some files belong to a database row (a 公文's DOCX
and PDF belong to its archive row): they must change when the row's transaction commits and
stay as they were when it does not. A rename and a commit cannot be one step, so the change is
journalled, the way a database journals its pages:

1. `FileSwap.plan` writes a journal (``.ideowork-files.<token>.json``, hidden, written whole)
   naming the targets; the new files are then written to hidden siblings
   (``.<name>.<token>.tmp``, see `staged_path`).
2. `mark` rewrites the journal with a marker the caller has put into its transaction (how to
   ask the database later whether that transaction committed) and which targets exist.
3. `install`, still inside the transaction: each existing target gets a second, hidden name
   (``.<name>.<token>.prev``: a hard link, or a copy renamed into place), then the new file is
   renamed over the target. A target is at every moment its old complete file or its new one.
4. The caller commits, then `finish` drops the second names and the journal; if anything failed
   before the commit, `undo` renames the second names back and deletes the new files.

After a kill the journal is still there; `settle(committed)` completes or undoes it (every step
can be repeated), once the caller has asked the database about the marker. Only hidden files
are ever left behind, and `settle` removes those too.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ideowork.files import (
    TEMP_SUFFIX,
    check_target,
    fsync_file,
    fsync_folder,
    write_text_atomically,
)

JOURNAL_PREFIX = ".ideowork-files."
JOURNAL_SUFFIX = ".json"
PREVIOUS_SUFFIX = ".prev"
_VERSION = 1


def new_token() -> str:
    return secrets.token_hex(6)


def staged_path(target: Path, token: str) -> Path:
    """Where the new version of `target` is written before it is put in place (hidden)."""
    return target.with_name(f".{target.name}.{token}{TEMP_SUFFIX}")


def previous_path(target: Path, token: str) -> Path:
    """The second name the old version of `target` keeps until the change is settled."""
    return target.with_name(f".{target.name}.{token}{PREVIOUS_SUFFIX}")


def _previous_copy_path(target: Path, token: str) -> Path:
    return target.with_name(f".{target.name}.{token}{PREVIOUS_SUFFIX}{TEMP_SUFFIX}")


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


def _unlink_leftovers(path: Path) -> None:
    """`path` and the temporary siblings `ideowork.files.atomic_write` makes for it (a kill
    while a writer was writing `path` leaves one)."""
    _unlink(path)
    for temporary in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
        _unlink(temporary)


def _plain_name(name: str) -> bool:
    """A file name of the folder itself: no path, no hidden name (nor . or ..)."""
    return bool(name) and not name.startswith(".") and Path(name).name == name and "\\" not in name


def _same_file(first: Path, second: Path) -> bool:
    return second.exists() and os.path.samefile(first, second)


@dataclass
class FileSwap:
    """One journalled change of files in `folder` (see the module docstring)."""

    folder: Path
    token: str
    owner: str  # who may settle it: the database whose transaction decides
    targets: list[str]  # file names in `folder`
    marker: dict[str, Any] | None = None
    existed: dict[str, bool] = field(default_factory=dict)

    # --- the journal ---------------------------------------------------------------------------
    @property
    def journal(self) -> Path:
        return self.folder / f"{JOURNAL_PREFIX}{self.token}{JOURNAL_SUFFIX}"

    def target_paths(self) -> list[Path]:
        return [self.folder / name for name in self.targets]

    def _write_journal(self) -> None:
        payload = {
            "version": _VERSION,
            "token": self.token,
            "owner": self.owner,
            "targets": self.targets,
            "marker": self.marker,
            "existed": self.existed,
        }
        write_text_atomically(self.journal, json.dumps(payload, ensure_ascii=False))

    @classmethod
    def plan(cls, targets: Sequence[Path], owner: str, token: str | None = None) -> FileSwap:
        """Journal a change of `targets` (all in one folder) before anything is written."""
        folders = {target.parent for target in targets}
        if len(folders) != 1:
            raise ValueError("the files of one change must share a folder")
        for target in targets:
            if not _plain_name(target.name):
                raise ValueError(f"not a plain file name: {target.name!r}")
            check_target(target)  # never a folder, a device or a link; creates the folder
        swap = cls(folders.pop(), token or new_token(), owner, [t.name for t in targets])
        swap._write_journal()
        return swap

    @classmethod
    def read(cls, journal: Path) -> FileSwap | None:
        """The change a journal describes; None for one that is not ours to read."""
        try:
            payload = json.loads(journal.read_text(encoding="utf-8"))
            targets = [str(name) for name in payload["targets"]]
            if payload.get("version") != _VERSION or not all(map(_plain_name, targets)):
                return None
            return cls(
                journal.parent,
                str(payload["token"]),
                str(payload["owner"]),
                targets,
                payload.get("marker"),
                {str(k): bool(v) for k, v in dict(payload.get("existed") or {}).items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # being deleted by its writer, or not a journal of this version

    @staticmethod
    def pending(folder: Path) -> list[FileSwap]:
        """The changes in `folder` that were not settled (their writer is busy or was killed)."""
        if not folder.is_dir():
            return []
        swaps = (FileSwap.read(path) for path in sorted(folder.glob(f"{JOURNAL_PREFIX}*")))
        return [swap for swap in swaps if swap is not None]

    # --- the steps -----------------------------------------------------------------------------
    def mark(self, marker: dict[str, Any]) -> None:
        """Record how to tell whether the transaction committed, and which targets exist."""
        self.marker = marker
        self.existed = {name: (self.folder / name).exists() for name in self.targets}
        self._write_journal()

    def install(self) -> None:
        """Put every staged file in place, keeping each old one under a second name."""
        if self.marker is None:
            raise RuntimeError("mark() the change before installing it")
        for target in self.target_paths():
            check_target(target)
            if target.exists():
                self._keep_previous(target)
            os.replace(staged_path(target, self.token), target)
        fsync_folder(self.folder)

    def _keep_previous(self, target: Path) -> None:
        previous = previous_path(target, self.token)
        try:
            os.link(target, previous)  # a second name for the old file, at once and whole
        except FileExistsError:
            pass  # kept already (a repeated step)
        except OSError:  # no hard links here (FAT, some network shares): a copy, renamed whole
            copy = _previous_copy_path(target, self.token)
            shutil.copyfile(target, copy)
            fsync_file(copy)
            os.replace(copy, previous)
        fsync_folder(self.folder)

    def finish(self) -> None:
        """After the commit: the new files stay, the old ones and the journal go."""
        for target in self.target_paths():
            staged = staged_path(target, self.token)
            if staged.exists():  # not installed before a kill (cannot happen in order; be sure)
                # FileNotFoundError: installed meanwhile by whoever settles it at the same time
                with contextlib.suppress(FileNotFoundError):
                    os.replace(staged, target)
            _unlink(previous_path(target, self.token))
            _unlink(_previous_copy_path(target, self.token))
        self._drop_journal()

    def undo(self) -> None:
        """Without a commit: the old files back, new files of targets that had none removed."""
        for target in self.target_paths():
            previous = previous_path(target, self.token)
            staged = staged_path(target, self.token)
            if previous.exists():
                # FileNotFoundError: put back meanwhile by whoever settles it at the same time
                with contextlib.suppress(FileNotFoundError):
                    if _same_file(previous, target):
                        _unlink(previous)  # not replaced yet (and renaming a link onto its
                        # own file does nothing, leaving the second name behind)
                    else:
                        os.replace(previous, target)
            elif self.existed.get(target.name) is False and not staged.exists():
                _unlink(target)  # the new file of a target that did not exist before
            _unlink_leftovers(staged)
            _unlink(_previous_copy_path(target, self.token))
        self._drop_journal()

    def settle(self, committed: bool) -> None:
        """Complete or undo the change, as the transaction it follows did or did not commit."""
        if committed and self.marker is not None:
            self.finish()
        else:
            self.undo()

    def _drop_journal(self) -> None:
        _unlink_leftovers(self.journal)
        fsync_folder(self.folder)
