"""工作台: the home page's use cases — the unit and the day, what to set up first, the agenda
across the modules and the year at a glance — and the reporting calendar (`calendar`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, Task, Unit
from ideowork.services.runtime import Runtime
from ideowork.services.workbench.agenda import Agenda, build_agenda
from ideowork.services.workbench.glance import YearGlance, year_glance
from ideowork.services.workbench.report_calendar import (
    DEFAULT_HORIZON_DAYS,
    ReportCalendarService,
    first_record_day,
)


@dataclass(frozen=True)
class SetupStep:
    """One thing a new unit sets up before the app can help: `page` is where it is done."""

    key: str  # "unit", "people", "plan"
    text: str
    page: str  # "unit", "matrix"
    done: bool


@dataclass(frozen=True)
class Home:
    """Everything the home page shows, read in one go (off the GUI thread)."""

    unit_name: str  # "" when the unit is not filled in yet
    today: dt.date
    setup: list[SetupStep]
    agenda: Agenda
    glance: YearGlance

    @property
    def set_up(self) -> bool:
        return all(step.done for step in self.setup)


def setup_steps(session: Session, year: int) -> list[SetupStep]:
    unit, people, offices, tasks = session.execute(
        select(
            select(func.count()).select_from(Unit).scalar_subquery(),
            select(func.count()).select_from(Person).scalar_subquery(),
            select(func.count()).select_from(Office).scalar_subquery(),
            select(func.count()).where(Task.year == year).scalar_subquery(),
        )
    ).one()
    return [
        SetupStep(
            "unit",
            "填写单位信息：单位全称、发文机关标志、发文字号前缀、上级党委和宣传部",
            "unit",
            bool(unit),
        ),
        SetupStep(
            "people",
            "录入人员和股室：书记、分管领导、班子成员及各股室（责任清单和学习签到要用）",
            "unit",
            bool(people) and bool(offices),
        ),
        SetupStep(
            "plan",
            f"建立{year}年责任清单：导入已有的实施方案，或逐项新增任务",
            "matrix",
            bool(tasks),
        ),
    ]


class WorkbenchService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.calendar = ReportCalendarService(runtime)

    def agenda(
        self, today: dt.date | None = None, horizon_days: int = DEFAULT_HORIZON_DAYS
    ) -> Agenda:
        """What is overdue, and what falls due within `horizon_days`, across the modules."""
        today = today or self.runtime.today()
        owed = self.calendar.owed(today, horizon_days)
        with self.runtime.read() as session:
            first = first_record_day(session)
            return build_agenda(session, today, horizon_days, owed, first)

    def glance(self, year: int | None = None, today: dt.date | None = None) -> YearGlance:
        today = today or self.runtime.today()
        with self.runtime.read() as session:
            return year_glance(session, year or today.year, today)

    def home(self, horizon_days: int = DEFAULT_HORIZON_DAYS) -> Home:
        today = self.runtime.today()
        owed = self.calendar.owed(today, horizon_days)
        with self.runtime.read() as session:
            unit = session.scalars(select(Unit.full_name).order_by(Unit.id).limit(1)).first()
            first = first_record_day(session)
            return Home(
                unit_name=unit or "",
                today=today,
                setup=setup_steps(session, today.year),
                agenda=build_agenda(session, today, horizon_days, owed, first),
                glance=year_glance(session, today.year, today),
            )
