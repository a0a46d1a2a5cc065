"""Start-up costs and scale: opening and migrating, the demo load, quota with many sessions."""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select

from benchmarks.timing import best_of, peak_rss_mib
from ideowork.db.models import QuotaRule
from ideowork.domain.quota import SessionFact, evaluate
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.gui.app import create_application
from ideowork.gui.main_window import MainWindow
from ideowork.services.context import Services
from ideowork.services.ledgers.studies import rule_spec


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(1000))

        def fresh_demo() -> None:
            services = Services.open(str(Path(folder) / f"b{next(counter)}.sqlite3"))
            services.demo.load()
            services.close()

        print(f"new database + migrations + demo unit: {best_of(5, fresh_demo) * 1000:.0f} ms")

        services = Services.open(str(Path(folder) / "quota.sqlite3"))
        services.demo.load()
        existing = str(Path(folder) / "quota.sqlite3")
        seconds = best_of(5, lambda: Services.open(existing).close())
        print(f"open an existing database at head: {seconds * 1000:.0f} ms")
        studies = services.studies
        print(
            f"quota status of the demo year (SQL + rules): "
            f"{best_of(20, lambda: studies.quota_status(2020)) * 1000:.1f} ms"
        )

        with services.runtime.read() as session:
            rules = [rule_spec(r) for r in session.scalars(select(QuotaRule))]
        rng = random.Random(7)
        kinds = list(StudyKind)
        sessions = [
            SessionFact(
                dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(366)),
                rng.choice(kinds),
                rng.random() < 0.3,
                SessionStatus.HELD,
            )
            for _ in range(100_000)
        ]
        seconds = best_of(3, lambda: evaluate(rules, 2020, sessions, dt.date(2020, 12, 31)))
        print(f"quota rules over 100 000 sessions (pure domain): {seconds * 1000:.0f} ms")

        app = create_application()

        def window() -> None:
            main_window = MainWindow(services)
            main_window.close()
            main_window.deleteLater()
            app.processEvents()

        seconds = best_of(3, window)
        print(f"main window, demo unit (first page built): {seconds * 1000:.0f} ms")
        services.close()
    print(f"peak memory of this process: {peak_rss_mib():.0f} MiB")
