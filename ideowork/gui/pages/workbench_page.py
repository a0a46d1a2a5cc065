"""工作台, the first page: the unit and today's date, what is overdue and what falls due within
14 days across the modules (each line opens its record or starts its draft), and the year at a
glance. On an empty database it says what to set up first, with buttons going there.

Everything is read in one service call on the worker thread (`WorkbenchService.home`); the page
reloads when data changes while it is on screen (its own subscription: the window reloads only
the pages not shown), and when next shown otherwise (`shows` is every kind of record).
"""

from __future__ import annotations

import contextlib
import weakref
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.gui.tasks import Operation, run_in_background
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING
from ideowork.services.workbench.agenda import AgendaItem, AgendaKind, Target
from ideowork.services.workbench.glance import YearGlance
from ideowork.services.workbench.service import Home

RED, AMBER = "#b3261e", "#8a5a00"
ROW_COLOURS = {True: "#fde2e1", False: "#fff4d6"}  # overdue / due soon
BAR_STYLE = "QProgressBar::chunk {{ background: {colour}; }}"
BAR_COLOURS = {"green": "#4c9a5f", "amber": "#d9a21b", "red": "#b3261e"}
# Changes arriving close together (an import, a demo) reload the page once.
RELOAD_DELAY_MS = 300
AGENDA_COLUMNS = ("类别", "事项", "期限", "说明")
GLANCE_MIN_WIDTH = 420  # a rule's name and its bar on one line
_WEEKDAYS = "一二三四五六日"


def day_text(home: Home) -> str:
    day = home.today
    return f"{day.year}年{day.month}月{day.day}日　星期{_WEEKDAYS[day.weekday()]}"


def action_text(item: AgendaItem) -> str:
    """What activating the line does, shown in its tooltip."""
    target = item.target
    if target.page == "documents":
        return "双击起草该公文" if target.draftable else "尚无此模板，不能直接起草"
    return {
        "studies": "双击打开学习日历（任务指标）",
        "matrix": "双击打开责任清单中的该任务",
        "sentiment": "双击打开舆情台账中的该事项",
        "findings": "双击打开研判整改中的该问题",
    }.get(target.page, "")


class WorkbenchPage(QWidget):
    title = "工作台"
    shows = frozenset({EVERYTHING})  # it sums up every module
    # Ask the 公文 page to draft a template: (template id, period, subject uid, personal data).
    document_requested = Signal(str, str, str, bool)
    # Ask the window to show a record (or a page) of another module.
    record_requested = Signal(object)
    _changed = Signal(object)  # from whichever thread wrote; delivered on the GUI thread

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.home: Home | None = None
        self.operation: Operation[Home] | None = None
        self._again = False

        self.unit_label = QLabel()
        self.unit_label.setStyleSheet("font-size: 20px; font-weight: bold; color: #b3261e")
        self.date_label = QLabel()
        self.date_label.setStyleSheet("font-size: 15px")
        self.summary = QLabel("正在读取…")
        self.summary.setStyleSheet("font-size: 14px")
        self.calendar_button = QPushButton("报送日历…")
        self.calendar_button.setToolTip("哪些公文、报送给谁、每期在什么时候之前报送")
        self.refresh_button = QPushButton("刷新")
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.unit_label)
        names.addWidget(self.date_label)
        header.addLayout(names)
        header.addSpacing(24)
        header.addWidget(self.summary, 1)
        header.addWidget(self.calendar_button)
        header.addWidget(self.refresh_button)

        # --- what to set up first (an empty database) ---------------------------------------
        self.setup_box = QGroupBox("开始使用：请先完成以下设置")
        self.setup_layout = QGridLayout(self.setup_box)
        self.setup_box.hide()

        # --- the agenda -----------------------------------------------------------------------
        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS))
        self.agenda.setHorizontalHeaderLabels(list(AGENDA_COLUMNS))
        self.agenda.verticalHeader().setVisible(False)
        self.agenda.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.setWordWrap(False)
        header_view = self.agenda.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 3):  # 事项 and 说明 share what the short columns leave
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton("打开")
        self.open_button.setEnabled(False)
        self.more_label = QLabel()
        self.more_label.setWordWrap(True)
        self.more_label.setStyleSheet("color: #555")
        agenda_box = QGroupBox("待办：已逾期和14天内到期")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda, 1)
        below = QHBoxLayout()
        below.addWidget(self.more_label, 1)
        below.addWidget(self.open_button)
        agenda_layout.addLayout(below)

        # --- the year at a glance ---------------------------------------------------------------
        self.glance_box = QGroupBox()
        self.glance = QWidget()
        self.glance_layout = QVBoxLayout(self.glance)
        self.glance_layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.glance)
        self.glance_box.setMinimumWidth(GLANCE_MIN_WIDTH)
        QVBoxLayout(self.glance_box).addWidget(scroll)
        self.rule_bars: list[QProgressBar] = []

        splitter = QSplitter()
        splitter.addWidget(agenda_box)
        splitter.addWidget(self.glance_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3 * GLANCE_MIN_WIDTH, GLANCE_MIN_WIDTH])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.setup_box)
        layout.addWidget(splitter, 1)

        self.agenda.itemSelectionChanged.connect(self._selection_changed)
        self.agenda.cellDoubleClicked.connect(lambda row, _column: self.activate(row))
        self.open_button.clicked.connect(self._open_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.calendar_button.clicked.connect(lambda: self.edit_calendar())
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.refresh)
        self._changed.connect(self._data_changed)
        unsubscribe = services.subscribe(self._announce)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    # --- loading -------------------------------------------------------------------------------
    def _announce(self, changed: frozenset[str]) -> None:
        with contextlib.suppress(RuntimeError):  # the page is being deleted
            self._changed.emit(changed)

    def _data_changed(self, _changed: object) -> None:
        """Another page or a background job changed data: reload if on screen (a hidden page
        is marked stale by the window and reloads when shown)."""
        if self.isVisible():
            self._reload_timer.start()

    def refresh(self) -> Operation[Home] | None:
        """Read the home page's data on the worker thread; a second ask while one read is
        running reads once more after it (the data changed meanwhile)."""
        self._reload_timer.stop()
        if self.operation is not None and self.operation.running:
            self._again = True
            return self.operation
        # The job and its callback hold the page weakly: an Operation not yet delivered when
        # the page goes (a window closed at once) is no reference cycle, freed right there
        # rather than by the garbage collector on whatever thread it happens to run.
        workbench = self.services.workbench
        page = weakref.ref(self)

        def show(home: Home) -> None:
            alive = page()
            if alive is not None:
                alive.show_home(home)

        self.operation = run_in_background(
            self,
            lambda _progress: workbench.home(),
            show,
            progress_delay_ms=-1,  # quiet: the page says 正在读取 itself
        )
        return self.operation

    def show_home(self, home: Home) -> None:
        self.home = home
        self.unit_label.setText(home.unit_name or "尚未填写单位信息")
        self.date_label.setText(f"今天是{day_text(home)}")
        agenda = home.agenda
        if agenda.overdue or agenda.due_soon:
            self.summary.setText(
                f"<span style='color:{RED}'>已逾期 <b>{agenda.overdue}</b> 项</span>　·　"
                f"<span style='color:{AMBER}'>{agenda.horizon_days}天内到期 "
                f"<b>{agenda.due_soon}</b> 项</span>"
            )
        elif home.set_up:
            self.summary.setText(f"没有逾期事项，{agenda.horizon_days}天内也没有到期的事项。")
        else:
            self.summary.setText("完成下方的设置后，这里会列出逾期和即将到期的事项。")
        self._show_setup(home)
        self._show_agenda(home)
        self._show_glance(home.glance)
        if self._again:
            self._again = False
            self.refresh()

    def _show_setup(self, home: Home) -> None:
        while self.setup_layout.count():
            item = self.setup_layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.setup_buttons: dict[str, QPushButton] = {}
        for row, step in enumerate(home.setup):
            mark = QLabel("✔" if step.done else f"{row + 1}.")
            mark.setStyleSheet("color: #4c9a5f; font-weight: bold" if step.done else "")
            text = QLabel(step.text + ("（已完成）" if step.done else ""))
            text.setStyleSheet("color: #777" if step.done else "font-weight: bold")
            go = QPushButton("前往单位信息" if step.page == "unit" else "前往责任清单")
            go.clicked.connect(
                lambda _=False, page=step.page: self.record_requested.emit(
                    Target(page, year=home.today.year)
                )
            )
            self.setup_buttons[step.key] = go
            self.setup_layout.addWidget(mark, row, 0)
            self.setup_layout.addWidget(text, row, 1)
            self.setup_layout.addWidget(go, row, 2)
        self.setup_layout.setColumnStretch(1, 1)
        self.setup_box.setVisible(not home.set_up)

    def _show_agenda(self, home: Home) -> None:
        items = home.agenda.items
        self.agenda.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = (item.kind.label, item.what, item.when, item.note)
            background = QBrush(QColor(ROW_COLOURS[item.overdue]))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setBackground(background)
                if column == 2:
                    cell.setForeground(QBrush(QColor(RED if item.overdue else AMBER)))
                cell.setToolTip(f"{item.what}\n{item.note}\n{action_text(item)}".strip())
                cell.setData(Qt.ItemDataRole.UserRole, row)
                self.agenda.setItem(row, column, cell)
        more = [
            f"{kind.label}另有{count}项"
            for kind in AgendaKind
            if (count := home.agenda.not_listed(kind)) > 0
        ]
        if not items:
            self.more_label.setText(
                "没有逾期或即将到期的事项。" if home.set_up else "尚无数据：请先完成上方的设置。"
            )
        else:
            self.more_label.setText(
                "双击一行打开对应的记录或起草公文。"
                + (f"列表未全部列出：{'，'.join(more)}，请到各页面查看。" if more else "")
            )
        self._selection_changed()

    def _show_glance(self, glance: YearGlance) -> None:
        self.glance_box.setTitle(f"{glance.year}年概览")
        while self.glance_layout.count():
            item = self.glance_layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rule_bars = []
        self.glance_layout.addWidget(_heading("任务指标完成情况"))
        if not glance.rules:
            self.glance_layout.addWidget(_note("尚未设置任务指标（在“学习日历”页设置）。"))
        for rule in glance.rules:
            name = ("　其中：" if rule.depth and not rule.name.startswith("其中") else "") + (
                rule.name
            )
            line = QWidget()
            line_layout = QHBoxLayout(line)
            line_layout.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(f"{name}（{rule.period_label}）")
            caption.setFixedWidth(210)
            caption.setWordWrap(True)
            bar = QProgressBar()
            bar.setRange(0, max(1, rule.required))
            bar.setValue(min(rule.done, rule.required))
            bar.setFormat(f"{rule.done}/{rule.required} {rule.status.label}")
            bar.setMaximumHeight(16)
            bar.setStyleSheet(BAR_STYLE.format(colour=BAR_COLOURS[rule.status.value]))
            bar.setToolTip(rule.reason)
            self.rule_bars.append(bar)
            line_layout.addWidget(caption)
            line_layout.addWidget(bar, 1)
            self.glance_layout.addWidget(line)

        self.glance_layout.addWidget(_heading(f"舆情事项（全年{glance.case_total}件）"))
        self.quarter_table = _small_table(("季度", "受理", "办结", "逾期"), len(glance.quarters))
        for row, quarter in enumerate(glance.quarters):
            values = (quarter.label, quarter.received, quarter.finished, quarter.overdue)
            for column, value in enumerate(values):
                cell = QTableWidgetItem(str(value))
                if column == 3 and quarter.overdue:
                    cell.setForeground(QBrush(QColor(RED)))
                self.quarter_table.setItem(row, column, cell)
        self.glance_layout.addWidget(self.quarter_table)

        self.glance_layout.addWidget(_heading(f"责任清单任务（共{glance.task_total}项）"))
        self.task_table = _small_table(("状态", "项数"), len(glance.tasks))
        for index, status in enumerate(glance.tasks):
            count = QTableWidgetItem(str(status.count))
            if status.status.value == "overdue" and status.count:
                count.setForeground(QBrush(QColor(RED)))
            self.task_table.setItem(index, 0, QTableWidgetItem(status.label))
            self.task_table.setItem(index, 1, count)
        self.glance_layout.addWidget(self.task_table)
        self.glance_layout.addStretch(1)

    # --- acting on a line --------------------------------------------------------------------
    def item_at(self, row: int) -> AgendaItem | None:
        if self.home is None or not 0 <= row < len(self.home.agenda.items):
            return None
        return self.home.agenda.items[row]

    def _selected_row(self) -> int:
        rows = self.agenda.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _selection_changed(self) -> None:
        item = self.item_at(self._selected_row())
        self.open_button.setEnabled(item is not None and item.target.draftable)
        if item is not None and item.target.page == "documents":
            self.open_button.setText("起草")
        else:
            self.open_button.setText("打开")

    def _open_selected(self) -> None:
        self.activate(self._selected_row())

    def activate(self, row: int) -> bool:
        """Open a line's record, or start its draft on the 公文 page; False if it cannot."""
        item = self.item_at(row)
        if item is None:
            return False
        target = item.target
        if target.page == "documents":
            if not target.draftable:
                return False
            self.document_requested.emit(target.template, target.period, "", False)
            return True
        self.record_requested.emit(target)
        return True

    def edit_calendar(self, *, open_dialog: bool = True) -> Any:
        from ideowork.gui.dialogs.report_calendar_dialog import ReportCalendarDialog

        dialog = ReportCalendarDialog(self.services, self)
        if open_dialog:
            dialog.exec()
            self.refresh()
        return dialog


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 6px")
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555")
    return label


def _small_table(headers: tuple[str, ...], rows: int) -> QTableWidget:
    """A few rows of figures, as tall as its rows (no scroll bar of its own)."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    height = table.horizontalHeader().sizeHint().height() + 4
    height += sum(table.verticalHeader().sectionSize(i) for i in range(rows))
    table.setFixedHeight(height)
    return table
