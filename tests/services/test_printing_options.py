"""How the unit prints: sealed and double-sided, a setting written into each new draft."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from sqlalchemy import select

from ideowork.db.models import AuditEntry
from ideowork.documents.markup import parse_markup
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.reports.printing import PrintingOptions, with_printing_fields

Q3 = Period.parse("2020Q3")
YEAR = Period.parse("2020")


def test_by_default_documents_are_sealed_and_single_sided(demo_services: Services) -> None:
    assert demo_services.settings.printing() == PrintingOptions(sealed=True, double_sided=False)
    document = parse_markup(demo_services.reports.draft("duty-list", YEAR).markup)
    assert document.sealed and not document.double_sided


def test_a_ledger_is_not_sealed(demo_services: Services) -> None:
    document = parse_markup(demo_services.reports.draft("ledger-studies", Q3).markup)
    assert document.is_form and not document.sealed


def test_the_setting_is_kept_audited_and_followed_by_new_drafts(demo_services: Services) -> None:
    demo_services.settings.set_printing(PrintingOptions(sealed=False, double_sided=True))
    assert demo_services.settings.printing() == PrintingOptions(sealed=False, double_sided=True)
    with demo_services.runtime.read() as session:
        summaries = session.scalars(select(AuditEntry.summary)).all()
    assert any("双面印刷" in s and "不盖章" in s for s in summaries)
    markup = demo_services.reports.draft("duty-list", YEAR).markup
    assert "双面印刷：是" in markup and "盖章：是" not in markup
    document = parse_markup(markup)
    assert document.double_sided and not document.sealed


def test_double_sided_applies_only_where_there_is_an_imprint() -> None:
    options = PrintingOptions(sealed=False, double_sided=True)
    without = "标题：关于某事的报告\n署名：某单位\n日期：2020-01-06\n---\n正文。\n"
    assert with_printing_fields(without, options) == without
    with_imprint = without.replace("---", "印发机关：某单位办公室\n---")
    assert "双面印刷：是\n---" in with_printing_fields(with_imprint, options)


def test_a_field_the_draft_already_has_is_left_alone() -> None:
    markup = "标题：关于某事的报告\n署名：某单位\n日期：2020-01-06\n盖章：否\n---\n正文。\n"
    assert with_printing_fields(markup, PrintingOptions(sealed=True)) == markup


def test_double_sided_report_files_put_the_imprint_on_an_even_page(
    demo_services: Services, tmp_path: Path
) -> None:
    demo_services.settings.set_printing(PrintingOptions(sealed=True, double_sided=True))
    made = demo_services.reports.make("duty-list", YEAR, tmp_path)
    with pdfplumber.open(made.files["pdf"]) as pdf:
        pages = [(page.extract_text() or "").replace(" ", "") for page in pdf.pages]
    assert len(pages) % 2 == 0  # the 版记 is on the last page, an even one
    assert "2020年1月6日印发" in pages[-1]
    assert not any("2020年1月6日印发" in page for page in pages[:-1])
