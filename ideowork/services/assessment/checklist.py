"""考核细则: each year's scored checklist, grouped (一、落实主体责任 …), editable.

A year without a checklist takes the previous year's that has one, or the default drawn from
the rules (domain/checklist_defaults), the first time it is needed (`ensure`). Items are kept
in one order per year (`sort_order`); a group is where its first item is, and moving a group
moves all its items. A checklist can also be read from a document (考核细则 whose items end in
"（3分）") through the plan parser: sections give the groups, scored items the items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideowork.db.models import Assessment, AssessmentScore, ChecklistItem
from ideowork.domain.checklist_defaults import DEFAULT_CHECKLIST
from ideowork.domain.errors import NotFoundError, UserError, ValidationError
from ideowork.domain.validation import check_year, optional_text, required_text
from ideowork.services.assessment.grading import parse_points, shown_points
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

if TYPE_CHECKING:  # the parser itself is imported only when a document is read
    from ideowork.importers.plan_parser import ParsedPlan, PlanNode

MAX_POINTS = Decimal(100)


@dataclass(frozen=True)
class ChecklistItemInfo:
    id: int | None
    year: int
    group_name: str
    text: str
    points: Decimal
    basis: str = ""
    sort_order: int = 0
    version: int | None = None


@dataclass(frozen=True)
class ChecklistGroup:
    name: str
    items: tuple[ChecklistItemInfo, ...]

    @property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


@dataclass(frozen=True)
class ChecklistDraft:
    """A checklist read from a document, for the user to look at before it is saved."""

    items: tuple[ChecklistItemInfo, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


def _info(row: ChecklistItem) -> ChecklistItemInfo:
    return ChecklistItemInfo(
        id=row.id,
        year=row.year,
        group_name=row.group_name,
        text=row.text,
        points=Decimal(row.points),
        basis=row.basis,
        sort_order=row.sort_order,
        version=row.version,
    )


def group_items(items: Sequence[ChecklistItemInfo]) -> list[ChecklistGroup]:
    """The items by group, groups in the order of their first item."""
    order: dict[str, list[ChecklistItemInfo]] = {}
    for item in sorted(items, key=lambda i: (i.sort_order, i.id or 0)):
        order.setdefault(item.group_name, []).append(item)
    return [ChecklistGroup(name, tuple(members)) for name, members in order.items()]


def _validated(info: ChecklistItemInfo) -> ChecklistItemInfo:
    check_year(info.year)
    points = parse_points(info.points, "分值", "points")
    if not Decimal(0) < points <= MAX_POINTS:
        raise ValidationError(
            f"分值“{shown_points(points)}”不合适，请填写大于0、不超过100的分数。", field="points"
        )
    return replace(
        info,
        group_name=optional_text(info.group_name, "类别", 100, "group_name"),
        text=required_text(info.text, "考核内容", 1000, "text"),
        basis=optional_text(info.basis, "考核办法和扣分标准", 2000, "basis"),
        points=points,
    )


def year_rows(session: Session, year: int) -> list[ChecklistItem]:
    return list(
        session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.year == year)
            .order_by(ChecklistItem.sort_order, ChecklistItem.id)
        )
    )


def ensure_checklist(session: Session, year: int) -> list[ChecklistItem]:
    """The year's items, made first (in this write, audited) from the latest earlier year that
    has a checklist, else from the default, when the year has none."""
    rows = year_rows(session, year)
    if rows:
        return rows
    rows, origin = make_checklist(session, year)
    audit.record(
        session,
        "create",
        "checklist_item",
        None,
        f"建立{year}年考核细则：{origin}，共{len(rows)}项",
        after={"year": year, "items": len(rows)},
    )
    return rows


def make_checklist(session: Session, year: int) -> tuple[list[ChecklistItem], str]:
    """Add the year's items from the latest earlier year's checklist or the default (for a
    year that has none; the caller audits), and say where they came from."""
    source = session.scalar(select(func.max(ChecklistItem.year)).where(ChecklistItem.year < year))
    if source is not None:
        template = [
            (r.group_name, r.text, Decimal(r.points), r.basis) for r in year_rows(session, source)
        ]
        origin = f"沿用{source}年考核细则"
    else:
        template = [(d.group_name, d.text, d.points, d.basis) for d in DEFAULT_CHECKLIST]
        origin = "采用默认考核细则（据责任制实施办法的重点检查考核内容）"
    rows = [
        ChecklistItem(year=year, group_name=g, text=t, points=p, basis=b, sort_order=order)
        for order, (g, t, p, b) in enumerate(template, start=1)
    ]
    session.add_all(rows)
    session.flush()
    return rows, origin


def _renumber(rows: Sequence[ChecklistItem]) -> None:
    """Give `rows` (in the order wanted) the orders 1, 2, 3 … (only those that change)."""
    for order, row in enumerate(rows, start=1):
        if row.sort_order != order:
            row.sort_order = order


def _by_group(rows: Sequence[ChecklistItem]) -> dict[str, list[ChecklistItem]]:
    groups: dict[str, list[ChecklistItem]] = {}
    for row in rows:
        groups.setdefault(row.group_name, []).append(row)
    return groups


def _scored_count(session: Session, item_ids: Sequence[int]) -> int:
    if not item_ids:
        return 0
    return int(
        session.scalar(
            select(func.count())
            .select_from(AssessmentScore)
            .where(AssessmentScore.item_id.in_(item_ids))
        )
        or 0
    )


# --- reading a checklist from a document ------------------------------------------------------
def checklist_from_plan(plan: ParsedPlan, year: int) -> ChecklistDraft:
    """Sections → groups, scored items → items. An item's score is the points of the deepest
    scored node of its branch (a heading's score is the sum of its items: it is checked, not
    used); numbered lines without a score are reported, not guessed."""
    items: list[ChecklistItemInfo] = []
    warnings: list[str] = list(plan.warnings)
    unscored: list[str] = []

    def has_scored_child(node: PlanNode) -> bool:
        return any(child.score is not None or has_scored_child(child) for child in node.children)

    def walk(node: PlanNode, group: str) -> None:
        if has_scored_child(node):
            before = len(items)
            for child in node.children:
                walk(child, group)
            added = sum((i.points for i in items[before:]), Decimal(0))
            if node.score is not None and added != node.score:
                warnings.append(
                    f"“{node.text[:20]}”标注{shown_points(node.score)}分，其下各项合计"
                    f"{shown_points(added)}分，请核对。"
                )
            return
        if node.score is None:
            if not node.children:
                unscored.append(node.text)
            for child in node.children:
                walk(child, group)
            return
        text = node.text if not node.body else f"{node.text}{node.body}"
        items.append(
            ChecklistItemInfo(None, year, group, text, node.score, sort_order=len(items) + 1)
        )

    for section in plan.sections:
        group = section.text
        if section.score is not None and not has_scored_child(section):
            # A scored section with no scored items is itself one item, in no group.
            walk(section, "")
            continue
        walk(section, group[:100])
    if unscored:
        shown = "；".join(text[:20] for text in unscored[:5])
        more = f"等{len(unscored)}条" if len(unscored) > 5 else ""
        warnings.append(
            f"以下条目没有标注分值，未作为考核细则导入：{shown}{more}。"
            "如需导入，请在文件中为其加上“（X分）”后重新导入，或导入后在考核细则中添加。"
        )
    if not items:
        raise UserError(
            "文件中没有找到标注分值的考核条目（如“1.每年至少两次专题研究意识形态工作（5分）”）。"
            "请确认选择的是考核细则，且每一项末尾写明分值。"
        )
    total = sum((i.points for i in items), Decimal(0))
    if total != MAX_POINTS:
        warnings.append(f"各项分值合计{shown_points(total)}分，不是100分，请核对。")
    return ChecklistDraft(tuple(items), tuple(dict.fromkeys(warnings)))


class ChecklistService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- reading ---------------------------------------------------------------------------
    def items(self, year: int) -> list[ChecklistItemInfo]:
        """The year's items in order (empty if it has none yet: see `ensure`)."""
        with self.runtime.read() as session:
            return [_info(r) for r in year_rows(session, year)]

    def groups(self, year: int) -> list[ChecklistGroup]:
        return group_items(self.items(year))

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            return list(
                session.scalars(select(ChecklistItem.year).distinct().order_by(ChecklistItem.year))
            )

    def ensure(self, year: int) -> list[ChecklistItemInfo]:
        """The year's items, made from the previous year's or the default if it has none."""
        check_year(year)
        if self.items(year):
            return self.items(year)
        with self.runtime.write() as session:
            return [_info(r) for r in ensure_checklist(session, year)]

    def scored_count(self, item_id: int) -> int:
        """How many assessments have scored this item (deleting it deletes those scores)."""
        with self.runtime.read() as session:
            return _scored_count(session, [item_id])

    # --- editing ---------------------------------------------------------------------------
    def save(self, info: ChecklistItemInfo) -> ChecklistItemInfo:
        """Add an item (at the end of its group, a new group at the end) or change one."""
        cleaned = _validated(info)
        with self.runtime.write() as session:
            rows = year_rows(session, cleaned.year)
            if cleaned.id is None:
                row = ChecklistItem(year=cleaned.year)
                before = None
                same = [r for r in rows if r.group_name == cleaned.group_name]
                place = rows.index(same[-1]) + 1 if same else len(rows)
                rows.insert(place, row)
                session.add(row)
            else:
                row = get_for_edit(
                    session,
                    ChecklistItem,
                    cleaned.id,
                    cleaned.version,
                    lambda: NotFoundError("找不到该考核细则，可能已被删除，请刷新后重试。"),
                )
                before = snapshot(row)
                self._check_scores_fit(session, row, cleaned.points)
                if row.group_name != cleaned.group_name:
                    # Moved to another group: to that group's end.
                    rows.remove(row)
                    same = [r for r in rows if r.group_name == cleaned.group_name]
                    place = rows.index(same[-1]) + 1 if same else len(rows)
                    rows.insert(place, row)
            row.group_name, row.text = cleaned.group_name, cleaned.text
            row.points, row.basis = cleaned.points, cleaned.basis
            _renumber(rows)
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "checklist_item",
                row.id,
                f"保存{row.year}年考核细则：{row.text[:30]}（{shown_points(cleaned.points)}分）",
                before,
                snapshot(row),
            )
            return _info(row)

    @staticmethod
    def _check_scores_fit(session: Session, row: ChecklistItem, points: Decimal) -> None:
        over = session.scalar(
            select(func.count())
            .select_from(AssessmentScore)
            .where(AssessmentScore.item_id == row.id, AssessmentScore.score > points)
        )
        if over:
            raise ValidationError(
                f"已有{over}个考核在这一项上的得分高于{shown_points(points)}分，不能把分值改小。"
                "请先在年度考核中调整这些得分，再修改分值。",
                field="points",
            )

    def move(self, item_id: int, step: int, version: int | None = None) -> None:
        """Move an item up (step -1) or down (+1) within its group."""
        with self.runtime.write() as session:
            row: ChecklistItem = get_for_edit(
                session,
                ChecklistItem,
                item_id,
                version,
                lambda: NotFoundError("找不到该考核细则，可能已被删除，请刷新后重试。"),
            )
            rows = year_rows(session, row.year)
            same = [r for r in rows if r.group_name == row.group_name]
            index = same.index(row)
            target = index + step
            if not 0 <= target < len(same):
                return  # already first or last of its group
            other = same[target]
            a, b = rows.index(row), rows.index(other)
            rows[a], rows[b] = rows[b], rows[a]
            _renumber(rows)
            audit.record(
                session,
                "update",
                "checklist_item",
                row.id,
                f"调整{row.year}年考核细则顺序：{row.text[:30]}",
            )

    def move_group(self, year: int, group_name: str, step: int) -> None:
        """Move a whole group up (step -1) or down (+1) among the year's groups."""
        with self.runtime.write() as session:
            groups = _by_group(year_rows(session, year))
            names = list(groups)
            if group_name not in names:
                raise NotFoundError(f"{year}年考核细则中没有“{group_name}”这一类，请刷新后重试。")
            index = names.index(group_name)
            target = index + step
            if not 0 <= target < len(names):
                return
            names[index], names[target] = names[target], names[index]
            _renumber([row for name in names for row in groups[name]])
            audit.record(
                session,
                "update",
                "checklist_item",
                None,
                f"调整{year}年考核细则类别顺序：{group_name or '（未分类）'}",
            )

    def rename_group(self, year: int, old: str, new: str) -> None:
        name = optional_text(new, "类别", 100, "group_name")
        with self.runtime.write() as session:
            rows = [r for r in year_rows(session, year) if r.group_name == old]
            if not rows:
                raise NotFoundError(f"{year}年考核细则中没有“{old}”这一类，请刷新后重试。")
            if name == old:
                return
            if any(r.group_name == name for r in year_rows(session, year)):
                raise ValidationError(
                    f"{year}年考核细则中已有“{name}”这一类。如要合并，请逐项修改其类别。",
                    field="group_name",
                )
            for row in rows:
                row.group_name = name
            audit.record(
                session,
                "update",
                "checklist_item",
                None,
                f"{year}年考核细则类别“{old}”改名为“{name}”",
                {"group_name": old},
                {"group_name": name},
            )

    def delete(self, item_id: int, version: int | None = None) -> None:
        """Delete an item and the scores assessments gave it (the page says how many first)."""
        with self.runtime.write() as session:
            row: ChecklistItem = get_for_edit(
                session,
                ChecklistItem,
                item_id,
                version,
                lambda: NotFoundError("找不到该考核细则，可能已被删除，请刷新后重试。"),
                deleting=True,
            )
            before = snapshot(row)
            scores = list(
                session.scalars(select(AssessmentScore).where(AssessmentScore.item_id == item_id))
            )
            for score in scores:
                session.delete(score)
            session.delete(row)
            session.flush()
            _renumber(year_rows(session, before["year"]))
            note = f"，同时删除{len(scores)}个考核中的评分" if scores else ""
            audit.record(
                session,
                "delete",
                "checklist_item",
                item_id,
                f"删除{before['year']}年考核细则：{before['text'][:30]}{note}",
                before,
            )

    # --- from a document -------------------------------------------------------------------
    def read_document(self, path: Path, year: int) -> ChecklistDraft:
        """A 考核细则 document (.docx/.txt) read for a preview; nothing is saved."""
        from ideowork.importers.plan_parser import PlanImportError, parse_plan_file

        check_year(year)
        try:
            plan = parse_plan_file(path)
        except PlanImportError as error:
            raise UserError(str(error.message)) from None
        return checklist_from_plan(plan, year)

    def read_text(self, text: str, year: int) -> ChecklistDraft:
        """Pasted 考核细则 text read for a preview; nothing is saved."""
        from ideowork.importers.plan_parser import PlanImportError, parse_plan_text

        check_year(year)
        try:
            plan = parse_plan_text(text.splitlines())
        except PlanImportError as error:
            raise UserError(str(error.message)) from None
        return checklist_from_plan(plan, year)

    def replace_year(self, year: int, draft: ChecklistDraft) -> list[ChecklistItemInfo]:
        """Make `draft` the year's checklist. Refused while an assessment of the year has
        scores: they were given against the present items."""
        check_year(year)
        cleaned = [_validated(replace(item, year=year)) for item in draft.items]
        if not cleaned:
            raise ValidationError("导入的考核细则中没有条目。", field="text")
        with self.runtime.write() as session:
            scored = session.scalar(
                select(func.count())
                .select_from(AssessmentScore)
                .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
                .where(Assessment.year == year)
            )
            if scored:
                raise UserError(
                    f"{year}年已有考核评分（{scored}项），整体替换考核细则会使这些评分失去依据，"
                    "因此没有导入。请先删除该年度的考核，或在考核细则中逐项修改。"
                )
            old_rows = year_rows(session, year)
            old = len(old_rows)
            for row in old_rows:
                session.delete(row)
            session.flush()
            rows = [
                ChecklistItem(
                    year=year,
                    group_name=i.group_name,
                    text=i.text,
                    points=i.points,
                    basis=i.basis,
                    sort_order=order,
                )
                for order, i in enumerate(cleaned, start=1)
            ]
            session.add_all(rows)
            session.flush()
            audit.record(
                session,
                "import",
                "checklist_item",
                None,
                f"导入{year}年考核细则：{len(rows)}项，共{shown_points(draft.total)}分"
                + (f"（替换原有{old}项）" if old else ""),
                {"items": old} if old else None,
                {"items": len(rows)},
            )
            return [_info(r) for r in rows]
