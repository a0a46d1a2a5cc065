"""`services.positions`: the 阵地管理 ledger — its lists, positions, events, reviews and its
Excel workbook."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ideowork.services.choices import ChoiceService
from ideowork.services.positions.events import EventService
from ideowork.services.positions.kinds import KindLists
from ideowork.services.positions.positions import PositionService
from ideowork.services.positions.reviews import ReviewService
from ideowork.services.runtime import Runtime

if TYPE_CHECKING:
    from ideowork.services.positions.excel import PositionExcel


class PositionLedger:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.kinds = KindLists(runtime, choices)
        self.positions = PositionService(runtime, self.kinds)
        self.events = EventService(runtime, self.kinds)
        self.reviews = ReviewService(runtime, self.kinds)

    @cached_property
    def excel(self) -> PositionExcel:
        """Built on first use: reading workbooks brings openpyxl."""
        from ideowork.services.positions.excel import PositionExcel

        return PositionExcel(self.runtime, self.kinds)
