"""The responsibility matrix as a Qt tree model: sections and tasks, editable in place.

Columns: 任务 / 领导 / 股室和单位 / 频次·时限 / 状态. Names carry the short mark of their role
("李红梅（牵头）、王建国", "宣传办（牵头）、各村（社区）（配合）"; 责任 is not marked) and the
时限 is the 完成时限 as written (6月底, 长期) or the date. The task text and the status can be
edited in place; the edit goes straight to the service (one transaction each) and a refused edit is
reported through `edit_failed` with the service's message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import TaskStatus
from ideowork.services.matrix.model import TaskNode
from ideowork.services.matrix.service import MatrixService

Index = QModelIndex | QPersistentModelIndex

HEADERS = ("任务", "领导", "股室和单位", "频次·时限", "状态")
TEXT, LEADERS, OFFICES, WHEN, STATUS = range(len(HEADERS))
TO_BE_FILLED = "（待填写）"
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PLACEHOLDER_COLOUR = "#fff4d6"  # amber: still to be filled
STATUS_COLOURS = {
    TaskStatus.OVERDUE: "#fde2e1",
    TaskStatus.DONE: "#dff3e3",
    TaskStatus.IN_PROGRESS: "#e8f0fb",
}


class _Item:
    """A node of the tree with its place, so parent() and index() are cheap."""

    __slots__ = ("children", "node", "parent", "row")

    def __init__(self, node: TaskNode | None, parent: _Item | None, row: int) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        self.children: list[_Item] = []


def when_text(node: TaskNode) -> str:
    parts = [node.frequency] if node.frequency else []
    if node.deadline_text:
        if node.deadline_text != node.frequency:  # "长期 长期" says it once
            parts.append(node.deadline_text)
    elif node.deadline:
        parts.append(f"{node.deadline:%Y-%m-%d}前")
    return " ".join(parts)


def is_heading(node: TaskNode) -> bool:
    """A section: it has sub-items, or it is top-level."""
    return node.is_section or node.parent_id is None


def status_text(node: TaskNode) -> str:
    """The status shown; blank for a heading or list item that nobody answers for."""
    plain = not (node.leaders or node.offices or node.to_be_filled or node.deadline)
    if plain and node.status == TaskStatus.NOT_STARTED and (is_heading(node) or not node.frequency):
        return ""
    return node.effective_status.label


class TaskTreeModel(QAbstractItemModel):
    edit_failed = Signal(str)
    task_edited = Signal(int)

    def __init__(self, service: MatrixService | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._root = _Item(None, None, 0)
        self._by_id: dict[int, _Item] = {}

    # --- contents ------------------------------------------------------------------------------
    def set_roots(self, roots: Sequence[TaskNode]) -> None:
        self.beginResetModel()
        self._root = _Item(None, None, 0)
        self._by_id = {}
        self._add_children(self._root, roots)
        self.endResetModel()

    def _add_children(self, item: _Item, nodes: Sequence[TaskNode]) -> None:
        for row, node in enumerate(nodes):
            child = _Item(node, item, row)
            item.children.append(child)
            self._by_id[node.id] = child
            self._add_children(child, node.children)

    def node(self, index: Index) -> TaskNode | None:
        item = self._item(index)
        return item.node if item is not self._root else None

    def nodes(self) -> list[TaskNode]:
        """Every node, in display order."""
        return [item.node for item in self._walk(self._root) if item.node is not None]

    def _walk(self, item: _Item) -> list[_Item]:
        return [i for child in item.children for i in (child, *self._walk(child))]

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        item = self._by_id.get(task_id)
        return self.createIndex(item.row, column, item) if item else QModelIndex()

    def _item(self, index: Index) -> _Item:
        if not index.isValid():
            return self._root
        item = index.internalPointer()
        assert isinstance(item, _Item)
        return item

    # --- the tree --------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        item = self._item(parent)
        if not 0 <= row < len(item.children):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        parent = self._item(child).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    # --- data ------------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == TEXT:
                return node.text
            if column == STATUS:
                return node.status.value
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._colour(node, column)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and column == TEXT and is_heading(node):
            font = QFont()
            font.setBold(True)
            return font
        if role == TASK_ID_ROLE:
            return node.id
        return None

    @staticmethod
    def _display(node: TaskNode, column: int) -> str:
        if column == TEXT:
            return node.text
        if column == LEADERS:
            return node.leaders_shown()
        if column == OFFICES:
            return node.units_shown()
        if column == WHEN:
            return when_text(node)
        return status_text(node)

    @staticmethod
    def _tooltip(node: TaskNode, column: int) -> str:
        if column == TEXT:
            score = f"\n\n分值：{node.score}分" if node.score is not None else ""
            return node.text + (f"\n\n{node.body}" if node.body else "") + score
        if column in (LEADERS, OFFICES):
            placeholder = (
                node.leaders_placeholder if column == LEADERS else node.offices_placeholder
            )
            text = TaskTreeModel._display(node, column)
            if node.has_roles:  # the marks spelled out: 牵头领导：…\n责任领导：…
                parts = node.responsibility_parts()
                label = "领导" if column == LEADERS else "单位"
                text = "\n".join(f"{k}：{v or '待填写'}" for k, v in parts if label in k)
            return text + ("\n导入时为占位符，请补填。" if placeholder else "")
        if column == WHEN and node.deadline_text and node.deadline:
            return f"{when_text(node)}（即 {node.deadline:%Y-%m-%d}）"
        if column == STATUS and node.overdue:
            return f"已过完成时限（{node.deadline:%Y-%m-%d}）且未完成，显示为“逾期”。"
        return TaskTreeModel._display(node, column)

    @staticmethod
    def _colour(node: TaskNode, column: int) -> str | None:
        if (column == LEADERS and node.leaders_placeholder) or (
            column == OFFICES and node.offices_placeholder
        ):
            return PLACEHOLDER_COLOUR
        if column == STATUS and status_text(node):
            return STATUS_COLOURS.get(node.effective_status)
        return None

    # --- editing in place ------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._service is not None and index.column() in (TEXT, STATUS):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or self._service is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            if index.column() == TEXT:
                if str(value).strip() == node.text:
                    return False
                saved = self._service.set_text(node.id, str(value), node.version)
            elif index.column() == STATUS:
                status = TaskStatus(value)
                if status == node.status:
                    return False
                saved = self._service.set_status(node.id, status, node.version)
            else:
                return False
        except (UserError, ValueError) as error:
            self.edit_failed.emit(str(error))
            return False
        item = self._item(index)
        item.node = replace(saved, children=node.children)
        first = self.createIndex(item.row, 0, item)
        last = self.createIndex(item.row, len(HEADERS) - 1, item)
        self.dataChanged.emit(first, last)
        self.task_edited.emit(node.id)
        return True


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text needs at the column's current width.

    QTreeView elides long text unless the delegate's size hint knows the column width; the
    view must re-lay out its rows when a column is resized (see `wrap_columns`).
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        width = self._view.columnWidth(index.column())
        if index.column() == self._view.header().logicalIndex(0):
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._view.indentation() * (depth if self._view.rootIsDecorated() else 0)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text or width <= 20:
            return hint
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else self._view.font())
        bounds = metrics.boundingRect(
            QRect(0, 0, width - 10, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + 6))


def wrap_columns(view: QTreeView, columns: Sequence[int]) -> None:
    """Let `columns` of the view wrap their text, re-laying out rows on a resize."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    for column in columns:
        view.setItemDelegateForColumn(column, WrapDelegate(view))
    view.header().sectionResized.connect(lambda *_: view.doItemsLayout())


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the statuses for the 状态 column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for status in TaskStatus:
            combo.addItem(status.label, status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 72), hint.height())
