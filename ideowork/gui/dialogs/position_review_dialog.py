"""Log one review of something published on a position: the day, the position, the title, who
reviewed it and the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.gui.dialogs.common import error_label, pydate, qdate, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.gui.dialogs.position_fields import id_combo, select
from ideowork.services.positions.positions import PositionInfo
from ideowork.services.positions.reviews import RESULTS, ReviewInfo, ReviewService
from ideowork.services.unit import PersonInfo


class ReviewDialog(QDialog):
    def __init__(
        self,
        service: ReviewService,
        positions: list[PositionInfo],
        people: list[PersonInfo],
        review: ReviewInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改审核记录" if review.id else "登记发布审核")
        self.resize(520, 380)
        self._service = service
        self._review = review
        self.saved: ReviewInfo | None = None

        self.position = id_combo(
            [(f"{p.name}（{p.kind_label}）", p.id) for p in positions],
            review.position_id,
            "（请选择）",
        )
        self.reviewed_on = QDateEdit(qdate(review.reviewed_on))
        self.reviewed_on.setCalendarPopup(True)
        self.reviewed_on.setDisplayFormat("yyyy-MM-dd")
        self.title = QLineEdit(review.title)
        self.title.setPlaceholderText("发布的信息、文章、标语的标题")
        self.reviewer = id_combo([(p.name, p.id) for p in people], review.reviewer_id, "（未指定）")
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems(RESULTS)
        self.outcome.setCurrentText(review.result)
        self.note = QPlainTextEdit(review.note)
        self.note.setMaximumHeight(80)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("阵地：", self.position)
        form.addRow("审核日期：", self.reviewed_on)
        form.addRow("发布内容：", self.title)
        form.addRow("审核人：", self.reviewer)
        form.addRow("审核结果：", self.outcome)
        form.addRow("备注：", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def entered(self) -> ReviewInfo:
        return replace(
            self._review,
            position_id=self.position.currentData(),
            reviewed_on=pydate(self.reviewed_on.date()),
            title=self.title.text(),
            reviewer_id=self.reviewer.currentData(),
            result=self.outcome.currentText(),
            note=self.note.toPlainText(),
        )

    def load(self, review: ReviewInfo) -> None:
        self._review = review
        select(self.position, review.position_id)
        self.reviewed_on.setDate(qdate(review.reviewed_on))
        self.title.setText(review.title)
        select(self.reviewer, review.reviewer_id)
        self.outcome.setCurrentText(review.result)
        self.note.setPlainText(review.note)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[ReviewInfo]:
        def reload() -> ReviewInfo:
            assert self._review.id is not None
            return self._service.get(self._review.id)

        def combo_text(combo: QComboBox) -> Callable[[object], str]:
            def text(value: object) -> str:
                index = combo.findData(value)
                return combo.itemText(index) if index > 0 else EMPTY

            return text

        fields = [
            ("position_id", "阵地"),
            ("reviewed_on", "审核日期"),
            ("title", "发布内容"),
            ("reviewer_id", "审核人"),
            ("result", "审核结果"),
            ("note", "备注"),
        ]
        shows = {
            "position_id": combo_text(self.position),
            "reviewer_id": combo_text(self.reviewer),
        }
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda review: describe(review, fields, shows),
        )
