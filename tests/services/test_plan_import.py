"""Importing an existing 实施方案 into the matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ideowork.cli import main
from ideowork.domain.errors import UserError
from ideowork.importers.plan_parser import parse_plan_file
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskNode, iter_tree
from ideowork.services.unit import OfficeInfo, PersonInfo

# A verbatim copy of ../shared/reference/3-branch-implementation-plan.txt, so the tests do not
# depend on where the shared folder sits.
PLAN = Path(__file__).resolve().parents[1] / "importers" / "samples" / "reference-3-branch-plan.txt"


@pytest.fixture
def with_people(services: Services) -> Services:
    for name in ("党政办", "宣传办"):
        services.unit.save_office(OfficeInfo(id=None, name=name))
    services.unit.save_person(PersonInfo(id=None, name="杨昌波"))
    return services


def list_tree(nodes: list[TaskNode]) -> list[TaskNode]:
    return list(iter_tree(nodes))


def test_preview_tells_linked_and_new_names(with_people: Services) -> None:
    preview = with_people.plan_import.preview(parse_plan_file(PLAN), 2021)
    assert preview.linked_people == ("杨昌波",)
    assert preview.new_people == () and preview.new_offices == ()
    assert preview.to_be_filled == 9
    assert preview.existing_tasks_in_year == 0


def test_import_links_names_and_keeps_placeholders(with_people: Services) -> None:
    result = with_people.plan_import.import_plan(parse_plan_file(PLAN), 2021)
    assert result.tasks == 27 and result.people_created == ()
    nodes = list_tree(with_people.matrix.tree(2021))
    study = next(n for n in nodes if n.text.startswith("扎实抓好干部理论学习"))
    assert study.leaders == ("杨昌波",)
    assert set(study.offices) == {"党政办", "宣传办"}  # 各股室 = every office
    first = next(n for n in nodes if n.text == "落实党管意识形态工作原则")
    assert first.leaders_placeholder and first.offices_placeholder and not first.leaders
    assert first.body.startswith("认真贯彻落实党中央")
    assert "，" in first.body and "," not in first.body  # the reference's half-width commas
    assert with_people.maintenance.check().ok


def test_existing_year_needs_replace(with_people: Services) -> None:
    service = with_people.plan_import
    plan = parse_plan_file(PLAN)
    service.import_plan(plan, 2021)
    with pytest.raises(UserError, match="2021年已有责任清单（27项）"):
        service.import_plan(plan, 2021)
    again = service.import_plan(plan, 2021, replace=True)
    assert again.replaced == 27
    assert len(list_tree(with_people.matrix.tree(2021))) == 27


def test_unknown_names_are_created_or_left_to_fill(services: Services, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.txt"
    plan_file.write_text(
        "一、加强学习\n1.组织集中学习。（责任领导：王五；责任股室：宣传科）\n", encoding="utf-8"
    )
    service = services.plan_import
    result = service.import_plan(parse_plan_file(plan_file), 2022, create_missing=False)
    assert result.people_created == ()
    [task] = list_tree(services.matrix.tree(2022))[1:]
    assert task.leaders_placeholder and task.offices_placeholder
    result = service.import_plan(parse_plan_file(plan_file), 2022, replace=True)
    assert (result.people_created, result.offices_created) == (("王五",), ("宣传科",))


def test_cli_dry_run_json_lists_every_task(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "plan", str(PLAN), "--dry-run", "--json"]) == 0
    sections = json.loads(capsys.readouterr().out)
    assert len(sections) == 4
    study = sections[1]["children"][1]["children"][1]
    assert (study["leaders"], study["offices"]) == (["杨昌波"], ["各股室"])


def test_cli_import_writes_the_year(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert main(["--db", str(db_path), "import", "plan", str(PLAN), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "已导入为2021年责任清单，共27项" in out and "新建人员：杨昌波" in out
    assert main(["--db", str(db_path), "import", "plan", str(PLAN), "--year", "2021"]) == 2
    assert "已有责任清单" in capsys.readouterr().err


class CancelAfter:
    """A progress sink whose user presses cancel after `steps` items."""

    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.reports: list[tuple[int, int | None]] = []

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        self.reports.append((done, total))

    def check_cancelled(self) -> None:
        if len(self.reports) >= self.steps:
            raise Cancelled()


class Cancelled(Exception):
    pass


def test_a_cancelled_import_writes_nothing(with_people: Services) -> None:
    before = with_people.maintenance.recent_changes()
    progress = CancelAfter(5)
    with pytest.raises(Cancelled):
        with_people.plan_import.import_plan(parse_plan_file(PLAN), 2021, progress=progress)
    assert progress.reports[-1] == (4, 27)
    assert with_people.matrix.tree(2021) == []
    assert with_people.maintenance.recent_changes() == before
    assert with_people.maintenance.check().ok
