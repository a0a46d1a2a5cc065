"""`ideowork self-test`: a quick start-up check for the packaged executable."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path


def run_self_test() -> int:
    """In a temp dir: a fresh database, the demo, the checks, one report, the main window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ideowork.services.context import Services

    with tempfile.TemporaryDirectory(prefix="ideowork-selftest-") as folder:
        services = Services.open(str(Path(folder) / "selftest.sqlite3"))
        services.demo.load()
        report = services.maintenance.check()
        for item in report.items:
            print(f"{'通过' if item.ok else '失败'}  {item.detail}")
        # Documents need files a frozen build can miss (python-docx templates, fonts).
        from ideowork.domain.periods import Period

        made = services.reports.make("quarterly-analysis", Period.parse("2020Q3"), Path(folder))
        sizes = "、".join(
            f"{kind.upper()} {path.stat().st_size // 1024} KB"
            for kind, path in sorted(made.files.items())
        )
        print(f"通过  公文可以生成（{sizes}）")
        # The statutory holidays come from a package's data files a frozen build can miss.
        from ideowork.domain.workdays import WorkCalendar

        national_day = WorkCalendar([2024]).mark(dt.date(2024, 10, 1))
        holidays_ok = national_day is not None and national_day.is_day_off
        named = national_day.name if national_day else "没有标记"
        verdict = "通过" if holidays_ok else "失败"
        print(f"{verdict}  法定节假日可以读取（2024年10月1日：{named}）")
        from ideowork.gui.app import create_application
        from ideowork.gui.main_window import MainWindow

        create_application()
        window = MainWindow(services)
        pages = window.page_titles()
        window.close()
        services.close()
        print(f"通过  界面可以创建（{len(pages)}个页面：{'、'.join(pages)}）")
    passed = report.ok and holidays_ok
    print("自检通过。" if passed else "自检未通过。")
    return 0 if passed else 1
