"""The parts of a plan around its outline: title, preamble, signature and a 印发通知 wrapper.

A plan often comes inside the notice that issued it:

    中共某某镇委员会文件                      ← 红头
    某党发〔2023〕5号                          ← 文号
    关于印发《某某镇……实施方案》的通知
    各村（社区）党组织，镇直各单位：          ← 主送
    现将《……实施方案》印发给你们，请结合实际认真贯彻落实。
    中共某某镇委员会                          ← the notice's 署名 and date
    2023年3月1日
    某某镇……实施方案                          ← the plan's own title
    为……，制定本方案。                         ← the plan's preamble
    一、……

:func:`strip_wrapper` finds the notice by its 现将…印发给你们 sentence (or its 主送 line under a
"关于印发…的通知" title) and skips it up to the plan's own title; when the plan has no title of
its own, the name in 《》 is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ideowork.domain.numerals import DATE_DIGIT_CHARS
from ideowork.importers.plan_responsibility import take_marking

SENTENCE_PUNCT_RE = re.compile(r"[。；;，,！？!?]|[:：]$")
DOC_NUMBER_RE = re.compile(
    r"^\S{1,12}[〔\[［【(（]\s*[0-9０-９]{4}\s*[〕\]］】)）]\s*[0-9０-９]+\s*号$"
)
_DATE_PART = f"[0-9０-９xX×*＊{DATE_DIGIT_CHARS}十]"
DATE_RE = re.compile(
    rf"^{_DATE_PART}{{1,4}}\s*年\s*{_DATE_PART}{{1,2}}\s*月(\s*{_DATE_PART}{{1,3}}\s*日)?"
    r"\s*(印发|发布|制定|制|修订|起施行|起执行)?$"
)
DOC_TYPE_END_RE = re.compile(
    r"(方案|办法|细则|要点|规定|制度|意见|通知|清单|计划|报告|规划|措施|决定|责任制)"
    r"([（(][^（()）]{1,20}[）)])?$"
)
ORG_END_RE = re.compile(
    r"(委员会|党委|党组|支部|总支|办公室|政府|局|院|所|中心|部|科|室|处|站|小组|街道|镇|乡|村"
    r"|社区|公司|学校|医院|机关|印发|印制)$"
)
_SIGNATURE_PREFIX_RE = re.compile(r"^(抄送|抄报|主送|印送|中共)|^[（(]此(件|页)")


def is_signature_line(line: str) -> bool:
    if DATE_RE.match(line):
        return True
    compact = line.replace(" ", "")
    if len(compact) > 40 or SENTENCE_PUNCT_RE.search(compact.removesuffix("：")):
        return bool(_SIGNATURE_PREFIX_RE.match(compact) and len(compact) <= 60)
    parts = line.split(" ")
    if len(parts) > 1 and all(is_signature_line(part) for part in parts):
        return True  # "中共某某局党组办公室 2018年4月5日印发"
    return bool(ORG_END_RE.search(compact) or _SIGNATURE_PREFIX_RE.match(compact))


def _despace_cjk(text: str) -> str:
    """Remove spaces between CJK characters, as in a spaced-out title "实 施 方 案"."""
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def looks_like_title(line: str) -> bool:
    compact = line.replace(" ", "")
    if len(compact) > 50 or SENTENCE_PUNCT_RE.search(compact):
        return False
    return take_marking(line).responsibility is None


def _placeholder_free(text: str) -> str:
    return re.sub(r"[xX×*＊Ｘｘ]+|[（(][^（()）]*[）)]", "", text)


def split_head(lines: list[str]) -> tuple[str, list[str]]:
    """Title and preamble lines from the lines before the first numbered heading."""
    if lines and " " in lines[0]:
        # Pasted from a web page: "某某实施方案 为……，制定本方案。" on one line.
        head, rest = lines[0].split(" ", 1)
        if (
            DOC_TYPE_END_RE.search(head)
            and looks_like_title(head)
            and SENTENCE_PUNCT_RE.search(rest)
        ):
            lines = [head, rest.strip(), *lines[1:]]
    title_lines: list[str] = []
    aside: list[str] = []  # 文号 and date lines among the title lines go to the preamble
    index = 0
    while index < len(lines) and (
        looks_like_title(lines[index]) or DOC_NUMBER_RE.match(lines[index])
    ):
        line = lines[index]
        if DOC_NUMBER_RE.match(line) or DATE_RE.match(line):
            aside.append(line)
        else:
            title_lines.append(_despace_cjk(line))
        index += 1
    groups: list[str] = []
    current = ""
    for line in title_lines:
        if not current and groups and re.fullmatch(r"[（(][^（()）]{1,20}[）)]", line):
            groups[-1] += line  # "（试行）" under the title
            continue
        current += line
        if DOC_TYPE_END_RE.search(current):
            groups.append(current)
            current = ""
    if current:
        groups.append(current)
    distinct: list[str] = []
    for group in groups:
        # A repeated title (often once as the file's heading, once as the document's) is kept
        # once, in its later form: the one standing right above the body. An earlier line that
        # the later title contains (a spaced-out "实 施 方 案" banner) is dropped as well.
        key = _placeholder_free(group)
        distinct = [kept for kept in distinct if _placeholder_free(kept) not in key]
        distinct.append(group)
    return "\n".join(distinct), aside + lines[index:]


# --- the 印发通知 wrapper -------------------------------------------------------------------

_ISSUE_RE = re.compile(r"现将.{0,120}?印发给你们|现印发给你们|印发给你们，请|现予印发")
_ADDRESSEE_RE = re.compile(r"^各.{1,80}[:：]$")
_NOTICE_TITLE_RE = re.compile(r"关于印发.{2,120}的通知$")
_NAMED_RE = re.compile(r"《([^《》]{2,100})》")
_NOTICE_TAIL_RE = re.compile(r"^(请|望|特此|附件|（此件|\(此件)")


@dataclass(frozen=True)
class Wrapper:
    text: str  # the notice's lines, skipped
    title: str  # the plan's name as the notice gives it (《…》), for a plan without a title


def strip_wrapper(head: list[str]) -> tuple[Wrapper | None, list[str]]:
    """The 印发通知 around the plan (None when there is none) and the head's remaining lines."""
    issue = next((i for i, line in enumerate(head) if _ISSUE_RE.search(line)), None)
    if issue is None:
        addressee = next((i for i, line in enumerate(head) if _ADDRESSEE_RE.match(line)), None)
        notice = any(_NOTICE_TITLE_RE.search(line.replace(" ", "")) for line in head)
        if addressee is None or not notice:
            return None, head
        issue = addressee
    index = issue + 1
    while index < len(head):
        line = head[index]
        compact = line.replace(" ", "")
        if DOC_TYPE_END_RE.search(compact) and looks_like_title(line) and not DATE_RE.match(line):
            break  # the plan's own title
        if not (is_signature_line(line) or _NOTICE_TAIL_RE.match(compact)):
            if SENTENCE_PUNCT_RE.search(compact) and index == issue + 1:
                index += 1  # the rest of the notice's sentence on a line of its own
                continue
            break
        index += 1
    names = [m.group(1) for line in head[:index] for m in _NAMED_RE.finditer(line)]
    return Wrapper("\n".join(head[:index]), names[0] if names else ""), head[index:]
