"""A status workflow as data: which status may follow which; shared by the three rule modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from ideowork.domain.errors import ValidationError
from ideowork.domain.vocab import LabelledEnum

S = TypeVar("S", bound=LabelledEnum)


@dataclass(frozen=True)
class Workflow(Generic[S]):
    """The allowed moves between statuses; staying in the same status is always allowed."""

    what: str  # the record's name in messages: 任务, 舆情事项, 问题
    moves: Mapping[S, frozenset[S]]

    def next_statuses(self, current: S) -> frozenset[S]:
        return self.moves.get(current, frozenset())

    def can_move(self, current: S, new: S) -> bool:
        return new == current or new in self.next_statuses(current)

    def check_move(self, current: S, new: S) -> None:
        """Raise a ValidationError saying which moves are possible from here."""
        if self.can_move(current, new):
            return
        allowed = "、".join(s.label for s in self.next_statuses(current)) or "无"
        raise ValidationError(
            f"{self.what}当前为“{current.label}”，不能直接改为“{new.label}”。可改为：{allowed}。",
            field="status",
        )
