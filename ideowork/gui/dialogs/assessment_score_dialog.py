"""Score one assessment: every item of the year's 考核细则 with its points, the score given,
the reason for a deduction and the ledger records that bear it out; the total and the grade
follow as the scores are typed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.assessment_evidence_dialog import EvidenceDialog
from ideowork.gui.dialogs.common import OptionalDate, error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import ConflictForm, Outcome, resolve_conflict
from ideowork.services.assessment.assessments import (
    AssessmentService,
    AssessmentSheet,
    EvidenceLink,
    ScoreEntry,
    with_scores,
)
from ideowork.services.assessment.grading import Thresholds, shown_points
from ideowork.services.concurrency import EditConflict

COLUMNS = ("序号", "类别", "考核内容", "分值", "得分", "扣分理由", "佐证")
SCORE, REASON, EVIDENCE = 4, 5, 6
DEDUCTED_COLOUR = "#fff4d6"


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ScoreDialog(QDialog):
    def __init__(
        self,
        service: AssessmentService,
        sheet: AssessmentSheet,
        thresholds: Thresholds,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        info = sheet.info
        self.setWindowTitle(f"{info.year}年意识形态工作责任制考核评分：{info.target}")
        self.resize(1100, 720)
        self._service = service
        self._thresholds = thresholds
        self._sheet = sheet
        self._evidence: list[tuple[EvidenceLink, ...]] = []
        self.saved: AssessmentSheet | None = None

        self.assessed_on = OptionalDate("未定", info.assessed_on)
        self.assessors = QLineEdit(info.assessors)
        self.assessors.setPlaceholderText("考核组成员，如：赵立新、张志强")
        self.note = QLineEdit(info.note)
        self.note.setPlaceholderText("考核方式或总体意见")
        form = QFormLayout()
        form.addRow("考核日期：", self.assessed_on)
        form.addRow("考核人员：", self.assessors)
        form.addRow("考核意见：", self.note)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, REASON):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.total = QLabel()
        self.full_marks = QPushButton("未评项给满分")
        self.full_marks.setToolTip("尚未评分的各项填入满分，再对有问题的项扣分")
        self.choose_evidence = QPushButton("选择佐证…")
        self.choose_evidence.setToolTip("为选中的一项关联学习活动、舆情事项、责任任务等台账记录")
        self.message = error_label()
        tools = QHBoxLayout()
        tools.addWidget(self.full_marks)
        tools.addWidget(self.choose_evidence)
        tools.addStretch(1)
        tools.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

        self.full_marks.clicked.connect(self.fill_full_marks)
        self.choose_evidence.clicked.connect(self.pick_evidence)
        self.table.itemChanged.connect(lambda _item: self.update_total())
        self.load(sheet)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        cell = self.table.item(row, column)
        assert cell is not None  # every cell is made by load()
        return cell

    # --- the form --------------------------------------------------------------------------
    def load(self, sheet: AssessmentSheet) -> None:
        """Show `sheet` as saved, and save from its version from now on."""
        self._sheet = sheet
        self.assessed_on.set_date(sheet.info.assessed_on)
        self.assessors.setText(sheet.info.assessors)
        self.note.setText(sheet.info.note)
        self.table.blockSignals(True)
        self.table.setRowCount(len(sheet.lines))
        self._evidence = []
        for row, line in enumerate(sheet.lines):
            text = _read_only(line.text)
            text.setToolTip(line.basis or line.text)
            cells = (
                _read_only(str(row + 1)),
                _read_only(line.group_name),
                text,
                _read_only(shown_points(line.points)),
                QTableWidgetItem(shown_points(line.score)),
                QTableWidgetItem(line.reason),
                _read_only(""),
            )
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
            self._evidence.append(line.evidence)
            self._show_evidence(row)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self.message.clear()
        self.update_total()

    def _show_evidence(self, row: int) -> None:
        links = self._evidence[row]
        cell = self._cell(row, EVIDENCE)
        cell.setText(f"{len(links)}条" if links else "")
        cell.setToolTip("\n".join(link.shown for link in links))

    def entries(self) -> list[ScoreEntry]:
        return [
            ScoreEntry(
                line.item_id,
                self._cell(row, SCORE).text(),
                self._cell(row, REASON).text(),
                self._evidence[row],
            )
            for row, line in enumerate(self._sheet.lines)
        ]

    def entered(self) -> AssessmentSheet:
        info = replace(
            self._sheet.info,
            assessed_on=self.assessed_on.date(),
            assessors=self.assessors.text(),
            note=self.note.text(),
        )
        return with_scores(replace(self._sheet, info=info), self.entries())

    def update_total(self) -> None:
        """合计 and the grade it would make, as typed; a deducted row is tinted."""
        total, scored, unreadable = Decimal(0), 0, False
        for row, line in enumerate(self._sheet.lines):
            text = self._cell(row, SCORE).text().strip()
            colour = None
            if text:
                try:
                    score = Decimal(text)
                    total += score
                    scored += 1
                    if score < line.points:
                        colour = DEDUCTED_COLOUR
                except InvalidOperation:
                    unreadable = True
            for column in (SCORE, REASON):
                cell = self._cell(row, column)
                cell.setBackground(QBrush(QColor(colour)) if colour else QBrush())
        count = len(self._sheet.lines)
        full = sum((line.points for line in self._sheet.lines), Decimal(0))
        text = (
            f"合计 {shown_points(total)} 分（满分{shown_points(full)}分，已评{scored}/{count}项）"
        )
        if scored == count and count and not unreadable:
            text += f"　等次：{self._thresholds.grade(total)}"
        self.total.setText(text)

    def fill_full_marks(self) -> None:
        for row, line in enumerate(self._sheet.lines):
            cell = self._cell(row, SCORE)
            if not cell.text().strip():
                cell.setText(shown_points(line.points))

    def pick_evidence(self) -> None:
        rows = self.table.selectionModel().selectedRows() or [
            index for index in self.table.selectedIndexes()
        ]
        if not rows:
            self.message.setText("请先在表中点选要关联佐证的一项。")
            return
        row = rows[0].row()
        line = self._sheet.lines[row]
        dialog = EvidenceDialog(
            self._service, self._sheet.info.year, self._evidence[row], line.text, self
        )
        if dialog.exec():
            self._evidence[row] = dialog.chosen()
            self._show_evidence(row)

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        entered = self.entered()
        info = self._sheet.info
        try:
            if (entered.info.assessed_on, entered.info.assessors, entered.info.note) != (
                info.assessed_on,
                info.assessors,
                info.note,
            ):
                info = self._service.save(entered.info)
            assert info.id is not None
            self.saved = self._service.save_scores(info.id, self.entries(), info.version)
        except EditConflict as conflict:
            if resolve_conflict(self, conflict, self._conflict_form()) is Outcome.DISCARDED:
                self.reject()
            return
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()

    def _conflict_form(self) -> ConflictForm[AssessmentSheet]:
        assessment_id = self._sheet.info.id or 0

        def describe(sheet: AssessmentSheet) -> list[tuple[str, str]]:
            info = sheet.info
            rows = [
                ("考核日期", f"{info.assessed_on:%Y-%m-%d}" if info.assessed_on else "（空）"),
                ("考核人员", info.assessors or "（空）"),
                ("考核意见", info.note or "（空）"),
            ]
            for number, line in enumerate(sheet.lines, start=1):
                score = "未评" if line.score is None else f"{shown_points(line.score)}分"
                reason = f"；{line.reason}" if line.reason else ""
                rows.append((f"第{number}项 {line.text[:12]}", score + reason))
            return rows

        return ConflictForm(
            self.entered, lambda: self._service.sheet(assessment_id), self.load, describe
        )
