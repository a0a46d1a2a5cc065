"""检查考核 page: the demo's 2020 checklist, assessments, 督查 and 责任追究; scoring a sheet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from ideowork.domain.vocab import FindingStatus
from ideowork.gui.pages.assessment_page import AssessmentPage
from ideowork.services.context import Services


def _page(qtbot: QtBot, services: Services) -> AssessmentPage:
    page = AssessmentPage(services)
    qtbot.addWidget(page)
    page.year.setCurrentIndex(page.year.findData(2020))
    return page


def test_the_page_shows_the_demo_year(qtbot: QtBot, demo_services: Services) -> None:
    page = _page(qtbot, demo_services)
    assert page.tree.topLevelItemCount() == 8
    assert page.tree.topLevelItem(0).text(0) == "一、落实意识形态工作主体责任"  # type: ignore[union-attr]
    assert page.checklist_sum.text() == "8类20项，合计100分"
    assert page.make_year.isHidden()
    rows = page.overview_model.records
    assert [(r.name, r.assessment.state if r.assessment else "") for r in rows] == [
        ("党政办公室", "好"),
        ("宣传办", "好"),
        ("组织办", "较好"),
        ("纪检监察室", "好"),
        ("综治信访办", "较好"),
        ("社会事务办", "一般"),
    ]
    assert "“好”3个" in page.overview_summary.text()
    assert page.inspection_model.rowCount() == 1
    assert page.inspection_model.index(0, 4).data() == "2个（整改中2个）"
    assert page.case_model.rowCount() == 1
    assert page.case_model.index(0, 3).data().startswith("第12项")


def test_scoring_in_the_sheet_moves_the_total_and_the_grade(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = _page(qtbot, demo_services)
    page.overview.selectRow(0)  # 党政办公室, 97
    dialog = page.open_assessment(page.selected_overview())
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "合计 97 分" in dialog.total.text() and "等次：好" in dialog.total.text()
    dialog.table.item(0, 4).setText("0")  # type: ignore[union-attr]
    assert "合计 92 分" in dialog.total.text()
    dialog.save()
    assert "扣分理由" in dialog.message.text() and dialog.saved is None
    dialog.table.item(0, 5).setText("全年未把意识形态工作纳入党委议事日程")  # type: ignore[union-attr]
    dialog.table.item(3, 4).setText("0")  # type: ignore[union-attr]
    dialog.table.item(3, 5).setText("全年未专题研究")  # type: ignore[union-attr]
    assert "等次：较好" in dialog.total.text()  # 87 under the default thresholds
    dialog.save()
    assert dialog.saved is not None and dialog.saved.info.total == Decimal(87)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.refresh()
    assert page.overview_model.record(0).assessment.grade == "较好"  # type: ignore[union-attr]


def test_an_office_not_assessed_gets_its_sheet_and_full_marks(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = _page(qtbot, demo_services)
    page.year.setCurrentIndex(page.year.findData(2026))  # this year (TEST_NOW)
    assert page.tree.topLevelItemCount() == 0 and not page.make_year.isHidden()
    assert all(r.assessment is None for r in page.overview_model.records)
    page.overview.selectRow(1)
    dialog = page.open_assessment(page.selected_overview())  # the checklist: 2020's
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 20
    dialog.fill_full_marks()
    assert "合计 100 分" in dialog.total.text() and "等次：好" in dialog.total.text()
    dialog.save()
    assert dialog.saved is not None
    page.refresh()
    assert page.tree.topLevelItemCount() == 8
    assert page.overview_model.record(1).assessment.state == "好"  # type: ignore[union-attr]


def test_an_inspection_saved_from_its_dialog_adds_findings(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = _page(qtbot, demo_services)
    dialog = page.edit_inspection(None)
    qtbot.addWidget(dialog)
    dialog.subject.setText("阵地管理专项督查")
    dialog.add_finding_row()
    dialog.new_findings.item(0, 0).setText("电子屏无审核记录")  # type: ignore[union-attr]
    dialog.add_finding_row()  # left empty: ignored
    dialog.save()
    assert dialog.saved is not None, dialog.message.text()
    [finding] = dialog.saved.findings
    assert finding.status is FindingStatus.OPEN and finding.period == "2020Q4"
    page.refresh()
    assert page.inspection_model.rowCount() == 2


def test_a_checklist_is_imported_from_a_file_with_a_preview(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    rules = tmp_path / "考核细则.txt"
    rules.write_text(
        "考核细则\n一、组织领导（60分）\n1.专题研究意识形态工作（30分）\n2.专题汇报（30分）\n"
        "二、学习教育（40分）\n1.集中学习（40分）\n",
        encoding="utf-8",
    )
    page = _page(qtbot, demo_services)
    page.year.setCurrentIndex(page.year.findData(2026))  # this year (TEST_NOW)
    dialog = page.import_checklist(rules, open_dialog=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    dialog.save()
    assert dialog.saved
    page.refresh()
    assert page.checklist_sum.text() == "2类3项，合计100分"
    # 2020 has scores: replacing its checklist is refused, with the reason.
    page.year.setCurrentIndex(page.year.findData(2020))
    refused = page.import_checklist(rules, open_dialog=False)
    assert refused is not None
    qtbot.addWidget(refused)
    refused.save()
    assert "已有考核评分" in refused.message.text() and not refused.saved
