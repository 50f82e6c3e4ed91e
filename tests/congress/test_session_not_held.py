"""A vote form of a session not yet held is not offered (issue 27): the agenda's vote, the
congress election's count and the projects' vote are not linked, and opened directly say when
the session opens instead of showing a form that could only be refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.models import Session
from tests.assembly.helpers import held_session, item
from tests.elections.test_congress_pages import contest  # noqa: F401 (a fixture)
from tests.oversight.helpers import project_year

pytestmark = pytest.mark.django_db


def _postpone(session):
    """Move `session` to a month from today; returns the note its vote pages must show."""
    start = timezone.localdate() + timedelta(days=30)
    Session.objects.filter(pk=session.pk).update(start_date=start, end_date=start)
    return (
        f"本次会议尚未举行（{start.year}年{start.month}月{start.day}日开幕），"
        "会议举行后才能登记表决"
    )


def _refused_without_form(client, url, note):
    for response in (client.get(url), client.post(url, {"held_on": "2025-01-16"})):
        page = response.content.decode()
        assert response.status_code == 200 and note in page
        assert 'name="held_on"' not in page  # no form


def test_the_agenda_vote_of_a_session_not_yet_held(client, secretary):
    resolution = item(secretary, held_session())
    note = _postpone(resolution.session)
    client.force_login(secretary)
    for name in ("agenda_vote", "agenda_vote_names"):
        _refused_without_form(client, reverse(name, args=[resolution.pk]), note)
    item_page = client.get(reverse("agenda_item", args=[resolution.pk])).content.decode()
    assert note in item_page and reverse("agenda_vote", args=[resolution.pk]) not in item_page
    agenda = client.get(reverse("session_agenda", args=[resolution.session_id])).content.decode()
    assert reverse("agenda_vote", args=[resolution.pk]) not in agenda


def test_the_election_count_of_a_session_not_yet_held(client, secretary, contest):  # noqa: F811
    client.force_login(secretary)
    assert client.post(reverse("nominations_close", args=[contest.pk])).status_code == 302
    url = reverse("round_create", args=[contest.pk])
    assert url in client.get(contest.get_absolute_url()).content.decode()  # held: offered
    note = _postpone(contest.session)
    _refused_without_form(client, url, note)
    page = client.get(contest.get_absolute_url()).content.decode()
    assert note in page and url not in page


def test_the_projects_vote_of_a_session_not_yet_held(client, secretary):
    year, _projects = project_year(secretary)
    client.force_login(secretary)
    url = reverse("project_vote", args=[year.pk])
    assert url in client.get(year.get_absolute_url()).content.decode()  # held: offered
    note = _postpone(year.session)
    _refused_without_form(client, url, note)
    page = client.get(year.get_absolute_url()).content.decode()
    assert note in page and url not in page
