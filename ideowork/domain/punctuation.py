"""Half-width punctuation in Chinese text, as pasted from web pages and old files, made full-width.

Official documents use full-width marks (，；：？！（）) in Chinese text; a half-width comma
between two Chinese characters is a typing slip. Marks between Latin letters or digits stay as
they are (1,000; 3:30; (a)).
"""

from __future__ import annotations

import re

_CJK = r"[\u3400-\u9fff\uf900-\ufaff“”‘’《》（）、。，；：！？…—]"
_PAIRS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_MARK_AFTER_CJK = re.compile(rf"(?<={_CJK})\s*([,;:?!])\s*")
_PARENS = re.compile(r"\(([^()]*)\)")


def _has_cjk(text: str) -> bool:
    return re.search(r"[\u3400-\u9fff]", text) is not None


def full_width_punctuation(text: str) -> str:
    """Make the marks that follow a Chinese character full-width, and (…) around Chinese."""
    text = _MARK_AFTER_CJK.sub(lambda m: _PAIRS[m.group(1)], text)
    return _PARENS.sub(lambda m: f"（{m.group(1)}）" if _has_cjk(m.group(1)) else m.group(0), text)
