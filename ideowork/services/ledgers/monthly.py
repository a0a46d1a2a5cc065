"""A year of the sentiment ledger month by month: what the 舆情台账's chart draws."""

from __future__ import annotations

from dataclasses import dataclass

MONTHS = 12


@dataclass(frozen=True)
class MonthlyCases:
    """Cases received each month of `year`, per channel, and each month's satisfaction rate.

    `series` holds (channel label, 12 counts) in the channels' fixed order, only channels with
    at least one case; `satisfaction` holds 12 rates between 0 and 1, None for a month without
    any 回访 answer.
    """

    year: int
    series: tuple[tuple[str, tuple[int, ...]], ...]
    satisfaction: tuple[float | None, ...]

    def __post_init__(self) -> None:
        if any(len(counts) != MONTHS for _, counts in self.series):
            raise ValueError("each series needs 12 monthly counts")
        if len(self.satisfaction) != MONTHS:
            raise ValueError("satisfaction needs 12 monthly rates")

    @property
    def totals(self) -> tuple[int, ...]:
        """Cases per month, all channels together."""
        return tuple(sum(counts[m] for _, counts in self.series) for m in range(MONTHS))
