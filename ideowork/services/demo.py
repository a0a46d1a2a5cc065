"""The demo unit: one coherent unit built from the reference documents' facts."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ideowork.db.models import (
    Attendance,
    Base,
    Finding,
    Office,
    Person,
    SentimentCase,
    Setting,
    StudySession,
    Task,
    TaskOutsideUnit,
    TaskProgress,
    Unit,
)
from ideowork.domain.errors import UserError
from ideowork.domain.vocab import (
    CaseStatus,
    PersonRole,
    Satisfaction,
    SessionStatus,
    Severity,
    StudyKind,
    TaskStatus,
)
from ideowork.paths import resources_dir
from ideowork.services.ledgers.cases import record_derived_history
from ideowork.services.ledgers.studies import seed_default_rules
from ideowork.services.runtime import EVERYTHING, Runtime
from ideowork.services.system import audit

ALL_OFFICES = "*"  # in the demo file: every office (the reference's 各股室)

# What `demo --force` clears: every table of the unit's data, child tables first so deleting
# never trips a foreign key. Kept: the trail, the accounts, the unit's own lists and days.
_KEPT_TABLES = frozenset({"audit_entry", "server_audit_key", "user_account", "choice", "day_mark"})
_TABLES_TO_CLEAR = tuple(
    table for table in reversed(Base.metadata.sorted_tables) if table.name not in _KEPT_TABLES
)

# The demo's further parts, each a module's `load_demo_part(session, DemoBase) -> counts`,
# run in order after the unit, people, matrix, studies, cases and findings exist.
DEMO_PARTS: tuple[str, ...] = (
    "ideowork.services.demo_workbench",
    "ideowork.services.demo_positions",
    "ideowork.services.demo_assessment",
    "ideowork.services.demo_evidence",
)


@dataclass(frozen=True)
class DemoBase:
    """What the further parts of the demo build on: the unit's offices and people by name."""

    offices: dict[str, Office]
    people: dict[str, Person]


def _load_parts(session: Session, base: DemoBase) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module_name in DEMO_PARTS:
        module = importlib.import_module(module_name)
        counts.update(module.load_demo_part(session, base))
    session.flush()
    return counts


def demo_file() -> Path:
    return resources_dir() / "demo" / "demo-unit.json"


def is_empty(runtime: Runtime) -> bool:
    with runtime.read() as session:
        return not any(
            session.scalar(select(func.count()).select_from(model))
            for model in (Unit, Person, Office, Task, StudySession, SentimentCase)
        )


def load_demo(runtime: Runtime, force: bool = False) -> dict[str, int]:
    """Load the demo unit in one transaction; refuses a database with data unless forced."""
    if not force and not is_empty(runtime):
        raise UserError(
            "数据库中已有数据，为防止覆盖，未载入示例单位。"
            "如确需用示例数据替换现有全部数据，请加 --force（建议先执行 backup 备份）。"
        )
    data = json.loads(demo_file().read_text(encoding="utf-8"))
    with runtime.write(EVERYTHING) as session:
        if force:
            for table in _TABLES_TO_CLEAR:
                session.execute(delete(table))
        counts = _load(session, data)
        audit.record(
            session,
            "demo",
            "unit",
            None,
            f"载入示例单位“{data['unit']['full_name']}”",
            after=counts,
        )
    return counts


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _load(session: Session, data: dict[str, Any]) -> dict[str, int]:
    session.add(Unit(**data["unit"]))
    for key, value in data.get("settings", {}).items():
        session.add(Setting(key=key, value=json.dumps(value)))
    offices: dict[str, Office] = {}
    for order, item in enumerate(data["offices"], start=1):
        offices[item["name"]] = Office(
            name=item["name"], note=item.get("note", ""), sort_order=order
        )
        session.add(offices[item["name"]])
    people: dict[str, Person] = {}
    for order, item in enumerate(data["people"], start=1):
        people[item["name"]] = Person(
            name=item["name"],
            post=item["post"],
            role=PersonRole(item["role"]),
            office=offices.get(item.get("office", "")),
            sort_order=order,
        )
        session.add(people[item["name"]])
    session.flush()
    seed_default_rules(session)

    matrix = data["matrix"]
    task_count = 0
    for order, section in enumerate(matrix["sections"], start=1):
        task_count += _add_task(session, section, matrix["year"], None, order, people, offices)

    columns = data["studies"]["columns"]
    staff = list(people.values())
    for values in data["studies"]["rows"]:
        row = dict(zip(columns, values, strict=True))
        study = StudySession(
            held_on=_date(row["date"]),
            kind=StudyKind(row["kind"]),
            meeting_name=row["meeting_name"],
            topic=row["topic"],
            ideology_related=row["ideology"],
            host=people.get(row["host"]),
            hours=Decimal(str(row["hours"])),
            location=row["location"],
            status=SessionStatus.HELD,
        )
        # Everyone attends, except one absence now and then so the sheet looks real.
        absent = staff[len(row["topic"]) % len(staff)] if len(row["topic"]) % 3 == 0 else None
        study.attendance = [
            Attendance(
                person=p,
                present=p is not absent,
                absence_reason="" if p is not absent else "因公外出",
            )
            for p in staff
        ]
        session.add(study)

    columns = data["sentiment"]["columns"]
    for values in data["sentiment"]["rows"]:
        row = dict(zip(columns, values, strict=True))
        closed = _date(row["closed_on"])
        reported = "报县委" in row["result"]
        case = SentimentCase(
            case_no=row["case_no"],
            channel=row["channel"],
            received_on=_date(row["received_on"]),
            received_time=dt.time.fromisoformat(row["received_time"])
            if row["received_time"]
            else None,
            title=row["title"],
            category=row["category"],
            severity=Severity(row["severity"]),
            office=offices.get(row["office"]),
            assigned_on=_date(row["assigned_on"]),
            deadline=_date(row["deadline"]),
            handled_on=_date(row["handled_on"]),
            closed_on=closed,
            revisited_on=_date(row["revisited_on"]),
            satisfaction=Satisfaction(row["satisfaction"]) if row["satisfaction"] else None,
            status=CaseStatus.CLOSED if closed else CaseStatus.ASSIGNED,
            result=row["result"],
            reported_upward=reported,
            reported_to="县委宣传部" if reported else "",
            reported_on=_date(row["closed_on"]) if reported else None,
        )
        session.add(case)
        session.flush()
        record_derived_history(session, case)

    for order, item in enumerate(data["findings"], start=1):
        session.add(
            Finding(
                period=item["period"],
                sort_order=order,
                problem_title=item["problem_title"],
                problem=item["problem"],
                measure_title=item["measure_title"],
                measure=item["measure"],
                office=offices.get(item["office"]),
            )
        )
    session.flush()
    return {
        "offices": len(offices),
        "people": len(people),
        "tasks": task_count,
        "studies": len(data["studies"]["rows"]),
        "sentiment_cases": len(data["sentiment"]["rows"]),
        "findings": len(data["findings"]),
        **_load_parts(session, DemoBase(offices, people)),
    }


def _add_task(
    session: Session,
    item: dict[str, Any],
    year: int,
    parent: Task | None,
    order: int,
    people: dict[str, Person],
    offices: dict[str, Office],
) -> int:
    office_names = item.get("offices", [])
    task = Task(
        year=year,
        parent_id=parent.id if parent else None,
        sort_order=order,
        text=item["text"],
        body=item.get("body", ""),
        frequency=item.get("frequency", ""),
        deadline=_date(item.get("deadline")),
        status=TaskStatus(item.get("status", "not_started")),
        leaders=[people[name] for name in item.get("leaders", [])],
        offices=list(offices.values())
        if ALL_OFFICES in office_names
        else [offices[name] for name in office_names],
        deadline_text=item.get("deadline_text", ""),
    )
    # Roles other than 责任 ({"李红梅": "lead"}), units outside ([["各村（社区）", "cooperating"]]).
    leader_roles, office_roles = item.get("leader_roles", {}), item.get("office_roles", {})
    for link in task.leader_links:
        link.role = leader_roles.get(link.person.name, link.role)
    for office_link in task.office_links:
        office_link.role = office_roles.get(office_link.office.name, office_link.role)
    task.outside_units = [
        TaskOutsideUnit(name=name, role=role, sort_order=i)
        for i, (name, role) in enumerate(item.get("outside_units", []), start=1)
    ]
    task.progress = [TaskProgress(noted_on=_date(d), note=n) for d, n in item.get("progress", [])]
    session.add(task)
    session.flush()
    count = 1
    for child_order, child in enumerate(item.get("children", []), start=1):
        count += _add_task(session, child, year, task, child_order, people, offices)
    return count


__all__ = ["is_empty", "load_demo"]


class DemoService:
    """The demo unit a newcomer can look at."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def is_empty(self) -> bool:
        return is_empty(self.runtime)

    def load(self, force: bool = False) -> dict[str, int]:
        return load_demo(self.runtime, force)
