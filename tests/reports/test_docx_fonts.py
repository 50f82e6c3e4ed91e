"""The Word file names the faces an office PC has, read from its XML: Chinese text in 宋体, 仿宋,
黑体 or 楷体 as GB/T 9704 assigns them (w:eastAsia), digits and Latin letters in Times New Roman,
never a free face an office PC lacks (Noto CJK, AR PL UKai)."""

import io
import re
import zipfile

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from reports import document, rendering

OFFICE_FACES = {"宋体", "仿宋", "黑体", "楷体"}
SUBTITLE = "——在青山镇第十八届人民代表大会第五次会议上"


@pytest.fixture(scope="module")
def docx():
    doc = document.Document(
        title="青山镇人民代表大会主席团工作报告",
        subtitle=SUBTITLE,
        salutation="各位代表：",
        parts=document.parts(
            [
                ("opening", "", "一年来，主席团依法履职。"),
                (
                    "basic",
                    "基本情况",
                    "（一）代表结构。全镇有代表52名。\n1. 培训情况。举办培训2次。",
                ),
            ],
            {},
        ),
        key_figures=[("代表总数", "52", "名")],
        appendices=[document.Table("附件1：代表构成", ["项目", "人数"], [["女性", "20"]])],
        charts={},
        signature="青山镇人民代表大会主席团",
        date_text="2025年1月10日",
    )
    return rendering.docx_bytes(doc)


def east_asian(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph(word, text):
    return next(p for p in word.paragraphs if p.text == text)


def test_each_element_is_set_in_the_office_face_the_standard_gives_it(docx):
    word = WordDocument(io.BytesIO(docx))
    title = paragraph(word, "青山镇人民代表大会主席团工作报告").runs[0]
    assert east_asian(title) == "宋体" and title.bold
    assert east_asian(paragraph(word, SUBTITLE).runs[0]) == "楷体"
    assert east_asian(paragraph(word, "一、基本情况").runs[0]) == "黑体"
    lead_2, text = paragraph(word, "（一）代表结构。全镇有代表52名。").runs
    assert lead_2.text == "（一）代表结构。"
    assert (east_asian(lead_2), east_asian(text)) == ("楷体", "仿宋")
    lead_3 = paragraph(word, "1. 培训情况。举办培训2次。").runs[0]
    assert (east_asian(lead_3), lead_3.bold) == ("仿宋", True)
    for text in ("各位代表：", "青山镇人民代表大会主席团", "2025年1月10日"):
        assert east_asian(paragraph(word, text).runs[0]) == "仿宋", text
    assert east_asian(paragraph(word, "主要数据").runs[0]) == "黑体"
    assert east_asian(word.tables[0].cell(1, 0).paragraphs[0].runs[0]) == "仿宋"
    # Page numbers in 宋体 (GB/T 9704 7.5).
    footer = word.sections[0].footer._element
    assert set(footer.xpath(".//w:rFonts/@w:eastAsia")) == {"宋体"}


def test_the_body_style_is_chinese_in_fangsong(docx):
    normal = WordDocument(io.BytesIO(docx)).styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert normal.rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_every_font_named_is_an_office_face_or_times_new_roman(docx):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if re.fullmatch(r"word/(document|styles|footer\d*)\.xml", name)
        }
    fonts = re.compile(r"<w:rFonts ([^>]*)/>")
    east_asian_names, latin_names = set(), set()
    for xml in parts.values():
        for attributes in fonts.findall(xml):
            slots = dict(re.findall(r'w:(\w+)="([^"]*)"', attributes))
            if "eastAsia" in slots:
                east_asian_names.add(slots["eastAsia"])
                assert slots.get("hint") == "eastAsia", attributes  # “” and —— in the face too
                latin_names.update(slots.get(slot) for slot in ("ascii", "hAnsi"))
    assert east_asian_names == OFFICE_FACES
    assert latin_names == {"Times New Roman"}
    for name, xml in parts.items():
        assert not re.search(r"Noto|AR PL|UKai", xml), name
