"""Add or edit one position (阵地): its kind, name, 主管股室, 管理员 and 审核人, members or
followers, when it was opened and closed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ideowork.gui.dialogs.common import OptionalDate, error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    describe,
    save_or_resolve,
)
from ideowork.gui.dialogs.position_fields import count_box, count_of, id_combo, select
from ideowork.services.positions.positions import PositionInfo, PositionService
from ideowork.services.unit import OfficeInfo, PersonInfo


class PositionDialog(QDialog):
    def __init__(
        self,
        service: PositionService,
        kinds: list[tuple[str, str]],
        offices: list[OfficeInfo],
        people: list[PersonInfo],
        position: PositionInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改阵地" if position.id else "登记阵地")
        self.resize(560, 480)
        self._service = service
        self._position = position
        self.saved: PositionInfo | None = None

        kind_items = [(label, code) for code, label in kinds]
        if position.kind and all(code != position.kind for code, _ in kinds):
            kind_items.append((position.kind_label or position.kind, position.kind))  # retired
        self.kind = id_combo(kind_items, position.kind or None, "（请选择）")
        self.name = QLineEdit(position.name)
        self.name.setPlaceholderText("如：完冒发布、完冒镇干部职工工作群、镇政府院内宣传栏")
        self.office = id_combo([(o.name, o.id) for o in offices], position.office_id, "（未指定）")
        people_items = [(p.name + (f"（{p.post}）" if p.post else ""), p.id) for p in people]
        self.manager = id_combo(people_items, position.manager_id, "（请选择）")
        self.reviewer = id_combo(people_items, position.reviewer_id, "（未指定）")
        self.audience = count_box(position.audience, " 人")
        self.opened_on = OptionalDate("不详", position.opened_on)
        self.closed_on = OptionalDate("在用", position.closed_on)
        self.note = QPlainTextEdit(position.note)
        self.note.setMaximumHeight(80)
        self.message = error_label()

        form = QFormLayout()
        form.addRow("类型：", self.kind)
        form.addRow("名称：", self.name)
        form.addRow("主管股室：", self.office)
        form.addRow("管理员（责任人）：", self.manager)
        form.addRow("信息发布审核人：", self.reviewer)
        form.addRow("成员（关注）人数：", self.audience)
        form.addRow("开通（建立）日期：", self.opened_on)
        form.addRow("关停（解散）日期：", self.closed_on)
        form.addRow("备注：", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def entered(self) -> PositionInfo:
        return replace(
            self._position,
            kind=self.kind.currentData() or "",
            name=self.name.text(),
            office_id=self.office.currentData(),
            manager_id=self.manager.currentData(),
            reviewer_id=self.reviewer.currentData(),
            audience=count_of(self.audience),
            opened_on=self.opened_on.date(),
            closed_on=self.closed_on.date(),
            note=self.note.toPlainText(),
        )

    def load(self, position: PositionInfo) -> None:
        """Show `position` as saved, and save from its version from now on."""
        self._position = position
        select(self.kind, position.kind)
        self.name.setText(position.name)
        select(self.office, position.office_id)
        select(self.manager, position.manager_id)
        select(self.reviewer, position.reviewer_id)
        self.audience.setValue(-1 if position.audience is None else position.audience)
        self.opened_on.set_date(position.opened_on)
        self.closed_on.set_date(position.closed_on)
        self.note.setPlainText(position.note)
        self.message.clear()

    def save(self) -> None:
        entered = self.entered()
        if not entered.kind:
            self.message.setText(
                "请选择阵地类型（如微信群、宣传栏）；列表中没有的，可在“类型列表”中新增。"
            )
            return

        def store() -> None:
            self.saved = self._service.save(entered)

        save_or_resolve(self, store, self._conflict_form, self.message)

    def _conflict_form(self) -> ConflictForm[PositionInfo]:
        def reload() -> PositionInfo:
            assert self._position.id is not None
            return self._service.get(self._position.id)

        def named(combo_name: str) -> Callable[[object], str]:
            combo = getattr(self, combo_name)

            def text(value: object) -> str:
                index = combo.findData(value)
                return combo.itemText(index) if index > 0 else EMPTY

            return text

        fields = [
            ("kind", "类型"),
            ("name", "名称"),
            ("office_id", "主管股室"),
            ("manager_id", "管理员"),
            ("reviewer_id", "审核人"),
            ("audience", "成员（关注）人数"),
            ("opened_on", "开通日期"),
            ("closed_on", "关停日期"),
            ("note", "备注"),
        ]
        shows = {
            "kind": named("kind"),
            "office_id": named("office"),
            "manager_id": named("manager"),
            "reviewer_id": named("reviewer"),
        }
        return ConflictForm(
            self.entered,
            reload,
            self.load,
            lambda position: describe(position, fields, shows),
        )
