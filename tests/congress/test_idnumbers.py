"""Resident ID numbers (congress.idnumbers): normalise, check, decode, mask. Expected values are
worked out by hand from GB 11643 (11010519491231002X is the standard's own example)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congress import idnumbers


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("11010519491231002X", "11010519491231002X"),  # check digit X
        (" 11010519491231002x ", "11010519491231002X"),  # trimmed, upper-case
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),  # full-width
        ("110105 19491231 002X", "11010519491231002X"),  # spaces inside
        ("410102199001010012", "410102199001010012"),  # a place code stdnum's list lacks
        ("", ""),
        (None, ""),
    ],
)
def test_good_numbers_are_normalised_and_pass_the_check(raw, normalised):
    assert idnumbers.normalise(raw) == normalised
    assert idnumbers.check(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("110105194912310021", "校验码不正确"),  # the X of the example replaced by 1
        ("11010519900230001X", "出生日期不存在"),  # 30 February
        ("110105491231002", "15位身份号码已停用"),
        ("1101051949123100", "应为18位"),
        ("11010519491231002A", "只能由数字和末位X组成"),
        ("4101*************X", "只能由数字和末位X组成"),  # a masked number is no number
    ],
)
def test_bad_numbers_are_refused_with_the_reason(raw, reason):
    with pytest.raises(ValidationError) as error:
        idnumbers.check(raw)
    assert reason in str(error.value)


@pytest.mark.parametrize(
    ("number", "decoded"),
    [
        # Digit 17 is 2: even, a woman.
        ("11010519491231002X", (date(1949, 12, 31), "F")),
        # Digit 17 is 1: odd, a man (born 1 January 1990).
        ("410102199001010012", (date(1990, 1, 1), "M")),
        ("11010519491231002x", (date(1949, 12, 31), "F")),
        ("110105194912310021", None),  # wrong check digit
        ("", None),
        ("4101*************X", None),
    ],
)
def test_decode_gives_birth_date_and_sex_of_valid_numbers_only(number, decoded):
    assert idnumbers.decode(number) == decoded


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "1101*************X"),
        ("12345678", "1234***8"),
        ("12345", "*****"),  # too short to show any of it
        ("", ""),
        (None, ""),
    ],
)
def test_mask_hides_the_middle(value, masked):
    """The birth date and the sequence stay hidden: with the birth date (on the roster) and the
    township's place code a reader knows, the sequence would give the number back."""
    assert idnumbers.mask(value) == masked


def test_a_masked_number_is_told_from_a_full_one():
    assert idnumbers.is_masked("1101*************X")
    assert idnumbers.is_masked(" 1101*************x ")
    assert not idnumbers.is_masked("11010519491231002X")
    assert not idnumbers.is_masked("")
    assert not idnumbers.is_masked("********")


def test_age_counts_the_birthday_itself():
    assert idnumbers.age_on(date(1989, 6, 30), date(2025, 6, 30)) == 36
    assert idnumbers.age_on(date(1989, 6, 30), date(2025, 6, 29)) == 35
    assert idnumbers.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert idnumbers.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
