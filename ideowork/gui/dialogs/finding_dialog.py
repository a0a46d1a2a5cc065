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

from ideowork.domain.errors import NotFoundError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.gui.dialogs.common import error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
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
        evidence: QWidget | None = None,
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
        if evidence is not None:  # the 佐证材料 panel of a saved finding
            form.addRow("佐证材料：", evidence)
            self.resize(640, 720)
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

    def load(self, finding: FindingInfo) -> None:
        """Show `finding` as saved, and save from its version from now on."""
        self._finding = finding
        self.period.setText(finding.period)
        self.problem_title.setText(finding.problem_title)
        self.problem.setPlainText(finding.problem)
        self.measure_title.setText(finding.measure_title)
        self.measure.setPlainText(finding.measure)
        self.office.setCurrentIndex(max(0, self.office.findData(finding.office_id)))
        self.status.setCurrentIndex(self.status.findData(finding.status.value))
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[FindingInfo]:
        def reload() -> FindingInfo:
            for finding in self._service.in_period(Period.parse(self._finding.period)):
                if finding.id == self._finding.id:
                    return finding
            raise NotFoundError("该研判问题已被删除或移到其他期间。")

        def office_name(office_id: int | None) -> str:
            index = self.office.findData(office_id)
            return self.office.itemText(index) if index >= 0 else EMPTY

        fields = [
            ("period", "期间"),
            ("problem_title", "问题"),
            ("problem", "问题表现"),
            ("measure_title", "整改措施"),
            ("measure", "措施内容"),
            ("office_id", "责任股室"),
            ("status", "整改状态"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda finding: describe(finding, fields, {"office_id": office_name}),
        )
