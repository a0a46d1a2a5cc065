"""Import an existing 实施方案: preview the parsed tree, correct it, then write it.

Nothing is written before “导入”: the file is parsed, the user checks and corrects the text,
leaders and units (with their roles: 张三（牵头）), deadline and score of any item, sees where
each name came from (the item's own marking, a heading above it, a table column) and what is
left to fill, which lines could not be placed, which opening articles were set aside as
preamble (tick them to import them as tasks), which names link to existing people/offices and
which would be created, picks the year (and whether to replace its matrix), and only then the
plan goes through PlanImportService in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from html import escape
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
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.roles import (
    COOPERATING,
    IN_CHARGE,
    LEAD,
    RESPONSIBLE,
    NamedRole,
)
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR
from ideowork.gui.failures import show_failure
from ideowork.gui.models.task_tree_model import wrap_columns
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.importers.plan_parser import ParsedPlan, PlanNode, parse_plan_file
from ideowork.services.context import Services
from ideowork.services.matrix.names import ALL_LEADERS, ALL_OFFICES, is_outside_unit
from ideowork.services.matrix.plan_import import ImportPreview, ImportResult

COLUMNS = ("编号", "内容", "责任领导", "责任单位", "完成时限", "分值", "来源与待填")
MARKER, TEXT, LEADERS, OFFICES, DEADLINE, SCORE, NOTES = range(len(COLUMNS))
KEY_ROLE = Qt.ItemDataRole.UserRole
TO_BE_FILLED = "（待填写）"
PLACEHOLDER_COLOUR = "#fff4d6"  # amber: to be filled
NEW_NAME_COLOUR = "#e3effd"  # blue: a name that is not yet in the unit's lists
SET_ASIDE_COLOUR = "#8a8a8a"  # grey: a preamble article not imported unless ticked
_PLACEHOLDER_RE = re.compile(r"^[（(]?(待填写|待填|待定|待补)[）)]?$|^[xX×*＊Ｘｘ]+$")
# How a role other than 责任 is written after a name: 张三（牵头）, 各村（社区）（配合）.
LEADER_TAGS = {LEAD: "牵头", IN_CHARGE: "分管"}
UNIT_TAGS = {LEAD: "牵头", COOPERATING: "配合"}


def split_names(text: str) -> tuple[tuple[str, ...], bool]:
    """ "张三、李四" → names; "（待填写）" or "xxx" marks the field as to be filled."""
    tokens = [t for t in re.split(r"[、，,;；/／\s]+", text.strip()) if t]
    placeholder = any(_PLACEHOLDER_RE.match(t) for t in tokens)
    names = tuple(dict.fromkeys(t for t in tokens if not _PLACEHOLDER_RE.match(t)))
    return names, placeholder


def names_text(names: tuple[str, ...], placeholder: bool) -> str:
    return "、".join([*names, *([TO_BE_FILLED] if placeholder else [])])


def roles_text(named: tuple[NamedRole, ...], placeholder: bool, leaders: bool) -> str:
    """ "张三（牵头）、李四" : each name with its role unless it is 责任 (the usual one)."""
    tags = LEADER_TAGS if leaders else UNIT_TAGS
    shown = [f"{r.name}（{tags[r.role]}）" if r.role in tags else r.name for r in named]
    return "、".join([*shown, *([TO_BE_FILLED] if placeholder else [])])


def split_roles(text: str, leaders: bool) -> tuple[tuple[NamedRole, ...], bool]:
    """The names and roles the user wrote ("张三（牵头）、李四"), and whether one is to fill."""
    tags = {tag: role for role, tag in (LEADER_TAGS if leaders else UNIT_TAGS).items()}
    tags["责任"] = RESPONSIBLE
    names, placeholder = split_names(text)
    named: dict[str, NamedRole] = {}
    for token in names:
        match = re.fullmatch(r"(.+?)[（(](牵头|责任|分管|配合)[）)]", token)
        name, role = (match.group(1), tags.get(match.group(2))) if match else (token, None)
        named.setdefault(name, NamedRole(name, role or RESPONSIBLE))
    return tuple(named.values()), placeholder


def notes_text(node: PlanNode) -> str:
    """Short: where the fields came from and what is left ("单位←上级标题；待填：责任领导");
    leaders from a heading's post say the post ("责任领导←岗位“支部书记”"), or that nobody
    in the unit holds it."""
    origins: list[str] = []
    post = f"岗位“{node.post}”"
    unheld = False
    for source in node.sources:
        field, _, rest = source.partition("：")
        if node.post and post in rest:
            unheld = "没有找到" in rest
            if not unheld:
                origins.append(f"{field}←{post}")
            continue
        where = "上级标题" if "取自上级标题" in rest else "表格列" if "表格" in rest else "本项"
        origins.append(f"{field}←{where}")
    missing = [
        f"{name}（名单中无“{node.post}”）" if unheld and name == "责任领导" else name
        for name in node.left_to_fill()
    ]
    if missing:
        origins.append(f"待填：{'、'.join(missing)}")
    elif unheld:  # a heading: nothing to fill on it, but its post found nobody
        origins.append(f"责任领导：名单中无“{node.post}”")
    return "；".join(origins)


class PlanImportDialog(QDialog):
    def __init__(self, services: Services, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入实施方案")
        self.resize(1180, 780)
        self._service = services.plan_import
        self._services = services
        self._plan: ParsedPlan | None = None
        self._nodes: dict[int, PlanNode] = {}
        self._known_people: set[str] = set()
        self._known_offices: set[str] = set()
        self._set_aside: set[int] = set()  # keys of the preamble articles (imported if ticked)
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
        wrap_columns(self.tree, (TEXT, LEADERS, OFFICES, DEADLINE, NOTES))
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.tree.header()
        header.setSectionResizeMode(MARKER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((LEADERS, 130), (OFFICES, 170), (DEADLINE, 90), (SCORE, 48),
                              (NOTES, 190)):  # fmt: skip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        self.tree.itemChanged.connect(self._item_edited)
        self.tree.currentItemChanged.connect(lambda item, _old: self._show_details(item))
        hint = QLabel(
            "双击可修改内容、责任领导、责任单位、完成时限和分值（多个名称用“、”分隔，角色写在名称后，"
            "如“张三（牵头）”“各村（社区）（配合）”；写“待填写”表示暂缺）。"
            "黄色为待填写，蓝色为名单中还没有的人员或股室，灰色为方案开头的目的、原则条款（勾选后作为任务导入）。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #333")
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.unplaced = QListWidget()
        self.unplaced.setWordWrap(True)
        self.skipped = QListWidget()
        self.skipped.setWordWrap(True)
        self.notes = QTabWidget()
        self.notes.setMaximumHeight(130)
        self.notes.addTab(self.warnings, "解析提示")
        self.notes.addTab(self.unplaced, "未归入的文字")
        self.notes.addTab(self.skipped, "跳过的通知文字")
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
        layout.addWidget(self.details)
        layout.addWidget(hint)
        layout.addWidget(QLabel("请逐条核对："))
        layout.addWidget(self.notes)
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
        # Leaders a heading's post gives (（一）支部书记职责) are shown as the unit's holders.
        plan, _posts = self._service.resolve_posts(plan)
        self._plan = plan
        self._known_people = {p.name for p in self._services.unit.list_people()}
        self._known_offices = {o.name for o in self._services.unit.list_offices()}
        self.plan_title.setText(plan.title or "（未识别到标题）")
        self._nodes.clear()
        self._set_aside.clear()
        set_aside = {id(node) for node in plan.preamble_articles}
        self.tree.blockSignals(True)
        self.tree.clear()
        # The preamble articles are shown where they stood, greyed and unticked.
        for node in plan.with_preamble_articles().sections:
            self.tree.addTopLevelItem(self._item(node, set_aside))
        self.tree.blockSignals(False)
        self.tree.expandAll()
        scored = any(node.score is not None for node in plan.iter_nodes())
        self.tree.setColumnHidden(SCORE, not scored)
        self.warnings.clear()
        self.warnings.addItems(list(plan.warnings) or ["未发现需要核对的问题。"])
        self._fill_tab(self.unplaced, 1, "未归入的文字", plan.unplaced)
        self._fill_tab(self.skipped, 2, "跳过的通知文字", tuple(plan.wrapper.splitlines()))
        self.notes.setCurrentIndex(0)
        self.details.setText("选中一项可查看各名称的来源。")
        self.update_preview()

    def _fill_tab(
        self, widget: QListWidget, index: int, title: str, lines: tuple[str, ...]
    ) -> None:
        widget.clear()
        widget.addItems(list(lines))
        self.notes.setTabText(index, f"{title}（{len(lines)}）")
        self.notes.setTabVisible(index, bool(lines))

    def _item(self, node: PlanNode, set_aside: set[int]) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        key = len(self._nodes) + 1
        self._nodes[key] = node
        item.setData(MARKER, KEY_ROLE, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if id(node) in set_aside:
            self._set_aside.add(key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(MARKER, Qt.CheckState.Unchecked)
            item.setToolTip(
                MARKER, "方案开头的目的、依据、原则或适用范围条款，默认不导入；勾选后作为任务导入。"
            )
        self._render(item, node)
        for child in node.children:
            item.addChild(self._item(child, set_aside))
        return item

    def _imported(self, item: QTreeWidgetItem) -> bool:
        """Whether an item goes into the matrix (a preamble article only when ticked)."""
        key = int(item.data(MARKER, KEY_ROLE))
        return key not in self._set_aside or item.checkState(MARKER) == Qt.CheckState.Checked

    def _render(self, item: QTreeWidgetItem, node: PlanNode) -> None:
        item.setText(MARKER, node.marker)
        item.setText(TEXT, node.text)
        item.setToolTip(TEXT, node.text + (f"\n\n{node.body}" if node.body else ""))
        item.setText(LEADERS, roles_text(node.leaders_with_roles(), node.leaders_placeholder, True))
        item.setText(OFFICES, roles_text(node.units_with_roles(), node.offices_placeholder, False))
        item.setText(DEADLINE, node.deadline_text)
        item.setText(SCORE, "" if node.score is None else f"{node.score}")
        item.setText(NOTES, notes_text(node))
        item.setToolTip(NOTES, "\n".join(self._detail_lines(node)))
        if node.children:
            font = item.font(TEXT)
            font.setBold(True)
            item.setFont(TEXT, font)
        self._colour(item, node)
        self._grey(item)

    def _grey(self, item: QTreeWidgetItem) -> None:
        grey = not self._imported(item) or any(
            not self._imported(parent) for parent in _parents(item)
        )
        for column in (MARKER, TEXT):
            item.setForeground(column, QBrush(QColor(SET_ASIDE_COLOUR)) if grey else QBrush())

    @staticmethod
    def _detail_lines(node: PlanNode) -> list[str]:
        lines = list(node.sources)
        missing = node.left_to_fill()
        if missing:
            lines.append(f"待填写：{'、'.join(missing)}（方案中没有写明）")
        return lines or ["方案中没有这一项的责任分工。"]

    def _show_details(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        node = self._nodes[int(item.data(MARKER, KEY_ROLE))]
        self.details.setText(
            f"「{node.marker}{node.text[:30]}」：" + "；".join(self._detail_lines(node))
        )

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
            outside = [n for n in names if n not in known and kind == "股室" and is_outside_unit(n)]
            new = [n for n in names if n not in known and n not in collective and n not in outside]
            tips = []
            colour = None
            if outside:
                tips.append(f"不是本单位的股室，作为文字保存：{'、'.join(outside)}")
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
            self._grey(item)
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
        if column == MARKER and key in self._set_aside:
            self._recolour()  # ticked or unticked: it and its items change colour
            self.update_preview()
            return
        if column == TEXT:
            text = item.text(TEXT).strip()
            if text:
                node = replace(node, text=text)
                self.message.clear()
            else:
                self.message.setText("任务内容不能为空，已恢复原内容。")
        elif column == LEADERS:
            leaders, placeholder = split_roles(item.text(LEADERS), leaders=True)
            node = replace(
                node.without_post(),  # typed names are the item's own: no post refills them
                leaders=tuple(r.name for r in leaders),
                leader_roles=leaders,
                leaders_placeholder=placeholder,
            )
        elif column == OFFICES:
            units, placeholder = split_roles(item.text(OFFICES), leaders=False)
            node = replace(
                node,
                offices=tuple(r.name for r in units),
                unit_roles=units,
                offices_placeholder=placeholder,
            )
        elif column == DEADLINE:
            node = replace(node, deadline_text=item.text(DEADLINE).strip())
        elif column == SCORE:
            node = replace(node, score=_score(item.text(SCORE)))
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

        set_aside: list[PlanNode] = []

        def node_of(item: QTreeWidgetItem, children: tuple[PlanNode, ...]) -> PlanNode:
            return replace(self._nodes[int(item.data(MARKER, KEY_ROLE))], children=children)

        def whole(item: QTreeWidgetItem) -> PlanNode:
            return node_of(item, tuple(whole(item.child(i)) for i in range(item.childCount())))

        def kept(item: QTreeWidgetItem) -> tuple[PlanNode, ...]:
            if not self._imported(item):
                set_aside.append(whole(item))  # with its items: they stay out with it
                return ()
            children = [node for i in range(item.childCount()) for node in kept(item.child(i))]
            return (node_of(item, tuple(children)),)

        root = self.tree.invisibleRootItem()
        sections = tuple(node for i in range(root.childCount()) for node in kept(root.child(i)))
        return replace(
            self._plan,
            sections=sections,
            preamble_articles=tuple(set_aside),
            preamble_articles_under=(),
        )

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
            lines.append(f"“{'”“'.join(map(escape, collective))}”将按全部班子成员或全部股室导入。")
        if preview.outside_note:
            lines.append(escape(preview.outside_note))
        lines += _posts_lines(preview)
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


def _parents(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    parents = []
    parent: QTreeWidgetItem | None = item.parent()  # None at the top (the stubs say otherwise)
    while parent is not None:
        parents.append(parent)
        parent = parent.parent()
    return parents


def _score(text: str) -> Decimal | None:
    """The score the user typed ("3", "2.5分"); None when empty or not a number."""
    try:
        return Decimal(text.strip().removesuffix("分").strip()) if text.strip() else None
    except InvalidOperation:
        return None


def _posts_lines(preview: ImportPreview) -> list[str]:
    """The posts' lines for the preview: who each gave, and (amber) the ones nobody holds."""
    # The summary is rich text: names out of the document are escaped, never read as markup.
    found = [escape(match.note) for match in preview.posts if match.names]
    lines = [f"按标题中的岗位填写责任领导：{'；'.join(found)}。"] if found else []
    return lines + [
        f"<span style='background:{PLACEHOLDER_COLOUR}'>{escape(match.note)}</span>"
        for match in preview.unresolved_posts
    ]


def _names_line(kind: str, linked: tuple[str, ...], new: tuple[str, ...], create: bool) -> str:
    parts = [f"已有{kind}：{'、'.join(map(escape, linked)) or '无'}"]
    if new:
        action = "将新建" if create else "名单中没有（导入后留作待填写）"
        parts.append(
            f"<span style='background:{NEW_NAME_COLOUR}'>"
            f"{action}{kind}：{'、'.join(map(escape, new))}</span>"
        )
    return "；".join(parts)
