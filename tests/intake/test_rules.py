"""The pure rules: tracking codes, mobile numbers and masking, spam, retention dates."""

from datetime import UTC, datetime

import pytest

from congress.text import mask_phone
from intake import rules


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("K7QF-3M9X", "K7QF3M9X"),
        (" k7qf 3m9x ", "K7QF3M9X"),
        ("K7QF3M9", ""),  # seven characters
        ("K7QF3M9XA", ""),  # nine
        ("K7QF3M0X", ""),  # 0 is not in the alphabet (confused with O)
        ("K7QF3MIX", ""),  # nor I (confused with 1)
        ("", ""),
    ],
)
def test_tracking_codes_are_read_as_typed(typed, stored):
    assert rules.tracking_normalise(typed) == stored


def test_new_tracking_codes_use_unambiguous_characters_only():
    for _ in range(200):
        code = rules.new_tracking_code()
        assert len(code) == 8 and not set(code) & set("01ILO")
        assert rules.tracking_normalise(code) == code


@pytest.mark.parametrize(
    "typed, number",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits
        ("19912345678", "19912345678"),
        ("12812345678", None),  # no mainland mobile starts with 12
        ("1381234567", None),  # ten digits
        ("138123456789", None),  # twelve
        ("0571-1234567", None),  # a landline
        ("abc", None),
    ],
)
def test_mainland_mobile_numbers(typed, number):
    assert rules.mobile_normalise(typed) == number


def test_phone_masking_keeps_three_and_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"


@pytest.mark.parametrize(
    "text, spam",
    [
        ("河东村的路灯坏了，希望尽快修好。", False),
        ("优惠多多，请访问 www.example.com", True),
        ("详情见 http://spam.test/ 路灯", True),
        ("好好好好好好好好好好", True),  # ten times the same character
        ("好好好好好好好好好", False),  # nine
        ("hello there, nice page", True),  # no Chinese at all
    ],
)
def test_what_looks_like_spam(text, spam):
    assert rules.looks_like_spam(text) is spam


def test_retention_cutoff_counts_whole_years():
    now = datetime(2028, 6, 30, 8, 0, tzinfo=UTC)
    assert rules.retention_cutoff(now, 3) == datetime(2025, 6, 30, 8, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, 8, 0, tzinfo=UTC)
    assert rules.retention_cutoff(leap, 3) == datetime(2025, 2, 28, 8, 0, tzinfo=UTC)


def test_the_map_lets_each_step_start_only_from_new():
    for action in ("answer", "contact", "petition", "suggestion", "spam"):
        assert rules.allowed(action, "new")
        for status in ("answered", "contact", "petition", "suggestion", "spam"):
            assert not rules.allowed(action, status)
