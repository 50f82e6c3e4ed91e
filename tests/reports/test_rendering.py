"""The annual summary's PDF and Word files read as a reader would, on the small hand-built
township of tests/reports/township.py: every key figure printed equals the figure collected,
the other apps' selectors and the count made by hand."""

import io
import re
from datetime import date

import pytest
from django.db import transaction
from docx import Document as WordDocument

from congress.models import TownshipProfile
from congress.roles import Role
from deputies import selectors as deputies_selectors
from proposals import selectors as proposals_selectors
from reports import charts, document, figures, rendering, services
from reports.selectors import data_document
from tests.factories import SessionFactory, TermFactory, UserFactory
from tests.pdf_utils import key_figure, key_figures_page, pdf_fonts, pdf_text
from tests.reports import township
from tests.reports.township import EXPECTED_2024, RARE_NAME

# The data are made once for the module (see `rendered`); the mark sets up the test database.
pytestmark = pytest.mark.django_db

YEAR = 2024
TITLE = "青山镇人大主席团2024年工作总结"


def edited_draft(secretary):
    """The annual draft with a sentence the secretary added naming a deputy."""
    report = services.report_create(actor=secretary, kind="annual", year=YEAR)
    section = report.sections.get(key="deputies")
    services.section_save(
        actor=secretary,
        section=section,
        heading=section.heading,
        text=section.text + f"\n{RARE_NAME}代表带头走访选民，受到群众好评。",
    )


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The annual summary rendered once for the module (PDF and Word), with the figures and
    selectors' values read from the same data; the data are rolled back afterwards."""
    tmp_path = tmp_path_factory.mktemp("summary")
    with django_db_blocker.unblock(), transaction.atomic():
        secretary = UserFactory(role=Role.SECRETARY)
        township.build(secretary)
        edited_draft(secretary)
        start, end = figures.period_for("annual", YEAR)
        document = data_document("annual", YEAR)
        pdf = rendering.pdf_bytes(document)
        stats = proposals_selectors.handling_stats(start, end)
        result = {
            "document": document,
            "pdf": pdf,
            "text": pdf_text(pdf, tmp_path),
            "fonts": pdf_fonts(pdf, tmp_path),
            "docx": rendering.docx_bytes(document),
            "collected": figures.collect(start, end)["values"],
            "selectors": {
                "deputies": deputies_selectors.deputies_in_office_count(end),
                "closed_rate": str(stats.rates["closed"].percent),
                "satisfied_rate": str(stats.rates["satisfied"].percent),
                "participants": deputies_selectors.participant_person_times(start, end),
            },
        }
        transaction.set_rollback(True)
    (tmp_path / "summary.pdf").write_bytes(pdf)
    return result


def test_the_pdf_shows_the_title_each_heading_and_the_signature(rendered):
    text = rendered["text"]
    flat = re.sub(r"\s+", "", text)
    assert TITLE in flat
    headings = [part.heading for part in rendered["document"].parts if part.heading]
    assert headings[:2] == ["一、基本情况", "二、依法开好人代会"]
    for heading in headings:
        assert heading in text, heading
    assert "青山镇人民代表大会主席团" in flat
    assert "主要数据" in text


def test_each_key_figure_equals_the_collected_figure_and_the_hand_count(rendered):
    page = key_figures_page(rendered["text"])
    collected = rendered["collected"]
    for key, figure in figures.KEY_FIGURES.items():
        label = str(figure.label)
        printed = key_figure(page, label)
        assert printed == collected[key] == EXPECTED_2024[label], label
    # The table's order is the guide's.
    positions = [page.index(label) for label in EXPECTED_2024]
    assert positions == sorted(positions)


def test_key_figures_equal_the_other_apps_selectors(rendered):
    page = key_figures_page(rendered["text"])
    selectors = rendered["selectors"]
    assert key_figure(page, "代表总数") == str(selectors["deputies"]) == "5"
    assert key_figure(page, "办结率") == selectors["closed_rate"]
    assert key_figure(page, "满意率") == selectors["satisfied_rate"]
    assert key_figure(page, "参加活动代表") == str(selectors["participants"])


def page_number_line(page, number):
    """The line printing "— N —" (pdftotext drops the narrow spaces around the number)."""
    lines = [line for line in page.splitlines() if re.fullmatch(rf"\s*— ?{number} ?—\s*", line)]
    assert len(lines) == 1, page[-200:]
    return lines[0]


def test_pages_are_numbered_on_the_outer_side(rendered):
    pages = rendered["text"].split("\f")
    # Page 1 is a right-hand page: the number at the right; page 2 a left-hand one.
    right, left = page_number_line(pages[0], 1), page_number_line(pages[1], 2)
    assert len(right) - len(right.lstrip()) > 20
    assert len(left) - len(left.lstrip()) < 5


def test_every_font_is_an_embedded_cjk_font(rendered):
    lines = rendered["fonts"].splitlines()[2:]
    assert lines
    for line in lines:
        assert re.search(r"Noto-?S(erif|ans)-?CJK|UKai", line), line
        assert " yes " in line, line  # embedded


def test_a_name_with_an_extension_b_character_is_printed(rendered):
    assert f"{RARE_NAME}代表带头走访选民" in re.sub(r"\s+", "", rendered["text"])


def test_the_charts_are_drawn_with_their_labels(rendered):
    text = rendered["text"]
    document = rendered["document"]
    assert set(document.charts) == {"activities", "categories"}
    chart = re.sub(r"\s+", "", text).split("各类代表活动次数")[1].split("答复类别统计")[0]
    assert chart.startswith("视察2次，5人次")  # two inspections, 3 + 2 present
    assert "执法检查" not in chart  # kinds without activities have no bar


def test_the_docx_has_the_title_headings_and_key_figures(rendered):
    word = WordDocument(io.BytesIO(rendered["docx"]))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == TITLE
    for part in rendered["document"].parts:
        if part.heading:
            assert part.heading in paragraphs
    assert "主要数据" in paragraphs
    rows = {
        row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in word.tables[0].rows
    }
    assert rows["代表总数"] == ("5", "名")
    assert rows["办结率"] == ("50.0", "%")
    title_run = word.paragraphs[0].runs[0]
    assert title_run.bold and title_run.font.size.pt == 22
    fonts = title_run._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    footer = word.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer


def test_charts_escape_labels_and_leave_out_empty_kinds():
    svg = charts.bar_chart("<图>", [("A&B", 2, "2次"), ("C", 0, "0次")])
    assert "&lt;图&gt;" in svg and "A&amp;B" in svg
    snapshot = {"tables": {"activities": [["视察", 0, 0]], "categories": [["A类", 0, "—"]]}}
    assert charts.for_snapshot(snapshot) == {}


SIGNATURE, DATE_TEXT = "青山镇人民代表大会主席团", "2024年12月31日"


def closing_document(lines, subtitle=""):
    """A summary whose last paragraph runs `lines` full lines of 28 characters."""
    text = "\n".join(["主席团依法履职。" * 60, "为" + "甲" * (28 * lines - 4) + "。"])
    return document.Document(
        title=TITLE,
        subtitle=subtitle,
        salutation="",
        parts=document.parts([("opening", "", text)], {}),
        key_figures=[],
        appendices=[],
        charts={},
        signature=SIGNATURE,
        date_text=DATE_TEXT,
    )


def signature_page_lines(pdf, tmp_path):
    """The printed lines of the page that carries the signature, without its page number."""
    pages = pdf_text(pdf, tmp_path).split("\f")
    page = next(page for page in pages if SIGNATURE in page and DATE_TEXT in page)
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not re.fullmatch(r"— ?\d+ ?—", line)]


def test_the_signature_and_date_never_stand_alone_on_a_page(tmp_path):
    """Over a page of lengths the body ends on every other line of the page, so some end
    at the foot of a page, where the signature used to move alone onto the next one; it brings
    the last lines of the body along instead (GB/T 9704-2012 7.3.5)."""
    carried = []
    for lines in range(4, 26, 2):
        printed = signature_page_lines(rendering.pdf_bytes(closing_document(lines)), tmp_path)
        assert printed[-2:] == [SIGNATURE, DATE_TEXT]
        body = printed[:-2]
        assert body and body[-1].endswith("甲。"), (lines, printed)
        carried.append(len(body))
    # The loop reached a page end: there the body lines on the signature's page are few.
    assert min(carried) <= 2, carried


def test_the_word_file_keeps_the_signature_with_the_last_paragraph():
    word = WordDocument(io.BytesIO(rendering.docx_bytes(closing_document(3))))
    texts = [p.text for p in word.paragraphs]
    last = next(i for i, text in enumerate(texts) if text.endswith("甲。"))
    date_index = texts.index(DATE_TEXT)
    assert texts[date_index - 1] == SIGNATURE
    keeps = [p.paragraph_format.keep_with_next for p in word.paragraphs[last:date_index]]
    assert keeps == [True] * (date_index - last)


@pytest.fixture
def term_18(db):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    term = TermFactory(number=18, start_date=date(2021, 12, 28))
    for number, day in ((1, date(2021, 12, 30)), (2, date(2023, 1, 12)), (3, date(2024, 1, 10))):
        SessionFactory(term=term, number=number, start_date=day, end_date=day)
    return term


FIFTH_OF_18 = "——在青山镇第十八届人民代表大会第五次会议上"


def test_the_subtitle_names_the_next_session_of_the_term(term_18):
    # None scheduled yet: the term's fourth session, the next one after the three held.
    assert document.session_subtitle("congress", date(2024, 12, 31)) == (
        "——在青山镇第十八届人民代表大会第四次会议上"
    )


def test_the_subtitle_names_the_first_session_scheduled_after_the_period(term_18):
    SessionFactory(term=term_18, number=4, start_date=date(2024, 7, 1), end_date=date(2024, 7, 1))
    SessionFactory(term=term_18, number=6, start_date=date(2025, 7, 1), end_date=date(2025, 7, 1))
    SessionFactory(term=term_18, number=5, start_date=date(2025, 1, 16), end_date=date(2025, 1, 17))
    assert document.session_subtitle("congress", date(2024, 12, 31)) == FIFTH_OF_18


def test_only_the_congress_report_has_a_subtitle(term_18):
    assert document.session_subtitle("annual", date(2024, 12, 31)) == ""
    assert document.session_subtitle("half", date(2024, 6, 30)) == ""


def test_no_subtitle_before_a_term_is_recorded(db):
    assert document.session_subtitle("congress", date(2024, 12, 31)) == ""


def test_the_subtitle_is_printed_under_the_title(tmp_path):
    doc = closing_document(3, subtitle=FIFTH_OF_18)
    first_page = pdf_text(rendering.pdf_bytes(doc), tmp_path).split("\f")[0]
    lines = [line.strip() for line in first_page.splitlines() if line.strip()]
    assert lines[:2] == [TITLE, FIFTH_OF_18]
    word = WordDocument(io.BytesIO(rendering.docx_bytes(doc)))
    assert [p.text for p in word.paragraphs[:3]] == [TITLE, FIFTH_OF_18, ""]
