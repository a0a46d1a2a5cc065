"""Printing goes page by page at the printer's resolution; a PDF printer stands in for paper."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from ideowork.domain.periods import Period
from ideowork.gui.printing import print_pdf
from ideowork.services.context import Services


def test_every_page_reaches_the_printer(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    made = demo_services.reports.make(
        "quarterly-analysis", Period.parse("2020Q3"), tmp_path, frozenset({"pdf"})
    )
    document = QPdfDocument()
    document.load(str(made.files["pdf"]))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with pdfplumber.open(made.files["pdf"]) as source:
        pages = len(source.pages)
    assert pages >= 4  # the cover 报告 and the enclosed 分析研判报告
    assert print_pdf(document, printer) == document.pageCount() == pages
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) == pages
        assert round(pdf.pages[0].width) == 595 and round(pdf.pages[0].height) == 842
        [image] = pdf.pages[0].images  # each page goes out as one rendered image …
        # … on the whole sheet, 1:1, so the GB/T 9704 margins stay where they were measured.
        assert (round(image["x0"]), round(image["top"])) == (0, 0)
        assert (round(image["x1"]), round(image["bottom"])) == (595, 842)
