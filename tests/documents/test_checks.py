from __future__ import annotations

from dataclasses import replace

from ideowork.documents.checks import Severity, check_doc_number, check_document, find_unfilled
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Header

from .conftest import load_sample


def test_reference_4_is_clean_apart_from_the_signer_hint() -> None:
    issues = check_document(load_sample("ref4_cover_report.txt"))
    assert [i.severity for i in issues] == [Severity.INFO]
    assert "签发人" in issues[0].message


def test_unfilled_markers_are_reported_with_their_place() -> None:
    document = load_sample("ref1_quarterly_report.txt")
    assert find_unfilled(document) == ["正文第8段：【待填写：结合本季度舆情台账补充具体表现】"]
    assert check_document(document)[0].severity is Severity.ERROR


def test_request_inside_a_report() -> None:
    document = parse_markup("标题：关于某事的报告\n主送：县委\n---\n以上意见妥否，请批示。\n")
    messages = [i.message for i in check_document(document)]
    assert any("不得夹带请示" in m and "妥否，请批示" in m for m in messages)


def test_report_without_recipients() -> None:
    document = parse_markup("标题：关于某事的报告\n---\n特此报告。\n")
    assert any("主送机关" in i.message for i in check_document(document))


def test_doc_number_forms() -> None:
    assert check_doc_number("完党字〔2020〕105号") == []
    assert "六角括号" in check_doc_number("完党字[2020]105号")[0]
    assert "六角括号" in check_doc_number("完党字【2020】105号")[0]
    assert any("第" in p for p in check_doc_number("完党字〔2020〕第105号"))
    assert any("虚位" in p for p in check_doc_number("完党字〔2020〕0105号"))
    document = load_sample("ref4_cover_report.txt")
    wrong = replace(document, header=Header(issuer_mark="甲", doc_number="完党字[2020]105号"))
    assert any("六角括号" in i.message for i in check_document(wrong))


def test_dates_in_wrong_style() -> None:
    document = parse_markup(
        "标题：关于某事的通知\n---\n会议于2020.09.09召开，二〇二〇年九月九日报送。\n"
    )
    assert any("2020年9月9日" in i.message for i in check_document(document))


def test_placeholders_left_in_the_text_are_flagged() -> None:
    from ideowork.documents.checks import find_placeholders
    from ideowork.documents.markup import parse_markup

    document = parse_markup(
        "标题：关于印发《实施方案》的通知\n---\n同以***同志为总书记的党中央保持一致。\n"
        "组织委员xxx为具体经办人。\n报××县委备案。\nXML 与 Excel 不受影响，共3x2项。\n"
    )
    found = find_placeholders(document)
    assert [item.split("：")[-1] for item in found] == ["***", "xxx", "××"]
