"""The decision vote of a township congress (Organic Law 2022, Art. 14 and 25), at both sides
of every threshold. Expected values are worked out by hand here, not read from the module."""

import pytest

from assembly import rules
from assembly.rules import CountError, decision
from congress import law
from congress.models import Session
from elections import congress_rules as cr


def vote(total, present, yes, no=None, abstain=0, not_voting=0):
    """A vote whose counts add up: those not for, abstaining or not voting are against."""
    if no is None:
        no = present - yes - abstain - not_voting
    return decision(
        total=total, present=present, yes=yes, no=no, abstain=abstain, not_voting=not_voting
    )


# More than half of ALL deputies: 52 deputies need 27 votes, 53 need 27, 45 need 23, 160 need 81.
@pytest.mark.parametrize(
    "total,yes,adopted",
    [
        (52, 26, False),  # exactly half of an even total
        (52, 27, True),  # half + 1
        (53, 26, False),  # just under half of an odd total
        (53, 27, True),  # the smallest majority of 53
        (45, 22, False),
        (45, 23, True),
        (160, 80, False),
        (160, 81, True),
    ],
)
def test_adopted_with_more_than_half_of_all_deputies(total, yes, adopted):
    result = vote(total, total, yes)
    assert result.adopted is adopted
    assert result.quorate is True


@pytest.mark.parametrize("total,needed", [(52, 27), (53, 27), (45, 23), (1, 1), (2, 2), (3, 2)])
def test_votes_needed_by_hand(total, needed):
    assert vote(total, total, total).needed == needed


def test_one_rule_for_decisions_and_elections():
    # More than half of all deputies has one home, elections.congress_rules; the decision vote
    # and the congress's elections agree at the boundary: 52 deputies, 26 is not enough.
    assert rules.votes_needed is cr.votes_needed is law.votes_needed
    assert vote(52, 52, 26).adopted is False
    assert (
        cr.count_round(
            deputies_total=52,
            seats=1,
            ballots_issued=52,
            ballots_returned=52,
            votes_for={"王芳": 26},
        ).elected
        == []
    )


def test_half_of_all_not_of_those_present():
    # 40 of 52 present, 25 for: a majority of those present (21) but not of all (27).
    result = vote(52, 40, 25)
    assert result.quorate and not result.adopted
    assert "未通过" in result.reason and "27" in result.reason


@pytest.mark.parametrize(
    "total,present,quorate",
    [
        (52, 35, True),  # 52 × 2/3 = 34.67: 35 is the fewest
        (52, 34, False),
        (45, 30, True),  # exactly two thirds counts (三分之二以上 includes it)
        (45, 29, False),
        (53, 36, True),  # 35.33 → 36
        (53, 35, False),
        (3, 2, True),
        (3, 1, False),
    ],
)
def test_quorum_two_thirds_exactly_and_one_short(total, present, quorate):
    result = vote(total, present, present)
    assert result.quorate is quorate
    if not quorate:
        # Even all present voting for cannot adopt without the quorum.
        assert result.adopted is False
        assert "不足三分之二" in result.reason


def test_the_quorum_is_the_one_the_session_uses():
    for total in range(1, 200):
        session = Session(deputies_total=total)
        assert law.quorum_required(total) == session.quorum_required, total


@pytest.mark.parametrize(
    "counts",
    [
        # for + against + abstain + not voting one short of / one over those present
        dict(total=52, present=47, yes=40, no=3, abstain=3, not_voting=0),
        dict(total=52, present=47, yes=40, no=3, abstain=5, not_voting=0),
        dict(total=52, present=47, yes=40, no=3, abstain=3, not_voting=2),
        # more present than all deputies
        dict(total=52, present=53, yes=53, no=0, abstain=0),
        # negative counts
        dict(total=52, present=47, yes=48, no=-1, abstain=0),
        dict(total=-1, present=0, yes=0, no=0, abstain=0),
        # no deputies at all
        dict(total=0, present=0, yes=0, no=0, abstain=0),
        # not whole numbers
        dict(total=52, present=47, yes=46.5, no=0.5, abstain=0),
        dict(total=52, present="47", yes=47, no=0, abstain=0),
    ],
)
def test_counts_that_do_not_add_up_are_refused_in_chinese(counts):
    with pytest.raises(CountError) as refused:
        decision(**counts)
    assert isinstance(refused.value, ValueError)
    message = str(refused.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_counts_that_add_up_exactly_pass():
    result = decision(total=52, present=47, yes=40, no=3, abstain=3, not_voting=1)
    assert (result.adopted, result.needed, result.quorum) == (True, 27, 35)


def test_the_figures_as_the_minutes_print_them():
    result = decision(total=52, present=45, yes=43, no=1, abstain=1)
    assert result.figures == "应到52人，实到45人，赞成43票，反对1票，弃权1票，通过"
    lost = decision(total=52, present=45, yes=20, no=20, abstain=4, not_voting=1)
    assert lost.figures == "应到52人，实到45人，赞成20票，反对20票，弃权4票，未表决1人，未通过"


def test_the_decision_is_frozen():
    result = vote(52, 47, 40)
    with pytest.raises(AttributeError):
        result.adopted = False
