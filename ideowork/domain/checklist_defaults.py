"""The default 考核细则: the rules' 重点检查考核 list turned into scored items.

Reference 2 (三、监督考核 1.) names what each office is checked on: 落实意识形态工作主体责任、
加强组织领导、贯彻中央和上级党组织关于意识形态工作的决策部署、分析研判意识形态领域状况、加强意识
形态阵地管理、维护网络意识形态安全、开展思想舆论宣传和责任追究的情况. Each becomes a group; its
items are the duties the same rules spell out (专题研究两次、半年汇报、党内通报、24次集中学习 …),
with how the item is checked and what is deducted (`basis`). The points sum to 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DefaultItem:
    group_name: str
    text: str
    points: Decimal
    basis: str


def _item(group: str, text: str, points: str, basis: str) -> DefaultItem:
    return DefaultItem(group, text, Decimal(points), basis)


_DUTY = "落实意识形态工作主体责任"
_LEAD = "加强组织领导"
_ORDERS = "贯彻上级决策部署"
_ANALYSIS = "分析研判意识形态领域状况"
_POSITIONS = "加强意识形态阵地管理"
_NETWORK = "维护网络意识形态安全"
_PUBLICITY = "开展思想舆论宣传"
_ACCOUNTABILITY = "责任追究"

DEFAULT_CHECKLIST: tuple[DefaultItem, ...] = (
    _item(
        _DUTY,
        "把意识形态工作纳入重要议事日程、党建工作责任制和目标管理，与业务工作一同部署、"
        "一同检查、一同考核",
        "5",
        "查年度工作要点、实施方案和会议记录；未纳入的扣5分，纳入但未部署落实的扣2分",
    ),
    _item(
        _DUTY,
        "按照“一岗双责”要求，责任清单明确到领导和股室，分管领导抓好分管领域意识形态工作",
        "5",
        "查责任清单；责任未明确到人的每项扣1分，最多扣5分",
    ),
    _item(
        _DUTY,
        "把意识形态工作作为民主生活会、述职报告的重要内容，接受监督和评议",
        "5",
        "查民主生活会对照检查材料和述职报告；缺少意识形态内容的扣3分",
    ),
    _item(
        _LEAD,
        "每年至少两次专题研究意识形态工作",
        "5",
        "查会议记录；少一次扣2.5分",
    ),
    _item(
        _LEAD,
        "每半年向上级党委专题汇报一次意识形态工作",
        "5",
        "查汇报材料；少一次扣2.5分",
    ),
    _item(
        _LEAD,
        "每年对意识形态领域情况至少进行一次党内通报",
        "5",
        "查通报文件；未通报的扣5分",
    ),
    _item(
        _ORDERS,
        "把中央和上级关于意识形态工作的决策部署作为中心组学习的重要内容，每年至少安排一次专题学习",
        "5",
        "查中心组学习记录；未安排专题学习的扣5分",
    ),
    _item(
        _ORDERS,
        "干部理论学习每年集中学习不少于24次，其中意识形态相关内容不少于6次",
        "6",
        "查学习记录台账；集中学习每少一次扣0.5分，意识形态内容每少一次扣1分，最多扣6分",
    ),
    _item(
        _ORDERS,
        "上级安排部署的重大宣传教育任务组织开展有力、按时完成",
        "4",
        "查工作记录；未按要求开展的每项扣2分",
    ),
    _item(
        _ANALYSIS,
        "每季度开展一次意识形态领域分析研判，形成分析研判报告",
        "8",
        "查分析研判报告；每少一个季度扣2分",
    ),
    _item(
        _ANALYSIS,
        "对重要时间节点、法定节假日、传统节日和重大活动需注意的问题进行前瞻性专题分析判断",
        "3",
        "查专题研判记录；未开展的扣3分",
    ),
    _item(
        _ANALYSIS,
        "分析研判发现的问题明确责任、落实整改，按期整改到位",
        "4",
        "查研判整改台账；每有一项逾期未整改扣1分",
    ),
    _item(
        _POSITIONS,
        "报告会、研讨会、讲座论坛事先经党委批准并报宣传部备案，不邀请政治倾向有明显偏差的报告人",
        "5",
        "查阵地管理台账；未经审批即举办的每次扣2分，未备案的每次扣1分",
    ),
    _item(
        _POSITIONS,
        "微信群、QQ群、公众号、宣传栏、电子屏等阵地明确管理员和责任人，发布内容审核把关",
        "5",
        "查阵地台账和发布审核记录；阵地无责任人或发布内容未经审核的每处扣1分",
    ),
    _item(
        _NETWORK,
        "网络舆情监测、研判、处置及时，12345、书记信箱等事项按时办结、回访",
        "6",
        "查舆情台账；逾期办结的每件扣1分，最多扣6分",
    ),
    _item(
        _NETWORK,
        "政务新媒体无错误导向，责任范围内不发生网络意识形态安全严重问题",
        "4",
        "出现错误导向或严重问题的扣4分",
    ),
    _item(
        _PUBLICITY,
        "持续开展党的创新理论和社会主义核心价值观宣传教育",
        "5",
        "查宣传活动记录；未开展的扣5分",
    ),
    _item(
        _PUBLICITY,
        "加强正面宣传，积极回应群众关切，主流舆论引导有力",
        "5",
        "查宣传报道和回应记录；引导不力造成不良影响的扣5分",
    ),
    _item(
        _ACCOUNTABILITY,
        "对照责任追究情形，对失职失责问题及时追究、严肃处理",
        "5",
        "查责任追究记录；应追究未追究的每件扣2.5分",
    ),
    _item(
        _ACCOUNTABILITY,
        "党员干部无公开发表违背党章、党的决定决议和政策言论的情形，对苗头性问题及时提醒教育",
        "5",
        "出现此类情形且处置不力的扣5分",
    ),
)

DEFAULT_TOTAL = sum((item.points for item in DEFAULT_CHECKLIST), Decimal(0))
