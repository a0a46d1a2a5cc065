"""The thresholds of the grades (好/较好/一般/差): the lowest total of each."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ideowork.domain.errors import UserError
from ideowork.gui.dialogs.common import error_label, save_cancel_buttons
from ideowork.services.assessment.grading import GradingService, Thresholds, shown_points


class GradesDialog(QDialog):
    def __init__(self, service: GradingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("考核等次分数线")
        self._service = service
        current = service.thresholds()
        self.good = QLineEdit(shown_points(current.good))
        self.fair = QLineEdit(shown_points(current.fair))
        self.average = QLineEdit(shown_points(current.average))
        self.message = error_label()
        form = QFormLayout()
        form.addRow("“好”：得分不低于", self.good)
        form.addRow("“较好”：得分不低于", self.fair)
        form.addRow("“一般”：得分不低于", self.average)
        hint = QLabel("低于“一般”分数线的为“差”。修改后，各年度考核的等次按新分数线重新评定。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def save(self) -> None:
        try:
            self._service.set_thresholds(
                Thresholds(self.good.text(), self.fair.text(), self.average.text())  # type: ignore[arg-type]
            )
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()
