"""The tally grid of a vote on livelihood projects (issue 27): the ballots prefilled, a refused
figure named by row and column, every typed figure kept."""

import pytest
from django.urls import reverse

from oversight.models import VoteRound
from tests.elections.test_congress_tally import _value
from tests.oversight.helpers import project_year

pytestmark = pytest.mark.django_db


def test_the_project_vote_grid_names_the_refused_cell(client, secretary):
    year, (road, water, home) = project_year(secretary)
    client.force_login(secretary)
    url = reverse("project_vote", args=[year.pk])
    page = client.get(url).content.decode()
    assert _value(page, "ballots_issued") == _value(page, "ballots_returned")
    data = {
        "held_on": "2025-01-17",
        "held_time": "11:30",
        "ballots_issued": "45",
        "ballots_returned": "45",
        "void_ballots": "0",
        f"votes_{road.pk}": "46",
        f"votes_{water.pk}": "20",
        f"votes_{home.pk}": "10",
    }
    page = client.post(url, data).content.decode()
    assert not VoteRound.objects.exists()
    assert f'<a href="#id_votes_{road.pk}">第1行 {road.title} · 赞成：' in page
    for name, value in data.items():
        assert _value(page, name) == value, name
