"""Plans pasted from a web page: items written inline in one long paragraph.

A web page's text pasted into Notepad often loses its line breaks: "……实施方案 为……，制定本方案。
一、总体要求 ……。二、主要任务 1、加强理论学习……；2、抓好阵地管理……；3、……". The items are
there, marked as usual, only not at the start of a line. A long line is split before each marker
that belongs to a run 1, 2, 3 … of one style, written after a sentence's end or a space; the
first item of a run is split too (the outline parser itself only splits a marker that continues
numbering it has already seen).

Ordinary plans are left as they were: only lines of at least ``LONG_LINE`` characters with a
run of three or more are split, unless no line of the text starts with a marker at all (then a
run of two does, and even a lone "1、" after a sentence's end).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ideowork.importers.plan_markers import Marker, is_plain_heading, match_marker

LONG_LINE = 120
# Where an inline item may start: after a sentence's end or a colon, or after a space.
_BOUNDARY_RE = re.compile(r"[。；;！？!?：:]\s*|(?<=[\u4e00-\u9fff”）)])\s+")


def _candidates(line: str) -> list[tuple[int, Marker]]:
    found: list[tuple[int, Marker]] = []
    own = match_marker(line)
    if own is not None:
        found.append((0, own))
    for match in _BOUNDARY_RE.finditer(line):
        position = match.end()
        marker = match_marker(line, position)
        if marker is not None and marker.end < len(line):
            found.append((position, marker))
    return found


def _runs(candidates: list[tuple[int, Marker]], shortest: int) -> list[int]:
    """Positions of markers that form runs 1, 2, 3 … of one style at least ``shortest`` long."""
    chosen: list[int] = []
    styles = {marker.style for _, marker in candidates}
    for style in styles:
        run: list[int] = []
        last = 0
        for position, marker in candidates:
            if marker.style != style:
                continue
            if marker.number == 1:
                if len(run) >= shortest:
                    chosen += run
                run, last = [position], 1
            elif run and marker.number == last + 1:
                run.append(position)
                last = marker.number
        if len(run) >= shortest:
            chosen += run
    return sorted(set(chosen))


def split_inline(lines: Sequence[str]) -> tuple[list[str], int]:
    """The lines with inline items put on lines of their own, and how many splits were made."""
    unstructured = not any(match_marker(line) for line in lines)
    out: list[str] = []
    splits = 0
    for line in lines:
        if not unstructured and len(line) < LONG_LINE:
            out.append(line)
            continue
        candidates = _candidates(line)
        positions = [p for p in _runs(candidates, 2 if unstructured else 3) if p > 0]
        if not positions and unstructured:
            # A lone item after a sentence: "……要求如下：1、加强学习。"
            positions = [p for p, marker in candidates if p > 0 and marker.number == 1][:1]
        start = 0
        for position in positions:
            out += _heading_and_body(line[start:position].strip(), start > 0)
            start = position
            splits += 1
        out += _heading_and_body(line[start:].strip(), start > 0)
    return [line for line in out if line], splits


def _heading_and_body(piece: str, split_off: bool) -> list[str]:
    """ "一、工作目标 牢牢掌握……。" as its heading and its body, when split out of a paragraph."""
    marker = match_marker(piece) if split_off else None
    if marker is None:
        return [piece]
    head, space, rest = piece[marker.end :].strip().partition(" ")
    if space and rest and is_plain_heading(head):
        return [piece[: marker.end] + head, rest.strip()]
    return [piece]
