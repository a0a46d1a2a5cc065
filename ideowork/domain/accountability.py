"""责任追究: the twelve 情形 for which the rules call a leader or cadre to account, and the
ways of doing it, graded by how serious the case is (reference 3, 四、强化意识形态工作责任追究).

A case records its 情形 by number (1–12), as the rules number them."""

from __future__ import annotations

from ideowork.domain.errors import ValidationError

SITUATIONS: tuple[str, ...] = (
    "对党中央或者上级党组织安排部署的重大宣传教育任务、重大思想舆论斗争组织开展不力的",
    "在处置意识形态领域重大问题上，党组织书记没有站在第一线、没有带头与错误观点和错误倾向作斗争的",
    "管辖范围内发生因意识形态领域问题引发群体性事件的",
    "对重大敏感问题和突发事件处置和引导不力，引起思想混乱，造成严重影响的",
    "对所管理的党员干部公开发表违背党章、党的决定决议和政策的言论放任不管、处置不力的",
    "所属舆论阵地出现严重错误导向的",
    "管辖范围内举办的报告会、研讨会、讲座、论坛有发表否定党的领导、攻击中国特色社会主义制度"
    "言论，造成不良影响的",
    "党员领导干部通过信息网络、广播电视、报刊书籍、论坛讲座等公开发表违背中央精神言论，"
    "妄议中央大政方针的",
    "党员领导干部组织、利用宗教活动反对党的路线、方针、政策和决议，破坏民族团结的",
    "党员领导干部在涉外活动中，因言行不当在政治上造成恶劣影响，损害党和国家形象的",
    "对管辖范围内的意识形态工作出现严重问题隐瞒不报的",
    "其他未能切实履行工作职责，造成不良后果的",
)

# The ways of calling to account, by how serious the case is (the rules: 情节较轻 …).
ACTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("情节较轻", ("提醒谈话", "批评教育", "责令书面检查", "诫勉谈话")),
    ("情节较重", ("通报批评", "责令公开检讨或公开道歉", "停职检查", "调离岗位")),
    ("情节特别严重", ("引咎辞职", "责令辞职", "免职", "降职", "辞退")),
)


def situation_text(number: int) -> str:
    """The 情形 numbered `number` (1-based), as the rules word it."""
    return SITUATIONS[check_situation(number) - 1]


def situation_label(number: int) -> str:
    """（一）… short form for lists: 情形 number and its first words."""
    text = situation_text(number)
    return f"第{number}项：{text[:24]}{'…' if len(text) > 24 else ''}"


def check_situation(number: int) -> int:
    if not 1 <= number <= len(SITUATIONS):
        raise ValidationError(
            f"责任追究情形应为第1至第{len(SITUATIONS)}项中的一项，请从列表中选择。",
            field="situation",
        )
    return number
