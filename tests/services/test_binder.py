"""台账汇编: the demo unit's 2020Q3 binder, its contents' page numbers, its photos and bound-in
PDFs, files it cannot bind, and cancelling."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import delete

from ideowork.db.models import GeneratedDocument, StoredFile, StoredFileChunk
from ideowork.db.stored_files import stored_path
from ideowork.documents.fonts import FontRole, resolve_fonts
from ideowork.documents.pdf_fonts import PdfFonts
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.reports import binder_files
from ideowork.services.reports.binder import SECTIONS, BinderResult
from ideowork.services.reports.binder_assemble import OutlineEntry, PdfStream, PlacedImage
from ideowork.services.reports.binder_layout import PHOTO_BOX

PERIOD = Period.parse("2020Q3")


def photo(path: Path, size: tuple[int, int] = (3000, 2000), seed: int = 0) -> Path:
    """A camera-sized JPEG with enough detail to weigh what a photo weighs."""
    picture = Image.radial_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for i in range(0, size[0], 97):
        draw.line((i, 0, size[0] - i, size[1]), fill=((i * 7 + seed) % 255, 90, 160), width=9)
    picture.save(path, "JPEG", quality=90)
    return path


def small_pdf(path: Path, text: str, password: str = "", pages: int = 2) -> Path:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, text)
    canvas.showPage()
    for page in range(2, pages + 1):
        canvas.drawString(100, 700, text + f" page {page}")
        canvas.showPage()
    canvas.save()
    if not password:
        path.write_bytes(buffer.getvalue())
        return path
    writer = PdfWriter(clone_from=PdfReader(buffer))
    writer.encrypt(user_password=password, owner_password=password)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


REPORT_TITLE = "2020年第三季度党委意识形态工作落实情况报告"


def archive_report(services: Services, path: Path) -> None:
    """An archived report of the quarter with its PDF (made here, not by a template: the
    binder binds whatever PDF the archive holds)."""
    fonts = PdfFonts(resolve_fonts(system=False))
    canvas = Canvas(str(path))
    for page in (1, 2):
        canvas.setFont(fonts.font(FontRole.XIAOBIAOSONG).fontName, 22)
        canvas.drawString(80, 700, REPORT_TITLE if page == 1 else "二、下一步工作")
        canvas.setFont(fonts.font(FontRole.SONGTI).fontName, 14)
        canvas.drawString(280, 60, f"— {page} —")
        canvas.showPage()
    canvas.save()
    with services.runtime.db.session(write=True) as session:
        session.add(
            GeneratedDocument(
                template="quarterly-implementation",
                period="2020Q3",
                title=REPORT_TITLE,
                doc_number="完党字〔2020〕99号",
                markup="",
                pdf_path=str(path),
            )
        )


def first_session_uid(services: Services) -> str:
    first = services.studies.sessions_in(PERIOD)[0]
    return services.sessions.detail(first.id).uid


def page_texts(path: Path) -> list[str]:
    """Each page's text with all white space removed (titles wrap across lines)."""
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def make(services: Services, out: Path, **kwargs: object) -> BinderResult:
    return services.binder.make(PERIOD, out, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def evidence(demo_services: Services, tmp_path: Path) -> Services:
    """The demo unit with a quarterly report archived and files on a session and a case."""
    add_evidence(demo_services, tmp_path)
    return demo_services


def add_evidence(services: Services, tmp_path: Path) -> None:
    archive_report(services, tmp_path / "报告.pdf")
    uid = first_session_uid(services)
    sheet = photo(tmp_path / "签到表.jpg", (1700, 2400))
    photos = [photo(tmp_path / f"现场{i}.jpg", seed=i) for i in range(3)]
    services.attachments.add("study_session", uid, [sheet], kind="sign_in")
    services.attachments.add("study_session", uid, photos, kind="photo")
    services.attachments.add(
        "study_session", uid, [small_pdf(tmp_path / "会议记录.pdf", "minutes")], kind="record"
    )
    case = services.sentiment.cases_in(PERIOD)[0]
    services.attachments.add(
        "sentiment_case",
        services.cases.detail(case.id).uid,
        [small_pdf(tmp_path / "处置扫描件.pdf", "scan")],
        kind="record",
    )


def test_demo_binder_contents_point_at_their_headings(evidence: Services, tmp_path: Path) -> None:
    out = tmp_path / "汇编.pdf"
    result = make(evidence, out)
    texts = page_texts(out)
    assert result.pages == len(texts) > 10
    assert result.omitted == []
    assert "意识形态工作责任制台账汇编" in texts[0] and "2020年第三季度" in texts[0]
    assert "中共完冒镇委员会" in texts[0]
    sections = [line.title for line in result.contents if line.level == 0]
    assert sections == [f"{n}、{name}" for n, name in zip("一二三四五", SECTIONS[:5], strict=True)]
    sessions = evidence.studies.sessions_in(PERIOD)
    assert len([line for line in result.contents if line.title.startswith("（")]) >= len(sessions)
    contents_pages = "".join(texts[1:3])
    for line in result.contents:
        # the page the contents name holds the heading (or the bound-in report's title) …
        assert (
            squeeze(line.title).split("（")[0] in texts[line.page - 1]
            or squeeze(line.title) in texts[line.page - 1]
        ), (line, texts[line.page - 1][:200])
        # … and the contents print that number at the end of the title's dot leader (the
        # leader and the number come first in the page's text, the title after them)
        pattern = r"(?<!\d)" + str(line.page) + re.escape(squeeze(line.title)[:12])
        assert re.search(pattern, contents_pages), line
    # the bookmarks are the contents
    reader = PdfReader(out)
    assert [b["/Title"] for b in reader.outline if not isinstance(b, list)] == sections


def test_photos_are_placed_downscaled_and_pdfs_bound_in(
    demo_services: Services, tmp_path: Path
) -> None:
    before = make(demo_services, tmp_path / "之前.pdf")
    add_evidence(demo_services, tmp_path)
    out = tmp_path / "汇编.pdf"
    result = make(demo_services, out)
    assert result.images == before.images + 4  # the sign-in sheet and three photos
    # the minutes, the case's scan and the archived report
    assert result.appended == before.appended + 3
    reader = PdfReader(out)
    placed = [(i, image) for i, page in enumerate(reader.pages) for image in page.images]
    assert len(placed) == result.images
    widest = PHOTO_BOX[0] / 72 * binder_files.PRINT_DPI
    for _, image in placed:
        assert image.image is not None
        assert image.image.width <= widest + 1  # a 3000 px photo printed at 150 dpi
    # the first session: its record, then its sheet, its photos two to a page, its minutes
    texts = page_texts(out)
    first = next(line for line in result.contents if line.title.startswith("（一）"))
    second = next(line for line in result.contents if line.title.startswith("（二）"))
    mine = [i for i, _ in placed if first.page - 1 <= i < second.page - 1]
    assert len(mine) >= 4
    assert max(mine.count(i) for i in mine) == 2
    minutes = [i for i, text in enumerate(texts) if text.startswith("minutes")]
    assert len(minutes) == 2 and max(mine) < minutes[0] < second.page - 1
    assert any(text.startswith("scan") for text in texts)


def test_bad_files_are_listed_not_fatal(
    evidence: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = evidence
    uid = first_session_uid(services)
    # a photo whose stored bytes are later damaged
    damaged = services.attachments.add(
        "study_session", uid, [photo(tmp_path / "受损.jpg", (800, 600), seed=9)], kind="photo"
    )[0]
    # a PDF with an opening password (kept when added: it is genuine evidence)
    services.attachments.add(
        "study_session", uid, [small_pdf(tmp_path / "加密.pdf", "secret", "1234")]
    )
    # a JPEG cut short: its header reads, its picture does not decode
    whole = photo(tmp_path / "完整.jpg", (1200, 900), seed=5).read_bytes()
    cut = tmp_path / "半截.jpg"
    cut.write_bytes(whole[: len(whole) // 3])
    try:
        services.attachments.add("study_session", uid, [cut], kind="photo")
        cut_added = True  # Pillow's verify reads its structure, not its picture
    except UserError:
        cut_added = False  # refused when added: then it cannot reach a binder at all
    # a file too large to bind (500 MB are not made here: the limit is lowered instead)
    big = services.attachments.add(
        "study_session", uid, [small_pdf(tmp_path / "超大扫描件.pdf", "huge", pages=300)]
    )[0]
    monkeypatch.setattr(binder_files, "MAX_PDF_BYTES", big.size - 1)
    # an archived report whose PDF has gone
    report = next(d for d in services.archive.documents() if d.pdf_path)
    Path(report.pdf_path).unlink()
    damage(services, damaged.sha256)

    out = tmp_path / "汇编.pdf"
    result = make(services, out)
    reasons = {o.file_name: o.reason for o in result.omitted}
    assert "校验值" in reasons["受损.jpg"] or "不见了" in reasons["受损.jpg"]
    assert "密码" in reasons["加密.pdf"]
    assert "过大" in reasons["超大扫描件.pdf"]
    assert "不存在" in reasons[f"《{report.title}》"]
    if cut_added:
        assert "无法读取" in reasons["半截.jpg"]
    texts = page_texts(out)
    closing = next(line for line in result.contents if line.title == "六、未收入材料")
    listed = "".join(texts[closing.page - 1 :])
    for omitted in result.omitted:
        assert squeeze(omitted.file_name) in listed
    # nothing else left out, and every good picture is on its page
    expected = {"受损.jpg", "加密.pdf", "超大扫描件.pdf", f"《{report.title}》"}
    assert set(reasons) == expected | ({"半截.jpg"} if cut_added else set())
    assert sum(len(page.images) for page in PdfReader(out).pages) == result.images > 0


def damage(services: Services, sha256: str) -> None:
    """Change a stored file's bytes behind the app's back (where they are kept)."""
    folder = services.attachments.store.folder
    with services.runtime.db.session(write=True) as session:
        row = session.get(StoredFile, sha256)
        assert row is not None
        if row.in_database:
            session.execute(delete(StoredFileChunk).where(StoredFileChunk.sha256 == sha256))
            return
    assert folder is not None
    path = stored_path(folder, sha256)
    path.chmod(0o600)
    path.write_bytes(b"\xff\xd8\xff" + b"\0" * 100)


class _CancelAfter:
    def __init__(self, reports: int) -> None:
        self.left = reports

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        self.left -= 1

    def check_cancelled(self) -> None:
        if self.left <= 0:
            raise UserError("cancelled")


@pytest.mark.parametrize("reports", [2, 8, 30])
def test_cancel_leaves_no_file(evidence: Services, tmp_path: Path, reports: int) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UserError, match="cancelled"):
        make(evidence, folder / "汇编.pdf", progress=_CancelAfter(reports))
    assert list(folder.iterdir()) == []


def test_an_existing_binder_is_replaced_whole_or_kept(evidence: Services, tmp_path: Path) -> None:
    out = tmp_path / "汇编.pdf"
    out.write_bytes(b"old")
    with pytest.raises(UserError):
        make(evidence, out, progress=_CancelAfter(20))
    assert out.read_bytes() == b"old"
    make(evidence, out)
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_binder_must_be_a_pdf(demo_services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.pdf"):
        make(demo_services, tmp_path / "汇编.docx")


def test_an_empty_period_still_makes_a_binder(demo_services: Services, tmp_path: Path) -> None:
    out = tmp_path / "汇编.pdf"
    result = demo_services.binder.make(Period.parse("2019Q1"), out)
    texts = page_texts(out)
    assert "2019年第一季度没有学习和会议记录。" in "".join(texts)
    assert result.omitted == [] and result.images == 0


def test_stream_copies_pages_places_images_and_bookmarks(tmp_path: Path) -> None:
    """The streaming writer alone: shared objects written once, a photo placed, an outline."""
    source = small_pdf(tmp_path / "in.pdf", "hello")
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(jpeg, "JPEG")
    out = tmp_path / "out.pdf"
    with out.open("wb") as handle:
        stream = PdfStream(handle)
        copier = stream.copier(PdfReader(source))
        copier.page(0)
        copier.page(1, [PlacedImage(jpeg.getvalue(), (40, 30), False, 100, 100, 80, 60)])
        copier.close()
        assert stream.copy_pages(PdfReader(source)) == 2
        stream.finish([OutlineEntry("甲", 0, 0), OutlineEntry("乙", 1, 1)], "标题")
    reader = PdfReader(out, strict=True)
    assert [page.extract_text().strip() for page in reader.pages] == [
        "hello",
        "hello page 2",
        "hello",
        "hello page 2",
    ]
    assert [len(page.images) for page in reader.pages] == [0, 1, 0, 0]
    assert reader.metadata is not None and reader.metadata.title == "标题"
    assert reader.outline[0]["/Title"] == "甲"
    # the one font of the source is written once for its pages, not once a page
    fonts = out.read_bytes().count(b"/Type /Font")
    assert fonts == 2  # one per copy of the source


def test_command_line_binder(
    evidence: Services, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from ideowork.cli import main

    url = evidence.runtime.db.url.render_as_string(hide_password=False)
    out = tmp_path / "cli-汇编.pdf"  # not beside the database: a server's has no folder
    code = main(["--db", url, "binder", "--period", "2020Q3", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "已生成台账汇编" in captured.out and str(out) in captured.out
    assert "正在排版" in captured.err  # progress goes to stderr
    assert PdfReader(out).pages
