"""Templates to document markup: the Jinja2 environment and the filters that keep data literal.

A template writes markup (ideowork.documents.markup); the data it puts in goes through these
filters, so text typed by a user can never become a heading, a table or an attachment:
`one_line` for headings and list items, `continued` inside a paragraph, `paragraph` for data
that makes its own paragraphs, `cell` for table cells.
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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def one_line(text: str) -> str:
    """Data for a heading or a list item, which the markup keeps on one line."""
    return "".join(_lines(text))


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
    "one_line": one_line,
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
