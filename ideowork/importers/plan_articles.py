"""The opening 第X条 articles of a 办法/细则/规定 that are not tasks.

"第一条 为了……，制定本办法。", "第二条 本办法适用于……", "第三条 落实责任制应当坚持以下原则：…"
state the purpose, the basis, the scope and the principles; importing them as tasks would give
the matrix rows nobody can carry out. They are taken out of the outline and offered in the
preview, where the user can take them back.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ideowork.importers.plan_model import PlanNode

_PURPOSE_RE = re.compile(
    r"^(为了?|为进一步|为深入|为切实|为全面|根据|依据|按照)[^。]{0,200}(制定|制订|特制定)"
    r"(本|此)?(办法|细则|规定|制度|方案|清单|意见|实施细则|实施办法|规则)"
)
_SCOPE_RE = re.compile(
    r"^本(办法|细则|规定|制度|方案|清单|意见|实施细则|实施办法|规则)(适用于|所称|所指|中的)"
    r"|适用范围|^本(办法|细则|规定|制度|方案)由.{0,30}(负责)?解释"
)
_PRINCIPLE_RE = re.compile(
    r"(坚持|遵循|贯彻)[^。]{0,20}(以下|下列|如下)?[^。]{0,10}原则|指导思想|基本原则"
)
_GENERAL_HEADINGS = ("总则", "总 则", "总体要求", "目的和依据", "指导思想")


def is_preamble_article(node: PlanNode) -> bool:
    """Whether an article states purpose, basis, scope or principles rather than a task."""
    text = f"{node.text}{node.body}".replace(" ", "")
    return bool(_PURPOSE_RE.search(text) or _SCOPE_RE.search(text) or _PRINCIPLE_RE.search(text))


def _is_article(node: PlanNode) -> bool:
    return node.marker.startswith("第") and node.marker.endswith("条")


def _leading(nodes: tuple[PlanNode, ...]) -> int:
    count = 0
    for node in nodes:
        if not (_is_article(node) and is_preamble_article(node)):
            break
        count += 1
    return count


def split_preamble_articles(
    sections: tuple[PlanNode, ...],
) -> tuple[tuple[PlanNode, ...], tuple[PlanNode, ...], tuple[int, ...]]:
    """The outline without its leading purpose/principle articles, the articles, and where.

    Articles at the top level, or first in the first 章 (a 第一章 总则 made only of such
    articles goes out whole).
    """
    count = _leading(sections)
    if count:
        if count == len(sections):
            return sections, (), ()  # nothing but such articles: better shown than dropped
        return sections[count:], sections[:count], ()
    if not sections or not sections[0].children:
        return sections, (), ()
    first = sections[0]
    count = _leading(first.children)
    if not count:
        return sections, (), ()
    if count == len(first.children):
        if len(sections) == 1:
            return sections, (), ()
        general = first.text.replace(" ", "") in _GENERAL_HEADINGS
        return (sections[1:], (first,), ()) if general else (sections, (), ())
    rest = first.children[count:]
    return (replace(first, children=rest), *sections[1:]), first.children[:count], (0,)
