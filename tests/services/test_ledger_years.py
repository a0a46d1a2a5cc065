"""The years of a ledger, read from the date index: the same years DISTINCT gives, gaps kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import extract, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ideowork.db.models import SentimentCase, StudySession
from ideowork.domain.vocab import Channel
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import CaseDraft
from ideowork.services.ledgers.years import years_with_rows


def distinct_years(session: Session, column: InstrumentedAttribute[dt.date]) -> list[int]:
    """The reference: every row read."""
    year = extract("year", column)
    return [int(y) for y in session.scalars(select(year).distinct().order_by(year))]


def test_the_demo_has_the_same_years_either_way(demo_services: Services) -> None:
    with demo_services.runtime.read() as session:
        for column in (SentimentCase.received_on, StudySession.held_on):
            assert years_with_rows(session, column) == distinct_years(session, column)
    assert demo_services.sentiment.years() == [2020]
    assert demo_services.studies.years()


def test_years_without_cases_are_left_out(services: Services) -> None:
    assert services.sentiment.years() == []  # an empty ledger
    days = [
        dt.date(2001, 12, 31),
        dt.date(2003, 1, 1),
        dt.date(2003, 6, 1),
        dt.date(2006, 12, 31),
        dt.date(2007, 1, 1),
        dt.date(2010, 2, 1),
    ]
    for index, day in enumerate(days):
        services.cases.register(
            CaseDraft(
                channel=Channel.HOTLINE_12345.value,
                received_on=day,
                title=f"事项{index}",
                case_no=f"12345-{index}",
            )
        )
        with services.runtime.read() as session:
            reference = distinct_years(session, SentimentCase.received_on)
        assert services.sentiment.years() == reference  # one year, two, and with gaps
    assert services.sentiment.years() == [2001, 2003, 2006, 2007, 2010]
