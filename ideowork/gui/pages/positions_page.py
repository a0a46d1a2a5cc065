"""阵地管理: the unit's positions (公众号, 微信群, QQ群, 宣传栏, 电子屏 …) under their owners and
reviewers; the 报告会、研讨会、讲座论坛 it held, those held before the 党委 approved them or the
宣传部 was told shown in red with the reason; and the review log of what was published. Each
tab filters its table; the ledger goes out to and comes in from Excel, and prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.positions import EVENT_KINDS, POSITION_KINDS
from ideowork.gui.dialogs.conflict_dialog import delete_checked
from ideowork.gui.dialogs.position_dialog import PositionDialog
from ideowork.gui.dialogs.position_event_dialog import EventDialog
from ideowork.gui.dialogs.position_lists_dialog import PositionListsDialog
from ideowork.gui.dialogs.position_review_dialog import ReviewDialog
from ideowork.gui.messages import confirm, show_error
from ideowork.gui.models.record_table import Column, RecordTableModel
from ideowork.gui.pages.common import STATUS_COLOURS, PeriodPicker, setup_table
from ideowork.gui.restrictions import restrict
from ideowork.gui.tasks import Operation, run_in_background
from ideowork.services.context import Services
from ideowork.services.positions.events import EventInfo, EventQuery
from ideowork.services.positions.excel import PositionImportReport
from ideowork.services.positions.positions import CLOSED, OPEN, PositionInfo, PositionQuery
from ideowork.services.positions.reviews import ReviewInfo, ReviewQuery

POSITIONS_TAB, EVENTS_TAB, REVIEWS_TAB = range(3)
CLOSED_COLOUR = "#eeeeee"


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def _event_colour(event: EventInfo) -> str | None:
    if event.flagged:
        return STATUS_COLOURS["red"]
    return STATUS_COLOURS["amber"] if event.check.pending else None


def _event_check(event: EventInfo) -> str:
    if event.flagged:
        return f"未按规定：{event.flag_text}"
    return event.flag_text or "符合规定"


POSITION_COLUMNS: list[Column[PositionInfo]] = [
    Column("类型", lambda p: p.kind_label),
    Column("名称", lambda p: p.name),
    Column("主管股室", lambda p: p.office_name),
    Column("管理员", lambda p: p.manager_name),
    Column("审核人", lambda p: p.reviewer_name or "（未指定）"),
    Column(
        "成员（关注）数", lambda p: "" if p.audience is None else str(p.audience), align_right=True
    ),
    Column("开通日期", lambda p: _day(p.opened_on)),
    Column("状态", lambda p: p.state_text, colour=lambda p: CLOSED_COLOUR if p.closed else None),
    Column(
        "审核记录",
        lambda p: (
            f"{p.review_count}条（最近{_day(p.last_reviewed_on)}）" if p.review_count else "无"
        ),
    ),
]
_EVENT_COLUMNS: list[Column[EventInfo]] = [
    Column("举办日期", lambda e: _day(e.held_on)),
    Column("类型", lambda e: e.kind_label),
    Column("主题", lambda e: e.topic),
    Column(
        "报告人及单位", lambda e: e.speaker + (f"（{e.speaker_unit}）" if e.speaker_unit else "")
    ),
    Column("地点", lambda e: e.place),
    Column("人数", lambda e: "" if e.audience is None else str(e.audience), align_right=True),
    Column(
        "党委审批",
        lambda e: (
            (_day(e.approved_on) + (f" {e.approved_by}" if e.approved_by else ""))
            if e.approved_on
            else "未审批"
        ),
    ),
    Column("宣传部备案", lambda e: _day(e.filed_on) or "未备案"),
    Column("核查", _event_check),
]
# A flagged event is red across its row, one still awaiting approval amber.
EVENT_COLUMNS = [replace(column, colour=_event_colour) for column in _EVENT_COLUMNS]
REVIEW_COLUMNS: list[Column[ReviewInfo]] = [
    Column("审核日期", lambda r: _day(r.reviewed_on)),
    Column("阵地", lambda r: r.position_name),
    Column("类型", lambda r: r.position_kind_label),
    Column("发布内容", lambda r: r.title),
    Column("审核人", lambda r: r.reviewer_name),
    Column("审核结果", lambda r: r.result),
    Column("备注", lambda r: r.note),
]


def _combo(first: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    return combo


def _refill(combo: QComboBox, first: str, items: Sequence[tuple[str, object]]) -> None:
    """Keep the choice made when the entries change (a kind renamed, an office added)."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


class _Tab(QWidget):
    """A tab: its filters on top, its table, and the 新增/修改/删除 buttons under it."""

    def __init__(self, view: QTableView, filters: list[QWidget], extra: list[QPushButton]):
        super().__init__()
        self.view = view
        self.add_button = QPushButton("新增…")
        self.edit_button = QPushButton("修改…")
        self.delete_button = QPushButton("删除")
        top = QHBoxLayout()
        for widget in filters:
            top.addWidget(widget)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, *extra, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)


class PositionsPage(QWidget):
    title = "阵地管理"
    shows = frozenset(
        {"ideology_position", "position_event", "position_review", "office", "person", "choice"}
    )
    # template id, period, subject uid, with personal data (the main window drafts it)
    document_requested = Signal(str, str, str, bool)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ledger = services.positions
        self.operation: Operation[object] | None = None
        today = services.today()
        years = self.ledger.events.years()
        self.picker = PeriodPicker(
            years, max(years) if years else today.year, "", self, allow_all=True
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lists_button = QPushButton("类型列表…")
        self.import_button = QPushButton("导入Excel…")
        self.export_button = QPushButton("导出Excel…")
        self.print_button = QPushButton("打印台账")

        # 阵地
        self.kind = _combo("全部类型")
        self.office = _combo("全部股室")
        self.state = QComboBox()
        for text, value in (("在用", OPEN), ("已关停", CLOSED), ("全部", "")):
            self.state.addItem(text, value)
        self.position_model: RecordTableModel[PositionInfo] = RecordTableModel(
            POSITION_COLUMNS, self
        )
        self.position_view = QTableView()
        self.position_view.setModel(self.position_model)
        setup_table(self.position_view, stretch=(1,))
        self.close_button = QPushButton("关停/恢复")
        self.positions_tab = _Tab(
            self.position_view,
            [
                QLabel("类型："),
                self.kind,
                QLabel("主管股室："),
                self.office,
                QLabel("状态："),
                self.state,
            ],
            [self.close_button],
        )
        # 活动
        self.event_kind = _combo("全部类型")
        self.event_office = _combo("全部股室")
        self.flagged_only = QCheckBox("只看未按规定审批、备案的")
        self.event_model: RecordTableModel[EventInfo] = RecordTableModel(EVENT_COLUMNS, self)
        self.event_view = QTableView()
        self.event_view.setModel(self.event_model)
        setup_table(self.event_view, stretch=(2,))
        self.events_tab = _Tab(
            self.event_view,
            [
                QLabel("类型："),
                self.event_kind,
                QLabel("组织股室："),
                self.event_office,
                self.flagged_only,
            ],
            [],
        )
        # 发布审核
        self.review_position = _combo("全部阵地")
        self.review_model: RecordTableModel[ReviewInfo] = RecordTableModel(REVIEW_COLUMNS, self)
        self.review_view = QTableView()
        self.review_view.setModel(self.review_model)
        setup_table(self.review_view, stretch=(3,))
        self.reviews_tab = _Tab(self.review_view, [QLabel("阵地："), self.review_position], [])

        self.tabs = QTabWidget()
        self.tabs.addTab(self.positions_tab, "阵地")
        self.tabs.addTab(self.events_tab, "活动（报告会、讲座等）")
        self.tabs.addTab(self.reviews_tab, "发布审核")
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        for button in (
            self.lists_button,
            self.import_button,
            self.export_button,
            self.print_button,
        ):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

        self.picker.changed.connect(self.refresh)
        for combo in (
            self.kind,
            self.office,
            self.state,
            self.event_kind,
            self.event_office,
            self.review_position,
        ):
            combo.currentIndexChanged.connect(self.refresh)
        self.flagged_only.toggled.connect(self.refresh)
        self.positions_tab.add_button.clicked.connect(lambda: self.edit_position(None))
        self.positions_tab.edit_button.clicked.connect(
            lambda: self.edit_position(self.selected_position())
        )
        self.position_view.doubleClicked.connect(
            lambda _: self.edit_position(self.selected_position())
        )
        self.positions_tab.delete_button.clicked.connect(self.delete_position)
        self.close_button.clicked.connect(self.toggle_closed)
        self.events_tab.add_button.clicked.connect(lambda: self.edit_event(None))
        self.events_tab.edit_button.clicked.connect(lambda: self.edit_event(self.selected_event()))
        self.event_view.doubleClicked.connect(lambda _: self.edit_event(self.selected_event()))
        self.events_tab.delete_button.clicked.connect(self.delete_event)
        self.reviews_tab.add_button.clicked.connect(lambda: self.edit_review(None))
        self.reviews_tab.edit_button.clicked.connect(
            lambda: self.edit_review(self.selected_review())
        )
        self.review_view.doubleClicked.connect(lambda _: self.edit_review(self.selected_review()))
        self.reviews_tab.delete_button.clicked.connect(self.delete_review)
        self.lists_button.clicked.connect(self.edit_lists)
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.import_button.clicked.connect(lambda: self.import_excel())
        self.print_button.clicked.connect(self.print_ledger)
        restrict(
            services,
            "positions",
            *(
                button
                for tab in (self.positions_tab, self.events_tab, self.reviews_tab)
                for button in (tab.add_button, tab.edit_button, tab.delete_button)
            ),
            self.close_button,
            self.lists_button,
            self.import_button,
        )
        self.refresh()

    # --- reading ------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        kinds = self.ledger.kinds
        offices = [(o.name, o.id) for o in self.services.unit.list_offices()]
        _refill(
            self.kind,
            "全部类型",
            [(label, code) for code, label in kinds.labels(POSITION_KINDS).items()],
        )
        _refill(
            self.event_kind,
            "全部类型",
            [(label, code) for code, label in kinds.labels(EVENT_KINDS).items()],
        )
        _refill(self.office, "全部股室", offices)
        _refill(self.event_office, "全部股室", offices)
        everything = self.ledger.positions.find()
        _refill(self.review_position, "全部阵地", [(p.name, p.id) for p in everything])

    def refresh(self) -> None:
        self._fill_filters()
        period = self.picker.chosen_period()
        positions = self.ledger.positions.find(
            PositionQuery(
                self.kind.currentData(), self.office.currentData(), self.state.currentData()
            )
        )
        events = self.ledger.events.find(
            EventQuery(
                period,
                self.event_kind.currentData(),
                self.event_office.currentData(),
                self.flagged_only.isChecked(),
            )
        )
        reviews = self.ledger.reviews.find(ReviewQuery(period, self.review_position.currentData()))
        self.position_model.set_records(positions)
        self.event_model.set_records(events)
        self.review_model.set_records(reviews)
        self.show_summary(period is not None)

    def show_summary(self, in_period: bool) -> None:
        in_use = self.ledger.positions.find(PositionQuery(state=OPEN))
        kinds: dict[str, int] = {}
        for position in in_use:
            kinds[position.kind_label] = kinds.get(position.kind_label, 0) + 1
        held = self.ledger.events.find(EventQuery(self.picker.chosen_period()))
        flagged = [e for e in held if e.flagged]
        label = self.picker.period().label if in_period else "各年"
        counted = "、".join(f"{kind}{n}个" for kind, n in kinds.items()) or "尚未登记"
        text = f"在用阵地{len(in_use)}个（{counted}）；{label}举办活动{len(held)}场"
        if flagged:
            text += (
                f"，<span style='color:#b3261e'>其中{len(flagged)}场未按规定审批、备案"
                "（红色标出）</span>"
            )
        self.summary.setText(text + "。")

    def selected_position(self) -> PositionInfo | None:
        rows = self.position_view.selectionModel().selectedRows()
        return self.position_model.record(rows[0].row()) if rows else None

    def selected_event(self) -> EventInfo | None:
        rows = self.event_view.selectionModel().selectedRows()
        return self.event_model.record(rows[0].row()) if rows else None

    def selected_review(self) -> ReviewInfo | None:
        rows = self.review_view.selectionModel().selectedRows()
        return self.review_model.record(rows[0].row()) if rows else None

    # --- positions ----------------------------------------------------------------------------
    def position_dialog(self, position: PositionInfo | None) -> PositionDialog:
        kinds = self.ledger.kinds.offered(POSITION_KINDS)
        blank = PositionInfo(None, kinds[0][0] if kinds else "", "")
        return PositionDialog(
            self.ledger.positions,
            kinds,
            self.services.unit.list_offices(),
            self.services.unit.list_people(active_only=True),
            position or blank,
            self,
        )

    def edit_position(self, position: PositionInfo | None) -> None:
        if self.position_dialog(position).exec():
            self.refresh()

    def toggle_closed(self) -> None:
        position = self.selected_position()
        if position is None or position.id is None:
            show_error(self, "请先在列表中选择阵地。")
            return
        try:
            if position.closed:
                self.ledger.positions.reopen(position.id, position.version)
            elif confirm(
                self, f"确定将“{position.name}”标记为已关停（解散）吗？其审核记录仍保留。"
            ):
                self.ledger.positions.close(position.id, None, position.version)
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def delete_position(self) -> None:
        position = self.selected_position()
        if position is None or position.id is None:
            show_error(self, "请先在列表中选择要删除的阵地。")
            return
        extra = (
            f"\n其{position.review_count}条发布审核记录将一并删除。"
            if position.review_count
            else ""
        )
        question = (
            f"确定删除“{position.name}”吗？{extra}\n（不再使用的阵地请用“关停/恢复”，记录会保留。）"
        )
        if confirm(self, question):
            position_id = position.id
            try:
                delete_checked(
                    self, lambda v: self.ledger.positions.delete(position_id, v), position.version
                )
            except UserError as error:
                show_error(self, error)
            self.refresh()

    # --- events -------------------------------------------------------------------------------
    def event_dialog(self, event: EventInfo | None) -> EventDialog:
        kinds = self.ledger.kinds.offered(EVENT_KINDS)
        today = self.services.today()
        blank = EventInfo(None, kinds[0][0] if kinds else "", "", today)
        return EventDialog(
            self.ledger.events,
            kinds,
            self.services.unit.list_offices(),
            event or blank,
            today,
            self,
        )

    def edit_event(self, event: EventInfo | None) -> None:
        if self.event_dialog(event).exec():
            self.refresh()

    def delete_event(self) -> None:
        event = self.selected_event()
        if event is None or event.id is None:
            show_error(self, "请先在列表中选择要删除的活动。")
            return
        if confirm(self, f"确定删除活动“{event.topic}”吗？"):
            event_id = event.id
            try:
                delete_checked(
                    self, lambda v: self.ledger.events.delete(event_id, v), event.version
                )
            except UserError as error:
                show_error(self, error)
            self.refresh()

    # --- reviews ------------------------------------------------------------------------------
    def review_dialog(self, review: ReviewInfo | None) -> ReviewDialog:
        positions = self.ledger.positions.find()
        chosen = self.review_position.currentData()
        blank = ReviewInfo(None, chosen, self.services.today(), "")
        return ReviewDialog(
            self.ledger.reviews,
            positions,
            self.services.unit.list_people(active_only=True),
            review or blank,
            self,
        )

    def edit_review(self, review: ReviewInfo | None) -> None:
        if review is None and not self.ledger.positions.find():
            show_error(self, "请先在“阵地”页登记阵地，再登记其发布审核记录。")
            return
        if self.review_dialog(review).exec():
            self.refresh()

    def delete_review(self) -> None:
        review = self.selected_review()
        if review is None or review.id is None:
            show_error(self, "请先在列表中选择要删除的审核记录。")
            return
        if confirm(self, f"确定删除审核记录“{review.title}”吗？"):
            review_id = review.id
            try:
                delete_checked(
                    self, lambda v: self.ledger.reviews.delete(review_id, v), review.version
                )
            except UserError as error:
                show_error(self, error)
            self.refresh()

    # --- lists, Excel, printing ------------------------------------------------------------------
    def edit_lists(self) -> None:
        try:
            PositionListsDialog(self.services, self).exec()
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def export_excel(self, path: Path | None = None) -> None:
        period = self.picker.period()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "导出阵地管理台账",
                f"{period.label}阵地管理台账.xlsx",
                "Excel 工作簿 (*.xlsx)",
            )
            if not chosen:
                return
            path = Path(chosen)
        target = path

        def done(counts: object) -> None:
            assert isinstance(counts, dict)
            self.summary.setText(
                f"已导出阵地{counts['阵地']}个，{period.label}活动{counts['活动']}场、"
                f"发布审核{counts['发布审核']}条到：{target}"
            )

        self.operation = run_in_background(
            self,
            lambda _progress: self.ledger.excel.export(period, target),
            done,
            label="正在导出…",
        )

    def import_excel(self, path: Path | None = None) -> PositionImportReport | None:
        """A dry run first: what would be added and skipped, or every bad row; then, asked,
        the import itself."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "导入阵地管理台账", "", "Excel 工作簿 (*.xlsx)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            preview = self.ledger.excel.preview(path)
            if not preview.ok:
                show_error(self, preview.summary, "需要修改后再导入")
                return preview
            if not any(preview.added.values()):
                show_error(self, f"{preview.summary}\n没有新的记录需要导入。", "无需导入")
                return preview
            if not confirm(
                self, f"“{path.name}”：{preview.summary}\n\n确定导入吗？", "导入阵地管理台账"
            ):
                return preview
            report = self.ledger.excel.import_file(path)
        except UserError as error:
            show_error(self, error)
            return None
        self.refresh()
        self.summary.setText(report.summary)
        return report

    def print_ledger(self) -> None:
        period = self.picker.period()
        self.document_requested.emit("ledger-positions", str(period), "", False)
