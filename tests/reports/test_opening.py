"""The drafted narrative fits its period and its township: the guiding thought is named only
for years that had it under that name, and a 乡 is not called a 镇."""

from datetime import date

import pytest
from django.utils import translation

from congress.models import TownshipProfile
from congress.text import place_word
from reports import figures, narrative
from reports.services import report_create
from tests.factories import DistrictFactory, ElectionFactory, SessionFactory

pytestmark = pytest.mark.django_db

NAMED_THOUGHT = "坚持以习近平新时代中国特色社会主义思想为指导"
NEUTRAL = "坚持党的领导、人民当家作主、依法治国有机统一"


def drafted(kind, year):
    snapshot = figures.collect(*figures.period_for(kind, year))
    return {part.key: text for part, text in narrative.draft(kind, snapshot)}


@pytest.mark.parametrize(
    ("year", "named"),
    # The thought was named in October 2017 and entered the Constitution in March 2018.
    [(2011, False), (2016, False), (2017, False), (2018, True), (2024, True)],
)
@pytest.mark.parametrize("kind", ["annual", "half", "congress"])
def test_the_opening_names_the_guiding_thought_only_from_2018(kind, year, named):
    opening = drafted(kind, year)["opening"]
    assert (NAMED_THOUGHT in opening) == named
    assert ("习近平新时代" in opening) == named
    # Earlier years keep the neutral line, so the sentence still reads whole.
    assert NEUTRAL in opening
    assert "镇人大主席团在镇党委的坚强领导下" in opening


def test_the_year_is_read_whatever_language_the_figures_are_printed_in():
    with translation.override("en"):
        snapshot = figures.collect(*figures.period_for("annual", 2011))
    assert snapshot["values"]["period_end"] == "12/31/2011"
    opening = {p.key: t for p, t in narrative.draft("annual", snapshot)}["opening"]
    assert "习近平新时代" not in opening


def test_a_report_drafted_for_2011_has_no_named_thought(secretary):
    report = report_create(actor=secretary, kind="annual", year=2011, today=date(2012, 1, 5))
    opening = report.sections.get(key="opening").text
    assert "习近平新时代" not in opening
    assert NEUTRAL in opening


@pytest.mark.parametrize("kind", ["annual", "half", "congress"])
def test_a_xiang_township_is_called_xiang_throughout(kind):
    TownshipProfile.objects.create(pk=1, name="石桥乡", county="云溪县")
    # A session and an election in the period, so their paragraphs are drafted too.
    SessionFactory(start_date=date(2024, 1, 10), end_date=date(2024, 1, 11))
    DistrictFactory(election=ElectionFactory(election_day=date(2024, 3, 15)))
    parts = drafted(kind, 2024)
    text = "\n".join(parts.values())
    assert "乡人大主席团在乡党委的坚强领导下" in parts["opening"]
    assert "全乡" in parts["opening"]
    assert "乡人大代表" in parts["basic"] and "乡人民代表大会会议" in parts["basic"]
    assert "乡人民代表大会会议" in parts["sessions"]
    assert "依法选举产生乡人大代表" in parts["sessions"]
    assert "围绕全乡中心工作" in parts["supervision"]
    assert "镇人大" not in text and "镇党委" not in text and "全镇" not in text
    assert "镇" not in text
    if kind == "congress":
        assert parts["opening"].startswith("现在，我代表乡人民代表大会主席团")


def test_a_town_keeps_zhen(township_2024):
    parts = drafted("annual", 2024)
    assert "镇人大主席团在镇党委的坚强领导下" in parts["opening"]
    assert "全镇共有镇人大代表" in parts["basic"]
    assert "乡" not in "\n".join(parts.values())


@pytest.mark.parametrize(
    ("name", "word"),
    [("石桥乡", "乡"), ("龙山瑶族乡", "乡"), ("青山镇", "镇"), (" 石桥乡 ", "乡"), ("", "镇")],
)
def test_place_word(name, word):
    assert place_word(name) == word
