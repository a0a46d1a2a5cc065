"""The responsibility a plan gives an item: names with their roles, a deadline and a score.

Plans write it as a parenthesis after the item ("（牵头领导：张三；责任单位：办公室；配合单位：
各村（社区）；完成时限：6月底前）"), as label lines under it ("牵头单位：宣传办" then
"完成时限：长期"), in table columns, and 考核细则 end an item with its points ("（3分）"). This
module reads one such marking; where it sits in the outline is the parser's business.

Roles (ideowork.domain.roles): 牵头领导 → lead, 分管领导 → in_charge, any other leader label →
responsible; 牵头单位/牵头部门 … → lead, 配合单位/协办单位/参与单位 … → cooperating, any other
unit label → responsible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ideowork.domain.names import join_padded_names, office_name_form, person_name_form
from ideowork.domain.roles import (
    COOPERATING,
    IN_CHARGE,
    LEAD,
    RESPONSIBLE,
    NamedRole,
    leader_role_label,
    unit_role_label,
)

LEADER_LABELS: tuple[str, ...] = (
    "主要责任人", "直接责任人", "责任领导", "牵头领导", "分管领导", "联系领导", "包保领导",
    "责任人",
)  # fmt: skip
UNIT_LABELS: tuple[str, ...] = (
    "责任股室", "责任科室", "责任处室", "责任单位", "责任部门", "责任站所", "牵头单位", "牵头部门",
    "牵头股室", "牵头科室", "配合单位", "配合部门", "配合股室", "配合科室", "协办单位", "参与单位",
    "协助单位", "主责单位", "主责部门",
)  # fmt: skip
DEADLINE_LABELS: tuple[str, ...] = (
    "完成时限", "完成时间", "完成期限", "时间要求", "时限要求", "办结时限", "时间节点", "时限",
)  # fmt: skip
SCORE_LABELS: tuple[str, ...] = ("分值", "标准分")
DEADLINE = "完成时限"  # the one label the deadline is shown under

_ALL_LABELS = LEADER_LABELS + UNIT_LABELS + DEADLINE_LABELS + SCORE_LABELS
_KNOWN_LABEL = "|".join(sorted(_ALL_LABELS, key=len, reverse=True))
_FIELD_RE = re.compile(
    rf"(?:(?P<known>{_KNOWN_LABEL})\s*[:：]?|(?P<other>[\u4e00-\u9fff]{{2,8}})\s*[:：])"
)
# "（责任领导：…" or "（责任领导 …", but not "（责任人员名单见附件）".
STARTS_WITH_LABEL = re.compile(rf"\s*(?:{_KNOWN_LABEL})(?:\s*[:：]|\s+\S)")
LABEL_LINE_RE = re.compile(rf"\s*(?:{_KNOWN_LABEL})\s*[:：]")
OPENERS, CLOSERS = "（(【[〔", "）)】]〕"
_TRAILING_PUNCT = "。.；;，,、 "
_PLACEHOLDER_RE = re.compile(
    r"[xX×*＊Ｘｘ✕╳]{2,}|^[xX×*＊Ｘｘ✕╳]$|[_＿]{2,}|…|某某|待定|待补|待填|^[（(]?空[）)]?$"
)
_EMPTY_VALUES = {"无", "-", "—", "——", "/", "／"}
_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
# "（3分）", "(2.5分)", "【3分】", "（本项3分）", "（满分 10 分）", "（分值：3分）"
_SCORE_RE = re.compile(
    rf"^\s*(?:本项|满分|计|共|分值\s*[:：]?|标准分\s*[:：]?)?\s*(?P<n>{_NUMBER})\s*分\s*$"
)


def leader_role(label: str) -> str:
    """The role a leader label gives: 牵头领导 → lead, 分管领导 → in_charge, else responsible."""
    if label.startswith("牵头"):
        return LEAD
    return IN_CHARGE if label.startswith("分管") else RESPONSIBLE


def unit_role(label: str) -> str:
    """The role a unit label (or a table column's header) gives."""
    if label.startswith(("牵头", "主责")):
        return LEAD
    if any(word in label for word in ("配合", "协办", "参与", "协助")):
        return COOPERATING
    return RESPONSIBLE


@dataclass
class Responsibility:
    """One item's marking as read so far (several parentheses or lines are merged into one)."""

    leaders: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    leader_roles: list[NamedRole] = field(default_factory=list)
    unit_roles: list[NamedRole] = field(default_factory=list)
    leaders_placeholder: bool = False
    offices_placeholder: bool = False
    deadline: str = ""
    score: Decimal | None = None
    other: list[str] = field(default_factory=list)  # unrecognised "label：value" fields
    # What was stated, by field shown to the user ("牵头单位", "完成时限" …): a field stated
    # twice for one item is a real conflict; different fields on separate lines are not.
    stated: dict[str, list[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (
            self.leaders
            or self.offices
            or self.leaders_placeholder
            or self.offices_placeholder
            or self.deadline
            or self.score is not None
        )

    def add_leader(self, name: str, role: str) -> None:
        if name not in self.leaders:
            self.leaders.append(name)
            self.leader_roles.append(NamedRole(name, role))

    def add_unit(self, name: str, role: str) -> None:
        if name not in self.offices:
            self.offices.append(name)
            self.unit_roles.append(NamedRole(name, role))

    def merge(self, extra: Responsibility) -> None:
        for named in extra.leader_roles:
            self.add_leader(named.name, named.role)
        for named in extra.unit_roles:
            self.add_unit(named.name, named.role)
        self.leaders_placeholder |= extra.leaders_placeholder
        self.offices_placeholder |= extra.offices_placeholder
        if extra.deadline and not self.deadline:
            self.deadline = extra.deadline
        elif extra.deadline and extra.deadline != self.deadline:
            self.deadline = f"{self.deadline}；{extra.deadline}"
        if extra.score is not None:
            self.score = extra.score
        self.other += extra.other
        for key, values in extra.stated.items():
            self.stated.setdefault(key, []).extend(values)

    def conflicts_with(self, extra: Responsibility) -> bool:
        """Whether ``extra`` states a field this marking already states (e.g. 责任领导 twice)."""
        return bool(set(self.stated) & set(extra.stated))


def split_top_level(value: str) -> list[str]:
    """Split a list of names on 、，, / ; and spaces, but not inside nested brackets."""
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in value:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
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


def names_in(value: str, people: bool) -> tuple[list[str], bool]:
    """The real names in a field value, and whether it held a placeholder."""
    names: list[str] = []
    placeholder = False
    for token in split_top_level(join_padded_names(value) if people else value):
        if token in _EMPTY_VALUES:
            continue
        if _PLACEHOLDER_RE.search(token):
            placeholder = True
            continue
        name = person_name_form(_person(token)) if people else office_name_form(token)
        if name and name not in names:
            names.append(name)
    return names, placeholder


def score_of(text: str) -> Decimal | None:
    """The points in a score marking's content ("3分", "本项2.5分"), None when it is none."""
    match = _SCORE_RE.match(text)
    if match is None:
        return None
    digits = match.group("n").translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def deadline_form(value: str) -> str:
    """A deadline as written, without the list punctuation around it."""
    return re.sub(r"\s+", " ", value).strip(" ；;，,。.、")


def parse_fields(content: str) -> Responsibility:
    """Read "责任领导：张三；配合单位：…；完成时限：…" (the content of one marking)."""
    result = Responsibility()
    matches = list(_FIELD_RE.finditer(content))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(content)
        value = content[match.end() : end].strip(" ；;，,。.")
        label = match.group("known")
        if label is None:
            if value:
                result.other.append(f"{match.group('other')}：{value}")
            continue
        if label in DEADLINE_LABELS:
            deadline = deadline_form(value)
            if deadline and not _PLACEHOLDER_RE.search(deadline):
                result.deadline = deadline
                result.stated.setdefault(DEADLINE, []).append(deadline)
            continue
        if label in SCORE_LABELS:
            score = score_of(value if "分" in value else f"{value}分")
            if score is not None:
                result.score = score
            continue
        people = label in LEADER_LABELS
        names, placeholder = names_in(value, people=people)
        if people:
            role = leader_role(label)
            for name in names:
                result.add_leader(name, role)
            result.leaders_placeholder |= placeholder
            shown = leader_role_label(role)
        else:
            role = unit_role(label)
            for name in names:
                result.add_unit(name, role)
            result.offices_placeholder |= placeholder
            shown = unit_role_label(role)
        stated = names or (["（待填写）"] if placeholder else [])
        result.stated.setdefault(shown, []).extend(stated)
    return result


def _opening_index(text: str, close: int) -> int | None:
    """Index of the bracket opening the one closing at ``close`` (full/half width mixed)."""
    depth = 0
    for index in range(close, -1, -1):
        if text[index] in CLOSERS:
            depth += 1
        elif text[index] in OPENERS:
            depth -= 1
            if depth == 0:
                return index
    return None


@dataclass(frozen=True)
class Marking:
    """A line with its trailing markings taken off."""

    text: str  # what is left of the line
    responsibility: Responsibility | None  # None when the line carried no responsibility
    unclosed: bool  # a responsibility parenthesis was left open ("…（责任领导：张三")
    score: Decimal | None = None

    @property
    def label_only(self) -> bool:
        """The line was nothing but fields ("牵头单位：宣传办")."""
        return not self.text and self.responsibility is not None


def take_marking(line: str) -> Marking:
    """Remove trailing responsibility and score parentheses from ``line``.

    A line that is only "责任领导：…；责任股室：…" without brackets is taken whole.
    """
    if LABEL_LINE_RE.match(line):
        return Marking("", parse_fields(line), False)
    contents: list[str] = []
    score: Decimal | None = None
    text = line
    unclosed = False
    while True:
        stripped = text.rstrip(_TRAILING_PUNCT)
        if stripped and stripped[-1] in CLOSERS:
            start = _opening_index(stripped, len(stripped) - 1)
            if start is None:
                break
            inner = stripped[start + 1 : -1]
            points = score_of(inner) if score is None else None
            if points is None and not STARTS_WITH_LABEL.match(stripped, start + 1):
                break
            if points is not None:
                score = points
            else:
                contents.insert(0, inner)
            tail = text[len(stripped) :].strip()
            head = stripped[:start].rstrip()
            text = head if head.endswith(tuple("。；;！？!?")) else head + tail
            continue
        # A parenthesis opened but never closed: "任务（责任领导：张三；责任股室：办公室".
        opened = list(re.finditer(rf"[{re.escape(OPENERS)}]", text)) if not contents else []
        if opened and STARTS_WITH_LABEL.match(text, opened[-1].end()):
            rest = text[opened[-1].end() :]
            if not any(ch in CLOSERS for ch in rest):
                contents.insert(0, rest.rstrip(_TRAILING_PUNCT))
                text = text[: opened[-1].start()].rstrip()
                unclosed = True
        break
    if not contents:
        return Marking(line if score is None else text.strip(), None, False, score)
    result = Responsibility()
    for content in contents:
        result.merge(parse_fields(content))
    if result.score is not None and score is None:
        score = result.score
    if result.other:
        text = f"{text}（{'；'.join(result.other)}）"
    return Marking(text.strip(), result, unclosed, score)
