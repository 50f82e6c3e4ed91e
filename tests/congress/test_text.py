"""Official text helpers, each imported from its one home, and a grep that no app writes a
second copy of one."""

import re
from datetime import date
from pathlib import Path

import pytest

from congress.models import TownshipProfile
from congress.selectors import township_name
from congress.text import (
    CHAIR,
    DEPUTY_HEAD,
    FULL_WIDTH_DIGITS,
    HEAD,
    PRESIDIUM_MEMBER,
    VICE_CHAIR,
    chinese_number,
    mask_phone,
    official_date,
    parse_chinese_number,
    place_word,
    post_title,
    post_words,
    without_phones,
)


@pytest.mark.parametrize(
    "n, text",
    [(1, "一"), (10, "十"), (18, "十八"), (20, "二十"), (105, "一百零五"), (1010, "一千零一十")],
)
def test_chinese_numerals_both_ways(n, text):
    assert chinese_number(n) == text
    assert parse_chinese_number(text) == n


@pytest.mark.parametrize(
    "text, n",
    [("两百", 200), ("二〇二五", 2025), ("一二", 12), ("十", 10), ("", None), ("十八届", None)],
)
def test_chinese_numerals_as_offices_write_them(text, n):
    assert parse_chinese_number(text) == n


def test_full_width_digits():
    assert "第１８届 ２０２５".translate(FULL_WIDTH_DIGITS) == "第18届 2025"


def test_official_date():
    assert official_date(date(2024, 3, 5)) == "2024年3月5日"
    assert official_date(date(2024, 12, 20)) == "2024年12月20日"


@pytest.mark.parametrize(
    "name, word", [("青山镇", "镇"), ("石门乡", "乡"), ("瑶山民族乡", "乡"), ("", "镇")]
)
def test_place_word(name, word):
    assert place_word(name) == word


def test_phone_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "*****"
    assert without_phones("电话13912345678，办公室0571-7654321。") == "电话***，办公室***。"


def test_post_titles():
    assert post_title(CHAIR, "青山镇") == "青山镇人民代表大会主席"
    assert post_title(DEPUTY_HEAD, "石门乡") == "石门乡人民政府副乡长"
    assert post_title(PRESIDIUM_MEMBER, "青山镇") == "青山镇人民代表大会主席团成员"
    assert post_words(HEAD, "镇") == "镇长"
    assert post_words(VICE_CHAIR, "乡") == "乡人大副主席"
    assert post_words("", "镇") == "镇人大代表"


@pytest.mark.django_db
def test_township_name():
    TownshipProfile.objects.filter(pk=1).delete()
    assert township_name() == ""
    TownshipProfile.objects.create(pk=1, name="石门乡")
    assert township_name() == "石门乡"


ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "assembly",
    "congress",
    "deputies",
    "elections",
    "intake",
    "oversight",
    "proposals",
    "reports",
]
# What would be a second copy of a helper → the one file allowed to hold it.
HOMES = {
    r"def (chinese_number|parse_chinese_number|_chinese_number)\b": "congress/text.py",
    r"零一二三四五六七八九\"": "congress/text.py",
    r"0xFEE0|0xFF10|０１２": "congress/text.py",
    r"def (official_date|place_word|mask_phone|without_phones|post_title|post_words)\b": (
        "congress/text.py"
    ),
    r"\.year\}年\{[^}]*\.month\}月\{[^}]*\.day\}日": "congress/text.py",
    r"PHONE_PATTERN = ": "congress/text.py",
    r"人民政府副\{": "congress/text.py",
    r"_\(\"deputy %\(place\)s head\"\)": "congress/text.py",
    r"def township_name\b": "congress/selectors.py",
    r"\.name if (profile|township) else": "congress/selectors.py",
}


def app_sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("pattern, home", HOMES.items())
def test_no_second_definition(pattern, home):
    found = {name for name, source in app_sources() if re.search(pattern, source)}
    assert found == {home}
