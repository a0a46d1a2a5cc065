"""Printing a PDF straight to a printer, page by page at the printer's resolution."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of `document`; returns the number of pages sent."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            # A4 in, A4 out: render at the printer's pixel size so nothing is rescaled twice.
            image = document.render(index, QSize(target.width(), target.height()))
            painter.drawImage(target.topLeft(), image)
    finally:
        painter.end()
    return document.pageCount()
