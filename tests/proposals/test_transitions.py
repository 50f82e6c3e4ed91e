"""Every step through its service: allowed from each state the domain guide lists (the table
stated by hand in tests/proposals/lifecycle.py), refused with a Chinese message (and nothing
changed) from every other state."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress.roles import Role
from proposals import services, transitions
from proposals.models import Assignment, Proposal, Reply, State
from tests.factories import DeputyFactory, UnitFactory, UserFactory
from tests.proposals.helpers import item_in_state
from tests.proposals.lifecycle import EXPECTED

pytestmark = pytest.mark.django_db

ALL_STATES = [State(s) for s, _ in State.choices]


def _officer(unit):
    officer = unit.officers.first()
    if officer is None:
        officer = UserFactory(role=Role.UNIT_OFFICER)
        unit.officers.add(officer)
    return officer


def _assignment(item, role):
    """The item's active assignment of `role`, created (as a bare row) when it has none, so a
    unit's step can be tried in any state."""
    assignment = item.assignments.filter(active=True, role=role).first()
    if assignment is None:
        assignment = Assignment.objects.create(
            proposal=item,
            unit=UnitFactory(),
            role=role,
            assigned_date=timezone.localdate(),
            deadline=timezone.localdate() + timedelta(days=90),
        )
    return assignment


def _unevaluated_reply(item, deputy):
    """Make sure the item's latest reply is not yet evaluated by `deputy` (a bare reply row is
    added when needed), so an evaluation can be tried in any state."""
    latest = item.replies.order_by("-round").first()
    if latest is None or latest.evaluations.filter(deputy=deputy).exists():
        Reply.objects.create(
            proposal=item,
            unit=_assignment(item, Assignment.Role.LEAD).unit,
            round=(latest.round + 1) if latest else 1,
            text="答复",
            category="B",
            contact_person="王",
            phone="1",
            date=timezone.localdate(),
        )


def _set_kind(item, kind):
    Proposal.objects.filter(pk=item.pk).update(kind=kind)
    item.refresh_from_db()


def do(action, item, secretary):
    """Take `action` on `item` through the service that applies it."""
    version = item.version
    if action == "submit":
        return services.proposal_submit(actor=None, proposal=item, version=version)
    if action in ("register_motion", "register_suggestion"):
        _set_kind(item, "motion" if action == "register_motion" else "suggestion")
        return services.proposal_register(actor=secretary, proposal=item, version=item.version)
    if action in ("put_on_agenda", "convert", "not_accept"):
        return services.motion_review(
            actor=secretary, proposal=item, version=version, decision=action, reason="理由"
        )
    if action in ("adopt", "not_adopt"):
        return services.motion_decide(
            actor=secretary, proposal=item, adopted=action == "adopt", note="应到52人，实到47人"
        )
    if action == "decline":
        return services.proposal_decline(
            actor=secretary, proposal=item, version=version, reason="属于个人事项"
        )
    if action == "withdraw":
        return services.proposal_withdraw(actor=None, proposal=item, version=version)
    if action == "assign":
        return services.proposal_assign(
            actor=secretary, proposal=item, version=version, lead_unit=UnitFactory()
        )
    if action in ("return", "return_co", "acknowledge", "co_opinion"):
        role = Assignment.Role.LEAD if action in ("return", "acknowledge") else Assignment.Role.CO
        assignment = _assignment(item, role)
        officer = _officer(assignment.unit)
        if action == "acknowledge":
            return services.assignment_acknowledge(actor=officer, assignment=assignment)
        if action == "co_opinion":
            return services.co_opinion_submit(actor=officer, assignment=assignment, text="同意")
        return services.assignment_return(
            actor=officer,
            assignment=assignment,
            reason="不属于本单位职责",
            day=assignment.assigned_date,
        )
    if action == "reply":
        _assignment(item, Assignment.Role.LEAD)
        reply = Reply(text="已办理", category="A", contact_person="王", phone="1")
        return services.reply_submit(actor=secretary, proposal=item, version=version, reply=reply)
    if action in ("accept_reply", "reject_reply"):
        _unevaluated_reply(item, item.lead_deputy)
        return services.evaluation_submit(
            actor=secretary,
            proposal=item,
            deputy=item.lead_deputy,
            verdict="satisfied" if action == "accept_reply" else "unsatisfied",
            comment="意见",
        )
    if action == "co_evaluate":
        co_signer = item.co_signers.first()
        _unevaluated_reply(item, co_signer)
        return services.evaluation_submit(
            actor=secretary, proposal=item, deputy=co_signer, verdict="basically"
        )
    if action == "close":
        return services.proposal_close(
            actor=secretary, proposal=item, version=version, note="代表同意办结"
        )
    if action == "edit":
        item.title = "修改后的标题"
        return services.proposal_draft(actor=secretary, proposal=item, version=version)
    if action == "milestone":
        return services.milestone_add(
            actor=secretary, proposal=item, date=date(2025, 6, 1), note="已完成设计"
        )
    if action == "publish":
        return services.proposal_publish(actor=secretary, proposal=item, version=version)
    raise AssertionError(action)


def _cases():
    """Every step from every state, with the outcome the domain guide states (by hand, in
    tests/proposals/lifecycle.py, not read from the map under test)."""
    steps = {a: expected for a, expected in EXPECTED.items() if a != "lapse"}  # tested below
    for action, (froms, to) in steps.items():
        for state in ALL_STATES:
            yield pytest.param(
                action, state, to if state in froms else False, id=f"{action}-{state}"
            )


def _item(state, secretary):
    # Four co-signers: a motion has its five deputies, and a co-signer can evaluate. The draft
    # is a paper form the secretary entered: a deputy's own draft is not hers to register.
    return item_in_state(
        state,
        secretary=secretary,
        co_signers=DeputyFactory.create_batch(4),
        **({"created_by": secretary} if state == State.DRAFT else {}),
    )


def test_the_map_lists_only_real_states_and_every_action_has_a_label():
    for action, (froms, to, label) in transitions.TRANSITIONS.items():
        assert froms <= set(ALL_STATES) and to in ALL_STATES, action
        assert str(label), action
    for action, (froms, label) in transitions.RECORDS.items():
        assert froms <= set(ALL_STATES) and str(label), action


@pytest.mark.parametrize("action,state,outcome", list(_cases()))
def test_each_step_is_allowed_exactly_from_the_states_of_the_domain(
    action, state, outcome, secretary
):
    item = _item(state, secretary)
    assert item.state == state
    events, version = item.events.count(), item.version
    if outcome is False:
        label = str(transitions.label(action))
        with pytest.raises(ValidationError) as refused:
            do(action, item, secretary)
        assert f"不能进行“{label}”操作" in refused.value.messages[0]
        assert f"处于“{State(state).label}”状态" in refused.value.messages[0]
        item.refresh_from_db()
        assert item.state == state
        assert item.version == version
        assert item.events.count() == events
    else:
        do(action, item, secretary)
        item.refresh_from_db()
        expected = state if outcome is None else outcome
        assert item.state == expected
        assert item.version > version
        event = item.events.order_by("-pk").first()
        assert (event.action, event.from_state, event.to_state) == (action, state, expected)


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_evaluation_window_lapses_only_for_replied_items(state, secretary):
    item = _item(state, secretary)
    before = item.version
    services.evaluations_lapse(today=timezone.localdate() + timedelta(days=365))
    item.refresh_from_db()
    if state == State.REPLIED:
        assert item.state == State.CLOSED
        event = item.events.order_by("-pk").first()
        assert (event.action, event.actor, event.from_state) == ("lapse", None, State.REPLIED)
    else:
        assert (item.state, item.version) == (state, before)
