"""Add or edit one office (股室)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
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
from ideowork.services.unit import OfficeInfo, UnitService


class OfficeDialog(QDialog):
    def __init__(
        self, service: UnitService, office: OfficeInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改股室" if office else "新增股室")
        self._service = service
        self._office = office or OfficeInfo(id=None, name="")
        self.saved: OfficeInfo | None = None
        self.name = QLineEdit(self._office.name)
        self.name.setPlaceholderText("如：宣传办")
        self.note = QLineEdit(self._office.note)
        self.note.setPlaceholderText("职责简述（可不填）")
        self.message = error_label()
        form = QFormLayout()
        form.addRow("名称：", self.name)
        form.addRow("职责：", self.note)
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def entered(self) -> OfficeInfo:
        return replace(self._office, name=self.name.text(), note=self.note.text())

    def load(self, office: OfficeInfo) -> None:
        """Show `office` as saved, and save from its version from now on."""
        self._office = office
        self.name.setText(office.name)
        self.note.setText(office.note)
        self.message.clear()

    def save(self) -> None:
        def store() -> None:
            self.saved = self._service.save_office(self.entered())

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[OfficeInfo]:
        def reload() -> OfficeInfo:
            for office in self._service.list_offices():
                if office.id == self._office.id:
                    return office
            raise NotFoundError("该股室已被删除。")

        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda office: describe(office, [("name", "名称"), ("note", "职责")]),
        )
