"""Rules that used to live in views, now in services and selectors: every step a user triggers
is refused (PermissionDenied) to a user with no part in it; the deputy's and the secretary's
draft forms leave nothing half-written and the form's item as it came; the bulk assignment
is all or nothing; the units' workload; the public page's phone masking."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from congress.roles import Role
from congress.text import without_phones
from proposals import selectors, services
from proposals.models import Assignment, Event, HandlingUnit, Proposal, Reply, State
from tests.factories import DeputyFactory, ProposalFactory, UnitFactory, UserFactory
from tests.proposals.helpers import (
    assigned,
    deputy_with_user,
    lead_assignment,
    officer_of,
    replied,
    suggestion_in_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    unit = UnitFactory()
    unit.officers.add(officer)
    return unit


# Every step a user triggers checks the user's part, the same way


def test_the_secretarys_steps_are_refused_to_a_deputy_and_an_officer(secretary, unit, officer):
    deputy = deputy_with_user()
    item = replied(
        assigned(ProposalFactory(lead_deputy=deputy), secretary, unit), officer, category="B"
    )
    waiting = suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary)
    submitted = suggestion_in_state(State.SUBMITTED, secretary=secretary)
    for user in (deputy.user, officer):
        steps = [
            lambda u: services.proposal_close(
                actor=u, proposal=item, version=item.version, note="办结"
            ),
            lambda u: services.milestone_add(
                actor=u, proposal=item, date=timezone.localdate(), note="进展"
            ),
            lambda u: services.proposal_assign(
                actor=u, proposal=waiting, version=waiting.version, lead_unit=unit
            ),
            lambda u: services.proposal_decline(
                actor=u, proposal=waiting, version=waiting.version, reason="个人事项"
            ),
            lambda u: services.proposal_register(
                actor=u, proposal=submitted, version=submitted.version
            ),
        ]
        for step in steps:
            with pytest.raises(PermissionDenied):
                step(user)
    item.refresh_from_db()
    assert item.state == State.REPLIED and not item.milestones.exists()
    assert Proposal.objects.get(pk=waiting.pk).state == State.AWAITING_ASSIGNMENT


def test_a_deputys_steps_are_refused_to_other_deputies_and_recorded_by_the_secretary(
    secretary,
):
    deputy, stranger = deputy_with_user(), deputy_with_user()
    item = ProposalFactory(lead_deputy=deputy)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(actor=stranger.user, proposal=item, version=item.version)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=stranger.user, proposal=item, version=item.version)
    item.title = "别人改的标题"
    with pytest.raises(PermissionDenied):
        services.proposal_draft(actor=stranger.user, proposal=item, version=item.version)
    item.refresh_from_db()
    # The secretary records the deputy's written withdrawal.
    services.proposal_withdraw(actor=secretary, proposal=item, version=item.version)
    assert Proposal.objects.get(pk=item.pk).state == State.WITHDRAWN


def test_a_co_signer_evaluates_only_for_themself(secretary, unit, officer):
    lead, co_signer = deputy_with_user(), deputy_with_user()
    item = replied(
        assigned(ProposalFactory(lead_deputy=lead, co_signers=[co_signer]), secretary, unit),
        officer,
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=co_signer.user, proposal=item, deputy=lead, verdict="satisfied"
        )
    services.evaluation_submit(
        actor=co_signer.user, proposal=item, deputy=co_signer, verdict="basically"
    )
    assert Proposal.objects.get(pk=item.pk).state == State.REPLIED


def test_a_units_step_is_refused_to_the_other_role_and_to_other_units(secretary, unit, officer):
    co_unit, stranger_unit = UnitFactory(), UnitFactory()
    co_officer, stranger = UserFactory(role=Role.UNIT_OFFICER), UserFactory(role=Role.UNIT_OFFICER)
    co_unit.officers.add(co_officer)
    stranger_unit.officers.add(stranger)
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit])
    lead = lead_assignment(item)
    with pytest.raises(PermissionDenied):  # the lead unit sends no co-handling opinion
        services.co_opinion_submit(actor=officer, assignment=lead, text="同意")
    with pytest.raises(PermissionDenied):
        services.assignment_acknowledge(actor=stranger, assignment=lead)
    reply = Reply(text="已办理", category="A", contact_person="王", phone="1")
    with pytest.raises(PermissionDenied):  # a co-unit does not answer for the item
        services.reply_submit(actor=co_officer, proposal=item, version=item.version, reply=reply)
    assert not item.events.filter(action__in=["co_opinion", "acknowledge", "reply"]).exists()


def test_handling_units_are_kept_by_the_secretary_only(secretary, officer):
    with pytest.raises(PermissionDenied):
        services.handling_unit_save(
            actor=officer, unit=HandlingUnit(name="民政办", kind="township_office"), officers=[]
        )
    services.handling_unit_save(
        actor=secretary, unit=HandlingUnit(name="民政办", kind="township_office"), officers=[]
    )
    assert HandlingUnit.objects.filter(name="民政办").exists()


# Draft forms: all or nothing, the form's item as it came


def test_a_refused_submission_saves_nothing_and_leaves_the_new_item_unsaved():
    deputy = deputy_with_user()
    item = Proposal(
        kind="motion", title="关于整治河道的议案", content="河道淤塞。", topic="environment"
    )
    item.lead_deputy = deputy
    events = Event.objects.count()
    with pytest.raises(ValidationError, match="5名以上代表"):
        services.proposal_save(actor=deputy.user, proposal=item, submit=True)
    assert item.pk is None and item._state.adding and item.state == State.DRAFT
    assert not Proposal.objects.exists() and Event.objects.count() == events
    # The same instance saved again (the form sent once more, as a draft) is one new item.
    services.proposal_save(actor=deputy.user, proposal=item)
    assert Proposal.objects.get().pk == item.pk


def test_a_refused_edit_keeps_the_values_it_was_given(secretary):
    deputy = deputy_with_user()
    item = ProposalFactory(lead_deputy=deputy, kind="motion")
    stale = item.version
    Proposal.objects.filter(pk=item.pk).update(version=stale + 1)
    item.title = "新标题"
    with pytest.raises(ValidationError):
        services.proposal_save(actor=deputy.user, proposal=item, version=stale, submit=True)
    assert (item.title, item.version) == ("新标题", stale)
    assert Proposal.objects.get(pk=item.pk).title != "新标题"


def test_a_refused_paper_registration_leaves_nothing(secretary):
    item = Proposal(
        kind="motion", title="议案", content="内容", topic="transport", lead_deputy=DeputyFactory()
    )
    with pytest.raises(ValidationError):
        services.proposal_register_paper(actor=secretary, proposal=item)
    assert item.pk is None and not Proposal.objects.exists()


# The bulk assignment


def _row(item, unit, **changes):
    row = {"proposal": item, "version": item and item.version, "lead_unit": unit}
    return {**row, "co_units": [], "broad": False, **changes}


def test_the_bulk_assignment_is_all_or_nothing_with_each_refusal_on_its_row(secretary, unit):
    items = [suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary) for _ in range(3)]
    rows = [_row(items[0], unit), _row(items[1], unit, version=0), _row(None, unit)]
    with pytest.raises(ValidationError) as refused:
        services.proposal_assign_bulk(
            actor=secretary, rows=rows, assigned_date=timezone.localdate()
        )
    assert sorted(refused.value.error_dict) == [1, 2]
    assert "已被他人修改" in refused.value.error_dict[1][0].messages[0]
    assert not Assignment.objects.exists()
    assert {i.state for i in Proposal.objects.all()} == {State.AWAITING_ASSIGNMENT}
    # The form sent again (with the items as they now are) assigns them all.
    assigned_count = services.proposal_assign_bulk(
        actor=secretary,
        rows=[_row(Proposal.objects.get(pk=i.pk), unit) for i in items],
        assigned_date=timezone.localdate(),
    )
    assert assigned_count == 3 and Assignment.objects.count() == 3
    with pytest.raises(ValidationError, match="至少为一件"):
        services.proposal_assign_bulk(actor=secretary, rows=[], assigned_date=None)


def test_the_bulk_assignment_is_the_secretarys(secretary, unit, officer):
    item = suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary)
    with pytest.raises(PermissionDenied):
        services.proposal_assign_bulk(
            actor=officer, rows=[_row(item, unit)], assigned_date=timezone.localdate()
        )
    assert not Assignment.objects.exists()


# Selectors


def test_units_workload_counts_items_led_and_those_overdue(secretary, unit):
    other = UnitFactory()
    late = assigned(ProposalFactory(), secretary, unit, co_units=[other])
    Proposal.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assigned(ProposalFactory(), secretary, unit)
    replied(
        assigned(ProposalFactory(), secretary, unit), officer_of(lead_assignment(late).proposal)
    )
    counts = {u.pk: (u.handling, u.overdue) for u in selectors.units_with_workload()}
    # Co-handling is not the unit's to answer; a replied item is no longer being handled.
    assert counts[unit.pk] == (2, 1) and counts[other.pk] == (0, 0)


def test_phone_numbers_are_masked_in_public_text():
    text = "联系电话13912345678，办公室0571-7654321或057187654321；编号20250001234567不变。"
    assert without_phones(text) == "联系电话***，办公室***或***；编号20250001234567不变。"
