"""The binder's evidence files made ready, one at a time: photos and scans downscaled to print
at about 150 dpi (Pillow, the stored original untouched), PDFs checked and rewritten object by
object into a file of the binder's own, and every file that cannot be bound given a reason.

Each file is read once from the store, through the checksum (a damaged or missing file is
refused), into a scratch folder; what the binder keeps of it is a small JPEG or a checked PDF
there, and its size. Nothing of one file stays in memory when the next is read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ideowork.domain.errors import UserError
from ideowork.services.attachments.kinds import IMAGE, PDF, UnbindablePdf, family_of, opened_pdf
from ideowork.services.attachments.store import FileStore
from ideowork.services.reports.binder_assemble import PdfStream
from ideowork.services.reports.binder_data import EvidenceFile

PRINT_DPI = 150  # photos on paper: sharp at arm's length, a tenth of a camera file's bytes
JPEG_QUALITY = 85
MAX_IMAGE_BYTES = 60 * 1024 * 1024
MAX_IMAGE_PIXELS = 150_000_000  # 150 megapixels: a 600 dpi A3 scan; larger is no photo
MAX_PDF_BYTES = 200 * 1024 * 1024
_COPY_CHUNK = 1024 * 1024
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


class NotIncluded(Exception):
    """A file the binder leaves out; the message says why, for the binder and the caller."""


@dataclass(frozen=True)
class PreparedImage:
    path: Path
    pixels: tuple[int, int]
    gray: bool
    width_pt: float  # its size on the page
    height_pt: float


@dataclass(frozen=True)
class PreparedPdf:
    path: Path
    pages: int


def family(file: EvidenceFile) -> str:
    """IMAGE, PDF or "" (a file listed by name) by its media type, else by its name."""
    found = family_of(file.media_type)
    if found:
        return found
    suffix = Path(file.file_name).suffix.lower()
    if suffix in (".jpg", ".jpeg", ".png"):
        return IMAGE
    return PDF if suffix == ".pdf" else ""


def megabytes(size: int) -> str:
    """A file's size as people say it: 3.2 MB, 120 KB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def fit(pixels: tuple[int, int], box: tuple[float, float]) -> tuple[float, float]:
    """The largest size of the picture's shape that fits `box` (points)."""
    width, height = pixels
    scale = min(box[0] / width, box[1] / height)
    return width * scale, height * scale


class Preparer:
    """Makes files ready in `work`, a scratch folder the caller removes."""

    def __init__(self, store: FileStore, work: Path) -> None:
        self.store = store
        self.work = work
        self._count = 0

    def _scratch(self, suffix: str) -> Path:
        self._count += 1
        return self.work / f"f{self._count}{suffix}"

    def _checked_copy(self, file: EvidenceFile, limit: int, what: str) -> Path:
        """The stored bytes, read through their checksum, in a scratch file."""
        if file.size > limit:
            raise NotIncluded(
                f"文件过大（{megabytes(file.size)}），汇编只收入不超过 {megabytes(limit)} 的"
                f"{what}；请压缩或拆分后重新添加"
            )
        target = self._scratch(".bin")
        try:
            with self.store.open(file.sha256, file.file_name) as stream, target.open("wb") as out:
                shutil.copyfileobj(stream, out, _COPY_CHUNK)
        except UserError as error:  # DamagedFile: missing, or not the bytes stored
            target.unlink(missing_ok=True)
            raise NotIncluded(str(error)) from error
        except OSError as error:
            target.unlink(missing_ok=True)
            raise NotIncluded(f"无法读取（{error.strerror or error}）") from error
        return target

    # --- images ----------------------------------------------------------------------------
    def image(self, file: EvidenceFile, box: tuple[float, float]) -> PreparedImage:
        """The picture scaled to print in `box` (points) at PRINT_DPI, as a JPEG."""
        source = self._checked_copy(file, MAX_IMAGE_BYTES, "图片")
        try:
            return self._scaled(source, box)
        finally:
            source.unlink(missing_ok=True)

    def _scaled(self, source: Path, box: tuple[float, float]) -> PreparedImage:
        target = self._scratch(".jpg")
        try:
            with Image.open(source) as opened:
                raw = opened.size
                if raw[0] * raw[1] > MAX_IMAGE_PIXELS:
                    raise NotIncluded(
                        f"图片像素过多（{raw[0]}×{raw[1]}），请缩小到 1.5 亿像素以内后重新添加"
                    )
                turned = opened.getexif().get(0x0112) in _ROTATED
                upright = (raw[1], raw[0]) if turned else raw
                width_pt, height_pt = fit(upright, box)
                wanted = (
                    max(1, min(upright[0], round(width_pt / 72 * PRINT_DPI))),
                    max(1, min(upright[1], round(height_pt / 72 * PRINT_DPI))),
                )
                # JPEG decodes straight at 1/2, 1/4 or 1/8 of its size: a camera's 24
                # megapixels never sit in memory whole.
                opened.draft("RGB", (wanted[1], wanted[0]) if turned else wanted)
                picture = ImageOps.exif_transpose(opened)
                gray = picture.mode in ("1", "L", "LA", "I", "I;16", "F")
                picture = _flattened(picture, gray)
                picture.thumbnail(wanted, Image.Resampling.LANCZOS)
                picture.save(target, "JPEG", quality=JPEG_QUALITY)
                pixels = picture.size
                picture.close()
        except NotIncluded:
            raise
        except MemoryError:
            raise
        except Exception as error:  # Pillow's many ways of meeting a broken file
            target.unlink(missing_ok=True)
            raise NotIncluded(
                "图片无法读取（文件已损坏或不是受支持的 JPG、PNG 格式）；"
                "请用看图软件打开后另存为 JPG 再添加"
            ) from error
        return PreparedImage(target, pixels, gray, width_pt, height_pt)

    # --- PDFs --------------------------------------------------------------------------------
    def stored_pdf(self, file: EvidenceFile) -> PreparedPdf:
        source = self._checked_copy(file, MAX_PDF_BYTES, "PDF 文件")
        try:
            return self._rewritten(source)
        finally:
            source.unlink(missing_ok=True)

    def pdf_file(self, path: Path) -> PreparedPdf:
        """A PDF on disk (an archived report's)."""
        if not path.is_file():
            raise NotIncluded(f"归档的 PDF 文件不存在（{path}）；请在“公文”页重新生成该公文")
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise NotIncluded(f"文件过大（{megabytes(size)}）")
        return self._rewritten(path)

    def _rewritten(self, source: Path) -> PreparedPdf:
        """Every page and all it uses read and written again into a file of our own: a
        damaged object shows now, before the binder's pages are counted, not half-way."""
        target = self._scratch(".pdf")
        try:
            try:
                reader = opened_pdf(source)
            except UnbindablePdf as problem:
                raise NotIncluded(str(problem)) from None
            with target.open("wb") as out:
                stream = PdfStream(out)
                pages = stream.copy_pages(reader)
                stream.finish()
        except NotIncluded:
            target.unlink(missing_ok=True)
            raise
        except MemoryError:
            raise
        except Exception as error:  # pypdf's many ways of meeting a broken file
            target.unlink(missing_ok=True)
            raise NotIncluded(f"PDF 文件已损坏，无法读取（{type(error).__name__}）") from error
        return PreparedPdf(target, pages)


def _flattened(picture: Image.Image, gray: bool) -> Image.Image:
    """RGB or L for a JPEG; transparency laid on white paper."""
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        converted = picture.convert("RGBA")
        paper = Image.new("RGB", converted.size, (255, 255, 255))
        paper.paste(converted, mask=converted.getchannel("A"))
        return paper.convert("L") if gray else paper
    wanted = "L" if gray else "RGB"
    return picture if picture.mode == wanted else picture.convert(wanted)
