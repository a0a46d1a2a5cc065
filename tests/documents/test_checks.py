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


def test_a_ledger_is_not_checked_as_a_gongwen() -> None:
    text = (
        "标题：2020年舆情台账\n{kind}署名：中共完冒镇委员会\n日期：2020-12-31\n---\n"
        "| 序号 | 事项 |\n|---|---|\n| 1 | 甲 |\n"
    )
    as_gongwen = [i.message for i in check_document(parse_markup(text.format(kind="")))]
    assert "标题未以文种（报告、通知、请示等）结尾" in as_gongwen
    for kind in ("台账", "表格", "登记表"):
        document = parse_markup(text.format(kind=f"文种：{kind}\n"))
        assert document.kind == kind and document.is_form
        assert check_document(document) == []


def test_a_form_keeps_the_checks_that_apply_to_every_paper() -> None:
    document = parse_markup(
        "标题：舆情事项处置单\n文种：登记表\n署名：中共完冒镇委员会\n---\n"
        "| 项目 | 内容 |\n|---|---|\n| 编号 | 【待填写：编号】 |\n| 交办日期 | 2020.11.03 |\n"
        "| 承办人 | xxx |\n[附件] 现场照片\n"
    )
    messages = [str(i) for i in check_document(document)]
    assert any("待填写" in m for m in messages)
    assert any("2020.11.03" in m for m in messages)
    assert any("xxx" in m for m in messages)
    assert any("缺少成文日期" in m for m in messages)
    assert not any("文种" in m or "附件说明" in m or "主送" in m for m in messages)


def test_a_report_marked_as_a_ledger_skips_the_report_rules() -> None:
    document = parse_markup("标题：关于某事的报告\n文种：台账\n---\n妥否，请批示。\n")
    assert check_document(document) == []


def test_masked_personal_data_is_not_a_placeholder() -> None:
    from ideowork.documents.checks import find_placeholders

    document = parse_markup(
        "标题：舆情事项处置单\n文种：登记表\n---\n| 项目 | 内容 |\n|---|---|\n"
        "| 反映人 | 欧*** |\n| 联系电话 | 138****5678 |\n| 编号 | XX-2020-9 |\n"
        "| 备注 | 同以***同志为准 |\n"
    )
    assert [item.split("：")[-1] for item in find_placeholders(document)] == ["***"]
