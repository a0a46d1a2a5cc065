"""What the plan parser gives: the plan's tree of numbered headings and tasks.

The fields' meaning is what the matrix writer (services/matrix/plan_import.py) and the preview
dialog rely on; the parser modules (plan_parser and its plan_* helpers) fill them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ideowork.domain.roles import (
    LEADER_ORDER,
    RESPONSIBLE,
    UNIT_ORDER,
    NamedRole,
    leader_role_label,
    unit_role_label,
)

__all__ = ["ParsedPlan", "PlanNode"]

TO_FILL = "（待填写）"


@dataclass(frozen=True)
class PlanNode:
    """A numbered heading or task of the plan.

    An unnumbered section heading ("理论学习" standing above items 1. 2. …) is a node with an
    empty ``marker``.
    """

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
    # For the preview: where each name came from, one line per field, e.g.
    # "牵头单位：宣传办（取自上级标题「一、加强阵地管理」）", "责任领导：张三（表格“责任领导”列）",
    # "完成时限：6月底前（本项标注）". Names inherited from a heading are in the fields above too.
    sources: tuple[str, ...] = ()
    # A post the node's heading, or a heading above it, names ("（一）支部书记职责"), set only
    # where the node has no leaders of its own: the import service gives the leaders as the
    # unit's holders of the post, in `post_role`. `post_origin` says where it was read.
    post: str = ""
    post_role: str = RESPONSIBLE
    post_origin: str = ""  # "本项标题" or "取自上级标题「（一）支部书记职责」"

    def post_source(self, names: str = "", missing: bool = False) -> str:
        """The preview's line on the post: "责任领导：岗位“支部书记”（取自上级标题「…」）", and
        once resolved "责任领导：杨昌波（岗位“支部书记”，取自上级标题「…」）"."""
        label = leader_role_label(self.post_role)
        if missing:
            return (
                f"{label}：{TO_FILL}（岗位“{self.post}”在人员名单中没有找到，{self.post_origin}）"
            )
        if names:
            return f"{label}：{names}（岗位“{self.post}”，{self.post_origin}）"
        return f"{label}：岗位“{self.post}”（{self.post_origin}）"

    def without_post(self) -> PlanNode:
        """The node with its leaders no longer taken from the post (the user typed them)."""
        if not self.post:
            return self
        mark = f"岗位“{self.post}”"
        return replace(self, post="", sources=tuple(s for s in self.sources if mark not in s))

    def leaders_with_roles(self) -> tuple[NamedRole, ...]:
        """Every leader with a role, in the plan's order."""
        return _with_roles(self.leaders, self.leader_roles)

    def units_with_roles(self) -> tuple[NamedRole, ...]:
        """Every unit (offices and units outside) with a role, in the plan's order."""
        return _with_roles(self.offices, self.unit_roles)

    def marking(self) -> str:
        """The responsibility as plans write it: （牵头领导：…；责任单位：…；完成时限：…）（3分）"""
        fields: list[str] = []
        for named, order, label, placeholder in (
            (self.leaders_with_roles(), LEADER_ORDER, leader_role_label, self.leaders_placeholder),
            (self.units_with_roles(), UNIT_ORDER, unit_role_label, self.offices_placeholder),
        ):
            for role in order:
                names = [r.name for r in named if r.role == role]
                if names:
                    fields.append(f"{label(role)}：{'、'.join(names)}")
            if placeholder and not named:
                fields.append(f"{label(order[1])}：（待填写）")
        if self.deadline_text:
            fields.append(f"完成时限：{self.deadline_text}")
        text = f"（{'；'.join(fields)}）" if fields else ""
        return text + (f"（{self.score}分）" if self.score is not None else "")

    def left_to_fill(self) -> tuple[str, ...]:
        """What a task (a node without children) still lacks: 责任领导, 责任单位."""
        if self.children:
            return ()
        missing = []
        from_post = bool(self.post) and not self.leaders_placeholder  # resolved on import
        if (not self.leaders and not from_post) or self.leaders_placeholder:
            missing.append("责任领导")
        if not self.offices or self.offices_placeholder:
            missing.append("责任单位")
        return tuple(missing)

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
    # Lines the parser could not place in the tree (a table row without a task, a marking
    # before the first heading …): the preview lists them so the user can carry them over.
    unplaced: tuple[str, ...] = ()
    # The leading 第X条 articles that state purpose, basis, principles or scope (为了…制定本办法,
    # 本办法适用于…) rather than tasks: not in ``sections``. They stood under the node reached by
    # ``preamble_articles_under`` (child indexes; () for the top level), first among its
    # children; ``with_preamble_articles`` puts them back as tasks.
    preamble_articles: tuple[PlanNode, ...] = ()
    preamble_articles_under: tuple[int, ...] = ()
    # The 印发通知 the plan came wrapped in (红头, 文号, 各…：, 现将…印发给你们, its 署名), skipped.
    wrapper: str = ""

    def iter_nodes(self) -> Iterator[PlanNode]:
        """Every node of the plan, in document order."""
        for section in self.sections:
            yield from section.iter_nodes()

    def tasks(self) -> list[PlanNode]:
        """The leaf nodes (numbered items without children)."""
        return [node for node in self.iter_nodes() if not node.children]

    def with_preamble_articles(self) -> ParsedPlan:
        """The plan with its preamble articles taken back as tasks, where they stood."""
        if not self.preamble_articles:
            return self

        def put_back(nodes: tuple[PlanNode, ...], path: Sequence[int]) -> tuple[PlanNode, ...]:
            if not path:
                return self.preamble_articles + nodes
            index = path[0]
            changed = replace(nodes[index], children=put_back(nodes[index].children, path[1:]))
            return (*nodes[:index], changed, *nodes[index + 1 :])

        try:
            sections = put_back(self.sections, self.preamble_articles_under)
        except IndexError:  # the tree was edited since: they go first
            sections = self.preamble_articles + self.sections
        return replace(self, sections=sections, preamble_articles=(), preamble_articles_under=())


# --- numbering markers ----------------------------------------------------------------------
