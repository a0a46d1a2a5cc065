"""Writing a parsed 实施方案 into the responsibility matrix, after the user has seen a preview.

Each name keeps the role the plan gives it (牵头领导, 配合单位 …); a unit that is no office of
ours and has the form of one outside (各村（社区）, XX街道, 相关单位) is kept on the task as text,
never created as an office; the 完成时限 is kept as written with the date it means, and a
考核细则 item's score as its score.

A post a heading names ("（一）支部书记职责") gives the items below it the unit's holders of the
post as their leaders (services/matrix/plan_posts.py), both in the preview and when writing;
an item's own names always win, and a post nobody holds leaves its leaders to be filled."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, Task
from ideowork.domain.deadlines import deadline_date
from ideowork.domain.errors import ValidationError
from ideowork.domain.names import office_key, office_name_form, person_key, person_name_form
from ideowork.domain.punctuation import full_width_punctuation
from ideowork.domain.validation import check_year
from ideowork.domain.vocab import TaskStatus
from ideowork.importers.limits import check_task_count
from ideowork.importers.plan_parser import ParsedPlan, PlanNode
from ideowork.services.matrix.editing import (
    DEADLINE_TEXT_MAX,
    clean_score,
    clear_year_for_import,
    set_leaders,
    set_offices,
    set_outside_units,
    task_count,
)
from ideowork.services.matrix.names import (
    ALL_LEADERS,
    ALL_OFFICES,
    NameResolver,
    is_outside_unit,
)
from ideowork.services.matrix.plan_posts import Holder, PostMatch, apply_posts
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
    # Units that are no office of ours (各村（社区）…): kept on their tasks as text.
    outside_units: tuple[str, ...] = ()
    with_roles: int = 0  # tasks naming a 牵头/分管领导 or a 牵头/配合单位
    with_deadline: int = 0  # tasks with a 完成时限
    with_score: int = 0  # tasks with a score (考核细则)
    # The posts headings name (支部书记 …) with who holds them; () where nobody does.
    posts: tuple[PostMatch, ...] = ()

    @property
    def unresolved_posts(self) -> tuple[PostMatch, ...]:
        return tuple(match for match in self.posts if not match.names)

    @property
    def posts_note(self) -> str:
        """Sentences for the preview on the posts: who each gave, which nobody holds and what
        to do ("" when the plan names none)."""
        if not self.posts:
            return ""
        found = [match.note for match in self.posts if match.names]
        lines = [f"按标题中的岗位填写责任领导：{'；'.join(found)}。"] if found else []
        return "\n".join(lines + [match.note for match in self.unresolved_posts])

    @property
    def outside_note(self) -> str:
        """One sentence for the preview on the units kept as text ("" when there are none)."""
        if not self.outside_units:
            return ""
        return (
            f"以下单位不是本单位的股室，将作为文字保存在任务上，不新建股室："
            f"{'、'.join(self.outside_units)}。"
        )


@dataclass(frozen=True)
class ImportResult:
    year: int
    tasks: int
    people_created: tuple[str, ...]
    offices_created: tuple[str, ...]
    replaced: int


def _names(plan: ParsedPlan) -> tuple[dict[str, str], dict[str, str]]:
    """The plan's people and units, each once: key → the name in its one spelling."""
    people: dict[str, str] = {}
    offices: dict[str, str] = {}
    for node in plan.iter_nodes():
        for name in (person_name_form(one.name) for one in node.leaders_with_roles()):
            if name and name not in ALL_LEADERS:
                people.setdefault(person_key(name), name)
        for name in (office_name_form(one.name) for one in node.units_with_roles()):
            if name and name not in ALL_OFFICES:
                offices.setdefault(office_key(name), name)
    return people, offices


def _holders(session: Session) -> list[Holder]:
    """The unit's people in their list order, as far as posts go (those who left are not)."""
    rows = session.scalars(
        select(Person).where(Person.active.is_(True)).order_by(Person.sort_order, Person.id)
    )
    return [Holder(person.name, person.post or "", person.role) for person in rows]


def has_roles(node: PlanNode) -> bool:
    """Whether the node names anyone in a role other than 责任领导 / 责任单位."""
    named = (*node.leaders_with_roles(), *node.units_with_roles())
    return any(one.role != "responsible" for one in named)


def deadline_text(node: PlanNode) -> str:
    """The 完成时限 as written, one line, cut to what the field holds."""
    return " ".join(node.deadline_text.split())[:DEADLINE_TEXT_MAX]


def _check(plan: ParsedPlan, year: int) -> int:
    """The plan's size (its tasks) once the year and the size are known to be sane."""
    check_year(year)
    total = sum(1 for _ in plan.iter_nodes())
    check_task_count(total, "方案")
    return total


class PlanImportService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def resolve_posts(self, plan: ParsedPlan) -> tuple[ParsedPlan, list[PostMatch]]:
        """The plan with the posts its headings name resolved into leaders (see plan_posts),
        and the posts with who holds them: what the preview shows before anything is written."""
        with self.runtime.read() as session:
            return apply_posts(plan, _holders(session))

    def preview(self, plan: ParsedPlan, year: int) -> ImportPreview:
        _check(plan, year)
        with self.runtime.read() as session:
            plan, posts = apply_posts(plan, _holders(session))
        people, offices = _names(plan)
        with self.runtime.read() as session:
            known_people = set(map(person_key, session.scalars(select(Person.name))))
            known_offices = set(map(office_key, session.scalars(select(Office.name))))
            existing = task_count(session, year)
        nodes = list(plan.iter_nodes())
        outside = {
            k: n for k, n in offices.items() if k not in known_offices and is_outside_unit(n)
        }
        return ImportPreview(
            task_count=len(nodes),
            to_be_filled=sum(1 for n in nodes if n.leaders_placeholder or n.offices_placeholder),
            linked_people=tuple(n for k, n in people.items() if k in known_people),
            new_people=tuple(n for k, n in people.items() if k not in known_people),
            linked_offices=tuple(n for k, n in offices.items() if k in known_offices),
            new_offices=tuple(
                n for k, n in offices.items() if k not in known_offices and k not in outside
            ),
            existing_tasks_in_year=existing,
            outside_units=tuple(outside.values()),
            with_roles=sum(1 for n in nodes if has_roles(n)),
            with_deadline=sum(1 for n in nodes if deadline_text(n)),
            with_score=sum(1 for n in nodes if n.score is not None),
            posts=tuple(posts),
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
            plan, posts = apply_posts(plan, _holders(session))
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
                    "posts": {match.post: list(match.names) for match in posts},
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
        leaders, leaders_missing = self.names.leaders_with_roles(node.leaders_with_roles())
        offices, outside, offices_missing = self.names.units_with_roles(node.units_with_roles())
        written = deadline_text(node)
        task = Task(
            year=self.year,
            parent_id=parent.id if parent else None,
            sort_order=order,
            # Plans pasted from old files carry half-width marks; documents need full-width ones.
            text=full_width_punctuation(node.text),
            body=full_width_punctuation(node.body),
            status=TaskStatus.NOT_STARTED,
            deadline_text=written,
            deadline=deadline_date(written, self.year),
            score=_score(node),
            leaders_placeholder=node.leaders_placeholder or leaders_missing,
            offices_placeholder=node.offices_placeholder or offices_missing,
        )
        set_leaders(task, [p for p, _ in leaders], [role for _, role in leaders])
        set_offices(task, [o for o, _ in offices], [role for _, role in offices])
        set_outside_units(task, outside)
        self.session.add(task)
        self.session.flush()
        self.count += 1
        for child_order, child in enumerate(node.children, start=1):
            self.add(child, task, child_order)


def _score(node: PlanNode) -> Decimal | None:
    """The item's score when it is one the matrix can hold; an odd one is left out, not
    refused (the user sees the item's text with it and can type it in)."""
    try:
        return clean_score(node.score)
    except ValidationError:
        return None
