"""Headings that name a post: "（一）党委书记职责", "一、支部书记的第一责任", "宣传委员：".

Plans often group duties by post, the items below carrying no names. The parser cannot know
who holds a post (it sees only text), so it records the post on the node and the import
service resolves it against the unit's people (ideowork.services.matrix.plan_posts).

Only a heading that is wholly a post phrase counts (post, then at most a duty word such as
职责, 第一责任, “一岗双责”, then at most a colon), or one that starts with such a phrase and a
colon ("党委书记：对本单位意识形态工作负主体责任"). A sentence that merely mentions a post
("班子成员要定期向党支部专题汇报") is not a post heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ideowork.domain.roles import IN_CHARGE, LEAD, RESPONSIBLE

__all__ = ["PostHeading", "is_post_line", "post_heading"]

# The posts plans group duties by; longer spellings first so the regex takes the whole post.
POSTS: tuple[str, ...] = (
    # secretaries
    "党委书记", "党组书记", "党支部书记", "支部书记", "党总支书记", "总支书记", "党工委书记",
    "纪委书记", "纪工委书记", "党委副书记", "党组副书记", "党支部副书记", "支部副书记",
    "副书记", "书记",
    # heads of government and of the unit
    "镇长", "副镇长", "乡长", "副乡长", "局长", "副局长", "主任", "副主任", "院长", "副院长",
    "校长", "副校长", "所长", "副所长", "站长", "馆长",
    # committee members
    "组织委员", "宣传委员", "纪检委员", "统战委员", "政法委员", "武装委员", "青年委员",
    "保密委员", "党委委员", "党组成员", "支部委员", "支委委员",
    # groups of leaders
    "领导班子其他成员", "班子其他成员", "其他班子成员", "领导班子成员", "班子成员",
    "其他副职", "班子副职",
    "分管领导", "分管负责人", "分管副职",
    "各股室负责人", "股室负责人", "各科室负责人", "科室负责人", "各部门负责人", "部门负责人",
    "各站所负责人", "各单位负责人",
    "主要负责人", "主要领导", "第一责任人", "直接责任人",
)  # fmt: skip
_POST = "|".join(sorted(POSTS, key=len, reverse=True))
# The unit or organ written before a post: 镇党委书记, 局党组书记, 本所所长.
_PREFIX = r"(?:本单位|本部门|本所|本局|本院|本校|本站|机关|街道|镇|乡|局|县|区)?"
# The duty that may follow: 职责, 的第一责任, 履行第一责任人职责, “一岗双责”, 负主体责任 …
_VERB = r"(?:是|为|负|承担|履行|落实|要|的)?"
_KIND = (
    r"(?P<kind>第一责任人?|直接责任人?|主体责任|领导责任|主要责任|牵头责任|分管责任|"
    r"[“\"‘']?一岗双责[”\"’']?)?"
)
_DUTY = rf"{_VERB}(?:意识形态工作)?{_VERB}{_KIND}(?:的)?(?:工作)?(?:职责|责任清单|责任|任务)?"
_WHOLE_RE = re.compile(rf"^{_PREFIX}(?P<post>{_POST}){_DUTY}(?P<colon>[：:])?$")
_LEADING_RE = re.compile(rf"^{_PREFIX}(?P<post>{_POST}){_DUTY}[：:]")
_LEAD_POSTS = frozenset({"第一责任人"})
_IN_CHARGE_POSTS = frozenset({"分管领导", "分管负责人", "分管副职"})


@dataclass(frozen=True)
class PostHeading:
    """The post a heading names and the role it gives the post's holders on the items."""

    post: str  # as written, without the unit before it: 支部书记, 班子成员
    role: (
        str  # LEAD where the heading says 第一责任人/牵头, IN_CHARGE for 分管领导, else RESPONSIBLE
    )


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("。；;，,")


def post_heading(text: str) -> PostHeading | None:
    """The post a heading's text names ("（一）支部书记职责" → 支部书记), None when it names none.

    ``text`` is the heading without its marker and without its responsibility parenthesis.
    """
    compact = _compact(text)
    if not compact:
        return None
    match = _WHOLE_RE.match(compact) or _LEADING_RE.match(compact)
    if match is None:
        return None
    post = match.group("post")
    kind = match.group("kind") or ""
    if post in _LEAD_POSTS or kind.startswith(("第一责任", "牵头")):
        role = LEAD
    elif post in _IN_CHARGE_POSTS:
        role = IN_CHARGE
    else:
        role = RESPONSIBLE
    return PostHeading(post, role)


def is_post_line(line: str) -> bool:
    """A line that is a post and a colon and nothing else ("宣传委员："): a heading of its own,
    though a colon ends it."""
    compact = _compact(line)
    match = _WHOLE_RE.match(compact)
    return match is not None and match.group("colon") is not None
