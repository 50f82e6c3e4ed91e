"""The board's deadline panels, state counts and unfiltered rows are kept in the cache until a
step or a new row changes the handling (proposals.selectors.kept_until_changed), and its filter
selects read (pk, name) pairs: what the board shows must not lag behind a step, and the filters
must still filter."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, State
from tests.factories import DeputyFactory, UnitFactory
from tests.proposals import helpers

pytestmark = pytest.mark.django_db


def _overdue_panel(page):
    return page.split("<h2>已逾期 ", 1)[1].split("</div>", 1)[0]


def _board(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("proposal_board")).content.decode()
    return page, len(queries)


def test_the_overdue_panel_is_kept_until_a_step_and_then_read_again(client, secretary):
    client.force_login(secretary)
    today = timezone.localdate()
    unit = UnitFactory(name="镇水务站")
    late = helpers.suggestion_in_state(
        State.ASSIGNED, secretary=secretary, unit=unit, title="关于疏通排水沟的建议"
    )
    Proposal.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=2))

    first, first_queries = _board(client)
    panel = _overdue_panel(first)
    assert "关于疏通排水沟的建议" in panel and "镇水务站 ·" in panel
    again, again_queries = _board(client)
    assert again_queries < first_queries  # the panels came from the cache
    assert _overdue_panel(again) == panel

    helpers.replied(late, secretary)  # a step: the item is no longer overdue
    after, _queries = _board(client)
    assert "关于疏通排水沟的建议" not in _overdue_panel(after)


def test_the_deputy_and_unit_filters_filter_and_stay_selected(client, secretary):
    client.force_login(secretary)
    deputy, unit = DeputyFactory(name="赵六"), UnitFactory(name="镇卫生院")
    mine = helpers.suggestion_in_state(
        State.ASSIGNED, secretary=secretary, unit=unit, lead_deputy=deputy, title="关于义诊的建议"
    )
    helpers.suggestion_in_state(State.ASSIGNED, secretary=secretary, title="关于修桥的建议")
    for query in ({"deputy": deputy.pk}, {"unit": unit.pk}):
        page = client.get(reverse("proposal_board"), query).content.decode()
        table = page.split('class="list proposals"', 1)[1]
        assert mine.title in table and "关于修桥的建议" not in table
    page = client.get(reverse("proposal_board"), {"deputy": deputy.pk}).content.decode()
    assert f'<option value="{deputy.pk}" selected>赵六</option>' in page
    # A deputy number no select offers (one beyond the database's integers too) filters nothing.
    for bad in ("999999", "99999999999999999999999"):
        response = client.get(reverse("proposal_board"), {"deputy": bad})
        assert response.status_code == 200
        assert "关于修桥的建议" in response.content.decode()


def _state_count(page, state):
    return int(page.split(f"state={state}", 1)[1].split("<strong>", 1)[1].split("</strong>", 1)[0])


def test_the_state_counts_are_kept_until_a_step_and_filtered_counts_are_not(client, secretary):
    client.force_login(secretary)
    unit = UnitFactory(name="镇水务站")
    item = helpers.suggestion_in_state(State.ASSIGNED, secretary=secretary, unit=unit)
    first, _queries = _board(client)
    assert (_state_count(first, State.ASSIGNED), _state_count(first, State.REPLIED)) == (1, 0)

    helpers.replied(item, secretary)  # a step: the counts move at once
    after, _queries = _board(client)
    assert (_state_count(after, State.ASSIGNED), _state_count(after, State.REPLIED)) == (0, 1)

    # A change no step records (the back office) shows at once on a filtered board.
    Proposal.objects.filter(pk=item.pk).update(state=State.CLOSED)
    filtered = client.get(reverse("proposal_board"), {"unit": unit.pk}).content.decode()
    assert _state_count(filtered, State.CLOSED) == 1


def _table(page):
    return page.split('class="list proposals"', 1)[1].split("</table>", 1)[0]


def test_the_rows_are_kept_until_a_step_and_a_filtered_board_reads_them(client, secretary):
    client.force_login(secretary)
    unit = UnitFactory(name="镇水务站")
    item = helpers.suggestion_in_state(
        State.ASSIGNED, secretary=secretary, unit=unit, title="关于疏通排水沟的建议"
    )
    first, _queries = _board(client)
    assert f"state-{State.ASSIGNED}" in _table(first)
    again, _queries = _board(client)
    assert _table(again) == _table(first)

    helpers.replied(item, secretary)  # a step: the row moves at once
    after, _queries = _board(client)
    assert f"state-{State.REPLIED}" in _table(after)

    # A change no step records (the back office) shows at once on a filtered board.
    Proposal.objects.filter(pk=item.pk).update(title="关于清理河道的建议")
    filtered = client.get(reverse("proposal_board"), {"unit": unit.pk}).content.decode()
    assert "关于清理河道的建议" in _table(filtered)
