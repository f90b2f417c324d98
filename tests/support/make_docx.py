"""Writes .docx files for tests/import.rs with python-docx.

    make_docx.py seed SEED.txt OUT.docx    the seed, with Word automatic numbering for 一、 and （一）
                                           (labels removed from the text; numbering.xml makes them)
    make_docx.py table OUT.docx            a small plan whose items are a 分解表 table
"""

import sys

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

CHINESE = "一二三四五六七八九十"


def numeral_prefix(line):
    """`一、…` -> ('section', rest); `（十一）…` -> ('item', rest); else (None, line)."""
    head, sep, rest = line.partition("、")
    if sep and head and all(c in CHINESE for c in head):
        return "section", rest
    if line.startswith("（") and "）" in line:
        head, _, rest = line[1:].partition("）")
        if head and all(c in CHINESE for c in head):
            return "item", rest
    return None, line


def add_list(document, abstract_id, num_id, fmt, text):
    """A one-level list definition (abstractNum + num) in numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        f"</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )


def number(paragraph, num_id, level=0):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def seed(source, out):
    document = docx.Document()
    add_list(document, 90, 90, "chineseCounting", "%1、")
    add_list(document, 91, 91, "chineseCounting", "（%1）")
    with open(source, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            kind, rest = numeral_prefix(line)
            paragraph = document.add_paragraph(rest)
            if kind == "section":
                number(paragraph, 90)
            elif kind == "item":
                number(paragraph, 91)
    document.save(out)


def table(out):
    document = docx.Document()
    document.add_paragraph("2021年某市重点工作任务分解方案")
    document.add_paragraph("为确保各项重点工作落到实处，现将任务分解如下。")
    # The section label comes from a paragraph style linked to a numbering definition (as Word's
    # "List Number" styles do), not from the paragraph itself.
    add_list(document, 92, 92, "chineseCounting", "%1、")
    style = document.styles.add_style("CnSection", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="92"/></w:numPr>'
        )
    )
    document.add_paragraph("重点工作任务分解表", style="CnSection")
    rows = [
        ("序号", "重点工作任务", "牵头单位", "责任单位", "完成时限"),
        ("1", "新建改扩建学校。新建改扩建学校12所，新增学位8000个。", "市教育局", "市发改委、市财政局", "2021年12月底前"),
        ("2", "加强教师培训。培训教师1.2万人次以上。", "市教育局", "各区教育局", "2021年6月底前"),
        ("3", "推进智慧校园建设。建成智慧校园示范校20所。", "市教育局、市工信局", "市电教馆", "第三季度"),
    ]
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    document.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
