"""Soak test: kill imports, report generation, backup and restore at random, then check.

`make soak` (not in CI; about a quarter of an hour). Each round starts one command line
operation on a demo database in a child process, kills it with SIGKILL at a random moment
(or lets it finish), and then checks what a power cut must never break:

- the database is sound: SQLite's integrity check, and `ideowork check` (schema, audit chain
  and its anchor, records against the trail);
- every transaction is whole or absent: a plan import leaves the year's task count at the
  old or the new plan's count, a case import adds none or all of its cases;
- every archived document's files are complete: the DOCX opens as a whole zip archive and the
  PDF parses to its last page;
- nothing but hidden temporary files is left half-written.

Usage: python -m benchmarks.soak [--rounds 200] [--seed 1] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

PLAN_YEAR = 2021
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
PEOPLE = ["杨昌波", "王建国", "李红梅", "张志强", "赵立新"]
OFFICES = ["党政办公室", "宣传办", "组织办", "纪检监察室"]
REPORTS = [
    ("quarterly-implementation", "2020Q3"),
    ("quarterly-analysis", "2020Q3"),
    ("duty-list", "2020"),
    ("ledger-sentiment", "2020"),
    ("ledger-studies", "2020"),
    ("implementation-plan", "2020"),
]


@dataclass
class Soak:
    root: Path
    rng: random.Random
    db: Path = field(init=False)
    out: Path = field(init=False)
    inputs: Path = field(init=False)
    env: dict[str, str] = field(init=False)
    durations: dict[str, float] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db = self.root / "data" / "soak.sqlite3"
        self.out = self.root / "documents"
        self.inputs = self.root / "inputs"
        self.inputs.mkdir(parents=True)
        self.env = {
            **os.environ,
            "IDEOWORK_DATA_DIR": str(self.root / "data"),
            "IDEOWORK_CONFIG_DIR": str(self.root / "config"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    # --- running the command line -------------------------------------------------------------
    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "ideowork", "--db", str(self.db), *args]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), env=self.env, capture_output=True, text=True, check=False
        )

    def run_and_kill(self, name: str, args: list[str]) -> str:
        """Start an operation, kill it at a random moment; "killed" or "finished" (or "failed")."""
        # Most kills land after start-up (Python importing the app), where the work is.
        startup = self.durations.get("start-up", 0.5)
        delay = self.rng.uniform(0.8 * startup, 1.6 * self.durations.get(name, 3.0))
        process = subprocess.Popen(
            self.command(*args),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return "killed"
        if process.returncode != 0:
            error = process.stderr.read() if process.stderr else ""
            self.problems.append(f"{name} failed (exit {process.returncode}): {error.strip()}")
            return "failed"
        return "finished"

    def timed(self, name: str, args: list[str]) -> None:
        started = time.perf_counter()
        result = self.run(*args)
        if result.returncode != 0:
            raise SystemExit(f"{name} does not run: {result.stderr}")
        self.durations[name] = time.perf_counter() - started

    # --- inputs ---------------------------------------------------------------------------------
    def plan_file(self, tasks: int) -> Path:
        lines = [f"{PLAN_YEAR}年意识形态工作实施方案", "一、加强组织领导"]
        for number in range(1, tasks + 1):
            leader, office = self.rng.choice(PEOPLE), self.rng.choice(OFFICES)
            lines.append(
                f"{number}. 第{number}项工作任务，按要求认真落实并及时报告进展情况。"
                f"（责任领导：{leader}；责任股室：{office}）"
            )
        path = self.inputs / f"plan-{tasks}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def cases_file(self, round_no: int, count: int) -> Path:
        path = self.inputs / f"cases-{round_no}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["工单编号", "来电时间", "来电人", "诉求类型", "诉求内容", "承办单位"])
            for index in range(count):
                writer.writerow(
                    [
                        f"SOAK{round_no:04d}{index:05d}",
                        f"2020-0{1 + index % 9}-1{index % 9} 09:30:00",
                        "王女士",
                        "投诉",
                        f"第{round_no}轮第{index}件：小区门口垃圾堆放多日无人清运。",
                        "区城管局",
                    ]
                )
        return path

    # --- what must hold after every round ---------------------------------------------------
    def read(self) -> closing[sqlite3.Connection]:
        """A read-only connection that is closed after use (sqlite3's own `with` only commits,
        and a connection left open would rightly make restore refuse: the database in use)."""
        return closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True))

    def query(self, sql: str) -> int:
        with self.read() as connection:
            return int(connection.execute(sql).fetchone()[0])

    def check_database(self, label: str) -> None:
        with self.read() as connection:
            rows = [r[0] for r in connection.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            self.problems.append(f"{label}: integrity_check {rows[:3]}")
        result = self.run("check", "--json")
        if result.returncode != 0:
            self.problems.append(f"{label}: check failed: {result.stdout[-600:]}{result.stderr}")

    def check_documents(self, label: str) -> None:
        with self.read() as connection:
            rows = connection.execute(
                "SELECT title, docx_path, pdf_path FROM generated_document"
            ).fetchall()
        for title, docx, pdf in rows:
            for path, whole in ((docx, _docx_whole), (pdf, _pdf_whole)):
                if path and not whole(Path(path)):
                    self.problems.append(f"{label}: {title}: {path} incomplete")
        self.tally["archived documents checked"] += len(rows)

    def count_tasks(self) -> int:
        """Rows of the year's matrix: the plan's one section and its tasks."""
        return self.query(f"SELECT count(*) FROM task WHERE year = {PLAN_YEAR}")

    def count_cases(self) -> int:
        return self.query("SELECT count(*) FROM sentiment_case")

    # --- the operations -----------------------------------------------------------------------
    def soak_plan_import(self, round_no: int) -> None:
        before = self.count_tasks()
        size = self.rng.choice([200, 500, 900])  # the parser reads item numbers up to 999
        outcome = self.run_and_kill(
            "import plan",
            ["import", "plan", str(self.plan_file(size)), "--year", str(PLAN_YEAR), "--replace"],
        )
        after = self.count_tasks()
        if after not in (before, size + 1):
            self.problems.append(f"round {round_no}: plan import left {after} tasks")
        self.tally[f"import plan {outcome}"] += 1

    def soak_case_import(self, round_no: int) -> None:
        before = self.count_cases()
        count = self.rng.choice([500, 2000])
        path = self.cases_file(round_no, count)
        outcome = self.run_and_kill(
            "import sentiment", ["import", "sentiment", str(path), "--channel", "12345"]
        )
        added = self.count_cases() - before
        if added not in (0, count):
            self.problems.append(f"round {round_no}: case import added {added} of {count}")
        self.tally[f"import sentiment {outcome}"] += 1

    def soak_report(self, round_no: int) -> None:
        template, period = self.rng.choice(REPORTS)
        outcome = self.run_and_kill(
            "report make", ["report", "make", template, "--period", period, "--out", str(self.out)]
        )
        self.tally[f"report make {outcome}"] += 1

    def soak_backup(self, round_no: int) -> None:
        outcome = self.run_and_kill("backup", ["backup"])
        self.tally[f"backup {outcome}"] += 1

    def soak_restore(self, round_no: int) -> None:
        backups = sorted(
            p for p in (self.db.parent / "backups").glob("*.sqlite3") if p.stat().st_size
        )
        if not backups:
            return
        chosen = self.rng.choice(backups)
        outcome = self.run_and_kill("restore", ["restore", str(chosen)])
        self.tally[f"restore {outcome}"] += 1

    def leftovers(self) -> list[Path]:
        """Files that are not hidden temporaries but are empty: half-written outputs."""
        found = []
        for path in self.root.rglob("*"):
            if path.name.startswith(".") or path.name.endswith(SQLITE_SIDECARS):
                continue  # hidden temporaries; an empty WAL after a checkpoint is normal
            if path.is_file() and path.stat().st_size == 0:
                found.append(path)
        return found


def _docx_whole(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _pdf_whole(path: Path) -> bool:
    try:
        reader = PdfReader(path, strict=True)
        return len(reader.pages) > 0 and path.read_bytes().rstrip().endswith(b"%%EOF")
    except Exception:  # any parse failure means an incomplete file
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the soak folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ideowork-soak-"))
    soak = Soak(root, random.Random(args.seed))
    started = time.perf_counter()
    soak.timed("demo", ["demo"])
    soak.timed("start-up", ["report", "list"])
    soak.timed("import plan", ["import", "plan", str(soak.plan_file(900)), "--year", "2021"])
    soak.timed("import sentiment", ["import", "sentiment", str(soak.cases_file(0, 1000))])
    soak.timed(
        "report make", ["report", "make", "duty-list", "--period", "2020", "--out", str(soak.out)]
    )
    soak.timed("backup", ["backup"])
    first_backup = sorted((soak.db.parent / "backups").glob("*.sqlite3"))[-1]
    soak.timed("restore", ["restore", str(first_backup)])
    operations: list[Callable[[int], None]] = [
        soak.soak_plan_import,
        soak.soak_case_import,
        soak.soak_report,
        soak.soak_report,
        soak.soak_backup,
        soak.soak_restore,
    ]
    for round_no in range(1, args.rounds + 1):
        operation = soak.rng.choice(operations)
        operation(round_no)
        label = f"round {round_no} ({operation.__name__})"
        soak.check_database(label)
        soak.check_documents(label)
        if round_no % 20 == 0:
            print(f"{round_no} rounds, {len(soak.problems)} problems", flush=True)
    leftovers = soak.leftovers()
    soak.tally["zero-byte visible files"] = len(leftovers)
    soak.problems += [f"empty file left: {path}" for path in leftovers]
    hidden = [p for p in root.rglob(".*") if p.is_file() and p.parent.name != "config"]
    soak.tally["hidden temporaries left (removed by the next run)"] = len(hidden)
    summary = {
        "rounds": args.rounds,
        "seed": args.seed,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "typical seconds": {k: round(v, 2) for k, v in soak.durations.items()},
        "outcomes": dict(sorted(soak.tally.items())),
        "problems": soak.problems,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"kept: {root}")
    return 1 if soak.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
