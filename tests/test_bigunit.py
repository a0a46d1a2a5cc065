"""The benchmark database builder, at a small scale: the counts asked for, a sound database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.bigunit import BigUnitScale, build_big_unit, table_counts
from ideowork.services.database import open_database
from ideowork.services.system.health import run_checks

TINY = BigUnitScale(years=1, cases=300, sessions=100, tasks=40, people=30)


def test_small_build_has_the_counts_and_passes_the_checks(tmp_path: Path) -> None:
    path = build_big_unit(tmp_path / "big.sqlite3", TINY)

    counts = table_counts(path)
    assert counts["unit"] == 1
    assert counts["office"] == 20
    assert counts["person"] == 30
    assert counts["task"] == 40
    assert counts["study_session"] == 100
    assert counts["attendance"] == 12 * 100
    assert counts["sentiment_case"] == 300
    assert counts["finding"] == 40
    assert counts["quota_rule"] > 0
    assert counts["task_leader"] > 0 and counts["task_office"] > 0
    assert counts["generated_document"] == 0

    db = open_database(str(path))
    try:
        report = run_checks(db)
    finally:
        db.dispose()
    assert report.ok, [item.detail for item in report.items if not item.ok]


def test_two_builds_hold_the_same_rows(tmp_path: Path) -> None:
    scale = BigUnitScale(years=2, cases=50, sessions=20, tasks=20, people=20)
    first = build_big_unit(tmp_path / "a.sqlite3", scale)
    second = build_big_unit(tmp_path / "b.sqlite3", scale)
    assert _rows(first) == _rows(second)


def _rows(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(line for line in connection.iterdump() if line.startswith("INSERT"))
    finally:
        connection.close()
