"""Controlled vocabularies: stored as English codes, shown with their Chinese labels."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry the Chinese label shown to users."""

    @property
    def label(self) -> str:
        # Keyed by class too: equal codes in two enums (closed) compare equal as strings.
        return _LABELS[(type(self).__name__, self.value)]

    @classmethod
    def from_label(cls, text: str) -> Self:
        """Accept either the Chinese label or the code (import files carry labels), or a label
        an earlier version wrote (an old export still imports)."""
        wanted = text.strip()
        wanted = _FORMER_LABELS.get((cls.__name__, wanted), wanted)
        for member in cls:
            if wanted in (member.label, member.value):
                return member
        choices = "、".join(member.label for member in cls)
        raise ValueError(f"“{wanted}”不是有效的选项，可选：{choices}")


class PersonRole(LabelledEnum):
    SECRETARY = "secretary"
    DEPUTY = "deputy"
    MEMBER = "member"
    ORGANIZER = "organizer"
    STAFF = "staff"


class TaskStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


class StudyKind(LabelledEnum):
    """The built-in kinds of study session and meeting; a unit adds its own (`choice`)."""

    CENTER_GROUP = "center_group"
    BRANCH_MEETING = "branch_meeting"
    BRANCH_COMMITTEE = "branch_committee"
    GROUP_MEETING = "group_meeting"
    PARTY_LECTURE = "party_lecture"
    THEME_DAY = "theme_day"
    COLLECTIVE = "collective"
    SPECIAL_MEETING = "special_meeting"
    ANALYSIS = "analysis"
    SPECIAL_REPORT = "special_report"
    PARTY_BRIEFING = "party_briefing"
    EDUCATION = "education"
    THREE_MEETINGS = "three_meetings"  # 三会一课 not told apart (ledgers kept before 0.2)
    OTHER = "other"


class SessionStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class QuotaPeriod(LabelledEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"


class Channel(LabelledEnum):
    """The built-in channels of the 舆情台账; a unit adds its own (the `choice` table)."""

    NETWORK = "network"
    HOTLINE_12345 = "hotline_12345"
    MAYOR_MAILBOX = "mayor_mailbox"
    SECRETARY_MAILBOX = "secretary_mailbox"
    ONLINE_PETITION = "online_petition"
    LETTER = "letter"
    VISIT = "visit"
    PETITION = "petition"  # 信访 not told apart as 来信/来访 (ledgers kept before 0.2)
    MEDIA = "media"
    CHAT_GROUP = "chat_group"
    OTHER = "other"


class CaseCategory(LabelledEnum):
    """The built-in categories of a case; a unit adds its own (the `choice` table)."""

    CONSULTATION = "consultation"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    HELP = "help"
    NEGATIVE = "negative"
    OTHER = "other"


class CaseStatus(LabelledEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    HANDLING = "handling"
    HANDLED = "handled"  # finished but not formally closed (ledgers kept before 0.2)
    CLOSED = "closed"


class CaseAction(LabelledEnum):
    """What can happen to a case; each is recorded in its history with who, when and a note."""

    REGISTER = "register"
    EDIT = "edit"
    ASSIGN = "assign"
    START = "start"
    CLOSE = "close"
    REVISIT = "revisit"
    REPORT = "report"
    REOPEN = "reopen"
    IMPORT = "import"


class Severity(LabelledEnum):
    NORMAL = "normal"
    MAJOR = "major"
    CRITICAL = "critical"


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    UNSATISFIED = "unsatisfied"
    NOT_REACHED = "not_reached"  # 回访 attempted, no answer (anonymous, refused, unreachable)


class FindingStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"


_LABELS: dict[tuple[str, str], str] = {
    (type(member).__name__, member.value): label
    for member, label in (
        (PersonRole.SECRETARY, "书记"),
        (PersonRole.DEPUTY, "分管领导"),
        (PersonRole.MEMBER, "班子成员"),
        (PersonRole.ORGANIZER, "组织委员"),
        (PersonRole.STAFF, "干部职工"),
        (TaskStatus.NOT_STARTED, "未开始"),
        (TaskStatus.IN_PROGRESS, "推进中"),
        (TaskStatus.DONE, "已完成"),
        (TaskStatus.OVERDUE, "逾期"),
        (StudyKind.CENTER_GROUP, "中心组学习"),
        (StudyKind.BRANCH_MEETING, "支部党员大会"),
        (StudyKind.BRANCH_COMMITTEE, "支委会"),
        (StudyKind.GROUP_MEETING, "党小组会"),
        (StudyKind.PARTY_LECTURE, "党课"),
        (StudyKind.THEME_DAY, "主题党日"),
        (StudyKind.COLLECTIVE, "集中学习"),
        (StudyKind.SPECIAL_MEETING, "专题研究会议"),
        (StudyKind.ANALYSIS, "分析研判会"),
        (StudyKind.SPECIAL_REPORT, "专题汇报"),
        (StudyKind.PARTY_BRIEFING, "党内通报"),
        (StudyKind.EDUCATION, "警示教育"),
        (StudyKind.THREE_MEETINGS, "三会一课"),
        (StudyKind.OTHER, "其他"),
        (SessionStatus.PLANNED, "计划"),
        (SessionStatus.HELD, "已开展"),
        (SessionStatus.CANCELLED, "已取消"),
        (QuotaPeriod.YEAR, "每年"),
        (QuotaPeriod.HALF, "每半年"),
        (QuotaPeriod.QUARTER, "每季度"),
        (Channel.NETWORK, "网络舆情"),
        (Channel.HOTLINE_12345, "12345"),
        (Channel.MAYOR_MAILBOX, "区长信箱"),
        (Channel.SECRETARY_MAILBOX, "书记信箱"),
        (Channel.ONLINE_PETITION, "网上信访"),
        (Channel.LETTER, "来信"),
        (Channel.VISIT, "来访"),
        (Channel.PETITION, "信访"),
        (Channel.MEDIA, "媒体"),
        (Channel.CHAT_GROUP, "微信群/QQ群"),
        (Channel.OTHER, "其他"),
        (CaseCategory.CONSULTATION, "政策咨询"),
        (CaseCategory.COMPLAINT, "投诉"),
        (CaseCategory.SUGGESTION, "建议"),
        (CaseCategory.HELP, "求助"),
        (CaseCategory.NEGATIVE, "负面舆情"),
        (CaseCategory.OTHER, "其他"),
        (CaseStatus.RECEIVED, "已登记"),
        (CaseStatus.ASSIGNED, "已交办"),
        (CaseStatus.HANDLING, "处置中"),
        (CaseStatus.HANDLED, "已办理"),
        (CaseStatus.CLOSED, "已办结"),
        (CaseAction.REGISTER, "登记"),
        (CaseAction.EDIT, "修改"),
        (CaseAction.ASSIGN, "交办"),
        (CaseAction.START, "开始处置"),
        (CaseAction.CLOSE, "办结"),
        (CaseAction.REVISIT, "回访"),
        (CaseAction.REPORT, "上报"),
        (CaseAction.REOPEN, "重新办理"),
        (CaseAction.IMPORT, "导入"),
        (Severity.NORMAL, "一般"),
        (Severity.MAJOR, "较大"),
        (Severity.CRITICAL, "重大"),
        (Satisfaction.SATISFIED, "满意"),
        (Satisfaction.BASICALLY, "基本满意"),
        (Satisfaction.UNSATISFIED, "不满意"),
        (Satisfaction.NOT_REACHED, "未回访"),
        (FindingStatus.OPEN, "整改中"),
        (FindingStatus.CLOSED, "已整改"),
    )
}

# Labels earlier versions wrote, still read on import.
_FORMER_LABELS: dict[tuple[str, str], str] = {
    ("CaseStatus", "已接收"): "已登记",
    ("StudyKind", "分析研判"): "分析研判会",
    ("StudyKind", "教育活动"): "警示教育",
}
