from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ideowork.documents.fonts import FontRole, fonts_dir
from ideowork.gui.pages.system_page import SystemPage
from ideowork.services.context import Services
from tests.gui.conftest import finish


def test_backup_check_and_audit(qtbot: QtBot, demo_services: Services) -> None:
    page = SystemPage(demo_services)
    qtbot.addWidget(page)
    finish(qtbot, page.backup_now())
    written = Path(page.result.text().removeprefix("已备份到："))
    assert written.is_file() and written.parent.name == "backups"
    finish(qtbot, page.check_now())
    # integrity, schema, audit, its head, records, the attached files
    assert page.result.text().count("✔") == 6
    assert page.audit_model.rowCount() >= 1
    assert "载入示例单位" in page.audit_model.record(0).summary


def test_fonts_can_be_chosen_and_reset(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SystemPage(demo_services)
    qtbot.addWidget(page)
    box = page.fonts
    assert "内置" in box.files[FontRole.HEITI].text() or "系统" in box.files[FontRole.HEITI].text()
    chosen = tmp_path / "simhei.ttf"
    shutil.copy(fonts_dir() / "gbsn00lp.ttf", chosen)
    box.use_file(FontRole.HEITI, chosen)
    assert box.files[FontRole.HEITI].text() == "simhei.ttf（用户）"
    errors: list[str] = []
    monkeypatch.setattr(
        "ideowork.gui.pages.font_settings.show_error", lambda _p, e, _t="": errors.append(str(e))
    )
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    box.use_file(FontRole.HEITI, bad)
    assert "TrueType" in errors[-1]
    assert box.files[FontRole.HEITI].text() == "simhei.ttf（用户）"  # the good choice stays
    box.use_file(FontRole.HEITI, None)
    assert "用户" not in box.files[FontRole.HEITI].text()
    box.names[FontRole.KAITI].setText("楷体")
    box.save_name(FontRole.KAITI)
    page.refresh()
    assert box.names[FontRole.KAITI].text() == "楷体"


def test_restore_from_a_backup_in_the_gui(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:

    page = SystemPage(demo_services)
    qtbot.addWidget(page)
    backup = demo_services.maintenance.backup()
    zhou = next(p for p in demo_services.unit.list_people() if p.name == "周敏")
    assert zhou.id is not None
    demo_services.unit.delete_person(zhou.id)
    heard: list[frozenset[str]] = []
    demo_services.subscribe(heard.append)  # every page learns that everything changed
    finish(qtbot, page.restore(backup))
    assert heard and "*" in heard[-1]
    safety = Path(page.result.text().split("另存为：")[1])
    assert safety.is_file()
    assert "周敏" in [p.name for p in demo_services.unit.list_people()]
    assert "从备份" in demo_services.maintenance.recent_changes(1)[0].summary
    assert "恢复前的数据已另存为" in page.result.text()
    assert demo_services.maintenance.check().ok


def test_a_damaged_backup_is_refused_in_the_gui(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(
        "ideowork.gui.failures.show_error", lambda _p, e, _t="": errors.append(str(e))
    )
    page = SystemPage(demo_services)
    qtbot.addWidget(page)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"garbage" * 500)
    finish(qtbot, page.restore(junk))
    assert "未通过完整性检查" in errors[-1]
    assert len(demo_services.unit.list_people()) == 9
