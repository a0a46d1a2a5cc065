"""Issue 14, the ledger and matrix rows, on the generated 10-year unit (benchmarks/bigunit.py).

One function per row of the issue's table, each returning its figure (seconds, milliseconds
or MiB, the median of several runs) so the issue's whole table can call them; `run()` prints
them. Each figure is measured in a fresh child process on its own copy of the unit, so one row's
imports, caches and memory do not flatter or burden another's; times are taken after one
untimed warm-up run (what a user who has the app open waits for).

    python -m benchmarks.bench_issue14_ledgers
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 5
TODAY = (2025, 11, 15)  # the generator's "today"
YEAR = 2025
IMPORT_ROWS = 20_000
# The targets, for the printed table.
TARGETS = {
    "export_sentiment_s": ("export sentiment --period 2025", "s", "< 3 s, linear"),
    "duty_list_s": ("report make duty-list --period 2025 (docx)", "s", "< 0.5 s"),
    "all_leader_duties_s": ("  of which: 一岗双责 of 500 people", "s", ""),
    "import_peak_mib": ("import sentiment, 20 000 rows: peak memory", "MiB", "< 200 MB"),
    "import_s": ("import sentiment, 20 000 rows: time", "s", ""),
    "matrix_keystroke_ms": ("责任清单, 2 000 tasks: one keystroke", "ms", "< 100 ms, debounced"),
    "matrix_filter_ms": ("责任清单, 2 000 tasks: the filter after the pause", "ms", "< 100 ms"),
    "open_studies_ms": ("open 学习日历", "ms", "< 300 ms"),
    "studies_year_ms": ("学习日历: change year", "ms", "< 100 ms"),
    "open_sentiment_ms": ("open 舆情台账", "ms", "< 300 ms"),
    "sentiment_year_ms": ("舆情台账: change year", "ms", "< 100 ms"),
    "sentiment_filter_ms": ("舆情台账: filter by channel", "ms", "< 100 ms"),
}


# The CPU time of the process for each median taken, by the order taken: on a machine shared
# with other work the wall-clock figure also holds the time spent waiting for a core.
CPU: list[float] = []


def _median(action: Callable[[], object], runs: int = RUNS, steps: int = 1) -> float:
    """The median wall-clock seconds of one of the `steps` an action takes, over `runs` runs
    (the CPU seconds' median, likewise per step, goes to CPU)."""
    action()  # warm-up: imports, mapper configuration, the page cache of the database file
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU.append(statistics.median(cpu) / steps)
    return statistics.median(timings) / steps


def _services(db: Path) -> Any:
    import datetime as dt

    from ideowork.services.context import Services
    from ideowork.services.runtime import FixedClock

    return Services.open(str(db), clock=FixedClock.on(dt.date(*TODAY)))


# --- the children: each measures one group of rows and prints them as JSON ----------------------


def _child_export(db: Path, out: Path) -> dict[str, float]:
    from ideowork.domain.periods import Period

    services = _services(db)
    period = Period.parse(str(YEAR))
    seconds = _median(
        lambda: services.ledger_excel.export_sentiment(period, out / "cases.xlsx"), runs=3
    )
    return {"export_sentiment_s": seconds}


def _child_duty_list(db: Path, out: Path) -> dict[str, float]:
    from ideowork.domain.periods import Period
    from ideowork.services.matrix.service import MatrixService

    services = _services(db)
    period = Period.parse(str(YEAR))
    make = _median(
        lambda: services.reports.make("duty-list", period, out, frozenset({"docx"})), runs=3
    )
    matrix = MatrixService(services.runtime)
    return {
        "duty_list_s": make,
        "all_leader_duties_s": _median(lambda: matrix.all_leader_duties(YEAR)),
    }


def _child_import(db: Path, out: Path) -> dict[str, float]:
    """Peak memory of the whole process importing the file (made by the parent)."""
    services = _services(db)
    start = time.perf_counter()
    result = services.ledger_excel.import_sentiment(out / "import.xlsx")
    seconds = time.perf_counter() - start
    assert result.added == IMPORT_ROWS // 2 and len(result.duplicates) == IMPORT_ROWS // 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"import_peak_mib": peak, "import_s": seconds}


def _child_matrix(db: Path, out: Path) -> dict[str, float]:
    """The 责任清单 page on a year of 2 000 tasks: the unit's ten years of tasks in one year."""
    import sqlite3

    connection = sqlite3.connect(db)
    with connection:
        connection.execute("UPDATE task SET year = ?", (YEAR,))
    connection.close()
    from ideowork.gui.app import create_application
    from ideowork.gui.pages.matrix_page import MatrixPage

    app = create_application()
    services = _services(db)
    page = MatrixPage(services)
    page.resize(1280, 800)
    page.show()
    page.set_year(YEAR)
    app.processEvents()
    assert len(page.model.nodes()) >= 2_000
    words = ("意", "意识", "意识形", "意识形态")

    def keystrokes() -> None:
        for text in words:
            page.search.setText(text)
            app.processEvents()
        page.search.setText("")
        app.processEvents()

    def filtered() -> None:
        for text in (*words, ""):
            page.search.setText(text)
            page.apply_filters()  # what the timer runs once typing pauses
            app.processEvents()

    return {
        "matrix_keystroke_ms": _median(keystrokes, steps=5) * 1000,
        "matrix_filter_ms": _median(filtered, steps=5) * 1000,
    }


def _child_pages(db: Path, out: Path) -> dict[str, float]:
    from ideowork.domain.vocab import Channel
    from ideowork.gui.app import create_application
    from ideowork.gui.pages.sentiment_page import SentimentPage
    from ideowork.gui.pages.studies_page import StudiesPage

    app = create_application()
    services = _services(db)
    pages: list[Any] = []

    def opened(kind: type[Any]) -> Callable[[], None]:
        def action() -> None:
            page = kind(services)
            page.resize(1280, 800)
            page.show()
            app.processEvents()  # laid out and painted: what the user sees
            pages.append(page)

        return action

    figures = {"open_studies_ms": _median(opened(StudiesPage)) * 1000}
    studies = pages[-1]

    def studies_year() -> None:
        studies.year.setCurrentIndex(studies.year.currentIndex() - 1)
        app.processEvents()
        studies.year.setCurrentIndex(studies.year.currentIndex() + 1)
        app.processEvents()

    figures["studies_year_ms"] = _median(studies_year, steps=2) * 1000
    figures["open_sentiment_ms"] = _median(opened(SentimentPage)) * 1000
    sentiment = pages[-1]
    years = sentiment.picker.year

    def sentiment_year() -> None:
        years.setCurrentIndex(years.currentIndex() - 1)
        app.processEvents()
        years.setCurrentIndex(years.currentIndex() + 1)
        app.processEvents()

    figures["sentiment_year_ms"] = _median(sentiment_year, steps=2) * 1000
    channel = sentiment.channel
    hotline = channel.findData(Channel.HOTLINE_12345)

    def sentiment_filter() -> None:
        channel.setCurrentIndex(hotline)
        app.processEvents()
        channel.setCurrentIndex(0)
        app.processEvents()

    figures["sentiment_filter_ms"] = _median(sentiment_filter, steps=2) * 1000
    return figures


CHILDREN: dict[str, Callable[[Path, Path], dict[str, float]]] = {
    "export": _child_export,
    "duty_list": _child_duty_list,
    "import": _child_import,
    "matrix": _child_matrix,
    "pages": _child_pages,
}


# --- the parent -----------------------------------------------------------------------------


def make_import_file(db: Path, path: Path, rows: int = IMPORT_ROWS) -> None:
    """`rows` cases as the ledger exports them: the newest of the unit, every other one under
    a new number (new cases) and the rest as they are (duplicates, found in SQL)."""
    from openpyxl import load_workbook

    from ideowork.domain.periods import Period
    from ideowork.services.excel_writing import append_rows, new_sheet, save_workbook
    from ideowork.services.ledgers.excel_export import CASE_HEADERS, DATE_HEADERS

    services = _services(db)
    values: list[list[Any]] = []
    for year in (YEAR, YEAR - 1):
        exported = path.with_name(f"{year}.xlsx")
        services.ledger_excel.export_sentiment(Period.parse(str(year)), exported, True)
        sheet = load_workbook(exported, read_only=True).active
        values += [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        exported.unlink()
    services.close()
    values = values[:rows]
    assert len(values) == rows, "the unit has fewer cases in two years than asked for"
    for index, row in enumerate(values):
        if index % 2:
            row[0] = f"NEW-{row[0]}"
    sheet = new_sheet("舆情台账", CASE_HEADERS, [12] * len(CASE_HEADERS))
    dates = [i for i, h in enumerate(CASE_HEADERS, start=1) if h in DATE_HEADERS]
    append_rows(sheet, values, date_columns=dates)
    save_workbook(sheet, path)


def measure(group: str) -> dict[str, float]:
    """Run one child on a fresh copy of the big unit; its figures by name."""
    from benchmarks.bigunit import cached_big_unit

    db = cached_big_unit()
    out = Path(tempfile.mkdtemp(prefix="ideowork-bench14-"))
    try:
        if group == "import":
            make_import_file(db, out / "import.xlsx")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_issue14_ledgers", group, str(db), str(out)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return figures
    finally:
        shutil.rmtree(db.parent, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def export_sentiment_seconds() -> float:
    return measure("export")["export_sentiment_s"]


def duty_list_seconds() -> float:
    return measure("duty_list")["duty_list_s"]


def import_peak_mib() -> float:
    return measure("import")["import_peak_mib"]


def matrix_keystroke_ms() -> float:
    """The filter a pause in typing runs (each keystroke itself only restarts a timer)."""
    return measure("matrix")["matrix_filter_ms"]


def page_figures() -> dict[str, float]:
    """open_studies_ms, studies_year_ms, open_sentiment_ms, sentiment_year_ms,
    sentiment_filter_ms."""
    return measure("pages")


def all_figures() -> dict[str, float]:
    figures: dict[str, float] = {}
    for group in CHILDREN:
        figures.update(measure(group))
    return figures


def run() -> None:
    figures = all_figures()
    print(f"issue 14, ledgers and matrix on the 10-year unit (median of {RUNS} runs or 3)")
    for key, (what, unit, target) in TARGETS.items():
        if key in figures:
            cpu = figures.get(f"{key}_cpu")
            of_cpu = f"(CPU {cpu:.2f} {unit})" if cpu is not None else ""
            print(f"{what:<48}{figures[key]:>10.2f} {unit:<4}{of_cpu:<18} {target}")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        result = CHILDREN[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
        timed = [key for key in result if not key.endswith("_mib") and key != "import_s"]
        for key, cpu in zip(timed, CPU, strict=True):  # the same order the medians were taken
            result[f"{key}_cpu"] = cpu * 1000 if key.endswith("_ms") else cpu
        print(json.dumps(result))
    else:
        run()
