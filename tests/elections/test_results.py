"""Results: saving a district's count, its computed outcome, the second round, and the
confirmation that enters the elected in the deputies' roster in one step."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deputies.models import Deputy, Level, Seat
from elections import selectors, services
from elections.models import CandidateVotes, DistrictResult
from tests.factories import (
    CandidateFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    GroupFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def figures(**changes):
    base = {
        "registered": 1000,
        "voted": 900,
        "ballots_issued": 900,
        "ballots_returned": 900,
        "valid_ballots": 880,
        "void_ballots": 20,
    }
    return base | changes


@pytest.fixture
def election(db):
    return ElectionFactory(term=TermFactory(number=21))


def district_with(election, names, seats=1):
    district = DistrictFactory(election=election, seats=seats)
    candidates = [
        CandidateFactory(
            district=district, name=name, stage="formal", birth_date=date(1980, 1, i + 1)
        )
        for i, name in enumerate(names)
    ]
    return district, candidates


def save(user, district, candidates, numbers, round=1, **changes):
    return services.result_save(
        actor=user,
        district=district,
        round=round,
        figures=figures(**changes),
        votes=dict(zip(candidates, numbers, strict=True)),
    )


# result_save


def test_result_save_computes_the_outcome_and_keeps_the_count(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    outcome = save(election_user, district, [a, b], [600, 280])
    assert outcome.valid
    assert outcome.winners == [a]
    result = DistrictResult.objects.get(district=district, round=1)
    assert result.voted == 900
    assert {v.candidate: v.votes for v in result.votes.all()} == {a: 600, b: 280}
    # Saving again corrects the same row.
    outcome = save(election_user, district, [a, b], [300, 580])
    assert outcome.winners == [b]
    assert DistrictResult.objects.filter(district=district).count() == 1
    assert CandidateVotes.objects.filter(result=result).count() == 2


def test_result_save_refuses_more_votes_than_valid_ballots(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    with pytest.raises(ValidationError) as error:
        save(election_user, district, [a, b], [881, 0])
    assert "王芳的票数不能多于有效票数" in " ".join(error.value.messages)
    assert not DistrictResult.objects.exists()


def test_result_save_refuses_candidates_of_another_district_or_not_formal(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    other, (c,) = district_with(election, ["张伟"])
    initial = CandidateFactory(district=district, name="赵敏", stage="initial")
    with pytest.raises(ValidationError) as error:
        save(election_user, district, [a, b, c, initial], [400, 300, 10, 10])
    text = " ".join(error.value.messages)
    assert "张伟不是本选区的候选人" in text
    assert "赵敏不是正式候选人" in text
    assert not DistrictResult.objects.exists()


def test_result_save_needs_every_candidates_votes(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    with pytest.raises(ValidationError, match="请填写李强的得票数"):
        save(election_user, district, [a], [400])


def test_result_save_refuses_figures_that_do_not_add_up(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    with pytest.raises(ValidationError):
        save(election_user, district, [a, b], [400, 300], voted=1001)


def test_a_void_first_round_says_why(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    outcome = save(
        election_user,
        district,
        [a, b],
        [400, 90],
        voted=500,
        ballots_issued=500,
        ballots_returned=500,
        valid_ballots=490,
        void_ballots=10,
    )
    assert not outcome.valid
    assert outcome.reason == "turnout_not_over_half"


def test_second_round_takes_only_the_runoff_candidates(election, election_user):
    district, cands = district_with(election, ["王芳", "李强", "张伟", "刘洋", "陈静"], seats=2)
    a, b, c, d, e = cands
    outcome = save(election_user, district, cands, [500, 300, 200, 100, 50])
    assert outcome.winners == [a]
    assert outcome.seats_left == 1
    assert outcome.runoff_candidates == [b, c]
    assert selectors.second_round_candidates(district=district) == [b, c]
    with pytest.raises(ValidationError, match="刘洋不是另行选举的候选人"):
        save(election_user, district, [b, c, d], [300, 200, 100], round=2)
    # Exactly one third of the voters who voted wins.
    outcome = save(election_user, district, [b, c], [300, 290], round=2)
    assert outcome.winners == [b]
    assert selectors.result_outcome(district=district, round=2).winners == [b]
    # The first round is fixed once the second is entered.
    with pytest.raises(ValidationError, match="第一轮"):
        save(election_user, district, cands, [500, 300, 200, 100, 50])


def test_second_round_one_vote_short_of_a_third_leaves_the_seat(election, election_user):
    district, (a, b, c) = district_with(election, ["王芳", "李强", "张伟"])
    outcome = save(election_user, district, [a, b, c], [400, 300, 100])
    assert outcome.runoff_candidates == [a, b]
    outcome = save(election_user, district, [a, b], [299, 200], round=2)
    assert outcome.winners == []
    assert outcome.seats_left == 1


def test_no_second_round_where_none_is_needed(election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    save(election_user, district, [a, b], [600, 280])
    with pytest.raises(ValidationError, match="不需要另行选举"):
        save(election_user, district, [a, b], [600, 280], round=2)


# results_confirm


def test_confirm_enters_the_elected_as_deputies_with_seats_in_one_step(election, election_user):
    group = GroupFactory()
    existing = DeputyFactory(name="王芳", birth_date=date(1980, 1, 1), group=group)
    old_seats = Seat.objects.filter(deputy=existing).count()
    d1, (a, b) = district_with(election, ["王芳", "李强"])
    d2, (c, d, e) = district_with(election, ["张伟", "刘洋", "陈静"])
    save(election_user, d1, [a, b], [600, 280])
    save(election_user, d2, [c, d, e], [400, 300, 100])
    save(election_user, d2, [c, d], [500, 300], round=2)

    elected = services.results_confirm(election=election, actor=election_user)

    assert [x.name for x in elected] == ["王芳", "张伟"]
    # 王芳 was in the roster: the same record gets the new seat, her group stays.
    assert Deputy.objects.filter(name="王芳").count() == 1
    assert Seat.objects.filter(deputy=existing).count() == old_seats + 1
    assert Seat.objects.filter(deputy=existing, level=Level.TOWNSHIP, term_number=21).exists()
    assert existing.memberships.filter(end_date__isnull=True, group=group).exists()
    new = Deputy.objects.get(name="张伟")
    assert new.birth_date == date(1980, 1, 1)
    assert new.district == d2.name
    assert list(new.seats.values_list("level", "term_number")) == [(Level.TOWNSHIP, 21)]
    assert not Deputy.objects.filter(name__in=["李强", "刘洋", "陈静"]).exists()
    election.refresh_from_db()
    assert election.results_confirmed_at is not None
    assert not DistrictResult.objects.filter(confirmed=False).exists()
    with pytest.raises(ValidationError, match="已经确认"):
        services.results_confirm(election=election, actor=election_user)
    with pytest.raises(ValidationError, match="已经确认"):
        save(election_user, d1, [a, b], [600, 280])


def test_confirm_is_refused_while_a_district_is_unresolved(election, election_user):
    d1, (a, b) = district_with(election, ["王芳", "李强"])
    d2, (c, d, e) = district_with(election, ["张伟", "刘洋", "陈静"], seats=2)
    d3, (f, g) = district_with(election, ["赵敏", "孙丽"])
    save(election_user, d1, [a, b], [600, 280])
    save(election_user, d2, [c, d, e], [600, 500, 500])  # tie at the boundary
    save(election_user, d3, [f, g], [400, 300])  # seats left, no second round yet
    with pytest.raises(ValidationError) as error:
        services.results_confirm(election=election, actor=election_user)
    text = " ".join(error.value.messages)
    assert f"{d2.name}：得票相等" in text
    assert f"{d3.name}：尚有名额需另行选举" in text
    assert not Deputy.objects.exists()
    election.refresh_from_db()
    assert election.results_confirmed_at is None
    # The new vote among the tied decides it: the highest wins.
    assert set(selectors.second_round_candidates(district=d2)) == {d, e}
    outcome = save(election_user, d2, [d, e], [500, 400], round=2)
    assert outcome.winners == [d]
    save(election_user, d3, [f, g], [400, 300], round=2)
    assert {x.name for x in services.results_confirm(election=election, actor=election_user)} == {
        "王芳",
        "张伟",
        "刘洋",
        "赵敏",
    }


def test_confirm_is_refused_with_a_district_without_results(election, election_user):
    district_with(election, ["王芳", "李强"])
    with pytest.raises(ValidationError, match="尚未录入"):
        services.results_confirm(election=election, actor=election_user)


def test_confirm_needs_the_term(election_user):
    election = ElectionFactory(term=None)
    district, (a, b) = district_with(election, ["王芳", "李强"])
    save(election_user, district, [a, b], [600, 280])
    with pytest.raises(ValidationError, match="届次"):
        services.results_confirm(election=election, actor=election_user)
    term = TermFactory(number=22)
    services.results_confirm(election=election, actor=election_user, term=term)
    assert Seat.objects.filter(deputy__name="王芳", term_number=22).exists()


# Pages


@pytest.fixture
def counted(election, election_user):
    district, (a, b, c) = district_with(election, ["王芳", "李强", "张伟"])
    save(election_user, district, [a, b, c], [440, 300, 140])
    return district, (a, b, c)


def test_anonymous_users_are_sent_to_login(client, counted, election):
    district, _ = counted
    for url in (
        reverse("result_entry", args=[district.pk, 1]),
        reverse("results_confirm", args=[election.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user"])
def test_deputies_and_units_are_refused(client, counted, election, request, role_fixture):
    district, _ = counted
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("result_entry", args=[district.pk, 1])).status_code == 403
    assert client.get(reverse("results_confirm", args=[election.pk])).status_code == 403


@pytest.mark.parametrize("role_fixture", ["secretary", "presidium_user"])
def test_secretary_and_presidium_read_but_cannot_enter_or_confirm(
    client, counted, election, request, role_fixture
):
    district, _ = counted
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("result_entry", args=[district.pk, 1]))
    assert response.status_code == 200
    assert 'name="vote_' not in response.content.decode()
    assert "王芳" in response.content.decode()
    response = client.post(reverse("result_entry", args=[district.pk, 1]), {})
    assert response.status_code == 403
    assert client.get(reverse("results_confirm", args=[election.pk])).status_code == 200
    assert client.post(reverse("results_confirm", args=[election.pk])).status_code == 403
    election.refresh_from_db()
    assert election.results_confirmed_at is None


def post_data(candidates, numbers, **changes):
    data = figures(**changes)
    data |= {f"vote_{c.pk}": n for c, n in zip(candidates, numbers, strict=True)}
    return data


def test_entry_page_saves_and_shows_the_outcome_with_second_round(client, election, election_user):
    district, (a, b, c) = district_with(election, ["王芳", "李强", "张伟"])
    client.force_login(election_user)
    url = reverse("result_entry", args=[district.pk, 1])
    assert client.get(url).status_code == 200
    response = client.post(url, post_data([a, b, c], [440, 300, 140]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "有效" in html
    assert "尚余名额" in html
    assert "另行选举候选人" in html
    assert reverse("result_entry", args=[district.pk, 2]) in html
    # Round 2 offers the two runoff candidates only.
    response = client.get(reverse("result_entry", args=[district.pk, 2]))
    assert f'name="vote_{a.pk}"' in response.content.decode()
    assert f'name="vote_{b.pk}"' in response.content.decode()
    assert f'name="vote_{c.pk}"' not in response.content.decode()


def test_entry_page_shows_a_void_vote_with_its_reason_in_chinese(client, election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    client.force_login(election_user)
    url = reverse("result_entry", args=[district.pk, 1])
    data = post_data(
        [a, b],
        [400, 90],
        voted=500,
        ballots_issued=500,
        ballots_returned=500,
        valid_ballots=490,
        void_ballots=10,
    )
    html = client.post(url, data, follow=True).content.decode()
    assert "无效" in html
    assert "参加投票的选民未超过登记选民的半数" in html


def test_entry_page_refuses_bad_input_in_chinese(client, election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    client.force_login(election_user)
    url = reverse("result_entry", args=[district.pk, 1])
    response = client.post(url, post_data([a, b], [881, 0]))
    assert response.status_code == 200
    assert "王芳的票数不能多于有效票数" in response.content.decode()
    response = client.post(url, post_data([a, b], [-1, 0]))
    assert "大于或等于" in response.content.decode()
    assert not DistrictResult.objects.exists()


def test_second_round_page_where_none_is_needed(client, election, election_user):
    district, (a, b) = district_with(election, ["王芳", "李强"])
    save(election_user, district, [a, b], [600, 280])
    client.force_login(election_user)
    html = client.get(reverse("result_entry", args=[district.pk, 2])).content.decode()
    assert "本选区不需要另行选举" in html
    assert 'name="vote_' not in html
    assert client.get(reverse("result_entry", args=[district.pk, 3])).status_code == 404


def test_confirm_page_lists_the_elected_and_confirms(client, election, election_user):
    d1, (a, b) = district_with(election, ["王芳", "李强"])
    d2, (c, d) = district_with(election, ["张伟", "刘洋"])
    save(election_user, d1, [a, b], [600, 280])
    client.force_login(election_user)
    url = reverse("results_confirm", args=[election.pk])
    html = client.get(url).content.decode()
    assert "王芳" in html
    assert "尚未录入结果" in html
    assert "disabled" in html
    response = client.post(url, follow=True)
    assert f"{d2.name}：尚未录入" in response.content.decode()
    assert not Deputy.objects.exists()
    save(election_user, d2, [c, d], [600, 280])
    response = client.post(url, follow=True)
    assert "已确认" in response.content.decode()
    assert set(Deputy.objects.values_list("name", flat=True)) == {"王芳", "张伟"}


def test_confirm_page_costs_a_constant_number_of_queries(client, election, election_user):
    client.force_login(election_user)
    url = reverse("results_confirm", args=[election.pk])

    def add_district(n):
        district, cands = district_with(election, [f"王{n}甲", f"李{n}乙"])
        save(election_user, district, cands, [600, 280])

    add_district(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 6):
        add_district(n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_new_deputy_takes_the_roster_details_from_the_candidate(election, election_user):
    district, (winner, loser) = district_with(election, ["赵敏", "钱亮"])
    winner.party, winner.education, winner.occupation = "", "", ""
    winner.save()
    save(election_user, district, [winner, loser], [600, 280])
    with pytest.raises(ValidationError, match="赵敏.*政治面貌、文化程度和职业类别"):
        services.results_confirm(election=election, actor=election_user)
    assert not Deputy.objects.filter(name="赵敏").exists()

    winner.party, winner.education, winner.occupation = "democratic", "bachelor", "professional"
    winner.ethnicity = "苗族"
    winner.save()
    services.results_confirm(election=election, actor=election_user)
    deputy = Deputy.objects.get(name="赵敏")
    assert (deputy.party, deputy.education, deputy.occupation, deputy.ethnicity) == (
        "democratic",
        "bachelor",
        "professional",
        "苗族",
    )


def test_the_figures_for_reports_count_the_winners_the_confirmation_enters(election, election_user):
    d1, (a, b) = district_with(election, ["王芳", "李强"])
    d2, (c, d, e) = district_with(election, ["张伟", "刘洋", "陈静"], seats=2)
    save(election_user, d1, [a, b], [600, 280])
    save(election_user, d2, [c, d, e], [600, 500, 500])  # tie at the boundary
    # The new vote among the tied has no threshold: 200 of 900 votes still win the seat.
    save(election_user, d2, [d, e], [200, 100], round=2)
    elected = services.results_confirm(election=election, actor=election_user)
    statistics = selectors.election_statistics(election)
    names = {c.name for c in statistics["elected_candidates"]}
    assert names == {x.name for x in elected} == {"王芳", "张伟", "刘洋"}
    assert statistics["elected"] == 3
