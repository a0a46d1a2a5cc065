"""Writing files so that a kill, a power cut or a full disk never leaves half a file behind.

Every file the app writes (documents, exports, backups, logs) is written to a temporary file in
the same folder, flushed to disk, then renamed over the target in one step: the target is either
the old file or the new one, never a mix. A target that is a folder, a device or a link is
refused, so a typo in a path cannot rename over something that is not ours to replace.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ideowork.domain.errors import UserError

TEMP_SUFFIX = ".tmp"


def check_target(path: Path) -> None:
    """Refuse to write over anything but a regular file (or nothing)."""
    if path.is_symlink():
        raise UserError(f"“{path}”是一个快捷方式（链接），不能覆盖。请换一个文件名。")
    if path.exists() and not path.is_file():
        kind = "文件夹" if path.is_dir() else "特殊文件（设备等）"
        raise UserError(f"“{path}”是一个{kind}，不能写成文件。请换一个文件名。")
    if not path.parent.is_dir():
        if path.parent.exists():
            raise UserError(f"“{path.parent}”不是文件夹，不能在其中保存文件。")
        path.parent.mkdir(parents=True, exist_ok=True)


def temporary_sibling(path: Path) -> Path:
    """A fresh name beside `path`, hidden, that no other writer will choose."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no folder handles to sync and needs none."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def commit_file(temporary: Path, target: Path) -> None:
    """Flush `temporary` to disk and rename it over `target` in one step."""
    check_target(target)
    fsync_file(temporary)
    os.replace(temporary, target)
    fsync_folder(target.parent)


@contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces `target` whole.

    On any error (the writer's, a full disk, a kill before the rename) the target is left as
    it was and the temporary file is removed (a kill leaves at most a hidden *.tmp file).
    """
    check_target(target)
    temporary = temporary_sibling(target)
    try:
        yield temporary
        commit_file(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    with atomic_write(target) as temporary:
        temporary.write_bytes(data)


def write_text_atomically(target: Path, text: str) -> None:
    write_bytes_atomically(target, text.encode("utf-8"))
