"""What the reports say of the unit's 阵地, gathered from the position ledger for one period:
which kinds of positions it runs and how many, the reviews of what they published, the
events held and whether each was approved and filed in time.

The 阵地管理台账 (ledger-positions) prints these rows; the quarterly reports' 阵地 paragraph
phrases the counts. Sentences whose wording depends on the data are built here, so every
template says them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ideowork.db.models import Position
from ideowork.domain.periods import Period
from ideowork.domain.positions import EVENT_KINDS, LIST_DEFAULTS, POSITION_KINDS
from ideowork.services.choices import ChoiceService
from ideowork.services.positions.events import EventInfo, EventQuery, events_in
from ideowork.services.positions.reviews import ReviewInfo, ReviewQuery, reviews_in
from ideowork.services.runtime import Runtime

# How a report counts each kind: 微信公众号1个, 微信群2个, 宣传栏1处, 电子屏1块.
MEASURE_WORDS = {"bulletin_board": "处", "led_screen": "块"}


def day_text(day: dt.date | None) -> str:
    return f"{day.month}月{day.day}日" if day else ""


@dataclass(frozen=True)
class PositionRow:
    """One position as the ledger prints it."""

    kind_label: str
    name: str
    office: str
    manager: str
    reviewer: str
    audience: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    reviews: int  # in the period

    @property
    def state(self) -> str:
        closed = self.closed_on
        return f"{closed.year}年{closed.month}月{closed.day}日关停" if closed else "在用"


@dataclass(frozen=True)
class PositionFigures:
    positions: tuple[PositionRow, ...]  # in use at some time in the period
    kind_counts: tuple[tuple[str, str, int], ...]  # (code, label, positions in use)
    events: tuple[EventInfo, ...]  # held in the period
    reviews: tuple[ReviewInfo, ...]  # made in the period

    @property
    def in_use(self) -> tuple[PositionRow, ...]:
        return tuple(p for p in self.positions if p.closed_on is None)

    @property
    def kinds_text(self) -> str:
        """微信公众号1个、微信群2个、QQ群1个、宣传栏1处、电子屏1块."""
        return "、".join(
            f"{label}{count}{MEASURE_WORDS.get(code, '个')}"
            for code, label, count in self.kind_counts
        )

    @property
    def all_reviewed_by_someone(self) -> bool:
        return all(p.reviewer for p in self.in_use)

    @property
    def reviewed_positions(self) -> int:
        return sum(1 for p in self.positions if p.reviews)

    @property
    def approved_in_time(self) -> tuple[EventInfo, ...]:
        return tuple(e for e in self.events if not e.flagged and not e.check.pending)

    @property
    def flagged(self) -> tuple[EventInfo, ...]:
        return tuple(e for e in self.events if e.flagged)

    @property
    def event_kinds_text(self) -> str:
        """报告会1场、讲座1场、培训1场 — in the list's order."""
        counts = Counter(e.kind_label for e in self.events)
        return "、".join(f"{label}{n}场" for label, n in counts.items())

    @property
    def flagged_text(self) -> str:
        """“网络意识形态安全暨网络舆情应对培训”（9月3日举办，审批晚于举办日期）."""
        return "、".join(
            f"“{e.topic}”（{day_text(e.held_on)}举办，{e.flag_text}）" for e in self.flagged
        )


def _labels(choices: ChoiceService, list_name: str) -> dict[str, str]:
    return choices.labels(list_name) or dict(LIST_DEFAULTS[list_name])


def position_figures(runtime: Runtime, choices: ChoiceService, period: Period) -> PositionFigures:
    kinds = _labels(choices, POSITION_KINDS)
    event_kinds = _labels(choices, EVENT_KINDS)
    with runtime.read() as session:
        rows = list(
            session.scalars(
                select(Position)
                .where(
                    or_(Position.opened_on.is_(None), Position.opened_on <= period.end),
                    or_(Position.closed_on.is_(None), Position.closed_on >= period.start),
                )
                .options(
                    selectinload(Position.office),
                    selectinload(Position.manager),
                    selectinload(Position.reviewer),
                )
                .order_by(Position.sort_order, Position.id)
            )
        )
        reviews = reviews_in(session, ReviewQuery(period=period), kinds)
        events = events_in(session, EventQuery(period=period), event_kinds, runtime.today())
    in_period = Counter(r.position_id for r in reviews)
    positions = tuple(
        PositionRow(
            kind_label=kinds.get(p.kind, p.kind),
            name=p.name,
            office=p.office.name if p.office else "",
            manager=p.manager.name if p.manager else "",
            reviewer=p.reviewer.name if p.reviewer else "",
            audience="" if p.audience is None else str(p.audience),
            opened_on=p.opened_on,
            closed_on=p.closed_on if p.closed_on and p.closed_on <= period.end else None,
            reviews=in_period.get(p.id, 0),
        )
        for p in rows
    )
    open_kinds = Counter(p.kind for p in rows if p.closed_on is None or p.closed_on > period.end)
    order = list(kinds)  # the list's order: 公众号, 微信群, QQ群 … as the unit keeps it
    kind_counts = tuple(
        (code, kinds.get(code, code), count)
        for code, count in sorted(
            open_kinds.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99
        )
    )
    return PositionFigures(positions, kind_counts, tuple(events), tuple(reviews))
