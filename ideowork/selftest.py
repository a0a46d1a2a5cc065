"""`ideowork self-test`: a quick start-up check for the packaged executable."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def run_self_test() -> int:
    """Open a fresh database in a temp dir, load the demo, run the checks, build the window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ideowork.services.database import open_database
    from ideowork.services.demo import load_demo
    from ideowork.services.health import run_checks

    with tempfile.TemporaryDirectory(prefix="ideowork-selftest-") as folder:
        db = open_database(str(Path(folder) / "selftest.sqlite3"))
        load_demo(db)
        report = run_checks(db)
        for item in report.items:
            print(f"{'通过' if item.ok else '失败'}  {item.detail}")
        from ideowork.gui.app import create_application
        from ideowork.gui.main_window import MainWindow
        from ideowork.services.registry import Services

        create_application()
        window = MainWindow(Services.for_database(db))
        pages = window.page_titles()
        window.close()
        db.dispose()
        print(f"通过  界面可以创建（{len(pages)}个页面：{'、'.join(pages)}）")
    print("自检通过。" if report.ok else "自检未通过。")
    return 0 if report.ok else 1
