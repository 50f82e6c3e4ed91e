"""Deadline labels: overdue (已逾期 N 天), due within 14 days (即将到期) and on time are three
different labels from one rule, shown alike on the board, the item's page and the inbox; an item
no longer handled (and a finished assignment) shows no deadline warning."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congress.roles import Role
from proposals.deadlines import deadline_label
from proposals.models import Proposal, State
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals.helpers import assigned, evaluated, replied

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("offset", "status", "text"),
    [
        (-40, "overdue", "已逾期 40 天"),
        (-1, "overdue", "已逾期 1 天"),
        (0, "due_soon", "即将到期"),
        (1, "due_soon", "即将到期"),
        (14, "due_soon", "即将到期"),
        (15, "on_time", "正常"),
        (90, "on_time", "正常"),
    ],
)
@pytest.mark.parametrize("state", [State.ASSIGNED, State.REHANDLING])
def test_labels_around_the_boundaries(offset, status, text, state):
    with translation.override("zh-hans"):
        label = deadline_label(state, TODAY + timedelta(days=offset), TODAY)
    assert (label.status, label.text) == (status, text)
    assert label.warning == (status != "on_time")


@pytest.mark.parametrize(
    "state",
    [State.CLOSED, State.REPLIED, State.AWAITING_ASSIGNMENT, State.WITHDRAWN, State.DRAFT],
)
def test_no_label_when_the_item_is_not_being_handled(state):
    assert deadline_label(state, TODAY - timedelta(days=40), TODAY) is None


def test_no_label_without_a_deadline():
    assert deadline_label(State.ASSIGNED, None, TODAY) is None


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(name="镇交通办", officers=[officer])


def _with_deadline(item, days):
    day = timezone.localdate() + timedelta(days=days)
    Proposal.objects.filter(pk=item.pk).update(deadline=day)
    item.assignments.update(deadline=day)
    return item


def _detail(client, item):
    return client.get(reverse("proposal_detail", args=[item.pk])).content.decode()


@pytest.mark.django_db
def test_long_overdue_item_reads_overdue_on_the_board_the_page_and_the_inbox(
    client, secretary, unit, officer
):
    item = _with_deadline(assigned(ProposalFactory(title="路灯维修"), secretary, unit), -40)
    client.force_login(secretary)
    board = client.get(reverse("proposal_board")).content.decode()
    assert board.count("已逾期 40 天") == 2  # the overdue panel and the list
    assert "即将到期" not in board
    page = _detail(client, item)
    assert "已逾期 40 天" in page and "即将到期" not in page
    client.force_login(officer)
    inbox = client.get(reverse("unit_inbox")).content.decode()
    assert "已逾期 40 天" in inbox and "即将到期" not in inbox


@pytest.mark.django_db
def test_a_deadline_three_months_away_shows_no_warning(client, secretary, unit):
    item = _with_deadline(assigned(ProposalFactory(), secretary, unit), 90)
    client.force_login(secretary)
    page = _detail(client, item)
    assert "即将到期" not in page and "已逾期" not in page
    board = client.get(reverse("proposal_board")).content.decode()
    listed = board.split('class="list proposals"', 1)[1]  # below the panels' headings
    assert item.title in listed
    assert "即将到期" not in listed and "已逾期" not in listed


@pytest.mark.django_db
def test_a_closed_item_shows_no_deadline_warning_for_its_units(client, secretary, unit, officer):
    co_unit = UnitFactory(name="镇农业农村办")
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit])
    item = evaluated(replied(item, officer))
    assert item.state == State.CLOSED
    _with_deadline(item, -40)
    client.force_login(secretary)
    page = _detail(client, item)
    assert "镇农业农村办" in page
    assert "尚未签收" not in page and "即将到期" not in page and "已逾期" not in page


@pytest.mark.django_db
def test_a_co_unit_that_sent_its_opinion_is_not_warned(client, secretary, unit):
    from tests.proposals.helpers import co_opinion

    co_unit = UnitFactory(name="镇农业农村办")
    item = _with_deadline(assigned(ProposalFactory(), secretary, unit, co_units=[co_unit]), -3)
    co_opinion(item, co_unit)
    client.force_login(secretary)
    page = _detail(client, item)
    # The lead unit is still late; the co-unit has done its part.
    assert page.count("已逾期 3 天") == 2  # the item's deadline and the lead unit's line
