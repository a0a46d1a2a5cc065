"""台账汇编: the binder of a quarter, a half-year or a year, one PDF for the inspectors.

A cover (the unit, the period, the day it was made), the contents with page numbers, then the
sections: 责任清单 (the year's matrix), 学习记录 (each session's record, then its sign-in sheet
and photos on the page, captioned, and its PDFs bound in), 舆情台账, 研判整改, the period's
archived reports (their PDFs bound in whole), and a list of what could not be bound.

Four steps, each streaming: the records are read (binder_data); every evidence file is made
ready one at a time (binder_files: photos downscaled into a scratch folder, PDFs checked and
rewritten); the binder's own pages are laid out with boxes where the photos go and empty pages
where PDFs go (binder_layout); the final file is written page by page (binder_assemble), each
photo read from the scratch folder as its page is written. Memory does not grow with the
number of photos (benchmarks/bench_binder.py measures it).

A file that cannot be bound (unreadable, a PDF with a password, damaged or missing in the
store, too large) never stops the binder: it is named where it belongs and in the closing
list, with the reason, and returned to the caller. Cancelling (the progress sink) leaves no
file: the binder is written to a hidden temporary file beside the target and renamed at the end.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, PageBreak, PageBreakIfNotEmpty, Spacer

from ideowork.documents.fonts import FontError, FontFile, FontRole, resolve_font
from ideowork.domain.errors import UserError
from ideowork.domain.numerals import to_chinese
from ideowork.domain.periods import Period
from ideowork.files import atomic_write
from ideowork.services.attachments.kinds import IMAGE, KIND_LABELS, PDF
from ideowork.services.attachments.service import AttachmentService
from ideowork.services.choices import ChoiceService
from ideowork.services.reports import binder_layout as layout
from ideowork.services.reports.binder_assemble import OutlineEntry, PdfStream, PlacedImage
from ideowork.services.reports.binder_data import BinderData, EvidenceFile, load
from ideowork.services.reports.binder_files import (
    NotIncluded,
    PreparedImage,
    PreparedPdf,
    Preparer,
    family,
    megabytes,
)
from ideowork.services.runtime import NoProgress, ProgressSink, Runtime
from ideowork.services.system.settings import SettingsService

TITLE = "意识形态工作责任制台账汇编"
SECTIONS = ("责任清单", "学习记录", "舆情台账", "研判整改", "归档公文", "未收入材料")


@dataclass(frozen=True)
class Omitted:
    """A file the binder could not bind: whose it is, which, and why."""

    record: str
    file_name: str
    reason: str


@dataclass(frozen=True)
class ContentsLine:
    level: int  # 0: a section; 1: a record or report under it
    title: str
    page: int  # 1-based, as printed


@dataclass(frozen=True)
class BinderResult:
    path: Path
    pages: int
    images: int  # pictures placed
    appended: int  # PDFs bound in
    omitted: list[Omitted]
    contents: list[ContentsLine]


def _fonts(runtime: Runtime) -> dict[FontRole, FontFile]:
    """The fonts the user chose for PDFs; a chosen file gone missing falls back quietly (the
    binder is a printout, not the place to be told to fix font settings)."""
    chosen = SettingsService(runtime).pdf_fonts()
    out = {}
    for role in FontRole:
        try:
            out[role] = resolve_font(role, chosen)
        except FontError:
            out[role] = resolve_font(role)
    return out


def _day(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return ""


class _Book:
    """The story of one binder: the flowables in order, and what each evidence file became."""

    def __init__(
        self,
        data: BinderData,
        styles: layout.Styles,
        preparer: Preparer,
        progress: ProgressSink,
        total_files: int,
    ) -> None:
        self.data = data
        self.s = styles
        self.preparer = preparer
        self.progress = progress
        self.total_files = total_files
        self.done_files = 0
        self.placed = layout.Placed()
        self.story: list[Flowable] = []
        self.images: dict[int, PreparedImage] = {}
        self.pdfs: dict[str, PreparedPdf] = {}
        self.omitted: list[Omitted] = []
        self.section_number = 0

    # --- pieces -------------------------------------------------------------------------------
    def para(self, text: str, style: ParagraphStyle) -> None:
        self.story.append(self.s.para(text, style))

    def section(self, name: str) -> None:
        self.section_number += 1
        title = f"{to_chinese(self.section_number)}、{name}"
        self.story.append(PageBreak())
        self.story.append(
            layout.ContentsEntry(self.s.rich(title, FontRole.HEITI), self.s.section, 0, title)
        )

    def record(self, number: int, title: str) -> None:
        heading = f"（{to_chinese(number)}）{title}"
        self.story.append(
            layout.ContentsEntry(self.s.rich(heading, FontRole.KAITI), self.s.record, 1, heading)
        )

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        cells = [
            [self.s.para(label, self.s.head_cell), self.s.para(value or "—", self.s.cell)]
            for label, value in rows
        ]
        self.story.append(layout.table(cells, [2.2, 7.8], header=False))
        self.story.append(Spacer(1, 6))

    def ledger(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        bold: Sequence[bool] = (),
    ) -> None:
        """A ledger as a table; rows marked `bold` (the matrix's sections) in 黑体."""
        cells = [[self.s.para(h, self.s.small_head) for h in header]]
        for index, row in enumerate(rows):
            style = self.s.small_bold if index < len(bold) and bold[index] else self.s.small_cell
            cells.append([self.s.para(value, style) for value in row])
        self.story.append(layout.table(cells, widths))

    def _tick(self, file: EvidenceFile) -> None:
        self.progress.check_cancelled()
        self.progress.report(
            self.done_files,
            self.total_files,
            f"正在处理佐证材料 {self.done_files + 1}/{self.total_files}：{file.file_name}",
        )
        self.done_files += 1

    def evidence(self, record: str, files: Sequence[EvidenceFile]) -> None:
        """A record's files: pictures placed, PDFs bound in, others named."""
        others: list[str] = []
        for file in files:
            self._tick(file)
            label = file.caption or f"{KIND_LABELS.get(file.kind, '其他')}：{file.file_name}"
            kind = family(file)
            try:
                if kind == IMAGE:
                    image = self.preparer.image(file, layout.box_for(file.kind))
                    self.images[file.id] = image
                    self.story.append(
                        KeepTogether(
                            [
                                Spacer(1, 6),
                                layout.ImageBox(
                                    file.id, image.width_pt, image.height_pt, self.placed
                                ),
                                Spacer(1, 4),
                                self.s.para(label, self.s.caption),
                                Spacer(1, layout.GAP),
                            ]
                        )
                    )
                elif kind == PDF:
                    pdf = self.preparer.stored_pdf(file)
                    key = f"a{file.id}"
                    self.pdfs[key] = pdf
                    self.para(f"附：{label}（PDF，{pdf.pages}页，见后）", self.s.note)
                    self.story += [
                        layout.AppendedPage(key, index, self.placed) for index in range(pdf.pages)
                    ]
                else:
                    others.append(f"{file.file_name}（{megabytes(file.size)}）")
            except NotIncluded as why:
                self.omit(record, file.file_name, str(why))
        if others:
            self.para("其他材料（电子文件，未编入本汇编）：" + "；".join(others), self.s.note)

    def omit(self, record: str, file_name: str, reason: str) -> None:
        self.omitted.append(Omitted(record, file_name, reason))
        self.para(f"未收入：{file_name}——{reason}", self.s.note)

    # --- the binder -----------------------------------------------------------------------------
    def build(self) -> None:
        data = self.data
        self.para(data.unit_name, self.s.cover_unit)
        self.story.insert(0, Spacer(1, 150))
        self.story.append(Spacer(1, 40))
        self.para(TITLE, self.s.cover_title)
        self.story.append(Spacer(1, 24))
        self.para(f"（{data.period.label}）", self.s.cover_line)
        self.story.append(Spacer(1, 220))
        self.para(f"编制日期：{_day(data.made_on)}", self.s.cover_line)
        self.story.append(PageBreak())
        self.para("目　　录", self.s.title)
        self.story.append(layout.contents(self.s))
        self.matrix()
        self.studies()
        self.cases()
        self.findings()
        self.documents()
        if self.omitted:
            self.closing_list()

    def matrix(self) -> None:
        data = self.data
        self.section(SECTIONS[0])
        self.para(f"{data.period.year}年度意识形态工作责任清单", self.s.body)
        if not data.tasks:
            self.para(f"{data.period.year}年没有责任清单。", self.s.body)
            return
        rows = [
            [
                t.number,
                ("　" * t.depth) + t.text,
                t.leaders,
                t.offices,
                t.deadline,
                t.status,
            ]
            for t in data.tasks
        ]
        self.ledger(
            ["序号", "工作任务", "责任领导", "责任股室", "时限", "状态"],
            rows,
            [1.2, 6.2, 2.0, 2.2, 1.6, 1.6],
            [t.is_section for t in data.tasks],
        )
        for task in data.tasks:
            files = data.files_of("task", task.uid)
            if files:
                self.para(f"任务 {task.number} 的佐证材料", self.s.note)
                self.evidence(f"责任清单 {task.number}", files)

    def studies(self) -> None:
        data = self.data
        self.section(SECTIONS[1])
        if not data.sessions:
            self.para(f"{data.period.label}没有学习和会议记录。", self.s.body)
        for number, record in enumerate(data.sessions, 1):
            if number > 1:  # a session's record and its files begin a sheet of their own
                self.story.append(PageBreakIfNotEmpty())
            self.record(number, record.title)
            absent = "；".join(f"{n}（{r}）" if r else n for n, r in record.absent)
            self.fields(
                [
                    ("时间", f"{_day(record.held_on)} {record.time_text}".strip()),
                    ("类别", record.kind_label),
                    ("会议名称", record.meeting_name),
                    ("主题", record.topic),
                    ("主持人", record.host),
                    ("主讲人", record.lecturer),
                    ("地点", record.location),
                    ("学时", f"{record.hours:g}" if record.hours else ""),
                    (
                        "出席",
                        f"{len(record.present)}人：" + "、".join(record.present)
                        if record.present
                        else "",
                    ),
                    ("缺席", absent),
                    ("内容", record.materials),
                    ("备注", record.note),
                ]
            )
            self.evidence(record.title, data.files_of("study_session", record.uid))

    def cases(self) -> None:
        data = self.data
        self.section(SECTIONS[2])
        if not data.cases:
            self.para(f"{data.period.label}没有舆情事项。", self.s.body)
            return
        self.ledger(
            ["序号", "受理日期", "编号", "渠道", "事项", "承办股室", "办结日期", "状态", "满意度"],
            [
                [
                    str(n),
                    c.received_on.isoformat(),
                    c.case_no,
                    c.channel,
                    c.title,
                    c.office,
                    c.closed_on.isoformat() if c.closed_on else "",
                    c.status,
                    c.satisfaction,
                ]
                for n, c in enumerate(data.cases, 1)
            ],
            [0.9, 1.9, 2.4, 1.4, 4.2, 1.7, 1.9, 1.1, 1.2],
        )
        number = 0
        for case in data.cases:
            files = data.files_of("sentiment_case", case.uid)
            if files:
                number += 1
                title = f"{case.case_no or case.received_on.isoformat()} {case.title}"
                self.record(number, title)
                if case.result:
                    self.para(f"办理结果：{case.result}", self.s.note)
                self.evidence(title, files)

    def findings(self) -> None:
        data = self.data
        self.section(SECTIONS[3])
        if not data.findings:
            self.para(f"{data.period.label}没有研判整改记录。", self.s.body)
            return
        self.ledger(
            ["序号", "期间", "存在问题", "整改措施", "责任股室", "状态", "完成日期"],
            [
                [
                    str(n),
                    f.period_label,
                    f.problem,
                    f.measure,
                    f.office,
                    f.status,
                    f.closed_on.isoformat() if f.closed_on else "",
                ]
                for n, f in enumerate(data.findings, 1)
            ],
            [0.9, 2.0, 5.0, 5.0, 1.7, 1.1, 1.9],
        )
        for n, finding in enumerate(data.findings, 1):
            files = data.files_of("finding", finding.uid)
            if files:
                self.para(f"第 {n} 项问题的佐证材料", self.s.note)
                self.evidence(f"研判整改第{n}项", files)

    def documents(self) -> None:
        data = self.data
        self.section(SECTIONS[4])
        if not data.documents:
            self.para(f"{data.period.label}没有归档的公文。", self.s.body)
            return
        self.ledger(
            ["序号", "文号", "标题", "期间", "归档日期"],
            [
                [str(n), d.doc_number, d.title, d.period_label, _day(d.created_at)]
                for n, d in enumerate(data.documents, 1)
            ],
            [0.9, 3.2, 7.0, 2.2, 2.4],
        )
        for document in data.documents:
            self.progress.check_cancelled()
            name = f"《{document.title}》"
            try:
                pdf = self.preparer.pdf_file(Path(document.pdf_path)) if document.pdf_path else None
                if pdf is None:
                    raise NotIncluded("该公文只归档了 DOCX，没有 PDF；请在“公文”页重新生成 PDF")
            except NotIncluded as why:
                self.omit("归档公文", name, str(why))
                continue
            key = f"d{document.uid}"
            self.pdfs[key] = pdf
            heading = document.title + (f"（{document.doc_number}）" if document.doc_number else "")
            self.story += [
                layout.AppendedPage(key, index, self.placed, heading if index == 0 else "")
                for index in range(pdf.pages)
            ]
            self.evidence(name, data.files_of("generated_document", document.uid))

    def closing_list(self) -> None:
        self.section(SECTIONS[5])
        self.para("以下材料因故未能编入本汇编，请核对原件后补充：", self.s.body)
        self.ledger(
            ["序号", "所属记录", "文件", "原因"],
            [[str(n), o.record, o.file_name, o.reason] for n, o in enumerate(self.omitted, 1)],
            [0.9, 3.6, 3.4, 7.4],
        )


class BinderService:
    def __init__(
        self, runtime: Runtime, choices: ChoiceService, attachments: AttachmentService
    ) -> None:
        self.runtime = runtime
        self.choices = choices
        self.attachments = attachments

    def make(self, period: Period, out: Path, progress: ProgressSink | None = None) -> BinderResult:
        """Write the binder of `period` to `out` (replaced whole, or left as it was)."""
        progress = progress or NoProgress()
        if out.suffix.lower() != ".pdf":
            raise UserError(f"台账汇编是 PDF 文件，请把“{out.name}”的扩展名写成 .pdf。")
        progress.report(0, None, "正在读取台账…")
        data = load(self.runtime, self.choices, self.attachments, period)
        styles = layout.Styles(_fonts(self.runtime))
        total = sum(len(files) for files in data.files.values())
        with tempfile.TemporaryDirectory(prefix="ideowork-binder-") as scratch:
            work = Path(scratch)
            book = _Book(data, styles, Preparer(self.attachments.store, work), progress, total)
            book.build()
            progress.report(total, total, "正在排版…")
            title = f"{data.unit_name}{data.period.label}{TITLE}"
            text = work / "text.pdf"
            layout.build(text, book.story, styles, book.placed, title, progress.check_cancelled)
            with atomic_write(out) as temporary:
                pages = self._assemble(book, text, temporary, title, progress)
            contents = [
                ContentsLine(level, title, page) for level, title, page in book.placed.contents
            ]
            return BinderResult(
                out,
                pages,
                sum(len(v) for v in book.placed.images.values()),
                len(book.pdfs),
                book.omitted,
                contents,
            )

    @staticmethod
    def _assemble(book: _Book, text: Path, target: Path, title: str, progress: ProgressSink) -> int:
        """The binder page by page: its own pages with their photos, the PDFs in their
        places (each opened when its first page comes, and let go after its last)."""
        placed = book.placed
        reader = PdfReader(text)
        total = len(reader.pages)
        with target.open("wb") as handle:
            stream = PdfStream(handle)
            own = stream.copier(reader)
            page = 0
            while page < total:
                progress.check_cancelled()
                progress.report(page, total, f"正在写入第 {page + 1}/{total} 页…")
                appended = placed.appended.get(page)
                if appended is not None:
                    pdf = book.pdfs[appended[0]]
                    stream.copy_pages(PdfReader(pdf.path))
                    page += pdf.pages
                    continue
                images = []
                for image_id, x, y, width, height in placed.images.get(page, []):
                    image = book.images[image_id]
                    images.append(
                        PlacedImage(
                            image.path.read_bytes(), image.pixels, image.gray, x, y, width, height
                        )
                    )
                own.page(page, images)
                page += 1
            own.close()
            stream.finish([OutlineEntry(t, p - 1, level) for level, t, p in placed.contents], title)
            return stream.page_count
