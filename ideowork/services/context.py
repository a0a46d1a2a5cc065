"""All services of one open database, handed to the GUI as one object."""

from __future__ import annotations

from dataclasses import dataclass

from ideowork.db.engine import Database
from ideowork.services.reports.archive import ArchiveService
from ideowork.services.matrix.service import MatrixService
from ideowork.services.ledgers.sentiment import SentimentService
from ideowork.services.ledgers.studies import StudyService
from ideowork.services.unit import UnitService


@dataclass(frozen=True)
class Services:
    db: Database
    unit: UnitService
    matrix: MatrixService
    studies: StudyService
    sentiment: SentimentService
    archive: ArchiveService

    @classmethod
    def for_database(cls, db: Database) -> Services:
        return cls(
            db=db,
            unit=UnitService(db),
            matrix=MatrixService(db),
            studies=StudyService(db),
            sentiment=SentimentService(db),
            archive=ArchiveService(db),
        )
