"""The demo unit's 阵地: its 公众号, two 微信群, a QQ群, the 宣传栏 and the 电子屏, each under an
owner and a reviewer of the demo's people; three events of 2020 approved by the 党委 (one
approved only after it was held, which the ledger flags); and the review log of what they
published."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ideowork.db.models import Position, PositionEvent, PositionReview
from ideowork.services.demo import DemoBase
from ideowork.services.positions.kinds import seed_lists

D = dt.date
# kind, name, office, owner, reviewer, members or followers, opened
POSITIONS = (
    ("wechat_account", "完冒发布", "宣传办", "刘洋", "李红梅", 3260, D(2017, 5, 10)),
    ("wechat_group", "完冒镇干部职工工作群", "党政办公室", "陈晓燕", "王建国", 68, D(2016, 3, 1)),
    ("wechat_group", "完冒镇村组干部群", "组织办", "张志强", "李红梅", 142, D(2018, 1, 15)),
    ("qq_group", "完冒镇党员学习交流群", "组织办", "张志强", "李红梅", 215, D(2014, 9, 1)),
    ("bulletin_board", "镇政府院内宣传栏", "宣传办", "刘洋", "李红梅", None, D(2015, 6, 1)),
    ("led_screen", "镇政府门口电子屏", "党政办公室", "陈晓燕", "李红梅", None, D(2019, 4, 20)),
)
# kind, topic, speaker, their unit, held, place, audience, office, approved, by, filed
EVENTS = (
    (
        "report_meeting",
        "学习贯彻习近平总书记来陕考察重要讲话精神专题报告会",
        "何建平",
        "县委宣讲团",
        D(2020, 5, 20),
        "镇政府三楼会议室",
        56,
        "宣传办",
        D(2020, 5, 12),
        "镇党委会议",
        D(2020, 5, 14),
    ),
    (
        "lecture",
        "《中华人民共和国民法典》专题法治讲座",
        "孟丽",
        "县司法局",
        D(2020, 7, 16),
        "镇政府三楼会议室",
        48,
        "综治信访办",
        D(2020, 7, 8),
        "镇党委会议",
        D(2020, 7, 10),
    ),
    (  # approved and filed only after it was held: flagged
        "training",
        "网络意识形态安全暨网络舆情应对培训",
        "宋涛",
        "县委网信办",
        D(2020, 9, 3),
        "镇便民服务中心会议室",
        35,
        "宣传办",
        D(2020, 9, 7),
        "杨昌波",
        D(2020, 9, 8),
    ),
)
# position, reviewed on, title, reviewer, result
REVIEWS = (
    ("完冒发布", D(2020, 3, 2), "完冒镇新冠肺炎疫情防控告知书", "李红梅", "通过"),
    ("完冒发布", D(2020, 7, 6), "防汛救灾安全提示", "李红梅", "通过"),
    ("完冒发布", D(2020, 8, 17), "完冒镇脱贫攻坚工作纪实", "李红梅", "修改后发布"),
    ("镇政府门口电子屏", D(2020, 8, 3), "社会主义核心价值观宣传标语", "李红梅", "通过"),
    ("镇政府院内宣传栏", D(2020, 9, 15), "新时代文明实践活动宣传栏更新", "李红梅", "通过"),
)


def load_demo_part(session: Session, base: DemoBase) -> dict[str, int]:
    seed_lists(session)
    people, offices = base.people, base.offices
    positions: dict[str, Position] = {}
    for order, (kind, name, office, owner, reviewer, audience, opened) in enumerate(
        POSITIONS, start=1
    ):
        positions[name] = Position(
            kind=kind,
            name=name,
            office=offices[office],
            manager=people[owner],
            reviewer=people[reviewer],
            audience=audience,
            opened_on=opened,
            sort_order=order,
        )
    session.add_all(positions.values())
    for kind, topic, speaker, unit, held, place, audience, office, approved, by, filed in EVENTS:
        session.add(
            PositionEvent(
                kind=kind,
                topic=topic,
                speaker=speaker,
                speaker_unit=unit,
                held_on=held,
                place=place,
                audience=audience,
                office=offices[office],
                approved_on=approved,
                approved_by=by,
                filed_on=filed,
            )
        )
    for name, day, title, reviewer, result in REVIEWS:
        session.add(
            PositionReview(
                position=positions[name],
                reviewed_on=day,
                title=title,
                reviewer=people[reviewer],
                result=result,
            )
        )
    return {"positions": len(POSITIONS), "position_events": len(EVENTS), "reviews": len(REVIEWS)}
