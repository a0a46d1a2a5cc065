"""A big, realistic unit database for speed and memory benchmarks.

Ten years (2016–2025) of a 镇党委 with 20 股室 and 500 people: 2 000 responsibility tasks,
20 000 study sessions with 240 000 attendance rows, 100 000 舆情 cases and ~400 findings.
Everything is drawn from fixed random seeds, so two builds hold the same data; rows go in with
SQLAlchemy Core bulk inserts, so the full scale builds in well under a minute.

    python -m benchmarks.bigunit --out /tmp/big.sqlite3 [--small]

Benchmarks call `cached_big_unit()`: built once into tempfile.gettempdir()/ideowork-bench/
(rebuilt when a migration or this file changes), then copied for the caller to use and write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update

import ideowork.db
from benchmarks.timing import peak_rss_mib
from ideowork.db.engine import Database
from ideowork.db.models import (
    Attendance,
    Base,
    Choice,
    Finding,
    Office,
    Person,
    QuotaRule,
    SentimentCase,
    StudySession,
    Task,
    TaskProgress,
    Unit,
    task_leader,
    task_office,
)
from ideowork.domain.vocab import (
    CaseCategory,
    CaseStatus,
    Channel,
    FindingStatus,
    PersonRole,
    Satisfaction,
    SessionStatus,
    Severity,
    StudyKind,
    TaskStatus,
)
from ideowork.services.database import open_database
from ideowork.services.ledgers.studies import seed_default_rules
from ideowork.services.system.health import run_checks

Row = dict[str, Any]
T = TypeVar("T")

SEED = "ideowork-bigunit-1"
# Words of a case's summary and the category a clerk files it under.
CATEGORY_WORDS = (
    ("咨询", CaseCategory.CONSULTATION),
    ("建议", CaseCategory.SUGGESTION),
    ("求助", CaseCategory.HELP),
    ("投诉", CaseCategory.COMPLAINT),
)
BATCH = 5_000
MIGRATIONS = Path(ideowork.db.__file__).resolve().parent / "migrations" / "versions"
CACHE_DIR_NAME = "ideowork-bench"


@dataclass(frozen=True)
class BigUnitScale:
    """How much to build: `years` years ending with `last_year`."""

    years: int = 10
    cases: int = 100_000
    sessions: int = 20_000
    tasks: int = 2_000
    people: int = 500
    last_year: int = 2025

    def __post_init__(self) -> None:
        if self.years < 1 or self.people < 20:
            raise ValueError("need at least one year and 20 people (12 leaders and staff)")
        if self.tasks < 8 * self.years:
            raise ValueError("need at least 8 tasks (the sections) a year")

    @property
    def first_year(self) -> int:
        return self.last_year - self.years + 1

    @property
    def years_range(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def as_of(self) -> dt.date:
        """The build's "today": later sessions are planned, the newest cases still open."""
        return dt.date(self.last_year, 11, 15)

    @property
    def slug(self) -> str:
        return (
            f"y{self.years}-{self.last_year}-c{self.cases}-s{self.sessions}"
            f"-t{self.tasks}-p{self.people}"
        )


SCALE = BigUnitScale(years=10, cases=100_000, sessions=20_000, tasks=2_000, people=500)
SMALL = BigUnitScale(years=1, cases=300, sessions=100, tasks=40, people=30)

ATTENDANCE_PER_SESSION = 12  # on average, over all sessions
FINDINGS_PER_QUARTER = 10

# ---------------------------------------------------------------- vocabulary of the unit

UNIT: Row = {
    "full_name": "中共柳湾镇委员会",
    "short_name": "柳湾镇党委",
    "organ_kind": "党委",
    "issuer_mark": "中共柳湾镇委员会",
    "doc_prefix": "柳党字",
    "superior_committee": "中共××县委员会",
    "propaganda_dept": "县委宣传部",
    "signature": "中共柳湾镇委员会",
    "printing_office": "中共柳湾镇委员会办公室",
}

OFFICES: tuple[tuple[str, str, int], ...] = (  # name, note, relative head count
    ("党政办公室", "意识形态工作日常事务，收集资料、上传下达", 5),
    ("宣传办", "宣传思想、网络舆情、阵地管理", 3),
    ("组织办", "党员教育、三会一课", 3),
    ("纪检监察室", "责任追究、警示教育", 2),
    ("综治信访办", "信访、12345、区长信箱办理", 4),
    ("社会事务办", "民生政策宣传", 3),
    ("经济发展办", "招商引资、企业服务", 3),
    ("农业综合服务站", "农技推广、春耕补贴", 4),
    ("财政所", "财务管理、惠农资金发放", 2),
    ("规划建设办", "村镇规划、道路和供水设施", 4),
    ("自然资源所", "土地管理、宅基地审批", 2),
    ("生态环境办", "环境保护、人居环境整治", 3),
    ("应急管理办", "安全生产、防汛减灾", 3),
    ("退役军人服务站", "退役军人优抚", 1),
    ("便民服务中心", "政务服务、代办帮办", 5),
    ("文化综合服务站", "文化阵地、农家书屋、新时代文明实践", 2),
    ("司法所", "人民调解、法治宣传", 2),
    ("社会保障所", "社保医保、低保救助", 3),
    ("市场监管所", "食品安全、市场秩序", 2),
    ("乡村振兴办", "巩固脱贫成果、乡村振兴", 3),
)

LEADERS: tuple[tuple[str, PersonRole, str], ...] = (  # post, role, office
    ("党委书记", PersonRole.SECRETARY, "党政办公室"),
    ("党委副书记、镇长", PersonRole.MEMBER, "党政办公室"),
    ("党委副书记", PersonRole.MEMBER, "组织办"),
    ("人大主席", PersonRole.MEMBER, "党政办公室"),
    ("党委委员、宣传委员", PersonRole.DEPUTY, "宣传办"),
    ("党委委员、组织委员", PersonRole.ORGANIZER, "组织办"),
    ("党委委员、纪委书记", PersonRole.MEMBER, "纪检监察室"),
    ("党委委员、政法委员", PersonRole.MEMBER, "综治信访办"),
    ("党委委员、武装部长", PersonRole.MEMBER, "应急管理办"),
    ("党委委员、副镇长", PersonRole.DEPUTY, "经济发展办"),
    ("副镇长", PersonRole.DEPUTY, "社会事务办"),
    ("副镇长", PersonRole.MEMBER, "规划建设办"),
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁峰健亮俊浩凯洋建国志新海东林立文博宇晨昊"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷红梅雪琳欣颖慧莉萍洁倩晓月兰佳悦菲丹蕾凤琴琼云瑶璐"

STAFF_POSTS = ("干事", "科员", "专干", "办事员", "工作人员", "干事", "科员")

# ---------------------------------------------------------------- 责任清单

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "强化意识形态工作责任制",
        "按照分级负责和谁主管谁负责的原则，领导班子对本镇意识形态工作负主体责任，"
        "把意识形态工作摆在全局工作的重要位置，纳入重要议事日程。",
        (
            "党委书记履行第一责任人职责，重要工作亲自部署、重要问题亲自过问、重大事件亲自处置。",
            "宣传委员履行直接责任，协助抓好统筹协调指导工作。",
            "班子成员落实“一岗双责”，抓好分管股室和村（社区）的意识形态工作。",
            "将意识形态工作纳入年度目标责任考核，落实专项工作经费。",
            "定期向县委汇报意识形态工作责任制落实情况。",
            "制定年度意识形态工作要点和责任清单，明确责任领导和责任股室。",
        ),
    ),
    (
        "壮大积极健康主流思想文化",
        "坚持把党的思想理论建设作为意识形态工作的根本任务，用党的创新理论武装头脑。",
        (
            "扎实抓好干部理论学习，每年集中学习不少于24次，其中意识形态相关内容不少于六次。",
            "落实党委理论学习中心组学习制度，每季度至少开展一次专题研讨。",
            "严格落实“三会一课”制度，每季度至少讲一次党课。",
            "组织干部职工参加干部网络学院在线学习，完成年度学时。",
            "开展书记讲党课、专家辅导报告等活动，丰富学习形式。",
            "建立学习台账，做到时间、内容、人员、效果四明确。",
        ),
    ),
    (
        "加强对各类意识形态阵地的管理",
        "按照“谁主管谁负责、谁主办谁负责”的原则，管好用好各类意识形态阵地。",
        (
            "报告会、研讨会、讲座论坛事先报党委批准，报县委宣传部备案后实施。",
            "加强宣传栏、电子显示屏、文化墙等宣传阵地的内容审核。",
            "加强农家书屋、文化广场、新时代文明实践站的管理和使用。",
            "加强宗教活动场所管理，依法规范宗教活动。",
            "加强对辖区学校、企业宣传阵地的指导和检查。",
            "开展意识形态阵地排查，建立阵地管理台账。",
        ),
    ),
    (
        "加强网络意识形态工作",
        "落实网络意识形态工作责任，加强网上舆论引导，维护网络意识形态安全。",
        (
            "建立网络舆情监测、研判、处置机制，重大舆情及时报告县委网信办。",
            "加强村（社区）微信群、工作群和政务新媒体的管理。",
            "建设网评员队伍，及时发布权威信息、回应社会关切。",
            "按时办理12345热线、区长信箱转办件，做到件件有回音。",
            "开展网络安全宣传周活动，提高干部群众网络安全意识。",
        ),
    ),
    (
        "做好新闻宣传和舆论引导",
        "坚持正面宣传为主，讲好本镇发展故事，营造良好舆论氛围。",
        (
            "严格审核对外宣传稿件，落实专人负责制。",
            "围绕重大节点开展主题宣传，每季度上报宣传信息不少于10篇。",
            "做好突发事件舆论引导，第一时间发布权威信息。",
            "加强与县级媒体的联系，宣传本镇经验做法。",
        ),
    ),
    (
        "加强精神文明建设",
        "培育和践行社会主义核心价值观，推进新时代文明实践。",
        (
            "开展社会主义核心价值观宣传教育，营造崇德向善的社会风尚。",
            "推进新时代文明实践站建设，常态化开展志愿服务活动。",
            "推进移风易俗，治理高价彩礼、大操大办等陈规陋习。",
            "开展道德模范、文明家庭、最美乡贤评选表彰活动。",
            "组织开展“我们的节日”主题活动。",
        ),
    ),
    (
        "强化意识形态工作责任制考核",
        "建立意识形态工作责任制检查考核制度，推动考核工作规范化、制度化和常态化。",
        (
            "班子成员定期向党委专题汇报分管领域意识形态工作。",
            "把意识形态工作作为向党员大会报告工作的重要内容。",
            "意识形态工作纳入民主生活会对照检查和班子成员述职内容。",
            "意识形态工作纳入干部任前考察、考核的重要内容。",
            "每半年开展一次意识形态工作责任制落实情况自查。",
        ),
    ),
    (
        "强化意识形态工作责任追究",
        "坚持有错必纠、有责必问，强化问责刚性，对导致不良后果的严肃追究相关责任人责任。",
        (
            "对上级安排部署的重大宣传教育任务组织开展不力的，严肃追究责任。",
            "对重大敏感问题和突发事件处置和引导不力，造成严重影响的，严肃追究责任。",
            "所属舆论阵地出现严重错误导向的，严肃追究责任。",
            "对管辖范围内意识形态工作出现严重问题隐瞒不报的，严肃追究责任。",
            "对党员干部公开发表违背中央精神言论放任不管的，严肃追究责任。",
        ),
    ),
)

# Appended when a section has more tasks than texts, so repeated texts still read differently.
FOLLOW_UPS = (
    "重点抓好村（社区）落实",
    "做到有部署、有检查、有总结",
    "建立工作台账，定期通报进展",
    "纳入年度目标责任考核",
    "每季度开展一次督导检查",
    "确保责任落实到人",
    "及时总结推广经验做法",
)

SUBSECTION_TITLES = (
    "健全工作机制",
    "加强干部理论学习",
    "加强阵地建设",
    "加强队伍建设",
    "抓好重点任务落实",
    "强化督促检查",
)

FREQUENCIES = (("长期", 40), ("每年", 25), ("每季度", 15), ("每半年", 10), ("每月", 10))
TASK_STATUS_PAST = ((TaskStatus.DONE, 85), (TaskStatus.IN_PROGRESS, 10), (TaskStatus.OVERDUE, 5))
TASK_STATUS_CURRENT = (
    (TaskStatus.IN_PROGRESS, 65),
    (TaskStatus.NOT_STARTED, 20),
    (TaskStatus.DONE, 15),
)

PROGRESS_NOTES = (
    "已召开党委会专题研究部署。",
    "已按计划推进，相关台账资料已归档。",
    "本季度已完成集中学习{n}次，其中意识形态专题{m}次。",
    "已组织开展专项检查{n}次，发现问题已督促整改。",
    "已向县委宣传部报送工作情况。",
    "已完成阶段性任务，下一步持续跟进。",
    "已开展宣传活动{n}场，发放宣传资料{m}00余份。",
)

# ---------------------------------------------------------------- 学习日历

KIND_WEIGHTS: tuple[tuple[StudyKind, int, float], ...] = (  # kind, weight, P(ideology)
    (StudyKind.COLLECTIVE, 25, 0.25),
    (StudyKind.THREE_MEETINGS, 30, 0.15),
    (StudyKind.THEME_DAY, 10, 0.10),
    (StudyKind.CENTER_GROUP, 8, 0.40),
    (StudyKind.SPECIAL_MEETING, 6, 0.70),
    (StudyKind.SPECIAL_REPORT, 3, 0.90),
    (StudyKind.PARTY_BRIEFING, 3, 0.80),
    (StudyKind.ANALYSIS, 5, 1.00),
    (StudyKind.EDUCATION, 6, 0.10),
    (StudyKind.OTHER, 4, 0.10),
)

# kind: (typical head count, hours)
KIND_SHAPE: dict[StudyKind, tuple[int, str]] = {
    StudyKind.COLLECTIVE: (40, "1.5"),
    StudyKind.THREE_MEETINGS: (12, "1.5"),
    StudyKind.THEME_DAY: (25, "2.0"),
    StudyKind.CENTER_GROUP: (13, "2.0"),
    StudyKind.SPECIAL_MEETING: (11, "1.0"),
    StudyKind.SPECIAL_REPORT: (4, "1.0"),
    StudyKind.PARTY_BRIEFING: (30, "1.0"),
    StudyKind.ANALYSIS: (10, "1.0"),
    StudyKind.EDUCATION: (25, "4.0"),
    StudyKind.OTHER: (12, "1.0"),
}

YEAR_THEMES: dict[int, tuple[str, ...]] = {
    2016: ("党的十八届六中全会精神", "“两学一做”学习教育", "习近平总书记系列重要讲话精神"),
    2017: ("党的十九大精神", "习近平总书记系列重要讲话精神", "《中国共产党党内监督条例》"),
    2018: ("党的十九大精神", "宪法修正案", "党的十九届二中、三中全会精神"),
    2019: ("“不忘初心、牢记使命”主题教育", "党的十九届四中全会精神", "新中国成立70周年"),
    2020: ("党的十九届五中全会精神", "《中华人民共和国民法典》", "疫情防控重要指示精神"),
    2021: ("党史学习教育", "庆祝中国共产党成立100周年大会重要讲话精神", "十九届六中全会精神"),
    2022: ("党的二十大精神", "习近平总书记在省部级专题研讨班上的重要讲话", "党章"),
    2023: ("学习贯彻习近平新时代中国特色社会主义思想主题教育", "党的二十大精神"),
    2024: ("党纪学习教育", "党的二十届三中全会精神", "《中国共产党纪律处分条例》"),
    2025: ("深入贯彻中央八项规定精神学习教育", "党的二十届四中全会精神", "“十五五”规划建议"),
}
GENERAL_THEMES = (
    "习近平新时代中国特色社会主义思想",
    "《中国共产党章程》",
    "乡村振兴战略",
    "习近平总书记关于安全生产的重要论述",
    "习近平生态文明思想",
    "《中国共产党农村基层组织工作条例》",
    "习近平总书记关于“三农”工作的重要论述",
    "全国“两会”精神",
)
IDEOLOGY_TOPICS = (
    "意识形态工作责任制专题学习",
    "网络意识形态安全专题学习",
    "学习中央、省委关于意识形态工作的决策部署",
    "意识形态阵地管理专题学习",
    "学习《党委（党组）意识形态工作责任制实施办法》",
    "学习习近平总书记关于宣传思想工作的重要论述",
    "宗教工作和反邪教专题学习",
    "舆情应对和舆论引导专题学习",
)
THREE_MEETINGS = ("党员大会", "支部委员会", "党小组会", "党课")
EDUCATION_PLACES = (
    ("八路军办事处纪念馆", "爱国主义教育"),
    ("县人民法院反腐倡廉警示教育基地", "廉政警示教育"),
    ("烈士陵园", "革命传统教育"),
    ("县党史馆", "党史教育"),
    ("县看守所", "警示教育"),
)
MAIN_HALL = "镇政府三楼会议室"
ROOMS = (MAIN_HALL, MAIN_HALL, "镇政府二楼小会议室", "镇党员活动室", "便民服务中心会议室")
ABSENCE_REASONS = (("公出", 55), ("病假", 25), ("事假", 20))
CANCEL_REASONS = ("防汛值守", "上级临时召开会议", "与重点工作冲突", "主讲人公出")

# ---------------------------------------------------------------- 舆情台账

CHANNELS: tuple[tuple[Channel, int, str, int], ...] = (  # channel, weight, case_no prefix, days
    (Channel.HOTLINE_12345, 45, "12345", 5),
    (Channel.MAYOR_MAILBOX, 15, "QZXX", 7),
    (Channel.NETWORK, 12, "WL", 2),
    (Channel.ONLINE_PETITION, 8, "WSXF", 30),
    (Channel.PETITION, 7, "XF", 60),
    (Channel.SECRETARY_MAILBOX, 6, "SJXX", 7),
    (Channel.OTHER, 5, "QT", 10),
    (Channel.MEDIA, 2, "MT", 3),
)
PUBLIC_OPINION_CHANNELS = frozenset({Channel.NETWORK, Channel.MEDIA})

ESTATES = (
    "锦绣花园",
    "阳光小区",
    "翠湖苑",
    "柳湾新村",
    "金桂园",
    "幸福家园",
    "滨河小区",
    "东方明珠苑",
    "康乐小区",
    "书香名苑",
)
VILLAGES = (
    "东村",
    "西村",
    "王家庄",
    "李家堡",
    "南坡村",
    "河湾村",
    "石桥村",
    "柳湾社区",
    "新街社区",
    "马家沟村",
    "杨家寨",
    "龙泉村",
)
ROADS = ("镇中心街", "柳湾大道", "滨河路", "工业园区路", "环镇路", "学府路")
COMPANIES = ("某建筑公司", "某食品厂", "某物流公司", "某装修公司", "某砖厂", "某农业合作社")
POLICIES = (
    ("城乡居民医保缴费标准", "社会保障所"),
    ("高龄补贴申领条件", "社会事务办"),
    ("农村危房改造政策", "规划建设办"),
    ("退役军人优待政策", "退役军人服务站"),
    ("城乡居民养老保险待遇", "社会保障所"),
    ("春耕补贴发放时间", "农业综合服务站"),
    ("低保申请条件", "社会保障所"),
    ("残疾人两项补贴", "社会事务办"),
    ("宅基地审批流程", "自然资源所"),
    ("新生儿落户办理", "便民服务中心"),
)
RUMOR_SUBJECTS = ("拆迁", "征地补偿", "学校合并", "疫情防控", "道路改造", "防汛救灾")


@dataclass(frozen=True)
class Issue:
    """One kind of 舆情 case: (title, content) pairs, the office that handles it, results."""

    weight: int
    cases: tuple[tuple[str, str], ...]
    office: str  # "" for a policy question: the policy's own office
    results: tuple[str, ...]
    opinion_weight: int = 0  # weight among 网络舆情 and 媒体 cases


ISSUES: tuple[Issue, ...] = (
    Issue(
        14,
        (
            (
                "{estate}噪音扰民投诉",
                "来电人反映{estate}附近夜间施工噪音较大，影响居民休息，希望尽快处理。",
            ),
            (
                "反映{estate}夜间施工噪音扰民",
                "群众反映{estate}旁工地夜间连续施工，噪音扰民，多次协商无果。",
            ),
            (
                "投诉{road}商铺音响噪音",
                "群众反映{road}沿街商铺长时间播放高音喇叭，影响周边居民正常生活。",
            ),
        ),
        "生态环境办",
        ("已联系施工方调整作业时间，并加强夜间巡查。", "已约谈商户，噪音问题已整改。"),
        opinion_weight=3,
    ),
    Issue(
        12,
        (
            (
                "投诉{village}环境卫生差",
                "反映{village}道路两侧垃圾堆积，长时间无人清运，气味难闻。",
            ),
            (
                "反映{village}垃圾清运不及时",
                "来电人反映{village}垃圾收集点满溢，清运不及时，希望增加清运频次。",
            ),
            (
                "反映{estate}垃圾堆放",
                "群众反映{estate}楼道和绿化带堆放建筑垃圾，影响环境和消防安全。",
            ),
        ),
        "生态环境办",
        ("已组织清理并落实保洁责任人。", "已协调保洁公司增加清运频次。"),
        opinion_weight=4,
    ),
    Issue(
        10,
        (
            (
                "反映{village}道路破损",
                "反映{village}通村道路路面破损严重，雨天积水，群众出行不便。",
            ),
            (
                "{road}路灯不亮",
                "来电人反映{road}多处路灯损坏，夜间出行存在安全隐患。",
            ),
            (
                "反映{village}道路硬化工程进度缓慢",
                "群众反映{village}道路硬化工程开工后进度缓慢，希望尽快完工。",
            ),
        ),
        "规划建设办",
        ("已安排维修，道路已修复。", "已核实情况并答复，工程已纳入年度计划。"),
        opinion_weight=3,
    ),
    Issue(
        8,
        (
            ("反映{estate}停水", "反映{estate}自昨日起停水，未提前通知，生活受到影响。"),
            (
                "{village}自来水水压不足",
                "群众反映{village}自来水水压不足，高处住户用水困难。",
            ),
            ("反映{village}饮用水浑浊", "来电人反映{village}近几日自来水浑浊，担心饮水安全。"),
        ),
        "规划建设办",
        ("已协调供水站检修加压设备，供水已恢复。", "已对管网进行冲洗，并送检水样。"),
    ),
    Issue(
        18,
        (
            ("咨询{policy}", "来电人咨询{policy}，希望得到答复。"),
            ("咨询{policy}", "群众来信咨询{policy}及办理渠道。"),
        ),
        "",
        ("已电话答复政策及办理渠道。", "已书面答复办理条件和流程。"),
    ),
    Issue(
        6,
        (
            (
                "反映{company}拖欠农民工工资",
                "来电人反映在{company}务工，工资至今未结清，多次讨要无果。",
            ),
            ("反映{company}拖欠工程款", "群众反映{company}拖欠其工程款，希望政府协调解决。"),
        ),
        "社会保障所",
        ("已协调企业支付拖欠工资。", "已约谈企业负责人，制定还款计划。"),
        opinion_weight=2,
    ),
    Issue(
        6,
        (
            (
                "反映{village}土地征收补偿问题",
                "群众反映{village}土地征收补偿标准不清楚，补偿款未按时发放。",
            ),
            ("反映{village}宅基地纠纷", "来电人反映与邻居在{village}的宅基地界址存在争议。"),
        ),
        "自然资源所",
        ("已向群众解释补偿政策，补偿款已兑付。", "已组织调解，双方达成一致。"),
        opinion_weight=2,
    ),
    Issue(
        6,
        (
            ("投诉{road}商户占道经营", "群众反映{road}部分商户占道经营，影响交通和市容。"),
            (
                "反映{estate}周边商户售卖过期食品",
                "来电人反映在{estate}附近超市购买到过期食品，要求处理。",
            ),
        ),
        "市场监管所",
        ("已责令商户整改，并加强日常巡查。", "已立案调查并依法处理。"),
    ),
    Issue(
        5,
        (
            ("反映{village}邻里纠纷", "来电人反映与邻居因琐事多次发生争执，希望村上协调。"),
            (
                "反映{village}排水纠纷",
                "来电人反映与邻居因{village}排水沟问题发生纠纷，希望协调解决。",
            ),
        ),
        "司法所",
        ("已组织人民调解，双方达成调解协议。",),
    ),
    Issue(
        4,
        (
            ("反映{estate}存在安全隐患", "群众反映{estate}消防通道被占用，存在安全隐患。"),
            ("反映{road}井盖缺失", "来电人反映{road}有井盖缺失，行人车辆通行存在危险。"),
        ),
        "应急管理办",
        ("已组织排查并督促整改，隐患已消除。",),
        opinion_weight=2,
    ),
    Issue(
        3,
        (
            (
                "网传{rumor}不实信息",
                "网络平台出现涉及本镇{rumor}工作的不实信息，转发量较大，引起部分群众关注。",
            ),
            (
                "短视频平台出现歪曲本镇{rumor}工作的视频",
                "短视频平台出现剪辑拼接的本镇{rumor}工作视频，评论区出现负面情绪。",
            ),
            (
                "网民发帖质疑{rumor}",
                "网民在论坛发帖质疑本镇{rumor}工作程序不公开，跟帖较多。",
            ),
        ),
        "宣传办",
        (
            "已核实情况，发布权威信息澄清，报县委网信办处置。",
            "已督促群主删除不实信息并发布正面信息，教育引导群众理性上网。",
        ),
        opinion_weight=14,
    ),
)

SEVERITIES = ((Severity.NORMAL, 94), (Severity.MAJOR, 5), (Severity.CRITICAL, 1))
SATISFACTIONS = (
    (Satisfaction.SATISFIED, 80),
    (Satisfaction.BASICALLY, 15),
    (Satisfaction.UNSATISFIED, 5),
)

# ---------------------------------------------------------------- 分析研判

FINDINGS: tuple[tuple[str, str, str, str], ...] = (
    (
        "干部职工受多元化思想影响较大",
        "各种思想文化相互交织，如何抓好干部职工思想教育显得尤为重要。",
        "严把正确政治导向",
        "定期召开班子会、职工会，认真贯彻落实各级关于意识形态的决策部署和指示精神。",
    ),
    (
        "应对复杂舆论形势的判断力不够精准",
        "各种复杂网络舆论信息冲击干部职工的思想认识，甄别引导能力还需提高。",
        "强化政治理论学习",
        "落实党内组织生活、谈心谈话、主题党日等制度，集中学习做到时间、内容、人员明确。",
    ),
    (
        "抓意识形态主流阵地的方式方法不够多",
        "日常抓政策业务宣传多，抓主流文化宣传还存在差距。",
        "加强思想文化引导",
        "强化正面思想舆论引导，抓好干部网络学院在线学习，严格审核各类宣传稿件。",
    ),
    (
        "意识形态正面舆论引导还不够深入",
        "正面宣传的声音还不够响亮，舆论引导的影响力、战斗力不够强。",
        "加强正面宣传",
        "对研判发现的问题及时采取针对性措施，加强正面宣传和精神文明建设。",
    ),
    (
        "对党员干部职工的思想教育还需强化",
        "思想教育的方式方法较为单一，针对性、吸引力还需改善。",
        "丰富教育形式",
        "采取专题辅导、现场教学、警示教育等形式，增强思想教育的吸引力。",
    ),
    (
        "网络舆情处置还不够及时",
        "个别转办件办理超期，对网络舆情的研判和回应不够及时。",
        "健全舆情处置机制",
        "完善舆情监测、研判、处置、回应全流程，落实首接负责制和限时办结制。",
    ),
    (
        "村（社区）宣传阵地管理还有薄弱环节",
        "部分村（社区）宣传栏内容更新不及时，微信群管理不够规范。",
        "加强阵地管理",
        "开展阵地排查，建立阵地管理台账，落实微信群群主责任。",
    ),
    (
        "宣传思想工作队伍力量不足",
        "专职宣传干部少，网评员队伍作用发挥不充分。",
        "加强队伍建设",
        "充实宣传干部力量，定期开展业务培训，发挥网评员作用。",
    ),
    (
        "",
        "",
        "压实意识形态责任",
        "持续落实“一岗双责”，班子成员统筹抓好分管股室、村（社区）的意识形态工作。",
    ),
    (
        "",
        "",
        "健全规章制度",
        "进一步建立健全意识形态相关规章制度，为推进全镇和谐稳定发展提供坚实保障。",
    ),
)


# ---------------------------------------------------------------- helpers


def _rng(part: str) -> random.Random:
    """An independent stream per part, so changing one part leaves the others' data alone."""
    return random.Random(f"{SEED}/{part}")


def _weighted(rng: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def _spread(total: int, parts: int, growth: float = 0.0) -> list[int]:
    """`total` split over `parts`, growing by `growth` a part; the sum is exact."""
    weights = [1 + growth * i for i in range(parts)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(parts), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _holidays(year: int) -> set[dt.date]:
    """The fixed-date public holidays (Spring Festival moves; a week in early February)."""
    days = {dt.date(year, 1, 1)}
    days |= {dt.date(year, 5, d) for d in range(1, 4)}
    days |= {dt.date(year, 10, d) for d in range(1, 8)}
    days |= {dt.date(year, 2, d) for d in range(1, 8)}
    return days


def working_days(year: int) -> list[dt.date]:
    holidays = _holidays(year)
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)


def _table(target: type[Base] | Table) -> Table:
    return target if isinstance(target, Table) else cast(Table, target.__table__)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


UNIT_UID = _uuid(_rng("uid/unit"))


class _Writer:
    """Collects rows of one table and inserts them `BATCH` at a time.

    Records that carry an identity (a `uid` and the `origin` unit, where the schema has them)
    get a uid from a seeded stream rather than the random default, and this unit as origin,
    like records the app makes.
    """

    def __init__(self, connection: Connection, target: type[Base] | Table) -> None:
        self.connection = connection
        self.table = table = _table(target)
        self.uids = _rng(f"uid/{table.name}") if "uid" in table.c else None
        self.origin = "origin" in table.c
        self.rows: list[Row] = []

    def add(self, row: Row) -> None:
        if self.uids is not None and "uid" not in row:
            row["uid"] = _uuid(self.uids)
        if self.origin:
            row.setdefault("origin", UNIT_UID)
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.connection.execute(insert(self.table), self.rows)
            self.rows = []


# ---------------------------------------------------------------- the parts


@dataclass
class _Staffing:
    """Who is who, for the later parts: ids by office and role, and the years each served."""

    office_ids: dict[str, int]
    leader_ids: list[int]
    secretary_id: int
    people_by_office: dict[int, list[int]]
    head_by_office: dict[int, int]
    left_year: dict[int, int]  # person id → first year no longer with the unit

    def active_in(self, year: int, ids: Sequence[int]) -> list[int]:
        return [i for i in ids if self.left_year.get(i, 9999) > year]


def _build_unit(connection: Connection, scale: BigUnitScale) -> _Staffing:
    rng = _rng("people")
    unit = _Writer(connection, Unit)
    unit_row = {**UNIT, "id": 1, "updated_at": dt.datetime(scale.first_year, 1, 4, 9)}
    if unit.uids is not None:
        unit_row["uid"] = UNIT_UID  # the origin of every other record
    unit.add(unit_row)
    unit.flush()
    office_ids = {name: i for i, (name, _, _) in enumerate(OFFICES, start=1)}
    offices = _Writer(connection, Office)
    for i, (name, note, _) in enumerate(OFFICES, start=1):
        offices.add({"id": i, "name": name, "note": note, "sort_order": i})
    offices.flush()

    taken: set[str] = set()

    def new_name() -> str:
        while True:
            female = rng.random() < 0.45
            given = GIVEN_FEMALE if female else GIVEN_MALE
            length = 1 if rng.random() < 0.3 else 2
            name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(length))
            if name not in taken:
                taken.add(name)
                return name

    rows: list[Row] = []
    for post, role, office in LEADERS:
        rows.append({"post": post, "role": role.value, "office_id": office_ids[office]})
    staff_weights = [(office_ids[name], weight) for name, _, weight in OFFICES]
    staff_count = scale.people - len(LEADERS)
    staff_offices = [office_ids[name] for name, _, _ in OFFICES][:staff_count]
    staff_offices += [
        _weighted(rng, staff_weights) for _ in range(staff_count - len(staff_offices))
    ]
    staff_offices.sort()
    seen: dict[int, int] = {}
    for office_id in staff_offices:
        place = seen[office_id] = seen.get(office_id, 0) + 1
        office_name = OFFICES[office_id - 1][0]
        title = {"所": "所长", "站": "站长"}.get(office_name[-1], "主任")
        if place <= 2:
            post = f"{office_name}{'' if place == 1 else '副'}{title}"
        else:
            post = rng.choice(STAFF_POSTS)
        rows.append({"post": post, "role": PersonRole.STAFF.value, "office_id": office_id})

    left_year: dict[int, int] = {}
    people_by_office: dict[int, list[int]] = {}
    head_by_office: dict[int, int] = {}
    for person_id, row in enumerate(rows, start=1):
        row.update(id=person_id, name=new_name(), sort_order=person_id, active=True, note="")
        is_leader = person_id <= len(LEADERS)
        is_head = row["post"].startswith(OFFICES[row["office_id"] - 1][0])
        if not is_leader and not is_head and rng.random() < 0.04:
            left = rng.randint(min(scale.first_year + 1, scale.last_year), scale.last_year)
            left_year[person_id] = left
            row.update(active=False, note=f"{left}年{rng.choice(('调离', '退休', '借调'))}")
        people_by_office.setdefault(row["office_id"], []).append(person_id)
        if not is_leader:
            head_by_office.setdefault(row["office_id"], person_id)
    people = _Writer(connection, Person)
    for row in rows:
        people.add(row)
    people.flush()
    return _Staffing(
        office_ids=office_ids,
        leader_ids=list(range(1, len(LEADERS) + 1)),
        secretary_id=1,
        people_by_office=people_by_office,
        head_by_office=head_by_office,
        left_year=left_year,
    )


class _TaskTree:
    """One year's 责任清单 at a time: sections, their tasks, a few sub-sections with tasks."""

    def __init__(self, connection: Connection, scale: BigUnitScale, staff: _Staffing) -> None:
        self.rng = _rng("tasks")
        self.scale = scale
        self.staff = staff
        self.tasks = _Writer(connection, Task)
        self.leaders = _Writer(connection, task_leader)
        self.offices = _Writer(connection, task_office)
        self.progress = _Writer(connection, TaskProgress)
        self.leader_office = {
            leader_id: staff.office_ids[LEADERS[leader_id - 1][2]] for leader_id in staff.leader_ids
        }
        self.next_id = 1
        self.year = scale.first_year

    def build(self) -> None:
        per_year = _spread(self.scale.tasks, self.scale.years)
        for year, count in zip(self.scale.years_range, per_year, strict=True):
            self.year = year
            self._year(count)
            # Parents before children: rows were added depth first; then the links.
            for writer in (self.tasks, self.leaders, self.offices, self.progress):
                writer.flush()

    def _year(self, count: int) -> None:
        rng = self.rng
        rest = count - len(SECTIONS)
        grandchildren = rest // 6
        children = rest - grandchildren
        subsections = min(children, max(1, grandchildren // 4)) if grandchildren else 0
        per_section = _spread(children, len(SECTIONS))
        sub_slots = sorted(rng.sample(range(children), subsections))
        grand_counts = _spread(grandchildren, len(sub_slots)) if sub_slots else []
        child_index = 0
        for order, (title, body, texts) in enumerate(SECTIONS, start=1):
            section = self._task(None, order, title, body, leaf=False)
            for child_order in range(1, per_section[order - 1] + 1):
                if child_index in sub_slots:
                    slot = sub_slots.index(child_index)
                    sub_title = SUBSECTION_TITLES[slot % len(SUBSECTION_TITLES)]
                    sub = self._task(section, child_order, sub_title, "", leaf=False)
                    for grand_order in range(1, grand_counts[slot] + 1):
                        text = self._text(texts, child_order + grand_order)
                        self._task(sub, grand_order, text, "", leaf=True)
                else:
                    self._task(section, child_order, self._text(texts, child_order - 1), "", True)
                child_index += 1

    def _text(self, texts: Sequence[str], index: int) -> str:
        text = texts[index % len(texts)]
        if index < len(texts):
            return text
        return f"{text.rstrip('。；')}，{self.rng.choice(FOLLOW_UPS)}。"

    def _task(self, parent: int | None, order: int, text: str, body: str, leaf: bool) -> int:
        rng, year, as_of = self.rng, self.year, self.scale.as_of
        current = year == self.scale.last_year
        frequency = _weighted(rng, FREQUENCIES) if leaf else ""
        deadline: dt.date | None = None
        if frequency == "每年" or (frequency == "长期" and rng.random() < 0.2):
            deadline = dt.date(year, 12, 31)
        elif frequency == "每半年":
            deadline = dt.date(year, 6, 30) if rng.random() < 0.5 else dt.date(year, 12, 31)
        elif frequency == "每季度":
            deadline = _quarter_end(year, rng.randint(1, 4))
        if not leaf:
            status = TaskStatus.IN_PROGRESS if current else TaskStatus.DONE
        elif not current:
            status = _weighted(rng, TASK_STATUS_PAST)
        elif deadline is not None and deadline < as_of:
            status = TaskStatus.DONE if rng.random() < 0.85 else TaskStatus.OVERDUE
        else:
            status = _weighted(rng, TASK_STATUS_CURRENT)
        task_id = self.next_id
        self.next_id += 1
        touched = min(deadline or dt.date(year, 12, 20), as_of)
        self.tasks.add(
            {
                "id": task_id,
                "year": year,
                "parent_id": parent,
                "sort_order": order,
                "text": text,
                "body": body,
                "frequency": frequency,
                "deadline": deadline,
                "status": status.value,
                "updated_at": dt.datetime.combine(touched, dt.time(16, 30)),
            }
        )
        if leaf:
            self._link(task_id)
        return task_id

    def _link(self, task_id: int) -> None:
        rng, year = self.rng, self.year
        chosen = sorted(rng.sample(self.staff.leader_ids, 1 if rng.random() < 0.75 else 2))
        for leader_id in chosen:
            self.leaders.add({"task_id": task_id, "person_id": leader_id})
        every_office = range(1, len(OFFICES) + 1)
        if rng.random() < 0.05:
            office_ids = list(every_office)  # 各股室
        else:
            picked = {self.leader_office[chosen[0]], *rng.sample(every_office, rng.randint(0, 2))}
            office_ids = sorted(picked)
        for office_id in office_ids:
            self.offices.add({"task_id": task_id, "office_id": office_id})
        if rng.random() < (0.5 if year == self.scale.last_year else 0.35):
            quarters = [q for q in range(1, 5) if _quarter_end(year, q) <= self.scale.as_of]
            picked_quarters = rng.sample(quarters, min(len(quarters), rng.randint(1, 3)))
            for quarter in sorted(picked_quarters):
                note = rng.choice(PROGRESS_NOTES).format(n=rng.randint(2, 9), m=rng.randint(1, 4))
                self.progress.add(
                    {"task_id": task_id, "noted_on": _quarter_end(year, quarter), "note": note}
                )


def _topic(rng: random.Random, kind: StudyKind, ideology: bool, day: dt.date) -> str:
    theme = rng.choice(YEAR_THEMES.get(day.year, ()) + GENERAL_THEMES)
    quarter = (day.month - 1) // 3 + 1
    if kind is StudyKind.ANALYSIS:
        return f"{day.year}年第{quarter}季度意识形态领域情况分析研判"
    if kind is StudyKind.SPECIAL_REPORT:
        half = "上半年" if day.month <= 6 else "下半年"
        return f"{day.year}年{half}意识形态领域重大情况专题汇报"
    if kind is StudyKind.PARTY_BRIEFING and ideology:
        return f"通报本镇{day.year}年意识形态领域情况"
    if kind is StudyKind.SPECIAL_MEETING:
        if ideology:
            return f"专题研究部署{day.year}年意识形态工作"
        return f"专题研究{rng.choice(('安全生产', '防汛工作', '乡村振兴', '人居环境整治'))}工作"
    if kind is StudyKind.THEME_DAY:
        return f"{day.month}月主题党日：学习{theme}"
    topic = rng.choice(IDEOLOGY_TOPICS) if ideology else f"学习{theme}"
    return topic if rng.random() < 0.7 else f"{topic}（{rng.choice('一二三四')}）"


MEETING_NAMES: dict[StudyKind, tuple[str, ...]] = {
    StudyKind.CENTER_GROUP: ("党委理论学习中心组学习",),
    StudyKind.COLLECTIVE: ("干部职工大会", "党委扩大会议"),
    StudyKind.THEME_DAY: ("主题党日",),
    StudyKind.SPECIAL_MEETING: ("党委会",),
    StudyKind.SPECIAL_REPORT: ("向县委专题汇报",),
    StudyKind.PARTY_BRIEFING: ("党内通报会",),
    StudyKind.ANALYSIS: ("党委会",),
    StudyKind.EDUCATION: ("党员干部教育活动",),
    StudyKind.OTHER: ("业务培训", "专题辅导报告", "读书分享会"),
}
LEADERS_FIRST = frozenset({StudyKind.CENTER_GROUP, StudyKind.SPECIAL_MEETING, StudyKind.ANALYSIS})


@dataclass(frozen=True)
class _Held:
    """A held session waiting for its attendance sheet."""

    session_id: int
    kind: StudyKind
    office_id: int
    weight: float


def _build_studies(connection: Connection, scale: BigUnitScale, staff: _Staffing) -> None:
    rng = _rng("studies")
    sessions = _Writer(connection, StudySession)
    attendance = _Writer(connection, Attendance)
    kinds = [(kind, weight) for kind, weight, _ in KIND_WEIGHTS]
    ideology_share = {kind: share for kind, _, share in KIND_WEIGHTS}
    everyone = list(range(1, scale.people + 1))
    next_id = 1
    per_year = _spread(scale.sessions, scale.years)
    for year, count in zip(scale.years_range, per_year, strict=True):
        days = working_days(year)
        pool = staff.active_in(year, everyone)
        leaders = staff.active_in(year, staff.leader_ids)
        held: list[_Held] = []
        for day in sorted(rng.choice(days) for _ in range(count)):
            kind = _weighted(rng, kinds)
            ideology = kind is StudyKind.ANALYSIS or rng.random() < ideology_share[kind]
            office_id = rng.randint(1, len(OFFICES))
            topic = _topic(rng, kind, ideology, day)
            if kind is StudyKind.THREE_MEETINGS:
                meeting_name = f"{OFFICES[office_id - 1][0]}党支部{rng.choice(THREE_MEETINGS)}"
                host = staff.head_by_office.get(office_id, staff.secretary_id)
                location = "镇党员活动室" if rng.random() < 0.5 else rng.choice(ROOMS)
            else:
                meeting_name = rng.choice(MEETING_NAMES[kind])
                host = staff.secretary_id if rng.random() < 0.5 else rng.choice(leaders)
                location = "县委" if kind is StudyKind.SPECIAL_REPORT else rng.choice(ROOMS)
            if kind is StudyKind.EDUCATION:
                location, what = rng.choice(EDUCATION_PLACES)
                topic = f"赴{location}开展{what}"
            if day > scale.as_of or rng.random() < 0.01:
                status, note = SessionStatus.PLANNED, ""
            elif rng.random() < 0.03:
                status, note = SessionStatus.CANCELLED, f"因{rng.choice(CANCEL_REASONS)}取消"
            else:
                status, note = SessionStatus.HELD, ""
                weight = KIND_SHAPE[kind][0] * rng.uniform(0.6, 1.4)
                held.append(_Held(next_id, kind, office_id, weight))
            sessions.add(
                {
                    "id": next_id,
                    "held_on": day,
                    "kind": kind.value,
                    "meeting_name": meeting_name,
                    "topic": topic,
                    "ideology_related": ideology,
                    "host_id": host,
                    "location": location,
                    "hours": Decimal(KIND_SHAPE[kind][1]),
                    "counts_toward_quota": kind is not StudyKind.OTHER or rng.random() < 0.5,
                    "status": status.value,
                    "note": note,
                }
            )
            next_id += 1
        sessions.flush()

        # Head counts in proportion to each session's weight, adding up to the year's target.
        factor = ATTENDANCE_PER_SESSION * count / max(1.0, sum(h.weight for h in held))
        carry = 0.0
        for session in held:
            wanted = session.weight * factor + carry
            size = min(len(pool), max(2, round(wanted)))
            carry = wanted - size
            if session.kind in LEADERS_FIRST:
                preferred = leaders
            elif session.kind is StudyKind.THREE_MEETINGS:
                members = staff.people_by_office.get(session.office_id, [])
                preferred = staff.active_in(year, members)
            else:
                preferred = []
            chosen = set(preferred[:size])
            while len(chosen) < size:
                chosen.add(rng.choice(pool))
            for person_id in sorted(chosen):
                present = rng.random() >= 0.06
                attendance.add(
                    {
                        "session_id": session.session_id,
                        "person_id": person_id,
                        "present": present,
                        "absence_reason": "" if present else _weighted(rng, ABSENCE_REASONS),
                    }
                )
        attendance.flush()


def _build_cases(connection: Connection, scale: BigUnitScale, staff: _Staffing) -> None:
    rng = _rng("cases")
    cases = _Writer(connection, SentimentCase)
    as_of = scale.as_of
    channels = [(c, w) for c, w, _, _ in CHANNELS]
    prefix = {c: p for c, _, p, _ in CHANNELS}
    allowed = {c: d for c, _, _, d in CHANNELS}
    issues = [(issue, issue.weight) for issue in ISSUES]
    opinion_issues = [(issue, issue.opinion_weight) for issue in ISSUES if issue.opinion_weight]
    next_id = 1
    per_year = _spread(scale.cases, scale.years, growth=0.08)  # a few more cases every year
    for year, count in zip(scale.years_range, per_year, strict=True):
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), as_of)
        span = (end - start).days + 1
        handlers = {
            office_id: [i for i in staff.active_in(year, ids) if i not in staff.leader_ids]
            for office_id, ids in staff.people_by_office.items()
        }
        numbers: dict[Channel, int] = {}
        for received in sorted(
            start + dt.timedelta(days=rng.randrange(span)) for _ in range(count)
        ):
            channel = _weighted(rng, channels)
            numbers[channel] = numbers.get(channel, 0) + 1
            issue = _weighted(rng, opinion_issues if channel in PUBLIC_OPINION_CHANNELS else issues)
            policy, policy_office = rng.choice(POLICIES)
            values = {
                "estate": rng.choice(ESTATES) if rng.random() < 0.8 else "某小区",
                "village": rng.choice(VILLAGES) if rng.random() < 0.8 else "某村",
                "road": rng.choice(ROADS),
                "company": rng.choice(COMPANIES),
                "policy": policy,
                "rumor": rng.choice(RUMOR_SUBJECTS),
            }
            title, content = (text.format(**values) for text in rng.choice(issue.cases))
            office_id = staff.office_ids[issue.office or policy_office]
            severity = _weighted(rng, SEVERITIES)
            if channel in PUBLIC_OPINION_CHANNELS and severity is Severity.NORMAL:
                severity = Severity.MAJOR if rng.random() < 0.1 else severity

            # The case's life: 交办, 办理 (late now and then), 办结, 回访; cut at `as_of`.
            days = allowed[channel]
            assigned = received + dt.timedelta(days=_weighted(rng, ((0, 70), (1, 20), (2, 10))))
            if rng.random() < 0.04:
                handled = assigned + dt.timedelta(days=days + rng.randint(1, 15))
            else:
                handled = assigned + dt.timedelta(days=round(days * rng.uniform(0.1, 0.95)))
            closed = handled + dt.timedelta(days=rng.randint(0, 2))
            revisited = closed + dt.timedelta(days=rng.randint(1, 5))
            stuck = rng.random() < 0.002  # a few never finished: overdue
            if stuck or handled > as_of:
                handled_on = closed_on = revisited_on = None
            else:
                handled_on = handled
                closed_on = closed if closed <= as_of else None
                revisited_on = revisited if closed_on and revisited <= as_of else None
            if received >= as_of - dt.timedelta(days=2) and rng.random() < 0.5:
                assigned_on = handled_on = closed_on = revisited_on = None
                status = CaseStatus.RECEIVED
            else:
                assigned_on = assigned if assigned <= as_of else None
                status = (
                    CaseStatus.RECEIVED
                    if assigned_on is None
                    else CaseStatus.ASSIGNED
                    if handled_on is None
                    else CaseStatus.HANDLED
                    if closed_on is None
                    else CaseStatus.CLOSED
                )
            if revisited_on is not None and rng.random() < 0.12:
                revisited_on = None
            candidates = handlers.get(office_id, [])
            handler = (
                rng.choice(candidates)
                if assigned_on and candidates and rng.random() < 0.9
                else None
            )
            upward = severity is not Severity.NORMAL
            cases.add(
                {
                    "id": next_id,
                    "case_no": f"{prefix[channel]}-{year}-{numbers[channel]:06d}",
                    "channel": channel.value,
                    "received_on": received,
                    "title": title,
                    "content": content,
                    "reporter": (
                        f"{rng.choice(SURNAMES)}{rng.choice(('先生', '女士'))}"
                        if rng.random() < 0.6
                        else rng.choice(("匿名", ""))
                    ),
                    "severity": severity.value,
                    "category": _category(title, channel),
                    "office_id": office_id if assigned_on else None,
                    "handler_id": handler,
                    "assigned_on": assigned_on,
                    "deadline": (assigned_on or received) + dt.timedelta(days=days),
                    "handled_on": handled_on,
                    "result": rng.choice(issue.results) if handled_on else "",
                    "closed_on": closed_on,
                    "revisited_on": revisited_on,
                    "satisfaction": (_weighted(rng, SATISFACTIONS).value if revisited_on else None),
                    "status": status.value,
                    "reported_upward": upward,
                    "reported_to": (
                        ("县委网信办" if channel in PUBLIC_OPINION_CHANNELS else "县委宣传部")
                        if upward
                        else ""
                    ),
                }
            )
            next_id += 1
    cases.flush()


def _category(title: str, channel: Channel) -> str:
    """The category a clerk would file the case under, from the words of its summary."""
    if channel in PUBLIC_OPINION_CHANNELS:
        return CaseCategory.NEGATIVE.value
    for word, category in CATEGORY_WORDS:
        if word in title:
            return category.value
    return CaseCategory.COMPLAINT.value


def _build_history(connection: Connection) -> None:
    """Each case's 登记, 交办 and 办结 steps, derived in SQL (300 000 rows in a second or two).

    The uids are made from the case id, so two builds hold the same rows."""
    steps = (
        ("register", "received_on", "'据台账记录登记'", 0),
        ("assign", "assigned_on", "'交办'", 1),
        ("close", "coalesce(closed_on, handled_on)", "result", 2),
    )
    for action, day, note, step in steps:
        connection.exec_driver_sql(
            "INSERT INTO case_event (case_id, at, action, actor, workstation, note, uid, origin)"
            f" SELECT id, {day} || ' 00:00:00.000000', '{action}', '', '', {note},"
            f" printf('00000000-0000-4000-8000-%012d', id * 3 + {step}), origin"
            f" FROM sentiment_case WHERE {day} IS NOT NULL"
        )


def _build_findings(connection: Connection, scale: BigUnitScale) -> None:
    rng = _rng("findings")
    findings = _Writer(connection, Finding)
    as_of = scale.as_of
    next_id = 1
    for year in scale.years_range:
        for quarter in range(1, 5):
            end = _quarter_end(year, quarter)
            if end > as_of + dt.timedelta(days=92):
                break
            for order, (p_title, problem, m_title, measure) in enumerate(
                rng.sample(FINDINGS, FINDINGS_PER_QUARTER), start=1
            ):
                closed_on = end + dt.timedelta(days=rng.randint(30, 200))
                done = closed_on <= as_of and rng.random() < 0.95
                findings.add(
                    {
                        "id": next_id,
                        "period": f"{year}Q{quarter}",
                        "sort_order": order,
                        "problem_title": p_title,
                        "problem": problem,
                        "measure_title": m_title,
                        "measure": measure,
                        "office_id": rng.randint(1, len(OFFICES)),
                        "status": (FindingStatus.CLOSED if done else FindingStatus.OPEN).value,
                        "closed_on": closed_on if done else None,
                    }
                )
                next_id += 1
    findings.flush()


# ---------------------------------------------------------------- the API


def build_big_unit(path: Path, scale: BigUnitScale = SCALE) -> Path:
    """Create the database file `path` (it must not exist yet) and fill it; returns `path`."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    db = open_database(str(path))
    try:
        with db.engine.begin() as connection:
            _settle_uids(connection, Choice)  # seeded by the migration with random uids
            staff = _build_unit(connection, scale)
            unit_uid = connection.execute(select(_table(Unit).c.uid)).scalar_one()
            choice = _table(Choice)
            connection.execute(update(choice).values(origin=unit_uid))
        with db.session() as session:
            seed_default_rules(session)  # the same 任务指标 a new unit gets in the app
        with db.engine.begin() as connection:
            _settle_uids(connection, QuotaRule)
        with db.engine.begin() as connection:
            _TaskTree(connection, scale, staff).build()
        with db.engine.begin() as connection:
            _build_studies(connection, scale, staff)
        with db.engine.begin() as connection:
            _build_cases(connection, scale, staff)
            _build_history(connection)
        with db.engine.begin() as connection:
            _build_findings(connection, scale)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        _checkpoint(db)
    finally:
        db.dispose()
    return path


def _settle_uids(connection: Connection, model: type[Base]) -> None:
    """Rows made through the ORM got random uids: seeded ones instead, for identical builds."""
    table = _table(model)
    if "uid" not in table.c:
        return
    rng = _rng(f"uid/{table.name}")
    ids = connection.execute(select(table.c.id).order_by(table.c.id)).scalars().all()
    if ids:
        statement = (
            update(table).where(table.c.id == bindparam("row_id")).values(uid=bindparam("new"))
        )
        connection.execute(statement, [{"row_id": i, "new": _uuid(rng)} for i in ids])


def _checkpoint(db: Database) -> None:
    """Fold the WAL into the database file (outside any transaction)."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def schema_hash() -> str:
    """Changes with any migration (and with this builder), so a stale cache is rebuilt."""
    digest = hashlib.sha256()
    for script in sorted(MIGRATIONS.glob("*.py")):
        digest.update(script.name.encode())
        digest.update(script.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / CACHE_DIR_NAME


def cached_big_unit(scale: BigUnitScale = SCALE) -> Path:
    """A fresh copy of the cached build (built first if missing); the caller owns the copy.

    The copy sits alone in a new temporary folder: remove it with `shutil.rmtree(path.parent)`.
    """
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / f"bigunit-{scale.slug}-{schema_hash()}.sqlite3"
    if not cached.exists():
        for stale in folder.glob(f"bigunit-{scale.slug}-*.sqlite3"):
            stale.unlink(missing_ok=True)
        building = folder / f"{cached.name}.{os.getpid()}.building"
        building.unlink(missing_ok=True)
        try:
            build_big_unit(building, scale)
            os.replace(building, cached)  # atomic: a parallel run sees all or nothing
        finally:
            building.unlink(missing_ok=True)
    copy = Path(tempfile.mkdtemp(prefix="ideowork-bigunit-")) / "bigunit.sqlite3"
    shutil.copyfile(cached, copy)
    return copy


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of the schema, read with plain sqlite3."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table.name: connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            for table in Base.metadata.sorted_tables
        }
    finally:
        connection.close()


def _lines(counts: dict[str, int]) -> Iterator[str]:
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        yield f"  {name:<{width}}  {count:>9,}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bigunit", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="the database file to create")
    parser.add_argument("--small", action="store_true", help="a small scale, for a quick look")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists; choose a new file")
    scale = SMALL if args.small else SCALE
    start = time.perf_counter()
    build_big_unit(args.out, scale)
    seconds = time.perf_counter() - start
    print(f"built {args.out} ({scale.slug}) in {seconds:.1f} s")
    print(f"file size: {args.out.stat().st_size / 2**20:.1f} MiB")
    print(f"peak memory of this process: {peak_rss_mib():.0f} MiB")
    for line in _lines(table_counts(args.out)):
        print(line)
    db = open_database(str(args.out))
    try:
        report = run_checks(db)
    finally:
        db.dispose()
    for item in report.items:
        print(f"check {item.name}: {'ok' if item.ok else 'FAILED'} — {item.detail}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
