"""The single file's launcher: unpack the one-folder build once per build, then start it.

`make exe` appends the one-folder build (an xz-compressed tar) to this launcher, frozen by
PyInstaller as a small one-file program, with a trailer that names the build:

    [launcher's program][payload: tar.xz][build id: 32 ASCII bytes][payload length: 8 bytes LE]
    [MAGIC][launcher's PyInstaller archive, ending with its cookie]

The first launch of a build unpacks the payload into the user's data folder
(`<data>/ideowork/runtime/<build id>/`, where the app keeps its own data); every later launch
starts that folder's program at once. A PyInstaller one-file program unpacks everything into a
temporary folder on each launch instead, which cost more than a second every time (docs/building.md
has the figures). Only the standard library is used, so the launcher stays a few megabytes.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

MAGIC = b"IDEOWORK-PAYLOAD"
PYINSTALLER_MAGIC = b"MEI\014\013\012\013\016"  # starts the cookie that ends its archive
COOKIE = 88  # the cookie: magic, archive length (big-endian), TOC place, Python version, lib
TRAILER = 32 + 8 + len(MAGIC)
READY = ".unpacked"  # written last: a folder without it is a half-done unpack
KEEP_BUILDS = 2  # this build and the one before it (it may still be running)
UNPACKING = ".unpacking-"
STALE_UNPACK_SECONDS = 3600
WINDOWS = sys.platform == "win32"


class LaunchError(Exception):
    pass


class _Slice(io.RawIOBase):
    """Reads `length` bytes of a file from its current position, no further."""

    def __init__(self, stream: io.BufferedReader, length: int) -> None:
        self._stream = stream
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        count = self._stream.readinto(view)
        self._left -= count
        return count


def read_trailer(path: Path) -> tuple[str, int, int]:
    """(build id, payload offset, payload length) of the single file.

    The file ends with the launcher's own PyInstaller archive, which its bootloader finds by
    scanning backwards from the end for the archive's cookie: kept last, the cookie is found at
    once instead of after reading the whole payload backwards (2 × 65 MB at every launch).
    """
    with path.open("rb") as stream:
        size = stream.seek(0, os.SEEK_END)
        if size < COOKIE + TRAILER:
            raise LaunchError("no payload")
        stream.seek(size - COOKIE)
        cookie = stream.read(COOKIE)
        if not cookie.startswith(PYINSTALLER_MAGIC):
            raise LaunchError("no payload")
        archive = int.from_bytes(cookie[8:12], "big")
        end = size - archive
        if end < TRAILER:
            raise LaunchError("no payload")
        stream.seek(end - TRAILER)
        tail = stream.read(TRAILER)
    if tail[-len(MAGIC) :] != MAGIC:
        raise LaunchError("no payload")
    build = tail[:32].decode("ascii", errors="replace")
    length = int.from_bytes(tail[32:40], "little")
    offset = end - TRAILER - length
    if offset < 0 or not build.isalnum():
        raise LaunchError("damaged payload trailer")
    return build, offset, length


def runtime_root() -> Path:
    """<user data>/ideowork/runtime, where platformdirs puts the app's own data folder."""
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ideowork" / "runtime"


def unpack(source: Path, build: str, offset: int, length: int, root: Path) -> Path:
    """The build's folder, unpacked now if it is not there yet (safe against a second launch)."""
    target = root / build
    if (target / READY).exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    scratch = root / f"{UNPACKING}{build}-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        with source.open("rb") as stream:
            stream.seek(offset)
            reader = io.BufferedReader(_Slice(stream, length), 1 << 20)
            with tarfile.open(fileobj=reader, mode="r|xz") as archive:
                archive.extractall(scratch, filter="data")
        (scratch / READY).write_bytes(b"")
        if target.exists() and not (target / READY).exists():
            shutil.rmtree(target, ignore_errors=True)  # not ours: left by something else
        try:
            scratch.rename(target)
        except OSError:
            # Another launch finished first: use its folder, drop ours.
            if not (target / READY).exists():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _forget_old_builds(root, keep=target)
    return target


def _forget_old_builds(root: Path, keep: Path) -> None:
    """Remove all but the newest builds, and what an interrupted unpack left (best effort).

    Another launch may be unpacking right now: only unpack folders untouched for an hour go.
    """
    builds = [path for path in root.iterdir() if path.is_dir() and (path / READY).exists()]
    builds.sort(key=lambda path: (path / READY).stat().st_mtime, reverse=True)
    stale = [path for path in builds[KEEP_BUILDS:] if path != keep]
    now = time.time()
    for path in root.iterdir():
        if path.name.startswith(UNPACKING) and now - path.stat().st_mtime > STALE_UNPACK_SECONDS:
            stale.append(path)
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def program(folder: Path) -> Path:
    name = "ideowork.exe" if WINDOWS else "ideowork"
    matches = [path for path in folder.glob(f"*/{name}")]
    if len(matches) != 1:
        raise LaunchError(f"the unpacked build in {folder} has no single {name}")
    return matches[0]


def clean_environment() -> dict[str, str]:
    """This launcher's environment as the user started it.

    The one-file bootloader prepended its temporary folder to the library path and set its own
    variables; the program started next is a PyInstaller build too and must start afresh.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_PYI_", "_MEI"))}
    for name in ("LD_LIBRARY_PATH", "LIBPATH"):
        original = env.pop(f"{name}_ORIG", None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    return env


def main() -> int:
    source = Path(sys.executable)
    try:
        build, offset, length = read_trailer(source)
        target = program(unpack(source, build, offset, length, runtime_root()))
    except (LaunchError, OSError, tarfile.TarError, EOFError) as error:
        _tell(
            f"程序文件不完整或无法解压（{error}）。请重新复制完整的程序文件；若磁盘已满，请清理后再试。"
        )
        return 1
    arguments = [str(target), *sys.argv[1:]]
    env = clean_environment()
    if WINDOWS:
        # No exec on Windows: wait, so the exit code of `self-test` and the like is passed on.
        return subprocess.call(arguments, env=env)
    os.execve(arguments[0], arguments, env)


def _tell(message: str) -> None:
    """Show the message where the user sees it: the terminal, else a desktop dialog."""
    print(message, file=sys.stderr)
    if WINDOWS:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, message, "ideowork", 0x10)  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
