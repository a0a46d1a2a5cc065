"""One report (DOCX and PDF) from the demo ledgers, against LibreOffice converting the same DOCX.

Target: generating both formats at least 10× faster than LibreOffice's DOCX → PDF alone.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.timing import best_of, peak_rss_mib
from ideowork.domain.periods import Period
from ideowork.services.context import Services

TEMPLATES = ("quarterly-implementation", "quarterly-analysis")


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        services = Services.open(str(root / "bench.sqlite3"))
        services.demo.load()
        reports = services.reports
        period = Period.parse("2020Q3")
        reports.make(TEMPLATES[0], period, root / "warm")  # fonts loaded once, like a session
        for template in TEMPLATES:
            out = root / template
            seconds = best_of(5, lambda t=template, o=out: reports.make(t, period, o))
            print(f"{template}: DOCX + PDF from the ledgers in {seconds * 1000:.0f} ms")
            soffice = shutil.which("soffice")
            if soffice is None:
                print("  LibreOffice not installed: no comparison")
                continue
            docx = next(out.glob("*.docx"))
            convert = [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root / "lo"),
                str(docx),
            ]
            lo = best_of(3, lambda c=convert: subprocess.run(c, capture_output=True, check=True))
            print(
                f"  LibreOffice DOCX → PDF alone: {lo * 1000:.0f} ms ({lo / seconds:.1f}× slower)"
            )
        services.close()
    print(f"peak memory of this process: {peak_rss_mib():.0f} MiB")
