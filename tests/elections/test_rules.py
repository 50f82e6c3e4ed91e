"""The Election Law's thresholds (elections/rules.py), each tested on both sides of its boundary."""

from datetime import date

import pytest

from elections import rules

# Eligibility: 18 or older on election day


def test_a_voter_whose_18th_birthday_is_election_day_is_eligible():
    assert rules.of_voting_age(date(2008, 11, 15), date(2026, 11, 15))


def test_a_voter_who_turns_18_one_day_after_election_day_is_not():
    assert not rules.of_voting_age(date(2008, 11, 16), date(2026, 11, 15))


def test_born_on_29_february_turns_18_on_1_march_of_a_common_year():
    born = date(2008, 2, 29)
    assert rules.eighteenth_birthday(born) == date(2026, 3, 1)
    assert not rules.of_voting_age(born, date(2026, 2, 28))
    assert rules.of_voting_age(born, date(2026, 3, 1))


def test_18_years_after_a_leap_day_is_never_a_leap_year_so_it_is_always_1_march():
    assert rules.eighteenth_birthday(date(2012, 2, 29)) == date(2030, 3, 1)
    assert rules.eighteenth_birthday(date(2012, 2, 28)) == date(2030, 2, 28)


# Seat quota: 45 + 1 per 1,500 residents, at most 160; manual only under 2,000


@pytest.mark.parametrize(
    ("population", "seats"),
    [(1499, 45), (1500, 46), (2999, 46), (3000, 47), (172_499, 159), (172_500, 160), (10**6, 160)],
)
def test_seat_quota_adds_one_seat_per_1500_residents_up_to_160(population, seats):
    assert rules.seat_quota(population) == seats


def test_seats_are_set_by_hand_only_for_a_township_under_2000():
    assert rules.seat_quota(1999, manual=30) == 30
    assert rules.seat_quota(2000, manual=30) == 46
    assert rules.seat_quota(1999) == 46  # without a manual figure, the formula


# Candidates: seats × 4/3 ≤ candidates ≤ seats × 2


@pytest.mark.parametrize(
    ("seats", "too_few", "low", "high", "too_many"),
    [(1, 1, 2, 2, 3), (2, 2, 3, 4, 5), (3, 3, 4, 6, 7)],
)
def test_candidate_ratio_at_its_limits(seats, too_few, low, high, too_many):
    assert rules.candidate_range(seats) == (low, high)
    assert not rules.candidate_count_ok(seats, too_few)
    assert rules.candidate_count_ok(seats, low)
    assert rules.candidate_count_ok(seats, high)
    assert not rules.candidate_count_ok(seats, too_many)


# First round


def first(**figures):
    defaults = {"registered": 100, "voted": 80, "ballots_issued": 80, "ballots_returned": 80}
    return rules.count_first_round(**(defaults | figures))


def test_turnout_of_exactly_half_voids_the_election():
    outcome = first(
        registered=100,
        voted=50,
        ballots_issued=50,
        ballots_returned=50,
        seats=1,
        votes={"甲": 40, "乙": 10},
    )
    assert not outcome.valid
    assert outcome.reason == "turnout_not_over_half"
    assert outcome.winners == []


def test_turnout_of_one_more_than_half_is_valid():
    outcome = first(
        registered=100,
        voted=51,
        ballots_issued=51,
        ballots_returned=51,
        seats=1,
        votes={"甲": 40, "乙": 11},
    )
    assert outcome.valid
    assert outcome.winners == ["甲"]


def test_turnout_of_one_more_than_half_of_an_odd_roll():
    assert not first(
        registered=101, voted=50, ballots_issued=50, ballots_returned=50, seats=1, votes={"甲": 50}
    ).valid
    assert first(
        registered=101, voted=51, ballots_issued=51, ballots_returned=51, seats=1, votes={"甲": 50}
    ).valid


def test_more_ballots_returned_than_issued_voids_the_vote():
    outcome = first(voted=80, ballots_issued=80, ballots_returned=81, seats=1, votes={"甲": 70})
    assert not outcome.valid
    assert outcome.reason == "more_ballots_than_issued"


def test_more_ballots_returned_than_voters_who_voted_voids_the_vote():
    # Election Law: 所投的票数多于投票人数的无效.
    outcome = first(voted=80, ballots_issued=90, ballots_returned=81, seats=1, votes={"甲": 70})
    assert not outcome.valid
    assert outcome.reason == "more_ballots_than_issued"


def test_as_many_ballots_returned_as_issued_is_valid():
    assert first(voted=80, ballots_issued=80, ballots_returned=80, seats=1, votes={"甲": 70}).valid


def test_a_winner_needs_more_than_half_of_the_voters_who_voted():
    exactly_half = first(voted=80, seats=1, votes={"甲": 40, "乙": 40})
    assert exactly_half.winners == []
    assert exactly_half.tied == []
    one_more = first(voted=80, seats=1, votes={"甲": 41, "乙": 39})
    assert one_more.winners == ["甲"]
    assert one_more.seats_left == 0
    assert one_more.runoff_candidates == []


def test_more_winners_than_seats_the_highest_win():
    outcome = first(voted=80, seats=2, votes={"甲": 70, "乙": 60, "丙": 50, "丁": 10})
    assert outcome.winners == ["甲", "乙"]
    assert outcome.tied == []


def test_a_tie_at_the_boundary_goes_to_a_new_vote_among_the_tied():
    outcome = first(voted=80, seats=2, votes={"甲": 70, "乙": 60, "丙": 60, "丁": 10})
    assert outcome.valid
    assert outcome.winners == ["甲"]
    assert sorted(outcome.tied) == ["丙", "乙"]
    assert outcome.seats_left == 0


def test_a_tie_below_the_majority_is_no_tie_at_the_boundary():
    # Both passing candidates win; the tie among those who failed does not matter.
    outcome = first(voted=80, seats=2, votes={"甲": 70, "乙": 60, "丙": 30, "丁": 30})
    assert outcome.winners == ["甲", "乙"]
    assert outcome.tied == []


def test_fewer_winners_than_seats_leave_seats_for_a_second_round_two_candidates_per_seat():
    outcome = first(
        voted=80, seats=3, votes={"甲": 50, "乙": 40, "丙": 35, "丁": 30, "戊": 20, "己": 10}
    )
    assert outcome.winners == ["甲"]
    assert outcome.seats_left == 2
    # Taken from the first round by votes: two per seat left.
    assert outcome.runoff_candidates == ["乙", "丙", "丁", "戊"]


def test_second_round_candidates_for_one_seat_are_the_two_best():
    outcome = first(voted=80, seats=1, votes={"甲": 40, "乙": 30, "丙": 10})
    assert outcome.winners == []
    assert outcome.seats_left == 1
    assert outcome.runoff_candidates == ["甲", "乙"]


# Second round (另行选举): the highest win with at least one third of the ballots


def test_second_round_exactly_one_third_wins():
    outcome = rules.count_second_round(voted=90, seats=1, votes={"甲": 30, "乙": 29})
    assert outcome.winners == ["甲"]
    assert outcome.seats_left == 0


def test_second_round_one_vote_less_than_a_third_does_not_win():
    outcome = rules.count_second_round(voted=90, seats=1, votes={"甲": 29, "乙": 28})
    assert outcome.winners == []
    assert outcome.seats_left == 1


def test_second_round_one_third_of_a_number_not_divisible_by_three():
    # 31 voters: 10 votes are less than a third, 11 are more.
    assert rules.count_second_round(voted=31, seats=1, votes={"甲": 10}).winners == []
    assert rules.count_second_round(voted=31, seats=1, votes={"甲": 11}).winners == ["甲"]


def test_second_round_the_highest_win_and_a_tie_goes_to_a_new_vote():
    outcome = rules.count_second_round(voted=90, seats=1, votes={"甲": 40, "乙": 40, "丙": 10})
    assert outcome.winners == []
    assert sorted(outcome.tied) == ["乙", "甲"]
    outcome = rules.count_second_round(voted=90, seats=2, votes={"甲": 45, "乙": 40, "丙": 5})
    assert outcome.winners == ["甲", "乙"]


def test_turnout_is_a_fraction_of_the_registered():
    assert rules.turnout(51, 100) > rules.turnout(50, 100) == rules.turnout(1, 2)
    assert rules.turnout(0, 0) is None
