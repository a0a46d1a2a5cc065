"""The sentiment ledger in SQL: filters, sorting, paging by id, and statistics that agree with
the Python rules of ideowork.domain.cases."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlalchemy import insert

from ideowork.db.models import Office, SentimentCase
from ideowork.domain.cases import ANSWERED, case_is_overdue, is_satisfied
from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseStatus, Channel, Satisfaction, Severity
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import SORT_KEYS, CaseQuery
from ideowork.services.runtime import FixedClock

YEAR = Period.parse("2021")


def random_cases(services: Services, count: int, seed: int = 3) -> list[dict[str, object]]:
    """Cases with every combination of status, deadline and handling date, inserted in bulk."""
    rng = random.Random(seed)
    with services.runtime.write("sentiment_case") as session:
        offices = [Office(name=f"股室{i}") for i in range(3)]
        session.add_all(offices)
        session.flush()
        office_ids = [o.id for o in offices]
        rows: list[dict[str, object]] = []
        for number in range(count):
            received = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))
            status = rng.choice(list(CaseStatus))
            deadline = (
                received + dt.timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.8 else None
            )
            handled = (
                received + dt.timedelta(days=rng.randrange(0, 50))
                if status in (CaseStatus.HANDLED, CaseStatus.CLOSED) and rng.random() < 0.9
                else None
            )
            rows.append(
                {
                    "case_no": f"C-{number:04d}",
                    "channel": rng.choice(list(Channel)),
                    "received_on": received,
                    "title": rng.choice(["噪音扰民投诉", "道路破损", "政策咨询", "低保申请"]),
                    "content": rng.choice(["夜间施工", "路灯不亮", "", "医保报销"]),
                    "severity": rng.choice(list(Severity)),
                    "office_id": rng.choice([None, *office_ids]),
                    "deadline": deadline,
                    "handled_on": handled,
                    "status": status,
                    "satisfaction": rng.choice([None, *Satisfaction]),
                    "reported_upward": rng.random() < 0.1,
                }
            )
        session.execute(insert(SentimentCase), rows)
    return rows


@pytest.fixture
def cases(services: Services, clock: FixedClock) -> list[dict[str, object]]:
    clock.set(dt.date(2021, 9, 15))
    return random_cases(services, 600)


def test_stats_in_sql_agree_with_the_python_rules(
    services: Services, cases: list[dict[str, object]], clock: FixedClock
) -> None:
    today = clock.today()
    for period in (YEAR, Period.parse("2021Q3"), Period.parse("2021-02")):
        mine = [c for c in cases if period.contains(c["received_on"])]  # type: ignore[arg-type]
        stats = services.sentiment.stats(period)
        assert stats.total == len(mine)
        overdue = sum(
            case_is_overdue(c["status"], c["deadline"], c["handled_on"], today)  # type: ignore[arg-type]
            for c in mine
        )
        assert stats.overdue == overdue > 0
        channels = Counter(c["channel"] for c in mine)
        assert stats.by_channel == {ch.label: channels[ch] for ch in Channel if channels[ch]}
        revisited = [c for c in mine if c["satisfaction"] in ANSWERED]
        assert stats.revisited == len(revisited)
        assert stats.satisfied == sum(is_satisfied(c["satisfaction"]) for c in revisited)  # type: ignore[arg-type]
        assert stats.reported_upward == sum(bool(c["reported_upward"]) for c in mine)
        assert stats.handled == sum(
            c["status"] in (CaseStatus.HANDLED, CaseStatus.CLOSED) for c in mine
        )


def test_overdue_filter_matches_the_rule_on_every_row(
    services: Services, cases: list[dict[str, object]], clock: FixedClock
) -> None:
    ids = services.sentiment.case_ids(CaseQuery(overdue_only=True))
    views = services.sentiment.cases_by_ids(ids)
    assert len(views) == len(ids) > 0 and all(v.overdue for v in views)
    everything = services.sentiment.cases_by_ids(services.sentiment.case_ids(CaseQuery())[:500])
    assert {v.id for v in everything if v.overdue} <= set(ids)
    assert services.sentiment.query_stats(CaseQuery(overdue_only=True)).overdue == len(ids)


def test_filters_combine(services: Services, cases: list[dict[str, object]]) -> None:
    query = CaseQuery(
        period=Period.parse("2021Q2"),
        channel=Channel.HOTLINE_12345,
        status=CaseStatus.CLOSED,
    )
    expected = {
        c["case_no"]
        for c in cases
        if Period.parse("2021Q2").contains(c["received_on"])  # type: ignore[arg-type]
        and c["channel"] is Channel.HOTLINE_12345
        and c["status"] is CaseStatus.CLOSED
    }
    views = services.sentiment.cases_by_ids(services.sentiment.case_ids(query))
    assert {v.case_no for v in views} == expected


def test_text_search_looks_in_summary_and_content_and_escapes_wildcards(
    services: Services, cases: list[dict[str, object]]
) -> None:
    found = services.sentiment.cases_by_ids(services.sentiment.case_ids(CaseQuery(text="路灯")))
    assert found and len(found) == sum(c["content"] == "路灯不亮" for c in cases)
    assert services.sentiment.case_ids(CaseQuery(text="%")) == []
    both = services.sentiment.case_ids(CaseQuery(text="道路破损 路灯"))
    assert len(both) == sum(c["title"] == "道路破损" and c["content"] == "路灯不亮" for c in cases)


@pytest.mark.parametrize("key", sorted(SORT_KEYS))
def test_every_sort_key_orders_all_rows_totally(
    services: Services, cases: list[dict[str, object]], key: str
) -> None:
    ascending = services.sentiment.case_ids(CaseQuery(), (key, False))
    descending = services.sentiment.case_ids(CaseQuery(), (key, True))
    assert len(ascending) == len(cases) == len(set(ascending))
    if key == "case_no":
        assert descending == ascending[::-1]  # unique values: exactly reversed


def test_sort_by_received_date(services: Services, cases: list[dict[str, object]]) -> None:
    ids = services.sentiment.case_ids(CaseQuery(period=YEAR), ("received_on", False))
    views = {v.id: v for v in services.sentiment.cases_by_ids(ids[:300])}
    dates = [views[i].received_on for i in ids[:300]]
    assert dates == sorted(dates)


def test_unknown_sort_key_is_a_bug(services: Services) -> None:
    with pytest.raises(ValueError, match="unknown sort key"):
        services.sentiment.case_ids(CaseQuery(), ("reporter", False))


def test_cases_by_ids_leaves_out_deleted_rows(services: Services) -> None:
    assert services.sentiment.cases_by_ids([987654]) == []


def test_sort_by_office_follows_the_names_with_no_office_last(
    services: Services, cases: list[dict[str, object]]
) -> None:
    ids = services.sentiment.case_ids(CaseQuery(), ("office", False))
    views = {v.id: v for v in services.sentiment.cases_by_ids(ids)}
    names = [views[i].office_name for i in ids]
    named = [n for n in names if n]
    assert named == sorted(named) and names[len(named) :] == [""] * (len(names) - len(named))
    assert set(named) == {"股室0", "股室1", "股室2"}
