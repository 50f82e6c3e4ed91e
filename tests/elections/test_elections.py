"""Elections and districts: the statutory timeline, the seat quota calculator, district
balance, and who may open the pages."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elections import selectors
from elections.models import District, Election
from tests.factories import CandidateFactory, DistrictFactory, ElectionFactory, VoterFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 15)


# Timeline


def steps(election, today):
    return {s.key: s for s in selectors.election_timeline(election, today)}


def test_timeline_dates_count_back_from_election_day(settings):
    settings.ELECTION_FORMAL_LIST_DAYS = 7
    timeline = steps(ElectionFactory(election_day=DAY), DAY - timedelta(days=40))
    assert timeline["roll_published"].latest == date(2026, 10, 26)  # D-20
    assert timeline["initial_candidates"].latest == date(2026, 10, 31)  # D-15
    assert timeline["formal_candidates"].latest == date(2026, 11, 8)  # D-7
    assert timeline["election_day"].latest == DAY
    assert {s.status for s in timeline.values()} == {"upcoming"}


def test_formal_list_days_follow_the_setting_older_rules_said_five(settings):
    settings.ELECTION_FORMAL_LIST_DAYS = 5
    timeline = steps(ElectionFactory(election_day=DAY), DAY)
    assert timeline["formal_candidates"].latest == date(2026, 11, 10)  # D-5


def test_a_step_not_done_after_its_date_is_late_and_on_its_date_is_due(settings):
    settings.ELECTION_FORMAL_LIST_DAYS = 7
    election = ElectionFactory(election_day=DAY)
    on_the_day = steps(election, date(2026, 10, 26))
    assert on_the_day["roll_published"].status == "due"
    day_after = steps(election, date(2026, 10, 27))
    assert day_after["roll_published"].status == "late"
    assert day_after["initial_candidates"].status == "due"


def test_a_step_done_after_its_date_counts_as_done_late():
    election = ElectionFactory(
        election_day=DAY,
        roll_published_on=date(2026, 10, 26),
        initial_candidates_published_on=date(2026, 11, 1),
    )
    timeline = steps(election, date(2026, 11, 2))
    assert timeline["roll_published"].status == "done"
    assert not timeline["roll_published"].is_late
    assert timeline["initial_candidates"].status == "done"
    assert timeline["initial_candidates"].is_late


def test_the_detail_page_highlights_late_steps(client, election_user):
    election = ElectionFactory(election_day=date.today() + timedelta(days=10))
    client.force_login(election_user)
    html = client.get(reverse("election_detail", args=[election.pk])).content.decode()
    assert html.count('class="badge error"') >= 1  # the roll (D-20) is already late
    assert "step-late" in html


# The seat quota calculator


def quota(client, population, manual=""):
    response = client.post(
        reverse("election_create"),
        {"_quota": "1", "population": population, "seats_override": manual},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "population, seats",
    [(1499, 45), (1500, 46), (2999, 46), (3000, 47), (172_500, 160), (200_000, 160)],
)
def test_the_quota_calculator_at_its_boundaries(client, election_user, population, seats):
    client.force_login(election_user)
    response = quota(client, population)
    assert response.context["quota"]["quota"] == seats
    assert f"代表名额：{seats}" in response.content.decode()


def test_the_calculator_says_when_seats_by_hand_are_refused(client, election_user):
    client.force_login(election_user)
    assert quota(client, 1999, "30").context["quota"]["quota"] == 30
    response = quota(client, 2000, "30")
    assert response.context["quota"]["quota"] == 46  # 45 + 2000 // 1500
    assert "只有人口不足二千人的乡镇才可人工确定代表名额" in response.content.decode()


def election_data(**changes):
    data = {
        "name": "第二十届镇人大代表选举",
        "kind": "general",
        "election_day": "2026-11-15",
        "population": "1999",
        "seats_override": "30",
        "term": "",
    }
    return data | changes


def test_seats_by_hand_are_accepted_under_2000_residents(client, election_user):
    client.force_login(election_user)
    response = client.post(reverse("election_create"), election_data())
    election = Election.objects.get()
    assert response.status_code == 302
    assert response.url == election.get_absolute_url()
    assert election.seat_quota == 30


def test_seats_by_hand_are_refused_at_2000_residents(client, election_user):
    client.force_login(election_user)
    response = client.post(reverse("election_create"), election_data(population="2000"))
    assert response.status_code == 200
    assert "只有人口不足二千人的乡镇才可人工确定代表名额" in response.content.decode()
    assert not Election.objects.exists()


def test_the_election_form_page_shows_the_calculator(client, election_user):
    election = ElectionFactory(population=30000)
    client.force_login(election_user)
    html = client.get(reverse("election_edit", args=[election.pk])).content.decode()
    assert 'hx-post="' in html and "代表名额：65" in html


# Districts


def overview(election):
    return {row.district.name: row for row in selectors.districts_overview(election)}


def test_a_deviation_just_above_30_percent_warns_and_just_below_does_not():
    # Per seat: 1000, 1000, 1000, x; mean m = (3000 + x) / 4; deviation (x - m) / m.
    # x = 1660: m = 1165, deviation 42.5%: warns; the three others (-14.2%) do not.
    election = ElectionFactory()
    for name in "甲乙丙":
        DistrictFactory(election=election, name=name, population=1000, seats=1)
    high = DistrictFactory(election=election, name="丁", population=1660, seats=1)
    rows = overview(election)
    assert rows["丁"].warning and rows["丁"].deviation > 0.3
    assert not rows["甲"].warning
    # x = 1570: m = 1142.5, deviation 37.4%; x = 1500: m = 1125, deviation 33.3%;
    # x = 1480: m = 1120, deviation 32.1%; x = 1470: m = 1117.5, 31.5%; x = 1450: m = 1112.5,
    # 30.34% (warns); x = 1440: m = 1110, 29.73% (no warning).
    high.population = 1450
    high.save()
    assert overview(election)["丁"].warning
    high.population = 1440
    high.save()
    assert not overview(election)["丁"].warning


def test_the_detail_page_compares_the_quota_with_the_districts_seats(client, secretary):
    election = ElectionFactory(population=30000)  # quota 65
    DistrictFactory(election=election, seats=3, population=3000)
    DistrictFactory(election=election, seats=1, population=3000)  # 3000 per seat vs 1000
    client.force_login(secretary)
    response = client.get(reverse("election_detail", args=[election.pk]))
    html = response.content.decode()
    assert response.context["seats_total"] == 4
    assert "61" in html and "名代表名额尚未分配到选区" in html
    assert "偏离平均数超过30%" in html


def test_district_seats_must_be_one_to_three(client, election_user):
    election = ElectionFactory()
    client.force_login(election_user)
    data = {
        "name": "第一选区",
        "code": "01",
        "population": "3000",
        "seats": "4",
        "mobile_boxes": "0",
    }
    response = client.post(reverse("district_create", args=[election.pk]), data)
    assert response.status_code == 200
    assert "4" in response.content.decode() and not District.objects.exists()
    response = client.post(reverse("district_create", args=[election.pk]), data | {"seats": "3"})
    assert response.status_code == 302
    assert District.objects.get().seats == 3


def test_district_codes_are_unique_within_an_election(client, election_user):
    district = DistrictFactory(code="01")
    client.force_login(election_user)
    data = {"name": "新选区", "code": "01", "population": "3000", "seats": "2", "mobile_boxes": "0"}
    response = client.post(reverse("district_create", args=[district.election_id]), data)
    assert response.status_code == 200
    assert District.objects.count() == 1


# Permissions


@pytest.fixture
def records(db):
    district = DistrictFactory()
    return {"election": district.election, "district": district}


def page_urls(records):
    """(url, whether it only reads) for every page of elections and districts."""
    election, district = records["election"], records["district"]
    return [
        (reverse("election_list"), True),
        (reverse("election_detail", args=[election.pk]), True),
        (reverse("election_create"), False),
        (reverse("election_edit", args=[election.pk]), False),
        (reverse("district_create", args=[election.pk]), False),
        (reverse("district_edit", args=[district.pk]), False),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, records):
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user"])
def test_deputies_and_units_are_refused(client, records, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()


@pytest.mark.parametrize("role_fixture", ["secretary", "presidium_user"])
def test_the_secretary_and_presidium_read_but_do_not_edit(client, records, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url, read_only in page_urls(records):
        assert client.get(url).status_code == (200 if read_only else 403), url
    response = client.post(reverse("election_create"), election_data())
    assert response.status_code == 403 and not Election.objects.filter(population=1999).exists()


def test_election_staff_open_every_page(client, records, election_user):
    client.force_login(election_user)
    for url, _ in page_urls(records):
        assert client.get(url).status_code == 200, url


# Queries


def test_list_and_detail_pages_cost_a_constant_number_of_queries(client, election_user):
    client.force_login(election_user)
    election = ElectionFactory()

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    detail = reverse("election_detail", args=[election.pk])
    first = DistrictFactory(election=election)
    VoterFactory(district=first)
    CandidateFactory(district=first)
    before = (count(reverse("election_list")), count(detail))
    for _ in range(4):
        district = DistrictFactory(election=election)
        VoterFactory.create_batch(3, district=district)
        CandidateFactory.create_batch(2, district=district, stage="formal")
    ElectionFactory()
    assert (count(reverse("election_list")), count(detail)) == before


def test_the_list_marks_a_confirmed_election_with_a_state(client, election_user):
    """The badge says what happened (结果已确认), not the field's name (选举结果确认时间)."""
    ElectionFactory(name="换届选举", results_confirmed_at=timezone.now())
    ElectionFactory(name="补选")
    client.force_login(election_user)
    page = client.get(reverse("election_list")).content.decode()
    assert page.count('<span class="badge ok">结果已确认</span>') == 1
    assert "选举结果确认时间" not in page
