"""handling_stats at scale (issue 14): every figure counted in the database, in a number of
queries that does not grow with the items, and only the breakdowns a page asks for. The
figures themselves are worked out by hand in test_stats.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals import selectors
from proposals.models import State, Verdict
from tests.factories import UnitFactory
from tests.proposals.helpers import evaluated, replied, suggestion_in_state

pytestmark = pytest.mark.django_db


def year():
    today = timezone.localdate()
    return today.replace(month=1, day=1), today.replace(month=12, day=31)


def add_items(secretary, unit):
    """One item in each handling state, one of them replied twice and evaluated twice."""
    for state in (State.ASSIGNED, State.REPLIED, State.CLOSED, State.REHANDLING):
        suggestion_in_state(state, secretary=secretary, unit=unit)
    item = suggestion_in_state(State.REHANDLING, secretary=secretary, unit=UnitFactory())
    evaluated(replied(item, secretary, category="B"), Verdict.BASICALLY, actor=secretary)


def queries(**kwargs):
    with CaptureQueriesContext(connection) as captured:
        stats = selectors.handling_stats(*year(), **kwargs)
    return stats, len(captured)


def test_the_queries_do_not_grow_with_the_items(secretary):
    unit = UnitFactory()
    add_items(secretary, unit)
    _, few = queries()
    _, few_units = queries(breakdowns=("unit",))
    for _ in range(3):
        add_items(secretary, unit)
    stats, many = queries()
    assert stats.assigned == 20 and stats.replied == 16
    assert many == few
    assert queries(breakdowns=("unit",))[1] == few_units < few


def test_a_page_gets_the_same_figures_with_only_the_breakdowns_it_asks_for(secretary):
    add_items(secretary, UnitFactory())
    full = selectors.handling_stats(*year())
    units_only = selectors.handling_stats(*year(), breakdowns=("unit",))
    for field in (
        "received_motions",
        "received_suggestions",
        "between_sessions",
        "assigned",
        "replied",
        "closed",
        "by_category",
        "by_unit",
    ):
        assert getattr(units_only, field) == getattr(full, field), field
    assert {k: (r.numerator, r.denominator) for k, r in units_only.rates.items()} == {
        k: (r.numerator, r.denominator) for k, r in full.rates.items()
    }
    # Not asked for: not computed, and not shown as an empty breakdown either.
    assert units_only.by_topic is units_only.by_deputy is units_only.by_group is None
    assert full.by_topic and full.by_deputy and full.by_group
    assert selectors.handling_stats(*year(), breakdowns=()).by_unit is None
