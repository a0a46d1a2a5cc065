"""文号: the next free number of a year, what a number typed by the user may look like, and
which archived document already carries a number.

A number is allocated and archived in the one write transaction of `ReportService.make`,
after `lock_numbering`: on SQLite that transaction holds the database's write lock from its
first statement (BEGIN IMMEDIATE), on PostgreSQL a transaction-scoped advisory lock serialises
numbering across PCs. Two reports made at once therefore never read the same highest number.
"""

from __future__ import annotations

import json
import re
import unicodedata

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ideowork.db.models import GeneratedDocument, Setting
from ideowork.documents.markers import MARKER_RE
from ideowork.domain.errors import ValidationError

# The column holds 50; a real 文号 (完党字〔2020〕105号) is well under 30.
MAX_LENGTH = 50
# Any fixed number, unlike the audit chain's: the key of PostgreSQL's numbering lock.
_POSTGRES_NUMBERING_LOCK = 7_215_002

_EXAMPLE = "请按“机关代字〔年份〕序号号”的格式填写，如：完党字〔2020〕105号。"
# Characters with a meaning at the start of a line of document markup (a heading, a list, a
# table, an attachment, a separator, an escape), their full-width twins, and the start of a
# 【待填写】 marker: a 文号 never begins with one.
_MARKUP_STARTS = frozenset("#+|>[\\-*=@`~【＃＋｜＞［－＊＝＠")
_LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean_doc_number(number: str | None) -> str | None:
    """A 文号 typed by the user (``--doc-number``, the editor's 文号 line), checked.

    Spaces around it are dropped and full-width digits made plain, so that look-alikes cannot
    pass as different numbers; an empty one is None. Refused with a message that says what to
    write instead: line breaks, invisible or control characters, a markup character at the
    start, more than `MAX_LENGTH` characters.
    """
    if number is None:
        return None
    if any(ch in _LINE_BREAKS for ch in number):
        raise ValidationError(f"文号只能写一行，不能包含换行。{_EXAMPLE}", "doc_number")
    cleaned = number.strip().translate(_FULL_WIDTH_DIGITS)
    if not cleaned:
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in cleaned):
        raise ValidationError(
            "文号中有看不见的控制字符或零宽字符（多见于从网页或聊天软件复制的文字），"
            "请删除后直接键入。",
            "doc_number",
        )
    if cleaned[0] in _MARKUP_STARTS:
        raise ValidationError(
            f"文号不能以“{cleaned[0]}”开头（它在公文文本中表示标题、列表、附件或分隔等）。"
            + _EXAMPLE,
            "doc_number",
        )
    if len(cleaned) > MAX_LENGTH:
        raise ValidationError(
            f"文号太长（{len(cleaned)}个字），最多{MAX_LENGTH}个字。{_EXAMPLE}", "doc_number"
        )
    return cleaned


def archived_number(number: str) -> str | None:
    """The 文号 a document is archived under: none while it still says 【待填写】."""
    if not number.strip() or MARKER_RE.search(number):
        return None
    return clean_doc_number(number)


def lock_numbering(session: Session) -> None:
    """Take the numbering lock of this write transaction, before reading any number."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_NUMBERING_LOCK}
        )
    else:
        session.connection()  # SQLite: BEGIN IMMEDIATE, the write lock, taken here and now


def _doc_number_pattern(prefix: str, year: int) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}〔{year}〕(\d+)号$")


def next_doc_number(session: Session, prefix: str, year: int) -> str:
    """The next free 文号 of the year: after the archive's highest, or the configured start."""
    if not prefix:
        return ""
    pattern = _doc_number_pattern(prefix, year)
    used = [
        int(match.group(1))
        for number in session.scalars(select(GeneratedDocument.doc_number))
        if number and (match := pattern.match(number))
    ]
    setting = session.get(Setting, f"doc_number.next.{year}")
    start = int(json.loads(setting.value)) if setting else 1
    return f"{prefix}〔{year}〕{max([start - 1, *used]) + 1}号"


def holder_of(
    session: Session, number: str, except_id: int | None = None
) -> GeneratedDocument | None:
    """The archived document that carries `number`, other than the one with `except_id`."""
    query = select(GeneratedDocument).where(GeneratedDocument.doc_number == number)
    if except_id is not None:
        query = query.where(GeneratedDocument.id != except_id)
    return session.scalars(query.limit(1)).first()


def number_taken_message(number: str, holder: GeneratedDocument | None, free: str = "") -> str:
    """Why `number` cannot be used again, naming the document that has it."""
    if holder is None:
        named = "另一份已归档的公文"
    else:
        made = f"{holder.created_at:%Y-%m-%d}"
        named = f"已归档的公文《{holder.title}》（{holder.period}，{made}生成）"
    suggestion = f"（下一个未用的文号是“{free}”）" if free and free != number else ""
    return (
        f"文号“{number}”已用于{named}，一个文号只能用于一份公文，本次没有生成任何文件。"
        f"请改用其他文号{suggestion}，或在“公文归档”中打开那份公文修改。"
    )
