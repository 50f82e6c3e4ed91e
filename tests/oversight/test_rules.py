"""The rules of the oversight votes, at both sides of every threshold, with expectations
stated by hand from the law (Organic Law art. 25, 29; Election Law art. 44) and the local
practice of satisfaction votes."""

from decimal import Decimal

import pytest

from oversight import rules
from oversight.rules import FORMAL, TIE, RoundFacts


def formal(votes, *, total=50, places=2, issued=45, returned=45):
    return RoundFacts(FORMAL, total, places, issued, returned, votes)


def test_exactly_half_of_all_deputies_is_not_chosen_half_plus_one_is():
    # 50 deputies: 25 is exactly half (not more than half); 26 is more than half.
    progress = rules.vote_progress(
        to_choose=2, candidates=["A", "B", "C"], rounds=[formal({"A": 26, "B": 25, "C": 10})]
    )
    assert progress.chosen == ["A"]
    assert progress.done
    assert progress.short == 1  # one place stays empty: B has only half


def test_majority_is_of_all_deputies_not_of_those_present():
    # 51 deputies, 40 present: 21 votes are more than half of those present, not of all (26).
    progress = rules.vote_progress(
        to_choose=1,
        candidates=["A", "B"],
        rounds=[formal({"A": 25, "B": 15}, total=51, places=1, issued=40, returned=40)],
    )
    assert progress.chosen == []
    progress = rules.vote_progress(
        to_choose=1,
        candidates=["A", "B"],
        rounds=[formal({"A": 26, "B": 14}, total=51, places=1, issued=40, returned=40)],
    )
    assert progress.chosen == ["A"]


def test_most_votes_first_up_to_the_number_to_choose():
    progress = rules.vote_progress(
        to_choose=2,
        candidates=["A", "B", "C"],
        rounds=[formal({"A": 30, "B": 40, "C": 35})],
    )
    assert progress.chosen == ["B", "C"]
    assert progress.done and progress.short == 0


def test_tie_at_the_boundary_is_revoted_among_the_tied():
    # Two places: A 40 is chosen; B and C tie at 30 for the second place.
    progress = rules.vote_progress(
        to_choose=2,
        candidates=["A", "B", "C", "D"],
        rounds=[formal({"A": 40, "B": 30, "C": 30, "D": 20})],
    )
    assert progress.chosen == ["A"]
    assert progress.next == rules.Step(TIE, 1, ["B", "C"])
    # The re-vote: the most votes win.
    revote = RoundFacts(TIE, 50, 1, 45, 45, {"B": 20, "C": 25})
    progress = rules.vote_progress(
        to_choose=2,
        candidates=["A", "B", "C", "D"],
        rounds=[formal({"A": 40, "B": 30, "C": 30, "D": 20}), revote],
    )
    assert progress.chosen == ["A", "C"]
    assert progress.done


def test_a_tie_below_the_boundary_needs_no_revote():
    progress = rules.vote_progress(
        to_choose=2,
        candidates=["A", "B", "C", "D"],
        rounds=[formal({"A": 40, "B": 35, "C": 30, "D": 30})],
    )
    assert progress.chosen == ["A", "B"]
    assert progress.done


def test_a_tie_again_in_the_revote_goes_to_another_revote():
    first = formal({"A": 40, "B": 30, "C": 30})
    again = RoundFacts(TIE, 50, 1, 45, 45, {"B": 22, "C": 22})
    progress = rules.vote_progress(to_choose=2, candidates=["A", "B", "C"], rounds=[first, again])
    assert progress.chosen == ["A"]
    assert progress.next == rules.Step(TIE, 1, ["B", "C"])


def test_more_ballots_returned_than_issued_voids_the_vote_as_many_does_not():
    void = formal({"A": 40, "B": 30, "C": 10}, issued=45, returned=46)
    progress = rules.vote_progress(to_choose=2, candidates=["A", "B", "C"], rounds=[void])
    assert progress.chosen == []
    assert progress.next == rules.Step(FORMAL, 2, ["A", "B", "C"])
    valid = formal({"A": 40, "B": 30, "C": 10}, issued=45, returned=45)
    progress = rules.vote_progress(to_choose=2, candidates=["A", "B", "C"], rounds=[void, valid])
    assert progress.chosen == ["A", "B"]


def test_tally_problems_per_project_and_for_the_vote():
    # 45 returned, 2 void: 43 valid ballots, each marking at most 2 projects: 86 marks at most.
    ok = rules.tally_problems(
        places=2,
        deputies_present=45,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=2,
        votes={"A": 43, "B": 43, "C": 0},
    )
    assert ok == []
    too_many = rules.tally_problems(
        places=2,
        deputies_present=45,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=2,
        votes={"A": 44, "B": 43, "C": 0},
    )
    projects = [project for project, _message in too_many]
    assert "A" in projects  # 44 votes > 43 valid ballots, refused on A's row
    assert None in projects  # 87 marks > 86
    issued = rules.tally_problems(
        places=2,
        deputies_present=45,
        ballots_issued=46,
        ballots_returned=45,
        void_ballots=0,
        votes={"A": 1},
    )
    assert len(issued) == 1 and issued[0][0] is None


def test_satisfaction_rate_counts_satisfied_and_basically_over_valid_ballots():
    rate = rules.satisfaction_rate(ballots=46, satisfied=30, basically=12)
    assert rate.percent == Decimal("91.3")  # 42 / 46 = 91.30 %
    assert str(rate) == "91.3%"
    assert rules.satisfaction_rate(ballots=0, satisfied=0, basically=0).percent is None


def test_satisfaction_counts_may_not_exceed_the_ballots():
    assert rules.satisfaction_problems(ballots=46, satisfied=30, basically=12, unsatisfied=4) == []
    assert rules.satisfaction_problems(ballots=46, satisfied=30, basically=12, unsatisfied=3) == []
    assert rules.satisfaction_problems(ballots=46, satisfied=30, basically=12, unsatisfied=5)
    assert rules.satisfaction_problems(ballots=46, satisfied=-1, basically=12, unsatisfied=0)


@pytest.mark.parametrize(
    ("satisfied", "passed"),
    [(59, False), (60, True)],  # 59 % below the pass rate of 60 %, 60 % reaches it
)
def test_office_passes_at_the_pass_rate(satisfied, passed):
    rate = rules.satisfaction_rate(ballots=100, satisfied=satisfied, basically=0)
    result = rules.evaluation_result(rate=rate, scores=[], pass_rate=Decimal(60))
    assert result.passed is passed


def test_office_without_ballots_is_judged_by_its_score():
    # 59 of 100 points is 59 %, below 60 %.
    low = rules.evaluation_result(rate=None, scores=[(Decimal("29.5"), 50)] * 2)
    assert low.score == Decimal("59.0") and low.passed is False
    high = rules.evaluation_result(rate=None, scores=[(Decimal(30), 50), (Decimal(30), 50)])
    assert high.passed is True
    assert rules.evaluation_result(rate=None, scores=[]).passed is None


def test_weights_add_to_100():
    assert rules.weights_problems(20, 50, 30) == []
    assert rules.weights_problems(20, 50, 31)
    assert rules.weights_problems(-10, 80, 30)


def test_composite_rating_weighs_the_three_assessments():
    voters = rules.satisfaction_rate(ballots=60, satisfied=52, basically=6)  # 58/60 = 96.7 %
    # 90 × 20 % + 96.7 × 50 % + 80 × 30 % = 18 + 48.35 + 24 = 90.35 → 90.4 (half up)
    value = rules.composite(
        self_score=Decimal(90),
        voters_rate=voters,
        presidium_score=Decimal(80),
        weights=(20, 50, 30),
    )
    assert value == Decimal("90.4")
    assert rules.composite(self_score=None, voters_rate=voters, presidium_score=Decimal(80)) is None
