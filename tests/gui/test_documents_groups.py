"""The 公文 page lists its templates under 报告, 方案与要点, 通报与总结 and 台账与表格."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.services.context import Services
from ideowork.services.reports.templates import TEMPLATES
from tests.gui.conftest import finish


def _rows(page: DocumentsPage) -> list[tuple[str, object, bool]]:
    model = page.template.model()
    assert isinstance(model, QStandardItemModel)
    return [
        (
            model.item(row).text(),
            model.item(row).data(Qt.ItemDataRole.UserRole),
            model.item(row).isEnabled(),
        )
        for row in range(model.rowCount())
    ]


def test_templates_are_listed_under_their_groups(qtbot: QtBot, demo_services: Services) -> None:
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    rows = _rows(page)
    headings = [text for text, data, enabled in rows if data is None]
    assert headings[:3] == ["报告", "方案与要点", "通报与总结"]
    assert headings[-1] == "台账与表格"
    assert all(not enabled for _text, data, enabled in rows if data is None)  # not choosable
    under: dict[str, str] = {}
    group = ""
    for text, data, _enabled in rows:
        if data is None:
            group = text
        else:
            under[str(data)] = group
    assert under == {spec.id: spec.group for spec in TEMPLATES}  # every template, once
    assert under["half-year-report"] == "报告"
    assert under["annual-briefing"] == under["annual-summary"] == "通报与总结"
    assert under["study-plan"] == "方案与要点" and under["minutes"] == "台账与表格"
    assert page.template.currentData() == TEMPLATES[0].id  # a template, never a heading


def test_a_new_template_drafts_from_the_page(qtbot: QtBot, demo_services: Services) -> None:
    page = DocumentsPage(demo_services)
    qtbot.addWidget(page)
    page.template.setCurrentIndex(page.template.findData("half-year-report"))
    page.period.setText("2020H2")
    finish(qtbot, page.make_draft())
    text = page.editor.toPlainText()
    assert "签发人：杨昌波" in text and "【待填写" not in text
