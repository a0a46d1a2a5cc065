"""The 学习日历 page: sessions added, edited and deleted through the dialog move the quota
dashboard; the plan is accepted from its dialog; printouts reached from a session's menu and
from the 公文 page; holidays and 调休 marked on the month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork.domain.quota import QuotaStatus
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.gui.pages.studies_page import StudiesPage
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from tests.gui.conftest import finish

DAY = dt.date(2020, 9, 22)  # a Tuesday with nothing on it in the demo


@pytest.fixture
def page(qtbot: QtBot, demo_services: Services, clock: FixedClock) -> StudiesPage:
    clock.set(dt.datetime(2020, 9, 25, 9, 0))
    page = StudiesPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    return page


def done(page: StudiesPage, name: str) -> int:
    row = next(r for r in page.rule_rows if r.result.name == name)
    assert row.bar.value() == min(row.result.done, row.result.required)
    return row.result.done


def test_a_session_added_edited_and_deleted_moves_the_dashboard(
    page: StudiesPage, demo_services: Services
) -> None:
    assert page.shown == (2020, 9)
    before = done(page, "集中学习")

    dialog = page.add_session(DAY, open_dialog=False)
    ui = dialog.ui
    assert pydate(ui.heldOn.date()) == DAY
    assert ui.status.currentData() == SessionStatus.HELD  # a day gone by: held, not planned
    ui.kind.setCurrentIndex(ui.kind.findData(StudyKind.COLLECTIVE.value))
    ui.topic.setPlainText("学习《中国共产党宣传工作条例》")
    ui.ideology.setChecked(True)
    ui.hours.setValue(1.5)
    zhou = next(p.id for p in demo_services.unit.list_people() if p.name == "周敏")
    assert zhou is not None
    dialog.set_present(zhou, False, "病假")
    assert ui.attendanceCount.text() == "应到9人，实到8人，缺席1人"
    dialog.save()
    assert dialog.saved is not None and dialog.result() == dialog.DialogCode.Accepted
    page.after_save(dialog.saved.id, DAY)
    assert done(page, "集中学习") == before + 1
    assert [entry for entry, _ in page.month.chip_rects(DAY)] == [dialog.saved.id]
    assert page.current_id == dialog.saved.id

    edit = page.edit_session(dialog.saved.id, open_dialog=False)
    assert edit is not None
    edit.ui.kind.setCurrentIndex(edit.ui.kind.findData(StudyKind.BRANCH_COMMITTEE.value))
    edit.save()
    assert edit.saved is not None
    page.after_save(edit.saved.id, DAY)
    assert done(page, "集中学习") == before  # a 支委会 is not a 集中学习

    token = page.delete_session(ask=False)
    assert token is not None and page.month.chip_rects(DAY) == []
    assert page.undo_button.isEnabled()
    page.undo_delete()
    assert len(page.month.chip_rects(DAY)) == 1


def test_the_dialog_refuses_a_held_session_in_the_future(page: StudiesPage) -> None:
    dialog = page.add_session(dt.date(2020, 10, 13), open_dialog=False)
    dialog.ui.topic.setPlainText("学习党的十九届五中全会精神")
    dialog.ui.status.setCurrentIndex(dialog.ui.status.findData(SessionStatus.HELD))
    dialog.save()
    assert dialog.saved is None
    assert "还没到" in dialog.ui.message.text()
    dialog.ui.endTime.setTime(dialog.ui.startTime.time().addSecs(-600))
    dialog.ui.status.setCurrentIndex(dialog.ui.status.findData(SessionStatus.PLANNED))
    dialog.save()
    assert dialog.saved is None and "结束时间" in dialog.ui.message.text()


def test_the_year_plan_is_accepted_from_its_dialog(
    qtbot: QtBot, demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 12, 28))
    page = StudiesPage(demo_services)
    qtbot.addWidget(page)
    page.show_month(2021, 1)
    assert any(r.result.status is not QuotaStatus.GREEN for r in page.rule_rows)
    dialog = page.plan_year(open_dialog=False)
    assert dialog.table.rowCount() == 33
    dialog.accept_plan()
    assert dialog.result_text == "已将33项计划加入2021年学习日历。"
    page.refresh()
    assert all(r.result.status is QuotaStatus.GREEN for r in page.rule_rows)
    assert "2021年共记录学习和会议33次" in page.summary.text()


def test_a_sessions_menu_prints_its_forms(qtbot: QtBot, page: StudiesPage) -> None:
    page.show_day(dt.date(2020, 9, 16))
    session_id = page.current_id
    assert session_id is not None
    menu = page.session_menu(session_id)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["修改…", "复制为下一次…", "删除", "打印签到表", "打印会议记录"]
    with qtbot.waitSignal(page.document_requested) as signal:
        next(a for a in menu.actions() if a.text() == "打印会议记录").trigger()
    template, period, subject, personal = signal.args
    assert (template, period, personal) == ("minutes", "2020Q3", False)
    assert page.services.sessions.id_of(subject) == session_id
    empty = page.session_menu(None, DAY)
    assert [a.text() for a in empty.actions()] == ["新增学习活动…", "标记日期…"]


def test_the_documents_page_chooses_the_session_of_a_form(
    qtbot: QtBot, demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 10, 10))
    documents = DocumentsPage(demo_services)
    qtbot.addWidget(documents)
    assert not documents.record.isVisibleTo(documents)
    documents.template.setCurrentIndex(documents.template.findData("sign-in-sheet"))
    documents.template.activated.emit(documents.template.currentIndex())
    documents.period.setText("2020Q3")
    documents.period.editingFinished.emit()
    assert documents.record.isVisibleTo(documents) and documents.record.count() == 9
    sixteenth = documents.record.findText("09月16日", Qt.MatchFlag.MatchContains)
    documents.record.setCurrentIndex(sixteenth)
    documents.record.activated.emit(documents.record.currentIndex())
    finish(qtbot, documents.make_draft())
    assert "标题：干部职工大会签到表" in documents.editor.toPlainText()


def test_the_list_model_behaves(page: StudiesPage, qtmodeltester: ModelTester) -> None:
    page.tabs.setCurrentIndex(2)
    assert page.model.rowCount() > 0
    qtmodeltester.check(page.model)


def test_screenshots_of_september_2020_and_october_2026(
    qtbot: QtBot, page: StudiesPage, tmp_path: Path
) -> None:
    page.show_month(2020, 9)
    assert page.month.chip_rects(dt.date(2020, 9, 16))
    assert page.grab().save(str(tmp_path / "2020-09.png"))
    page.show_month(2026, 10)
    tip = page.month.tooltip_text(dt.date(2026, 10, 1))
    assert "国庆" in tip
    assert "班" in page.month.tooltip_text(dt.date(2026, 10, 10)) or "调休" in (
        page.month.tooltip_text(dt.date(2026, 10, 10))
    )
    assert page.grab().save(str(tmp_path / "2026-10.png"))


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def test_the_months_list_beside_the_grid_follows_the_filters(
    qtbot: QtBot, page: StudiesPage
) -> None:
    assert page.month_title.text() == "2020年9月：2项"
    assert page.day_list.count() == 2
    page.search.setText("秦岭")
    qtbot.waitUntil(lambda: page.day_list.count() == 1)  # after the typing pause
    assert page.month_title.text() == "2020年9月：符合条件的1项（共2项）"
    assert page.model.rowCount() == 1  # the list tab's year, filtered alike
    page.search.setText("")
    page.apply_filters()
    analysis = page.kind_filter.findData(StudyKind.ANALYSIS.value)
    page.kind_filter.setCurrentIndex(analysis)
    assert page.day_list.count() == 1
    item = page.day_list.item(0)
    assert item is not None and item.text().startswith("9月9日（三） 分析研判会")
    page.day_list.setCurrentRow(0)
    assert page.month.selected_day() == dt.date(2020, 9, 9)
    assert page.current_id == page._item_id(item)


def test_without_rules_the_dashboard_says_how_to_set_them(qtbot: QtBot, services: Services) -> None:
    page = StudiesPage(services)  # an empty database: no unit yet, so no rules
    qtbot.addWidget(page)
    assert page.rule_rows == []
    assert "尚未设置任务指标" in page.summary.text() and "恢复默认指标" in page.summary.text()


def test_start_up_gives_one_notice_of_what_is_owed_soon(
    qtbot: QtBot,
    demo_services: Services,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from ideowork.gui.app import show_quota_notice

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _title, text: shown.append(text))
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    clock.set(dt.date(2020, 12, 21))
    show_quota_notice(parent, demo_services)
    [text] = shown
    assert "集中学习（2020年）还差" in text and "12月31日前须完成" in text
    clock.set(dt.date(2020, 7, 1))  # mid-year: what is due on 31 December is not yet urgent
    shown.clear()
    show_quota_notice(parent, demo_services)
    assert all("12月31日" not in t for t in shown)
