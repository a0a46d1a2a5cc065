"""Templates to document markup: the Jinja2 environment and the filters that keep data literal.

A template writes markup (ideowork.documents.markup); the data it puts in goes through these
filters, so text typed by a user can never become a heading, a table or an attachment:
`field` for the value of a header line (文号, 标题, 主送, 署名 …), `one_line` for headings, list
items and text inside a line, `lead` for data that begins a body line, `continued` inside a
paragraph, `paragraph` for data that makes its own paragraphs, `cell` for table cells. No data
reaches the markup without one of them (tests/documents/test_template_injection.py feeds every
field of every template with markup and line breaks).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ideowork.documents.markup import escape_cell, escape_line
from ideowork.domain.numerals import count_word

_SENTENCE_END = re.compile(r"^(.+?[。；])(.+)$")


def sentence(text: str) -> str:
    """A run-in heading ends with a full stop: 严把正确政治导向。"""
    return text if not text or text[-1] in "。！？；：" else text + "。"


def split_sentence(text: str) -> tuple[str, str]:
    """A long task becomes a run-in heading: its first sentence, then the rest."""
    match = _SENTENCE_END.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


# Control characters a document cannot hold (the DOCX writer refuses them): an import can
# bring them in, and they are no text anyone meant. Tabs and line breaks are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _lines(text: str) -> list[str]:
    """The text's lines, trimmed, without empty ones: every line break Python knows (CR, LF,
    the Unicode separators, a vertical tab or form feed) ends a line, as in the markup."""
    cleaned = _CONTROL.sub("", text)
    return [line.strip() for line in cleaned.splitlines() if line.strip()]


def one_line(text: str) -> str:
    """Data for a heading or a list item, which the markup keeps on one line."""
    return "".join(_lines(text))


def field(text: str) -> str:
    """The value of a header line (``文号：…``): one line, so a value can never add a field, a
    title line or the ``---`` that ends the header; the line begins with its field's name, so
    the value itself is never read as a field or as the separator."""
    return one_line(text)


# What makes a body line markup (see ideowork.documents.markup): a list number is caught even
# before the space that completes it, since the template's own text may follow the data.
_MARKUP_START = re.compile(r"^([#+|>\[\\-]|\d+[.．])")


def lead(text: str) -> str:
    """Data that begins a body line, the template's text following it: one line, and escaped
    when it would otherwise be read as a heading, a list item, a table row or a tag."""
    line = one_line(text)
    return "\\" + line if _MARKUP_START.match(line) else line


def continued(text: str) -> str:
    """Data inside a paragraph: a line break the user typed starts a new, literal paragraph."""
    lines = _lines(text)
    return "\n".join(lines[:1] + [escape_line(line) for line in lines[1:]])


def paragraphs(text: str) -> str:
    """Data that starts its own paragraphs: every line literal, never read as markup."""
    return "\n".join(escape_line(line) for line in _lines(text))


def cell(text: str) -> str:
    """Data for one table cell (one line, | escaped)."""
    return escape_cell(" ".join(_lines(text)))


FILTERS: dict[str, Callable[..., Any]] = {
    "sentence": sentence,
    "split_sentence": split_sentence,
    "field": field,
    "one_line": one_line,
    "lead": lead,
    "continued": continued,
    "paragraph": paragraphs,
    "cell": cell,
    "cn_count": count_word,
}


@functools.cache
def markup_environment(folder: Path) -> Environment:
    """One environment per template folder and process, so each template compiles once."""
    environment = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is document markup, not HTML
    )
    environment.filters.update(FILTERS)
    return environment


def tidy(markup: str) -> str:
    """Drop the blank lines template logic leaves behind; markup ignores them anyway."""
    lines = [line.rstrip() for line in markup.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
