"""Numbers read from a query string (issue 25: `/contacts/?year=-1` and `?year=10000` were a
500): anything but a plausible year or record number is ignored, on every page that reads one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from congress.query import plausible_date, query_date, query_int, query_year
from tests.factories import ActivityFactory, DeputyFactory, PetitionFactory, VoterContactFactory

HOSTILE = ["-1", "0", "10000", "99999999999999999999", "1e9", "2026-02-30", "", "年"]


def test_a_year_outside_1949_to_2100_or_not_a_number_is_none():
    assert query_year(QueryDict("year=2025")) == 2025
    assert query_year(QueryDict("year=1949")) == 1949
    assert query_year(QueryDict("year=2100")) == 2100
    for value in [*HOSTILE, "1948", "2101", "9999"]:
        assert query_year(QueryDict(f"year={value}")) is None, value
    assert query_year(QueryDict("")) is None
    assert query_year(QueryDict("year=2024&year=2025")) == 2025  # the last, as .get() reads
    assert query_year(QueryDict("y=2030"), "y", high=2026) is None


def test_a_record_number_is_positive_and_within_the_database_s_integers():
    assert query_int(QueryDict("deputy=12"), "deputy") == 12
    assert query_int(QueryDict(f"deputy={2**63 - 1}"), "deputy") == 2**63 - 1
    for value in [*HOSTILE[:2], str(2**63), "99999999999999999999", "1e9", "", "十二"]:
        assert query_int(QueryDict(f"deputy={value}"), "deputy") is None, value


def test_a_date_is_a_day_of_the_calendar_within_the_portal_s_years():
    assert query_date(QueryDict("d=2026-02-28"), "d") == date(2026, 2, 28)
    assert query_date(QueryDict("d=2100-12-31"), "d") == date(2100, 12, 31)
    for value in [*HOSTILE, "0000-01-01", "9999-12-31", "10000-01-01", "1948-12-31"]:
        assert query_date(QueryDict(f"d={value}"), "d") is None, value
    plausible_date(date(1949, 1, 1))
    for day in (date(1948, 12, 31), date(2101, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            plausible_date(day)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_the_contact_list_ignores_a_year_it_cannot_mean(client, secretary, value):
    contact = VoterContactFactory(issues_raised="村道路灯损坏")
    client.force_login(secretary)
    response = client.get(reverse("contact_list"), {"year": value})
    assert response.status_code == 200
    assert contact.issues_raised in response.content.decode()  # unfiltered
    assert client.get(reverse("contact_list"), {"deputy": value}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_a_deputy_s_record_shows_this_year_for_a_year_it_cannot_mean(client, deputy_user, value):
    DeputyFactory(user=deputy_user)
    client.force_login(deputy_user)
    assert client.get(reverse("my_record"), {"year": value}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "factory"), [("activity_list", ActivityFactory), ("petition_list", PetitionFactory)]
)
@pytest.mark.parametrize("page", ["0", "-1", "2", "99999999999999999999", "1e9", "last", "x"])
def test_the_paged_lists_show_a_page_for_any_page_number(client, secretary, name, factory, page):
    """ListView answered 404 past the last page; the function views' pages clamp."""
    factory()
    client.force_login(secretary)
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
