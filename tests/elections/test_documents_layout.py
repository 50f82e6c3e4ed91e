"""The layout of the voter cards (选民证) and the published roll (公布选民名单), drawn directly on
PDF pages: pages and their numbers, the closing note that never stands alone, text that does
not fit, a character one font lacks, and a file every reader opens."""

import io
import re
import subprocess
from datetime import date

import pytest

from elections import documents
from elections.models import Voter
from tests.factories import DistrictFactory, ElectionFactory, VoterFactory
from tests.pdf_utils import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

ROW = re.compile(r"^\s*\d+\s+张\d+", re.MULTILINE)
SIGNED = "青山镇人大代表选举选举委员会"


@pytest.fixture
def district(db):
    election = ElectionFactory(name="青山镇人大代表选举", election_day=date(2026, 11, 30))
    return DistrictFactory(election=election, name="第一选区", code="01", polling_stations="")


def add_voters(district, count):
    Voter.objects.bulk_create(
        VoterFactory.build(district=district, election=district.election, name=f"张{n}")
        for n in range(1, count + 1)
    )


def write(document, districts):
    buffer = io.BytesIO()
    documents.document_write(document, districts, buffer, title="测试")
    return buffer.getvalue()


def pages(data, tmp_path):
    return [page for page in pdf_text(data, tmp_path).split("\f") if page.strip()]


def test_the_pdf_opens_cleanly_and_has_the_pages_it_numbers(district, tmp_path):
    add_voters(district, 100)
    for document in (documents.ROLL, documents.CARDS):
        path = tmp_path / f"{document}.pdf"
        path.write_bytes(write(document, [district]))
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        assert info.stderr == ""  # poppler complains about a broken cross-reference table
        count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
        assert count == (17 if document == documents.CARDS else 4)  # 100 cards, six a page
        texts = pages(path.read_bytes(), tmp_path)
        assert len(texts) == count
        for number, text in enumerate(texts, start=1):
            assert re.search(rf"\b{number} ?/ ?{count}\b", text), (document, number, text[-80:])


def test_the_roll_lists_every_voter_once_in_order(district, tmp_path):
    add_voters(district, 100)
    text = pdf_text(write(documents.ROLL, [district]), tmp_path)
    rows = [line.split() for line in ROW.findall(text)]
    assert [int(row[0]) for row in rows] == list(range(1, 101))
    assert "选民共100人" in text
    # Every page after the first repeats the column heads.
    assert all("公民身份号码" in page for page in text.split("\f") if page.strip())


def test_the_signature_page_lists_voters(district, tmp_path):
    add_voters(district, 90)
    first, full = (
        len(ROW.findall(page)) for page in pages(write("roll", [district]), tmp_path)[:2]
    )
    # Rolls whose rows end at or just above the foot of page 2, where the closing note and the
    # signature would go over alone.
    for count in range(first + full - 4, first + full + 1):
        Voter.objects.all().delete()
        add_voters(district, count)
        last = pages(write(documents.ROLL, [district]), tmp_path)[-1]
        assert SIGNED in re.sub(r"\s+", "", last)
        assert "对公布的选民名单有不同意见的" in last
        assert ROW.search(last), (count, last)


def test_an_empty_district_says_so(district, tmp_path):
    cards = pdf_text(write(documents.CARDS, [district]), tmp_path)
    assert "本选区名单上没有选民。" in cards
    roll = pdf_text(write(documents.ROLL, [district]), tmp_path)
    assert "选民共0人" in roll and SIGNED in re.sub(r"\s+", "", roll)


def test_a_long_name_is_shown_whole_and_a_missing_station_as_a_dash(district, tmp_path):
    VoterFactory(district=district, name="阿卜杜热合曼·买买提依明")
    text = pdf_text(write(documents.CARDS, [district]), tmp_path)
    assert "阿卜杜热合曼·买买提依明" in text
    assert re.search(r"投票站\s+—", text)


def test_an_address_too_long_for_its_column_is_cut_visibly(district, tmp_path):
    address = "青山镇河东村第十二村民小组幸福路一百二十八号附三号楼二单元五〇二室" * 3
    VoterFactory(district=district, name="王芳", address=address)
    text = pdf_text(write(documents.ROLL, [district]), tmp_path)
    assert "青山镇河东村第十二村民小组" in text
    assert "…" in text and address not in text.replace(" ", "")


def test_a_character_the_kai_font_lacks_comes_from_another_chinese_font(district, tmp_path):
    # 𠮷 (U+20BB7) is not in AR PL UKai; the names on cards are set in it.
    VoterFactory(district=district, name="𠮷祥")
    data = write(documents.CARDS, [district])
    assert "𠮷祥" in pdf_text(data, tmp_path)
    fonts = pdf_fonts(data, tmp_path)
    assert "UKai" in fonts and "Noto-Serif-CJK-SC" in fonts


def test_each_district_of_the_township_has_its_own_page_numbers(district, tmp_path):
    other = DistrictFactory(election=district.election, name="第二选区", code="02")
    add_voters(district, 7)
    VoterFactory(district=other, name="李四")
    texts = pages(write(documents.CARDS, [district, other]), tmp_path)
    assert [
        re.sub(r"\s", "", re.search(r"—\s*(\d+ ?/ ?\d+)\s*—", text).group(1)) for text in texts
    ] == [
        "1/2",
        "2/2",
        "1/1",
    ]
    assert "李四" in texts[2] and "02-00001" in texts[2]


def test_no_districts_is_refused_in_chinese():
    with pytest.raises(documents.ValidationError, match="选区"):
        write(documents.CARDS, [])
