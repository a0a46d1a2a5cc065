"""The built-in templates: what each drafts, for which periods, under which title.

A template is Jinja2 in resources/templates producing document markup; it renders in the
environment of ideowork.documents.templating plus the matrix test `plain_item`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from ideowork.documents.templating import markup_environment, tidy
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.paths import resources_dir
from ideowork.services.matrix.model import TaskNode
from ideowork.services.unit import UnitInfo

# How the 公文 page groups the templates, in this order.
GROUP_REPORTS = "报告"
GROUP_PLANS = "方案与要点"
GROUP_BRIEFINGS = "通报与总结"
GROUP_LEDGERS = "台账与表格"
TEMPLATE_GROUPS: tuple[str, ...] = (GROUP_REPORTS, GROUP_PLANS, GROUP_BRIEFINGS, GROUP_LEDGERS)


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    name: str
    description: str
    period_kinds: tuple[PeriodKind, ...]
    title: Callable[[UnitInfo, Period], str]
    enclosed_title: Callable[[UnitInfo, Period], str] | None = None
    numbered: bool = True  # carries a 文号 (and so uses one up)
    # "case" or "session": drafted for one record (given by its uid), not a whole period
    subject: str = ""
    # The default 成文日期: "issue" (the usual rule: a plan early in its year, a report at its
    # period's end), "period_end" (a ledger closes with its period), "today" (a form printed).
    dated: str = "issue"
    # One of TEMPLATE_GROUPS; left empty, a paper of records (a ledger closed with its period,
    # a form of one record) goes under 台账与表格 and any other template under 报告.
    group: str = ""

    def __post_init__(self) -> None:
        if not self.group:
            papers = self.subject or self.dated != "issue"
            object.__setattr__(self, "group", GROUP_LEDGERS if papers else GROUP_REPORTS)
        if self.group not in TEMPLATE_GROUPS:
            raise ValueError(f"template {self.id!r}: unknown group {self.group!r}")


def _organ(unit: UnitInfo) -> str:
    return unit.organ_kind or "党组"


TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "quarterly-implementation",
        "意识形态工作落实情况报告",
        "季度（或半年、全年）落实情况报告，数字取自学习日历、舆情台账和研判整改",
        (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: f"{p.label}{_organ(u)}意识形态工作落实情况报告",
        numbered=False,
    ),
    TemplateSpec(
        "quarterly-analysis",
        "意识形态工作分析研判报告（含上报报告）",
        "季度分析研判报告，附上报用的报告和文号",
        (PeriodKind.QUARTER, PeriodKind.HALF),
        lambda u, p: f"关于上报《{p.label}意识形态工作分析研判报告》的报告",
        lambda u, p: f"{p.label}意识形态工作分析研判报告",
    ),
    TemplateSpec(
        "half-year-report",
        "半年意识形态工作专题汇报（报上级党委）",
        "每半年向上级党委专题汇报：责任落实、学习和指标进度、舆情办理、研判整改，均取自各台账",
        (PeriodKind.HALF,),
        lambda u, p: f"关于{p.label}意识形态工作情况的专题报告",
    ),
    TemplateSpec(
        "implementation-plan",
        "落实意识形态工作责任制实施方案（印发通知）",
        "由责任清单生成的年度实施方案，每项任务注明责任领导和责任股室",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年落实意识形态工作责任制实施方案》的通知",
        lambda u, p: f"{p.year}年落实意识形态工作责任制实施方案",
        group=GROUP_PLANS,
    ),
    TemplateSpec(
        "implementation-measures",
        "落实意识形态工作责任制实施办法（印发通知）",
        "责任制实施办法，学习、研究、汇报、通报的次数取自任务指标",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{_organ(u)}落实意识形态工作责任制实施办法》的通知",
        lambda u, p: f"{_organ(u)}落实意识形态工作责任制实施办法",
        group=GROUP_PLANS,
    ),
    TemplateSpec(
        "annual-points",
        "年度落实意识形态工作责任制要点（印发通知）",
        "年度工作要点，主要任务取自该年度责任清单",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年{_organ(u)}落实意识形态工作责任制要点》的通知",
        lambda u, p: f"{p.year}年{_organ(u)}落实意识形态工作责任制要点",
        group=GROUP_PLANS,
    ),
    TemplateSpec(
        "duty-list",
        "意识形态工作责任清单（一岗双责，印发通知）",
        "按责任领导列出各自负责的任务和责任股室，取自该年度责任清单",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年意识形态工作责任清单》的通知",
        lambda u, p: f"{p.year}年意识形态工作责任清单",
        group=GROUP_PLANS,
    ),
    TemplateSpec(
        "annual-briefing",
        "年度意识形态领域情况党内通报",
        "每年一次的党内通报：责任落实、学习、舆情、研判发现的问题、考核和责任追究，均取自各台账",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于{p.year}年度意识形态领域情况的通报",
        dated="period_end",
        group=GROUP_BRIEFINGS,
    ),
    TemplateSpec(
        "annual-summary",
        "年度落实意识形态工作责任制情况总结（上报报告）",
        "全年工作总结：责任清单、学习和指标、阵地、舆情、研判整改、检查考核和责任追究，均取自各台账",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于报送《{p.year}年落实意识形态工作责任制情况总结》的报告",
        lambda u, p: f"{p.year}年落实意识形态工作责任制情况总结",
        dated="period_end",
        group=GROUP_BRIEFINGS,
    ),
    TemplateSpec(
        "secretary-report",
        "书记抓意识形态工作述职报告",
        "书记本人抓意识形态工作的述职报告，数字取自与年度总结相同的台账",
        (PeriodKind.YEAR,),
        lambda u, p: f"{p.year}年{_organ(u)}书记抓意识形态工作述职报告",
        numbered=False,
        dated="period_end",
        group=GROUP_BRIEFINGS,
    ),
    TemplateSpec(
        "ledger-sentiment",
        "舆情台账（打印备查）",
        "一个期间受理的舆情事项逐件列表：渠道、事项、承办、办结和回访情况（不含个人信息）",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: f"{p.label}舆情台账",
        numbered=False,
        dated="period_end",
    ),
    TemplateSpec(
        "ledger-positions",
        "阵地管理台账（打印备查）",
        "阵地及其管理员、审核人，期间内报告会、讲座等活动的审批和备案（未按规定的标明），发布审核记录",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: f"{p.label}阵地管理台账",
        numbered=False,
        dated="period_end",
        group=GROUP_LEDGERS,
    ),
    TemplateSpec(
        "case-sheet",
        "舆情事项处置单",
        "一件舆情事项的登记、交办、办理、回访和上报经过（反映人信息默认隐去）",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: "舆情事项处置单",
        numbered=False,
        subject="case",
        dated="today",
    ),
    TemplateSpec(
        "study-plan",
        "年度理论学习计划（含学习安排表，印发通知）",
        "学习次数要求取自任务指标，学习安排表取自学习日历中该年度计划和已开展的学习",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年理论学习计划》的通知",
        lambda u, p: f"{p.year}年理论学习计划",
        group=GROUP_PLANS,
    ),
    TemplateSpec(
        "ledger-studies",
        "学习记录台账（打印备查）",
        "一个期间开展的学习活动逐次列表：时间、类别、内容、主持人、主讲人、出勤和缺席原因",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: f"{p.label}学习记录台账",
        numbered=False,
        dated="period_end",
    ),
    TemplateSpec(
        "sign-in-sheet",
        "学习活动签到表",
        "一次学习活动的签到表：当天在册人员逐一列出，签名栏留空",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: "签到表",
        numbered=False,
        subject="session",
        dated="today",
    ),
    TemplateSpec(
        "minutes",
        "学习活动会议记录",
        "一次学习活动的记录：时间、地点、主持人、出席和缺席人员及原因、学习内容和记录",
        (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: "会议记录",
        numbered=False,
        subject="session",
        dated="today",
    ),
    TemplateSpec(
        "assessment-results",
        "年度意识形态工作责任制考核结果通报",
        "各股室考核得分和等次、考核发现的问题、专题督查和责任追究情况，取自检查考核",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于{p.year}年度意识形态工作责任制考核结果的通报",
        dated="period_end",
        group=GROUP_BRIEFINGS,
    ),
)
TEMPLATE_IDS = {spec.id: spec for spec in TEMPLATES}


def template_spec(template_id: str) -> TemplateSpec:
    spec = TEMPLATE_IDS.get(template_id)
    if spec is None:
        names = "、".join(TEMPLATE_IDS)
        raise UserError(f"没有名为“{template_id}”的模板。可用模板：{names}（见 report list）。")
    return spec


def plain_item(node: TaskNode) -> bool:
    """A child that is only an enumerated case (情形), not a task with responsibilities."""
    return not (
        node.children
        or node.body
        or node.leaders
        or node.offices
        or node.leaders_placeholder
        or node.offices_placeholder
        or node.outside_units
        or node.deadline_text
    )


def _environment() -> Environment:
    environment = markup_environment(resources_dir() / "templates")
    environment.tests["plain_item"] = plain_item
    return environment


def render_template(template_id: str, context: dict[str, Any]) -> str:
    """The template's markup for this context, without the blank lines of its logic."""
    return tidy(_environment().get_template(f"{template_id}.j2").render(context))
