"""Start-up as the user sees it: a fresh process, from launch to the window shown and idle.

The parent starts `python -m benchmarks.startup --probe app|bare [--db FILE]` and times from
just before the launch to the line the child prints when its event loop first goes idle (the
event dispatcher's `aboutToBlock`) with a main window on screen. The child then leaves at once:
closing down is not part of starting.

- `app` runs the real entry (`ideowork.cli.main`, the GUI command) on the given database;
- `bare` is the yardstick: a QApplication and an empty QMainWindow, started the same way
  (a fresh process of the same interpreter, the same `-m benchmarks.startup` launcher).

The child's data folder (backups, logs) is a temporary one, never the user's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

READY = "idle"
# A start that takes longer than this is broken, not slow.
TIMEOUT_S = 120


def _probe(kind: str, db: str | None, finish: bool = False) -> int:
    from PySide6.QtCore import QAbstractEventDispatcher
    from PySide6.QtWidgets import QApplication, QMainWindow

    # The application the entry would create itself (create_application reuses it), made
    # here first so the idle hook sits on its event dispatcher before anything is shown.
    app = QApplication(sys.argv[:1])
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None

    def on_idle() -> None:
        shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if shown:
            sys.stdout.write(READY + "\n")
            sys.stdout.flush()
            if finish:  # the jobs started in the background (the day's backup) done first
                for window in shown:
                    worker = getattr(window, "worker", None)
                    if worker is not None:
                        worker.shutdown()
            os._exit(0)  # a modal notice may hold a nested loop: leave from wherever we are

    dispatcher.aboutToBlock.connect(on_idle)
    if kind == "bare":
        window = QMainWindow()
        window.show()
        return app.exec()
    from ideowork.cli import main

    return main(["--db", str(db)] if db else [])


@dataclass(frozen=True)
class Start:
    """Seconds from launch to the window shown and idle: by the clock (what the user waits),
    and of processor time (user + system) the process used, which another program's load on
    the machine disturbs less."""

    wall: float
    cpu: float


def time_start(kind: str, db: Path | None, data_dir: Path, finish: bool = False) -> Start:
    """A fresh process launched, until its window is shown and idle (`finish`: the process
    then finishes its background jobs before it leaves)."""
    command = [sys.executable, "-m", "benchmarks.startup", "--probe", kind]
    if finish:
        command.append("--finish")
    if db is not None:
        command += ["--db", str(db)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IDEOWORK_DATA_DIR=str(data_dir))
    # As an installed program runs: with its modules' bytecode cached (written by the first,
    # unmeasured start into a folder of the benchmark's own), not compiled at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "ideowork-bench" / "pycache")
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - start
    _, status, usage = os.wait4(child.pid, 0)  # it leaves at once once idle
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    if line.strip() != READY:
        raise RuntimeError(f"start-up probe ({kind}, {db}) ended without a window")
    return Start(seconds, usage.ru_utime + usage.ru_stime)


def median_start(kind: str, db: Path | None, data_dir: Path, runs: int) -> Start:
    """The medians of `runs` starts, after one unmeasured start (the files in the OS's cache,
    the bytecode cached, the day's backup made: every later start of a day looks like that)."""
    time_start(kind, db, data_dir, finish=True)
    starts = [time_start(kind, db, data_dir) for _ in range(runs)]
    return Start(
        statistics.median(s.wall for s in starts), statistics.median(s.cpu for s in starts)
    )


def demo_database(folder: Path) -> Path:
    from ideowork.services.context import Services

    path = folder / "demo.sqlite3"
    services = Services.open(str(path))
    try:
        services.demo.load()
    finally:
        services.close()
    return path


def _figures(start: Start) -> str:
    return f"{start.wall:.2f} s (processor {start.cpu:.2f} s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--probe", choices=("app", "bare"), help="(the child's side)")
    parser.add_argument("--finish", action="store_true", help="(the child: finish its jobs)")
    parser.add_argument("--db", help="the database the app opens")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="also the generated 10-year unit")
    args = parser.parse_args(argv)
    if args.probe:
        return _probe(args.probe, args.db, args.finish)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        bare = median_start("bare", None, root / "data", args.runs)
        demo = median_start("app", demo_database(root), root / "data", args.runs)
        print(f"bare QApplication + QMainWindow: {_figures(bare)}")
        print(f"demo database: {_figures(demo)}, {demo.wall / bare.wall:.1f}× bare")
        if args.big:
            from benchmarks.bigunit import cached_big_unit

            big_db = cached_big_unit()
            try:
                big = median_start("app", big_db, root / "data", args.runs)
            finally:
                shutil.rmtree(big_db.parent)  # the copy, its lock and its backups
            print(
                f"big database: {_figures(big)}, {big.wall / bare.wall:.1f}× bare, "
                f"{big.wall / demo.wall:.2f}× demo"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
