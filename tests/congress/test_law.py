"""The congress's law in its one home (congress.law): each rule on cases worked out by hand, and
no second definition of it anywhere in the apps."""

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress.law import (
    Rate,
    check_quorum,
    check_vote_moment,
    one_place,
    percent,
    quorum_required,
    votes_needed,
)

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


@pytest.mark.parametrize(
    "total,quorum,majority",
    [(52, 35, 27), (50, 34, 26), (45, 30, 23), (53, 36, 27), (3, 2, 2), (1, 1, 1)],
)
def test_quorum_and_majority_of_all_deputies(total, quorum, majority):
    assert quorum_required(total) == quorum
    assert votes_needed(total) == majority


def test_check_quorum_refuses_one_short_of_two_thirds():
    check_quorum(35, 52)
    with pytest.raises(ValidationError, match="34"):
        check_quorum(34, 52)


SESSION = SimpleNamespace(start_date=date(2026, 3, 1), end_date=date(2026, 3, 2))
NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


@pytest.mark.parametrize(
    "held_on,held_time,field",
    [
        (date(2026, 3, 1), time(9, 0), None),
        (date(2026, 3, 2), time(10, 0), None),  # now itself is not to come
        (None, time(9, 0), "held_on"),
        (date(2026, 3, 1), None, "held_on"),
        (date(2026, 2, 28), time(9, 0), "held_on"),  # the day before the session
        (date(2026, 3, 3), time(9, 0), "held_on"),  # the day after
        (date(2026, 3, 2), time(10, 1), "held_time"),  # a minute to come
    ],
)
def test_a_vote_is_taken_during_the_session_and_not_later_than_now(held_on, held_time, field):
    if field is None:
        check_vote_moment(SESSION, held_on, held_time, now=NOW)
        return
    with pytest.raises(ValidationError) as refused:
        check_vote_moment(SESSION, held_on, held_time, now=NOW)
    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize(
    "numerator,denominator,expected",
    [(23, 27, "85.2"), (42, 46, "91.3"), (1, 8, "12.5"), (1, 3, "33.3"), (2, 3, "66.7")],
)
def test_rates_to_one_decimal_half_up(numerator, denominator, expected):
    assert percent(numerator, denominator) == Decimal(expected)
    assert str(Rate(numerator, denominator, "")) == f"{expected}%"


def test_half_up_not_to_even_and_nothing_over_zero():
    assert one_place(Decimal("0.25")) == Decimal("0.3")  # round() would give 0.2
    assert percent(1, 0) is None
    assert str(Rate(0, 0, "")) == "—"


# Each rule's definition, as it would be written a second time.
DEFINITIONS = [
    r"QUORUM_(NUMERATOR|DENOMINATOR)\b.*=",
    r"^def quorum_required\b",
    r"^def votes_needed\b",
    r"^def check_vote_moment\b",
    r"^def percent\b",
    r"^class Rate\b",
    r"//\s*2\s*\+\s*1",
    r"ROUND_HALF_UP",
]
# Two thirds computed by hand rather than with quorum_required.
BY_HAND = [r"\*\s*2\s*//\s*3"]


def test_each_rule_is_defined_only_in_congress_law():
    law = ROOT / "congress" / "law.py"
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path == law or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [
                    f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                    for pattern in DEFINITIONS + BY_HAND
                    if re.search(pattern, line)
                ]
    assert found == []
    # The patterns do find the definitions in their home.
    text = law.read_text(encoding="utf-8")
    assert all(re.search(pattern, text, re.MULTILINE) for pattern in DEFINITIONS)
