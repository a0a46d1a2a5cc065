"""Parse an existing 实施方案 (落实意识形态工作责任制实施方案 and the like) into a tree of tasks.

A plan is a title, a preamble, numbered sections (一、 （一） 1. （1） ① 第一条 …) whose leaf items
are tasks, each optionally followed by a responsibility parenthesis such as
"（责任领导：张三、李四；责任股室：办公室）", and a trailing signature (署名, date, 印发 lines).

The outline is built like a word processor's: the first marker style met under a parent is that
parent's child level, so documents that mix styles in any order (一、 then 1、 then (1)) work.
The parser never raises on odd text; what the user should check is reported in ``warnings``.
It raises only for a plan beyond the size an import accepts (more than 5 000 numbered items),
as soon as it gets there.

Names in the responsibility parentheses come out in their one spelling (ideowork.domain.names):
no zero-width characters, half-width letters and digits, and a two-character name padded with
spaces ("张  三") kept whole instead of split into two names.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ideowork.domain.names import (
    join_padded_names,
    office_name_form,
    person_name_form,
    strip_invisible,
)
from ideowork.domain.numerals import (
    DATE_DIGIT_CHARS,
    NONZERO_DIGIT_CHARS,
    ZERO_CHARS,
    parse_chinese,
)
from ideowork.domain.roles import NamedRole
from ideowork.importers.document_text import read_paragraphs
from ideowork.importers.errors import PlanImportError
from ideowork.importers.limits import PLAN_TASKS, task_count_message

__all__ = [
    "ParsedPlan",
    "PlanImportError",
    "PlanNode",
    "parse_plan_file",
    "parse_plan_text",
    "plan_to_json",
]


@dataclass(frozen=True)
class PlanNode:
    """A numbered heading or task of the plan."""

    text: str
    marker: str
    level: int
    leaders: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    leaders_placeholder: bool = False
    offices_placeholder: bool = False
    body: str = ""
    children: tuple[PlanNode, ...] = ()
    # With roles (牵头领导 …, 配合单位 …): when given, these say each name's role; names in
    # `leaders` / `offices` not listed here are 责任领导 / 责任单位. `units` may name units that
    # are not offices of ours (各街道 …): the importer keeps those as text.
    leader_roles: tuple[NamedRole, ...] = ()
    unit_roles: tuple[NamedRole, ...] = ()
    deadline_text: str = ""  # 完成时限 as written (2020年6月底, 长期, 每季度 …)
    score: Decimal | None = None  # 考核细则 points: "（3分）"
    # For the preview: where each name came from ("责任单位：取自所在标题“（一）…”" …).
    sources: tuple[str, ...] = ()

    def leaders_with_roles(self) -> tuple[NamedRole, ...]:
        """Every leader with a role, in the plan's order."""
        return _with_roles(self.leaders, self.leader_roles)

    def units_with_roles(self) -> tuple[NamedRole, ...]:
        """Every unit (offices and units outside) with a role, in the plan's order."""
        return _with_roles(self.offices, self.unit_roles)

    def iter_nodes(self) -> Iterator[PlanNode]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.iter_nodes()


def _with_roles(names: Sequence[str], roles: Sequence[NamedRole]) -> tuple[NamedRole, ...]:
    given = {r.name: r for r in roles}
    out = [given.get(name) or NamedRole(name) for name in names]
    out += [r for r in roles if r.name not in set(names)]
    return tuple(out)


@dataclass(frozen=True)
class ParsedPlan:
    """The whole plan: title, preamble, section tree, signature and warnings for the user."""

    title: str
    preamble: str
    sections: tuple[PlanNode, ...]
    signature: str
    warnings: tuple[str, ...]

    def iter_nodes(self) -> Iterator[PlanNode]:
        """Every node of the plan, in document order."""
        for section in self.sections:
            yield from section.iter_nodes()

    def tasks(self) -> list[PlanNode]:
        """The leaf nodes (numbered items without children)."""
        return [node for node in self.iter_nodes() if not node.children]


# --- numbering markers ----------------------------------------------------------------------

# Up to 百 and four characters (一百零五); no 千/万, so 三万、五万元 is no marker
_CN_NUMERAL = f"[{NONZERO_DIGIT_CHARS}{ZERO_CHARS}两十百]{{1,4}}"
_ARABIC = "[0-9０-９]{1,3}"
_MARKER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*章")),
    ("part", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*部分")),
    ("subsection", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*节")),
    ("article", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*条")),
    ("cn", re.compile(rf"({_CN_NUMERAL})\s*[、．.]")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN_NUMERAL})\s*[）)]")),
    ("arabic_paren", re.compile(rf"[（(]\s*({_ARABIC})\s*[）)]")),
    ("arabic_paren", re.compile("([\u2474-\u2487])")),  # ⑴ ⑵ …
    ("arabic_rparen", re.compile(rf"({_ARABIC})\s*[）)]")),
    ("arabic", re.compile(rf"({_ARABIC})\s*[、．.](?![0-9０-９])")),
    ("arabic", re.compile("([\u2488-\u249b])")),  # ⒈ ⒉ …
    ("circled", re.compile("([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])")),  # ① ② …
)


@dataclass(frozen=True)
class _Marker:
    style: str
    number: int
    written: str  # the marker as written, inner spaces removed
    end: int  # index in the line where the text after the marker starts


_ENCLOSED_RANGES = (
    (0x2460, 0x2473, 1),  # ① … ⑳
    (0x3251, 0x325F, 21),  # ㉑ … ㉟
    (0x32B1, 0x32BF, 36),  # ㊱ … ㊿
    (0x2474, 0x2487, 1),  # ⑴ … ⒇
    (0x2488, 0x249B, 1),  # ⒈ … ⒛
)


def _numeral_value(numeral: str) -> int:
    """Value of "12", "１２", "十二", "二十一", "一〇", "⑦", "⑴" or "⒈"; ValueError for "十十"."""
    if numeral.isdecimal():
        return int(numeral)  # int() accepts full-width digits too
    if len(numeral) == 1:
        for first, last, base in _ENCLOSED_RANGES:
            if first <= ord(numeral) <= last:
                return base + ord(numeral) - first
    return parse_chinese(numeral)


def _match_marker(line: str, pos: int = 0) -> _Marker | None:
    for style, pattern in _MARKER_PATTERNS:
        match = pattern.match(line, pos)
        if match:
            try:
                number = _numeral_value(match.group(1))
            except ValueError:  # 十十、 or 一百五、: not a number, so not a marker
                continue
            written = re.sub(r"\s+", "", match.group(0))
            return _Marker(style, number, written, match.end())
    return None


# --- the responsibility parenthesis ---------------------------------------------------------

_LEADER_LABELS: tuple[str, ...] = (
    "主要责任人", "直接责任人", "责任领导", "牵头领导", "分管领导", "联系领导", "包保领导",
    "责任人",
)  # fmt: skip
_OFFICE_LABELS: tuple[str, ...] = (
    "责任股室", "责任科室", "责任处室", "责任单位", "责任部门", "责任站所", "牵头单位", "牵头部门",
    "牵头股室", "牵头科室", "配合单位", "配合部门", "配合股室", "配合科室", "协办单位", "参与单位",
)  # fmt: skip
_KNOWN_LABEL = "|".join(sorted(_LEADER_LABELS + _OFFICE_LABELS, key=len, reverse=True))
_FIELD_RE = re.compile(
    rf"(?:(?P<known>{_KNOWN_LABEL})\s*[:：]?|(?P<other>[\u4e00-\u9fff]{{2,8}})\s*[:：])"
)
# "（责任领导：…" or "（责任领导 …", but not "（责任人员名单见附件）".
_STARTS_WITH_LABEL = re.compile(rf"\s*(?:{_KNOWN_LABEL})(?:\s*[:：]|\s+\S)")
_LABEL_LINE_RE = re.compile(rf"\s*(?:{_KNOWN_LABEL})\s*[:：]")
_OPENERS, _CLOSERS = "（(【[〔", "）)】]〕"
_TRAILING_PUNCT = "。.；;，,、 "
_PLACEHOLDER_RE = re.compile(
    r"[xX×*＊Ｘｘ✕╳]{2,}|^[xX×*＊Ｘｘ✕╳]$|[_＿]{2,}|…|某某|待定|待补|待填|^[（(]?空[）)]?$"
)
_EMPTY_VALUES = {"无", "-", "—", "——", "/", "／"}


@dataclass
class _Responsibility:
    leaders: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    leaders_placeholder: bool = False
    offices_placeholder: bool = False
    other: list[str] = field(default_factory=list)  # unrecognised "label：value" fields


def _split_top_level(value: str) -> list[str]:
    """Split a list of names on 、，, / ; and spaces, but not inside nested brackets."""
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in value:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、，,/／;；： \t":
            tokens.append("".join(current))
            current = []
        else:
            current.append(ch)
    tokens.append("".join(current))
    return [token.strip(" 。.:：") for token in tokens if token.strip(" 。.:：")]


_POST_RE = re.compile(
    r"(书记|局长|主任|组长|委员|科长|股长|部长|镇长|乡长|所长|院长|校长|站长|队长|主席|成员|领导)$"
)


def _person(token: str) -> str:
    """A leader's name without a post or 同志.

    "张三（党组书记）" and "党组书记（张三）" both give 张三, and "张三同志" gives 张三.
    """
    token = token.removesuffix("同志") or token
    match = re.fullmatch(r"(.+?)[（(]([^（()）]+)[）)]", token)
    if match is None:
        return token
    outer, inner = match.groups()
    if _POST_RE.search(outer) and not _POST_RE.search(inner):
        return inner.strip()
    return outer.strip()


def _names(value: str, people: bool) -> tuple[list[str], bool]:
    """The real names in a field value, and whether it held a placeholder."""
    names: list[str] = []
    placeholder = False
    for token in _split_top_level(join_padded_names(value) if people else value):
        if token in _EMPTY_VALUES:
            continue
        if _PLACEHOLDER_RE.search(token):
            placeholder = True
            continue
        name = person_name_form(_person(token)) if people else office_name_form(token)
        if name and name not in names:
            names.append(name)
    return names, placeholder


def _parse_fields(content: str) -> _Responsibility:
    result = _Responsibility()
    matches = list(_FIELD_RE.finditer(content))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(content)
        value = content[match.end() : end].strip(" ；;，,。.")
        label = match.group("known")
        if label is None:
            if value:
                result.other.append(f"{match.group('other')}：{value}")
            continue
        names, placeholder = _names(value, people=label in _LEADER_LABELS)
        if label in _LEADER_LABELS:
            result.leaders += [name for name in names if name not in result.leaders]
            result.leaders_placeholder |= placeholder
        else:
            result.offices += [name for name in names if name not in result.offices]
            result.offices_placeholder |= placeholder
    return result


def _opening_index(text: str, close: int) -> int | None:
    """Index of the bracket opening the one closing at ``close`` (full/half width mixed)."""
    depth = 0
    for index in range(close, -1, -1):
        if text[index] in _CLOSERS:
            depth += 1
        elif text[index] in _OPENERS:
            depth -= 1
            if depth == 0:
                return index
    return None


def _take_responsibility(line: str) -> tuple[str, _Responsibility | None, bool]:
    """Remove trailing responsibility parentheses from ``line``.

    Returns the remaining text, the responsibility found (None when there is none) and whether a
    parenthesis was left unclosed. A line that is only "责任领导：…；责任股室：…" without
    brackets is taken whole.
    """
    if _LABEL_LINE_RE.match(line):
        return "", _parse_fields(line), False
    contents: list[str] = []
    text = line
    unclosed = False
    while True:
        stripped = text.rstrip(_TRAILING_PUNCT)
        if stripped and stripped[-1] in _CLOSERS:
            start = _opening_index(stripped, len(stripped) - 1)
            if start is None or not _STARTS_WITH_LABEL.match(stripped, start + 1):
                break
            contents.insert(0, stripped[start + 1 : -1])
            tail = text[len(stripped) :].strip()
            head = stripped[:start].rstrip()
            text = head if head.endswith(tuple("。；;！？!?")) else head + tail
            continue
        # A parenthesis opened but never closed: "任务（责任领导：张三；责任股室：办公室".
        opened = list(re.finditer(rf"[{re.escape(_OPENERS)}]", text)) if not contents else []
        if opened and _STARTS_WITH_LABEL.match(text, opened[-1].end()):
            rest = text[opened[-1].end() :]
            if not any(ch in _CLOSERS for ch in rest):
                contents.insert(0, rest.rstrip(_TRAILING_PUNCT))
                text = text[: opened[-1].start()].rstrip()
                unclosed = True
        break
    if not contents:
        return line, None, False
    result = _Responsibility()
    for content in contents:
        part = _parse_fields(content)
        _merge(result, part)
    if result.other:
        text = f"{text}（{'；'.join(result.other)}）"
    return text.strip(), result, unclosed


def _merge(target: _Responsibility, extra: _Responsibility) -> None:
    target.leaders += [name for name in extra.leaders if name not in target.leaders]
    target.offices += [name for name in extra.offices if name not in target.offices]
    target.leaders_placeholder |= extra.leaders_placeholder
    target.offices_placeholder |= extra.offices_placeholder
    target.other += extra.other


# --- lines, title and signature -------------------------------------------------------------

_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\v\f\u2028\u2029\x85]")
_SPACE_RE = re.compile(r"\s+")  # Unicode-aware: covers full-width spaces, NBSP, tabs


def _clean_lines(paragraphs: Iterable[str]) -> list[str]:
    lines = []
    for paragraph in paragraphs:
        for part in _LINE_BREAK_RE.split(paragraph):
            line = _SPACE_RE.sub(" ", strip_invisible(part)).strip()
            if line:
                lines.append(line)
    return lines


_SENTENCE_PUNCT_RE = re.compile(r"[。；;，,！？!?]|[:：]$")
_DOC_NUMBER_RE = re.compile(
    r"^\S{1,12}[〔\[［【(（]\s*[0-9０-９]{4}\s*[〕\]］】)）]\s*[0-9０-９]+\s*号$"
)
_DATE_PART = f"[0-9０-９xX×*＊{DATE_DIGIT_CHARS}十]"
_DATE_RE = re.compile(
    rf"^{_DATE_PART}{{1,4}}\s*年\s*{_DATE_PART}{{1,2}}\s*月(\s*{_DATE_PART}{{1,3}}\s*日)?"
    r"\s*(印发|发布|制定|制|修订|起施行|起执行)?$"
)
_DOC_TYPE_END_RE = re.compile(
    r"(方案|办法|细则|要点|规定|制度|意见|通知|清单|计划|报告|规划|措施|决定|责任制)"
    r"([（(][^（()）]{1,20}[）)])?$"
)
_ORG_END_RE = re.compile(
    r"(委员会|党委|党组|支部|总支|办公室|政府|局|院|所|中心|部|科|室|处|站|小组|街道|镇|乡|村"
    r"|社区|公司|学校|医院|机关|印发|印制)$"
)
_SIGNATURE_PREFIX_RE = re.compile(r"^(抄送|抄报|主送|印送|中共)|^[（(]此(件|页)")


def _is_signature_line(line: str) -> bool:
    if _DATE_RE.match(line):
        return True
    compact = line.replace(" ", "")
    if len(compact) > 40 or _SENTENCE_PUNCT_RE.search(compact.removesuffix("：")):
        return bool(_SIGNATURE_PREFIX_RE.match(compact) and len(compact) <= 60)
    parts = line.split(" ")
    if len(parts) > 1 and all(_is_signature_line(part) for part in parts):
        return True  # "中共某某局党组办公室 2018年4月5日印发"
    return bool(_ORG_END_RE.search(compact) or _SIGNATURE_PREFIX_RE.match(compact))


def _despace_cjk(text: str) -> str:
    """Remove spaces between CJK characters, as in a spaced-out title "实 施 方 案"."""
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def _looks_like_title(line: str) -> bool:
    compact = line.replace(" ", "")
    if len(compact) > 50 or _SENTENCE_PUNCT_RE.search(compact):
        return False
    return _take_responsibility(line)[1] is None


def _placeholder_free(text: str) -> str:
    return re.sub(r"[xX×*＊Ｘｘ]+|[（(][^（()）]*[）)]", "", text)


def _split_head(lines: list[str]) -> tuple[str, list[str]]:
    """Title and preamble lines from the lines before the first numbered heading."""
    title_lines: list[str] = []
    aside: list[str] = []  # 文号 and date lines among the title lines go to the preamble
    index = 0
    while index < len(lines) and (
        _looks_like_title(lines[index]) or _DOC_NUMBER_RE.match(lines[index])
    ):
        line = lines[index]
        if _DOC_NUMBER_RE.match(line) or _DATE_RE.match(line):
            aside.append(line)
        else:
            title_lines.append(_despace_cjk(line))
        index += 1
    groups: list[str] = []
    current = ""
    for line in title_lines:
        if not current and groups and re.fullmatch(r"[（(][^（()）]{1,20}[）)]", line):
            groups[-1] += line  # "（试行）" under the title
            continue
        current += line
        if _DOC_TYPE_END_RE.search(current):
            groups.append(current)
            current = ""
    if current:
        groups.append(current)
    distinct: list[str] = []
    for group in groups:
        # A repeated title (often once as the file's heading, once as the document's) is kept
        # once, in its later form: the one standing right above the body. An earlier line that
        # the later title contains (a spaced-out "实 施 方 案" banner) is dropped as well.
        key = _placeholder_free(group)
        distinct = [kept for kept in distinct if _placeholder_free(kept) not in key]
        distinct.append(group)
    return "\n".join(distinct), aside + lines[index:]


# --- building the tree ----------------------------------------------------------------------


@dataclass
class _Draft:
    """A node under construction."""

    style: str
    number: int
    marker: str
    text: str
    responsibility: _Responsibility | None = None
    body: list[str] = field(default_factory=list)
    body_has_responsibility: bool = False
    children: list[_Draft] = field(default_factory=list)
    last_child_of_style: dict[str, _Draft] = field(default_factory=dict)

    def add_child(self, child: _Draft) -> None:
        self.children.append(child)
        self.last_child_of_style[child.style] = child

    def label(self) -> str:
        text = self.text if len(self.text) <= 18 else self.text[:18] + "…"
        return f"「{self.marker}{text}」"

    def freeze(self, level: int) -> PlanNode:
        resp = self.responsibility or _Responsibility()
        return PlanNode(
            text=self.text,
            marker=self.marker,
            level=level,
            leaders=tuple(resp.leaders),
            offices=tuple(resp.offices),
            leaders_placeholder=resp.leaders_placeholder,
            offices_placeholder=resp.offices_placeholder,
            body="\n".join(self.body),
            children=tuple(child.freeze(level + 1) for child in self.children),
        )


class _TreeBuilder:
    def __init__(self, max_nodes: int = PLAN_TASKS) -> None:
        self.root = _Draft(style="", number=0, marker="", text="")
        self.stack: list[_Draft] = [self.root]
        self.warnings: list[str] = []
        self.inline_splits: list[str] = []
        self.max_nodes = max_nodes
        self.nodes = 0

    def feed(self, lines: Iterable[str]) -> None:
        queue = deque(lines)
        while queue:
            line = queue.popleft()
            marker = _match_marker(line)
            split = self._inline_heading(line, marker)
            if split is not None:
                queue.appendleft(line[split:])
                self.inline_splits.append(line[split:][:16])
                line = line[:split].rstrip()
            if marker is not None:
                self._add_numbered(marker, line[marker.end :].strip())
            else:
                self._add_unnumbered(line)
            if self.nodes > self.max_nodes:
                # Stop here; the numbered lines still to come give the size for the message.
                rest = sum(1 for line in queue if _match_marker(line))
                raise PlanImportError(task_count_message(self.nodes + rest, at_least=True))

    def _continues(self, marker: _Marker) -> bool:
        for node in self.stack:
            last = node.last_child_of_style.get(marker.style)
            if last is not None and last.number + 1 == marker.number:
                return True
        return False

    def _inline_heading(self, line: str, own: _Marker | None) -> int | None:
        """Where a heading that continues the outline starts inside ``line`` ("…。(二)…")."""
        start = own.end if own else 0
        for match in re.finditer(r"[。；;！？!?]\s*", line[start:]):
            position = start + match.end()
            marker = _match_marker(line, position)
            if marker is None or marker.end >= len(line):
                continue
            follows_own = own is not None and (own.style, own.number + 1) == (
                marker.style,
                marker.number,
            )
            if follows_own or self._continues(marker):
                return position
        return None

    def _choose_parent(self, marker: _Marker) -> _Draft:
        # Parents (innermost first) that already have children of this marker style.
        candidates = [
            (index, node.last_child_of_style[marker.style])
            for index, node in reversed(list(enumerate(self.stack)))
            if marker.style in node.last_child_of_style
        ]
        chosen = next(
            (index for index, last in candidates if last.number + 1 == marker.number), None
        )
        if chosen is None and candidates:
            chosen, last = candidates[0]
            self.warnings.append(
                f"编号不连续：{last.label()}之后是「{marker.written}」，请核对编号和层级。"
            )
        if chosen is None:
            chosen = len(self.stack) - 1
            if marker.number != 1:
                where = f"{self.stack[chosen].label()}下的编号" if chosen else "第一个标题的编号"
                self.warnings.append(
                    f"{where}从「{marker.written}」开始，而不是从 1 开始，请核对是否有遗漏。"
                )
        del self.stack[chosen + 1 :]
        return self.stack[chosen]

    def _add_numbered(self, marker: _Marker, rest: str) -> None:
        text, responsibility, unclosed = _take_responsibility(rest)
        parent = self._choose_parent(marker)
        node = _Draft(marker.style, marker.number, marker.written, text)
        self.nodes += 1
        parent.add_child(node)
        self.stack.append(node)
        if responsibility is not None:
            self._assign(node, responsibility, unclosed)

    def _add_unnumbered(self, line: str) -> None:
        node = self.stack[-1]
        text, responsibility, unclosed = _take_responsibility(line)
        if text:
            if not node.text:
                node.text = text  # the text of a marker written alone on its line
            else:
                node.body.append(text)
                node.body_has_responsibility |= responsibility is not None
        if responsibility is not None:
            self._assign(node, responsibility, unclosed)

    def _assign(self, node: _Draft, responsibility: _Responsibility, unclosed: bool) -> None:
        if unclosed:
            self.warnings.append(f"{node.label()}的责任分工括号没有闭合，已按到行尾处理，请核对。")
        if node.responsibility is None:
            node.responsibility = responsibility
            return
        self.warnings.append(f"{node.label()}有多处责任分工说明，已合并，请核对。")
        _merge(node.responsibility, responsibility)

    def finish(self) -> list[str]:
        self._lift_closing_paragraphs(self.root)
        if self.inline_splits:
            self.warnings.insert(
                0,
                f"有 {len(self.inline_splits)} 处编号写在了上一段的末尾"
                f"（如“{self.inline_splits[0]}…”），已拆为单独的项，请核对。",
            )
        return self.warnings

    def _lift_closing_paragraphs(self, node: _Draft) -> None:
        """Give a list's closing paragraph back to the list's parent.

        In "四、…  1.…的。 … 7.其他…的。  实施责任追究应当…。" the last paragraph closes the list
        rather than elaborating item 7; it is moved when no other item has a body and item 7
        is a complete sentence.
        """
        for child in node.children:
            self._lift_closing_paragraphs(child)
        if node is self.root or len(node.children) < 2:
            return
        last = node.children[-1]
        siblings_plain = all(not child.body for child in node.children[:-1])
        if (
            last.body
            and not last.children
            and not last.body_has_responsibility
            and siblings_plain
            and last.text.endswith(("。", "；", ";", "的"))
        ):
            node.body += last.body
            self.warnings.append(
                f"{last.label()}之后的段落“{last.body[0][:16]}…”已归入上一级{node.label()}"
                "的正文，请核对。"
            )
            last.body = []


def _summary_warnings(sections: Sequence[PlanNode]) -> list[str]:
    warnings: list[str] = []
    nodes = [node for section in sections for node in section.iter_nodes()]
    leader_holes = sum(node.leaders_placeholder for node in nodes)
    office_holes = sum(node.offices_placeholder for node in nodes)
    if leader_holes:
        warnings.append(
            f"有 {leader_holes} 项的责任领导是占位符（如“xxx”），导入后请补填实际人员。"
        )
    if office_holes:
        warnings.append(
            f"有 {office_holes} 项的责任股室是占位符（如“xxx”），导入后请补填实际股室。"
        )

    def has_responsibility(node: PlanNode) -> bool:
        return bool(
            node.leaders or node.offices or node.leaders_placeholder or node.offices_placeholder
        )

    if not any(has_responsibility(node) for node in nodes):
        if nodes:
            warnings.append(
                "没有找到“（责任领导：…；责任股室：…）”形式的责任分工，导入后请逐项填写责任人。"
            )
        return warnings

    def uncovered(node: PlanNode, covered: bool) -> Iterator[PlanNode]:
        covered = covered or has_responsibility(node)
        if not node.children and not covered:
            yield node
        for child in node.children:
            yield from uncovered(child, covered)

    missing = [node for section in sections for node in uncovered(section, False)]
    if missing:
        names = "、".join(f"「{node.marker}{node.text[:12]}」" for node in missing[:3])
        more = "等" if len(missing) > 3 else ""
        warnings.append(
            f"有 {len(missing)} 项没有写明责任领导和责任股室（{names}{more}），导入后请补填。"
        )
    return warnings


# --- public API -----------------------------------------------------------------------------


_NO_STRUCTURE = "没有找到带编号的标题或任务（如“一、”“（一）”“1.”），无法识别方案结构，请核对文件。"


def _signature_start(lines: list[str], first: int) -> int:
    """Index where the trailing 署名/date/印发 lines begin (len(lines) when there are none)."""
    end = len(lines)
    while end > first + 1 and not _match_marker(lines[end - 1]):
        if not _is_signature_line(lines[end - 1]):
            break
        end -= 1
    return end


def parse_plan_text(paragraphs: Sequence[str]) -> ParsedPlan:
    """Parse the paragraphs of a plan (one string per paragraph; blank ones are ignored).

    Raises :class:`PlanImportError` for a plan of more than PLAN_TASKS numbered items.
    """
    lines = _clean_lines(paragraphs)
    first = next((i for i, line in enumerate(lines) if _match_marker(line)), None)
    if first is None:
        title, preamble = _split_head(lines)
        return ParsedPlan(title, "\n".join(preamble), (), "", (_NO_STRUCTURE,))

    end = _signature_start(lines, first)
    title, preamble = _split_head(lines[:first])
    warnings: list[str] = []
    if not title:
        warnings.append("没有识别到方案标题，请在导入后补填。")
    for line in preamble:
        if _take_responsibility(line)[1] is not None:
            warnings.append(f"第一个编号标题之前的段落“{line[:16]}…”带有责任分工，已忽略，请核对。")

    builder = _TreeBuilder()
    builder.feed(lines[first:end])
    warnings += builder.finish()
    sections = tuple(child.freeze(1) for child in builder.root.children)
    warnings += _summary_warnings(sections)
    return ParsedPlan(
        title=title,
        preamble="\n".join(preamble),
        sections=sections,
        signature="\n".join(lines[end:]),
        warnings=tuple(warnings),
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
            "body": node.body,
            "children": [convert(child) for child in node.children],
        }

    return [convert(section) for section in plan.sections]
