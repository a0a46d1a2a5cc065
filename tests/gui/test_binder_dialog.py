"""台账汇编…: the dialog makes the binder off the GUI thread, and its 取消 stops it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ideowork.domain.periods import Period
from ideowork.gui.dialogs.binder_dialog import BinderDialog
from ideowork.services.context import Services
from tests.gui.conftest import finish


def test_makes_the_chosen_period_into_the_chosen_file(
    qtbot: QtBot, demo_services: Services, private_data_dir: Path, tmp_path: Path
) -> None:
    dialog = BinderDialog(demo_services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setValue(2020)
    dialog.span.setCurrentIndex(2)  # 第三季度
    assert dialog.period() == Period.parse("2020Q3")
    assert dialog.out.text().endswith("中共完冒镇委员会2020年第三季度台账汇编.pdf")
    target = tmp_path / "汇编.pdf"
    dialog.out.setText(str(target))
    dialog._named_by_us = False
    finish(qtbot, dialog.make())
    assert dialog.made is not None and dialog.made.path == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert "已生成" in dialog.summary.text()
    assert dialog.open_button.isEnabled() and dialog.print_button.isEnabled()


def test_cancel_stops_it_and_leaves_no_file(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    dialog = BinderDialog(demo_services)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2020)
    dialog.span.setCurrentIndex(6)  # 全年
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.out.setText(str(folder / "汇编.pdf"))
    operation = dialog.make()
    assert operation is not None
    operation.cancel()  # what the progress dialog's 取消 does
    finish(qtbot, operation)
    assert "已取消" in dialog.summary.text()
    assert dialog.made is None
    assert list(folder.iterdir()) == []
