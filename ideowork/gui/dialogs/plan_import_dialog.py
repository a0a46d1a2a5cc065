"""Import an existing 实施方案: preview the parsed tree, correct it, then write it.

Nothing is written before “导入”: the file is parsed, the user checks and corrects the text,
leaders and offices of any item, sees which names link to existing people/offices and which
would be created, picks the year (and whether to replace its matrix), and only then the plan
goes through PlanImportService in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR
from ideowork.gui.failures import show_failure
from ideowork.gui.models.task_tree_model import wrap_columns
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.importers.plan_parser import ParsedPlan, PlanNode, parse_plan_file
from ideowork.services.context import Services
from ideowork.services.matrix.names import ALL_LEADERS, ALL_OFFICES
from ideowork.services.matrix.plan_import import ImportPreview, ImportResult

COLUMNS = ("编号", "内容", "责任领导", "责任股室")
MARKER, TEXT, LEADERS, OFFICES = range(len(COLUMNS))
KEY_ROLE = Qt.ItemDataRole.UserRole
TO_BE_FILLED = "（待填写）"
PLACEHOLDER_COLOUR = "#fff4d6"  # amber: to be filled
NEW_NAME_COLOUR = "#e3effd"  # blue: a name that is not yet in the unit's lists
_PLACEHOLDER_RE = re.compile(r"^[（(]?(待填写|待填|待定|待补)[）)]?$|^[xX×*＊Ｘｘ]+$")


def split_names(text: str) -> tuple[tuple[str, ...], bool]:
    """ "张三、李四" → names; "（待填写）" or "xxx" marks the field as to be filled."""
    tokens = [t for t in re.split(r"[、，,;；/／\s]+", text.strip()) if t]
    placeholder = any(_PLACEHOLDER_RE.match(t) for t in tokens)
    names = tuple(dict.fromkeys(t for t in tokens if not _PLACEHOLDER_RE.match(t)))
    return names, placeholder


def names_text(names: tuple[str, ...], placeholder: bool) -> str:
    return "、".join([*names, *([TO_BE_FILLED] if placeholder else [])])


class PlanImportDialog(QDialog):
    def __init__(self, services: Services, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入实施方案")
        self.resize(1000, 720)
        self._service = services.plan_import
        self._services = services
        self._plan: ParsedPlan | None = None
        self._nodes: dict[int, PlanNode] = {}
        self._known_people: set[str] = set()
        self._known_offices: set[str] = set()
        self.preview_info: ImportPreview | None = None
        self.result_info: ImportResult | None = None
        self.operation: Operation[Any] | None = None  # the last background job (tests wait on it)

        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("选择已有的实施方案（.docx 或 .txt）")
        self.choose = QPushButton("选择文件…")
        self.choose.clicked.connect(self.choose_file)
        self.plan_title = QLabel()
        self.plan_title.setWordWrap(True)
        title_font = QFont()
        title_font.setBold(True)
        self.plan_title.setFont(title_font)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        wrap_columns(self.tree, (TEXT, LEADERS, OFFICES))
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.tree.header()
        header.setSectionResizeMode(MARKER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LEADERS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OFFICES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LEADERS, 150)
        header.resizeSection(OFFICES, 170)
        header.setStretchLastSection(False)
        self.tree.itemChanged.connect(self._item_edited)
        hint = QLabel(
            "双击可修改内容、责任领导、责任股室（多个名称用“、”分隔，写“待填写”表示暂缺）。"
            "黄色为待填写，蓝色为名单中还没有的人员或股室。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")

        self.warnings = QListWidget()
        self.warnings.setMaximumHeight(96)
        self.warnings.setWordWrap(True)
        self.names = QLabel()
        self.names.setWordWrap(True)
        self.names.setTextFormat(Qt.TextFormat.RichText)

        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)  # the years the services accept
        self.year.setValue(year)
        self.year.setSuffix("年")
        self.create_missing = QCheckBox("新建未知的人员和股室")
        self.create_missing.setChecked(True)
        self.create_missing.setToolTip("不勾选时，名单中没有的名称留作“待填写”，导入后再补。")
        self.replace = QCheckBox()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.year.valueChanged.connect(self.update_preview)
        self.create_missing.toggled.connect(self._recolour)
        self.create_missing.toggled.connect(self.update_preview)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("方案文件："))
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        options = QHBoxLayout()
        options.addWidget(QLabel("导入为："))
        options.addWidget(self.year)
        options.addWidget(QLabel("的责任清单"))
        options.addSpacing(16)
        options.addWidget(self.create_missing)
        options.addSpacing(16)
        options.addWidget(self.replace)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.plan_title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(QLabel("解析提示（请逐条核对）："))
        layout.addWidget(self.warnings)
        layout.addWidget(self.names)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.update_preview()

    # --- loading -------------------------------------------------------------------------------
    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择实施方案", "", "实施方案 (*.docx *.txt);;所有文件 (*)"
        )
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> Operation[ParsedPlan]:
        """Parse the file off the GUI thread and show it; a bad file gets its message in a
        dialog, nothing else."""

        def loaded(plan: ParsedPlan) -> None:
            self.path.setText(str(path))
            self.set_plan(plan)

        self.operation = run_in_background(
            self,
            lambda _progress: parse_plan_file(path),
            loaded,
            on_failure=lambda error: show_failure(self, error, "无法读取实施方案"),
            label="正在读取实施方案…",
        )
        return self.operation

    def set_plan(self, plan: ParsedPlan) -> None:
        self._plan = plan
        self._known_people = {p.name for p in self._services.unit.list_people()}
        self._known_offices = {o.name for o in self._services.unit.list_offices()}
        self.plan_title.setText(plan.title or "（未识别到标题）")
        self._nodes.clear()
        self.tree.blockSignals(True)
        self.tree.clear()
        for node in plan.sections:
            self.tree.addTopLevelItem(self._item(node))
        self.tree.blockSignals(False)
        self.tree.expandAll()
        self.warnings.clear()
        self.warnings.addItems(list(plan.warnings) or ["未发现需要核对的问题。"])
        self.update_preview()

    def _item(self, node: PlanNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        key = len(self._nodes) + 1
        self._nodes[key] = node
        item.setData(MARKER, KEY_ROLE, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self._render(item, node)
        for child in node.children:
            item.addChild(self._item(child))
        return item

    def _render(self, item: QTreeWidgetItem, node: PlanNode) -> None:
        item.setText(MARKER, node.marker)
        item.setText(TEXT, node.text)
        item.setToolTip(TEXT, node.text + (f"\n\n{node.body}" if node.body else ""))
        item.setText(LEADERS, names_text(node.leaders, node.leaders_placeholder))
        item.setText(OFFICES, names_text(node.offices, node.offices_placeholder))
        if node.children:
            font = item.font(TEXT)
            font.setBold(True)
            item.setFont(TEXT, font)
        self._colour(item, node)

    def _colour(self, item: QTreeWidgetItem, node: PlanNode) -> None:
        create = self.create_missing.isChecked()
        for column, names, placeholder, known, collective, kind in (
            (
                LEADERS,
                node.leaders,
                node.leaders_placeholder,
                self._known_people,
                ALL_LEADERS,
                "人员",
            ),
            (
                OFFICES,
                node.offices,
                node.offices_placeholder,
                self._known_offices,
                ALL_OFFICES,
                "股室",
            ),
        ):
            new = [n for n in names if n not in known and n not in collective]
            tips = []
            colour = None
            if new:
                colour = NEW_NAME_COLOUR
                action = "将新建" if create else "名单中没有，导入后留作待填写："
                tips.append(f"{action}{kind}：{'、'.join(new)}")
            if placeholder:
                colour = PLACEHOLDER_COLOUR
                tips.append("待填写：方案中为占位符，导入后请补填。")
            linked = [n for n in names if n in known]
            if linked:
                tips.append(f"已有{kind}：{'、'.join(linked)}")
            item.setBackground(column, QBrush(QColor(colour)) if colour else QBrush())
            item.setToolTip(column, "\n".join(tips))

    def _recolour(self) -> None:
        self.tree.blockSignals(True)
        for item in self._all_items():
            self._colour(item, self._nodes[int(item.data(MARKER, KEY_ROLE))])
        self.tree.blockSignals(False)

    def _all_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for index in range(item.childCount()):
                walk(item.child(index))

        root = self.tree.invisibleRootItem()
        for index in range(root.childCount()):
            walk(root.child(index))
        return found

    # --- corrections ---------------------------------------------------------------------------
    def _item_edited(self, item: QTreeWidgetItem, column: int) -> None:
        key = int(item.data(MARKER, KEY_ROLE))
        node = self._nodes[key]
        if column == TEXT:
            text = item.text(TEXT).strip()
            if text:
                node = replace(node, text=text)
                self.message.clear()
            else:
                self.message.setText("任务内容不能为空，已恢复原内容。")
        elif column == LEADERS:
            leaders, placeholder = split_names(item.text(LEADERS))
            node = replace(node, leaders=leaders, leaders_placeholder=placeholder)
        elif column == OFFICES:
            offices, placeholder = split_names(item.text(OFFICES))
            node = replace(node, offices=offices, offices_placeholder=placeholder)
        self._nodes[key] = node
        self.tree.blockSignals(True)
        self._render(item, node)
        self.tree.blockSignals(False)
        self.update_preview()

    def edit_node(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        """Correct one cell as the user would by double-clicking it (for tests and scripts)."""
        item.setText(column, text)

    def plan(self) -> ParsedPlan | None:
        """The plan with the user's corrections."""
        if self._plan is None:
            return None

        def rebuild(item: QTreeWidgetItem) -> PlanNode:
            node = self._nodes[int(item.data(MARKER, KEY_ROLE))]
            children = tuple(rebuild(item.child(i)) for i in range(item.childCount()))
            return replace(node, children=children)

        root = self.tree.invisibleRootItem()
        sections = tuple(rebuild(root.child(i)) for i in range(root.childCount()))
        return replace(self._plan, sections=sections)

    # --- preview and import --------------------------------------------------------------------
    def update_preview(self) -> None:
        plan = self.plan()
        year = self.year.value()
        self.import_button.setEnabled(plan is not None)
        if plan is None:
            self.names.setText("请先选择实施方案文件（.docx 或 .txt）。")
            self._set_replace(0, year)
            return
        preview = self._service.preview(plan, year)
        self.preview_info = preview
        create = self.create_missing.isChecked()
        lines = [
            f"共{preview.task_count}项，其中{preview.to_be_filled}项责任待填写。",
            _names_line("人员", preview.linked_people, preview.new_people, create),
            _names_line("股室", preview.linked_offices, preview.new_offices, create),
        ]
        collective = sorted(
            {
                name
                for node in plan.iter_nodes()
                for name in (*node.leaders, *node.offices)
                if name in ALL_LEADERS or name in ALL_OFFICES
            }
        )
        if collective:
            lines.append(f"“{'”“'.join(collective)}”将按全部班子成员或全部股室导入。")
        self.names.setText("<br>".join(lines))
        self._set_replace(preview.existing_tasks_in_year, year)

    def _set_replace(self, existing: int, year: int) -> None:
        self.replace.setEnabled(existing > 0)
        if existing:
            self.replace.setText(f"替换{year}年已有的责任清单（{existing}项）")
        else:
            self.replace.setChecked(False)
            self.replace.setText(f"{year}年尚无责任清单")

    def do_import(self) -> Operation[ImportResult] | None:
        """Write the checked plan in one transaction, off the GUI thread; close when done."""
        plan = self.plan()
        if plan is None:
            self.message.setText("请先选择实施方案文件。")
            return None
        year = self.year.value()
        existing = self.preview_info.existing_tasks_in_year if self.preview_info else 0
        if existing and not self.replace.isChecked():
            self.message.setText(
                f"{year}年已有责任清单（{existing}项）。如要替换，请勾选“替换”；也可以改为导入到其他年度。"
            )
            return None
        create, replace = self.create_missing.isChecked(), self.replace.isChecked()

        def imported(result: ImportResult) -> None:
            self.result_info = result
            self.accept()

        def failed(error: Exception) -> None:
            if isinstance(error, UserError):
                self.message.setText(str(error))  # said in place: the user corrects and retries
            else:
                show_failure(self, error)

        self.operation = run_in_background(
            self,
            lambda progress: self._service.import_plan(
                plan, year, create_missing=create, replace=replace, progress=progress
            ),
            imported,
            on_failure=failed,
            on_cancel=lambda: self.message.setText("已取消导入，没有写入任何内容。"),
            label="正在导入实施方案…",
            cancellable=True,
        )
        return self.operation


def _names_line(kind: str, linked: tuple[str, ...], new: tuple[str, ...], create: bool) -> str:
    parts = [f"已有{kind}：{'、'.join(linked) or '无'}"]
    if new:
        action = "将新建" if create else "名单中没有（导入后留作待填写）"
        parts.append(
            f"<span style='background:{NEW_NAME_COLOUR}'>{action}{kind}：{'、'.join(new)}</span>"
        )
    return "；".join(parts)
