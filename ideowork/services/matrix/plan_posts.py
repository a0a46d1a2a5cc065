"""The posts plan headings name ("（一）支部书记职责") → the unit's people who hold them.

A person holds a post by their 职务 (Person.post, often several: "党委副书记、镇长") or, where
that is not written, by their role in the unit (PersonRole: 书记, 分管领导, 班子成员 …). The most
specific match wins: the 职务 written as the post; then the same post of another organ (a
plan's 支部书记 is the 党委书记 of a 党委); then a 职务 ending with a head's title (主任 →
党政办公室主任); then the role. Several people at the best level are all given; none leaves the
field to be filled, and the preview says which post was not found and how to fix it.

Groups: 班子成员 are every leader (书记, 分管领导, 班子成员 roles), 其他班子成员 those but the
书记, 分管领导 the people whose 职务 says 分管 or whose role is 分管领导, 各股室负责人 the heads of
offices (职务 ending 主任, 股长, 科长, 负责人 …), 主要负责人/第一责任人 the 书记.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ideowork.domain.roles import NamedRole
from ideowork.domain.vocab import PersonRole
from ideowork.importers.plan_model import ParsedPlan, PlanNode

__all__ = ["Holder", "PostMatch", "apply_posts", "holders_of"]


@dataclass(frozen=True)
class Holder:
    """One of the unit's people as far as posts go."""

    name: str
    post: str  # 职务 as entered: "党委副书记、镇长"
    role: PersonRole


@dataclass(frozen=True)
class PostMatch:
    """A post the plan names, who holds it, and how many items take their leaders from it."""

    post: str
    names: tuple[str, ...]  # () when nobody in the unit holds it
    items: int

    @property
    def note(self) -> str:
        """For the preview: who the post gave, or why nobody and what to do."""
        if self.names:
            return f"岗位“{self.post}”→{'、'.join(self.names)}（{self.items}项）"
        return (
            f"岗位“{self.post}”在人员名单中没有找到，{self.items}项的责任领导将留作待填写。"
            f"请到“单位信息”中添加担任该岗位的人员（职务写明“{self.post}”），"
            "或在预览中直接填写姓名。"
        )


LEADERS = (PersonRole.SECRETARY, PersonRole.DEPUTY, PersonRole.MEMBER)
_MEMBERS = frozenset({"班子成员", "领导班子成员"})
_OTHER_MEMBERS = frozenset(
    {"领导班子其他成员", "班子其他成员", "其他班子成员", "其他副职", "班子副职"}
)
_IN_CHARGE = frozenset({"分管领导", "分管负责人", "分管副职", "直接责任人"})
_OFFICE_HEADS = frozenset(
    {"各股室负责人", "股室负责人", "各科室负责人", "科室负责人", "各部门负责人", "部门负责人",
     "各站所负责人", "各单位负责人"}
)  # fmt: skip
_FIRST = frozenset({"主要负责人", "主要领导", "第一责任人"})
_HEAD_TITLES = (
    "负责人",
    "主任",
    "股长",
    "科长",
    "所长",
    "站长",
    "馆长",
    "队长",
    "局长",
    "院长",
    "校长",
)
# The organ written before a post: the 党委书记 and the 支部书记 are each their organ's 书记.
_ORGAN_RE = re.compile(r"^(?:[镇乡县区局]?(?:党委|党组|党工委|党总支|总支|党支部|支部|支委))")
# The same post under another name: a 党委's 纪委书记 does what a 支部's 纪检委员 does.
_ALIASES: dict[str, tuple[str, ...]] = {
    "纪检委员": ("纪委书记", "纪工委书记"),
    "纪委书记": ("纪检委员",),
    "纪工委书记": ("纪检委员",),
}
# The role that stands for a post where no 职务 is written.
_ROLE_OF: tuple[tuple[str, PersonRole], ...] = (
    ("书记", PersonRole.SECRETARY),
    ("组织委员", PersonRole.ORGANIZER),
)


def _pieces(post: str) -> list[str]:
    """A 职务 field's posts: "党委委员、宣传委员" → ["党委委员", "宣传委员"]."""
    return [p for p in re.split(r"[、，,;；/／\s]+|兼", post) if p]


def _core(post: str) -> str:
    """The post without its organ: 党委书记 → 书记, 党委副书记 → 副书记, 宣传委员 → 宣传委员."""
    core = _ORGAN_RE.sub("", post)
    return core if len(core) >= 2 else post


def _is_leader(person: Holder) -> bool:
    """One of the 班子: by role, or by a 职务 of the organ (党委委员, 党组成员, 副书记 …)."""
    cores = {_core(piece) for piece in _pieces(person.post) if _ORGAN_RE.match(piece)}
    return person.role in LEADERS or bool(cores & {"书记", "副书记", "委员", "成员"})


def _is_head(piece: str, title: str) -> bool:
    return piece.endswith(title) and not piece[: -len(title)].endswith("副")


def holders_of(post: str, people: Sequence[Holder]) -> tuple[str, ...]:
    """The names of the people who hold ``post``, the most specific match first found."""
    if post in _MEMBERS:
        return tuple(p.name for p in people if _is_leader(p))
    if post in _OTHER_MEMBERS:
        secretaries = set(holders_of("书记", people))
        return tuple(p.name for p in people if _is_leader(p) and p.name not in secretaries)
    if post in _IN_CHARGE:
        return _first_level(
            people,
            lambda p: any("分管" in piece for piece in _pieces(p.post)),
            lambda p: p.role == PersonRole.DEPUTY,
        )
    if post in _OFFICE_HEADS:
        return _first_level(
            people,
            lambda p: any(
                _is_head(piece, title) and not _ORGAN_RE.match(piece)
                for piece in _pieces(p.post)
                for title in _HEAD_TITLES
            ),
        )
    if post in _FIRST:
        return holders_of("书记", people)
    core = _core(post)
    aliases = _ALIASES.get(post, ())
    levels: list[Callable[[Holder], bool]] = [
        lambda p: post in _pieces(p.post),
        lambda p: any(_core(piece) == core for piece in _pieces(p.post)),
        lambda p: any(piece in aliases or _core(piece) in aliases for piece in _pieces(p.post)),
    ]
    if core in _HEAD_TITLES or core.endswith("长"):
        levels.append(lambda p: any(_is_head(piece, core) for piece in _pieces(p.post)))
    role = next((role for suffix, role in _ROLE_OF if core == suffix), None)
    if role is not None:
        # Only people whose 职务 is not written: a written one that is another post says no.
        levels.append(lambda p: p.role == role and not p.post.strip())
    return _first_level(people, *levels)


def _first_level(people: Sequence[Holder], *levels: Callable[[Holder], bool]) -> tuple[str, ...]:
    for level in levels:
        found = tuple(dict.fromkeys(p.name for p in people if level(p)))
        if found:
            return found
    return ()


def apply_posts(plan: ParsedPlan, people: Sequence[Holder]) -> tuple[ParsedPlan, list[PostMatch]]:
    """The plan with each post resolved into its node's leaders (in the post's role), and the
    posts met with who holds them. A post nobody holds leaves the leaders to be filled.

    Only nodes whose leaders come from a post (``node.post``, no names of their own) change;
    resolving again (the people changed meanwhile) gives the same result as resolving once.
    """
    found: dict[str, tuple[str, ...]] = {}
    items: dict[str, int] = {}

    def resolve(node: PlanNode) -> PlanNode:
        if node.post:
            items[node.post] = items.get(node.post, 0) + 1
        if node.post and node.leaders and not node.leaders_placeholder:
            # Resolved before (the dialog shows the names): counted, the names kept.
            found.setdefault(node.post, node.leaders)
        elif node.post:
            names = found.setdefault(node.post, holders_of(node.post, people))
            sources = tuple(s for s in node.sources if f"岗位“{node.post}”" not in s)
            node = replace(
                node,
                leaders=names,
                leader_roles=tuple(NamedRole(name, node.post_role) for name in names),
                leaders_placeholder=not names,
                sources=(*sources, node.post_source("、".join(names), missing=not names)),
            )
        return replace(node, children=tuple(resolve(child) for child in node.children))

    sections = tuple(resolve(section) for section in plan.sections)
    articles = tuple(resolve(node) for node in plan.preamble_articles)
    matches = [PostMatch(post, names, items[post]) for post, names in found.items()]
    return replace(plan, sections=sections, preamble_articles=articles), matches
