"""The elections demo: a finished general election of the demo township, seeded idempotently."""

import pytest
from django.core.management import call_command

from congress import names
from deputies.models import Deputy, DeputyStatus
from elections import rules
from elections.models import Candidate, District, DistrictResult, Election, Voter
from elections.selectors import election_results

pytestmark = pytest.mark.django_db


def counts():
    return (
        Election.objects.count(),
        District.objects.count(),
        Voter.objects.count(),
        Candidate.objects.count(),
        DistrictResult.objects.count(),
        Deputy.objects.count(),
    )


def test_seed_demo_is_idempotent_and_elects_the_rosters_deputies():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts() == first

    election = Election.objects.get()
    assert election.results_confirmed_at is not None
    assert election.election_day < election.term.start_date
    assert election.seat_quota == rules.seat_quota(election.population)
    assert 3000 <= Voter.objects.count() <= 5000
    # Valid ID numbers, unique in the election, stroke order stored.
    from stdnum.cn import ric

    for voter in Voter.objects.all()[:200]:
        assert ric.is_valid(voter.id_number)
        assert voter.stroke_key == names.stroke_sort_key(voter.name)
        assert rules.of_voting_age(voter.birth_date, election.election_day)

    rows = election_results(election=election)
    assert all(row.resolved for row in rows)
    for district in election.districts.all():
        formal = district.candidates.filter(stage=Candidate.Stage.FORMAL).count()
        assert rules.candidate_count_ok(district.seats, formal), district
    # The winners are the deputies of the roster, not new records.
    winners = {(c.name, c.birth_date) for row in rows for c in row.winners}
    in_office = set(
        Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).values_list("name", "birth_date")
    )
    assert winners == in_office


def test_one_district_needed_a_second_round():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    second = DistrictResult.objects.filter(round=2)
    assert second.count() == 1
    district = second.get().district
    first = DistrictResult.objects.get(district=district, round=1)
    voted = first.voted
    winners_first = [v for v in first.votes.all() if v.votes * 2 > voted]
    assert len(winners_first) < district.seats
