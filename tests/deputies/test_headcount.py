"""The roster, the dashboard and the public directory agree on the number of deputies, and the
roster says why its list is longer: one count (deputies.selectors.headcount) behind all three."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies.models import DeputyStatus
from deputies.selectors import headcount
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def township():
    """3 township deputies in office (one also a county deputy), 1 county deputy only, one who
    resigned and one who died."""
    DeputyFactory.create_batch(2)
    DeputyFactory(levels=["township", "county"])
    DeputyFactory(name="县代表甲", levels=["county"])
    DeputyFactory(name="辞职者", status=DeputyStatus.RESIGNED, status_date=date(2026, 3, 1))
    DeputyFactory(name="故去者", status=DeputyStatus.DECEASED, status_date=date(2026, 5, 1))


def test_headcount(township):
    count = headcount(timezone.localdate())
    assert (count.in_office, count.other_levels, count.ended, count.total) == (3, 1, 2, 6)


def test_before_a_deputy_left_they_were_in_office(township):
    count = headcount(date(2026, 4, 1))
    assert (count.in_office, count.other_levels, count.ended) == (4, 1, 1)


def test_the_three_pages_agree_and_the_roster_says_why_it_lists_more(client, secretary, township):
    client.force_login(secretary)
    roster = client.get(reverse("deputy_list")).content.decode()
    assert (
        "共6名：在任本镇人大代表3名，另有1名仅为县级以上人大代表，另有2名已终止代表资格" in roster
    )
    assert "辞职者" in roster
    home = client.get(reverse("home")).content.decode()
    figure = re.search(r'data-figure="deputies_in_office"><span class="figure">(\d+)<', home)
    assert figure and figure.group(1) == "3"
    client.logout()
    directory = client.get(reverse("public_directory")).content.decode()
    assert "在任本镇人大代表3名，另有1名仅为县级以上人大代表。" in directory
    assert "县代表甲" in directory and "辞职者" not in directory


def test_a_filtered_roster_counts_its_rows(client, secretary, township):
    client.force_login(secretary)
    page = client.get(reverse("deputy_list"), {"status": DeputyStatus.IN_OFFICE}).content
    assert "共 4 名代表" in page.decode()
