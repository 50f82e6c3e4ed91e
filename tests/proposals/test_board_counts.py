"""The board at scale (issue 14): items reached through several rows (two of an officer's units,
several co-signers) are listed and counted once without DISTINCT, and the page counts come
from the state counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.roles import Role
from proposals import selectors
from proposals.models import Proposal, State
from tests.factories import DeputyFactory, UnitFactory, UserFactory
from tests.proposals.helpers import replied, suggestion_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(secretary):
    """An item led by one unit with a co-unit, both of one officer, replied by the lead unit,
    and signed by three deputies."""
    lead, co = UnitFactory(name="交通办"), UnitFactory(name="财政所")
    officer = UserFactory(role=Role.UNIT_OFFICER)
    lead.officers.add(officer)
    co.officers.add(officer)
    co_signers = [DeputyFactory(), DeputyFactory()]
    item = suggestion_in_state(
        State.ASSIGNED, secretary=secretary, unit=lead, co_units=[co], co_signers=co_signers
    )
    item = replied(item, officer)
    return {"item": item, "officer": officer, "lead": lead, "co_signers": co_signers}


def test_an_item_reached_through_several_rows_is_seen_once(shared):
    # Active lead and co assignments of the officer's two units, and the lead unit's reply.
    visible = selectors.proposals_visible_to(shared["officer"])
    assert list(visible) == [shared["item"]]
    assert visible.count() == 1


def test_board_filters_on_to_many_rows_list_and_count_an_item_once(client, secretary, shared):
    client.force_login(secretary)
    for params in (
        {"deputy": shared["co_signers"][1].pk},
        {"unit": shared["lead"].pk},
        {"deputy": shared["item"].lead_deputy_id, "unit": shared["lead"].pk},
    ):
        response = client.get(reverse("proposal_board"), params)
        assert [row.pk for row in response.context["rows"]] == [shared["item"].pk], params
        assert response.context["paginator"].count == 1
        counts = {state: n for state, _label, n in response.context["counts"]}
        assert counts[State.REPLIED] == 1 and sum(counts.values()) == 1


def test_the_pages_are_counted_from_the_state_counts(client, secretary):
    for _ in range(53):
        suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary)
    suggestion_in_state(State.SUBMITTED, secretary=secretary)
    suggestion_in_state(State.DRAFT, secretary=secretary)  # a deputy's draft: never listed
    client.force_login(secretary)
    url = reverse("proposal_board")
    first = client.get(url, {"state": State.AWAITING_ASSIGNMENT})
    assert first.context["paginator"].count == 53
    assert first.context["paginator"].num_pages == 2
    assert '<p class="count">共53件</p>' in first.content.decode()
    second = client.get(url, {"state": State.AWAITING_ASSIGNMENT, "page": 2})
    assert len(second.context["rows"]) == 3
    everything = client.get(url, {"page": 2})
    assert everything.context["paginator"].count == everything.context["total"] == 54
    assert len(everything.context["rows"]) == 4
    # A page past the last shows the last page, as before.
    assert len(client.get(url, {"page": 9}).context["rows"]) == 4


def test_the_board_asks_the_database_for_no_distinct_rows(client, secretary, shared):
    """DISTINCT made every count compare whole rows, the content text included."""
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("proposal_board"), {"deputy": shared["co_signers"][0].pk})
    board_queries = [q["sql"] for q in queries if Proposal._meta.db_table in q["sql"]]
    assert board_queries
    assert not [sql for sql in board_queries if "DISTINCT" in sql.upper()]
