"""责任清单: the responsibility matrix of a year, as a tree of sections and tasks."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from ideowork.gui.pages.common import year_combo
from ideowork.services.matrix import TaskNode
from ideowork.services.registry import Services

HEADERS = ("任务", "责任领导", "责任股室", "频次/时限", "状态")
TO_BE_FILLED = "（待填写）"


class MatrixPage(QWidget):
    title = "责任清单"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.year = year_combo(services.matrix.years(), self)
        self.summary = QLabel()
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.year.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        year = int(self.year.currentData())
        roots = self.services.matrix.tree(year)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(HEADERS)
        counter = {"tasks": 0, "todo": 0}
        for node in roots:
            self.model.appendRow(self._row(node, counter))
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.summary.setText(
            f"  共{counter['tasks']}项任务，其中{counter['todo']}项责任待填写"
            if roots
            else f"  {year}年尚无责任清单。"
        )

    def _row(self, node: TaskNode, counter: dict[str, int]) -> list[QStandardItem]:
        leaders = "、".join(node.leaders) or (TO_BE_FILLED if node.leaders_placeholder else "")
        offices = "、".join(node.offices) or (TO_BE_FILLED if node.offices_placeholder else "")
        when = node.frequency + (f" {node.deadline:%Y-%m-%d}前" if node.deadline else "")
        is_heading = node.is_section or node.parent_id is None
        status = "" if is_heading and not node.leaders else node.status.label
        items = [QStandardItem(text) for text in (node.text, leaders, offices, when, status)]
        items[0].setToolTip(node.body or node.text)
        if node.leaders_placeholder or node.offices_placeholder:
            counter["todo"] += 1
            for item in items[1:3]:
                item.setBackground(QBrush(QColor("#fff4d6")))
        if not node.is_section:
            counter["tasks"] += 1
        for child in node.children:
            items[0].appendRow(self._row(child, counter))
        return items
