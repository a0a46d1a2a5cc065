"""No data can change a document's structure: every text field every template uses is filled
with markup syntax and line breaks, every template is drafted for every period it supports
(and per record), and the documents have the same headings, tables, lists, parts, page breaks
and header fields as the same database filled with plain text; the markup typed into the data
comes out as literal text."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Enum, String, inspect, select

from ideowork.db.models import (
    Attendance,
    CaseEvent,
    Choice,
    Finding,
    Office,
    Person,
    QuotaRule,
    SentimentCase,
    StudySession,
    Task,
    TaskProgress,
    Unit,
)
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import (
    Block,
    Document,
    Heading,
    ItemList,
    PageBreak,
    Paragraph,
    Part,
    Table,
)
from ideowork.documents.render import render_document
from ideowork.documents.templating import cell, continued, field, lead, one_line, paragraphs
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.services.choices import CASE_CHANNELS
from ideowork.services.context import Services
from ideowork.services.database import open_database
from ideowork.services.findings import FindingInfo
from ideowork.services.ledgers.cases import CaseDraft
from ideowork.services.ledgers.sessions import SessionDraft
from ideowork.services.reports.templates import TEMPLATE_IDS, TEMPLATES, template_spec
from ideowork.services.runtime import EVERYTHING, FixedClock, Runtime
from tests.conftest import TEST_ACTOR, TEST_NOW

# Markup a user could type (or an import could bring in) into any text field. Every value
# begins with a line of markup (a field put at the start of a line must not become it) and
# goes on, after a line break, with lines that would add a part, a heading, a table, a page
# break or a header field, or end the header early (a field put anywhere must stay one line).
FIRST_LINES = (
    "---",
    "# 伪造标题",
    "[附件] 伪造附件",
    "| x | y |",
    "- 伪造条目",
    "1. 伪造编号",
    "> 伪造副标题",
    "+ 伪造续文",
    "[分页]",
    "标题：伪造标题行",
    "[附文] 伪造附文",
    "## 伪造二级标题",
    ":---:",
    "\\",
    "2． 全角编号",
)
REST = (
    "[附件] 伪造附件",
    "# 伪造标题",
    "---",
    "| x | y |",
    "|---|---|",
    "[分页]",
    "文号：假",
    "签发人：伪造签发人",
    "- 伪造条目",
    "> 假\\",
)
# Every way a line can end in Python's (and the markup's) reading of text.
LINE_BREAKS = ("\n", "\r\n", "\r", "\u2028", "\x85", "\x0b", "\x0c")
# Control characters a DOCX cannot hold, as an import may bring them in.
CONTROLS = ("", "\x07", "\x00\x1b")


def poison(n: int) -> str:
    """The n-th value: its first line by n, its line breaks and control characters varied."""
    line_break = LINE_BREAKS[n % len(LINE_BREAKS)]
    control = CONTROLS[n % len(CONTROLS)]
    return line_break.join((FIRST_LINES[n % len(FIRST_LINES)], *REST)) + control


def plain(n: int) -> str:
    # The same values repeat as the poisons do, so grouping by value groups alike.
    return f"文字{n % math.lcm(len(FIRST_LINES), len(LINE_BREAKS), len(CONTROLS))}"


POISONS = tuple(poison(n) for n in range(len(FIRST_LINES)))

# Lines of the poisons that must come out as text somewhere among the documents.
MARKERS = tuple(dict.fromkeys(line for line in (*FIRST_LINES, *REST) if len(line) > 3))
# Whole texts a structural element would have if the poison had become markup.
FORGED = {
    "伪造附件",
    "伪造附文",
    "伪造标题",
    "伪造条目",
    "伪造编号",
    "伪造续文",
    "伪造副标题",
    "伪造二级标题",
    "伪造标题行",
    "伪造签发人",
    "全角编号",
    "假",
    "x",
}

# Every table whose text the templates show (directly or through the figures).
MODELS = (
    Unit,
    Office,
    Person,
    Task,
    TaskProgress,
    StudySession,
    Attendance,
    QuotaRule,
    SentimentCase,
    CaseEvent,
    Choice,
    Finding,
)
# Codes and keys the program matches on, not text a user writes.
KEYS = {"uid", "origin", "list", "code", "kind", "kinds", "channel", "category", "period"}
# Left empty where empty: a task without a body, leaders or offices is a plain list item.
KEEP_EMPTY = {(Task, "body")}

PERIODS = {
    PeriodKind.YEAR: Period.parse("2020"),
    PeriodKind.HALF: Period.parse("2020H2"),
    PeriodKind.QUARTER: Period.parse("2020Q3"),
    PeriodKind.MONTH: Period.parse("2020-09"),
}


def fill_every_text(services: Services, text: Callable[[int], str]) -> int:
    """Overwrite every user text column of the demo data with ``text(n)`` (n counts the
    values); a unique column gets the count appended. Returns how many values were set."""
    n = 0
    with services.runtime.write(EVERYTHING) as session:  # cached labels are read again
        for model in MODELS:
            columns = [
                attr
                for attr in inspect(model).column_attrs
                if (column := attr.columns[0]) is not None
                and isinstance(column.type, String)
                and not isinstance(column.type, Enum)
                and not column.foreign_keys
                and column.name not in KEYS
            ]
            for row in session.scalars(select(model)):
                for attr in columns:
                    if (model, attr.key) in KEEP_EMPTY and not getattr(row, attr.key):
                        continue
                    value = text(n)
                    if attr.columns[0].unique:
                        value += f"{n}"
                    setattr(row, attr.key, value)
                    n += 1
    return n


def services_with(path: Path, text: Callable[[int], str], clock: FixedClock) -> Services:
    services = Services(Runtime(open_database(str(path)), clock, TEST_ACTOR))
    services.demo.load()
    # A session still planned prints its forms with blanks to fill in by hand.
    services.sessions.save(
        SessionDraft(
            dt.date(2020, 12, 28),
            StudyKind.COLLECTIVE.value,
            "计划中的学习",
            status=SessionStatus.PLANNED,
            lecturer="主讲",
            location="会议室",
            meeting_name="集中学习会",
        )
    )
    # A problem of the year before still open: the year's points list it.
    services.findings.save(FindingInfo(None, "2019Q4", "上年未整改的问题", "上年的问题"))
    # A channel of the unit's own: the reports name its cases by its label.
    channel = services.choices.add(CASE_CHANNELS, "自建渠道").code
    services.cases.register(CaseDraft(channel, dt.date(2020, 9, 15), "自建渠道反映的事项"))
    assert fill_every_text(services, text) > 500
    return services


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Services]]:
    folder = tmp_path_factory.mktemp("injection")
    clock = FixedClock(TEST_NOW)
    with pytest.MonkeyPatch.context() as patch:  # built once, before the per-test data dir
        patch.setenv("IDEOWORK_DATA_DIR", str(folder / "userdata"))
        patch.delenv("IDEOWORK_DB", raising=False)
        poisoned = services_with(folder / "poison.sqlite3", poison, clock)
        control = services_with(folder / "plain.sqlite3", plain, clock)
        yield poisoned, control
    poisoned.close()
    control.close()


# --- what a document is made of ------------------------------------------------------------


def skeleton(blocks: tuple[Block, ...]) -> list[tuple[object, ...]]:
    """The blocks' kinds and shapes; paragraphs are left out, since a line break typed into a
    paragraph's data rightly starts another (literal) paragraph."""
    shape: list[tuple[object, ...]] = []
    for block in blocks:
        if isinstance(block, Heading):
            shape.append(("heading", block.level, bool(block.run_in)))
        elif isinstance(block, Table):
            shape.append(("table", len(block.header), len(block.rows), block.widths))
        elif isinstance(block, ItemList):
            shape.append(("list", block.ordered, len(block.items)))
        elif isinstance(block, PageBreak):
            shape.append(("page break",))
    return shape


def structure(document: Document) -> dict[str, object]:
    head = document.header
    return {
        "title lines": document.title.count("\n"),
        "header fields": tuple(
            bool(value)
            for value in (
                head.copy_number,
                head.secrecy,
                head.urgency,
                head.issuer_mark,
                head.doc_number,
                head.signer,
                document.recipients,
                document.signature,
                document.note,
                document.imprint.cc,
                document.imprint.printer,
            )
        ),
        "form": (document.form_kind, document.orientation, document.table_size, document.date),
        "attachment notes": len(document.attachment_notes),
        "body": skeleton(document.blocks),
        "parts": [(p.kind, len(p.subtitle_lines), skeleton(p.blocks)) for p in document.parts],
    }


def block_texts(blocks: tuple[Block, ...]) -> Iterator[tuple[str, str]]:
    for block in blocks:
        if isinstance(block, Heading):
            yield "heading", block.text
            yield "run-in", block.run_in
        elif isinstance(block, Paragraph):
            yield "paragraph", block.text
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                yield from (("cell", text) for text in row)
        elif isinstance(block, ItemList):
            yield from (("item", item) for item in block.items)


def texts(document: Document) -> Iterator[tuple[str, str]]:
    """Every text of the document, with where it stands."""
    head = document.header
    yield "title", document.title
    yield from (
        ("issuer", head.issuer_mark),
        ("doc number", head.doc_number),
        ("signer", head.signer),
        ("recipients", document.recipients),
        ("signature", document.signature),
        ("printer", document.imprint.printer),
    )
    yield from (("attachment note", note) for note in document.attachment_notes)
    yield from block_texts(document.blocks)
    for part in document.parts:
        yield "part title", part.title
        yield from (("subtitle", line) for line in part.subtitle_lines)
        yield from block_texts(part.blocks)


# --- the drafts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    template: str
    period: Period
    record: str = ""  # "", "case", or "session" with its status: which record it is about

    def __str__(self) -> str:
        return f"{self.template} {self.period} {self.record}".strip()


RECORDS = {"case": ("", "case"), "session": ("", "session held", "session planned")}


def subject(services: Services, record: str) -> str:
    """The uid of the first record of that kind in this database (a session held: one with
    absentees); the two databases hold the same records in the same order, under other uids."""
    if not record:
        return ""
    with services.runtime.read() as session:
        if record == "case":
            query = select(SentimentCase.uid).order_by(SentimentCase.id)
        else:
            status = SessionStatus.HELD if record.endswith("held") else SessionStatus.PLANNED
            query = (
                select(StudySession.uid)
                .where(StudySession.status == status)
                .order_by(StudySession.id)
            )
            if status is SessionStatus.HELD:  # one with absentees, whose reasons are printed
                query = query.where(StudySession.attendance.any(Attendance.present.is_(False)))
        uid = session.scalars(query).first()
    assert uid is not None, f"the demo has no {record}"
    return uid


def cases() -> list[Case]:
    """Every template for every period kind it supports; a per-record form also for each
    kind of record (a case; a session held and one planned)."""
    return [
        Case(spec.id, PERIODS[kind], record)
        for spec in TEMPLATES
        for kind in spec.period_kinds
        for record in (RECORDS.get(spec.subject, ("",)) if kind is spec.period_kinds[0] else ("",))
    ]


def test_every_template_keeps_its_structure_and_shows_the_markup_as_text(
    pair: tuple[Services, Services],
) -> None:
    poisoned, control = pair
    all_cases = cases()
    assert {c.template for c in all_cases} == {spec.id for spec in TEMPLATES}
    assert sum(1 for c in all_cases if c.record) == 5
    shown: list[str] = []
    for case in all_cases:
        draft, expected = (
            services.reports.draft(
                case.template, case.period, subject=subject(services, case.record)
            )
            for services in (poisoned, control)
        )
        document = parse_markup(draft.markup)  # a MarkupError here fails the test
        assert structure(document) == structure(parse_markup(expected.markup)), str(case)
        for where, text in texts(document):
            assert text.strip() not in FORGED, f"{case}: {where} {text!r}"
        joined = "\n".join(text for _where, text in texts(document))
        if case.record or not template_spec(case.template).subject:
            assert any(marker in joined for marker in MARKERS), f"{case}: no data shown"
        shown.append(joined)
    everything = "\n".join(shown)
    missing = [marker for marker in MARKERS if marker not in everything]
    assert not missing, f"never shown as text: {missing}"


def test_a_poisoned_doc_number_is_refused_or_stays_in_its_field(
    pair: tuple[Services, Services],
) -> None:
    poisoned, _control = pair
    for spec in TEMPLATES:
        if not spec.numbered:
            continue
        try:
            draft = poisoned.reports.draft(
                spec.id, PERIODS[spec.period_kinds[0]], doc_number=POISONS[0]
            )
        except UserError:
            continue  # refused with a message: nothing was drafted
        document = parse_markup(draft.markup)
        assert document.header.doc_number == one_line(POISONS[0])
        assert not any(part.title == "伪造附件" for part in document.parts)


def test_every_poisoned_document_renders(pair: tuple[Services, Services], tmp_path: Path) -> None:
    poisoned, _control = pair
    for case in cases():
        draft = poisoned.reports.draft(
            case.template, case.period, subject=subject(poisoned, case.record)
        )
        assert not re.search(r"[\x00-\x08\x0e-\x1f]", draft.markup), str(case)
        if case.period.kind is TEMPLATE_IDS[case.template].period_kinds[0]:
            stem = f"{case.template}-{case.record.replace(' ', '-')}"
            document = parse_markup(draft.markup)
            files = render_document(document, tmp_path, stem, frozenset({"docx"}))
            assert files["docx"].stat().st_size > 0, str(case)


# --- the filters themselves ----------------------------------------------------------------


@pytest.mark.parametrize("poison", POISONS)
def test_the_filters_keep_any_text_literal(poison: str) -> None:
    """Each filter in the place a template puts it, parsed: nothing but literal text."""
    markup = "\n".join(
        [
            f"标题：{field(poison)}",
            f"主送：{field(poison)}",
            "---",
            f"{lead(poison)}之后",
            f"前文{continued(poison)}",
            f"# {one_line(poison)}",
            f"+ {continued(poison)}",
            paragraphs(poison),
            "| 甲 | 乙 |",
            "|---|---|",
            f"| {cell(poison)} | {cell(poison)} |",
            f"1. {one_line(poison)}",
            "",
        ]
    )
    document = parse_markup(markup)
    assert document.title == one_line(poison) and document.recipients == one_line(poison)
    assert document.parts == ()
    kinds = [type(block).__name__ for block in document.blocks]
    assert [k for k in kinds if k != "Paragraph"] == ["Heading", "Table", "ItemList"]
    table = next(block for block in document.blocks if isinstance(block, Table))
    assert table.rows == ((" ".join(_lines(poison)),) * 2,)
    paragraph_texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert paragraph_texts[0] == one_line(poison) + "之后"
    assert all(line in "\n".join(paragraph_texts) for line in _lines(poison))


def _lines(text: str) -> list[str]:
    """The lines of the text, the control characters a document cannot hold left out."""
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_lead_escapes_only_what_would_be_markup() -> None:
    assert lead("党组") == "党组"
    assert lead("# 党组") == "\\# 党组"
    assert lead("1.党组") == "\\1.党组"  # the template's text may add the space
    assert lead("12345热线") == "12345热线"
    assert lead("---") == "\\---"
    assert field("甲\n---\n乙") == "甲---乙"


def test_parts_are_only_the_templates_own(pair: tuple[Services, Services]) -> None:
    poisoned, _control = pair
    unit = poisoned.unit.get_unit()
    assert unit is not None and len(unit.organ_kind.splitlines()) > 5
    draft = poisoned.reports.draft("annual-points", PERIODS[PeriodKind.YEAR])
    parts: tuple[Part, ...] = parse_markup(draft.markup).parts
    assert [part.kind.value for part in parts] == ["附文"]
    assert one_line(unit.organ_kind) in parts[0].title  # the enclosed title names the organ
