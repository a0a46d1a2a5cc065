"""Tests of reading plan files (.txt in several encodings, .docx built at test time, bad input)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml

from ideowork.importers.document_text import read_paragraphs
from ideowork.importers.plan_parser import (
    PlanImportError,
    parse_plan_file,
    parse_plan_text,
    plan_to_json,
)

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_NAMES = [
    "reference-3-branch-plan.txt",
    "municipal-plan.txt",
    "township-plan.txt",
    "circled-plan.txt",
]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sample_lines(name: str) -> list[str]:
    return (SAMPLES / name).read_text(encoding="utf-8").splitlines()


def docx_from_lines(lines: list[str], path: Path) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def docx_bytes(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    text = (SAMPLES / "reference-3-branch-plan.txt").read_text(encoding="utf-8")
    path = tmp_path / "方案.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    paragraphs = read_paragraphs(path)
    assert paragraphs == [line for line in text.splitlines() if line.strip()]
    assert paragraphs[0] == "xxxx党支部(党组)落实意识形态工作责任制实施方案"


def test_utf8_with_one_damaged_byte(tmp_path: Path) -> None:
    text = (SAMPLES / "municipal-plan.txt").read_text(encoding="utf-8")
    data = text.encode()
    cut = data.index("宣传科".encode())
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    plan = parse_plan_file(path)
    assert plan.title.startswith("中共临江市文化旅游局党组")
    assert plan.sections[1].children[0].children[0].leaders == ("张三", "李四")


def test_text_keeps_blank_lines_out(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("一、甲\n\n\u3000\u3000\n\t\n1.乙\n", encoding="utf-8")
    assert read_paragraphs(path) == ["一、甲", "1.乙"]


def test_plain_text_renamed_to_docx_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "方案.docx"
    path.write_text("一、总体要求\n1.开展学习。（责任领导：张三）\n", encoding="gb18030")
    assert parse_plan_file(path).sections[0].children[0].leaders == ("张三",)


# --- .docx built from the samples ---------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_docx_parses_like_txt(tmp_path: Path, name: str) -> None:
    from_txt = parse_plan_file(SAMPLES / name)
    path = docx_from_lines(sample_lines(name), tmp_path / name.replace(".txt", ".docx"))
    from_docx = parse_plan_file(path)
    assert plan_to_json(from_docx) == plan_to_json(from_txt)
    assert (from_docx.title, from_docx.preamble, from_docx.signature) == (
        from_txt.title,
        from_txt.preamble,
        from_txt.signature,
    )
    assert from_docx.warnings == from_txt.warnings


def test_docx_soft_line_breaks_and_tabs(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("一、任务")
    paragraph.add_run().add_break()  # a soft line break (Shift+Enter) inside one paragraph
    paragraph.add_run("1.\t开展学习。（责任领导：张三）")
    path = tmp_path / "breaks.docx"
    document.save(str(path))
    assert read_paragraphs(path) == ["一、任务\n1.\t开展学习。（责任领导：张三）"]
    plan = parse_plan_file(path)
    assert plan.sections[0].children[0].leaders == ("张三",)


def test_docx_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("1.开展")
    paragraph._p.append(parse_xml(f"<w:ins {W_NS}><w:r><w:t>集中学习</w:t></w:r></w:ins>"))
    paragraph._p.append(
        parse_xml(f"<w:del {W_NS}><w:r><w:delText>删掉的</w:delText></w:r></w:del>")
    )
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read_paragraphs(path) == ["1.开展集中学习"]


def test_docx_plain_table_cells_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、组织领导")
    table = document.add_table(rows=2, cols=2)
    for row, (left, right) in zip(table.rows, [("组长", "张三"), ("副组长", "李四")], strict=True):
        row.cells[0].text = left
        row.cells[1].text = right
    document.add_paragraph("二、工作措施")
    path = tmp_path / "plain-table.docx"
    document.save(str(path))
    assert read_paragraphs(path) == [
        "一、组织领导",
        "组长",
        "张三",
        "副组长",
        "李四",
        "二、工作措施",
    ]
    plan = parse_plan_file(path)
    assert plan.sections[0].body == "组长\n张三\n副组长\n李四"


def build_task_table_docx(path: Path) -> Path:
    """The municipal plan's tasks as a table, the way many 责任清单 are laid out."""
    document = docx.Document()
    document.add_paragraph("中共临江市文化旅游局党组")
    document.add_paragraph("2023年落实意识形态工作责任清单")
    document.add_paragraph("为压紧压实意识形态工作责任，制定本清单。")
    document.add_paragraph("一、主要任务")
    document.add_paragraph("（一）加强理论武装")
    rows = [
        ["序号", "工作任务", "责任领导", "责任单位", "完成时限"],
        ["1", "坚持党组理论学习中心组学习制度", "张三\n李四", "办公室、宣传科", "全年"],
        ["2", "严格落实“三会一课”制度", "王五", "机关党委", ""],
        ["3", "开展意识形态专题研讨", "", "宣传科", "每季度"],
        ["（二）强化阵地管理", "", "", "", ""],
        ["1", "网络舆情24小时监测", "×××", "信息中心", ""],
        ["2", "规范报告会、研讨会审批", "张三", "各科室", ""],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for row_cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row_cells.cells, values, strict=True):
            lines = value.split("\n")
            cell.text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
    table.cell(2, 2).merge(table.cell(3, 2))  # 王五 leads tasks 2 and 3 (merged vertically)
    spanning = table.cell(4, 0).merge(table.cell(4, 4))
    spanning.text = "（二）强化阵地管理"
    document.add_paragraph("二、保障措施")
    document.add_paragraph("将意识形态工作纳入年度目标考核。")
    document.add_paragraph("中共临江市文化旅游局党组")
    document.add_paragraph("2023年3月1日")
    document.save(str(path))
    return path


def test_docx_task_table(tmp_path: Path) -> None:
    path = build_task_table_docx(tmp_path / "table.docx")
    plan = parse_plan_file(path)
    assert plan.title == "中共临江市文化旅游局党组2023年落实意识形态工作责任清单"
    assert plan.signature == "中共临江市文化旅游局党组\n2023年3月1日"
    first, second = plan.sections[0].children
    assert [(c.marker, c.text, c.deadline_text) for c in first.children] == [
        ("1.", "坚持党组理论学习中心组学习制度", "全年"),
        ("2.", "严格落实“三会一课”制度", ""),
        ("3.", "开展意识形态专题研讨", "每季度"),
    ]
    assert "责任领导：张三、李四（表格“责任领导”列）" in first.children[0].sources
    assert first.children[0].leaders == ("张三", "李四")
    assert first.children[0].offices == ("办公室", "宣传科")
    assert first.children[1].leaders == ("王五",)
    assert first.children[2].leaders == ("王五",)  # from the merged cell
    assert (second.marker, second.text) == ("（二）", "强化阵地管理")
    monitor, forums = second.children
    assert monitor.leaders == () and monitor.leaders_placeholder
    assert monitor.offices == ("信息中心",)
    assert (forums.leaders, forums.offices) == (("张三",), ("各科室",))
    assert plan.sections[1].body == "将意识形态工作纳入年度目标考核。"


def test_docx_task_table_without_sequence_column(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、主要任务")
    table = document.add_table(rows=3, cols=3)
    values = [
        ["工作内容", "牵头领导", "牵头部门"],
        ["开展学习", "张三", "办公室"],
        ["开展研判", "李四", ""],
    ]
    for row, row_values in zip(table.rows, values, strict=True):
        for cell, value in zip(row.cells, row_values, strict=True):
            cell.text = value
    path = tmp_path / "no-seq.docx"
    document.save(str(path))
    assert read_paragraphs(path) == [
        "一、主要任务",
        "1.开展学习（牵头领导：张三；牵头单位：办公室）",
        "2.开展研判（牵头领导：李四）",
    ]


def test_docx_automatic_numbering_from_list_style(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、主要任务")
    document.add_paragraph("开展学习。（责任领导：张三）", style="List Number")
    document.add_paragraph("开展研判。（责任领导：李四）", style="List Number")
    path = tmp_path / "list-number.docx"
    document.save(str(path))
    paragraphs = read_paragraphs(path)
    assert paragraphs[1:] == ["1.开展学习。（责任领导：张三）", "2.开展研判。（责任领导：李四）"]
    plan = parse_plan_file(path)
    assert [c.leaders for c in plan.sections[0].children] == [("张三",), ("李四",)]


CHINESE_OUTLINE = f"""
<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
    <w:lvlText w:val="%4"/></w:lvl>
</w:abstractNum>
"""


def test_docx_automatic_chinese_outline_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(CHINESE_OUTLINE))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    document.add_paragraph("某某党支部落实意识形态工作责任制实施方案")
    numbered("总体要求", 0)
    document.add_paragraph("坚持党管意识形态原则。")
    numbered("主要任务", 0)
    numbered("加强理论武装", 1)
    numbered("开展学习（责任领导：张三）", 2)
    numbered("每月一次", 3)
    numbered("每季度一次", 3)
    numbered("开展研判（责任领导：李四）", 2)
    numbered("强化阵地管理", 1)
    numbered("管好网站（责任领导：王五）", 2)
    path = tmp_path / "outline.docx"
    document.save(str(path))
    assert read_paragraphs(path) == [
        "某某党支部落实意识形态工作责任制实施方案",
        "一、总体要求",
        "坚持党管意识形态原则。",
        "二、主要任务",
        "（一）加强理论武装",
        "1.开展学习（责任领导：张三）",
        "①每月一次",
        "②每季度一次",
        "2.开展研判（责任领导：李四）",
        "（二）强化阵地管理",
        "1.管好网站（责任领导：王五）",
    ]
    plan = parse_plan_file(path)
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    assert plan.sections[1].children[1].children[0].leaders == ("王五",)


# --- bad input ----------------------------------------------------------------------------


def assert_refused(path: Path, *keywords: str) -> str:
    with pytest.raises(PlanImportError) as info:
        parse_plan_file(path)
    message = info.value.message
    assert str(info.value) == message
    assert re.search(r"[\u4e00-\u9fff]{4}", message), message
    if path.name:
        assert path.name in message
    for keyword in keywords:
        assert keyword in message, message
    return message


@pytest.mark.parametrize("name", ["空.txt", "空.docx"])
@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n"])
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_refused(path, "空")


def test_corrupt_docx_truncated(tmp_path: Path) -> None:
    data = docx_bytes(sample_lines("municipal-plan.txt"))
    path = tmp_path / "损坏.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "损坏", "另存为")


def test_corrupt_docx_garbage_after_zip_magic(tmp_path: Path) -> None:
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    assert_refused(path, "损坏")


def test_corrupt_docx_bad_xml(tmp_path: Path) -> None:
    source = io.BytesIO(docx_bytes(["一、任务"]))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            new.writestr(item, data)
    path = tmp_path / "xml坏了.docx"
    path.write_bytes(target.getvalue())
    assert_refused(path, "损坏")


def test_encrypted_docx(tmp_path: Path) -> None:
    # An encrypted .docx is an OLE compound file holding EncryptionInfo and EncryptedPackage.
    body = b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    body += "EncryptedPackage".encode("utf-16-le") + bytes(range(256)) * 4
    path = tmp_path / "加密.docx"
    path.write_bytes(OLE_MAGIC + body)
    message = assert_refused(path, "已加密", "取消密码", ".docx")
    assert message == (
        "文件“加密.docx”已加密（设有打开密码），无法读取。"
        "请在 Word 中取消密码后另存为 .docx 再导入。"
    )


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "方案.doc"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    assert_refused(path, ".doc", "另存为", ".docx")


def test_old_excel_xls(tmp_path: Path) -> None:
    path = tmp_path / "清单.doc"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64)
    assert_refused(path, "Excel")


def test_xlsx_renamed_to_docx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "责任清单"
    path = tmp_path / "清单.docx"
    workbook.save(str(path))
    assert_refused(path, "Excel", "从 Excel 导入")


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "方案.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert_refused(path, "PDF")


def test_pdf_renamed_to_docx(tmp_path: Path) -> None:
    path = tmp_path / "方案.docx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    assert_refused(path, "PDF")


@pytest.mark.parametrize("name", ["junk.txt", "junk.docx", "junk.bin"])
def test_binary_junk(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes((i * 37 + 11) % 256 for i in range(4096)))
    assert_refused(path)


def test_png_image(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_refused(path, "二进制")


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "乱码.txt"
    path.write_bytes("一、任务\n".encode() + b"\x81\x20\xff\xfe\x80 abc\n")
    assert_refused(path, "编码", "UTF-8")


def test_html_saved_as_doc(tmp_path: Path) -> None:
    path = tmp_path / "导出.doc"
    path.write_text("<html><body><p>一、任务</p></body></html>", encoding="utf-8")
    assert_refused(path, "网页", "另存为")


def test_rtf(tmp_path: Path) -> None:
    path = tmp_path / "方案.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} \\f0 hello}")
    assert_refused(path, "RTF", "另存为")


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "材料.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("说明.txt", "一、任务")
    assert_refused(path, "压缩包")


def test_docx_without_text(tmp_path: Path) -> None:
    path = docx_from_lines(["", "   "], tmp_path / "空白.docx")
    assert_refused(path, "没有找到任何文字")


def test_missing_file(tmp_path: Path) -> None:
    assert_refused(tmp_path / "不存在.docx", "找不到")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "文件夹.docx"
    folder.mkdir()
    assert_refused(folder, "文件夹")


def test_read_paragraphs_raises_the_same_error(tmp_path: Path) -> None:
    path = tmp_path / "空.txt"
    path.write_bytes(b"")
    with pytest.raises(PlanImportError):
        read_paragraphs(path)


def test_parse_plan_text_matches_file_parsing() -> None:
    lines = sample_lines("circled-plan.txt")
    assert plan_to_json(parse_plan_text(lines)) == plan_to_json(
        parse_plan_file(SAMPLES / "circled-plan.txt")
    )
