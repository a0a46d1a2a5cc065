from __future__ import annotations

import datetime as dt

import pytest

from ideowork.domain.workdays import HOLIDAY, MAX_NAME, UNIT, WORKDAY, DayMark, WorkCalendar

D = dt.date


def test_national_day_and_mid_autumn_2026() -> None:
    calendar = WorkCalendar([2026])
    for day in (D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3)):
        mark = calendar.mark(day)
        assert mark is not None
        assert (mark.kind, mark.name, mark.source) == (HOLIDAY, "国庆节", "法定")
        assert not calendar.is_working_day(day)
    observed = calendar.mark(D(2026, 10, 5))
    assert observed is not None
    assert (observed.name, observed.full_name) == ("补假", "国庆节（补假）")
    moved = calendar.mark(D(2026, 10, 6))
    assert moved is not None
    assert (moved.kind, moved.name) == (HOLIDAY, "调休")
    assert moved.full_name == "国庆节调休休息（9月20日上班）"
    assert not calendar.is_working_day(D(2026, 10, 7))
    assert not calendar.is_working_day(D(2026, 10, 4))  # an ordinary Sunday: no mark
    assert calendar.mark(D(2026, 10, 4)) is None
    assert calendar.is_working_day(D(2026, 10, 8))
    mid_autumn = calendar.mark(D(2026, 9, 25))
    assert mid_autumn is not None
    assert mid_autumn.name == "中秋节"
    assert not calendar.is_working_day(D(2026, 9, 25))


def test_weekend_working_days_of_2026() -> None:
    calendar = WorkCalendar([2026])
    for day, rest in ((D(2026, 9, 20), "10月6日"), (D(2026, 10, 10), "10月7日")):
        assert day.weekday() >= 5
        mark = calendar.mark(day)
        assert mark is not None
        assert (mark.kind, mark.name) == (WORKDAY, "调休上班")
        assert mark.full_name == f"国庆节调休上班（{rest}休息）"
        assert calendar.is_working_day(day)
    assert not calendar.is_working_day(D(2026, 10, 17))  # an ordinary Saturday
    october = calendar.working_days(D(2026, 10, 1), D(2026, 10, 31))
    # 22 weekdays, less 1, 2, 5, 6, 7 October, with Saturday 10 October.
    assert len(october) == 18
    assert D(2026, 10, 10) in october


def test_marks_between_cross_new_year_and_name_the_run() -> None:
    calendar = WorkCalendar([2026])
    marks = calendar.marks_between(D(2025, 12, 31), D(2026, 1, 4))
    assert [(m.day, m.name) for m in marks] == [
        (D(2026, 1, 1), "元旦"),
        (D(2026, 1, 2), "调休"),
        (D(2026, 1, 4), "调休上班"),
    ]
    assert marks[1].full_name == "元旦调休休息（1月4日上班）"
    # A 调休 working day paying for a day off of the next year.
    [early] = WorkCalendar([2001]).marks_between(D(2001, 12, 29), D(2001, 12, 29))
    assert early.full_name == "元旦调休上班（2002年1月2日休息）"
    assert calendar.marks_between(D(2026, 3, 1), D(2026, 2, 1)) == []


def test_user_marks_override_the_calendar() -> None:
    own = [
        DayMark(D(2026, 10, 8), HOLIDAY, "所庆日", UNIT),
        DayMark(D(2026, 10, 10), HOLIDAY, "单位补休", UNIT),  # a 调休 working Saturday
        DayMark(D(2026, 10, 17), WORKDAY, "集中办公", UNIT),  # an ordinary Saturday
        DayMark(D(2026, 10, 1), WORKDAY, "值班", UNIT),  # a statutory holiday
    ]
    calendar = WorkCalendar([2026], own)
    assert not calendar.is_working_day(D(2026, 10, 8))
    assert not calendar.is_working_day(D(2026, 10, 10))
    assert calendar.is_working_day(D(2026, 10, 17))
    assert calendar.is_working_day(D(2026, 10, 1))
    mark = calendar.mark(D(2026, 10, 10))
    assert mark is not None
    assert (mark.name, mark.full_name, mark.source) == ("单位补休", "单位补休", UNIT)
    days = [m.day for m in calendar.marks_between(D(2026, 10, 1), D(2026, 10, 31))]
    assert days == sorted(set(days))
    assert D(2026, 10, 17) in days and D(2026, 10, 8) in days


def test_add_working_days_over_a_holiday() -> None:
    calendar = WorkCalendar([2026])
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)  # 调休 Saturday
    assert calendar.add_working_days(D(2026, 10, 1), 5) == D(2026, 10, 13)
    assert calendar.add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert calendar.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
    # Across the year's end into a year not loaded yet.
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_a_year_far_ahead() -> None:
    calendar = WorkCalendar([2090])
    names = {m.day: m.name for m in calendar.marks_between(D(2090, 1, 1), D(2090, 12, 31))}
    assert names[D(2090, 1, 1)] == "元旦"
    assert "春节" in names.values() and "中秋节" in names.values()
    assert names[D(2090, 10, 2)] == "国庆节"
    assert not calendar.is_working_day(D(2090, 10, 2))  # a Monday
    assert calendar.add_working_days(D(2090, 9, 29), 1) == D(2090, 10, 5)


def test_every_year_loads_with_short_names() -> None:
    calendar = WorkCalendar(range(2000, 2101))
    marks = calendar.marks_between(D(2000, 1, 1), D(2100, 12, 31))
    assert {m.day.year for m in marks} == set(range(2000, 2101))
    assert all(len(m.name) <= MAX_NAME for m in marks)
    assert all(m.day.weekday() >= 5 for m in marks if m.kind == WORKDAY)
    # Outside the holiday package's years, the fixed-date holidays.
    beyond = WorkCalendar([2150])
    assert not beyond.is_working_day(D(2150, 10, 1))
    assert [m.name for m in beyond.marks_between(D(2150, 1, 1), D(2150, 1, 31))] == ["元旦"]


def test_a_mark_is_a_holiday_or_a_workday() -> None:
    with pytest.raises(ValueError, match="kind"):
        DayMark(D(2026, 1, 5), "vacation", "休假")


def test_golden_weeks_of_a_year_not_announced() -> None:
    calendar = WorkCalendar([2026, 2027])
    assert calendar.is_announced(2026) and not calendar.is_announced(2027)
    # 2027 by the statutory rules only: 1–5 October off, 6 and 7 October likely to be.
    assert calendar.is_working_day(D(2027, 10, 6))
    assert calendar.likely_day_off(D(2027, 10, 6)) and calendar.likely_day_off(D(2027, 10, 7))
    assert not calendar.likely_day_off(D(2027, 10, 8))
    assert calendar.likely_day_off(D(2027, 2, 11))  # 初六 of the 春节 week
    assert not calendar.likely_day_off(D(2026, 10, 8))  # announced: a working day
