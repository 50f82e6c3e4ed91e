"""The home page: the secretary's dashboard (figures from every app) and the welcome page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from congress.roles import Role
from intake import services as intake_services
from proposals.models import Proposal, State, Verdict
from proposals.selectors import DEFINITIONS, handling_stats
from reports.selectors import year_bounds
from tests.factories import (
    ActivityFactory,
    DeputyFactory,
    MeetingFactory,
    MemberFactory,
    ProposalFactory,
    SessionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from tests.intake.conftest import submit
from tests.proposals import helpers

pytestmark = pytest.mark.django_db

RATE_NAMES = {
    "closed": "办结率",
    "replied": "答复率",
    "on_time": "按期答复率",
    "satisfied": "满意率",
    "solved": "解决率",
}


def this_year_stats():
    return handling_stats(*year_bounds(timezone.localdate().year))


def figure(page, name):
    """The number shown in the dashboard's tile `name`."""
    marker = f'data-figure="{name}"><span class="figure">'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index("<", start)])


def rate_cell(page, key):
    """The text of the rate's value on the dashboard."""
    row = page[page.index(f'data-rate="{key}"') :]
    start = row.index('class="rate-value"')
    start = row.index(">", start) + 1
    return row[start : row.index("<", start)]


@pytest.fixture
def items(secretary):
    """Suggestions of this year in several states, one unit for all."""
    unit = UnitFactory(name="镇交通办")
    made = {
        state: helpers.suggestion_in_state(state, secretary=secretary, unit=unit)
        for state in (
            State.SUBMITTED,
            State.AWAITING_ASSIGNMENT,
            State.ASSIGNED,
            State.REPLIED,
            State.REHANDLING,
            State.CLOSED,
        )
    }
    made["motion"] = helpers.motion_in_state(State.UNDER_REVIEW, secretary=secretary)
    return made


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user", "election_user"])
def test_deputies_units_and_election_staff_get_their_tasks_not_the_figures(
    client, items, request, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "办结率" not in page and "data-figure" not in page
    assert "尚未召开或安排人民代表大会会议" not in page


def test_the_secretary_sees_the_handling_figures_of_the_selectors(client, secretary, items):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    stats = this_year_stats()
    assert stats.assigned == 4 and stats.replied == 3 and stats.closed == 1
    for name in (
        "received_motions",
        "received_suggestions",
        "between_sessions",
        "assigned",
        "replied",
        "closed",
    ):
        assert figure(page, name) == getattr(stats, name), name
    for key, rate in stats.rates.items():
        assert rate_cell(page, key) == str(rate), key
    assert rate_cell(page, "closed") == "25.0%"  # 1 closed of 4 assigned
    assert rate_cell(page, "replied") == "75.0%"  # replied, re-handled and closed
    assert rate_cell(page, "satisfied") == "50.0%"  # one satisfied, one unsatisfied
    assert rate_cell(page, "solved") == "100.0%"  # every reply of category A
    # by category (each item by its latest reply) and by lead unit
    for category, count in stats.by_category.items():
        row = page[page.index(f'data-category="{category}"') :]
        row = row[: row.index("</tr>")]
        assert f">{count}</td>" in row, category
    unit_row = page[page.index(">镇交通办</td>") :]
    unit_row = unit_row[: unit_row.index("</tr>")]
    assert stats.by_unit == [{"unit__name": "镇交通办", "n": 4, "closed": 1}]
    assert unit_row.count("</td>") == 3 and ">4</td>" in unit_row and ">1</td>" in unit_row


def test_each_rate_shows_its_definition_beside_it_and_as_a_title(client, secretary, items):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    for key, name in RATE_NAMES.items():
        with override("zh-hans"):
            definition = escape(str(DEFINITIONS[key]))
        row = page[page.index(f'data-rate="{key}"') :]
        row = row[: row.index("</tr>")]
        assert name in row, key
        assert f'title="{definition}"' in row, key
        assert f'<small class="help rate-definition">{definition}</small>' in row, key


def test_rates_without_a_denominator_show_a_dash(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    for key in RATE_NAMES:
        assert rate_cell(page, key) == "—", key
    assert figure(page, "assigned") == 0


def test_overdue_and_due_soon_items_are_listed_with_links(client, presidium_user, items):
    """For the presidium; the secretary finds the overdue ones in her 待办 (tests/reports/
    test_home.py)."""
    today = timezone.localdate()
    late, soon = items[State.ASSIGNED], items[State.REHANDLING]
    Proposal.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=3))
    Proposal.objects.filter(pk=soon.pk).update(deadline=today + timedelta(days=2))
    client.force_login(presidium_user)
    page = client.get(reverse("home")).content.decode()
    overdue = page[page.index('id="overdue"') : page.index('id="due-soon"')]
    due_soon = page[page.index('id="due-soon"') :]
    assert reverse("proposal_detail", args=[late.pk]) in overdue
    assert reverse("proposal_detail", args=[soon.pk]) not in overdue
    assert reverse("proposal_detail", args=[soon.pk]) in due_soon
    assert (today - timedelta(days=3)).strftime("%Y年%-m月%-d日") in overdue


def test_sessions_meetings_and_deputies_figures(client, secretary):
    today = timezone.localdate()
    term = TermFactory()
    SessionFactory(term=term, start_date=today, end_date=today)
    ActivityFactory(start_date=today)
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert "人代会" in page and "主席团会议" in page
    assert figure(page, "activities") == 1
    assert 'data-figure="deputies_in_office"' in page


def test_the_presidium_sees_the_dashboard(client, presidium_user, items):
    client.force_login(presidium_user)
    page = client.get(reverse("home")).content.decode()
    assert figure(page, "assigned") == this_year_stats().assigned


def test_the_figures_follow_an_evaluation(client, secretary, items):
    client.force_login(secretary)
    before = client.get(reverse("home")).content.decode()
    helpers.evaluated(items[State.REPLIED], Verdict.SATISFIED, actor=secretary)
    after = client.get(reverse("home")).content.decode()
    assert (rate_cell(before, "closed"), rate_cell(after, "closed")) == ("25.0%", "50.0%")
    assert (rate_cell(before, "satisfied"), rate_cell(after, "satisfied")) == ("50.0%", "66.7%")


def test_unchanged_figures_come_from_the_cache_and_every_step_counts_again(
    client, secretary, items
):
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    with CaptureQueriesContext(connection) as second:
        page = client.get(reverse("home")).content.decode()
    assert len(second) < len(first)  # the year's handling figures were not counted again
    assert figure(page, "assigned") == 4 and figure(page, "replied") == 3
    unit = helpers.lead_assignment(items[State.REPLIED]).unit
    helpers.assigned(items[State.AWAITING_ASSIGNMENT], secretary, unit)
    page = client.get(reverse("home")).content.decode()
    assert figure(page, "assigned") == 5
    helpers.replied(items[State.AWAITING_ASSIGNMENT])
    page = client.get(reverse("home")).content.decode()
    assert figure(page, "replied") == 4


def test_the_dashboard_costs_a_constant_number_of_queries(client, secretary):
    term = TermFactory()
    members = [MemberFactory(term=term) for _ in range(3)]
    unit = UnitFactory()
    today = timezone.localdate()
    client.force_login(secretary)

    def add_rows():
        SessionFactory(term=term, start_date=today, end_date=today)
        MeetingFactory(term=term, date=today).attendees.set(members)
        ActivityFactory(start_date=today)
        for state in (State.ASSIGNED, State.REPLIED, State.CLOSED, State.REHANDLING):
            item = helpers.suggestion_in_state(state, secretary=secretary, unit=UnitFactory())
            if state in (State.ASSIGNED, State.REHANDLING):
                Proposal.objects.filter(pk=item.pk).update(deadline=today - timedelta(days=1))
        helpers.suggestion_in_state(State.ASSIGNED, secretary=secretary, unit=unit)
        ProposalFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    add_rows()
    few = count()
    for _ in range(3):
        add_rows()
    assert count() == few


def test_replies_by_category_are_charted_as_in_the_summaries(client, secretary, items):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    chart = page[page.index('<figure class="dashboard-chart">') :]
    chart = chart[: chart.index("</figure>")]
    assert 'class="chart"' in chart and "答复类别" in chart
    # A: every categorised item (see the rates above); B-D drawn as empty bars.
    assert this_year_stats().by_category["A"] == 3
    assert "3件，占100.0%" in chart


def test_no_chart_while_nothing_is_categorised(client, secretary):
    client.force_login(secretary)
    assert 'class="chart"' not in client.get(reverse("home")).content.decode()


def _opinions(secretary):
    """This year's opinions through a deputy's code: one answered and rated satisfied, one
    taken up as a suggestion, one waiting, one marked as not genuine."""
    deputy_user = UserFactory(role=Role.DEPUTY)
    deputy = DeputyFactory(user=deputy_user)
    code = intake_services.code_ensure(actor=secretary, deputy=deputy)
    answered, taken_up, _waiting, spam = (submit(code) for _ in range(4))
    intake_services.opinion_answer(actor=deputy_user, opinion=answered, answer="已修复路灯。")
    intake_services.opinion_rate(opinion=answered, satisfied=True)
    intake_services.opinion_to_suggestion(
        actor=deputy_user, opinion=taken_up, title="关于修复河东村路灯的建议"
    )
    intake_services.opinion_mark_spam(actor=secretary, opinion=spam)


def opinion_rate_cell(page, key):
    row = page[page.index(f'data-opinion-rate="{key}"') :]
    start = row.index(">", row.index('class="rate-value"')) + 1
    return row[start : row.index("<", start)]


@pytest.mark.parametrize("role_fixture", ["secretary", "presidium_user"])
def test_the_voters_opinions_of_the_year_for_the_secretary_and_the_presidium(
    client, secretary, request, role_fixture
):
    _opinions(secretary)
    client.force_login(request.getfixturevalue(role_fixture))
    page = client.get(reverse("home")).content.decode()
    assert "群众意见建议" in page
    # Three genuine opinions; answered or taken up: two; one a suggestion; one rated.
    assert figure(page, "opinions_received") == 3
    assert figure(page, "opinions_answered") == 2
    assert figure(page, "opinions_suggestions") == 1
    assert figure(page, "opinions_rated") == 1
    assert opinion_rate_cell(page, "answered") == "66.7%"
    assert opinion_rate_cell(page, "satisfaction") == "100.0%"


def test_no_opinions_yet_shows_zeros_and_dashes(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert figure(page, "opinions_received") == 0
    assert opinion_rate_cell(page, "answered") == "—"
    assert opinion_rate_cell(page, "satisfaction") == "—"


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user", "election_user"])
def test_other_roles_do_not_see_the_opinions_block(client, secretary, request, role_fixture):
    _opinions(secretary)
    client.force_login(request.getfixturevalue(role_fixture))
    page = client.get(reverse("home")).content.decode()
    assert 'data-figure="opinions_received"' not in page
    assert "dashboard-opinions" not in page


def test_the_opinions_block_costs_the_same_queries_however_many(client, secretary):
    client.force_login(secretary)
    _opinions(secretary)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(2):
        _opinions(secretary)
    assert count() == few
    assert figure(client.get(reverse("home")).content.decode(), "opinions_received") == 9
