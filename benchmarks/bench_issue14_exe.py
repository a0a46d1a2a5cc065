"""The executable rows of issue 14: its size, and launch to window against the Python entry.

Launch is timed from outside, the same way for both: a fresh process started on a private X
server (Xvfb), stopped by the clock when X maps its first top-level window. Nothing inside the
app is asked, so the frozen build and the Python entry are measured alike. Each takes the median
of several runs, alternating, after one warm-up run each (the first start of a data folder makes
the daily backup; the first launch of the single file unpacks it once).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"

_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
_WINDOW_TIMEOUT = 60.0


def find_executable(dist: Path = DIST) -> Path | None:
    """The single file `make exe` built (`dist/ideowork-<version>`, newest), or None."""
    if not dist.is_dir():
        return None
    files = [
        path
        for path in dist.iterdir()
        if path.is_file() and path.name.startswith("ideowork-") and os.access(path, os.X_OK)
    ]
    return max(files, key=lambda path: path.stat().st_mtime) if files else None


def size_mb(executable: Path) -> float:
    """Size of the file handed over, in MB (10^6 bytes, as the issue counts)."""
    return executable.stat().st_size / 1e6


@dataclass(frozen=True)
class Launch:
    """Median seconds from start to the first mapped window, and their ratio."""

    executable: float
    python: float
    runs: int

    @property
    def ratio(self) -> float:
        return self.executable / self.python


class _XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _XMapEvent), ("pad", ctypes.c_long * 24)]


class _MapWatcher:
    """Waits for a top-level window to be mapped on an X display (no window manager runs)."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise RuntimeError("libX11 not found")
        self._x = ctypes.CDLL(name)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self._x.XPending.argtypes = [ctypes.c_void_p]
        self._x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        self._x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")
        root = self._x.XDefaultRootWindow(self._display)
        self._x.XSelectInput(self._display, root, _SUBSTRUCTURE_NOTIFY_MASK)
        self._x.XFlush(self._display)
        self._fd = self._x.XConnectionNumber(self._display)

    def drain(self) -> None:
        event = _XEvent()
        while self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))

    def wait_for_window(self, process: subprocess.Popen[bytes], timeout: float) -> float:
        """perf_counter() when the first top-level (not override-redirect) window was mapped."""
        event = _XEvent()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            while self._x.XPending(self._display):
                self._x.XNextEvent(self._display, ctypes.byref(event))
                if event.type == _MAP_NOTIFY and not event.xmap.override_redirect:
                    return time.perf_counter()
            if process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode} before showing a window")
            select.select([self._fd], [], [], 0.05)
        raise RuntimeError(f"no window within {timeout:.0f} s")

    def close(self) -> None:
        self._x.XCloseDisplay(self._display)


@contextmanager
def _xvfb() -> Iterator[str]:
    """A private X server on the first free display number from :90."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("Xvfb not installed (apt-get install xvfb)")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.02)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _private_env(home: Path, display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        TMPDIR=str(home / "tmp"),
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
    )
    for key in ("data", "config", "cache", "runtime", "tmp"):
        (home / key).mkdir(mode=0o700, exist_ok=True)
    return env


def _time_to_window(command: Sequence[str], env: dict[str, str], watcher: _MapWatcher) -> float:
    watcher.drain()
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        shown = watcher.wait_for_window(process, _WINDOW_TIMEOUT)
    finally:
        # SIGTERM: a one-file build's bootloader passes it on and removes what it unpacked.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return shown - start


def python_entry() -> list[str]:
    """The Python entry the executable is compared with: this interpreter, `-m ideowork`."""
    return [sys.executable, "-m", "ideowork"]


def measure_launch(executable: Path, runs: int = 5) -> Launch:
    """Median launch-to-window of `executable` and of the Python entry, on the demo database."""
    with tempfile.TemporaryDirectory(prefix="ideowork-bench-exe-") as folder, _xvfb() as display:
        home = Path(folder)
        env = _private_env(home, display)
        database = home / "demo.sqlite3"
        subprocess.run(
            [*python_entry(), "--db", str(database), "demo"],
            env={**env, "QT_QPA_PLATFORM": "offscreen"},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        commands = {
            "executable": [str(executable), "--db", str(database)],
            "python": [*python_entry(), "--db", str(database)],
        }
        watcher = _MapWatcher(display)
        try:
            timings: dict[str, list[float]] = {name: [] for name in commands}
            for command in commands.values():  # warm-up: backup, first unpack, disk cache
                _time_to_window(command, env, watcher)
            for _ in range(runs):
                for name, command in commands.items():
                    timings[name].append(_time_to_window(command, env, watcher))
        finally:
            watcher.close()
    return Launch(
        executable=statistics.median(timings["executable"]),
        python=statistics.median(timings["python"]),
        runs=runs,
    )


def run() -> None:
    executable = find_executable()
    if executable is None:
        print("single executable: not built (make exe)")
        return
    print(f"single executable {executable.name}: {size_mb(executable):.1f} MB (target ≤ 75)")
    try:
        launch = measure_launch(executable)
    except RuntimeError as error:
        print(f"launch to window: not measured ({error})")
        return
    print(
        f"launch to window, median of {launch.runs}: executable {launch.executable:.2f} s, "
        f"Python entry {launch.python:.2f} s, ratio {launch.ratio:.2f}× (target ≤ 1.3×)"
    )


if __name__ == "__main__":
    run()
