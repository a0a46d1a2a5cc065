"""One workstation of tests/postgres/test_two_processes.py, run as its own OS process.

    python -m tests.postgres.workstation URL WORKSTATION USER GO_FILE JOB [ARGS…]

It opens the database as its own Actor, waits until GO_FILE exists (so both processes start
their work at the same moment), does JOB and prints what it did as one JSON line:

- `edit CASE_ID… ROUNDS`: ROUNDS times, for each case in turn, load the case, append a line
  "WORKSTATION #n" to its note and save it with the version it was loaded at; a save refused
  with EditConflict (the other process saved in between) is loaded and tried again.
  Prints {"lines": [...], "conflicts": n}.
- `draft OUT_DIR TEMPLATE:PERIOD…`: make each document (docx) dated DOC_DATE, so all draw
  their 文号 from the same year's series. Prints {"numbers": {"TEMPLATE:PERIOD": "文号"}}.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ideowork.domain.periods import Period
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.runtime import Actor, FixedClock

NOW = dt.datetime(2026, 11, 26, 9, 30)
DOC_DATE = dt.date(2026, 3, 2)
GO_WAIT_SECONDS = 120


def _wait_for(go: Path) -> None:
    waited = 0.0
    while not go.exists():
        if waited > GO_WAIT_SECONDS:
            raise SystemExit(f"no go signal at {go}")
        time.sleep(0.01)
        waited += 0.01


def edit(services: Services, workstation: str, case_ids: list[int], rounds: int) -> dict[str, Any]:
    lines: list[str] = []
    conflicts = 0
    for number in range(rounds):
        for case_id in case_ids:
            line = f"{workstation} #{number}"
            while True:
                draft = services.cases.detail(case_id).draft()
                note = f"{draft.note}\n{line}" if draft.note else line
                try:
                    services.cases.edit(replace(draft, note=note))
                except EditConflict:
                    conflicts += 1
                    continue
                break
            lines.append(line)
    return {"lines": lines, "conflicts": conflicts}


def draft(services: Services, out_dir: Path, jobs: list[str]) -> dict[str, Any]:
    numbers: dict[str, str] = {}
    for job in jobs:
        template, period = job.split(":")
        made = services.reports.make(
            template, Period.parse(period), out_dir, frozenset({"docx"}), date=DOC_DATE
        )
        numbers[job] = made.draft.doc_number
    return {"numbers": numbers}


def main(argv: list[str]) -> int:
    url, workstation, user, go, job, *args = argv
    services = Services.open(url, clock=FixedClock(NOW), actor=Actor(user, workstation))
    try:
        _wait_for(Path(go))
        if job == "edit":
            result = edit(services, workstation, [int(a) for a in args[:-1]], int(args[-1]))
        elif job == "draft":
            result = draft(services, Path(args[0]), args[1:])
        else:
            raise SystemExit(f"unknown job {job}")
    finally:
        services.close()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
