"""Add or edit one task or section of the responsibility matrix, with its progress notes.

Each chosen leader and office has a role (牵头/责任/分管领导, 牵头/责任/配合单位; the combo box
under each list sets the role of the row in hand), units outside ours are typed as text with
a role, and the 完成时限 is typed as the plans write it (2020年6月底, 长期, 每季度) with the date
it means shown beside it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from ideowork.domain.deadlines import read_deadline
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.roles import LEADER_ROLES, UNIT_ROLES
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
from ideowork.gui.dialogs.role_list import LABEL_ROLE, OutsideUnits, RoleCheckList
from ideowork.services.concurrency import EditConflict
from ideowork.services.matrix.model import ProgressNote, TaskDraft, TaskNode, marked
from ideowork.services.matrix.service import MatrixService
from ideowork.services.unit import OfficeInfo, PersonInfo

FREQUENCIES = ("", "长期", "每年", "每半年", "每季度", "每月", "每周", "按需")
DEADLINES = ("", "长期", "全年", "年底前", "上半年", "6月底", "每季度", "每月")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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
        evidence: QWidget | None = None,
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
        # 完成时限 as the plans write it; the label beside it says the date it means.
        self.deadline = QComboBox()
        self.deadline.setEditable(True)
        self.deadline.addItems(DEADLINES)
        self.deadline.setMinimumWidth(150)
        if (line := self.deadline.lineEdit()) is not None:
            line.setPlaceholderText("如：2020年6月底、长期")
        self.deadline_hint = QLabel()
        self.deadline_hint.setStyleSheet("color: #555")
        self.deadline.currentTextChanged.connect(self._show_deadline_hint)
        self.deadline.setCurrentText(deadline_as_typed(node) if node else "")
        self._show_deadline_hint()
        self.score = QLineEdit(score_text(node.score) if node else "")
        self.score.setPlaceholderText("考核分值")
        self.score.setMaximumWidth(80)
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

        self.leaders = RoleCheckList(LEADER_ROLES)
        self.leaders.set_choices(
            [(p.id, f"{p.name}（{p.post}）" if p.post else p.name) for p in people if p.id]
        )
        self.offices = RoleCheckList(UNIT_ROLES)
        self.offices.set_choices([(o.id, o.name) for o in offices if o.id])
        if node:
            self.leaders.set_roles(node.leader_ids, node.leader_roles)
            self.offices.set_roles(node.office_ids, node.office_roles)
        self.outside = OutsideUnits(UNIT_ROLES)
        self.outside.set_units(node.outside_units if node else ())
        self.leaders_box = QGroupBox("领导（可多选，勾选后可设职责）")
        self.offices_box = QGroupBox("股室和单位（可多选，勾选后可设职责）")
        for box, widget in ((self.leaders_box, self.leaders), (self.offices_box, self.offices)):
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(widget, 1)
            role_row = QHBoxLayout()
            role_row.addWidget(QLabel("所选一行的职责："))
            role_row.addWidget(widget.role_box, 1)
            box_layout.addLayout(role_row)
        self._leaders_placeholder = bool(node and node.leaders_placeholder)
        self._offices_placeholder = bool(node and node.offices_placeholder)
        if self._leaders_placeholder:
            self.leaders_box.setTitle("领导（待填写，请勾选）")
            self.leaders.setStyleSheet(PLACEHOLDER_STYLE)
        if self._offices_placeholder:
            self.offices_box.setTitle("股室和单位（待填写，请勾选）")
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
        when.addWidget(self.deadline_hint, 1)
        others = QHBoxLayout()
        others.addWidget(QLabel("频次："))
        others.addWidget(self.frequency, 1)
        others.addSpacing(24)
        others.addWidget(QLabel("分值："))
        others.addWidget(self.score)
        others.addSpacing(24)
        others.addWidget(QLabel("状态："))
        others.addWidget(self.status)
        form = QFormLayout()
        form.addRow("上级：", self.parent_combo)
        form.addRow("任务：", self.text)
        form.addRow("说明：", self.body)
        form.addRow("完成时限：", when)
        form.addRow("", others)
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
        layout.addWidget(self.outside)
        layout.addWidget(progress_box, 1)
        if evidence is not None:  # 佐证材料 (a saved task's; a new one says to save first)
            evidence_box = QGroupBox("佐证材料（会议纪要、工作方案、照片等）")
            QVBoxLayout(evidence_box).addWidget(evidence)
            evidence_box.setMaximumHeight(250)
            layout.addWidget(evidence_box, 1)
            self.resize(820, 900)
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

    # --- the deadline ----------------------------------------------------------------------------
    def _show_deadline_hint(self, _text: str = "") -> None:
        self.deadline_hint.setText(read_deadline(self.deadline.currentText(), self._year).hint)

    # --- saving --------------------------------------------------------------------------------
    def entered(self) -> TaskDraft:
        base = TaskDraft.of(self._node) if self._node else TaskDraft(text="")
        typed = " ".join(self.deadline.currentText().split())
        # A plain date typed (2020-12-31) is a date; anything else is kept as written.
        written = "" if _ISO_DATE.fullmatch(typed) else typed
        return replace(
            base,
            parent_id=self.parent_combo.currentData(),
            text=self.text.toPlainText(),
            body=self.body.toPlainText(),
            leader_ids=self.leaders.checked_ids(),
            leader_roles=self.leaders.checked_roles(),
            office_ids=self.offices.checked_ids(),
            office_roles=self.offices.checked_roles(),
            outside_units=self.outside.entered(),
            frequency=self.frequency.currentText(),
            deadline=read_deadline(typed, self._year).date,
            deadline_text=written,
            score=self._score(),
            status=TaskStatus(self.status.currentData()),
            leaders_placeholder=self._leaders_placeholder,
            offices_placeholder=self._offices_placeholder,
            progress=tuple(self._progress),
        )

    def _score(self) -> Decimal | None:
        text = self.score.text().strip().removesuffix("分")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                f"分值“{self.score.text()}”不是数字，请填写如“3”或“2.5”，没有分值请留空。",
                field="score",
            ) from None

    def load(self, node: TaskNode) -> None:
        """Show `node` as saved, and save from its version from now on."""
        self._node = node
        self.choose_parent(node.parent_id)
        self.text.setPlainText(node.text)
        self.body.setPlainText(node.body)
        self.frequency.setCurrentText(node.frequency)
        self.deadline.setCurrentText(deadline_as_typed(node))
        self.score.setText(score_text(node.score))
        self.status.setCurrentIndex(self.status.findData(node.status))
        self.leaders.set_roles(node.leader_ids, node.leader_roles)
        self.offices.set_roles(node.office_ids, node.office_roles)
        self.outside.set_units(node.outside_units)
        self._leaders_placeholder = node.leaders_placeholder
        self._offices_placeholder = node.offices_placeholder
        self._progress = list(node.progress)
        self._show_progress()
        self.message.clear()

    def save(self) -> None:
        if self.note_text.text().strip():
            self.add_note()  # a typed but not yet added note is not lost
        try:
            draft = self.entered()
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

        def checked(widget: CheckList, links: tuple[tuple[int, str], ...]) -> str:
            names: dict[int, str] = {}
            for row in range(widget.count()):
                item = widget.item(row)
                names[int(item.data(ID_ROLE))] = str(item.data(LABEL_ROLE) or item.text())
            return shown(tuple(marked(names.get(i, f"（编号{i}）"), r) for i, r in links))

        def parent_name(parent_id: int | None) -> str:
            index = self.parent_combo.findData(parent_id)
            return self.parent_combo.itemText(index).strip() if index >= 0 else EMPTY

        def notes(progress: tuple[ProgressNote, ...] | None) -> str:
            return "；".join(f"{n.noted_on:%Y-%m-%d} {n.note}" for n in progress or ()) or EMPTY

        fields = [
            ("parent_id", "上级"),
            ("text", "任务内容"),
            ("body", "说明"),
            ("leaders_in_roles", "责任领导"),
            ("offices_in_roles", "责任股室"),
            ("outside_units", "其他单位"),
            ("frequency", "频次"),
            ("deadline_text", "完成时限"),
            ("deadline", "完成日期"),
            ("score", "分值"),
            ("status", "状态"),
            ("progress", "进展记录"),
        ]
        show = {
            "parent_id": parent_name,
            "leaders_in_roles": lambda links: checked(self.leaders, links),
            "offices_in_roles": lambda links: checked(self.offices, links),
            "progress": notes,
            "outside_units": lambda units: shown(tuple(marked(u.name, u.role) for u in units)),
        }
        return ConflictForm(
            self.entered,
            reload,
            lambda _draft: self.load(self._service.get(task_id)),
            lambda draft: describe(draft, fields, show),
        )


def deadline_as_typed(node: TaskNode) -> str:
    """The 完成时限 to show in the field: as written, else the date (2020-12-31), else empty."""
    return node.deadline_shown


def score_text(score: Decimal | None) -> str:
    """3.0 → "3", 2.5 → "2.5"; None → ""."""
    if score is None:
        return ""
    return f"{score:f}".rstrip("0").rstrip(".") if "." in f"{score:f}" else f"{score:f}"
