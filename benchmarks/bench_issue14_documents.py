"""Issue 14's document row: one quarterly report to DOCX + PDF in process, against LibreOffice
converting the same DOCX to PDF.

``measure`` returns medians of several runs: ``make`` is what the user waits for (the report
drafted from the demo ledgers, both files written and archived: ``ReportService.make``),
``render`` the two writers alone on the same document (``render_document``), and LibreOffice's
``soffice --headless --convert-to pdf`` of the DOCX that ``make`` wrote (None where soffice is
not installed). LibreOffice runs with a profile of its own, created by one unmeasured
conversion first, as the app is warmed by one unmeasured report (fonts loaded once a session).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ideowork.documents.markup import parse_markup
from ideowork.documents.render import render_document
from ideowork.domain.periods import Period
from ideowork.services.context import Services

TEMPLATE = "quarterly-implementation"
PERIOD = "2020Q3"
TARGET = 20.0  # LibreOffice's time over ours, at least


@dataclass(frozen=True)
class DocumentsFigures:
    """Median seconds of each way to the files, and how many runs each median is of."""

    make: float
    render: float
    libreoffice: float | None
    runs: int

    @property
    def ratio(self) -> float | None:
        """LibreOffice's DOCX → PDF alone over our DOCX + PDF (the issue's figure)."""
        return None if self.libreoffice is None else self.libreoffice / self.make

    @property
    def render_ratio(self) -> float | None:
        """The same over the two writers alone."""
        return None if self.libreoffice is None else self.libreoffice / self.render


def median_seconds(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_seconds(docx: Path, work: Path, runs: int) -> float | None:
    """Median seconds of LibreOffice converting ``docx`` to PDF (None without soffice)."""
    program = soffice()
    if program is None:
        return None
    command = [
        program,
        f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "lo"),
        str(docx),
    ]

    def convert() -> None:
        subprocess.run(command, capture_output=True, check=True, timeout=300)

    convert()  # the profile is created on the first start
    return median_seconds(runs, convert)


def measure(runs: int = 5) -> DocumentsFigures:
    """The figures of one quarterly report of the demo unit, medians of ``runs`` runs."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        services = Services.open(str(work / "bench.sqlite3"))
        try:
            services.demo.load()
            reports = services.reports
            period = Period.parse(PERIOD)
            out = work / "made"
            made = reports.make(TEMPLATE, period, out)  # fonts loaded once, as in a session
            make = median_seconds(runs, lambda: reports.make(TEMPLATE, period, out))
            document = parse_markup(made.draft.markup)
            render_document(document, work / "rendered", "report")
            render = median_seconds(
                runs, lambda: render_document(document, work / "rendered", "report")
            )
            docx = made.files["docx"]
            libreoffice = libreoffice_seconds(docx, work, runs)
        finally:
            services.close()
    return DocumentsFigures(make, render, libreoffice, runs)


def run() -> None:
    figures = measure()
    print(
        f"{TEMPLATE} {PERIOD}: DOCX + PDF in process {figures.make * 1000:.0f} ms "
        f"(the two writers alone {figures.render * 1000:.0f} ms), "
        f"median of {figures.runs}"
    )
    if figures.libreoffice is None or figures.ratio is None or figures.render_ratio is None:
        print("  LibreOffice (soffice) not installed: no comparison")
        return
    print(
        f"  LibreOffice DOCX → PDF alone {figures.libreoffice * 1000:.0f} ms: "
        f"{figures.ratio:.1f}× ours (writers alone {figures.render_ratio:.1f}×; "
        f"target ≥ {TARGET:.0f}×)"
    )


if __name__ == "__main__":
    run()
