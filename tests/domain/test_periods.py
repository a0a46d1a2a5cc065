from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年"),
        ("2020H1", dt.date(2020, 1, 1), dt.date(2020, 6, 30), "2020年上半年"),
        ("2020h2", dt.date(2020, 7, 1), dt.date(2020, 12, 31), "2020年下半年"),
        ("2020Q3", dt.date(2020, 7, 1), dt.date(2020, 9, 30), "2020年第三季度"),
        ("2020-09", dt.date(2020, 9, 1), dt.date(2020, 9, 30), "2020年9月"),
        ("2020-2", dt.date(2020, 2, 1), dt.date(2020, 2, 29), "2020年2月"),
    ],
)
def test_parse(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "2020Q5", "2020H3", "2020-13", "20Q3", "二〇二〇", "2020年"])
def test_bad_period_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValidationError, match="2020Q3"):
        Period.parse(text)


@given(st.integers(MIN_YEAR, MAX_YEAR), st.sampled_from(list(PeriodKind)), st.integers(1, 12))
def test_str_round_trips(year: int, kind: PeriodKind, index: int) -> None:
    limit = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}
    period = Period(year, kind, (index - 1) % limit[kind] + 1)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    "text", ["99999Q1", "1999", "2101H2", "0020-01", "123456789012345678901234567890Q1"]
)
def test_a_year_out_of_range_says_the_range(text: str) -> None:
    with pytest.raises(ValidationError, match="超出范围，请填写2000至2100之间的年份") as caught:
        Period.parse(text)
    assert caught.value.field == "period" and "2020Q3" in str(caught.value)


@pytest.mark.parametrize("year", [1999, 2101, -5, 10**30])
def test_year_of_refuses_years_out_of_range(year: int) -> None:
    with pytest.raises(ValidationError, match="2000至2100"):
        Period.year_of(year)


def test_subperiods_tile_the_year() -> None:
    quarters = Period.parse("2021").subperiods(PeriodKind.QUARTER)
    assert [str(q) for q in quarters] == ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    assert [str(h) for h in Period.parse("2021H2").subperiods(PeriodKind.QUARTER)] == [
        "2021Q3",
        "2021Q4",
    ]


def test_fraction_elapsed() -> None:
    q3 = Period.parse("2020Q3")
    assert q3.fraction_elapsed(dt.date(2020, 6, 30)) == 0.0
    assert q3.fraction_elapsed(dt.date(2020, 10, 1)) == 1.0
    assert 0.3 < q3.fraction_elapsed(dt.date(2020, 8, 1)) < 0.4


def test_quarter_before() -> None:
    assert str(Period.quarter_before(dt.date(2026, 11, 26))) == "2026Q3"
    assert str(Period.quarter_before(dt.date(2027, 2, 1))) == "2026Q4"
    assert str(Period.quarter_before(dt.date(2027, 4, 1))) == "2027Q1"
