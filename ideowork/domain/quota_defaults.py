"""The quota rules a new unit starts with, from the rules the reference documents cite."""

from __future__ import annotations

from dataclasses import dataclass

from ideowork.domain.vocab import QuotaPeriod, StudyKind


@dataclass(frozen=True)
class DefaultRule:
    key: str
    name: str
    kinds: tuple[StudyKind, ...]
    required: int
    period: QuotaPeriod = QuotaPeriod.YEAR
    ideology_only: bool = False
    parent_key: str | None = None
    basis: str = ""


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(
        "collective",
        "集中学习",
        (StudyKind.COLLECTIVE, StudyKind.CENTER_GROUP),
        24,
        basis="每年集中学习不少于24次",
    ),
    DefaultRule(
        "collective-ideology",
        "其中意识形态专题学习",
        (StudyKind.COLLECTIVE, StudyKind.CENTER_GROUP),
        6,
        ideology_only=True,
        parent_key="collective",
        basis="其中对意识形态工作相关内容的学习每年不少于六次",
    ),
    DefaultRule(
        "special-meeting",
        "党组专题研究意识形态工作",
        (StudyKind.SPECIAL_MEETING,),
        2,
        basis="党组每年至少两次专题研究意识形态工作",
    ),
    DefaultRule(
        "special-report",
        "向上级党委专题汇报",
        (StudyKind.SPECIAL_REPORT,),
        1,
        QuotaPeriod.HALF,
        basis="每半年向上级党委专题汇报一次意识形态领域的重大情况",
    ),
    DefaultRule(
        "party-briefing",
        "党内通报",
        (StudyKind.PARTY_BRIEFING,),
        1,
        basis="每年对本单位意识形态领域情况至少进行一次党内通报",
    ),
    DefaultRule(
        "analysis",
        "分析研判",
        (StudyKind.ANALYSIS,),
        1,
        QuotaPeriod.QUARTER,
        basis="每季度开展一次意识形态领域情况分析研判",
    ),
)
