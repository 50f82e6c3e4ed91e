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


# One unit's line on the item's page and in its inbox: where the assignment stands and its
# deadline label come from deadlines.assignment_status, so they never contradict each other.


def _lines(client, item):
    """The text of each unit's line in the item's assignments, by unit name."""
    import re

    page = _detail(client, item)
    section = page.split('class="plain assignments"', 1)[1].split("</ul>", 1)[0]
    lines = {}
    for entry in section.split("<li")[1:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", entry))
        name = text.split("主办单位" if "主办单位" in text else "协办单位")[0]
        lines[name.split(">", 1)[1].strip()] = text
    return lines


def _set_deadlines(item, *, lead_days, co_days):
    today = timezone.localdate()
    Proposal.objects.filter(pk=item.pk).update(deadline=today + timedelta(days=lead_days))
    item.assignments.filter(role="lead").update(deadline=today + timedelta(days=lead_days))
    item.assignments.filter(role="co").update(deadline=today + timedelta(days=co_days))


@pytest.mark.django_db
def test_a_lead_unit_that_replied_reads_replied_while_its_late_co_unit_reads_overdue(
    client, secretary, unit, officer
):
    """The lead unit replied without acknowledging, the deputy asked for a new reply: the lead
    unit answers again (the new deadline, not "not acknowledged"); the co-unit that never sent
    its opinion is late."""
    from proposals.models import Verdict

    co_unit = UnitFactory(name="镇农业农村办", officers=[UserFactory(role=Role.UNIT_OFFICER)])
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit])
    item = evaluated(replied(item, officer), verdict=Verdict.UNSATISFIED, actor=secretary)
    assert item.state == State.REHANDLING
    _set_deadlines(item, lead_days=20, co_days=-5)
    client.force_login(secretary)
    lines = _lines(client, item)
    lead, co = lines["镇交通办"], lines["镇农业农村办"]
    assert "尚未签收" not in lead and "即将到期" not in lead and "已逾期" not in lead
    assert "重新办理" in lead
    assert "尚未签收" in co and "已逾期 5 天" in co
    client.force_login(co_unit.officers.get())
    inbox = client.get(reverse("unit_inbox") + "?tab=todo").content.decode()
    assert "已逾期 5 天" in inbox


@pytest.mark.django_db
def test_after_the_reply_the_lead_unit_reads_replied_and_nothing_is_due(
    client, secretary, unit, officer
):
    co_unit = UnitFactory(name="镇农业农村办")
    item = replied(assigned(ProposalFactory(), secretary, unit, co_units=[co_unit]), officer)
    _set_deadlines(item, lead_days=3, co_days=-5)
    client.force_login(secretary)
    lines = _lines(client, item)
    assert "已答复" in lines["镇交通办"]
    for line in lines.values():
        assert "尚未签收" not in line and "即将到期" not in line and "已逾期" not in line
    client.force_login(officer)
    inbox = client.get(reverse("unit_inbox") + "?tab=done").content.decode()
    assert item.title in inbox and "即将到期" not in inbox and "尚未签收" not in inbox


@pytest.mark.django_db
def test_not_acknowledged_and_near_its_deadline(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    _set_deadlines(item, lead_days=3, co_days=3)
    client.force_login(secretary)
    line = _lines(client, item)["镇交通办"]
    assert "尚未签收" in line and "即将到期" in line
    assert f"办理期限 {_cn(item, 3)}" in line
    client.force_login(officer)
    inbox = client.get(reverse("unit_inbox")).content.decode()
    assert "尚未签收" in inbox and "即将到期" in inbox


@pytest.mark.django_db
def test_acknowledged_not_replied_and_overdue(client, secretary, unit, officer):
    from tests.proposals.helpers import acknowledged

    item = acknowledged(assigned(ProposalFactory(), secretary, unit), officer)
    _set_deadlines(item, lead_days=-2, co_days=-2)
    client.force_login(secretary)
    line = _lines(client, item)["镇交通办"]
    assert "签收时间" in line and "尚未签收" not in line and "已逾期 2 天" in line
    client.force_login(officer)
    inbox = client.get(reverse("unit_inbox") + "?tab=doing").content.decode()
    assert "已逾期 2 天" in inbox and "尚未签收" not in inbox


def _cn(item, days):
    day = timezone.localdate() + timedelta(days=days)
    return f"{day.year}年{day.month}月{day.day}日"
