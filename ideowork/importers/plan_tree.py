"""Building a plan's outline from its lines: numbered items, unnumbered headings, markings.

The outline is built like a word processor's: the first marker style met under a parent is that
parent's child level, so documents that mix styles in any order (一、 then 1、 then (1)) work.
A short line without punctuation standing right above numbered items ("理论学习") is a heading
of its own (a node without a marker), not the body of the item above it.

Markings ("（责任单位：…）", "牵头单位：…" lines, table columns, "（3分）") go to the node they
follow. A marking a heading states on its own line, or in label lines right under it, holds for
the items below it unless they say otherwise (field by field: an item stating 配合单位 still
gets the heading's 牵头单位); the preview is told where each name came from.

A heading that names a post ("（一）支部书记职责", "宣传委员：") records the post on itself and on
the items below that name nobody; the nearest such heading wins, and the import service turns
the post into names.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ideowork.domain.roles import NamedRole, leader_role_label, unit_role_label
from ideowork.importers.errors import PlanImportError
from ideowork.importers.limits import PLAN_TASKS, task_count_message
from ideowork.importers.plan_markers import Marker, is_plain_heading, match_marker
from ideowork.importers.plan_model import PlanNode
from ideowork.importers.plan_posts import PostHeading, is_post_line, post_heading
from ideowork.importers.plan_responsibility import DEADLINE, Responsibility, take_marking
from ideowork.importers.plan_tables import TableLine

PLAIN = "plain"  # the style of an unnumbered heading
OWN = "本项标注"


@dataclass(frozen=True)
class _Given:
    """One field a heading states for the items below it."""

    field: str  # 牵头领导, 责任单位, 完成时限 …
    leaders: tuple[NamedRole, ...] = ()
    units: tuple[NamedRole, ...] = ()
    deadline: str = ""
    origin: str = ""  # 「一、加强阵地管理」


def _givens(resp: Responsibility, origin: str) -> list[_Given]:
    givens = []
    for name in resp.stated:
        if name == DEADLINE:
            givens.append(_Given(name, deadline=resp.deadline, origin=origin))
            continue
        leaders = tuple(r for r in resp.leader_roles if _role_field(r, True) == name)
        units = tuple(r for r in resp.unit_roles if _role_field(r, False) == name)
        if leaders or units:
            givens.append(_Given(name, leaders, units, origin=origin))
    return givens


def _role_field(named: NamedRole, leader: bool) -> str:
    return leader_role_label(named.role) if leader else unit_role_label(named.role)


@dataclass(frozen=True)
class _Post:
    """A post a heading names, as seen from a node: `here` says where it was read."""

    named: PostHeading
    here: str  # 本项标题, or 取自上级标题「（一）支部书记职责」
    origin: str  # how the items below say it: 取自上级标题「…」

    def below(self) -> _Post:
        return _Post(self.named, self.origin, self.origin)


@dataclass
class _Draft:
    """A node under construction."""

    style: str
    number: int
    marker: str
    text: str
    responsibility: Responsibility | None = None
    score: Decimal | None = None
    # Whether the marking was stated on the node's own line or in label lines right under it
    # (before any body or child): then it holds for the items below.
    heading_marking: bool = False
    marks: list[str] = field(default_factory=list)  # sources: "责任单位：办公室（本项标注）"
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

    def freeze(
        self, level: int, inherited: Sequence[_Given] = (), post: _Post | None = None
    ) -> PlanNode:
        resp = self.responsibility or Responsibility()
        leader_roles = list(resp.leader_roles)
        unit_roles = list(resp.unit_roles)
        deadline = resp.deadline
        sources = list(self.marks)
        for given in inherited:
            if given.field in resp.stated:
                continue  # the item's own word wins
            if given.leaders and resp.leaders_placeholder:
                continue
            if given.units and resp.offices_placeholder:
                continue
            added = [r for r in given.leaders if r.name not in {x.name for x in leader_roles}]
            leader_roles += added
            units = [r for r in given.units if r.name not in {x.name for x in unit_roles}]
            unit_roles += units
            value = "、".join(r.name for r in added + units)
            if given.deadline and not deadline:
                deadline = value = given.deadline
            if value:
                sources.append(f"{given.field}：{value}（取自上级标题{given.origin}）")
        passing = [g for g in inherited if g.field not in resp.stated]
        if self.heading_marking and self.responsibility is not None:
            passing += _givens(self.responsibility, self.label())
        # A post this heading names holds for it and the items below, as the nearest heading's;
        # it gives the leaders only where no names (nor a placeholder) are stated or inherited.
        named = post_heading(self.text)
        if named is not None:
            post = _Post(named, "本项标题", f"取自上级标题{self.label()}")
        applies = post is not None and not leader_roles and not resp.leaders_placeholder
        node = PlanNode(
            text=self.text,
            marker=self.marker,
            level=level,
            leaders=tuple(r.name for r in leader_roles),
            offices=tuple(r.name for r in unit_roles),
            leaders_placeholder=resp.leaders_placeholder,
            offices_placeholder=resp.offices_placeholder,
            body="\n".join(self.body),
            children=tuple(
                child.freeze(level + 1, passing, post and post.below()) for child in self.children
            ),
            leader_roles=tuple(leader_roles),
            unit_roles=tuple(unit_roles),
            deadline_text=deadline,
            score=self.score,
            sources=tuple(sources),
        )
        if applies and post is not None:
            node = replace(
                node, post=post.named.post, post_role=post.named.role, post_origin=post.here
            )
            node = replace(node, sources=(*node.sources, node.post_source()))
        return node


class TreeBuilder:
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
            marker = match_marker(line)
            split = self._inline_heading(line, marker)
            if split is not None:
                queue.appendleft(line[split:])
                self.inline_splits.append(line[split:][:16])
                line = line[:split].rstrip()
            columns = line.columns if isinstance(line, TableLine) else None
            next_marker = match_marker(queue[0]) if queue else None
            if marker is not None:
                self._add_numbered(marker, line[marker.end :].strip(), columns)
            elif next_marker is not None and self._may_head(line, next_marker):
                self._add_plain(line, next_marker)
            else:
                self._add_unnumbered(line, columns)
            if self.nodes > self.max_nodes:
                # Stop here; the numbered lines still to come give the size for the message.
                rest = sum(1 for line in queue if match_marker(line))
                raise PlanImportError(task_count_message(self.nodes + rest, at_least=True))

    def _may_head(self, line: str, below: Marker) -> bool:
        """Whether an unnumbered line above a numbered one is a heading of its own.

        It is when the item below starts a list (1.), or goes on with the list of the
        unnumbered group before it ("理论学习 1. 2. 阵地管理 3."); a short line before an item
        that goes on with a numbered heading's list ("…李四" then "二、") is that item's body.
        """
        top = self.stack[-1]
        if top is not self.root and not top.text:
            return False  # the text of a marker written alone on its line
        if not is_plain_heading(line):
            return False
        for node in self.stack:
            last = node.last_child_of_style.get(below.style)
            if last is not None and last.number + 1 == below.number:
                return node.style == PLAIN
        return below.number == 1

    def _continues(self, marker: Marker) -> bool:
        for node in self.stack:
            last = node.last_child_of_style.get(marker.style)
            if last is not None and last.number + 1 == marker.number:
                return True
        return False

    def _inline_heading(self, line: str, own: Marker | None) -> int | None:
        """Where a heading that continues the outline starts inside ``line`` ("…。(二)…")."""
        start = own.end if own else 0
        for match in re.finditer(r"[。；;！？!?]\s*", line[start:]):
            position = start + match.end()
            marker = match_marker(line, position)
            if marker is None or marker.end >= len(line):
                continue
            follows_own = own is not None and (own.style, own.number + 1) == (
                marker.style,
                marker.number,
            )
            if follows_own or self._continues(marker):
                return position
        return None

    def _fresh_plain(self) -> _Draft | None:
        top = self.stack[-1]
        return top if top.style == PLAIN and not top.children and len(self.stack) > 1 else None

    def _choose_parent(self, marker: Marker) -> _Draft:
        # Parents (innermost first) that already have children of this marker style.
        candidates = [
            (index, node.last_child_of_style[marker.style])
            for index, node in reversed(list(enumerate(self.stack)))
            if marker.style in node.last_child_of_style
        ]
        chosen = next(
            (index for index, last in candidates if last.number + 1 == marker.number), None
        )
        fresh = self._fresh_plain()
        if chosen is None and fresh is not None:
            # The first item under an unnumbered heading: its list may restart at 1 or go on
            # from the group before it ("理论学习 1. 2. 阵地管理 3.").
            before = self._previous_sibling(fresh)
            last = before.last_child_of_style.get(marker.style) if before else None
            if marker.number != 1 and (last is None or last.number + 1 != marker.number):
                self.warnings.append(
                    f"{fresh.label()}下的编号从「{marker.written}」开始，而不是从 1 开始，"
                    "请核对是否有遗漏。"
                )
            return fresh
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

    def _previous_sibling(self, node: _Draft) -> _Draft | None:
        parent = self.stack[-2]
        index = next(i for i, child in enumerate(parent.children) if child is node)
        return parent.children[index - 1] if index else None

    def _add_plain(self, line: str, below: Marker) -> None:
        """An unnumbered heading: beside the group of the same kind before it, if any."""
        parent_index = len(self.stack) - 1
        for index in range(len(self.stack) - 1, -1, -1):
            node = self.stack[index]
            if below.style in node.last_child_of_style:
                parent_index = index - 1 if node.style == PLAIN and index > 0 else index
                break
        del self.stack[parent_index + 1 :]
        # "宣传委员：" heads the items below like "理论学习" does; its colon is no part of it.
        text = line.strip()
        heading = _Draft(PLAIN, 0, "", text.rstrip("：:") if is_post_line(text) else text)
        self.nodes += 1
        self.stack[-1].add_child(heading)
        self.stack.append(heading)

    def _add_numbered(self, marker: Marker, rest: str, columns: dict[str, str] | None) -> None:
        marking = take_marking(rest)
        parent = self._choose_parent(marker)
        node = _Draft(marker.style, marker.number, marker.written, marking.text)
        self.nodes += 1
        parent.add_child(node)
        self.stack.append(node)
        node.score = marking.score
        if marking.responsibility is not None:
            self._assign(node, marking.responsibility, marking.unclosed, columns, heading=True)

    def _add_unnumbered(self, line: str, columns: dict[str, str] | None) -> None:
        node = self.stack[-1]
        marking = take_marking(line)
        text, responsibility = marking.text, marking.responsibility
        # A marking right under the node (label lines, or the line giving its text) is the
        # node's own; one at the end of a body paragraph is not stated for the items below.
        heading = not node.body and not node.children and (not text or not node.text)
        if text:
            if not node.text:
                node.text = text  # the text of a marker written alone on its line
            else:
                node.body.append(text)
                node.body_has_responsibility |= responsibility is not None
        if marking.score is not None:
            node.score = marking.score
        if responsibility is not None:
            self._assign(node, responsibility, marking.unclosed, columns, heading=heading)

    def _assign(
        self,
        node: _Draft,
        responsibility: Responsibility,
        unclosed: bool,
        columns: dict[str, str] | None,
        *,
        heading: bool,
    ) -> None:
        if unclosed:
            self.warnings.append(f"{node.label()}的责任分工括号没有闭合，已按到行尾处理，请核对。")
        for name, values in responsibility.stated.items():
            origin = f"表格“{columns[name]}”列" if columns and name in columns else OWN
            node.marks.append(f"{name}：{'、'.join(values) or '无'}（{origin}）")
        if node.responsibility is None:
            node.responsibility = responsibility
            node.heading_marking = heading
            return
        if node.responsibility.conflicts_with(responsibility):
            # The same field twice (责任领导 in the line and again below it): worth a look.
            self.warnings.append(f"{node.label()}有多处责任分工说明，已合并，请核对。")
        node.responsibility.merge(responsibility)
        node.heading_marking &= heading

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


def summary_warnings(sections: Sequence[PlanNode]) -> list[str]:
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
            node.leaders
            or node.offices
            or node.leaders_placeholder
            or node.offices_placeholder
            or node.post
        )

    from_posts = [node for node in nodes if node.post]
    if from_posts:
        posts = "”“".join(dict.fromkeys(node.post for node in from_posts))
        warnings.append(
            f"有 {len(from_posts)} 项的责任领导取自标题中的岗位（“{posts}”），导入时按"
            "“单位信息”中人员的职务填写，请核对预览中的姓名。"
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
