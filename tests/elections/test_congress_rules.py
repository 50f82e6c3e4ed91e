"""The law's rules of the elections a township congress holds, at both sides of every
threshold; every expected outcome is stated by hand from the Organic Law (OL) and the
Election Law (EL), as quoted in elections/congress_rules.py."""

import pytest

from congress.text import place_word
from elections import congress_rules as cr


# OL 25: more than half of ALL the deputies. 50 deputies: 25 is exactly half (not elected),
# 26 is elected; 51 deputies: 26 needed.
@pytest.mark.parametrize(
    "deputies, votes, elected",
    [(50, 25, False), (50, 26, True), (51, 25, False), (51, 26, True)],
)
def test_elected_with_more_than_half_of_all_deputies(deputies, votes, elected):
    result = cr.count_round(
        deputies_total=deputies,
        seats=1,
        ballots_issued=40,
        ballots_returned=40,
        votes_for={"王芳": votes},
    )
    assert (result.elected == ["王芳"]) is elected
    assert result.seats_left == (0 if elected else 1)


def test_votes_needed_counts_all_deputies_not_those_present():
    # 50 deputies, only 34 present: still 26 votes are needed, not 18.
    assert cr.votes_needed(50) == 26
    assert cr.votes_needed(51) == 26
    assert cr.votes_needed(52) == 27


# EL 44: as many ballots returned as issued (or fewer) is valid; one more is void.
@pytest.mark.parametrize("returned, void", [(44, False), (45, False), (46, True)])
def test_round_void_when_more_ballots_returned_than_issued(returned, void):
    assert cr.round_void(ballots_issued=45, ballots_returned=returned) is void
    result = cr.count_round(
        deputies_total=50,
        seats=1,
        ballots_issued=45,
        ballots_returned=returned,
        votes_for={"王芳": 40},
    )
    assert result.void is void
    assert result.elected == ([] if void else ["王芳"])


# EL 44: a ballot choosing more people than seats is void.
@pytest.mark.parametrize("seats, marked, valid", [(2, 1, True), (2, 2, True), (2, 3, False)])
def test_ballot_choosing_more_people_than_seats_is_void(seats, marked, valid):
    assert cr.ballot_valid(seats=seats, marked=marked) is valid


# OL 27: vice-chairs and deputy heads have one to three more candidates than seats.
@pytest.mark.parametrize("margin, ok", [(0, False), (1, True), (3, True), (4, False)])
def test_deputy_post_margin_one_to_three(margin, ok):
    assert (cr.rules_problems(cr.DEPUTY_HEAD, 3, margin) == []) is ok
    assert (cr.rules_problems(cr.VICE_CHAIR, 1, margin) == []) is ok


def test_principal_posts_one_seat_and_one_more_candidate():
    assert cr.rules_problems(cr.HEAD, 1, 1) == []
    assert cr.rules_problems(cr.CHAIR, 1, 1) == []
    assert cr.rules_problems(cr.HEAD, 2, 1)  # one head
    assert cr.rules_problems(cr.CHAIR, 1, 2)  # one more, not two


# OL 18: one or two vice-chairs.
@pytest.mark.parametrize("seats, ok", [(0, False), (1, True), (2, True), (3, False)])
def test_vice_chairs_one_or_two(seats, ok):
    assert (cr.rules_problems(cr.VICE_CHAIR, seats, 1) == []) is ok


def test_presidium_margin_from_the_rules_may_be_none():
    assert cr.rules_problems(cr.PRESIDIUM_MEMBER, 5, 0) == []
    assert cr.rules_problems(cr.PRESIDIUM_MEMBER, 5, 2) == []


# The plan of a post (OL 27).
@pytest.mark.parametrize(
    "post, seats, margin, nominees, kind, candidates",
    [
        (cr.HEAD, 1, 1, 0, cr.TOO_FEW, 2),
        (cr.HEAD, 1, 1, 1, cr.UNCONTESTED, 1),
        (cr.HEAD, 1, 1, 2, cr.CONTESTED, 2),
        (cr.HEAD, 1, 1, 3, cr.PRELIMINARY, 2),
        (cr.CHAIR, 1, 1, 1, cr.UNCONTESTED, 1),
        # 3 deputy heads, margin 1: 4 candidates; 3 are too few, 5 need a preliminary vote.
        (cr.DEPUTY_HEAD, 3, 1, 3, cr.TOO_FEW, 4),
        (cr.DEPUTY_HEAD, 3, 1, 4, cr.CONTESTED, 4),
        (cr.DEPUTY_HEAD, 3, 1, 5, cr.PRELIMINARY, 4),
        (cr.DEPUTY_HEAD, 2, 3, 5, cr.CONTESTED, 5),
        (cr.DEPUTY_HEAD, 2, 3, 6, cr.PRELIMINARY, 5),
        (cr.PRESIDIUM_MEMBER, 5, 0, 4, cr.TOO_FEW, 5),
        (cr.PRESIDIUM_MEMBER, 5, 0, 5, cr.UNCONTESTED, 5),
        (cr.PRESIDIUM_MEMBER, 5, 0, 6, cr.PRELIMINARY, 5),
    ],
)
def test_candidate_plan(post, seats, margin, nominees, kind, candidates):
    plan = cr.candidate_plan(post, seats, margin, nominees)
    assert (plan.kind, plan.candidates) == (kind, candidates)
    assert plan.reason
    assert plan.ready is (kind != cr.TOO_FEW)


# OL 26: the presidium nominates no more than the seats; deputies jointly, ten or more.
def test_presidium_nominates_no_more_than_the_seats():
    ok = dict(post=cr.DEPUTY_HEAD, seats=2, source=cr.PRESIDIUM, is_deputy=False)
    assert cr.nomination_problems(presidium_nominations=1, **ok) == []
    assert cr.nomination_problems(presidium_nominations=2, **ok)


@pytest.mark.parametrize("sponsors, ok", [(9, False), (10, True)])
def test_deputies_nominate_ten_or_more(sponsors, ok):
    problems = cr.nomination_problems(
        post=cr.HEAD, seats=1, source=cr.DEPUTIES, is_deputy=False, sponsors=sponsors
    )
    assert (problems == []) is ok


def test_a_deputy_joins_no_more_nominations_than_seats():
    problems = cr.nomination_problems(
        post=cr.HEAD,
        seats=1,
        source=cr.DEPUTIES,
        is_deputy=False,
        sponsors=12,
        sponsors_full=["李强"],
    )
    assert len(problems) == 1 and "李强" in problems[0]


def test_chair_must_be_a_deputy_head_need_not():
    common = dict(seats=1, source=cr.PRESIDIUM)
    assert cr.nomination_problems(post=cr.CHAIR, is_deputy=False, **common)
    assert cr.nomination_problems(post=cr.CHAIR, is_deputy=True, **common) == []
    assert cr.nomination_problems(post=cr.HEAD, is_deputy=False, **common) == []


# OL 29: more passing than seats: the most votes win.
def test_more_qualifiers_than_seats_the_most_votes_win():
    result = cr.count_round(
        deputies_total=50,
        seats=2,
        ballots_issued=48,
        ballots_returned=48,
        votes_for={"甲": 40, "乙": 30, "丙": 27},  # all three over 25
    )
    assert result.elected == ["甲", "乙"]
    assert result.tied == [] and result.seats_left == 0


def test_tie_at_the_boundary_goes_to_a_new_vote_among_the_tied():
    result = cr.count_round(
        deputies_total=50,
        seats=2,
        ballots_issued=48,
        ballots_returned=48,
        votes_for={"甲": 40, "乙": 30, "丙": 30, "丁": 10},
    )
    assert result.elected == ["甲"]
    assert result.tied == ["乙", "丙"]
    assert result.seats_left == 0
    # The new vote: the most votes win, no majority threshold; a tie again → again.
    again = cr.count_tie_vote(
        seats=1, ballots_issued=48, ballots_returned=48, votes_for={"乙": 24, "丙": 24}
    )
    assert again.elected == [] and again.tied == ["乙", "丙"]
    decided = cr.count_tie_vote(
        seats=1, ballots_issued=48, ballots_returned=48, votes_for={"乙": 25, "丙": 23}
    )
    assert decided.elected == ["乙"]


def test_a_tie_below_the_majority_is_no_tie_at_the_boundary():
    # 乙 and 丙 tie at 20, under the 26 needed: one seat is left for a further vote.
    result = cr.count_round(
        deputies_total=50,
        seats=2,
        ballots_issued=48,
        ballots_returned=48,
        votes_for={"甲": 40, "乙": 20, "丙": 20},
    )
    assert result.elected == ["甲"] and result.tied == [] and result.seats_left == 1


# OL 29: seats left → a further vote (另行选举), candidates by the first vote's order.
def test_further_vote_one_seat_two_candidates():
    ranked = [("甲", 40), ("乙", 20), ("丙", 18), ("丁", 5)]
    assert cr.further_candidates(seats_left=1, margin=3, ranked=ranked, elected=["甲"]) == [
        "乙",
        "丙",
    ]


def test_further_vote_two_seats_with_the_rules_margin():
    ranked = [("甲", 20), ("乙", 19), ("丙", 18), ("丁", 17), ("戊", 3)]
    assert cr.further_candidates(seats_left=2, margin=1, ranked=ranked) == ["甲", "乙", "丙"]
    assert cr.further_candidates(seats_left=2, margin=2, ranked=ranked) == [
        "甲",
        "乙",
        "丙",
        "丁",
    ]


def test_further_vote_keeps_those_tied_with_the_last_taken():
    ranked = [("乙", 20), ("丙", 18), ("丁", 18)]
    assert cr.further_candidates(seats_left=1, margin=1, ranked=ranked) == ["乙", "丙", "丁"]


def test_second_round_still_needs_more_than_half_of_all_deputies():
    # Unlike a district's second round (one third suffices), the congress needs 26 of 50.
    result = cr.count_round(
        deputies_total=50,
        seats=1,
        ballots_issued=47,
        ballots_returned=47,
        votes_for={"乙": 25, "丙": 22},
    )
    assert result.elected == [] and result.seats_left == 1


# OL 27: the preliminary vote's order fixes the formal list.
def test_preliminary_list_by_votes_and_tie_at_the_last_place():
    chosen, tied = cr.preliminary_list(places=3, votes_for={"甲": 30, "乙": 25, "丙": 20, "丁": 10})
    assert (chosen, tied) == (["甲", "乙", "丙"], [])
    chosen, tied = cr.preliminary_list(places=3, votes_for={"甲": 30, "乙": 25, "丙": 20, "丁": 20})
    assert (chosen, tied) == (["甲", "乙"], ["丙", "丁"])


def test_the_place_word_from_the_township_name():
    assert place_word("青山镇") == "镇"
    assert place_word("石门乡") == "乡"
    assert place_word("瑶山民族乡") == "乡"


# OL 30: a by-election may have as many candidates as seats (margin 0) or more, for every
# post; still one chair and one head, one or two vice-chairs (OL 18). A general election keeps
# OL 27: the deputy posts one to three more than the seats, the principal posts one more.
@pytest.mark.parametrize(
    "post, seats, margin, kind, ok",
    [
        ("deputy_head", 1, 0, "by_election", True),
        ("deputy_head", 1, 0, "election", False),
        ("deputy_head", 1, 4, "by_election", True),
        ("deputy_head", 1, 4, "election", False),
        ("vice_chair", 2, 0, "by_election", True),
        ("vice_chair", 3, 0, "by_election", False),
        ("chair", 1, 0, "by_election", True),
        ("chair", 1, 0, "election", False),
        ("chair", 2, 0, "by_election", False),
        ("head", 1, 1, "by_election", True),
    ],
)
def test_by_election_margins(post, seats, margin, kind, ok):
    assert (cr.rules_problems(post, seats, margin, kind) == []) is ok


@pytest.mark.parametrize(
    "post, margin, nominees, kind, plan",
    [
        # One nominee for one seat: uncontested in a by-election with margin 0 …
        ("deputy_head", 0, 1, "by_election", cr.UNCONTESTED),
        ("vice_chair", 0, 1, "by_election", cr.UNCONTESTED),
        # … two for one seat with margin 0: more than its rules allow, a preliminary vote.
        ("deputy_head", 0, 2, "by_election", cr.PRELIMINARY),
        # A by-election with margin 1 for a deputy post: one nominee is too few, two contest.
        ("deputy_head", 1, 1, "by_election", cr.TOO_FEW),
        ("deputy_head", 1, 2, "by_election", cr.CONTESTED),
        # The head: one nominee uncontested (OL 27) whatever the kind.
        ("head", 1, 1, "by_election", cr.UNCONTESTED),
        ("head", 0, 1, "by_election", cr.UNCONTESTED),
        # A general election of a deputy head with margin 1: one nominee is too few.
        ("deputy_head", 1, 1, "election", cr.TOO_FEW),
    ],
)
def test_by_election_plans(post, margin, nominees, kind, plan):
    assert cr.candidate_plan(post, 1, margin, nominees, kind).kind == plan


def test_the_first_session_holds_the_general_election_others_by_elections():
    assert cr.default_contest_kind(True) == cr.KIND_ELECTION
    assert cr.default_contest_kind(False) == cr.KIND_BY_ELECTION


# OL 29 with OL 27: a further election as a contest of its own: chair and head one more
# candidate; deputy posts the first margin within 1..3; the presidium the first margin.
@pytest.mark.parametrize(
    "post, margin, expected",
    [
        ("chair", 0, 1),
        ("head", 1, 1),
        ("deputy_head", 0, 1),
        ("deputy_head", 1, 1),
        ("deputy_head", 3, 3),
        ("vice_chair", 4, 3),
        ("presidium_member", 0, 0),
    ],
)
def test_further_election_margin(post, margin, expected):
    assert cr.further_margin(post, margin) == expected


# OL 18: the chair and vice-chairs may not hold the government's posts.
@pytest.mark.parametrize(
    "post, held, conflict",
    [
        ("head", {"chair"}, ["chair"]),
        ("deputy_head", {"vice_chair"}, ["vice_chair"]),
        ("deputy_head", {"chair", "presidium_member"}, ["chair"]),
        ("head", {"presidium_member"}, []),
        ("head", set(), []),
        ("vice_chair", {"chair"}, []),
    ],
)
def test_administrative_conflict(post, held, conflict):
    assert cr.administrative_conflict(post, held) == conflict
