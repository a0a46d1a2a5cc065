"""Writing a parsed 实施方案 into the responsibility matrix, after the user has seen a preview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, Task
from ideowork.domain.names import office_key, office_name_form, person_key, person_name_form
from ideowork.domain.punctuation import full_width_punctuation
from ideowork.domain.validation import check_year
from ideowork.domain.vocab import TaskStatus
from ideowork.importers.limits import check_task_count
from ideowork.importers.plan_parser import ParsedPlan, PlanNode
from ideowork.services.matrix.editing import clear_year_for_import, task_count
from ideowork.services.matrix.names import ALL_LEADERS, ALL_OFFICES, NameResolver
from ideowork.services.runtime import NoProgress, ProgressSink, Runtime
from ideowork.services.system import audit


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


def _names(plan: ParsedPlan) -> tuple[dict[str, str], dict[str, str]]:
    """The plan's people and offices, each once: key → the name in its one spelling."""
    people: dict[str, str] = {}
    offices: dict[str, str] = {}
    for node in plan.iter_nodes():
        for name in map(person_name_form, node.leaders):
            if name and name not in ALL_LEADERS:
                people.setdefault(person_key(name), name)
        for name in map(office_name_form, node.offices):
            if name and name not in ALL_OFFICES:
                offices.setdefault(office_key(name), name)
    return people, offices


def _check(plan: ParsedPlan, year: int) -> int:
    """The plan's size (its tasks) once the year and the size are known to be sane."""
    check_year(year)
    total = sum(1 for _ in plan.iter_nodes())
    check_task_count(total, "方案")
    return total


class PlanImportService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def preview(self, plan: ParsedPlan, year: int) -> ImportPreview:
        _check(plan, year)
        people, offices = _names(plan)
        with self.runtime.read() as session:
            known_people = set(map(person_key, session.scalars(select(Person.name))))
            known_offices = set(map(office_key, session.scalars(select(Office.name))))
            existing = task_count(session, year)
        nodes = list(plan.iter_nodes())
        return ImportPreview(
            task_count=len(nodes),
            to_be_filled=sum(1 for n in nodes if n.leaders_placeholder or n.offices_placeholder),
            linked_people=tuple(n for k, n in people.items() if k in known_people),
            new_people=tuple(n for k, n in people.items() if k not in known_people),
            linked_offices=tuple(n for k, n in offices.items() if k in known_offices),
            new_offices=tuple(n for k, n in offices.items() if k not in known_offices),
            existing_tasks_in_year=existing,
        )

    def import_plan(
        self,
        plan: ParsedPlan,
        year: int,
        *,
        create_missing: bool = True,
        replace: bool = False,
        progress: ProgressSink | None = None,
    ) -> ImportResult:
        """Write the plan as `year`'s matrix in one transaction.

        Names not yet known become new people/offices when `create_missing`; otherwise their
        field is kept as "to be filled". A year that already has a matrix is only replaced
        when `replace` is given. Cancelled through `progress`, nothing is written. A year
        outside 2000–2100 or a plan of more than 5 000 tasks is refused before anything starts.
        """
        total = _check(plan, year)
        with self.runtime.write() as session:
            existing = clear_year_for_import(session, year, replace, "导入的方案")
            writer = _MatrixWriter(session, year, create_missing, progress or NoProgress(), total)
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
    def __init__(
        self,
        session: Session,
        year: int,
        create_missing: bool,
        progress: ProgressSink,
        total: int,
    ) -> None:
        self.session = session
        self.year = year
        self.names = NameResolver(session, create_missing)
        self.progress = progress
        self.total = total
        self.count = 0

    @property
    def people_created(self) -> list[str]:
        return self.names.created_people

    @property
    def offices_created(self) -> list[str]:
        return self.names.created_offices

    def add(self, node: PlanNode, parent: Task | None, order: int) -> None:
        self.progress.check_cancelled()
        self.progress.report(
            self.count, self.total, f"正在导入第{self.count + 1}项，共{self.total}项"
        )
        leaders, leaders_missing = self.names.leaders(node.leaders)
        offices, offices_missing = self.names.offices_of(node.offices)
        task = Task(
            year=self.year,
            parent_id=parent.id if parent else None,
            sort_order=order,
            # Plans pasted from old files carry half-width marks; documents need full-width ones.
            text=full_width_punctuation(node.text),
            body=full_width_punctuation(node.body),
            status=TaskStatus.NOT_STARTED,
            leaders=leaders,
            offices=offices,
            leaders_placeholder=node.leaders_placeholder or leaders_missing,
            offices_placeholder=node.offices_placeholder or offices_missing,
        )
        self.session.add(task)
        self.session.flush()
        self.count += 1
        for child_order, child in enumerate(node.children, start=1):
            self.add(child, task, child_order)
