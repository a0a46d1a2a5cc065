"""The 阵地管理台账 as one Excel workbook — sheets 阵地, 活动 and 发布审核 — and its import.

The import reads the workbook the export writes (or one typed in by hand with the same
headers; a sheet may be missing). `preview` is the dry run: every row checked, what would be
added and what is already there counted, every bad row listed with its sheet and number, and
nothing written. `import_file` writes all the new rows in one transaction, or none when any
row is bad. Rows already in the ledger (the same kind and name of a position in use, the same
day and topic of an event, the same day, position and title of a review) are skipped, so
importing a file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Office, Person, Position, PositionEvent, PositionReview
from ideowork.domain.errors import UserError
from ideowork.domain.names import label_form
from ideowork.domain.periods import Period
from ideowork.domain.positions import EVENT_KINDS, POSITION_KINDS
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR
from ideowork.importers.limits import (
    SHEET_FILE_BYTES,
    SPLIT_SHEET,
    check_file_size,
    check_package,
    limited_rows,
)
from ideowork.importers.workbook import (
    MAX_LISTED_PROBLEMS,
    cell_date,
    cell_text,
    xlsx_bytes,
)
from ideowork.services.excel_writing import append_rows, new_sheet, save_workbook
from ideowork.services.positions.common import MAX_AUDIENCE
from ideowork.services.positions.events import EventQuery, events_in
from ideowork.services.positions.kinds import KindLists, seed_lists
from ideowork.services.positions.positions import review_counts
from ideowork.services.positions.reviews import ReviewQuery, reviews_in
from ideowork.services.runtime import Runtime, write_context
from ideowork.services.system import audit

WHAT = "阵地管理台账"
SHEET_ROWS = 5_000  # per sheet: a unit's positions, a year's events and reviews are far fewer
POSITIONS_SHEET, EVENTS_SHEET, REVIEWS_SHEET = "阵地", "活动", "发布审核"
POSITION_COLUMNS = (
    ("类型", 14),
    ("名称", 28),
    ("主管股室", 14),
    ("管理员（责任人）", 14),
    ("审核人", 10),
    ("成员（关注）人数", 12),
    ("开通日期", 12),
    ("关停日期", 12),
    ("审核记录数", 10),  # written for the reader, not read back
    ("备注", 30),
)
EVENT_COLUMNS = (
    ("举办日期", 12),
    ("类型", 10),
    ("主题", 36),
    ("报告人", 10),
    ("报告人单位", 20),
    ("地点", 16),
    ("参加人数", 10),
    ("组织股室", 14),
    ("党委审批日期", 12),
    ("审批人", 14),
    ("宣传部备案日期", 14),
    ("核查结果", 24),  # computed, not read back
    ("备注", 30),
)
REVIEW_COLUMNS = (
    ("审核日期", 12),
    ("阵地", 24),
    ("发布内容（标题）", 40),
    ("审核人", 10),
    ("审核结果", 12),
    ("备注", 30),
)
REQUIRED = {
    POSITIONS_SHEET: ("类型", "名称"),
    EVENTS_SHEET: ("举办日期", "类型", "主题"),
    REVIEWS_SHEET: ("审核日期", "阵地", "发布内容（标题）"),
}


def _headers(columns: tuple[tuple[str, int], ...]) -> list[str]:
    return [header for header, _ in columns]


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int  # as Excel numbers it
    reason: str

    def __str__(self) -> str:
        return f"“{self.sheet}”第{self.row}行：{self.reason}"


@dataclass(frozen=True)
class PositionImportReport:
    """What an import would do (preview) or did: new and skipped rows by sheet, problems."""

    file_name: str
    added: dict[str, int]
    skipped: dict[str, int]
    problems: tuple[SheetProblem, ...] = ()
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if self.problems:
            rows = len({(p.sheet, p.row) for p in self.problems})
            listed = "\n".join(str(p) for p in self.problems[:MAX_LISTED_PROBLEMS])
            more = len(self.problems) - MAX_LISTED_PROBLEMS
            tail = f"\n……另有{more}处问题未列出。" if more > 0 else ""
            return (
                f"“{self.file_name}”中有{rows}行需要修改，未导入任何内容。"
                f"请改正后重新导入：\n{listed}{tail}"
            )
        parts = [f"{sheet}{self.added.get(sheet, 0)}条" for sheet in REQUIRED]
        verb = "已导入" if self.written else "可导入"
        text = f"{verb}{'，'.join(parts)}"
        skipped = sum(self.skipped.values())
        if skipped:
            text += f"；已在台账中的{skipped}条跳过"
        return text + "。"


class PositionImportError(UserError):
    """Rows that cannot be imported; nothing was written."""

    def __init__(self, report: PositionImportReport) -> None:
        self.report = report
        super().__init__(report.summary)


# --- export ---------------------------------------------------------------------------------


def export_workbook(
    runtime: Runtime, kinds: KindLists, period: Period, path: Path
) -> dict[str, int]:
    """Every position (in use and closed), and the events and reviews of `period`."""
    position_labels = kinds.labels(POSITION_KINDS)
    event_labels = kinds.labels(EVENT_KINDS)
    today = runtime.today()
    first = new_sheet(POSITIONS_SHEET, _headers(POSITION_COLUMNS), [w for _, w in POSITION_COLUMNS])
    events = new_sheet(
        f"{EVENTS_SHEET}", _headers(EVENT_COLUMNS), [w for _, w in EVENT_COLUMNS], alongside=first
    )
    reviews = new_sheet(
        REVIEWS_SHEET, _headers(REVIEW_COLUMNS), [w for _, w in REVIEW_COLUMNS], alongside=first
    )
    counts: dict[str, int] = {}
    with runtime.read() as session:
        rows = session.scalars(
            select(Position)
            .options(
                selectinload(Position.office),
                selectinload(Position.manager),
                selectinload(Position.reviewer),
            )
            .order_by(Position.sort_order, Position.id)
        )
        logged = review_counts(session)
        counts[POSITIONS_SHEET] = append_rows(
            first,
            (
                (
                    position_labels.get(p.kind, p.kind),
                    p.name,
                    p.office.name if p.office else "",
                    p.manager.name if p.manager else "",
                    p.reviewer.name if p.reviewer else "",
                    p.audience,
                    p.opened_on,
                    p.closed_on,
                    logged.get(p.id, (0, None))[0],
                    p.note,
                )
                for p in rows
            ),
            date_columns=(7, 8),
        )
        counts[EVENTS_SHEET] = append_rows(
            events,
            (
                (
                    e.held_on,
                    e.kind_label,
                    e.topic,
                    e.speaker,
                    e.speaker_unit,
                    e.place,
                    e.audience,
                    e.office_name,
                    e.approved_on,
                    e.approved_by,
                    e.filed_on,
                    e.flag_text or "符合规定",
                    e.note,
                )
                for e in events_in(session, EventQuery(period=period), event_labels, today)
            ),
            date_columns=(1, 9, 11),
        )
        counts[REVIEWS_SHEET] = append_rows(
            reviews,
            (
                (r.reviewed_on, r.position_name, r.title, r.reviewer_name, r.result, r.note)
                for r in reviews_in(session, ReviewQuery(period=period), position_labels)
            ),
            date_columns=(1,),
        )
    save_workbook([first, events, reviews], path)
    return counts


# --- reading --------------------------------------------------------------------------------


def _read_sheets(path: Path) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Per known sheet: (row number, cells by header) of its filled rows."""
    check_file_size(path, SHEET_FILE_BYTES, f"{WHAT}表格", SPLIT_SHEET)
    check_package(path, path.name, f"{WHAT}表格", SPLIT_SHEET)
    data = xlsx_bytes(path, WHAT)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise UserError(
            f"文件“{path.name}”已损坏，无法读取。请在 Excel 或 WPS 中打开并另存为新的 .xlsx 文件。"
        ) from None
    try:
        found: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for sheet in book.worksheets:
            title = cell_text(sheet.title)
            if title not in REQUIRED or title in found:
                continue
            found[title] = _sheet_rows(sheet, path.name, title)
        if not found:
            names = "、".join(f"“{name}”" for name in REQUIRED)
            raise UserError(
                f"“{path.name}”中没有名为{names}的工作表。请先导出一份{WHAT}作为模板，"
                "按其格式填写后再导入。"
            )
        return found
    finally:
        book.close()


def _sheet_rows(sheet: Any, file_name: str, title: str) -> list[tuple[int, dict[str, Any]]]:
    raw = list(limited_rows(sheet, file_name, SHEET_ROWS, f"“{title}”工作表"))
    required = REQUIRED[title]
    header_at = next(
        (i for i, row in enumerate(raw[:10]) if set(required) <= {cell_text(v) for v in row}),
        None,
    )
    if header_at is None:
        if not any(cell_text(v) for row in raw for v in row):
            return []
        raise UserError(
            f"“{file_name}”的“{title}”工作表找不到表头：至少需要“{'、'.join(required)}”几列。"
            f"建议先导出一份{WHAT}作为模板。"
        )
    names = [cell_text(v) for v in raw[header_at]]
    return [
        (number, {h: v for h, v in zip(names, values, strict=False) if h})
        for number, values in enumerate(raw[header_at + 1 :], start=header_at + 2)
        if any(cell_text(v) for v in values)
    ]


# --- checking -------------------------------------------------------------------------------


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Any]
    problems: list[SheetProblem] = field(default_factory=list)

    def problem(self, reason: str) -> None:
        self.problems.append(SheetProblem(self.sheet, self.number, reason))

    def text(self, header: str, limit: int, required: bool = False) -> str:
        value = cell_text(self.cells.get(header))
        if required and not value:
            self.problem(f"“{header}”不能为空。")
        elif len(value) > limit:
            self.problem(f"“{header}”过长（{len(value)}字），最多{limit}字。")
        return value

    def date(self, header: str, required: bool = False) -> dt.date | None:
        raw = self.cells.get(header)
        try:
            value = cell_date(raw)
        except ValueError:
            self.problem(f"“{header}”的“{cell_text(raw)}”不是有效日期，请写成“2020-09-09”。")
            return None
        if value is None:
            if required:
                self.problem(f"“{header}”不能为空。")
            return None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            self.problem(f"“{header}”的年份{value.year}超出范围（{MIN_YEAR}—{MAX_YEAR}）。")
            return None
        return value

    def count(self, header: str) -> int | None:
        text = cell_text(self.cells.get(header))
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_AUDIENCE:
            self.problem(f"“{header}”应为0或正整数，而不是“{text}”。")
            return None
        return int(text)

    def kind(self, kinds: KindLists, list_name: str) -> str:
        text = self.text("类型", 50, required=True)
        if not text:
            return ""
        code = kinds.code_for(list_name, text)
        if code is None:
            offered = "、".join(label for _, label in kinds.offered(list_name))
            self.problem(f"“类型”：“{text}”不在本单位的列表中，可选：{offered}。")
            return ""
        return code

    def lookup(self, header: str, known: dict[str, Any], what: str) -> Any:
        name = cell_text(self.cells.get(header))
        if not name:
            return None
        found = known.get(label_form(name))
        if found is None:
            self.problem(
                f"{what}“{name}”不在单位信息中，请先在“单位信息”中添加，或改为已有的名称。"
            )
        return found


@dataclass
class _Plan:
    positions: list[Position] = field(default_factory=list)
    events: list[PositionEvent] = field(default_factory=list)
    reviews: list[tuple[str, PositionReview]] = field(default_factory=list)  # (position name)
    skipped: dict[str, int] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)


def _key(text: str) -> str:
    return label_form(text).casefold()


def _plan(
    session: Session, kinds: KindLists, sheets: dict[str, list[tuple[int, dict[str, Any]]]]
) -> _Plan:
    plan = _Plan(skipped={name: 0 for name in REQUIRED})
    people = {label_form(p.name): p for p in session.scalars(select(Person))}
    offices = {label_form(o.name): o for o in session.scalars(select(Office))}
    existing = list(session.scalars(select(Position)))
    in_use = {(p.kind, _key(p.name)) for p in existing if p.closed_on is None}
    by_name: dict[str, Position | None] = {}
    for p in existing:  # a name two positions share is ambiguous for a review
        by_name[_key(p.name)] = None if _key(p.name) in by_name else p

    for number, cells in sheets.get(POSITIONS_SHEET, []):
        row = _Row(POSITIONS_SHEET, number, cells, plan.problems)
        kind = row.kind(kinds, POSITION_KINDS)
        name = label_form(row.text("名称", 100, required=True))
        manager = row.lookup("管理员（责任人）", people, "管理员")
        if manager is None and not cell_text(cells.get("管理员（责任人）")):
            row.problem("“管理员（责任人）”不能为空：每个阵地都要有具体的负责人。")
        position = Position(
            kind=kind,
            name=name,
            office=row.lookup("主管股室", offices, "股室"),
            manager=manager,
            reviewer=row.lookup("审核人", people, "审核人"),
            audience=row.count("成员（关注）人数"),
            opened_on=row.date("开通日期"),
            closed_on=row.date("关停日期"),
            note=row.text("备注", 2000),
        )
        if position.opened_on and position.closed_on and position.closed_on < position.opened_on:
            row.problem("“关停日期”早于“开通日期”。")
        key = (kind, _key(name))
        if position.closed_on is None and key in in_use:
            plan.skipped[POSITIONS_SHEET] += 1
            continue
        if position.closed_on is None:
            in_use.add(key)
        plan.positions.append(position)
        by_name[_key(name)] = None if _key(name) in by_name else position

    seen_events = {(e.held_on, _key(e.topic)) for e in session.scalars(select(PositionEvent))}
    for number, cells in sheets.get(EVENTS_SHEET, []):
        row = _Row(EVENTS_SHEET, number, cells, plan.problems)
        event = PositionEvent(
            held_on=row.date("举办日期", required=True),
            kind=row.kind(kinds, EVENT_KINDS),
            topic=row.text("主题", 200, required=True),
            speaker=row.text("报告人", 50),
            speaker_unit=row.text("报告人单位", 100),
            place=row.text("地点", 100),
            audience=row.count("参加人数"),
            office=row.lookup("组织股室", offices, "股室"),
            approved_on=row.date("党委审批日期"),
            approved_by=row.text("审批人", 100),
            filed_on=row.date("宣传部备案日期"),
            note=row.text("备注", 2000),
        )
        key_event = (event.held_on, _key(event.topic))
        if key_event in seen_events:
            plan.skipped[EVENTS_SHEET] += 1
            continue
        seen_events.add(key_event)
        plan.events.append(event)

    seen_reviews = {
        (r.reviewed_on, _key(r.position.name), _key(r.title))
        for r in session.scalars(
            select(PositionReview).options(selectinload(PositionReview.position))
        )
    }
    for number, cells in sheets.get(REVIEWS_SHEET, []):
        row = _Row(REVIEWS_SHEET, number, cells, plan.problems)
        name = row.text("阵地", 100, required=True)
        if name and _key(name) not in by_name:
            row.problem(f"阵地“{name}”不在阵地台账中，请先在“阵地”表中登记。")
        elif name and by_name[_key(name)] is None:
            row.problem(f"有多个名为“{name}”的阵地，无法确定是哪一个，请先将它们改为不同的名称。")
        review = PositionReview(
            reviewed_on=row.date("审核日期", required=True),
            title=row.text("发布内容（标题）", 200, required=True),
            reviewer=row.lookup("审核人", people, "审核人"),
            result=row.text("审核结果", 100),
            note=row.text("备注", 2000),
        )
        key_review = (review.reviewed_on, _key(name), _key(review.title))
        if key_review in seen_reviews:
            plan.skipped[REVIEWS_SHEET] += 1
            continue
        seen_reviews.add(key_review)
        plan.reviews.append((name, review))
    # Nothing planned may stay in the session: only `import_file` adds rows.
    for record in [*plan.positions, *plan.events, *(r for _, r in plan.reviews)]:
        if record in session:
            session.expunge(record)
    return plan


def _report(file_name: str, plan: _Plan, written: bool) -> PositionImportReport:
    return PositionImportReport(
        file_name,
        {
            POSITIONS_SHEET: len(plan.positions),
            EVENTS_SHEET: len(plan.events),
            REVIEWS_SHEET: len(plan.reviews),
        },
        dict(plan.skipped),
        tuple(sorted(plan.problems, key=lambda p: (list(REQUIRED).index(p.sheet), p.row))),
        written,
    )


class PositionExcel:
    def __init__(self, runtime: Runtime, kinds: KindLists) -> None:
        self.runtime = runtime
        self.kinds = kinds

    def export(self, period: Period, path: Path) -> dict[str, int]:
        """Rows written per sheet."""
        return export_workbook(self.runtime, self.kinds, period, path)

    def preview(self, path: Path) -> PositionImportReport:
        """The dry run: what `import_file` would add and skip, and every bad row; nothing is
        written."""
        sheets = _read_sheets(path)
        with self.runtime.read() as session:
            plan = _plan(session, self.kinds, sheets)
        return _report(path.name, plan, written=False)

    def import_file(self, path: Path) -> PositionImportReport:
        """All new rows in one transaction, or none (PositionImportError lists every bad row)."""
        sheets = _read_sheets(path)
        with self.runtime.write() as session:
            seed_lists(session)
            plan = _plan(session, self.kinds, sheets)
            report = _report(path.name, plan, written=True)
            if not report.ok:
                raise PositionImportError(report)
            if not any(report.added.values()):
                raise UserError(
                    f"“{path.name}”中没有新的记录：{sum(report.skipped.values())}条已在台账中，"
                    "未导入任何内容。"
                )
            named = {_key(p.name): p for p in session.scalars(select(Position))}
            order = max((p.sort_order for p in named.values()), default=0)
            for position in plan.positions:
                order += 1
                position.sort_order = order
                session.add(position)
                named.setdefault(_key(position.name), position)
            session.add_all(plan.events)
            for name, review in plan.reviews:
                review.position = named[_key(name)]
                session.add(review)
            session.flush()
            audit.record(
                session,
                "import",
                "ideology_position",
                None,
                f"从“{path.name}”导入阵地管理台账：{report.summary}",
                after={"added": report.added, "skipped": report.skipped},
            )
            # The audit entry names the positions; the events and reviews changed too.
            write_context(session).changed.update({"position_event", "position_review"})
            return report
