"""Add or edit one item of a year's 考核细则: its group, what is checked, the points, and how
it is checked and what is deducted."""

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
from ideowork.gui.dialogs.common import error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.services.assessment.checklist import ChecklistItemInfo, ChecklistService
from ideowork.services.assessment.grading import shown_points


class ChecklistItemDialog(QDialog):
    def __init__(
        self,
        service: ChecklistService,
        groups: list[str],
        item: ChecklistItemInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改考核细则" if item.id else "新增考核细则")
        self.resize(620, 420)
        self._service = service
        self._item = item
        self.saved: ChecklistItemInfo | None = None

        self.group = QComboBox()
        self.group.setEditable(True)  # a new group is typed in
        self.group.addItems(groups)
        self.group.setCurrentText(item.group_name)
        if (typed := self.group.lineEdit()) is not None:
            typed.setPlaceholderText("如：加强组织领导（可输入新类别）")
        self.text = QPlainTextEdit(item.text)
        self.text.setPlaceholderText("考核内容，如：每年至少两次专题研究意识形态工作")
        self.text.setMinimumHeight(80)
        self.points = QLineEdit(shown_points(item.points) if item.id else "")
        self.points.setPlaceholderText("如 5 或 2.5")
        self.basis = QPlainTextEdit(item.basis)
        self.basis.setPlaceholderText("考核办法和扣分标准，如：查会议记录；少一次扣2.5分")
        self.basis.setMinimumHeight(80)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("类别：", self.group)
        form.addRow("考核内容：", self.text)
        form.addRow("分值：", self.points)
        form.addRow("考核办法：", self.basis)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def entered(self) -> ChecklistItemInfo:
        return replace(
            self._item,
            group_name=self.group.currentText(),
            text=self.text.toPlainText(),
            points=self.points.text(),  # type: ignore[arg-type]  # checked by the service
            basis=self.basis.toPlainText(),
        )

    def load(self, item: ChecklistItemInfo) -> None:
        self._item = item
        self.group.setCurrentText(item.group_name)
        self.text.setPlainText(item.text)
        self.points.setText(shown_points(item.points))
        self.basis.setPlainText(item.basis)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[ChecklistItemInfo]:
        def reload() -> ChecklistItemInfo:
            for item in self._service.items(self._item.year):
                if item.id == self._item.id:
                    return item
            raise NotFoundError("该考核细则已被删除。")

        fields = [
            ("group_name", "类别"),
            ("text", "考核内容"),
            ("points", "分值"),
            ("basis", "考核办法"),
        ]
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda item: describe(item, fields, {"points": lambda p: f"{p}分"}),
        )
