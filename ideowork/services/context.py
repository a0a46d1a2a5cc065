"""`Services`: every use case of one open database, and the only way in for the GUI and CLI.

Built once per database. It carries the clock (`today()`/`now()`, fixed in tests), the acting
user and workstation (recorded in the audit trail), and the database; each use case lives in
the service of its module (`services.matrix`, `services.sentiment`, `services.reports` …).
`subscribe` tells a listener which kinds of records each committed change touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from ideowork.db.engine import Database
from ideowork.services.assessment import AssessmentModule
from ideowork.services.attachments.service import AttachmentService
from ideowork.services.choices import ChoiceService
from ideowork.services.database import open_database
from ideowork.services.demo import DemoService
from ideowork.services.findings import FindingService
from ideowork.services.ledgers.cases import CaseService
from ideowork.services.ledgers.quota_rules import QuotaRuleService
from ideowork.services.ledgers.sentiment import SentimentService
from ideowork.services.ledgers.sessions import SessionService
from ideowork.services.ledgers.studies import StudyService
from ideowork.services.ledgers.study_plan import StudyPlanService
from ideowork.services.matrix.service import MatrixService
from ideowork.services.positions.service import PositionLedger
from ideowork.services.reports.archive import ArchiveService
from ideowork.services.runtime import Actor, ChangeListener, Clock, Runtime
from ideowork.services.system.access import AccessService
from ideowork.services.system.maintenance import Maintenance
from ideowork.services.system.settings import SettingsService
from ideowork.services.system.users import UserService
from ideowork.services.unit import UnitService
from ideowork.services.workbench.service import WorkbenchService

if TYPE_CHECKING:
    from ideowork.services.ledgers.case_import import CaseImportService
    from ideowork.services.ledgers.excel import LedgerExcel
    from ideowork.services.matrix.excel import MatrixExcel
    from ideowork.services.matrix.plan_import import PlanImportService
    from ideowork.services.reports.binder import BinderService
    from ideowork.services.reports.drafting import ReportService
    from ideowork.services.system.change_feed import ChangeFeed


class Services:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.unit = UnitService(runtime)
        self.matrix = MatrixService(runtime)
        self.choices = ChoiceService(runtime)
        self.studies = StudyService(runtime, self.choices)
        self.sessions = SessionService(runtime, self.choices)
        self.quota_rules = QuotaRuleService(runtime, self.choices)
        self.study_plan = StudyPlanService(runtime, self.choices)
        self.sentiment = SentimentService(runtime, self.choices)
        self.cases = CaseService(runtime, self.choices)
        self.findings = FindingService(runtime)
        self.positions = PositionLedger(runtime, self.choices)
        self.assessment = AssessmentModule(runtime)
        self.archive = ArchiveService(runtime)
        self.settings = SettingsService(runtime)
        self.users = UserService(runtime)
        self.access = AccessService(runtime, self.users)
        self.maintenance = Maintenance(runtime)
        self.demo = DemoService(runtime)
        self.workbench = WorkbenchService(runtime)
        self.attachments = AttachmentService(runtime)

    # The services of files in and out (the report writers, the spreadsheets) are built on
    # first use: their modules bring python-docx, reportlab, Jinja2 and XML parsers, which a
    # start-up does not need.
    @cached_property
    def reports(self) -> ReportService:
        from ideowork.services.reports.drafting import ReportService

        return ReportService(self.runtime, self.choices, self.sentiment, self.cases, self.sessions)

    @cached_property
    def binder(self) -> BinderService:
        """台账汇编: the period's ledgers and evidence bound into one PDF."""
        from ideowork.services.reports.binder import BinderService

        return BinderService(self.runtime, self.choices, self.attachments)

    @cached_property
    def matrix_excel(self) -> MatrixExcel:
        from ideowork.services.matrix.excel import MatrixExcel

        return MatrixExcel(self.runtime)

    @cached_property
    def plan_import(self) -> PlanImportService:
        from ideowork.services.matrix.plan_import import PlanImportService

        return PlanImportService(self.runtime)

    @cached_property
    def case_import(self) -> CaseImportService:
        from ideowork.services.ledgers.case_import import CaseImportService

        return CaseImportService(self.runtime, self.choices)

    @cached_property
    def ledger_excel(self) -> LedgerExcel:
        from ideowork.services.ledgers.excel import LedgerExcel

        return LedgerExcel(self.runtime, self.choices)

    @classmethod
    def open(
        cls,
        target: str | None = None,
        *,
        clock: Clock | None = None,
        actor: Actor | None = None,
        read_only: bool = False,
    ) -> Services:
        """The database named by --db / IDEOWORK_DB / the default, migrated to the current
        schema (after a backup); `read_only` for viewing and printing only: then nothing is
        migrated or backed up, and a schema other than this program's is refused."""
        if read_only:
            # Imported here: opening builds a Services itself.
            from ideowork.services.opening import open_read_only

            return open_read_only(target, clock=clock, actor=actor)
        return cls(Runtime(open_database(target), clock, actor))

    @classmethod
    def for_database(
        cls, db: Database, *, clock: Clock | None = None, actor: Actor | None = None
    ) -> Services:
        return cls(Runtime(db, clock, actor))

    # --- who, when ---------------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        return self.runtime.actor

    @property
    def read_only(self) -> bool:
        return self.runtime.read_only

    def today(self) -> dt.date:
        return self.runtime.today()

    def now(self) -> dt.datetime:
        return self.runtime.now()

    # --- what changed ------------------------------------------------------------------------
    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        return self.runtime.subscribe(listener)

    def change_feed(self) -> ChangeFeed:
        """Others' changes while open (a server, or a viewing window): polled by the GUI."""
        from ideowork.services.system.change_feed import ChangeFeed

        return ChangeFeed(self.runtime)

    def close(self) -> None:
        self.runtime.db.dispose()
