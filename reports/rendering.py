"""The PDF and Word files of a Document (reports.document), both in the layout of official
documents (GB/T 9704-2012, domain guide §5) and with the same content.

The PDF is WeasyPrint's rendering of summary_pdf.html. The .docx is written with python-docx
for the office to edit: same page and margins, "— N —" page numbers as a PAGE field on the
outer side. The charts are left out of the .docx: Word cannot show inline SVG everywhere, and
the appendix tables carry the same numbers.

The .docx names the faces an office PC has (Windows and WPS ship 宋体, 仿宋, 黑体 and 楷体) in the
East Asian slot Word sets Chinese in, as GB/T 9704 assigns them: body 仿宋, level-1 headings 黑体,
level-2 leads 楷体, the title in 宋体 bold (方正小标宋 is not on every PC). A .docx cannot list a
fall-back face, so the free faces of the PDF (Noto CJK, AR PL UKai) stay the PDF's; digits and
Latin letters take Times New Roman.
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from congress.pdf import render_pdf

SONG, FANGSONG, HEI, KAI = "宋体", "仿宋", "黑体", "楷体"
LATIN = "Times New Roman"
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
TABLE_SIZE = Pt(12)
PAGE_NUMBER_SIZE = Pt(14)
LINE = Mm(10.2)  # 22 lines in the 225 mm text block
INDENT = Pt(32)  # two characters of the body


def pdf_bytes(document):
    return render_pdf("reports/summary_pdf.html", {"doc": document})


# Word


def _set_font(target, family, *, size=None, bold=None):
    """Set the font of a run or a style: `family` (an office face) for Chinese, LATIN for digits
    and Latin letters; the hint sets the characters both share (“”, ——) in `family` too."""
    target.font.name = LATIN
    target.font.size = size
    target.font.bold = bold
    fonts = target._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(
    container, text="", *, family=None, size=BODY_SIZE, bold=None, align=None, indent=None
):
    """A paragraph with one run of `text`; `container` is the document, a cell or a footer."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = indent
    if text:
        _set_font(paragraph.add_run(text), family or FANGSONG, size=size, bold=bold)
    return paragraph


def _page_setup(word):
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number sits about 7 mm below the text block
    style = word.styles["Normal"]
    _set_font(style, FANGSONG, size=BODY_SIZE)
    # Chinese text, so Word applies Chinese line-breaking and proofing.
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().insert_element_before(
        language, "w:eastAsianLayout", "w:specVanish", "w:oMath"
    )
    style.paragraph_format.line_spacing = LINE
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    # Odd pages number at the right, even pages at the left: the outer side.
    word.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, align):
    """The page number "— N —", in 宋体 as GB/T 9704 prints it."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = 1
    _set_font(paragraph.add_run("— "), SONG, size=PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")  # shown until Word updates the field
    _set_font(run, SONG, size=PAGE_NUMBER_SIZE)
    field.append(run._element)
    paragraph._p.append(field)
    _set_font(paragraph.add_run(" —"), SONG, size=PAGE_NUMBER_SIZE)


def _body(word, document):
    _paragraph(
        word,
        document.title,
        family=SONG,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    ).paragraph_format.line_spacing = Mm(13)
    if document.subtitle:
        _paragraph(word, document.subtitle, family=KAI, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(word)  # one blank line under the title
    if document.salutation:
        _paragraph(word, document.salutation)
    for part in document.parts:
        if part.heading:
            _paragraph(word, part.heading, family=HEI, indent=INDENT)
        for item in part.paragraphs:
            paragraph = _paragraph(word, indent=INDENT)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if item.lead:
                family = KAI if item.lead_level == 2 else FANGSONG
                _set_font(
                    paragraph.add_run(item.lead),
                    family,
                    size=BODY_SIZE,
                    bold=item.lead_level == 3 or None,
                )
            _set_font(paragraph.add_run(item.text), FANGSONG, size=BODY_SIZE)
    # The signature and the date never stand alone on a page: from the last paragraph of the
    # body on, each paragraph keeps with the next.
    closing = [word.paragraphs[-1], _paragraph(word), _paragraph(word)]  # two blank lines
    for text in (document.signature, document.date_text):
        paragraph = _paragraph(word, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = INDENT
        closing.append(paragraph)
    for paragraph in closing[:-1]:
        paragraph.paragraph_format.keep_with_next = True


def _table(word, columns, rows, groups=()):
    """A bordered table in 12 pt; `groups` (title, rows) add a merged title row per group."""
    table = word.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def fill(cells, values, bold=None):
        for index, (cell, value) in enumerate(zip(cells, values, strict=False)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if index or bold else None
            paragraph.paragraph_format.line_spacing = 1.2
            _set_font(paragraph.add_run(str(value)), FANGSONG, size=TABLE_SIZE, bold=bold)

    fill(table.rows[0].cells, columns, bold=True)
    for title, group_rows in groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        fill([merged], [title], bold=True)
        merged.paragraphs[0].alignment = None
        for row in group_rows:
            fill(table.add_row().cells, row)
    for row in rows:
        fill(table.add_row().cells, row)
    return table


def _caption(word, text):
    paragraph = _paragraph(word, text, family=HEI, size=TABLE_SIZE)
    paragraph.paragraph_format.line_spacing = 1.5
    paragraph.paragraph_format.space_before = TABLE_SIZE
    return paragraph


def _tables(word, document):
    """The key figures on a page of their own, then the appendices."""
    title = _paragraph(word, _("Key figures"), family=HEI, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.page_break_before = True
    columns = [_("Indicator"), _("Value"), pgettext("key figures", "Unit")]
    _table(word, columns, document.key_figures)
    for appendix in document.appendices:
        _caption(word, appendix.title)
        _table(word, appendix.columns, appendix.rows, appendix.groups)


def docx_bytes(document):
    word = WordDocument()
    _page_setup(word)
    _body(word, document)
    _tables(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
