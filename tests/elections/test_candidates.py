"""Candidates: joint nominations by 10 or more voters, lists in surname-stroke order, the
ratio check before a formal list is published, and who may open the pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections import selectors, services
from elections.models import Candidate, Election
from tests.factories import CandidateFactory, DistrictFactory

pytestmark = pytest.mark.django_db


def candidate_data(**changes):
    data = {
        "name": "王建国",
        "gender": "M",
        "birth_date": "1975-03-08",
        "workplace": "河东村党支部书记",
        "source": "voters",
        "nominator": "",
        "nominating_voters": "10",
        "stage": "initial",
    }
    return data | changes


# Nomination by voters


def test_nine_voters_cannot_nominate_ten_can(client, election_user):
    district = DistrictFactory()
    client.force_login(election_user)
    url = reverse("candidate_create", args=[district.pk])
    response = client.post(url, candidate_data(nominating_voters="9"))
    assert response.status_code == 200
    assert "选民联名推荐候选人须十人以上" in response.content.decode()
    assert not Candidate.objects.exists()
    response = client.post(url, candidate_data(nominating_voters="10"))
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.nominating_voters == 10
    assert candidate.stroke_key  # set by the service for the official order


def test_the_service_refuses_nine_voters_too(election_user):
    district = DistrictFactory()
    candidate = Candidate(
        district=district, name="王一", gender="M", source="voters", nominating_voters=9
    )
    with pytest.raises(ValidationError) as error:
        services.candidate_save(actor=election_user, candidate=candidate)
    assert "选民联名推荐候选人须十人以上" in str(error.value)


def test_a_party_nomination_needs_no_voter_count(client, election_user):
    district = DistrictFactory()
    client.force_login(election_user)
    response = client.post(
        reverse("candidate_create", args=[district.pk]),
        candidate_data(source="party", nominator="中国共产党某镇委员会", nominating_voters=""),
    )
    assert response.status_code == 302
    assert Candidate.objects.get().nominating_voters is None


# Surname-stroke order


def add(district, *names, stage="initial", user=None):
    for name in names:
        services.candidate_save(
            actor=user,
            candidate=Candidate(
                district=district,
                name=name,
                gender="M",
                source="party",
                nominator="党委",
                stage=stage,
            ),
        )


def test_lists_follow_the_strokes_of_the_surname(election_user):
    district = DistrictFactory()
    # 丁 2 strokes, 王 4, 李 7, 欧 8 (欧阳); 王 twice: 小 (3) before 丽 (7).
    add(district, "欧阳明", "李四", "王丽", "丁一", "王小", user=election_user)
    lists = selectors.candidate_lists(district)
    assert [c.name for c in lists.initial] == ["丁一", "王小", "王丽", "李四", "欧阳明"]


def test_the_candidate_page_shows_both_lists_in_stroke_order(client, secretary, election_user):
    district = DistrictFactory(seats=1)
    add(district, "李四", "丁一", user=election_user)
    add(district, "王五", "欧阳明", stage="formal", user=election_user)
    client.force_login(secretary)
    html = client.get(reverse("candidate_list", args=[district.pk])).content.decode()
    formal, initial = html.split("正式代表候选人", 1)[1].split("初步代表候选人", 1)
    assert formal.index("王五") < formal.index("欧阳明") and "丁一" not in formal
    assert initial.index("丁一") < initial.index("王五") < initial.index("李四")
    assert initial.index("李四") < initial.index("欧阳明")


# Publishing the formal list


@pytest.mark.parametrize(
    "seats, allowed, refused",
    [(1, [2], [1, 3]), (2, [3, 4], [2, 5]), (3, [4, 5, 6], [3, 7])],
)
def test_the_formal_list_is_published_only_with_the_lawful_number(
    client, election_user, seats, allowed, refused
):
    client.force_login(election_user)
    for count in refused + allowed:
        district = DistrictFactory(seats=seats)
        CandidateFactory.create_batch(count, district=district, stage="formal")
        CandidateFactory(district=district, stage="initial")  # not counted
        response = client.post(
            reverse("candidates_publish", args=[district.pk]), {"stage": "formal"}, follow=True
        )
        election = Election.objects.get(pk=district.election_id)
        if count in allowed:
            assert election.formal_candidates_published_on == date.today(), (seats, count)
            assert "已公布" in response.content.decode()
        else:
            assert election.formal_candidates_published_on is None, (seats, count)
            html = response.content.decode()
            low, high = (2, 2) if seats == 1 else (3, 4) if seats == 2 else (4, 6)
            needed = f"{low}名" if low == high else f"{low}至{high}名"
            assert needed in html, (seats, count)
            assert f"现有{count}名" in html


def test_publishing_the_initial_list_marks_its_date(election_user):
    district = DistrictFactory()
    CandidateFactory(district=district)
    election = services.candidates_publish_initial(
        actor=election_user, district=district, today=date(2026, 10, 30)
    )
    assert election.initial_candidates_published_on == date(2026, 10, 30)


# Permissions


@pytest.fixture
def records(db):
    candidate = CandidateFactory()
    return {"district": candidate.district, "candidate": candidate}


def page_urls(records):
    district, candidate = records["district"], records["candidate"]
    return [
        (reverse("candidate_list", args=[district.pk]), True),
        (reverse("candidate_create", args=[district.pk]), False),
        (reverse("candidate_edit", args=[candidate.pk]), False),
        (reverse("candidates_publish", args=[district.pk]), False),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, records):
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


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
    response = client.post(
        reverse("candidates_publish", args=[records["district"].pk]), {"stage": "initial"}
    )
    assert response.status_code == 403
    assert Election.objects.get().initial_candidates_published_on is None


def test_election_staff_open_every_page(client, records, election_user):
    client.force_login(election_user)
    for url, _ in page_urls(records):
        assert client.get(url).status_code == 200, url


def test_the_candidate_list_costs_a_constant_number_of_queries(client, election_user):
    client.force_login(election_user)
    district = DistrictFactory(seats=3)
    CandidateFactory(district=district)
    url = reverse("candidate_list", args=[district.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    CandidateFactory.create_batch(5, district=district, stage="formal")
    CandidateFactory.create_batch(5, district=district, source="voters", nominating_voters=12)
    assert count() == before
