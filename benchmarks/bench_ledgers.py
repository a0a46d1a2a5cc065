"""The big ledgers at a real unit's size: 100 000 cases and 20 000 sessions over ten years.

Targets (seams issue): the 舆情 page opens in < 300 ms; a filter or a sort change takes
< 100 ms; a quarter's statistics < 100 ms; peak memory < 300 MB. Measured in a fresh child
process on the generated unit of benchmarks/bigunit.py, so the build does not count towards
the memory figure; each figure is the median of several runs.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 7
BIG_UNIT_TODAY = (2025, 11, 15)  # the generator's "today": its newest cases are still open


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def measure(db_file: Path) -> None:
    """The child: open the big unit as the app does and time what the user waits for."""
    import datetime as dt

    from PySide6.QtCore import Qt

    from ideowork.domain.periods import Period
    from ideowork.domain.vocab import Channel
    from ideowork.gui.app import create_application
    from ideowork.gui.pages.sentiment_page import SentimentPage
    from ideowork.gui.pages.studies_page import StudiesPage
    from ideowork.services.context import Services
    from ideowork.services.ledgers.sentiment import CaseQuery
    from ideowork.services.runtime import FixedClock

    app = create_application()
    services = Services.open(str(db_file), clock=FixedClock.on(dt.date(*BIG_UNIT_TODAY)))
    total = len(services.sentiment.case_ids(CaseQuery()))
    rows: list[tuple[str, float, str]] = []

    def shown(page: SentimentPage | StudiesPage) -> None:
        page.resize(1280, 800)
        page.show()
        app.processEvents()  # laid out and painted: what the user sees

    pages: list[SentimentPage] = []

    def open_sentiment() -> None:
        page = SentimentPage(services)
        shown(page)
        pages.append(page)

    rows.append(("open 舆情台账 (latest year)", median_ms(open_sentiment), "< 300 ms"))
    page = pages[-1]
    year_rows = page.model.rowCount()

    def all_years() -> None:
        page.picker.year.setCurrentIndex(0)  # 全部年份
        app.processEvents()

    def back_to_year() -> None:
        page.picker.year.setCurrentIndex(page.picker.year.count() - 2)
        app.processEvents()

    def both() -> None:
        back_to_year()
        all_years()

    rows.append(("switch to all 10 years (100 000 rows)", median_ms(both) / 2, "< 100 ms"))
    all_years()
    assert page.model.rowCount() == total
    channel = page.channel
    index = channel.findData(Channel.HOTLINE_12345)

    def filter_channel() -> None:
        channel.setCurrentIndex(index)
        app.processEvents()
        channel.setCurrentIndex(0)
        app.processEvents()

    rows.append(("filter by channel, all years", median_ms(filter_channel) / 2, "< 100 ms"))

    def filter_overdue() -> None:
        page.deadline_filter.setCurrentIndex(1)  # 已逾期
        app.processEvents()
        page.deadline_filter.setCurrentIndex(0)
        app.processEvents()

    rows.append(("filter overdue only, all years", median_ms(filter_overdue) / 2, "< 100 ms"))

    def search() -> None:
        page.search.setText("噪音")
        page.apply_filters()  # what the debounce timer calls
        app.processEvents()
        page.search.setText("")
        page.apply_filters()
        app.processEvents()

    rows.append(("full-text search, all years", median_ms(search) / 2, "< 100 ms"))
    columns = [c.sort_key for c in page.model._columns]

    def sort_by(key: str) -> Callable[[], None]:
        column = columns.index(key)

        def action() -> None:
            page.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            app.processEvents()
            page.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
            app.processEvents()

        return action

    for key in ("title", "received_on", "office"):
        rows.append((f"sort 100 000 rows by {key}", median_ms(sort_by(key)) / 2, "< 100 ms"))

    def select_case() -> None:
        for row in (0, 1):
            page.view.selectRow(row)
            app.processEvents()

    rows.append(("select a case (detail and history)", median_ms(select_case) / 2, "< 100 ms"))

    def statistics_tab() -> None:
        page.picker.year.setCurrentIndex(page.picker.year.count() - 2)  # the latest year
        page.tabs.setCurrentIndex(1)
        app.processEvents()
        page.tabs.setCurrentIndex(0)
        page.picker.year.setCurrentIndex(0)
        app.processEvents()

    rows.append(("统计 tab: year figures and chart", median_ms(statistics_tab), ""))
    before_scroll = page.model.fetch_count
    for row in range(0, total, 40):  # page by page to the end, as a user paging down would
        page.view.scrollTo(page.model.index(row, 0))
        app.processEvents()
    scroll_fetches = page.model.fetch_count - before_scroll
    quarter = Period.parse("2025Q3")
    rows.append(
        (
            "statistics of a quarter (2025Q3)",
            median_ms(lambda: services.sentiment.stats(quarter)),
            "< 100 ms",
        )
    )
    rows.append(
        (
            "statistics of a year (2025)",
            median_ms(lambda: services.sentiment.stats(Period.parse("2025"))),
            "",
        )
    )
    studies: list[StudiesPage] = []

    def open_studies() -> None:
        studies_page = StudiesPage(services)
        shown(studies_page)
        studies.append(studies_page)

    rows.append(("open 学习日历 (latest year)", median_ms(open_studies), "< 300 ms"))
    studies_page = studies[-1]

    def change_year() -> None:
        studies_page.year.setCurrentIndex(studies_page.year.currentIndex() - 1)
        app.processEvents()
        studies_page.year.setCurrentIndex(studies_page.year.currentIndex() + 1)
        app.processEvents()

    rows.append(("学习日历: change year", median_ms(change_year) / 2, "< 100 ms"))

    def change_month() -> None:
        studies_page.step_month(-1)
        app.processEvents()
        studies_page.step_month(+1)
        app.processEvents()

    rows.append(("学习日历: next / previous month", median_ms(change_month) / 2, "< 100 ms"))
    busiest = max(
        services.studies.counts_by_day(studies_page.shown[0]).items(), key=lambda kv: kv[1]
    )[0]
    rows.append(
        (
            f"学习日历: select the busiest day ({busiest:%m-%d})",
            median_ms(lambda: studies_page.show_day(busiest)),
            "< 50 ms",
        )
    )
    studies_page.tabs.setCurrentIndex(2)

    def search_list() -> None:
        studies_page.search.setText("意识形态")
        studies_page.apply_filters()
        studies_page.search.setText("")
        studies_page.apply_filters()

    rows.append(("学习日历 list: search the year, then clear", median_ms(search_list) / 2, ""))
    rows.append(
        (
            "propose next year's study plan",
            median_ms(lambda: services.study_plan.propose(studies_page.shown[0] + 1)),
            "",
        )
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"big unit: {total} cases ({year_rows} in the latest year), median of {RUNS} runs")
    print(f"{'what':<42}{'median':>10}  target")
    for what, ms, target in rows:
        print(f"{what:<42}{ms:>8.1f} ms  {target}")
    print(
        f"{'fetches scrolling all rows, 40 at a time':<42}{scroll_fetches:>8} calls"
        f" (pages of {page.model.page_size}, at most {page.model.max_pages} kept)"
    )
    print(f"{'peak memory of the process':<42}{peak:>8.0f} MB  < 300 MB")
    services.close()


def run() -> None:
    from benchmarks.bigunit import cached_big_unit

    started = time.perf_counter()
    db_file = cached_big_unit()
    print(f"(big unit ready in {time.perf_counter() - started:.1f} s)")
    try:
        subprocess.run([sys.executable, "-m", "benchmarks.bench_ledgers", str(db_file)], check=True)
    finally:
        shutil.rmtree(db_file.parent, ignore_errors=True)


if __name__ == "__main__":
    measure(Path(sys.argv[1]))
