"""年度计划: the sessions proposed so that the year meets every quota rule, spread over the
months on working days; the user edits dates, kinds and topics, leaves out what is not wanted,
and accepts the rest as planned sessions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.study_plan import ProposedSession
from ideowork.gui.dialogs.common import error_label
from ideowork.services.choices import STUDY_KINDS
from ideowork.services.context import Services

KEEP, DAY, KIND, TOPIC, IDEOLOGY, SERVES = range(6)
HEADERS = ("采用", "日期", "类别", "学习内容", "意识形态", "满足的指标")


class StudyPlanDialog(QDialog):
    def __init__(self, services: Services, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{year}年度学习计划")
        self.resize(1000, 620)
        self.services, self.year = services, year
        self.result_text = ""
        self.kinds = [(c.label, c.code) for c in services.choices.entries(STUDY_KINDS, True)]
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TOPIC, QHeaderView.ResizeMode.Stretch)
        self.message = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("采用为计划")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept_plan)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load(services.study_plan.propose(year))

    def load(self, proposals: list[ProposedSession]) -> None:
        self.proposals = proposals
        months = len({p.held_on.month for p in proposals})
        self.intro.setText(
            f"按现有任务指标和日历中已有的活动，{self.year}年还需安排{len(proposals)}项，"
            f"分布在{months}个月，均在工作日（避开节假日和周末）。可修改日期、类别和内容，"
            "取消勾选不需要的，再点“采用为计划”加入学习日历。"
            if proposals
            else f"{self.year}年的任务指标已由日历中的活动满足（或该年已过），无需再安排。"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(proposals))
        self.table.setRowCount(len(proposals))
        for row, proposal in enumerate(proposals):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            keep.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, KEEP, keep)
            self.table.setItem(row, DAY, QTableWidgetItem(f"{proposal.held_on:%Y-%m-%d}"))
            kind = QComboBox()
            for label, code in self.kinds:
                kind.addItem(label, code)
            kind.setCurrentIndex(max(0, kind.findData(proposal.kind)))
            self.table.setCellWidget(row, KIND, kind)
            self.table.setItem(row, TOPIC, QTableWidgetItem(proposal.topic))
            ideology = QTableWidgetItem()
            ideology.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if proposal.ideology_related else Qt.CheckState.Unchecked
            ideology.setCheckState(state)
            self.table.setItem(row, IDEOLOGY, ideology)
            serves = QTableWidgetItem("、".join(proposal.serves))
            serves.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, SERVES, serves)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled by load()
        return item

    def kept(self) -> list[ProposedSession]:
        """The rows still ticked, as edited; a date that does not read is an error."""
        kept = []
        for row, proposal in enumerate(self.proposals):
            if self._cell(row, KEEP).checkState() != Qt.CheckState.Checked:
                continue
            text = self._cell(row, DAY).text().strip()
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise UserError(
                    f"第{row + 1}行的日期“{text}”不是有效日期，请写成2021-03-09。"
                ) from None
            combo = self.table.cellWidget(row, KIND)
            kind = str(combo.currentData()) if isinstance(combo, QComboBox) else proposal.kind
            kept.append(
                ProposedSession(
                    held_on=day,
                    kind=kind,
                    topic=self._cell(row, TOPIC).text(),
                    ideology_related=self._cell(row, IDEOLOGY).checkState()
                    == Qt.CheckState.Checked,
                    serves=proposal.serves,
                )
            )
        return kept

    def accept_plan(self) -> None:
        try:
            count = self.services.study_plan.accept(self.kept())
        except UserError as error:
            self.message.setText(str(error))
            return
        self.result_text = f"已将{count}项计划加入{self.year}年学习日历。"
        self.accept()
