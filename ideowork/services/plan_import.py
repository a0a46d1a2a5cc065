"""Writing a parsed 实施方案 into the responsibility matrix, after the user has seen a preview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.engine import Database
from ideowork.db.models import Office, Person, Task
from ideowork.domain.vocab import PersonRole, TaskStatus
from ideowork.importers.plan_parser import ParsedPlan, PlanNode
from ideowork.services import audit
from ideowork.services.matrix import clear_year_for_import, task_count

# Collective names in plans that stand for a group rather than one office or person.
ALL_OFFICES = frozenset({"各股室", "各科室", "各部门", "各单位", "各股（室）", "各科（室）"})
ALL_LEADERS = frozenset({"班子成员", "全体班子成员", "领导班子", "领导班子成员", "各班子成员"})
LEADER_ROLES = (PersonRole.SECRETARY, PersonRole.DEPUTY, PersonRole.MEMBER)


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: which names link to existing records and which are new."""

    task_count: int
    to_be_filled: int
    linked_people: tuple[str, ...]
    new_people: tuple[str, ...]
    linked_offices: tuple[str, ...]
    new_offices: tuple[str, ...]
    existing_tasks_in_year: int


@dataclass(frozen=True)
class ImportResult:
    year: int
    tasks: int
    people_created: tuple[str, ...]
    offices_created: tuple[str, ...]
    replaced: int


def _names(plan: ParsedPlan) -> tuple[list[str], list[str]]:
    people: list[str] = []
    offices: list[str] = []
    for node in plan.iter_nodes():
        people += [n for n in node.leaders if n not in ALL_LEADERS and n not in people]
        offices += [n for n in node.offices if n not in ALL_OFFICES and n not in offices]
    return people, offices


class PlanImportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def preview(self, plan: ParsedPlan, year: int) -> ImportPreview:
        people, offices = _names(plan)
        with self.db.session() as session:
            known_people = set(session.scalars(select(Person.name)))
            known_offices = set(session.scalars(select(Office.name)))
            existing = task_count(session, year)
        nodes = list(plan.iter_nodes())
        return ImportPreview(
            task_count=len(nodes),
            to_be_filled=sum(1 for n in nodes if n.leaders_placeholder or n.offices_placeholder),
            linked_people=tuple(n for n in people if n in known_people),
            new_people=tuple(n for n in people if n not in known_people),
            linked_offices=tuple(n for n in offices if n in known_offices),
            new_offices=tuple(n for n in offices if n not in known_offices),
            existing_tasks_in_year=existing,
        )

    def import_plan(
        self, plan: ParsedPlan, year: int, *, create_missing: bool = True, replace: bool = False
    ) -> ImportResult:
        """Write the plan as `year`'s matrix in one transaction.

        Names not yet known become new people/offices when `create_missing`; otherwise their
        field is kept as "to be filled". A year that already has a matrix is only replaced
        when `replace` is given.
        """
        with self.db.session() as session:
            existing = clear_year_for_import(session, year, replace, "导入的方案")
            writer = _MatrixWriter(session, year, create_missing)
            for order, section in enumerate(plan.sections, start=1):
                writer.add(section, None, order)
            result = ImportResult(
                year=year,
                tasks=writer.count,
                people_created=tuple(writer.people_created),
                offices_created=tuple(writer.offices_created),
                replaced=existing,
            )
            audit.record(
                session,
                "import",
                "task",
                None,
                f"导入实施方案为{year}年责任清单：{writer.count}项"
                + (f"（替换原有{existing}项）" if existing else ""),
                after={
                    "title": plan.title,
                    "tasks": writer.count,
                    "people_created": writer.people_created,
                    "offices_created": writer.offices_created,
                },
            )
            return result


class _MatrixWriter:
    def __init__(self, session: Session, year: int, create_missing: bool) -> None:
        self.session = session
        self.year = year
        self.create_missing = create_missing
        self.people = {p.name: p for p in session.scalars(select(Person))}
        self.offices = {o.name: o for o in session.scalars(select(Office))}
        self.people_created: list[str] = []
        self.offices_created: list[str] = []
        self.count = 0

    def _person(self, name: str) -> Person | None:
        if name not in self.people and self.create_missing:
            order = len(self.people) + 1
            self.people[name] = Person(name=name, role=PersonRole.MEMBER, sort_order=order)
            self.session.add(self.people[name])
            self.people_created.append(name)
        return self.people.get(name)

    def _office(self, name: str) -> Office | None:
        if name not in self.offices and self.create_missing:
            self.offices[name] = Office(name=name, sort_order=len(self.offices) + 1)
            self.session.add(self.offices[name])
            self.offices_created.append(name)
        return self.offices.get(name)

    def _leaders(self, node: PlanNode) -> tuple[list[Person], bool]:
        found: list[Person] = []
        missing = node.leaders_placeholder
        for name in node.leaders:
            if name in ALL_LEADERS:
                group = [p for p in self.people.values() if p.role in LEADER_ROLES]
                found += [p for p in group if p not in found]
                missing = missing or not group
            elif (person := self._person(name)) is None:
                missing = True
            elif person not in found:
                found.append(person)
        return found, missing

    def _offices_of(self, node: PlanNode) -> tuple[list[Office], bool]:
        found: list[Office] = []
        missing = node.offices_placeholder
        for name in node.offices:
            if name in ALL_OFFICES:
                found += [o for o in self.offices.values() if o not in found]
                missing = missing or not self.offices
            elif (office := self._office(name)) is None:
                missing = True
            elif office not in found:
                found.append(office)
        return found, missing

    def add(self, node: PlanNode, parent: Task | None, order: int) -> None:
        leaders, leaders_missing = self._leaders(node)
        offices, offices_missing = self._offices_of(node)
        task = Task(
            year=self.year,
            parent_id=parent.id if parent else None,
            sort_order=order,
            text=node.text,
            body=node.body,
            status=TaskStatus.NOT_STARTED,
            leaders=leaders,
            offices=offices,
            leaders_placeholder=leaders_missing,
            offices_placeholder=offices_missing,
        )
        self.session.add(task)
        self.session.flush()
        self.count += 1
        for child_order, child in enumerate(node.children, start=1):
            self.add(child, task, child_order)
