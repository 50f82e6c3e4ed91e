"""The transition map against the lifecycle stated by hand from the domain guide
(tests/proposals/lifecycle.py), and the steps offered to each part in an item
(transitions.next_steps, a pure function), stated by hand too."""

import pytest

from proposals import transitions
from proposals.models import State
from proposals.transitions import Facts, UnitPart, may_take, next_steps
from tests.proposals.lifecycle import EXPECTED

ALL_STATES = [s for s, _label in State.choices]


def test_the_map_has_exactly_the_steps_of_the_domain():
    assert set(transitions.TRANSITIONS) | set(transitions.RECORDS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_step_starts_from_and_leads_to_the_states_of_the_domain(action):
    froms, to = EXPECTED[action]
    assert {s for s in ALL_STATES if transitions.allowed(action, s)} == froms
    if to is None:
        assert action in transitions.RECORDS
    else:
        assert transitions.TRANSITIONS[action][1] == to


def test_final_states_admit_only_what_the_domain_records_after_the_end():
    # Closed items keep co-signers' evaluations, milestones and publication; a motion decided
    # by the session may be published; nothing else leaves a final state. A motion on the
    # agenda is not final: it waits for the session's vote.
    after_end = {
        s: {a for a in EXPECTED if transitions.allowed(a, s)} for s in transitions.FINAL_STATES
    }
    assert after_end == {
        "closed": {"co_evaluate", "milestone", "publish"},
        "adopted": {"publish"},
        "not_adopted": {"publish"},
        "not_accepted": set(),
        "withdrawn": set(),
        "declined": set(),
    }


# What each part in an item is offered (the buttons of every page)


def facts(state, kind="suggestion", **parts):
    return Facts(pk=7, state=state, kind=kind, **parts)


def offered(f):
    return [(s.action, s.arg) for s in next_steps(f)]


LEAD = UnitPart(pk=31, lead=True, acknowledged=False, returnable=True)
CO = UnitPart(pk=32, lead=False, acknowledged=False, returnable=True)


@pytest.mark.parametrize(
    "f,expected",
    [
        # The secretary
        (facts("submitted", staff=True), ["register", "decline"]),
        (facts("under_review", kind="motion", staff=True), ["review"]),
        (facts("awaiting_assignment", staff=True), ["decline", "assign"]),
        (facts("assigned", staff=True), []),
        (facts("replied", staff=True), ["close", "milestone"]),
        (facts("closed", staff=True), ["milestone", "publish"]),
        (facts("closed", staff=True, published=True), ["milestone"]),
        # The session's vote is recorded on the agenda, not offered here as a button.
        (facts("on_agenda", kind="motion", staff=True), ["publish"]),
        (facts("adopted", kind="motion", staff=True), ["publish"]),
        (facts("not_adopted", kind="motion", staff=True, published=True), []),
        (facts("withdrawn", staff=True), []),
        # The secretary entering a reply from the letter
        (facts("rehandling", reply_clerk=True), ["reply"]),
        # The lead deputy
        (facts("draft", lead_deputy=True), ["edit", "submit", "withdraw"]),
        (facts("awaiting_assignment", lead_deputy=True), ["withdraw"]),
        (facts("assigned", lead_deputy=True), []),
        (facts("replied", lead_deputy=True, unevaluated=True), ["evaluate"]),
        (facts("replied", lead_deputy=True), []),
        (facts("closed", lead_deputy=True, unevaluated=True), []),
        # A co-signer: evaluates each reply, also after closing; never edits or withdraws
        (facts("draft", co_signer=True), []),
        (facts("closed", co_signer=True, unevaluated=True), ["evaluate"]),
        (facts("rehandling", co_signer=True, unevaluated=True), ["evaluate"]),
    ],
)
def test_the_steps_of_the_item_by_part(f, expected):
    assert [action for action, _arg in offered(f)] == expected


def test_a_units_steps_are_taken_on_its_assignment():
    assert offered(facts("assigned", units=(LEAD,))) == [
        ("acknowledge", 31),
        ("return", 31),
        ("reply", 7),
    ]
    assert offered(facts("rehandling", units=(CO,))) == [
        ("acknowledge", 32),
        ("return", 32),
        ("co_opinion", 32),
    ]
    late = UnitPart(pk=31, lead=True, acknowledged=True, returnable=False)
    assert offered(facts("assigned", units=(late,))) == [("reply", 7)]
    # Nothing to do once replied.
    assert offered(facts("replied", units=(LEAD, CO))) == []


def test_reply_is_offered_once_to_a_clerk_who_is_also_the_lead_units_officer():
    f = facts("assigned", reply_clerk=True, units=(LEAD,))
    assert [a for a, _arg in offered(f)].count("reply") == 1


def test_every_step_has_its_one_label():
    f = facts("draft", lead_deputy=True)
    assert {s.action: str(s.label) for s in next_steps(f)} == {
        "edit": "编辑",
        "submit": "提交",
        "withdraw": "撤回",
    }


def test_the_secretary_may_record_a_deputys_paper_but_is_not_offered_it():
    secretary = facts("draft", staff=True)
    assert may_take(secretary, "withdraw", on_behalf=True)
    assert may_take(secretary, "evaluate", on_behalf=True)
    assert "withdraw" not in [s.action for s in next_steps(secretary)]
    # A co-signer takes the evaluation for themself, never on another deputy's behalf.
    co_signer = facts("replied", co_signer=True)
    assert may_take(co_signer, "evaluate")
    assert not may_take(co_signer, "evaluate", on_behalf=True)
    # The session's decision on a motion: the secretary's, never a deputy's.
    assert may_take(facts("on_agenda", kind="motion", staff=True), "decide")
    assert not may_take(facts("on_agenda", kind="motion", lead_deputy=True), "decide")
    # Parts the steps do not name.
    assert not may_take(facts("replied", lead_deputy=True), "close")
    assert not may_take(facts("assigned", units=(LEAD,)), "co_opinion")
    assert not may_take(facts("assigned", units=(CO,)), "reply")
