"""Add or edit one task or section of the responsibility matrix, with its progress notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import TaskStatus
from ideowork.gui.dialogs.common import error_label, pydate, qdate, save_cancel_buttons
from ideowork.gui.dialogs.conflict_dialog import (
    EMPTY,
    ConflictForm,
    Outcome,
    describe,
    resolve_conflict,
    shown,
)
from ideowork.gui.dialogs.people_picker import ID_ROLE, CheckList
from ideowork.services.concurrency import EditConflict
from ideowork.services.matrix.model import ProgressNote, TaskDraft, TaskNode
from ideowork.services.matrix.service import MatrixService
from ideowork.services.unit import OfficeInfo, PersonInfo

FREQUENCIES = ("", "长期", "每年", "每半年", "每季度", "每月", "每周", "按需")
PLACEHOLDER_STYLE = "QListWidget { background: #fff4d6; }"
TOP_LEVEL = "（顶层，作为一个部分）"


def parent_choices(roots: Sequence[TaskNode], moving: TaskNode | None) -> list[tuple[int, str]]:
    """Every node that can be the parent, indented by depth; not the task or its subtree."""
    excluded = {n.id for n in moving.iter_nodes()} if moving else set()
    choices: list[tuple[int, str]] = []

    def visit(nodes: Sequence[TaskNode], depth: int) -> None:
        for node in nodes:
            if node.id in excluded:
                continue
            text = node.text if len(node.text) <= 30 else node.text[:30] + "…"
            choices.append((node.id, "　" * depth + text))
            visit(node.children, depth + 1)

    visit(roots, 0)
    return choices


class TaskDialog(QDialog):
    def __init__(
        self,
        service: MatrixService,
        year: int,
        people: Sequence[PersonInfo],
        offices: Sequence[OfficeInfo],
        node: TaskNode | None = None,
        parent_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._year = year
        self._node = node
        self.saved: TaskNode | None = None
        self._progress: list[ProgressNote] = list(node.progress) if node else []
        start_parent = node.parent_id if node else parent_id
        if node:
            self.setWindowTitle("修改任务")
        else:
            self.setWindowTitle("新增下级任务" if parent_id is not None else "新增任务")
        self.resize(820, 720)

        self.parent_combo = QComboBox()
        self.parent_combo.addItem(TOP_LEVEL, None)
        roots = service.tree(year)
        for choice_id, label in parent_choices(roots, node):
            self.parent_combo.addItem(label, choice_id)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(start_parent)))
        self.parent_combo.setMaxVisibleItems(20)

        self.text = QPlainTextEdit(node.text if node else "")
        self.text.setPlaceholderText(
            "任务内容，如：每年集中学习不少于24次，其中意识形态专题不少于6次。"
        )
        self.text.setFixedHeight(72)
        self.body = QPlainTextEdit(node.body if node else "")
        self.body.setPlaceholderText("说明或具体要求（可不填）")
        self.body.setFixedHeight(60)
        self.frequency = QComboBox()
        self.frequency.setEditable(True)
        self.frequency.addItems(FREQUENCIES)
        self.frequency.setCurrentText(node.frequency if node else "")
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.no_deadline = QCheckBox("无")
        deadline = node.deadline if node else None
        self.deadline.setDate(qdate(deadline or dt.date(year, 12, 31)))
        self.no_deadline.setChecked(deadline is None)
        self.deadline.setEnabled(deadline is not None)
        self.no_deadline.toggled.connect(lambda off: self.deadline.setEnabled(not off))
        self.status = QComboBox()
        for status in TaskStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(
            self.status.findData(node.status if node else TaskStatus.NOT_STARTED)
        )
        self.overdue_note = QLabel(
            "已过完成时限且未完成，列表中显示为“逾期”；改为“已完成”或调整时限后恢复。"
            if node and node.overdue
            else ""
        )
        self.overdue_note.setStyleSheet("color: #b3261e")
        self.overdue_note.setWordWrap(True)

        self.leaders = CheckList()
        self.leaders.set_choices(
            [(p.id, f"{p.name}（{p.post}）" if p.post else p.name) for p in people if p.id],
            node.leader_ids if node else (),
        )
        self.offices = CheckList()
        self.offices.set_choices(
            [(o.id, o.name) for o in offices if o.id], node.office_ids if node else ()
        )
        self.leaders_box = QGroupBox("责任领导（可多选）")
        self.offices_box = QGroupBox("责任股室（可多选）")
        for box, widget in ((self.leaders_box, self.leaders), (self.offices_box, self.offices)):
            QVBoxLayout(box).addWidget(widget)
        self._leaders_placeholder = bool(node and node.leaders_placeholder)
        self._offices_placeholder = bool(node and node.offices_placeholder)
        if self._leaders_placeholder:
            self.leaders_box.setTitle("责任领导（待填写，请勾选）")
            self.leaders.setStyleSheet(PLACEHOLDER_STYLE)
        if self._offices_placeholder:
            self.offices_box.setTitle("责任股室（待填写，请勾选）")
            self.offices.setStyleSheet(PLACEHOLDER_STYLE)

        self.progress = QTableWidget(0, 2)
        self.progress.setHorizontalHeaderLabels(["日期", "进展情况"])
        self.progress.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.progress.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress.verticalHeader().setVisible(False)
        self.progress.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.progress.setMinimumHeight(100)
        self.note_date = QDateEdit(qdate(service.today()))
        self.note_date.setCalendarPopup(True)
        self.note_date.setDisplayFormat("yyyy-MM-dd")
        self.note_text = QLineEdit()
        self.note_text.setPlaceholderText("新的进展，如：上半年集中学习13次，其中意识形态专题4次。")
        self.note_add = QPushButton("添加进展")
        self.note_remove = QPushButton("删除所选进展")
        self.note_add.clicked.connect(self.add_note)
        self.note_remove.clicked.connect(self.remove_note)
        self._show_progress()

        self.message = error_label()

        when = QHBoxLayout()
        when.addWidget(self.deadline)
        when.addWidget(self.no_deadline)
        when.addSpacing(24)
        when.addWidget(QLabel("频次："))
        when.addWidget(self.frequency, 1)
        when.addSpacing(24)
        when.addWidget(QLabel("状态："))
        when.addWidget(self.status)
        form = QFormLayout()
        form.addRow("上级：", self.parent_combo)
        form.addRow("任务：", self.text)
        form.addRow("说明：", self.body)
        form.addRow("完成时限：", when)
        form.addRow("", self.overdue_note)
        people_row = QHBoxLayout()
        people_row.addWidget(self.leaders_box)
        people_row.addWidget(self.offices_box)
        progress_box = QGroupBox("进展记录")
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.addWidget(self.progress)
        add_row = QHBoxLayout()
        add_row.addWidget(self.note_date)
        add_row.addWidget(self.note_text, 1)
        add_row.addWidget(self.note_add)
        add_row.addWidget(self.note_remove)
        progress_layout.addLayout(add_row)

        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(people_row, 1)
        layout.addWidget(progress_box, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    # --- progress notes ------------------------------------------------------------------------
    def _show_progress(self) -> None:
        self.progress.setRowCount(len(self._progress))
        for row, note in enumerate(self._progress):
            self.progress.setItem(row, 0, QTableWidgetItem(f"{note.noted_on:%Y-%m-%d}"))
            item = QTableWidgetItem(note.note)
            item.setToolTip(note.note)
            self.progress.setItem(row, 1, item)

    def add_note(self) -> None:
        text = self.note_text.text().strip()
        if not text:
            self.message.setText("请先填写进展内容，再点“添加进展”。")
            self.note_text.setFocus()
            return
        self._progress.append(ProgressNote(pydate(self.note_date.date()), text))
        self._progress.sort(key=lambda n: n.noted_on)
        self.note_text.clear()
        self.message.clear()
        self._show_progress()

    def remove_note(self) -> None:
        rows = sorted({index.row() for index in self.progress.selectedIndexes()}, reverse=True)
        if not rows:
            self.message.setText("请先在进展记录中选择要删除的一条。")
            return
        for row in rows:
            del self._progress[row]
        self._show_progress()

    # --- saving --------------------------------------------------------------------------------
    def entered(self) -> TaskDraft:
        base = TaskDraft.of(self._node) if self._node else TaskDraft(text="")
        return replace(
            base,
            parent_id=self.parent_combo.currentData(),
            text=self.text.toPlainText(),
            body=self.body.toPlainText(),
            leader_ids=self.leaders.checked_ids(),
            office_ids=self.offices.checked_ids(),
            frequency=self.frequency.currentText(),
            deadline=None if self.no_deadline.isChecked() else pydate(self.deadline.date()),
            status=TaskStatus(self.status.currentData()),
            leaders_placeholder=self._leaders_placeholder,
            offices_placeholder=self._offices_placeholder,
            progress=tuple(self._progress),
        )

    def load(self, node: TaskNode) -> None:
        """Show `node` as saved, and save from its version from now on."""
        self._node = node
        self.choose_parent(node.parent_id)
        self.text.setPlainText(node.text)
        self.body.setPlainText(node.body)
        self.frequency.setCurrentText(node.frequency)
        self.no_deadline.setChecked(node.deadline is None)
        if node.deadline is not None:
            self.deadline.setDate(qdate(node.deadline))
        self.status.setCurrentIndex(self.status.findData(node.status))
        self.leaders.set_checked(node.leader_ids)
        self.offices.set_checked(node.office_ids)
        self._leaders_placeholder = node.leaders_placeholder
        self._offices_placeholder = node.offices_placeholder
        self._progress = list(node.progress)
        self._show_progress()
        self.message.clear()

    def save(self) -> None:
        if self.note_text.text().strip():
            self.add_note()  # a typed but not yet added note is not lost
        draft = self.entered()
        try:
            if draft.id is None:
                self.saved = self._service.create_task(self._year, draft)
            else:
                self.saved = self._service.update_task(draft)
        except EditConflict as conflict:
            if resolve_conflict(self, conflict, self._conflict_form()) is Outcome.DISCARDED:
                self.reject()
            return
        except UserError as error:
            self.message.setText(str(error))
            return
        self.accept()

    def choose_parent(self, task_id: int | None) -> None:
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(task_id)))

    def _conflict_form(self) -> ConflictForm[TaskDraft]:
        task_id = self._node.id if self._node else 0

        def reload() -> TaskDraft:
            node = self._service.get(task_id)
            return replace(TaskDraft.of(node), progress=node.progress)

        def checked(widget: CheckList, ids: tuple[int, ...]) -> str:
            names: dict[int, str] = {}
            for row in range(widget.count()):
                item = widget.item(row)
                names[int(item.data(ID_ROLE))] = item.text()
            return shown(tuple(names.get(i, f"（编号{i}）") for i in ids))

        def parent_name(parent_id: int | None) -> str:
            index = self.parent_combo.findData(parent_id)
            return self.parent_combo.itemText(index).strip() if index >= 0 else EMPTY

        def notes(progress: tuple[ProgressNote, ...] | None) -> str:
            return "；".join(f"{n.noted_on:%Y-%m-%d} {n.note}" for n in progress or ()) or EMPTY

        fields = [
            ("parent_id", "上级"),
            ("text", "任务内容"),
            ("body", "说明"),
            ("leader_ids", "责任领导"),
            ("office_ids", "责任股室"),
            ("frequency", "频次"),
            ("deadline", "完成时限"),
            ("status", "状态"),
            ("progress", "进展记录"),
        ]
        show = {
            "parent_id": parent_name,
            "leader_ids": lambda ids: checked(self.leaders, ids),
            "office_ids": lambda ids: checked(self.offices, ids),
            "progress": notes,
        }
        return ConflictForm(
            self.entered,
            reload,
            lambda _draft: self.load(self._service.get(task_id)),
            lambda draft: describe(draft, fields, show),
        )
