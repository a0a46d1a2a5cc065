"""Parse an existing 实施方案 (落实意识形态工作责任制实施方案 and the like) into a tree of tasks.

A plan is a title, a preamble, numbered sections (一、 （一） 1. （1） ① 第一条 …) whose leaf items
are tasks, each with its responsibility — a parenthesis such as "（牵头领导：张三；责任单位：
办公室；配合单位：各村（社区）；完成时限：6月底前）", label lines under the item, a table's
columns, or the heading above it — and a trailing signature (署名, date, 印发 lines).

This module puts the steps together; each layout has its module:

* ``plan_tables``: task tables (Word tables, tab-separated rows, one cell per line);
* ``plan_inline``: items written inline in one long pasted paragraph;
* ``plan_head``: title, preamble, signature and the 印发通知 a plan may come wrapped in;
* ``plan_tree``: the outline (markers, unnumbered headings, markings and their inheritance);
* ``plan_responsibility``: one marking's names with roles, deadline and score (考核细则 "（3分）");
* ``plan_articles``: opening 第X条 articles on purpose and principles, which are not tasks;
* ``plan_posts``: headings that name a post ("（一）支部书记职责"), recorded on the nodes for the
  import service to resolve against the unit's people.

The parser never raises on odd text; what the user should check is reported in ``warnings``,
and lines it could not place are listed in ``unplaced``. It raises only for a plan beyond the
size an import accepts (more than 5 000 numbered items), as soon as it gets there.

Names come out in their one spelling (ideowork.domain.names): no zero-width characters,
half-width letters and digits, and a two-character name padded with spaces ("张  三") kept whole
instead of split into two names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ideowork.domain.names import strip_invisible
from ideowork.importers.document_text import read_paragraphs
from ideowork.importers.errors import PlanImportError
from ideowork.importers.plan_articles import split_preamble_articles
from ideowork.importers.plan_head import (
    DOC_NUMBER_RE,
    DOC_TYPE_END_RE,
    ORG_END_RE,
    is_signature_line,
    split_head,
    strip_wrapper,
)
from ideowork.importers.plan_inline import split_inline
from ideowork.importers.plan_markers import is_plain_heading, match_marker
from ideowork.importers.plan_model import ParsedPlan, PlanNode
from ideowork.importers.plan_responsibility import take_marking
from ideowork.importers.plan_tables import TableLine, convert_text_tables
from ideowork.importers.plan_tree import TreeBuilder, summary_warnings

__all__ = [
    "ParsedPlan",
    "PlanImportError",
    "PlanNode",
    "parse_plan_file",
    "parse_plan_text",
    "plan_to_json",
]

_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\v\f\u2028\u2029\x85]")
_SPACE_RE = re.compile(r"\s+")  # Unicode-aware: covers full-width spaces, NBSP, tabs


def _raw_lines(paragraphs: Iterable[str]) -> list[str]:
    """The text's lines with their tabs (table cells) kept, invisible characters gone."""
    lines: list[str] = []
    for paragraph in paragraphs:
        parts = _LINE_BREAK_RE.split(paragraph)
        if isinstance(paragraph, TableLine) and len(parts) == 1:
            lines.append(paragraph)
            continue
        lines += [strip_invisible(part) for part in parts if part.strip()]
    return lines


def _clean(line: str) -> str:
    cleaned = _SPACE_RE.sub(" ", strip_invisible(line)).strip()
    return TableLine(cleaned, line.columns) if isinstance(line, TableLine) else cleaned


_NO_STRUCTURE = "没有找到带编号的标题或任务（如“一、”“（一）”“1.”），无法识别方案结构，请核对文件。"


def _signature_start(lines: list[str], first: int) -> int:
    """Index where the trailing 署名/date/印发 lines begin (len(lines) when there are none)."""
    end = len(lines)
    while end > first + 1 and not match_marker(lines[end - 1]):
        if not is_signature_line(lines[end - 1]):
            break
        end -= 1
    return end


def _heading_before(lines: list[str], first: int) -> bool:
    """Whether the line above the first numbered one heads it ("理论学习"), not the title."""
    if first < 2:
        return False
    line = lines[first - 1]
    compact = line.replace(" ", "")
    return (
        is_plain_heading(line)
        and not DOC_TYPE_END_RE.search(compact)
        and not ORG_END_RE.search(compact)
        and not DOC_NUMBER_RE.match(line)
    )


def parse_plan_text(paragraphs: Sequence[str]) -> ParsedPlan:
    """Parse the paragraphs of a plan (one string per paragraph; blank ones are ignored).

    Raises :class:`PlanImportError` for a plan of more than PLAN_TASKS numbered items.
    """
    tables = convert_text_tables(_raw_lines(paragraphs))
    unplaced = list(tables.unplaced)
    lines, inline_splits = split_inline([line for line in map(_clean, tables.lines) if line])
    first = next((i for i, line in enumerate(lines) if match_marker(line)), None)
    if first is None:
        wrapper, head = strip_wrapper(lines)
        title, preamble = split_head(head)
        return ParsedPlan(
            title or (wrapper.title if wrapper else ""),
            "\n".join(preamble),
            (),
            "",
            (_NO_STRUCTURE,),
            wrapper=wrapper.text if wrapper else "",
        )

    end = _signature_start(lines, first)
    wrapper, head = strip_wrapper(lines[:first])
    lines = head + lines[first:]
    end -= first - len(head)
    first = len(head)
    if _heading_before(lines, first):
        first -= 1
    title, preamble = split_head(lines[:first])
    warnings: list[str] = []
    if wrapper is not None:
        title = title or wrapper.title
        notice = wrapper.text.splitlines()
        warnings.append(
            f"方案外套有印发通知（“{notice[0][:20]}…”等 {len(notice)} 行），已跳过，"
            f"标题取方案本身的标题“{title[:30]}”，请核对。"
        )
    if not title:
        warnings.append("没有识别到方案标题，请在导入后补填。")
    for line in preamble:
        if take_marking(line).responsibility is not None:
            warnings.append(f"第一个编号标题之前的段落“{line[:16]}…”带有责任分工，已忽略，请核对。")
            unplaced.append(line)
    if inline_splits:
        warnings.append(
            f"有 {inline_splits} 处编号写在一段文字之中（如从网页复制的方案），"
            "已按编号拆为单独的项，请核对。"
        )
    if tables.tables:
        warnings.append(f"已按表头读取 {tables.tables} 个表格（每行一项），请核对各列的内容。")

    builder = TreeBuilder()
    builder.feed(lines[first:end])
    warnings += builder.finish()
    sections = tuple(child.freeze(1) for child in builder.root.children)
    sections, articles, under = split_preamble_articles(sections)
    if articles:
        names = "、".join(f"{node.marker}" for node in articles)
        warnings.append(
            f"开头的{names}是目的、依据、原则或适用范围，不作为任务导入；"
            "如需作为任务，请在预览中勾选。"
        )
    warnings += summary_warnings(sections)
    if unplaced:
        warnings.append(f"有 {len(unplaced)} 行文字没能归入任何一项，见“未归入的文字”，请核对。")
    return ParsedPlan(
        title=title,
        preamble="\n".join(preamble),
        sections=sections,
        signature="\n".join(lines[end:]),
        warnings=tuple(warnings),
        unplaced=tuple(unplaced),
        preamble_articles=articles,
        preamble_articles_under=under,
        wrapper=wrapper.text if wrapper else "",
    )


def parse_plan_file(path: Path) -> ParsedPlan:
    """Read a .docx or .txt plan and parse it.

    Raises :class:`PlanImportError` when the file cannot be read or holds no numbered items.
    """
    paragraphs = read_paragraphs(path)
    try:
        plan = parse_plan_text(paragraphs)
    except PlanImportError as error:
        raise PlanImportError(f"文件“{path.name}”：{error.message}") from None
    if not plan.sections:
        raise PlanImportError(
            f"文件“{path.name}”中没有找到带编号的标题或任务（如“一、”“（一）”“1.”），"
            "看起来不是实施方案。请确认选择了正确的文件，且方案中的标题和任务带有"
            "“一、”“1.”等编号。"
        )
    return plan


def plan_to_json(plan: ParsedPlan) -> list[dict[str, Any]]:
    """The section tree as JSON-ready dicts (lists instead of tuples)."""

    def convert(node: PlanNode) -> dict[str, Any]:
        return {
            "text": node.text,
            "marker": node.marker,
            "level": node.level,
            "leaders": list(node.leaders),
            "offices": list(node.offices),
            "leaders_placeholder": node.leaders_placeholder,
            "offices_placeholder": node.offices_placeholder,
            "leader_roles": [{"name": r.name, "role": r.role} for r in node.leader_roles],
            "unit_roles": [{"name": r.name, "role": r.role} for r in node.unit_roles],
            "deadline": node.deadline_text,
            "score": None if node.score is None else str(node.score),
            "sources": list(node.sources),
            "post": node.post,
            "post_role": node.post_role if node.post else "",
            "body": node.body,
            "children": [convert(child) for child in node.children],
        }

    return [convert(section) for section in plan.sections]
