"""Issue 14's table, measured side by side in one run: `make bench` (or `python -m benchmarks`).

Every row is a median of several runs (fewer for the slow ones) on the generated 10-year unit
(`benchmarks/bigunit.py`, built once and cached) or the demo unit, and printed as Markdown:
what | measured | target | met?. Rows another module measures are asked of it: the document
row of `bench_issue14_documents`, the executable rows of `bench_issue14_exe`, the ledger rows of
`bench_issue14_ledgers` where it offers them; the rest are measured here, through the services
and the GUI as the user reaches them.

    python -m benchmarks.table [--runs 5] [--only startup,pages,...]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
BIG_YEAR = 2025  # the big unit's last (and busiest) year
IMPORT_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    what: str
    measured: str
    target: str
    met: bool | None  # None: not measured

    def markdown(self) -> str:
        met = "—" if self.met is None else ("yes" if self.met else "**no**")
        return f"| {self.what} | {self.measured} | {self.target} | {met} |"


def not_measured(what: str, target: str, why: str) -> Row:
    return Row(what, why, target, None)


def median_seconds(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def optional_module(name: str) -> ModuleType | None:
    """Another helper's benchmark module, if it is there."""
    try:
        return importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"benchmarks.{name}":
            raise
        return None


@contextmanager
def big_copy() -> Iterator[Path]:
    """A private copy of the cached 10-year unit, removed afterwards."""
    from benchmarks.bigunit import cached_big_unit

    path = cached_big_unit()
    try:
        yield path
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


# --- start-up ----------------------------------------------------------------------------------
def startup_rows(runs: int) -> list[Row]:
    from benchmarks.startup import demo_database, median_start

    what_demo = (
        "window shown and idle, demo database, vs a bare QApplication + empty QMainWindow "
        "started the same way"
    )
    what_big = "the same on the big database"
    with tempfile.TemporaryDirectory() as folder, big_copy() as big_db:
        root = Path(folder)
        data = root / "data"
        demo_db = demo_database(root)
        bare = median_start("bare", None, data, runs)
        demo = median_start("app", demo_db, data, runs)
        big = median_start("app", big_db, data, runs)
    demo_ratio, big_ratio = demo.wall / bare.wall, big.wall / demo.wall
    return [
        Row(
            what_demo,
            f"{demo_ratio:.1f}× ({demo.wall:.2f} s vs {bare.wall:.2f} s; processor time "
            f"{demo.cpu / bare.cpu:.1f}×: {demo.cpu:.2f} s vs {bare.cpu:.2f} s)",
            "≤ 3×",
            demo_ratio <= 3,
        ),
        Row(
            what_big,
            f"{big_ratio:.2f}× the demo figure ({big.wall:.2f} s, {big.wall / bare.wall:.1f}× "
            f"bare; processor time {big.cpu / demo.cpu:.2f}× the demo's)",
            "≤ 1.1× the demo figure",
            big_ratio <= 1.1,
        ),
    ]


# --- pages of the window on the big database ---------------------------------------------------
class StallMeter:
    """The longest time the GUI thread did not come back to its event loop, by a 1 ms
    heartbeat timer: what a user feels as the window hanging."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.longest = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def run_for(self, seconds: float, actions: Sequence[tuple[float, Callable[[], None]]]) -> float:
        """Run the event loop `seconds`, doing each action at its offset; the longest stall."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        for offset, action in actions:
            QTimer.singleShot(int(offset * 1000), action)
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()
        loop.exec()
        self.timer.stop()
        return self.longest


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.processEvents()


def _window(services: Any) -> Any:
    from ideowork.gui.main_window import MainWindow

    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    _settle()
    return window


def _close(window: Any) -> None:
    window.close()
    window.deleteLater()
    _settle()


def _page_at(window: Any, row: int) -> Any:
    """The page of a navigation row (built on first show; `pages` before lazy pages)."""
    page_at = getattr(window, "page_at", None)
    return page_at(row) if page_at is not None else window.pages[row]


def _row_of(title: str) -> int:
    from ideowork.gui import main_window

    # PAGE_TYPES: the window before its pages were built on first show (to measure "before").
    names = ("PAGE_SPECS", "PAGE_TYPES")
    specs: Sequence[Any] = next(getattr(main_window, n) for n in names if hasattr(main_window, n))
    return next(i for i, spec in enumerate(specs) if spec.title == title)


def page_rows(runs: int) -> list[Row]:
    from ideowork.gui.app import create_application
    from ideowork.services.context import Services

    create_application()
    opened: dict[str, float] = {}
    changed: dict[str, float] = {}
    with big_copy() as big_db:
        services = Services.open(str(big_db))
        try:
            for title in ("学习日历", "舆情台账"):
                row = _row_of(title)
                opens, changes = [], []
                for _ in range(runs):
                    window = _window(services)
                    start = time.perf_counter()
                    window.ui.navigation.setCurrentRow(row)
                    _settle()
                    opens.append(time.perf_counter() - start)
                    changes.append(_change_year_and_filter(_page_at(window, row)))
                    _close(window)
                opened[title] = statistics.median(opens)
                changed[title] = statistics.median(changes)
        finally:
            services.close()
    slowest_open = max(opened.values())
    slowest_change = max(changed.values())
    return [
        Row(
            "open 学习日历 / 舆情台账 on the big database",
            " / ".join(ms(opened[t]) for t in ("学习日历", "舆情台账")),
            "< 300 ms",
            slowest_open < 0.3,
        ),
        Row(
            "change year or filter on those pages (the slowest of year and one filter)",
            " / ".join(ms(changed[t]) for t in ("学习日历", "舆情台账")),
            "< 100 ms",
            slowest_change < 0.1,
        ),
    ]


def _change_year_and_filter(page: Any) -> float:
    """The slower of: the year back one, a filter set (each until the window is idle)."""
    year = page.picker.year
    target = year.findData(BIG_YEAR - 1)
    start = time.perf_counter()
    year.setCurrentIndex(target if target >= 0 else max(0, year.currentIndex() - 1))
    _settle()
    year_seconds = time.perf_counter() - start
    combo = getattr(page, "kind_filter", None) or page.deadline_filter
    start = time.perf_counter()
    combo.setCurrentIndex(1 if combo.count() > 1 else 0)
    _settle()
    return max(year_seconds, time.perf_counter() - start)


def search_row(runs: int) -> Row:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ideowork.gui.app import create_application
    from ideowork.services.context import Services

    what = "责任清单 in the busiest year: each keystroke in the search box (longest stall)"
    create_application()
    stalls = []
    with big_copy() as big_db:
        services = Services.open(str(big_db))
        try:
            tasks = _tasks_in(services, BIG_YEAR)
            for _ in range(runs):
                window = _window(services)
                window.ui.navigation.setCurrentRow(_row_of("责任清单"))
                _settle()
                page = _page_at(window, _row_of("责任清单"))
                search = page.search
                search.setFocus()
                meter = StallMeter()
                # A clerk typing 4 characters, one every 150 ms, then one taken back; then the
                # results settle.
                keys: list[tuple[float, Callable[[], None]]] = [
                    (0.1 + 0.15 * i, functools.partial(_type_chinese, search, c))
                    for i, c in enumerate("工作落实")
                ]
                keys.append((1.0, functools.partial(QTest.keyClick, search, Qt.Key.Key_Backspace)))
                stalls.append(meter.run_for(2.0, keys))
                _close(window)
        finally:
            services.close()
    stall = statistics.median(stalls)
    return Row(
        what + f", {tasks} tasks",
        ms(stall),
        "< 100 ms, debounced",
        stall < 0.1,
    )


def _type_chinese(widget: Any, text: str) -> None:
    """Chinese arrives as the input method's commit, not as key presses."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _tasks_in(services: Any, year: int) -> int:
    from sqlalchemy import func, select

    from ideowork.db.models import Task

    with services.runtime.read() as session:
        return int(session.scalar(select(func.count()).where(Task.year == year)) or 0)


# --- files in and out on the big database --------------------------------------------------------
def export_row(runs: int) -> Row:
    from ideowork.domain.periods import Period
    from ideowork.services.context import Services

    what = f"`export sentiment --period {BIG_YEAR}`"
    with big_copy() as big_db:
        services = Services.open(str(big_db))
        try:
            out = big_db.parent / "export.xlsx"
            excel = services.ledger_excel
            period = Period.parse(str(BIG_YEAR))
            counts: list[int] = []
            seconds = median_seconds(
                runs, lambda: counts.append(excel.export_sentiment(period, out))
            )
        finally:
            services.close()
    return Row(f"{what} ({counts[-1]:,} rows)", f"{seconds:.2f} s", "linear, < 3 s", seconds < 3)


def duty_list_row(runs: int) -> Row:
    from ideowork.domain.periods import Period
    from ideowork.services.context import Services

    what = f"`report make duty-list --period {BIG_YEAR}` with 500 people"
    with big_copy() as big_db:
        services = Services.open(str(big_db))
        try:
            reports = services.reports
            period = Period.parse(str(BIG_YEAR))
            out = big_db.parent / "duty"
            reports.make("duty-list", period, out)  # fonts loaded once, as in a session
            seconds = median_seconds(runs, lambda: reports.make("duty-list", period, out))
        finally:
            services.close()
    return Row(what, f"{seconds:.2f} s", "< 0.5 s", seconds < 0.5)


def import_memory_row() -> Row:
    """Peak memory of the `import sentiment` command in its own process (the whole command, as
    the user runs it), importing 20 000 rows: the big unit's cases of its last two years,
    exported, removed, and the first 20 000 of them imported again among the others."""
    what = "`import sentiment` of 20 000 rows into the big database: peak memory"
    with big_copy() as big_db:
        sheet = big_db.parent / "import.xlsx"
        rows = _two_years_sheet(big_db, sheet, (BIG_YEAR - 1, BIG_YEAR))
        _remove_cases_of(big_db, (BIG_YEAR - 1, BIG_YEAR))
        command = [sys.executable, "-m", "ideowork", "--db", str(big_db), "import", "sentiment"]
        child = subprocess.Popen(
            [*command, str(sheet)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ, IDEOWORK_DATA_DIR=str(big_db.parent / "data")),
            cwd=ROOT,
        )
        start = time.perf_counter()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        return not_measured(what, "< 200 MB, streamed", f"import failed: {errors.strip()[:120]}")
    peak_mb = usage.ru_maxrss * 1024 / 1e6  # Linux: kibibytes
    return Row(
        what.replace("20 000", f"{rows:,}"),
        f"{peak_mb:.0f} MB ({seconds:.1f} s)",
        "< 200 MB, streamed",
        peak_mb < 200,
    )


def _two_years_sheet(
    big_db: Path, sheet: Path, years: tuple[int, int], limit: int = IMPORT_ROWS
) -> int:
    """The first `limit` cases of `years` in the app's own export format, in one sheet."""
    from openpyxl import Workbook, load_workbook

    from ideowork.domain.periods import Period
    from ideowork.services.context import Services

    services = Services.open(str(big_db))
    parts = []
    try:
        for year in years:
            part = big_db.parent / f"part-{year}.xlsx"
            services.ledger_excel.export_sentiment(
                Period.parse(str(year)), part, with_personal=True
            )
            parts.append(part)
    finally:
        services.close()
    merged = Workbook(write_only=True)
    out = merged.create_sheet()
    rows = 0
    for index, part in enumerate(parts):
        book = load_workbook(part, read_only=True)
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            if number == 0 and index > 0:
                continue  # one heading row
            if number > 0 and rows == limit:
                break
            out.append(values)
            rows += number > 0
        book.close()
    merged.save(sheet)
    return rows


def _remove_cases_of(big_db: Path, years: tuple[int, int]) -> None:
    import sqlite3

    connection = sqlite3.connect(big_db)
    try:
        with connection:
            where = "strftime('%Y', received_on) IN (?, ?)"
            keys = tuple(str(y) for y in years)
            cases = f"SELECT id FROM sentiment_case WHERE {where}"
            connection.execute(f"DELETE FROM case_event WHERE case_id IN ({cases})", keys)
            connection.execute(f"DELETE FROM sentiment_case WHERE {where}", keys)
    finally:
        connection.close()


# --- documents and the executable (measured by their own modules) ------------------------------
def documents_row(runs: int) -> Row:
    what = "one quarterly report to DOCX + PDF, in process, vs LibreOffice converting the same DOCX"
    module = optional_module("bench_issue14_documents")
    if module is None:
        return not_measured(what, "≥ 20×", "bench_issue14_documents missing")
    figures = module.measure(runs)
    if figures.ratio is None:
        return not_measured(what, "≥ 20×", "LibreOffice not installed")
    return Row(
        what,
        f"{figures.ratio:.1f}× ({ms(figures.make)} vs {ms(figures.libreoffice)})",
        "≥ 20×",
        figures.ratio >= 20,
    )


def exe_row(runs: int) -> Row:
    what = "single executable: size; launch to window vs the Python entry"
    target = "≤ 75 MB; ≤ 1.3×"
    module = optional_module("bench_issue14_exe")
    if module is None:
        return not_measured(what, target, "bench_issue14_exe missing")
    executable = module.find_executable()
    if executable is None:
        return not_measured(what, target, "not built (make exe)")
    size = module.size_mb(executable)
    try:
        launch = module.measure_launch(executable, runs)
    except (RuntimeError, OSError) as error:
        return Row(what, f"{size:.0f} MB; launch not measured ({error})", target, None)
    return Row(
        what,
        f"{size:.0f} MB; {launch.ratio:.2f}× ({launch.executable:.2f} s vs {launch.python:.2f} s)",
        target,
        size <= 75 and launch.ratio <= 1.3,
    )


# --- the table ----------------------------------------------------------------------------------
def ledger_rows(group: str, runs: int, fallback: Callable[[], list[Row]]) -> list[Row]:
    """The rows of helper F's `bench_issue14_ledgers` (each figure from a child process of its
    own, on a year of 2 000 tasks for the search box) where it is there; else measured here."""
    module = optional_module("bench_issue14_ledgers")
    if module is None or not hasattr(module, "measure"):
        return fallback()
    figures: dict[str, float] = module.measure("matrix" if group == "search" else group)
    return LEDGER_ROWS[group](figures)


def _ledger_pages(f: dict[str, float]) -> list[Row]:
    studies_change = f["studies_year_ms"]
    sentiment_change = max(f["sentiment_year_ms"], f["sentiment_filter_ms"])
    return [
        Row(
            "open 学习日历 / 舆情台账 on the big database",
            f"{f['open_studies_ms']:.0f} ms / {f['open_sentiment_ms']:.0f} ms",
            "< 300 ms",
            max(f["open_studies_ms"], f["open_sentiment_ms"]) < 300,
        ),
        Row(
            "change year or filter on those pages (学习日历 year / 舆情台账 year, channel filter)",
            f"{studies_change:.0f} ms / {f['sentiment_year_ms']:.0f} ms, "
            f"{f['sentiment_filter_ms']:.0f} ms",
            "< 100 ms",
            max(studies_change, sentiment_change) < 100,
        ),
    ]


def _ledger_search(f: dict[str, float]) -> list[Row]:
    keystroke, after = f["matrix_keystroke_ms"], f["matrix_filter_ms"]
    return [
        Row(
            "责任清单 with 2 000 tasks in a year: each keystroke in the search box",
            f"{keystroke:.0f} ms a keystroke; the filter once typing pauses {after:.0f} ms",
            "< 100 ms, debounced",
            keystroke < 100 and after < 100,
        )
    ]


def _ledger_export(f: dict[str, float]) -> list[Row]:
    seconds = f["export_sentiment_s"]
    return [
        Row(
            f"`export sentiment --period {BIG_YEAR}`",
            f"{seconds:.2f} s",
            "linear, < 3 s",
            seconds < 3,
        )
    ]


def _ledger_duty_list(f: dict[str, float]) -> list[Row]:
    seconds = f["duty_list_s"]
    part = f.get("all_leader_duties_s")
    of_which = "" if part is None else f" (一岗双责 of 500 people {part:.2f} s)"
    return [
        Row(
            f"`report make duty-list --period {BIG_YEAR}` with 500 people",
            f"{seconds:.2f} s{of_which}",
            "< 0.5 s",
            seconds < 0.5,
        )
    ]


def _ledger_import(f: dict[str, float]) -> list[Row]:
    peak_mb = f["import_peak_mib"] * 2**20 / 1e6
    took = f.get("import_s")
    return [
        Row(
            "`import sentiment` of 20 000 rows into the big database: peak memory",
            f"{peak_mb:.0f} MB" + ("" if took is None else f" ({took:.1f} s)"),
            "< 200 MB, streamed",
            peak_mb < 200,
        )
    ]


LEDGER_ROWS: dict[str, Callable[[dict[str, float]], list[Row]]] = {
    "pages": _ledger_pages,
    "search": _ledger_search,
    "export": _ledger_export,
    "duty_list": _ledger_duty_list,
    "import": _ledger_import,
}


SECTIONS: dict[str, Callable[[int], list[Row]]] = {
    "startup": startup_rows,
    "pages": lambda runs: ledger_rows("pages", runs, lambda: page_rows(runs)),
    "search": lambda runs: ledger_rows("search", runs, lambda: [search_row(runs)]),
    "export": lambda runs: ledger_rows("export", runs, lambda: [export_row(max(1, runs // 2))]),
    "duty_list": lambda runs: ledger_rows("duty_list", runs, lambda: [duty_list_row(runs)]),
    "import": lambda runs: ledger_rows("import", runs, lambda: [import_memory_row()]),
    "documents": lambda runs: [documents_row(runs)],
    "exe": lambda runs: [exe_row(max(1, runs // 2))],
}
# What each section shows when it fails: its rows, not measured.
SECTION_ROWS = {
    "startup": ("window shown and idle (demo, big)", "≤ 3×; ≤ 1.1× demo"),
    "pages": ("open / change on 学习日历, 舆情台账", "< 300 ms; < 100 ms"),
    "search": ("责任清单 search box keystroke", "< 100 ms, debounced"),
    "export": ("`export sentiment`", "linear, < 3 s"),
    "duty_list": ("`report make duty-list`", "< 0.5 s"),
    "import": ("`import sentiment` peak memory", "< 200 MB, streamed"),
    "documents": ("report DOCX + PDF vs LibreOffice", "≥ 20×"),
    "exe": ("single executable", "≤ 75 MB; ≤ 1.3×"),
}


def measure(sections: Sequence[str], runs: int) -> Iterator[Row]:
    for name in sections:
        started = time.perf_counter()
        try:
            rows = SECTIONS[name](runs)
        except Exception as error:  # one broken row must not hide the others
            what, target = SECTION_ROWS[name]
            rows = [not_measured(what, target, f"failed: {type(error).__name__}: {error}")]
        print(f"  ({name}: {time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        yield from rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.table", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    args = parser.parse_args(argv)
    sections = args.only.split(",") if args.only else list(SECTIONS)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    rows = list(measure(sections, args.runs))
    print(f"Issue 14 on this machine ({os.cpu_count()} cores), medians of {args.runs} runs:\n")
    print("| what | measured | target | met? |")
    print("|---|---|---|---|")
    for row in rows:
        print(row.markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
