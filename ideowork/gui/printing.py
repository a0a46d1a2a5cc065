"""Printing a PDF straight to a printer, page by page as images of at most 600 dpi."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

# Sharp text on paper; beyond this a page image only costs memory (A4 at 600 dpi ≈ 140 MB).
MAX_DPI = 600


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of `document`; returns the number of pages sent."""
    # The page is already laid out to GB/T 9704 on A4: print it 1:1 on the whole sheet rather
    # than shrunk into the printer's margins, or every measured position would move.
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        target = printer.pageLayout().fullRectPixels(printer.resolution())
        scale = min(1.0, MAX_DPI / printer.resolution())
        size = QSize(round(target.width() * scale), round(target.height() * scale))
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            painter.drawImage(QRectF(target), document.render(index, size))
    finally:
        painter.end()
    return document.pageCount()
