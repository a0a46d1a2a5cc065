"""Pre-print checks: what an inspector would send back, found before printing.

A ledger or a form (``文种：台账``, 表格, 登记表) is not a 公文: the checks of the 公文's own
elements (文种 at the end of the title, a 报告 without requests, 主送机关 and 签发人 of an
upward document, 附件说明) are skipped for it; the others (unfilled markers, placeholders,
dates, 发文字号, 署名 and 成文日期 together, 份号 of a classified paper) apply to every paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ideowork.domain.numerals import DATE_DIGIT_CHARS, NONZERO_DIGIT_CHARS

from .markers import MARKER_RE
from .model import Document, PartKind
from .numbering import parse_doc_number


class Severity(StrEnum):
    ERROR = "错误"  # must be fixed before the document goes out
    WARNING = "警告"  # very likely wrong
    INFO = "提示"  # worth a look


@dataclass(frozen=True)
class Issue:
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"【{self.severity.value}】{self.message}"


# 第十五条: a 报告 carries no request
REQUEST_PHRASES = ("妥否，请批示", "妥否,请批示", "请批示", "请予批准", "请批准", "请审批", "妥否")
_WRONG_DATES = (
    re.compile(r"\d{4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,2}"),
    re.compile(r"\d{4}年0\d月|月0\d日"),
    re.compile(rf"[{DATE_DIGIT_CHARS}]{{4}}年[{NONZERO_DIGIT_CHARS}十]{{1,2}}月"),
    re.compile(r"(?<!\d)\d{2}年\d{1,2}月\d{1,2}日"),
)


# What copied documents leave where a name or a figure belongs: xxx, ***, ×××, XX. Not part
# of a word (XML, a reference number XX-2020-9) nor the personal data a printout masks
# (ideowork.domain.privacy): 138****5678, a cell 欧*** .
_PLACEHOLDER_RE = re.compile(r"(?<![A-Za-z0-9./_-])(?:[xX×]{2,}|[*＊]{3,})(?![A-Za-z0-9./_-])")
_MASKED_NAME_RE = re.compile(r"\S[*＊]+")


def find_placeholders(document: Document) -> list[str]:
    """Placeholders such as xxx or *** left in the text, as “位置：xxx”."""
    return [
        f"{where}：{match.group(0)}"
        for where, text in document.iter_texts()
        if not _MASKED_NAME_RE.fullmatch(text)
        for match in _PLACEHOLDER_RE.finditer(text)
    ]


def find_unfilled(document: Document) -> list[str]:
    """Every 【待填写】 marker still in ``document``, as “位置：【待填写：…】”."""
    return [
        f"{where}：{match.group(0)}"
        for where, text in document.iter_texts()
        for match in MARKER_RE.finditer(text)
    ]


def check_doc_number(number: str) -> list[str]:
    """What is wrong with a 发文字号 (empty list if it is in the form 完党字〔2020〕105号)."""
    if parse_doc_number(number) is not None:
        return []
    problems: list[str] = []
    if re.search(r"[\[\]【】（）()〖〗{}]", number):
        problems.append("年份应使用六角括号〔〕，不能用[]、【】或（）")
    if "第" in number:
        problems.append("序号前不加“第”字")
    if re.search(r"[〔\[【(（]\d{2}[〕\]】)）]", number):
        problems.append("年份应标全称（如2020，不能写成20）")
    if re.search(r"[〕\]】)）]0\d*号", number):
        problems.append("序号不编虚位（105号，不能写成0105号）")
    if not number.endswith("号"):
        problems.append("序号后应加“号”字")
    if not problems:
        problems.append("应写成“机关代字〔年份〕序号号”，如完党字〔2020〕105号")
    return problems


def check_document(document: Document) -> list[Issue]:
    """All pre-print problems of ``document``, most serious first."""
    issues: list[Issue] = []
    for item in find_unfilled(document):
        issues.append(Issue(Severity.ERROR, f"尚有待填写内容：{item}"))
    for item in find_placeholders(document):
        issues.append(Issue(Severity.WARNING, f"正文中有占位符，请替换为实际内容：{item}"))
    official = not document.is_form  # a ledger or a form is not a 公文
    if official:
        issues.extend(_kind_issues(document))
    if document.header.doc_number:
        for problem in check_doc_number(document.header.doc_number):
            issues.append(
                Issue(Severity.ERROR, f"发文字号“{document.header.doc_number}”：{problem}")
            )
    for where, text in document.iter_texts():
        for pattern in _WRONG_DATES:
            match = pattern.search(text)
            if match:
                issues.append(
                    Issue(
                        Severity.WARNING,
                        f"{where}中的日期“{match.group(0)}”应使用阿拉伯数字、年份全称、不编虚位，如2020年9月9日",
                    )
                )
                break
    if official:
        issues.extend(_attachment_issues(document))
    if document.signature and not document.date:
        issues.append(Issue(Severity.WARNING, "有发文机关署名但缺少成文日期"))
    if document.date and not document.signature:
        issues.append(Issue(Severity.WARNING, "有成文日期但缺少发文机关署名"))
    if document.header.secrecy and not document.header.copy_number:
        issues.append(Issue(Severity.WARNING, "涉密公文应标注份号"))
    order = list(Severity)
    return sorted(issues, key=lambda issue: order.index(issue.severity))


def _kind_issues(document: Document) -> list[Issue]:
    """A 公文's 文种 and what it asks for: 报告 without requests, 主送机关, 签发人."""
    issues: list[Issue] = []
    kind = document.kind
    if not kind:
        issues.append(Issue(Severity.WARNING, "标题未以文种（报告、通知、请示等）结尾"))
    if kind == "报告":
        for where, text in document.iter_texts():
            if where.startswith(("附文", "附件")):
                continue
            for phrase in REQUEST_PHRASES:
                if phrase in text:
                    issues.append(
                        Issue(
                            Severity.ERROR,
                            f"报告中不得夹带请示事项（{where}含“{phrase}”）；需要上级答复的应另行请示",
                        )
                    )
                    break
    if kind in ("报告", "请示") and not document.recipients:
        issues.append(Issue(Severity.ERROR, f"{kind}应标注主送机关"))
    if kind in ("报告", "请示") and document.header.issuer_mark and not document.header.signer:
        issues.append(Issue(Severity.INFO, "上行文应在发文字号右侧标注签发人"))
    return issues


def _attachment_issues(document: Document) -> list[Issue]:
    """附件 and 附件说明 (GB/T 9704 7.3.4) agree."""
    attachments = sum(1 for p in document.parts if p.kind is PartKind.ATTACHMENT)
    if attachments and not document.attachment_notes:
        return [Issue(Severity.WARNING, "公文有附件，但正文后缺少附件说明")]
    if document.attachment_notes and len(document.attachment_notes) != attachments:
        return [
            Issue(
                Severity.WARNING,
                f"附件说明列了{len(document.attachment_notes)}个附件，实际有{attachments}个",
            )
        ]
    return []
