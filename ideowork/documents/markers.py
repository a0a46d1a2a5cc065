"""The "to be filled" marker 【待填写：说明】 inside any text of a document.

A template writes a marker where it cannot know the text (``【待填写：主要做法】``); the
writers show it highlighted, and the pre-print check lists every marker still present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER_RE = re.compile(r"【待填写(?:[：:]([^】\n]*))?】")


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``unfilled`` when it is a whole marker."""

    text: str
    unfilled: bool = False


def fill_marker(hint: str = "") -> str:
    """The marker text for ``hint``: 【待填写：hint】 (or 【待填写】)."""
    return f"【待填写：{hint}】" if hint else "【待填写】"


def split_markers(text: str) -> list[Segment]:
    """Split ``text`` into plain segments and marker segments (in order, none empty)."""
    out: list[Segment] = []
    pos = 0
    for match in MARKER_RE.finditer(text):
        if match.start() > pos:
            out.append(Segment(text[pos : match.start()]))
        out.append(Segment(match.group(0), unfilled=True))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def marker_hints(text: str) -> list[str]:
    """The hints of all markers in ``text`` (empty string for a bare 【待填写】)."""
    return [(m.group(1) or "").strip() for m in MARKER_RE.finditer(text)]
