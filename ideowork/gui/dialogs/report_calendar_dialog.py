"""报送日历: the documents the unit owes, edited in one dialog — a list of the obligations
and, below it, the form of the one selected (新增 starts a blank one). Saves name the version
they were edited from (another PC's change in between opens the conflict dialog); a line can be
turned off (停用) rather than deleted, and the defaults restored."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import NotFoundError, UserError
from ideowork.domain.report_calendar import MAX_DUE_DAYS, Cadence, due_text
from ideowork.gui.dialogs.common import error_label
from ideowork.gui.dialogs.conflict_dialog import (
    ConflictForm,
    Outcome,
    delete_checked,
    describe,
    resolve_conflict,
)
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.restrictions import restrict
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.workbench.report_calendar import DueDraft, DueInfo, template_names

COLUMNS = ("启用", "事项", "模板", "周期", "报送期限", "报送对象")
_FIELDS = [
    ("template", "模板"),
    ("name", "事项名称"),
    ("cadence", "报送周期"),
    ("due_days", "期限（天）"),
    ("recipient", "报送对象"),
    ("basis", "依据"),
    ("active", "启用"),
]


class ReportCalendarDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("报送日历")
        self.resize(900, 600)
        self.calendar = services.workbench.calendar
        self.templates = template_names()
        self.entries: list[DueInfo] = []
        self.current: DueDraft | None = None  # the line in the form (None: a new one)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.template = QComboBox()
        for template_id, (name, _kinds) in self.templates.items():
            self.template.addItem(f"{name}（{template_id}）", template_id)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：意识形态工作分析研判报告")
        self.cadence = QComboBox()
        for cadence in Cadence:
            self.cadence.addItem(cadence.label, cadence.value)
        self.due_days = QSpinBox()
        self.due_days.setRange(0, MAX_DUE_DAYS)
        self.due_days.setSuffix(" 天")
        self.due_hint = QLabel()
        self.due_hint.setStyleSheet("color: #555")
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_days)
        due_row.addWidget(self.due_hint, 1)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("如：县委宣传部")
        self.basis = QLineEdit()
        self.basis.setPlaceholderText("规定出处，如：每半年向上级党委专题汇报一次")
        self.active = QCheckBox("启用（停用后工作台不再提醒）")
        self.message = error_label()
        form = QFormLayout()
        form.addRow("公文模板：", self.template)
        form.addRow("事项名称：", self.name)
        form.addRow("报送周期：", self.cadence)
        form.addRow("报送期限：", due_row)
        form.addRow("报送对象：", self.recipient)
        form.addRow("依据：", self.basis)
        form.addRow("", self.active)

        self.new_button = QPushButton("新增")
        self.save_button = QPushButton("保存")
        self.delete_button = QPushButton("删除")
        self.defaults_button = QPushButton("恢复默认…")
        actions = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.defaults_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        note = QLabel(
            "某期的公文在“公文”页生成并归档后，即视为已报送；工作台列出已逾期和14天内到期、"
            "尚未归档的公文。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        layout.addWidget(close)

        self.table.itemSelectionChanged.connect(self._selected)
        self.cadence.currentIndexChanged.connect(lambda _i: self._update_hint())
        self.due_days.valueChanged.connect(lambda _v: self._update_hint())
        self.template.activated.connect(lambda _i: self._template_chosen())
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.may_edit = restrict(
            services,
            "documents",
            self.new_button,
            self.save_button,
            self.delete_button,
            self.defaults_button,
        )
        self.reload()

    # --- the list ------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        self.entries = self.calendar.entries()
        self.table.setRowCount(len(self.entries))
        for row, info in enumerate(self.entries):
            draft = info.draft
            template = self.templates.get(draft.template, (f"{draft.template}（尚无此模板）",))[0]
            cells = (
                "是" if draft.active else "停用",
                draft.name,
                template,
                info.cadence_label,
                info.rule_text,
                draft.recipient,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if not draft.active:
                    cell.setForeground(QBrush(QColor("#888")))
                cell.setToolTip(draft.basis)
                self.table.setItem(row, column, cell)
        ids = [info.id for info in self.entries]
        row = ids.index(select) if select in ids else (0 if self.entries else -1)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.start_new()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.load(self.entries[rows[0].row()].draft)

    # --- the form ------------------------------------------------------------------------------
    def load(self, draft: DueDraft) -> None:
        """Show `draft` in the form, and save from its version from now on."""
        self.current = draft
        index = self.template.findData(draft.template)
        if index < 0:  # a template that does not exist (yet): kept as it is
            self.template.addItem(f"{draft.template}（尚无此模板）", draft.template)
            index = self.template.count() - 1
        self.template.setCurrentIndex(index)
        self.name.setText(draft.name)
        self.cadence.setCurrentIndex(self.cadence.findData(draft.cadence.value))
        self.due_days.setValue(draft.due_days)
        self.recipient.setText(draft.recipient)
        self.basis.setText(draft.basis)
        self.active.setChecked(draft.active)
        self.delete_button.setEnabled(draft.id is not None and self.may_edit)
        self.message.clear()
        self._update_hint()

    def start_new(self) -> None:
        self.table.clearSelection()
        self.current = None
        self.template.setCurrentIndex(0)
        self.name.clear()
        self.cadence.setCurrentIndex(0)
        self.due_days.setValue(10)
        self.recipient.clear()
        self.basis.clear()
        self.active.setChecked(True)
        self.delete_button.setEnabled(False)
        self.message.setText("填写新的报送事项后点“保存”。")
        self._template_chosen()
        self.name.setFocus()

    def _template_chosen(self) -> None:
        """A template chosen for a new line: its name as the line's, if none was typed."""
        if self.current is None and not self.name.text().strip():
            known = self.templates.get(str(self.template.currentData()))
            if known:
                self.name.setText(known[0])

    def _update_hint(self) -> None:
        cadence = Cadence(self.cadence.currentData())
        self.due_hint.setText(f"即{due_text(cadence, self.due_days.value())}报送")

    def entered(self) -> DueDraft:
        base = self.current or DueDraft("", "", Cadence.QUARTER, 10)
        return replace(
            base,
            template=str(self.template.currentData() or ""),
            name=self.name.text(),
            cadence=Cadence(self.cadence.currentData()),
            due_days=self.due_days.value(),
            recipient=self.recipient.text(),
            basis=self.basis.text(),
            active=self.active.isChecked(),
        )

    def save(self) -> DueInfo | None:
        try:
            saved = self.calendar.save(self.entered())
        except EditConflict as conflict:
            if resolve_conflict(self, conflict, self._conflict_form()) is Outcome.DISCARDED:
                self.reload()
            return None
        except UserError as error:
            self.message.setText(str(error))
            return None
        self.reload(select=saved.id)
        self.message.setText(f"已保存“{saved.draft.name}”。")
        return saved

    def delete(self) -> None:
        draft = self.current
        if draft is None or draft.id is None:
            return
        if not confirm(
            self, f"确定从报送日历中删除“{draft.name}”吗？\n（只想暂不提醒可取消“启用”。）"
        ):
            return
        due_id = draft.id
        try:
            delete_checked(
                self, lambda version: self.calendar.delete(due_id, version), draft.version
            )
        except UserError as error:
            show_error(self, error)
        self.reload()

    def restore_defaults(self) -> None:
        if not confirm(
            self,
            "用默认的报送日历（实施方案、工作要点、季度报告、半年汇报、党内通报、年度总结）"
            "替换现有全部事项吗？已归档的公文不受影响。",
        ):
            return
        try:
            self.calendar.restore_defaults()
        except UserError as error:
            show_error(self, error)
        self.reload()

    def _conflict_form(self) -> ConflictForm[DueDraft]:
        def reload() -> DueDraft:
            for info in self.calendar.entries():
                if self.current is not None and info.id == self.current.id:
                    return info.draft
            raise NotFoundError("该报送事项已被删除。")

        def load(draft: DueDraft) -> None:
            self.reload(select=draft.id)
            self.load(draft)

        return ConflictForm(
            self.entered,
            reload,
            load,
            lambda d: describe(d, _FIELDS, {"cadence": lambda c: Cadence(c).label}),
        )
