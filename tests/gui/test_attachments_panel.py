"""The 佐证材料 panel: thumbnails of the demo's pictures, files added off the GUI thread (also
by dropping them in), kind and caption edited, deletion asked first; a record not saved yet
says to save it first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ideowork.db.models import StudySession
from ideowork.gui.tasks import Worker
from ideowork.gui.widgets import attachments_panel
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel
from ideowork.services.context import Services

SHOTS = Path("/work/helpers/r3/shots")


def demo_session_id(services: Services, day: dt.date) -> int:
    with services.runtime.read() as session:
        return int(
            session.scalars(select(StudySession.id).where(StudySession.held_on == day)).one()
        )


def test_the_panel_shows_the_demo_files_with_thumbnails(
    qtbot: QtBot, demo_services: Services
) -> None:
    panel = AttachmentsPanel(
        demo_services, "study_session", demo_session_id(demo_services, dt.date(2020, 8, 12))
    )
    qtbot.addWidget(panel)
    panel.resize(640, 360)
    panel.show()
    assert panel.files.count() == 4
    assert "4 份" in panel.note.text()
    qtbot.waitUntil(lambda: len(panel._thumbs) == 3, timeout=30_000)  # the three pictures
    panel.files.setCurrentRow(1)
    assert panel.kind.currentText() == "照片" and panel.caption.text() == "会议现场"
    assert panel.delete_button.isEnabled() and panel.open_button.isEnabled()
    if SHOTS.is_dir():
        panel.grab().save(str(SHOTS / "F_attachments_panel.png"))


def test_files_are_added_edited_and_deleted_after_asking(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = demo_session_id(demo_services, dt.date(2020, 9, 16))
    panel = AttachmentsPanel(demo_services, "study_session", record)
    qtbot.addWidget(panel)
    assert panel.files.count() == 0 and "还没有" in panel.note.text()
    photo = tmp_path / "集中学习现场.jpg"
    Image.new("RGB", (800, 600), "orange").save(photo)
    panel.add_files([photo])
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: panel.files.count() == 1, timeout=30_000)
    assert panel.selected() is not None and panel.selected().kind == "photo"  # type: ignore[union-attr]

    # Dropped in from the file manager.
    sheet = tmp_path / "签到表.png"
    Image.new("L", (200, 280), 250).save(sheet)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    drop = QDropEvent(
        QPointF(QPoint(10, 10)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(drop)
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: panel.files.count() == 2, timeout=30_000)
    assert [a.kind for a in panel.attachments] == ["photo", "sign_in"]

    panel.files.setCurrentRow(0)
    panel.caption.setText("学习现场")
    panel.caption.editingFinished.emit()
    assert panel.attachments[0].caption == "学习现场"
    panel.kind.setCurrentIndex(panel.kind.findData("other"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    assert panel.attachments[0].kind == "other"

    asked: list[str] = []
    monkeypatch.setattr(
        attachments_panel, "confirm", lambda _parent, text, _title: asked.append(text) or False
    )
    panel.files.setCurrentRow(0)
    panel.delete_selected()
    assert panel.files.count() == 2 and "集中学习现场.jpg" in asked[0]  # asked, declined
    monkeypatch.setattr(attachments_panel, "confirm", lambda *_args: True)
    panel.files.setCurrentRow(0)
    panel.delete_selected()
    assert [a.file_name for a in panel.attachments] == ["签到表.png"]


def test_an_unsaved_record_says_to_save_it_first(qtbot: QtBot, services: Services) -> None:
    panel = AttachmentsPanel(services, "finding", None)
    qtbot.addWidget(panel)
    assert "保存这条记录后" in panel.note.text()
    assert not panel.add_button.isEnabled()


def test_a_refused_file_is_told_and_nothing_is_added(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "ideowork.gui.tasks.show_failure", lambda _parent, error, *_a: shown.append(str(error))
    )
    record = demo_session_id(demo_services, dt.date(2020, 9, 16))
    panel = AttachmentsPanel(demo_services, "study_session", record)
    qtbot.addWidget(panel)
    fake = tmp_path / "照片.jpg"
    fake.write_bytes(b"not an image")
    panel.add_files([fake])
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "照片.jpg" in shown[0] and panel.files.count() == 0


def test_deleting_a_finding_with_files_asks_what_to_do_with_them(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ideowork.gui.pages import findings_page
    from ideowork.gui.pages.findings_page import FindingsPage

    page = FindingsPage(demo_services)
    qtbot.addWidget(page)
    page.view.selectRow(0)
    finding = page.selected()
    assert finding is not None and finding.id is not None
    uid = demo_services.attachments.uid_of("finding", finding.id)
    assert uid is not None
    photo = tmp_path / "整改照片.jpg"
    Image.new("RGB", (60, 40), "gray").save(photo)
    demo_services.attachments.add("finding", uid, [photo])
    asked: list[str] = []

    def answer(_parent: object, _services: object, table: str, owner: str) -> bool | None:
        asked.append(owner)
        return None if len(asked) == 1 else True  # cancel first, then keep the files

    monkeypatch.setattr(findings_page, "confirm", lambda *_args: True)
    monkeypatch.setattr(attachments_panel, "ask_about_attachments", answer)
    rows = page.model.rowCount()
    page.delete()
    assert asked == [uid] and page.model.rowCount() == rows  # cancelled: nothing deleted
    page.view.selectRow(0)
    page.delete()
    assert page.model.rowCount() == rows - 1
    (kept,) = demo_services.attachments.unattached()
    assert kept.attachment.file_name == "整改照片.jpg" and kept.owner_label == "研判问题"
