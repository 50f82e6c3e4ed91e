"""The rules: tracking codes, mobile numbers and masking, spam, retention dates, overdue opinions."""

from datetime import UTC, datetime

import pytest

from congress.text import mask_phone
from intake import rules, services
from intake.models import Opinion, Status
from tests.intake.conftest import submit


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


def test_an_opinion_is_overdue_from_the_seventh_day_while_still_waiting(world, settings):
    """INTAKE_ANSWER_DAYS = 7, asked on 8 December at 9:00: what came in on 1 December at 9:00
    or before and is still new is late; a minute later, or answered, is not."""
    settings.INTAKE_ANSWER_DAYS = 7
    now = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 9:00 in Shanghai
    exactly = submit(world.code_a, now=datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    submit(world.code_a, now=datetime(2026, 12, 1, 1, 1, tzinfo=UTC))
    older = submit(world.code_b, now=datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
    answered = submit(world.code_b, now=datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    Opinion.objects.filter(pk=answered.pk).update(status=Status.ANSWERED, handled_at=now)
    late = Opinion.objects.filter(rules.overdue(now))
    assert set(late.values_list("pk", flat=True)) == {exactly.pk, older.pk}
    # The reminder reads the same rule: two owners (the deputies of code_a and code_b).
    assert services.reminders_send(now=now) == 2
