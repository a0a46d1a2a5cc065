"""佐证材料 where the records are: the task dialog, the case detail, the 公文 page's archived
documents; deleting a task (with its sub-tasks), a case or an archived document asks what to
do with the files and does it, never silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ideowork.db.models import StoredFile
from ideowork.domain.periods import Period
from ideowork.gui.pages import documents_page, matrix_page, sentiment_page
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.gui.pages.sentiment_page import SentimentPage
from ideowork.gui.tasks import Worker
from ideowork.gui.widgets import attachments_panel
from ideowork.services.context import Services
from ideowork.services.matrix.model import iter_tree

SHOTS = Path("/work/helpers/r3/shots")


def picture(folder: Path, name: str, colour: str = "teal") -> Path:
    """A page-like picture: a coloured sheet with a frame and lines of "text"."""
    path = folder / name
    image = Image.new("RGB", (480, 640), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 459, 619), outline="black", width=4)
    for line in range(8):
        draw.line((60, 90 + 60 * line, 420 - 30 * (line % 3), 90 + 60 * line), "black", 6)
    image.save(path)
    return path


class Answers:
    """Stands in for the question asked before a record with files is deleted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: bool | None) -> None:
        self.answer = answer
        self.asked: list[list[str]] = []
        monkeypatch.setattr(attachments_panel, "ask_about_attachments", self)

    def __call__(
        self, _parent: object, _services: object, _table: str, uid: str | list[str]
    ) -> bool | None:
        self.asked.append([uid] if isinstance(uid, str) else list(uid))
        return self.answer


def stored_count(services: Services) -> int:
    with services.runtime.read() as session:
        return len(list(session.scalars(select(StoredFile.sha256))))


# --- 责任清单 ----------------------------------------------------------------------------------
@pytest.fixture
def matrix(qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> MatrixPage:
    monkeypatch.setattr(matrix_page, "confirm", lambda *_args: True)
    page = MatrixPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.set_year(2020)
    return page


def a_task_with_children(services: Services) -> tuple[int, list[int]]:
    for node in iter_tree(services.matrix.tree(2020)):
        if node.children and node.parent_id is not None:
            return node.id, [child.id for child in node.children]
    for node in iter_tree(services.matrix.tree(2020)):
        if node.children:
            return node.id, [child.id for child in node.children]
    raise AssertionError("the demo has no task with sub-tasks")


def test_the_task_dialog_shows_the_task_files(
    matrix: MatrixPage, demo_services: Services, tmp_path: Path
) -> None:
    task_id, _ = a_task_with_children(demo_services)
    uid = demo_services.attachments.uid_of("task", task_id)
    assert uid is not None
    demo_services.attachments.add("task", uid, [picture(tmp_path, "专题会议现场.jpg")])
    assert matrix.select_task(task_id)
    dialog = matrix.edit_task(open_dialog=False)
    assert dialog is not None
    panel = dialog.findChild(attachments_panel.AttachmentsPanel)
    assert panel is not None and [a.file_name for a in panel.attachments] == ["专题会议现场.jpg"]
    assert panel.add_button.isEnabled()
    new = matrix.add_task(open_dialog=False).findChild(attachments_panel.AttachmentsPanel)
    assert new is not None and "保存这条记录后" in new.note.text()
    assert not new.add_button.isEnabled()


def test_deleting_a_task_asks_about_the_files_of_its_sub_tasks_and_undo_brings_them_back(
    matrix: MatrixPage, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = demo_services.attachments
    task_id, children = a_task_with_children(demo_services)
    child_uid = files.uid_of("task", children[0])
    assert child_uid is not None
    files.add("task", child_uid, [picture(tmp_path, "整改方案.jpg")])
    answers = Answers(monkeypatch, None)  # cancelled: nothing deleted
    assert matrix.select_task(task_id)
    matrix.delete_task()
    assert len(answers.asked) == 1 and child_uid in answers.asked[0]
    assert len(answers.asked[0]) == 1 + len(children)  # the task and its sub-tasks
    assert matrix.matrix.get(task_id) is not None and not matrix.undo_stack

    answers.answer = True  # keep the files
    matrix.delete_task()
    assert len(matrix.undo_stack) == 1
    (kept,) = files.unattached()
    assert kept.attachment.file_name == "整改方案.jpg" and kept.owner_label == "责任任务"
    matrix.undo_delete()  # the sub-task comes back under its uid: its file with it
    assert not files.unattached()
    assert [a.file_name for a in files.list_for("task", child_uid)] == ["整改方案.jpg"]


def test_a_task_deleted_with_its_files_leaves_nothing_behind(
    matrix: MatrixPage, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = demo_services.attachments
    task_id, children = a_task_with_children(demo_services)
    before = stored_count(demo_services)
    uid = files.uid_of("task", children[-1])
    assert uid is not None
    files.add("task", uid, [picture(tmp_path, "会议纪要照片.jpg", "navy")])
    assert stored_count(demo_services) == before + 1
    Answers(monkeypatch, False)
    assert matrix.select_task(task_id)
    matrix.delete_task()
    assert files.counts("task", [uid]) == {} and not files.unattached()
    assert stored_count(demo_services) == before


# --- 舆情台账 ----------------------------------------------------------------------------------
@pytest.fixture
def sentiment(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> SentimentPage:
    monkeypatch.setattr(sentiment_page, "confirm", lambda *_args: True)
    page = SentimentPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1400, 820)
    page.show()
    page.picker.year.setCurrentIndex(page.picker.year.findData(2020))
    page.picker.part.setCurrentIndex(page.picker.part.findData("Q3"))
    return page


def the_case_with_files(services: Services) -> int:
    """The demo's case with the scanned 12345 reply form."""
    for case_id in services.sentiment.case_ids(services_query()):
        uid = services.attachments.uid_of("sentiment_case", case_id)
        if uid and services.attachments.counts("sentiment_case", [uid]):
            return case_id
    raise AssertionError("the demo has no case with files")


def services_query() -> object:
    from ideowork.services.ledgers.sentiment import CaseQuery

    return CaseQuery(period=Period.parse("2020Q3"))


def test_the_case_detail_shows_its_files(qtbot: QtBot, sentiment: SentimentPage) -> None:
    detail = sentiment.detail
    assert detail.evidence is not None
    case_id = the_case_with_files(sentiment.services)
    assert sentiment.select_case(case_id)
    assert detail.below.tabText(1) == "佐证材料（1）"
    assert [a.file_name for a in detail.evidence.attachments] == ["办理情况回复单.jpg"]
    qtbot.waitUntil(lambda: len(detail.evidence._thumbs) == 1, timeout=30_000)
    detail.below.setCurrentIndex(1)
    if SHOTS.is_dir():
        sentiment.grab().save(str(SHOTS / "F2_case_detail_files.png"))
    # Another case: its own (no) files, the tab says so.
    other = next(i for i in sentiment.services.sentiment.case_ids(services_query()) if i != case_id)  # type: ignore[arg-type]
    assert sentiment.select_case(other)
    assert detail.below.tabText(1) == "佐证材料" and not detail.evidence.attachments


def test_files_added_in_the_case_detail_update_its_tab(
    qtbot: QtBot, sentiment: SentimentPage, tmp_path: Path
) -> None:
    detail = sentiment.detail
    assert detail.evidence is not None
    case_id = the_case_with_files(sentiment.services)
    assert sentiment.select_case(case_id)
    detail.evidence.add_files([picture(tmp_path, "现场核查.jpg")])
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: detail.below.tabText(1) == "佐证材料（2）", timeout=30_000)


def test_deleting_a_case_asks_about_its_files(
    sentiment: SentimentPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sentiment.services.attachments
    case_id = the_case_with_files(sentiment.services)
    uid = files.uid_of("sentiment_case", case_id)
    assert uid is not None
    answers = Answers(monkeypatch, None)
    assert sentiment.select_case(case_id)
    sentiment.delete_case()
    assert answers.asked == [[uid]] and files.uid_of("sentiment_case", case_id) == uid
    answers.answer = True
    sentiment.delete_case()
    assert files.uid_of("sentiment_case", case_id) is None
    (kept,) = files.unattached()
    assert kept.attachment.file_name == "办理情况回复单.jpg" and kept.owner_label == "舆情事项"


# --- 公文 --------------------------------------------------------------------------------------
@pytest.fixture
def documents(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> DocumentsPage:
    monkeypatch.setattr(documents_page, "confirm", lambda *_args: True)
    demo_services.reports.make(
        "quarterly-analysis", Period.parse("2020Q3"), tmp_path, frozenset({"pdf"})
    )
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.tabs.setCurrentIndex(1)
    return page


def test_an_archived_document_carries_its_files(
    qtbot: QtBot, documents: DocumentsPage, tmp_path: Path
) -> None:
    panel = documents.evidence
    assert "选择一份公文" in panel.note.text() and not documents.delete_button.isEnabled()
    documents.archive_view.selectRow(0)
    assert documents.evidence_box.title().startswith("佐证材料：")
    assert panel.add_button.isEnabled() and documents.delete_button.isEnabled()
    signed = picture(tmp_path, "签发稿扫描件.jpg", "white")
    panel.add_files([signed])
    assert Worker.wait_idle(30_000)
    qtbot.waitUntil(lambda: panel.files.count() == 1, timeout=30_000)
    qtbot.waitUntil(lambda: len(panel._thumbs) == 1, timeout=30_000)
    documents.refresh()  # a reload keeps the document chosen and its files shown
    assert panel.files.count() == 1
    if SHOTS.is_dir():
        documents.grab().save(str(SHOTS / "F2_archived_document_files.png"))


def test_deleting_an_archived_document_asks_about_its_files(
    documents: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = documents.services
    (document,) = services.archive.documents()
    uid = services.attachments.uid_of("generated_document", document.id)
    assert uid is not None
    services.attachments.add("generated_document", uid, [picture(tmp_path, "签发稿.jpg")])
    answers = Answers(monkeypatch, None)
    documents.archive_view.selectRow(0)
    documents.delete_archived()
    assert answers.asked == [[uid]] and len(services.archive.documents()) == 1
    answers.answer = False  # delete them with it
    documents.delete_archived()
    assert services.archive.documents() == [] and documents.archive_model.rowCount() == 0
    assert services.attachments.counts("generated_document", [uid]) == {}
    assert not services.attachments.unattached()
    assert "已从归档中删除" in documents.messages.text()
    # Its PDF stays where it was written.
    assert Path(document.pdf_path).is_file()
