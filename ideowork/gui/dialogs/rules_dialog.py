"""任务指标设置: the unit's quota rules — add, edit, delete, back to the defaults."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import QuotaPeriod
from ideowork.gui.dialogs.common import error_label, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.messages import confirm
from ideowork.services.choices import STUDY_KINDS
from ideowork.services.context import Services
from ideowork.services.ledgers.quota_rules import RuleDraft, RuleInfo

COLUMNS = ("指标", "计入的类别", "周期", "不少于", "仅意识形态", "启用", "依据")


class RuleDialog(QDialog):
    """One rule: its name, the kinds it counts, the period, at least how many, 其中 under."""

    def __init__(
        self,
        services: Services,
        draft: RuleDraft,
        parents: list[RuleInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改任务指标" if draft.id else "新增任务指标")
        self.resize(560, 560)
        self.services, self.draft_in = services, draft
        self.saved: RuleInfo | None = None
        self.name = QLineEdit(draft.name)
        self.name.setPlaceholderText("如：集中学习、其中意识形态专题学习")
        self.kinds = QListWidget()
        for entry in services.choices.entries(STUDY_KINDS):
            if not entry.active and entry.code not in draft.kinds:
                continue
            item = QListWidgetItem(entry.label)
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = entry.code in draft.kinds
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.kinds.addItem(item)
        self.period = QComboBox()
        for period in QuotaPeriod:
            self.period.addItem(period.label, period)
        self.period.setCurrentIndex(self.period.findData(draft.period))
        self.required = QSpinBox()
        self.required.setRange(1, 366)
        self.required.setValue(max(1, draft.required))
        self.required.setSuffix(" 次")
        self.ideology = QCheckBox("只计意识形态相关的")
        self.ideology.setChecked(draft.ideology_only)
        self.parent_rule = QComboBox()
        self.parent_rule.addItem("（一级指标）", None)
        for info in parents:
            if info.depth == 0 and info.id != draft.id:
                self.parent_rule.addItem(f"其中，属于“{info.draft.name}”", info.id)
        self.parent_rule.setCurrentIndex(max(0, self.parent_rule.findData(draft.parent_id)))
        self.active = QCheckBox("启用")
        self.active.setChecked(draft.active)
        self.basis = QPlainTextEdit(draft.basis)
        self.basis.setPlaceholderText("制度依据，如：每年集中学习不少于24次")
        self.basis.setMaximumHeight(70)
        self.message = error_label()
        form = QFormLayout()
        form.addRow("名称：", self.name)
        form.addRow("计入的类别：", self.kinds)
        form.addRow("周期：", self.period)
        form.addRow("每期不少于：", self.required)
        form.addRow("", self.ideology)
        form.addRow("层级：", self.parent_rule)
        form.addRow("", self.active)
        form.addRow("依据：", self.basis)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def draft(self) -> RuleDraft:
        kinds = tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.kinds.item(i) for i in range(self.kinds.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )
        return replace(
            self.draft_in,
            name=self.name.text(),
            kinds=kinds,
            period=QuotaPeriod(self.period.currentData()),
            required=self.required.value(),
            ideology_only=self.ideology.isChecked(),
            parent_id=self.parent_rule.currentData(),
            active=self.active.isChecked(),
            basis=self.basis.toPlainText(),
        )

    def save(self) -> None:
        try:
            self.saved = self.services.quota_rules.save(self.draft())
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()


class RulesDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("任务指标设置")
        self.resize(900, 480)
        self.services = services
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("新增…")
        self.edit_button = QPushButton("修改…")
        self.delete_button = QPushButton("删除")
        self.defaults_button = QPushButton("恢复默认指标")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.accept)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.table.doubleClicked.connect(lambda _i: self.edit(self.selected()))
        self.delete_button.clicked.connect(self.delete)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.load()

    def load(self) -> None:
        self.rules = self.services.quota_rules.rules()
        self.table.setRowCount(len(self.rules))
        for row, info in enumerate(self.rules):
            draft = info.draft
            cells = (
                ("　其中：" if info.depth else "") + draft.name,
                "、".join(info.kind_labels),
                draft.period.label,
                f"{draft.required}次",
                "是" if draft.ideology_only else "",
                "是" if draft.active else "停用",
                draft.basis,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> RuleInfo | None:
        row = self.table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def rule_dialog(self, info: RuleInfo | None) -> RuleDialog:
        draft = info.draft if info else RuleDraft(name="", kinds=(), required=1)
        return RuleDialog(self.services, draft, self.rules, self)

    def edit(self, info: RuleInfo | None) -> None:
        if self.rule_dialog(info).exec():
            self.load()

    def delete(self) -> None:
        info = self.selected()
        if info is None or not confirm(
            self,
            f"删除任务指标“{info.draft.name}”（连同其“其中”指标）吗？已记录的学习活动不受影响。",
        ):
            return
        rule_id = info.id
        delete_checked(
            self, lambda v: self.services.quota_rules.delete(rule_id, v), info.draft.version
        )
        self.load()

    def restore_defaults(self) -> None:
        if confirm(self, "用默认的任务指标替换现有的全部指标吗？"):
            self.services.quota_rules.restore_defaults()
            self.load()
