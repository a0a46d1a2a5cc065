from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pytestqt.qtbot import QtBot

from ideowork.domain.periods import Period
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.services.context import Services
from tests.gui.conftest import finish


def test_draft_edit_make_and_preview(
    qtbot: QtBot, demo_services: Services, private_data_dir: Path
) -> None:
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.template.setCurrentIndex(page.template.findData("quarterly-analysis"))
    page.period.setText("2020Q3")
    finish(qtbot, page.make_draft())
    assert "文号：完党字〔2020〕105号" in page.editor.toPlainText()
    page.editor.setPlainText(
        page.editor.toPlainText().replace("特此报告。", "请审阅。\n特此报告。")
    )
    finish(qtbot, page.make_files())
    assert page.made is not None
    with pdfplumber.open(page.made.files["pdf"]) as pdf:
        assert page.pdf.pageCount() == len(pdf.pages) >= 4  # the preview shows the whole file
    assert all(path.parent == private_data_dir / "documents" for path in page.made.files.values())
    assert page.archive_model.rowCount() == 1
    assert page.archive_model.record(0).doc_number == "完党字〔2020〕105号"
    demo_services.archive.mark_printed(page.made.archive_id)
    page.refresh()
    assert page.archive_model.record(0).printed_at is not None


def test_bad_period_and_bad_markup_are_explained(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    for where in ("ideowork.gui.pages.documents_page", "ideowork.gui.failures"):
        monkeypatch.setattr(
            f"{where}.show_error", lambda parent, error, title="": shown.append(str(error))
        )
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    page.period.setText("2020Q9")
    assert page.make_draft() is None
    assert "无法识别的期间" in shown[-1]
    page.period.setText("2020Q3")
    finish(qtbot, page.make_draft())
    page.editor.setPlainText("标题：无分隔行")
    finish(qtbot, page.make_files())
    assert "---" in shown[-1]
    assert page.made is None
    assert page.make_button.isEnabled()  # the user can correct the text and try again


def test_the_draft_period_starts_at_the_quarter_just_finished(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    assert page.period.text() == str(Period.quarter_before(demo_services.today())) == "2026Q3"


def test_an_archived_document_reopens_as_edited(qtbot: QtBot, demo_services: Services) -> None:
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    page.template.setCurrentIndex(page.template.findData("quarterly-implementation"))
    page.period.setText("2020Q3")
    finish(qtbot, page.make_draft())
    page.editor.setPlainText(
        page.editor.toPlainText().replace("特此报告。", "以上报告已经党委会审议。\n特此报告。")
    )
    finish(qtbot, page.make_files())
    page.editor.clear()
    page.period.setText("2021Q1")
    page.template.setCurrentIndex(0)
    page.reopen(0)
    assert "以上报告已经党委会审议。" in page.editor.toPlainText()
    assert page.period.text() == "2020Q3"
    assert page.template.currentData() == "quarterly-implementation"
    assert page.tabs.currentIndex() == 0 and page.pdf.pageCount() > 0
