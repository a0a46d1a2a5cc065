"""Which files may be attached, what they are, and what is wrong with one.

Accepted: photos and scans (JPEG, PNG), PDF, and the office files units exchange (Word, Excel,
WPS 文字 and WPS 表格). A file is judged by its name and, where that can be told, by its first
bytes: a .jpg that is no image is refused when it is added (the original is still at hand then,
on the USB stick or in the scanner's folder; a picture nobody can open proves nothing), while a
PDF with a password is kept (it is genuine evidence, readable by whoever has the password) and
the binder lists it as not included, saying why (`problem_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ideowork.domain.errors import UserError

if TYPE_CHECKING:  # pypdf is imported when a PDF is read: start-up does without it
    from pypdf import PdfReader

MAX_FILE_BYTES = 200 * 1024 * 1024  # a scanned folder of 100 pages at 300 dpi fits well
MAX_FILE_TEXT = "200 MB"

IMAGE, PDF, OFFICE = "image", "pdf", "office"


@dataclass(frozen=True)
class FileType:
    media_type: str
    family: str  # IMAGE, PDF or OFFICE
    label: str


TYPES = {
    ".jpg": FileType("image/jpeg", IMAGE, "JPEG 图片"),
    ".jpeg": FileType("image/jpeg", IMAGE, "JPEG 图片"),
    ".png": FileType("image/png", IMAGE, "PNG 图片"),
    ".pdf": FileType("application/pdf", PDF, "PDF 文件"),
    ".doc": FileType("application/msword", OFFICE, "Word 文档"),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        OFFICE,
        "Word 文档",
    ),
    ".xls": FileType("application/vnd.ms-excel", OFFICE, "Excel 表格"),
    ".xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OFFICE, "Excel 表格"
    ),
    ".wps": FileType("application/vnd.ms-works", OFFICE, "WPS 文字文档"),
    ".et": FileType("application/vnd.ms-excel.et", OFFICE, "WPS 表格"),
}
ACCEPTED_TEXT = "图片（JPG、PNG）、PDF、Word（DOC、DOCX）、Excel（XLS、XLSX）和 WPS（WPS、ET）文件"
# For a file dialog's filter.
PATTERNS = " ".join(f"*{suffix}" for suffix in TYPES)

KIND_LABELS = {"sign_in": "签到表", "photo": "照片", "record": "记录", "other": "其他"}

_JPEG, _PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
_OLE, _ZIP, _RTF = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"{\\rtf"


def file_type(name: str) -> FileType:
    """The type of a file by its name; refused (UserError) when it is not one we accept."""
    found = TYPES.get(Path(name).suffix.lower())
    if found is None:
        raise UserError(
            f"“{name}”的文件类型不能作为佐证材料添加。可以添加的是{ACCEPTED_TEXT}；"
            "其他文件请先转换（如另存为 PDF）后再添加。"
        )
    return found


def family_of(media_type: str) -> str:
    for kind in TYPES.values():
        if kind.media_type == media_type:
            return kind.family
    return ""


def check_head(name: str, kind: FileType, head: bytes) -> None:
    """Refuse a file whose first bytes say it is not what its name says."""
    if kind.family == IMAGE:
        expected = _JPEG if kind.media_type == "image/jpeg" else _PNG
        if not head.startswith(expected):
            raise UserError(
                f"“{name}”不是可以打开的{kind.label}（文件内容不是图片，可能已损坏或只复制了"
                "一部分）。请从原处重新复制，或用看图软件打开后另存为 JPG 再添加。"
            )
    elif kind.family == PDF:
        if b"%PDF-" not in head[:1024]:
            raise UserError(
                f"“{name}”不是有效的 PDF 文件（可能已损坏或只复制了一部分）。"
                "请从原处重新复制，或重新扫描后再添加。"
            )
    elif not head.startswith((_OLE, _ZIP, _RTF)):
        raise UserError(
            f"“{name}”不是有效的{kind.label}（文件内容无法识别，可能已损坏）。"
            "请用 WPS 或 Office 打开它并另存一份后再添加。"
        )


def check_image(name: str, stream: BinaryIO) -> None:
    """Decode the image's header and structure (Pillow's verify: no pixels are decoded)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(stream) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UserError(
            f"“{name}”这张图片无法读取（{error}）。可能已损坏或只复制了一部分，"
            "请从原处重新复制，或用看图软件打开后另存为 JPG 再添加。"
        ) from error


class UnbindablePdf(Exception):
    """A PDF that cannot be bound: the text says why (a password, no pages)."""


def opened_pdf(source: BinaryIO | Path) -> PdfReader:
    """`source` read as a PDF, open for its pages: an owner password alone (printing
    restrictions) opens with the empty one; an opening password or no pages raise
    UnbindablePdf. Damage raises pypdf's own errors."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    reader = PdfReader(source)
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except (PyPdfError, DependencyError, NotImplementedError, ValueError):
            opened = False
        if not opened:
            raise UnbindablePdf("PDF 文件设有打开密码，无法编入；请去掉密码后重新添加")
    if len(reader.pages) == 0:
        raise UnbindablePdf("PDF 文件没有页面")
    return reader


def pdf_problem(stream: BinaryIO) -> str | None:
    """Why a PDF cannot be put into a binder (a password, damage), or None."""
    from pypdf.errors import DependencyError, PyPdfError

    try:
        opened_pdf(stream)
    except UnbindablePdf as problem:
        return str(problem)
    except (PyPdfError, DependencyError, OSError, ValueError, KeyError, TypeError) as error:
        return f"PDF 文件已损坏，无法读取（{error}）"
    return None
