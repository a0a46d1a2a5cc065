"""Add or edit one 研判 finding: the weakness, the measure, the office responsible."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import FindingStatus
from ideowork.gui.dialogs.common import error_label, save_cancel_buttons
from ideowork.services.findings import FindingInfo, FindingService
from ideowork.services.unit import OfficeInfo


def _text_box(text: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(90)
    return box


class FindingDialog(QDialog):
    def __init__(
        self,
        service: FindingService,
        offices: list[OfficeInfo],
        finding: FindingInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改研判问题" if finding.id else "新增研判问题")
        self.resize(640, 520)
        self._service = service
        self._finding = finding
        self.saved: FindingInfo | None = None

        self.period = QLineEdit(finding.period)
        self.period.setPlaceholderText("如 2020Q3")
        self.problem_title = QLineEdit(finding.problem_title)
        self.problem_title.setPlaceholderText("一句话概括，如：应对复杂舆论形势的判断力不够精准")
        self.problem = _text_box(finding.problem, "具体表现（报告中“薄弱环节”一节的正文）")
        self.measure_title = QLineEdit(finding.measure_title)
        self.measure_title.setPlaceholderText("一句话概括，如：强化政治理论学习")
        self.measure = _text_box(finding.measure, "整改措施（报告中“措施及建议”一节的正文）")
        self.office = QComboBox()
        self.office.addItem("（未指定）", None)
        for office in offices:
            self.office.addItem(office.name, office.id)
        self.office.setCurrentIndex(max(0, self.office.findData(finding.office_id)))
        self.status = QComboBox()
        for status in FindingStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(self.status.findData(finding.status.value))
        self.message = error_label()

        form = QFormLayout()
        form.addRow("期间：", self.period)
        form.addRow("问题：", self.problem_title)
        form.addRow("问题表现：", self.problem)
        form.addRow("整改措施：", self.measure_title)
        form.addRow("措施内容：", self.measure)
        form.addRow("责任股室：", self.office)
        form.addRow("整改状态：", self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def entered(self) -> FindingInfo:
        return replace(
            self._finding,
            period=self.period.text(),
            problem_title=self.problem_title.text(),
            problem=self.problem.toPlainText(),
            measure_title=self.measure_title.text(),
            measure=self.measure.toPlainText(),
            office_id=self.office.currentData(),
            status=FindingStatus(self.status.currentData()),
        )

    def save(self) -> None:
        try:
            self.saved = self._service.save(self.entered())
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()
