"""Two PCs on one server database, at once: two OS processes (tests/postgres/workstation.py),
each its own user and workstation, edit the same records and draft numbered documents at the
same time. Nothing is lost, no 文号 is handed out twice, and `check` is sound afterwards with
the entries of both workstations in the one audit chain."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import URL

from ideowork.db.models import AuditEntry
from ideowork.services.context import Services
from ideowork.services.runtime import Actor, FixedClock
from tests.backends import address
from tests.conftest import TEST_NOW
from tests.services.test_cases import draft

ROOT = Path(__file__).resolve().parents[2]
PCS = (("张三", "组织委员电脑"), ("李四", "信访电脑"))
EDIT_ROUNDS = 15
TIMEOUT_SECONDS = 300


def _run_both(url: URL, tmp_path: Path, jobs: list[list[str]]) -> list[dict[str, Any]]:
    """Start one workstation process per job, let them go at the same moment, and return
    what each printed (a process that fails, fails the test with its error output)."""
    go = tmp_path / "go"
    driver = [sys.executable, "-m", "tests.postgres.workstation", address(url)]
    processes = [
        subprocess.Popen(
            [*driver, pc, user, str(go), *job],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (user, pc), job in zip(PCS, jobs, strict=True)
    ]
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=TIMEOUT_SECONDS)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _open(url: URL) -> Services:
    return Services.open(address(url), clock=FixedClock(TEST_NOW), actor=Actor("管理员", "服务器"))


def _assert_sound_with_both_workstations(url: URL) -> None:
    services = _open(url)
    try:
        report = services.maintenance.check()
        assert report.ok, [(item.name, item.detail) for item in report.items if not item.ok]
        with services.runtime.read() as session:
            workstations = Counter(session.scalars(select(AuditEntry.workstation)))
        assert all(workstations[pc] > 0 for _, pc in PCS), workstations
    finally:
        services.close()


def test_two_pcs_editing_the_same_cases_lose_no_edit(pg_url: URL, tmp_path: Path) -> None:
    services = _open(pg_url)
    try:
        services.demo.load()
        cases = [
            services.cases.register(draft(case_no=f"12345-2021-00{n}", title=f"同一事项{n}"))
            for n in (91, 92)
        ]
    finally:
        services.close()
    ids = [str(case.id) for case in cases]

    results = _run_both(pg_url, tmp_path, [["edit", *ids, str(EDIT_ROUNDS)]] * 2)

    services = _open(pg_url)
    try:
        for case in cases:
            lines = services.cases.detail(case.id).note.splitlines()
            expected = [f"{pc} #{n}" for _, pc in PCS for n in range(EDIT_ROUNDS)]
            # Every save of both PCs is there, once, each PC's in its own order.
            assert sorted(lines) == sorted(expected)
            for _, pc in PCS:
                assert [line for line in lines if line.startswith(pc)] == [
                    f"{pc} #{n}" for n in range(EDIT_ROUNDS)
                ]
    finally:
        services.close()
    assert all(len(result["lines"]) == EDIT_ROUNDS * len(ids) for result in results)
    _assert_sound_with_both_workstations(pg_url)


def test_two_pcs_drafting_at_once_never_share_a_doc_number(pg_url: URL, tmp_path: Path) -> None:
    services = _open(pg_url)
    try:
        services.demo.load()
        archived_before = {d.doc_number for d in services.archive.documents() if d.doc_number}
    finally:
        services.close()
    years = ("2021", "2022", "2023", "2024")
    first = [f"quarterly-analysis:{year}Q{q}" for year in years for q in (1, 2, 3, 4)]
    yearly = ("implementation-plan", "annual-points", "duty-list", "study-plan")
    second = [f"{template}:{year}" for year in years for template in yearly]

    results = _run_both(
        pg_url,
        tmp_path,
        [["draft", str(tmp_path / "out1"), *first], ["draft", str(tmp_path / "out2"), *second]],
    )

    handed_out = [n for result in results for n in result["numbers"].values()]
    assert len(handed_out) == len(first) + len(second) and all(handed_out)
    assert len(set(handed_out)) == len(handed_out), Counter(handed_out).most_common(3)
    assert not set(handed_out) & archived_before
    # One series, without gaps: the numbers were handed out one after another.
    serials = sorted(int(n.split("〕")[1].rstrip("号")) for n in handed_out)
    assert serials == list(range(serials[0], serials[0] + len(serials)))
    assert all("〔2026〕" in n for n in handed_out)
    services = _open(pg_url)
    try:
        archived = [d.doc_number for d in services.archive.documents() if d.doc_number]
        assert sorted(set(archived) - archived_before) == sorted(handed_out)
    finally:
        services.close()
    _assert_sound_with_both_workstations(pg_url)
