"""The demo's 佐证材料: pictures and a PDF drawn at load time (nothing shipped, nothing fetched),
attached to 2020Q3 records so that a newcomer's 台账汇编 shows what it can do.

- the 意识形态工作责任制专题学习 of 12 August: its sign-in sheet (签到表) with the names of those
  who attended, two photos of the meeting (drawn scenes with a caption band), its minutes (PDF);
- the 专项工作研究部署会 of 25 August: its minutes (PDF);
- the 第三季度分析研判 of 9 September: its sign-in sheet;
- one 12345 case of the quarter: the scan of its 办理情况回复单.

Drawn with Pillow and reportlab in the shipped fonts, the same bytes on every PC; small (tens
of KB each) and fast (well under a second).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Attachment, SentimentCase, StudySession
from ideowork.documents.fonts import FontRole, fallback_font
from ideowork.services.attachments.kinds import TYPES
from ideowork.services.attachments.store import put_bytes
from ideowork.services.demo import DemoBase

_Font = ImageFont.FreeTypeFont
INK, PAPER, RED = (30, 30, 30), (252, 252, 248), (190, 20, 20)


def load_demo_part(session: Session, base: DemoBase) -> dict[str, int]:
    # The load is audited as a whole (load_demo): no entry of its own.
    added = 0
    sessions = _sessions(session)
    study = sessions.get(dt.date(2020, 8, 12))
    if study is not None:
        names = _present(study)
        added += _attach(
            session,
            "study_session",
            study.uid,
            [
                (
                    "签到表（8月12日专题学习）.png",
                    "sign_in",
                    "签到表",
                    _sign_in_sheet(study, names),
                ),
                ("会场照片1.jpg", "photo", "会议现场", _photo(study, "会议现场", 0)),
                ("会场照片2.jpg", "photo", "专题辅导", _photo(study, "专题辅导", 1)),
                ("学习记录（8月12日）.pdf", "record", "学习记录", _minutes(study, names)),
            ],
        )
    meeting = sessions.get(dt.date(2020, 8, 25))
    if meeting is not None:
        added += _attach(
            session,
            "study_session",
            meeting.uid,
            [
                (
                    "会议纪要（8月25日）.pdf",
                    "record",
                    "会议纪要",
                    _minutes(meeting, _present(meeting)),
                ),
            ],
        )
    analysis = sessions.get(dt.date(2020, 9, 9))
    if analysis is not None:
        added += _attach(
            session,
            "study_session",
            analysis.uid,
            [
                (
                    "签到表（9月9日分析研判）.png",
                    "sign_in",
                    "签到表",
                    _sign_in_sheet(analysis, _present(analysis)),
                ),
            ],
        )
    case = session.scalars(
        select(SentimentCase)
        .where(SentimentCase.received_on.between(dt.date(2020, 7, 1), dt.date(2020, 9, 30)))
        .order_by(SentimentCase.received_on, SentimentCase.id)
    ).first()
    if case is not None:
        added += _attach(
            session,
            "sentiment_case",
            case.uid,
            [
                ("办理情况回复单.jpg", "record", "办理情况回复单（扫描件）", _reply_form(case)),
            ],
        )
    return {"attachment": added}


def _sessions(session: Session) -> dict[dt.date, StudySession]:
    rows = session.scalars(
        select(StudySession)
        .where(StudySession.held_on.between(dt.date(2020, 7, 1), dt.date(2020, 9, 30)))
        .options(selectinload(StudySession.attendance))
        .order_by(StudySession.held_on, StudySession.id)
    )
    found: dict[dt.date, StudySession] = {}
    for row in rows:
        found.setdefault(row.held_on, row)
    return found


def _present(study: StudySession) -> list[str]:
    return [a.person.name for a in study.attendance if a.present]


def _attach(
    session: Session, owner_table: str, owner_uid: str, files: Sequence[tuple[str, str, str, bytes]]
) -> int:
    for order, (name, kind, caption, data) in enumerate(files, 1):
        media_type = TYPES["." + name.rsplit(".", 1)[1]].media_type
        stored = put_bytes(session, data, media_type)
        session.add(
            Attachment(
                owner_table=owner_table,
                owner_uid=owner_uid,
                sha256=stored.sha256,
                file_name=name,
                media_type=media_type,
                size=len(data),
                kind=kind,
                caption=caption,
                sort_order=order,
            )
        )
    return len(files)


# --- drawing ---------------------------------------------------------------------------------
def _font(size: int, role: FontRole = FontRole.HEITI) -> _Font:
    chosen = fallback_font(role)
    return ImageFont.truetype(str(chosen.path), size, index=chosen.index)


def _centered(draw: ImageDraw.ImageDraw, y: int, width: int, text: str, font: _Font) -> None:
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) // 2, y), text, fill=INK, font=font)


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _sign_in_sheet(study: StudySession, names: list[str]) -> bytes:
    """An A4 sign-in sheet at 100 dpi as if filled in by hand and scanned."""
    width, height = 827, 1169
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    _centered(draw, 70, width, "签  到  表", _font(40))
    small, hand = _font(20), _font(26, FontRole.KAITI)
    title = study.meeting_name or "学习活动"
    draw.text((70, 150), f"会议名称：{title}", fill=INK, font=small)
    draw.text((70, 185), f"学习内容：{study.topic[:26]}", fill=INK, font=small)
    draw.text((70, 220), f"时间：{_date_text(study.held_on)}", fill=INK, font=small)
    draw.text((430, 220), f"地点：{study.location[:14]}", fill=INK, font=small)
    top, row_height, columns = 300, 52, (70, 150, 430, 757)
    rows = max(len(names), 14)
    for index in range(rows + 1):
        y = top + index * row_height
        draw.line((columns[0], y, columns[-1], y), fill=INK, width=2)
    for x in columns:
        draw.line((x, top, x, top + rows * row_height), fill=INK, width=2)
    for x, text in zip(columns, ("序号", "姓名（签名）", "备注"), strict=False):
        draw.text((x + 14, top - 30), text, fill=INK, font=small)
    for index, name in enumerate(names):
        y = top + index * row_height
        draw.text((columns[0] + 28, y + 14), str(index + 1), fill=INK, font=small)
        # A signature: the name in a hand-like face, a little askew, in blue ink.
        draw.text((columns[1] + 30 + (index % 3) * 9, y + 10), name, fill=(20, 40, 140), font=hand)
    draw.text(
        (70, top + rows * row_height + 30),
        f"应到 {len(names)} 人，实到 {len(names)} 人",
        fill=INK,
        font=small,
    )
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _photo(study: StudySession, caption: str, variant: int) -> bytes:
    """A drawn meeting room: a banner, a table, people; a caption band at the bottom."""
    width, height = 960, 640
    image = Image.new("RGB", (width, height), (214, 204, 186))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 260), fill=(236, 230, 218))  # the wall
    draw.rectangle((120, 40, 840, 120), fill=RED)  # the banner
    banner = (study.meeting_name or "学习会")[:12]
    left, _, right, _ = draw.textbbox((0, 0), banner, font=_font(44))
    draw.text(((width - (right - left)) // 2, 56), banner, fill=(255, 236, 150), font=_font(44))
    draw.rectangle((160, 300, 800, 380), fill=(120, 72, 40))  # the table
    seats = 7 if variant == 0 else 5
    for seat in range(seats):
        x = 200 + seat * (560 // max(seats - 1, 1))
        for row, y in ((0, 270), (1, 420)):
            color = (40, 48, 70) if (seat + row + variant) % 2 else (70, 70, 80)
            draw.ellipse((x - 22, y - 60, x + 22, y - 16), fill=(232, 196, 164))  # a head
            draw.rounded_rectangle((x - 38, y - 16, x + 38, y + 60), radius=14, fill=color)
    if variant == 1:  # the speaker at a lectern
        draw.rectangle((820, 330, 900, 470), fill=(150, 40, 40))
        draw.ellipse((838, 240, 882, 284), fill=(232, 196, 164))
        draw.rounded_rectangle((828, 284, 892, 340), radius=12, fill=(30, 30, 40))
    draw.rectangle((0, height - 70, width, height), fill=(20, 20, 20))
    text = f"{_date_text(study.held_on)}  {caption}  {study.location[:16]}"
    draw.text((24, height - 52), text, fill=(245, 245, 245), font=_font(28))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _reply_form(case: SentimentCase) -> bytes:
    """The scan of a 12345 工单办理情况回复单, stamped."""
    width, height = 827, 1169
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    _centered(draw, 80, width, "12345 工单办理情况回复单", _font(36))
    small = _font(22)
    lines = [
        f"工单编号：{case.case_no or '—'}",
        f"受理日期：{_date_text(case.received_on)}",
        f"诉求事项：{case.title[:24]}",
        "办理情况：经核实，已联系诉求人当面说明情况，",
        "          相关问题已按政策妥善处理，诉求人表示认可。",
        "回访情况：已回访，满意。",
    ]
    for index, line in enumerate(lines):
        draw.text((80, 200 + index * 60), line, fill=INK, font=small)
    draw.ellipse((520, 640, 720, 840), outline=RED, width=6)  # the office's seal
    _centered(draw, 725, 1240, "★", _font(40))
    draw.text((560, 860), _date_text(case.received_on + dt.timedelta(days=5)), fill=INK, font=small)
    image = image.rotate(0.6, fillcolor=(235, 235, 232))  # fed into the scanner a little askew
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def _minutes(study: StudySession, names: list[str]) -> bytes:
    """A one-page record of the meeting as a PDF with text (as typed and printed to PDF)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ideowork.documents.pdf_fonts import registered_font

    font_name = registered_font(fallback_font(FontRole.FANGSONG)).fontName
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setTitle(f"{study.meeting_name}记录")
    width, height = A4
    page.setFont(font_name, 20)
    page.drawCentredString(width / 2, height - 90, f"{study.meeting_name or '学习'}记录")
    page.setFont(font_name, 13)
    rows = [
        f"时间：{_date_text(study.held_on)}",
        f"地点：{study.location}",
        f"主持人：{study.host.name if study.host else study.lecturer}",
        f"参加人员：{'、'.join(names)}",
        f"内容：{study.topic}",
        "",
        "会议要求：",
        "一、提高政治站位，切实把意识形态工作摆在重要位置，压实各级责任。",
        "二、加强阵地管理，严格落实“三审三校”制度，确保导向正确。",
        "三、做好舆情研判和处置，发现苗头性问题及时报告、妥善处置。",
        "四、各股室结合实际抓好贯彻落实，确保各项要求落到实处。",
        "",
        f"记录人：{names[-1] if names else ''}",
    ]
    y = height - 140
    for row in rows:
        for piece in _wrapped(row, 36):
            page.drawString(72, y, piece)
            y -= 24
    page.showPage()
    page.save()
    return buffer.getvalue()


def _wrapped(text: str, per_line: int) -> list[str]:
    if not text:
        return [""]
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]
