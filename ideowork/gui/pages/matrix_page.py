"""责任清单: a year's responsibility matrix — edited as a tree, or seen per leader or office."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolBar,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import TaskStatus
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.dialogs.plan_import_dialog import PlanImportDialog
from ideowork.gui.dialogs.task_dialog import TaskDialog
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.task_tree_model import (
    LEADERS,
    OFFICES,
    STATUS,
    STATUS_COLOURS,
    TEXT,
    WHEN,
    StatusDelegate,
    TaskTreeModel,
    status_text,
    wrap_columns,
)
from ideowork.gui.pages.common import year_combo
from ideowork.gui.restrictions import restrict
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.gui.widgets.attachments_panel import AttachmentsPanel, ask_files_of
from ideowork.services.context import Services
from ideowork.services.matrix.duties import DutyView
from ideowork.services.matrix.excel import MatrixImportReport
from ideowork.services.matrix.model import (
    DeletedTasks,
    TaskFilter,
    TaskNode,
    filter_tree,
    iter_tree,
)

SEARCH_DELAY_MS = 250  # the pause in typing after which the search box filters
MESSAGE_STYLE = {"ok": "color: #1b5e20", "error": "color: #b3261e"}


def confirm_details(parent: QWidget | None, question: str, details: str) -> bool:
    """A yes/no question with a "details" list (bad rows and the like)."""
    box = QMessageBox(QMessageBox.Icon.Question, "请确认", question, parent=parent)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class DutyPanel(QWidget):
    """一岗双责 or per-office view: choose a person (office), see their tasks by section, each
    with the owner's role on it (牵头领导, 分管领导, 配合单位 …) and who shares it."""

    def __init__(
        self,
        label: str,
        shared_header: str,
        load: Callable[[int], DutyView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        columns = ("任务", "职责", "状态", "频次·时限", shared_header, "最新进展")
        self.owner = QComboBox()
        self.owner.setMinimumWidth(200)
        self.summary = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(columns))
        self.tree.setHeaderLabels(columns)
        self.tree.setAlternatingRowColors(True)
        wrap_columns(self.tree, (0, 4, 5))
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 260)
        header.setStretchLastSection(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(label))
        top.addWidget(self.owner)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.owner.currentIndexChanged.connect(self.show_owner)

    def set_owners(self, owners: list[tuple[int, str]]) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        for owner_id, name in owners:
            self.owner.addItem(name, owner_id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        self.owner.blockSignals(False)
        self.show_owner()

    def show_owner(self) -> None:
        self.tree.clear()
        owner_id = self.owner.currentData()
        if owner_id is None:
            self.summary.setText("")
            return
        view = self._load(int(owner_id))
        who = f"{view.owner_name}（{view.owner_post}）" if view.owner_post else view.owner_name
        if not view.groups:
            self.summary.setText(f"  {who}在{view.year}年责任清单中暂无任务。")
            return
        self.summary.setText(
            f"  {who}：共{view.task_count}项，已完成{view.done_count}项，逾期{view.overdue_count}项"
        )
        bold = QFont()
        bold.setBold(True)
        own = view.owner_name
        for group in view.groups:
            section = QTreeWidgetItem([group.section_text])
            section.setFont(0, bold)
            section.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(section)
            for item in group.items:
                # Who shares the task, each with the mark of their role: 王建国（分管）.
                others = item.leaders_shown if view.kind == "leader" else item.units_shown
                shared = "、".join(
                    n for n in others.split("、") if n != own and not n.startswith(f"{own}（")
                )
                when = " ".join(
                    part
                    for part in (
                        item.frequency if item.frequency != item.deadline_text else "",
                        item.deadline_text
                        or (f"{item.deadline:%Y-%m-%d}前" if item.deadline else ""),
                    )
                    if part
                )
                latest = item.latest_progress
                note = f"{latest.noted_on:%m-%d} {latest.note}" if latest else ""
                text = " › ".join((*item.path, item.text)) if item.path else item.text
                row = QTreeWidgetItem(
                    [text, item.role_label, item.status.label, when, shared, note]
                )
                row.setData(0, Qt.ItemDataRole.UserRole, item.task_id)
                row.setToolTip(0, text)
                row.setToolTip(5, note)
                colour = STATUS_COLOURS.get(item.status)
                if colour:
                    row.setBackground(2, QBrush(QColor(colour)))
                section.addChild(row)
        self.tree.expandAll()

    def items(self) -> list[QTreeWidgetItem]:
        root = self.tree.invisibleRootItem()
        return [
            root.child(i).child(j)
            for i in range(root.childCount())
            for j in range(root.child(i).childCount())
        ]


class MatrixPage(QWidget):
    title = "责任清单"
    shows = frozenset({"task", "task_progress", "office", "person"})

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matrix = services.matrix
        self.undo_stack: list[DeletedTasks] = []
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)
        self.last_import: MatrixImportReport | None = None
        self._all: list[TaskNode] = []  # the year's whole tree, unfiltered
        self._all_year: int | None = None  # the year `_all` was read for
        self._all_summary = ""  # its counts, as the summary line shows them

        self.year = year_combo(self.matrix.years(), services.today().year, self)
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.model = TaskTreeModel(self.matrix, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        wrap_columns(self.tree, (TEXT, LEADERS, OFFICES, WHEN))
        self.tree.setItemDelegateForColumn(STATUS, StatusDelegate(self.tree))
        header = self.tree.header()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 150), (3, 130), (4, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, handler, shortcut in (
            ("add", "新增任务", self.add_task, "Ctrl+N"),
            ("add_child", "新增下级", self.add_child, ""),
            ("edit", "修改", self.edit_task, ""),
            ("up", "上移", self.move_up, "Ctrl+Up"),
            ("down", "下移", self.move_down, "Ctrl+Down"),
            ("delete", "删除", self.delete_task, "Delete"),
            ("undo", "撤销删除", self.undo_delete, "Ctrl+Z"),
            ("", "", None, ""),
            ("import_plan", "导入方案…", self.import_plan, ""),
            ("import_excel", "导入Excel…", self.import_excel, ""),
            ("export_excel", "导出Excel…", self.export_excel, ""),
            ("carry", "结转到下一年…", self.carry_forward, ""),
        ):
            if not name:
                self.toolbar.addSeparator()
                continue
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.setToolTip(f"{text}（{QKeySequence(shortcut).toString()}）")
            action.triggered.connect(lambda _=False, run=handler: run())
            self.addAction(action)
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索任务内容…")
        self.search.setClearButtonEnabled(True)
        self.leader_filter = QComboBox()
        self.office_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for status in TaskStatus:
            self.status_filter.addItem(status.label, status)
        self.todo_filter = QCheckBox("只看待填写")
        self.clear_filters = QPushButton("清除筛选")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.leader_filter, 1)
        filters.addWidget(self.office_filter, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.todo_filter)
        filters.addWidget(self.clear_filters)

        tasks_tab = QWidget()
        tasks_layout = QVBoxLayout(tasks_tab)
        tasks_layout.addWidget(self.toolbar)
        tasks_layout.addLayout(filters)
        tasks_layout.addWidget(self.tree, 1)
        self.by_leader = DutyPanel("责任领导：", "共同负责的领导", self._leader_duties)
        self.by_office = DutyPanel("责任股室：", "共同负责的股室", self._office_duties)
        self.tabs = QTabWidget()
        self.tabs.addTab(tasks_tab, "按任务")
        self.tabs.addTab(self.by_leader, "按责任领导")
        self.tabs.addTab(self.by_office, "按股室")

        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.year.currentIndexChanged.connect(lambda _index: self.refresh())
        # Typing waits for a pause (SEARCH_DELAY_MS) and filters the tree already loaded.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.leader_filter, self.office_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.todo_filter.toggled.connect(self._filters_changed)
        self.clear_filters.clicked.connect(self.reset_filters)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.model.edit_failed.connect(lambda text: self.set_message(text, error=True))
        self.model.task_edited.connect(self._after_inline_edit)
        self.tabs.currentChanged.connect(lambda _index: self._refresh_tab())
        restrict(  # the account may not change this module: disabled, saying why
            self.services,
            "matrix",
            *(a for n, a in self.actions_by_name.items() if n != "export_excel"),
        )
        self.refresh()

    # --- loading -------------------------------------------------------------------------------
    def _leader_duties(self, person_id: int) -> DutyView:
        return self.matrix.leader_duties(self.current_year(), person_id)

    def _office_duties(self, office_id: int) -> DutyView:
        return self.matrix.office_duties(self.current_year(), office_id)

    def current_year(self) -> int:
        return int(self.year.currentData())

    def set_year(self, year: int) -> None:
        """Select `year`, adding it to the selector if it is new."""
        if self.year.findData(year) < 0:
            years = sorted({*self.matrix.years(), year, *self._combo_years()})
            self.year.blockSignals(True)
            self.year.clear()
            for each in years:
                self.year.addItem(f"{each}年", each)
            self.year.blockSignals(False)
        self.year.setCurrentIndex(self.year.findData(year))
        self.refresh()

    def _combo_years(self) -> list[int]:
        return [int(self.year.itemData(i)) for i in range(self.year.count())]

    def refresh(self) -> None:
        people = self.services.unit.list_people()
        offices = self.services.unit.list_offices()
        self._fill_filter(self.leader_filter, "全部责任领导", [(p.id, p.name) for p in people])
        self._fill_filter(self.office_filter, "全部股室", [(o.id, o.name) for o in offices])
        self.show_tree()
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        if self.tabs.currentWidget() is self.by_leader:
            owners = {n for node in iter_tree(self._all) for n in node.leader_ids}
            self.by_leader.set_owners(
                [
                    (p.id, p.name)
                    for p in self.services.unit.list_people()
                    if p.id is not None and (p.id in owners or p.active)
                ]
            )
        elif self.tabs.currentWidget() is self.by_office:
            self.by_office.set_owners(
                [(o.id, o.name) for o in self.services.unit.list_offices() if o.id is not None]
            )

    @staticmethod
    def _fill_filter(combo: QComboBox, label: str, choices: list[tuple[int | None, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(label, None)
        for choice_id, name in choices:
            combo.addItem(name, choice_id)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def task_filter(self) -> TaskFilter:
        return TaskFilter(
            text=self.search.text(),
            leader_id=self.leader_filter.currentData(),
            office_id=self.office_filter.currentData(),
            status=self.status_filter.currentData(),
            to_be_filled=self.todo_filter.isChecked(),
        )

    def reset_filters(self) -> None:
        for widget in (self.search, self.leader_filter, self.office_filter, self.status_filter):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.leader_filter, self.office_filter, self.status_filter):
            combo.setCurrentIndex(0)
        for widget in (self.search, self.leader_filter, self.office_filter, self.status_filter):
            widget.blockSignals(False)
        self.todo_filter.setChecked(False)
        self.show_tree()

    def _filters_changed(self, *_: object) -> None:
        """A filter changed: the loaded tree filtered again, without reading the database."""
        self._search_timer.stop()  # a pending search is applied now, with the rest
        self.show_tree(reload=False)

    def apply_filters(self) -> None:
        """What the search box's timer runs once typing pauses (tests and benchmarks call it)."""
        self._filters_changed()

    def show_tree(self, select: int | None = None, reload: bool = True) -> None:
        """The year's tree with the filters (read again unless `reload` is False); keep (or
        move) the selection."""
        keep = select if select is not None else self.selected_id()
        year = self.current_year()
        if reload or self._all_year != year:
            self._all = self.matrix.tree(year)
            self._all_year = year
            self._all_summary = self._summary_of(year)
        task_filter = self.task_filter()
        shown = filter_tree(self._all, task_filter)
        self.model.set_roots(shown)
        self.tree.expandAll()
        text = self._all_summary
        if self._all and not task_filter.is_empty:
            text += f"；筛选出{sum(1 for n in iter_tree(shown) if task_filter.matches(n))}项"
        self.summary.setText(text)
        if keep is not None:
            self.select_task(keep)
        self.update_actions()

    def _summary_of(self, year: int) -> str:
        """The year's counts, once per reading of the tree (a filter does not change them)."""
        nodes = list(iter_tree(self._all))
        if not nodes:
            return (
                f"  {year}年尚无责任清单。可“新增任务”，或“导入方案…”“导入Excel…”，或从上一年结转。"
            )
        tasks = sum(1 for n in nodes if status_text(n))  # the items someone answers for
        todo = sum(1 for n in nodes if n.to_be_filled)
        overdue = sum(1 for n in nodes if n.overdue)
        return f"  共{tasks}项任务，其中{todo}项责任待填写，{overdue}项逾期"

    # --- selection -----------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        node = self.selected_node()
        return node.id if node else None

    def selected_node(self) -> TaskNode | None:
        indexes = self.tree.selectionModel().selectedRows() if self.tree.selectionModel() else []
        return self.model.node(indexes[0]) if indexes else None

    def reveal(self, target: Any) -> None:
        """Show a task another page names (工作台): its year, no filters, it selected."""
        if target.year is not None and target.year != self.current_year():
            self.set_year(target.year)
        if target.record_id is not None:
            self.reset_filters()
            self.select_task(target.record_id)

    def select_task(self, task_id: int) -> bool:
        index = self.model.index_of(task_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def update_actions(self) -> None:
        node = self.selected_node()
        siblings = self._siblings(node)
        position = [n.id for n in siblings].index(node.id) if node and siblings else -1
        enabled = {
            "add_child": node is not None,
            "edit": node is not None,
            "delete": node is not None,
            "up": node is not None and position > 0,
            "down": node is not None and 0 <= position < len(siblings) - 1,
            "undo": bool(self.undo_stack),
            "export_excel": bool(self._all),
            "carry": bool(self._all),
        }
        for name, on in enabled.items():
            self.actions_by_name[name].setEnabled(on)
        undo = self.actions_by_name["undo"]
        undo.setText(f"撤销删除（{len(self.undo_stack)}）" if self.undo_stack else "撤销删除")

    def _siblings(self, node: TaskNode | None) -> list[TaskNode]:
        if node is None:
            return []
        if node.parent_id is None:
            return self._all
        parent = next((n for n in iter_tree(self._all) if n.id == node.parent_id), None)
        return parent.children if parent else []

    def set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(MESSAGE_STYLE["error" if error else "ok"])

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() not in (TEXT, STATUS):
            self.edit_task()

    def _after_inline_edit(self, task_id: int) -> None:
        self.set_message("已保存。")
        # Later: the view is still closing its editor, and resetting the model under it is
        # unsafe. The page is the timer's context, so nothing runs once it is gone.
        QTimer.singleShot(0, self, lambda: self.show_tree(select=task_id))

    # --- adding and editing --------------------------------------------------------------------
    def _dialog(self, node: TaskNode | None, parent_id: int | None) -> TaskDialog:
        return TaskDialog(
            self.matrix,
            self.current_year(),
            self.services.unit.list_people(),
            self.services.unit.list_offices(),
            node=node,
            parent_id=parent_id,
            parent=self,
            evidence=AttachmentsPanel(self.services, "task", node.id if node else None),
        )

    def _run(self, dialog: TaskDialog, open_dialog: bool) -> TaskDialog:
        if open_dialog and dialog.exec() and dialog.saved is not None:
            self.after_save(dialog.saved)
        return dialog

    def after_save(self, saved: TaskNode) -> None:
        self.set_message(f"已保存：{saved.text[:30]}")
        self.show_tree(select=saved.id)

    def add_task(self, *, open_dialog: bool = True) -> TaskDialog:
        """A new task beside the selected one (same parent), or at the top level."""
        node = self.selected_node()
        return self._run(self._dialog(None, node.parent_id if node else None), open_dialog)

    def add_child(self, *, open_dialog: bool = True) -> TaskDialog | None:
        node = self.selected_node()
        if node is None:
            show_error(self, "请先选择一个任务或部分，再新增它的下级任务。")
            return None
        return self._run(self._dialog(None, node.id), open_dialog)

    def edit_task(self, *, open_dialog: bool = True) -> TaskDialog | None:
        node = self.selected_node()
        if node is None:
            show_error(self, "请先在列表中选择要修改的任务。")
            return None
        # The shown node may be pruned by a filter: edit the full one.
        return self._run(self._dialog(self.matrix.get(node.id), None), open_dialog)

    # --- moving and deleting -------------------------------------------------------------------
    def move_up(self) -> None:
        self._move(self.matrix.move_up)

    def move_down(self) -> None:
        self._move(self.matrix.move_down)

    def _move(self, move: Callable[[int], bool]) -> None:
        task_id = self.selected_id()
        if task_id is None:
            return
        try:
            move(task_id)
        except UserError as error:
            show_error(self, error)
        self.show_tree(select=task_id)

    def delete_task(self) -> None:
        node = self.selected_node()
        if node is None:
            show_error(self, "请先在列表中选择要删除的任务。")
            return
        full = self.matrix.get(node.id)
        below = len(list(full.iter_nodes())) - 1
        label = full.text if len(full.text) <= 30 else full.text[:30] + "…"
        question = f"确定删除“{label}”" + (f"及其下级{below}项" if below else "") + "吗？"
        if not confirm(self, question + "\n删除后可点“撤销删除”（Ctrl+Z）恢复。"):
            return
        task_id = node.id
        # The 佐证材料 of the task and its sub-tasks: kept (未关联) or deleted with them.
        files = ask_files_of(self, self.services, "task", [n.id for n in full.iter_nodes()])
        if files is None:
            return
        try:
            # From the version the question was asked about: changed since, it asks again.
            token = delete_checked(self, lambda v: self.matrix.delete(task_id, v), full.version)
        except UserError as error:
            show_error(self, error)
            self.show_tree()
            return
        if token is None:
            self.show_tree()
            return
        files.settle()
        self.undo_stack.append(token)
        self.set_message(f"已删除“{token.label}”（共{token.count}项）。可按 Ctrl+Z 撤销。")
        self.show_tree()

    def undo_delete(self) -> None:
        if not self.undo_stack:
            return
        token = self.undo_stack.pop()
        try:
            restored = self.matrix.undo_delete(token)
        except UserError as error:
            self.undo_stack.append(token)
            show_error(self, error)
            return
        if token.year != self.current_year():
            self.set_year(token.year)
        self.set_message(f"已恢复“{token.label}”（共{token.count}项）。")
        self.show_tree(select=restored.id)

    # --- import, export, carry forward ---------------------------------------------------------
    def import_plan(self, *, open_dialog: bool = True) -> PlanImportDialog:
        dialog = PlanImportDialog(self.services, self.current_year(), self)
        if open_dialog and dialog.exec() and dialog.result_info is not None:
            result = dialog.result_info
            self.set_message(f"已导入实施方案为{result.year}年责任清单，共{result.tasks}项。")
            self.set_year(result.year)
        return dialog

    def import_excel(self, path: Path | None = None) -> Operation[MatrixImportReport] | None:
        """Check the file first, ask about unknown names, bad rows and replacing; then import
        off the GUI thread (the report lands in `last_import`)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "导入Excel", "", "Excel 工作簿 (*.xlsx);;所有文件 (*)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        year = self.current_year()
        excel = self.services.matrix_excel
        try:
            check = excel.import_sheet(path, year, dry_run=True)
            create = False
            if check.new_people or check.new_offices:
                names = "、".join((*check.new_people, *check.new_offices))
                create = confirm(
                    self,
                    f"Excel 中有不在名单中的人员或股室：{names}。\n是否新建它们？"
                    "（选“否”则这些行不导入）",
                )
                if create:
                    check = excel.import_sheet(path, year, dry_run=True, create_missing=True)
        except UserError as error:
            show_error(self, error)
            return None
        if check.problems:
            if check.good_rows == 0:
                show_error(self, "Excel 中没有可以导入的行：\n" + _problem_text(check))
                return None
            question = (
                f"“{path.name}”中有{len(check.bad_rows)}行有问题（见“详细信息”），"
                f"其余{check.good_rows}行无误。是否只导入无误的行？"
            )
            if not confirm_details(self, question, _problem_text(check)):
                self.set_message("未导入。请按提示改正 Excel 后重新导入。", error=True)
                return None
        replace = False
        if check.existing_tasks:
            replace = confirm(
                self,
                f"{year}年已有责任清单（{check.existing_tasks}项）。"
                "是否用 Excel 中的内容替换？替换前建议先导出备份。",
            )
            if not replace:
                return None
        chosen_path, skip_bad = path, bool(check.problems)

        def imported(report: MatrixImportReport) -> None:
            self.last_import = report
            self.undo_stack.clear()  # the deleted tasks' places may no longer exist
            self.set_message(report.summary)
            self.refresh()

        self.operation = run_in_background(
            self,
            lambda _progress: excel.import_sheet(
                chosen_path, year, create_missing=create, replace=replace, skip_bad_rows=skip_bad
            ),
            imported,
            label="正在导入 Excel…",
        )
        return self.operation

    def export_excel(self, path: Path | None = None) -> Path | None:
        year = self.current_year()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出Excel", f"{year}年责任清单.xlsx", "Excel 工作簿 (*.xlsx)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            count = self.services.matrix_excel.export(year, path)
        except UserError as error:
            show_error(self, error)
            return None
        self.set_message(f"已导出{year}年责任清单（{count}项）到：{path}")
        return path

    def carry_forward(self) -> None:
        year = self.current_year()
        question = (
            f"把{year}年责任清单结转为{year + 1}年？\n任务和责任领导、责任股室保持不变，"
            "状态重置为“未开始”，完成时限顺延一年，进展记录不带入。"
        )
        if not confirm(self, question):
            return
        try:
            result = self.matrix.carry_forward(year, year + 1)
        except UserError as error:
            show_error(self, error)
            return
        self.set_year(year + 1)
        self.set_message(result.summary)


def _problem_text(report: MatrixImportReport) -> str:
    return "\n".join(str(problem) for problem in report.problems)
