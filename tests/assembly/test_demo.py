"""The demo's session business: the first session's agenda, voted, the same after a second run."""

import pytest
from django.core.management import call_command

from assembly.models import AgendaItem, ItemKind, Vote
from proposals.models import State

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_leaves_one_voted_agenda(capsys):
    call_command("seed_demo")
    items = list(AgendaItem.objects.select_related("vote", "proposal").order_by("position"))
    call_command("seed_demo")
    assert AgendaItem.objects.count() == len(items)
    assert Vote.objects.count() == sum(1 for i in items if i.decided_by_vote)

    kinds = [i.kind for i in items]
    assert kinds.count(ItemKind.REPORT) == 2  # the government's and the presidium's
    assert {ItemKind.BUDGET, ItemKind.RESOLUTION, ItemKind.MOTION, ItemKind.ELECTION} <= set(kinds)
    assert len({i.session_id for i in items}) == 1
    for item in items:
        if item.decided_by_vote:
            vote = item.vote
            assert 3 * vote.present >= 2 * vote.total  # two thirds present
            # Adopted exactly when more than half of all deputies voted for.
            assert vote.adopted is (2 * vote.yes > vote.total)
            assert item.outcome == ("adopted" if vote.adopted else "not_adopted")
        if item.kind != ItemKind.MOTION:
            assert item.outcome in ("adopted", "")  # the reports and resolution pass
    # The first motion is adopted; a further one on the same agenda is voted down.
    first, *others = [i.proposal for i in items if i.kind == ItemKind.MOTION]
    assert first.state == State.ADOPTED
    assert all(m.state == State.NOT_ADOPTED for m in others)
