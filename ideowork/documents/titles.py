"""Breaking a long title into balanced lines (梯形 or 菱形), never inside a word we know."""

from __future__ import annotations

from itertools import combinations, pairwise

from .linebreak import can_break_between, char_units

# Words of this domain that must not be split across the lines of a title.
_WORDS = (
    "意识形态",
    "工作",
    "责任制",
    "实施方案",
    "实施细则",
    "方案",
    "办法",
    "要点",
    "分析研判",
    "研判",
    "报告",
    "通知",
    "请示",
    "意见",
    "情况",
    "落实",
    "季度",
    "上半年",
    "下半年",
    "年度",
    "党组",
    "党委",
    "党支部",
    "支部",
    "委员会",
    "宣传部",
    "中共",
    "关于",
    "上报",
    "印发",
    "网络",
    "舆情",
    "责任",
    "清单",
    "整改",
    "学习",
    "中心组",
)
MAX_BRUTE_FORCE_LINES = 4


def _protected(text: str) -> list[bool]:
    """``protected[i]``: a break before ``text[i]`` would split a word or a number."""
    out = [False] * (len(text) + 1)
    for word in _WORDS:
        pos = text.find(word)
        while pos >= 0:
            for i in range(pos + 1, pos + len(word)):
                out[i] = True
            pos = text.find(word, pos + 1)
    return out


def _inside_book_title(text: str) -> list[bool]:
    out = [False] * (len(text) + 1)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        out[i + 1] = depth > 0
    return out


def split_title(text: str, max_units: float) -> list[str]:
    """Lines of ``text`` (explicit ``\\n`` breaks kept) each at most ``max_units`` wide."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(_split_one(line, max_units))
    return out


def _split_one(text: str, max_units: float) -> list[str]:
    widths = [char_units(ch) for ch in text]
    total = sum(widths)
    if total <= max_units or len(text) < 2:
        return [text]
    count = int(-(-total // max_units))
    if count > MAX_BRUTE_FORCE_LINES:
        return _greedy(text, widths, max_units)
    protected = _protected(text)
    in_book = _inside_book_title(text)
    best: tuple[float, tuple[int, ...]] | None = None
    positions = range(1, len(text))
    for lines in range(count, min(count + 1, MAX_BRUTE_FORCE_LINES) + 1):
        for cuts in combinations(positions, lines - 1):
            bounds = (0, *cuts, len(text))
            sizes = [sum(widths[a:b]) for a, b in pairwise(bounds)]
            if max(sizes) > max_units:
                continue
            score = _score(text, cuts, sizes, protected, in_book)
            if best is None or score < best[0]:
                best = (score, cuts)
        if best is not None:
            break
    if best is None:
        return _greedy(text, widths, max_units)
    bounds = (0, *best[1], len(text))
    return [text[a:b] for a, b in pairwise(bounds)]


def _score(
    text: str,
    cuts: tuple[int, ...],
    sizes: list[float],
    protected: list[bool],
    in_book: list[bool],
) -> float:
    mean = sum(sizes) / len(sizes)
    score = sum((s - mean) ** 2 for s in sizes)
    for cut in cuts:
        if not can_break_between(text[cut - 1], text[cut]):
            score += 1000
        if protected[cut]:
            score += 60
        if in_book[cut]:
            score += 8
        if text[cut - 1] in "，、》" or text[cut] == "《":
            score -= 6
    if len(sizes) == 3 and not sizes[1] >= max(sizes[0], sizes[2]):
        score += 4  # a three-line title is a diamond: the middle line the longest
    if len(sizes) == 2 and abs(sizes[0] - sizes[1]) < 0.5:
        score += 2  # two equal lines look like a block, not a trapezoid
    return score


def _greedy(text: str, widths: list[float], max_units: float) -> list[str]:
    lines: list[str] = []
    start = 0
    while start < len(text):
        total = 0.0
        end = start
        while end < len(text) and (end == start or total + widths[end] <= max_units):
            total += widths[end]
            end += 1
        if end < len(text):
            for k in range(end, start, -1):
                if can_break_between(text[k - 1], text[k]):
                    end = k
                    break
        lines.append(text[start:end])
        start = end
    return lines
