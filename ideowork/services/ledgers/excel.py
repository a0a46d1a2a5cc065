"""The study and sentiment ledgers as Excel 台账, bound to one database."""

from __future__ import annotations

from pathlib import Path

from ideowork.domain.periods import Period
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, STUDY_KINDS, ChoiceService
from ideowork.services.ledgers import excel_export, excel_import
from ideowork.services.ledgers.case_import import CaseImportResult, CaseImportService
from ideowork.services.ledgers.excel_import import LedgerImportResult
from ideowork.services.runtime import Runtime


class LedgerExcel:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def export_studies(self, period: Period, path: Path) -> int:
        kinds = self.choices.labels(STUDY_KINDS)
        return excel_export.export_studies(self.runtime, kinds, period, path)

    def export_sentiment(self, period: Period, path: Path, with_personal: bool = False) -> int:
        """Personal data (反映人, 联系电话) only with `with_personal`."""
        labels = {
            "channel": self.choices.labels(CASE_CHANNELS),
            "category": self.choices.labels(CASE_CATEGORIES),
        }
        return excel_export.export_sentiment(self.runtime, labels, period, path, with_personal)

    def import_studies(self, path: Path) -> LedgerImportResult:
        return excel_import.import_studies(self.runtime, self.choices.labels(STUDY_KINDS), path)

    def import_sentiment(self, path: Path, channel: str | None = None) -> CaseImportResult:
        """The ledger's own workbook or a platform's export (one importer for both)."""
        return CaseImportService(self.runtime, self.choices).import_file(path, channel)
