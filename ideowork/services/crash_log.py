"""The crash log: where a bug's traceback goes, for the command line and the GUI alike.

The user sees one short line naming the file; the details (which may name records) stay in
a file only its user can read. Each entry is appended with one write to a file opened in
append mode, so two processes failing at once never interleave their entries, and a kill
leaves at most the entry being written incomplete, never the ones before it.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path
from types import TracebackType

from ideowork.paths import log_dir

LOG_NAME = "crash.log"
# A log that grows past this is renamed to crash.log.1 (replacing the older one) first.
MAX_LOG_BYTES = 1_000_000
PRIVATE = 0o600


def crash_log_file() -> Path:
    return log_dir() / LOG_NAME


def write_crash_log(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> Path:
    """Append the traceback of a bug to the crash log; returns the log's path.

    Raises OSError when the log cannot be written (a full disk, no data folder): callers
    say so instead of showing a second error."""
    log_file = crash_log_file()
    text = "".join(traceback.format_exception(kind, error, tb))
    entry = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}\n{text}\n"
    _rotate_if_large(log_file)
    append_private(log_file, entry.encode("utf-8"))
    return log_file


def append_private(path: Path, data: bytes) -> None:
    """Append `data` with one write, flushed to disk; the file is readable by its owner only."""
    # Never through a link: the log is ours, not whatever a link would point at.
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, PRIVATE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE)  # a log left 0644 by an older version
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _rotate_if_large(log_file: Path) -> None:
    try:
        if log_file.stat().st_size <= MAX_LOG_BYTES:
            return
    except FileNotFoundError:
        return
    os.replace(log_file, log_file.with_name(f"{LOG_NAME}.1"))
