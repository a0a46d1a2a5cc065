"""The year's study plan: propose sessions that meet every quota rule (ideowork.domain.
study_plan does the planning), then accept the ones the user keeps as planned sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ideowork.db.models import StudySession
from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.study_plan import ProposedSession, propose_plan
from ideowork.domain.validation import check_date, check_year, required_text
from ideowork.domain.vocab import SessionStatus
from ideowork.services.choices import STUDY_KINDS, ChoiceService
from ideowork.services.ledgers.studies import active_rules, session_facts, work_calendar
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

MAX_PLAN = 400


class StudyPlanService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def propose(self, year: int, as_of: dt.date | None = None) -> list[ProposedSession]:
        """What to plan so that `year` meets every active rule, counting what is already on
        the calendar; from the day after `as_of` (today) when planning the current year
        (writes nothing)."""
        check_year(year, "计划年度")
        today = as_of or self.runtime.today()
        start = today + dt.timedelta(days=1) if year == today.year else None
        if year < today.year:
            return []  # a year gone by is not planned any more
        with self.runtime.read() as session:
            rules = active_rules(session)
            existing = session_facts(session, Period.year_of(year))
            calendar = work_calendar(session, (year,))
        return propose_plan(rules, year, calendar, existing, start)

    def accept(self, proposals: Sequence[ProposedSession]) -> int:
        """Put the kept proposals on the calendar as planned sessions, in one transaction."""
        if not proposals:
            return 0
        if len(proposals) > MAX_PLAN:
            raise ValidationError(f"一次最多采用{MAX_PLAN}项计划。")
        kinds = self.choices.labels(STUDY_KINDS)
        today = self.runtime.today()
        for proposal in proposals:
            if proposal.kind not in kinds:
                raise ValidationError(f"计划中的类别“{proposal.kind}”已不存在，请重新选择。")
            check_date(proposal.held_on, "计划日期", "held_on")
            if proposal.held_on <= today:
                raise ValidationError(
                    f"计划日期{proposal.held_on:%Y-%m-%d}不晚于今天，请改到以后的日期。"
                )
            required_text(proposal.topic, "学习内容", 2000, "topic")
        with self.runtime.write() as session:
            for proposal in proposals:
                session.add(
                    StudySession(
                        held_on=proposal.held_on,
                        kind=proposal.kind,
                        topic=proposal.topic.strip(),
                        ideology_related=proposal.ideology_related,
                        status=SessionStatus.PLANNED,
                        start_time=dt.time(9, 0),
                        end_time=dt.time(10, 30),
                    )
                )
            years = sorted({p.held_on.year for p in proposals})
            audit.record(
                session,
                "import",
                "study_session",
                None,
                f"按年度学习计划新增计划活动{len(proposals)}项（{'、'.join(map(str, years))}年）",
                after={"planned": len(proposals)},
            )
        return len(proposals)
