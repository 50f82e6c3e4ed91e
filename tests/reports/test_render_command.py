"""python manage.py render_report: the file written, the period of --kind half, the subtitle of
--kind congress, and the clear error when no Chinese font is installed."""

import io
import re
from datetime import date

import pytest
from django.core.management import ManagementUtility, call_command
from docx import Document as WordDocument

from congress import pdf
from tests.factories import SessionFactory, TermFactory
from tests.pdf_utils import pdf_text
from tests.reports.township import EXPECTED_2024

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def data(township_2024):
    return township_2024


def key_figures(path):
    word = WordDocument(path)
    return word.paragraphs[0].text, {
        row.cells[0].text: row.cells[1].text for row in word.tables[0].rows
    }


def test_writes_a_pdf_and_reports_the_file(data, tmp_path):
    out = tmp_path / "summary.pdf"
    stdout = io.StringIO()
    call_command(
        "render_report", "--kind", "annual", "--year", str(YEAR), "--out", str(out), stdout=stdout
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in stdout.getvalue()
    assert str(out.stat().st_size) in stdout.getvalue()


def test_the_format_follows_the_suffix_unless_given(data, tmp_path):
    word = tmp_path / "summary.docx"
    call_command("render_report", "--year", str(YEAR), "--out", str(word), stdout=io.StringIO())
    title, figures = key_figures(word)
    assert title == "青山镇人大主席团2024年工作总结"
    assert figures["代表总数"] == EXPECTED_2024["代表总数"]
    forced = tmp_path / "summary.bin"
    call_command(
        "render_report",
        "--year",
        str(YEAR),
        "--out",
        str(forced),
        "--format",
        "docx",
        stdout=io.StringIO(),
    )
    assert forced.read_bytes().startswith(b"PK")  # a .docx is a zip file


def test_half_is_the_first_half_of_the_year(data, tmp_path):
    out = tmp_path / "half.docx"
    call_command(
        "render_report",
        "--kind",
        "half",
        "--year",
        str(YEAR),
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    title, figures = key_figures(out)
    assert title == "青山镇人大主席团2024年上半年工作总结"
    # The September meeting, the September suggestion and the November report-back fall in the
    # second half.
    assert figures["召开主席团会议"] == "2"
    assert figures["收到建议"] == "2"
    assert figures["代表述职"] == "0"


def test_without_a_chinese_font_it_stops_with_a_chinese_message(
    data, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(pdf, "cjk_font_families", lambda: frozenset())
    out = tmp_path / "summary.pdf"
    utility = ManagementUtility(
        ["manage.py", "render_report", "--year", str(YEAR), "--out", str(out)]
    )
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "未找到可用的中文字体" in capsys.readouterr().err
    assert not out.exists()


def test_the_congress_report_names_the_session_it_is_read_at(data, tmp_path):
    """The report on 2024 is read at the first session scheduled in 2025."""
    SessionFactory(term=TermFactory(number=18), number=9, start_date=date(2025, 1, 16))
    subtitle = "——在青山镇第十八届人民代表大会第九次会议上"
    for name in ("report.pdf", "report.docx"):
        call_command(
            "render_report",
            "--kind",
            "congress",
            "--year",
            str(YEAR),
            "--out",
            str(tmp_path / name),
            stdout=io.StringIO(),
        )
    first_page = pdf_text((tmp_path / "report.pdf").read_bytes(), tmp_path).split("\f")[0]
    lines = [re.sub(r"\s+", "", line) for line in first_page.splitlines() if line.strip()]
    assert lines[:2] == ["青山镇人民代表大会主席团工作报告", subtitle]
    word = WordDocument(tmp_path / "report.docx")
    assert [p.text for p in word.paragraphs[:2]] == ["青山镇人民代表大会主席团工作报告", subtitle]
