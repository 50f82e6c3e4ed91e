"""Notifications leave the portal only for committed steps: a refused or rolled-back step, a
dry run and a replayed history mail nobody; a committed step mails each recipient once. A
notification is done (read) once its task is done; the unread count for the 通知 badge."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals import services
from proposals.models import Notification, State, Verdict
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals import helpers
from tests.proposals.helpers import registered
from tests.proposals.test_resources import HISTORY, import_history, township  # noqa: F401

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


@pytest.fixture
def mailed_secretary(secretary):
    secretary.email = "mishu@example.com"
    secretary.save()
    return secretary


def test_a_committed_step_mails_each_recipient_once(
    mailed_secretary, django_capture_on_commit_callbacks
):
    officers = [UserFactory(role=Role.UNIT_OFFICER, email=f"o{n}@example.com") for n in (1, 2)]
    unit = UnitFactory(officers=[*officers, UserFactory(role=Role.UNIT_OFFICER, email="")])
    item = registered(ProposalFactory(), mailed_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_assign(
            actor=mailed_secretary, proposal=item, version=item.version, lead_unit=unit
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["o1@example.com", "o2@example.com"]
    # The inbox has it for all three officers, with or without an address.
    assert Notification.objects.filter(proposal=item).count() == 3


def test_a_rolled_back_step_mails_nobody(mailed_secretary, django_capture_on_commit_callbacks):
    officer = UserFactory(role=Role.UNIT_OFFICER, email="o1@example.com")
    unit = UnitFactory(officers=[officer])
    item = registered(ProposalFactory(), mailed_secretary)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Refused), transaction.atomic():
            services.proposal_assign(
                actor=mailed_secretary, proposal=item, version=item.version, lead_unit=unit
            )
            raise Refused  # e.g. the next item of a bulk assignment was refused
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.filter(proposal=item).exists()


def test_a_replayed_history_puts_nothing_in_inboxes_and_mails_nobody(
    tmp_path,
    mailed_secretary,
    township,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    # Every unit of the history has an officer with an address, who would hear of each step.
    for unit in township.units.values():
        unit.officers.add(UserFactory(role=Role.UNIT_OFFICER, email=f"{unit.pk}@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_history(tmp_path, mailed_secretary, rows=HISTORY)
    assert report.ok and report.new == len(HISTORY)
    assert mail.outbox == [] and not Notification.objects.exists()
    # Steps taken afterwards are news again.
    item = registered(ProposalFactory(), mailed_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_assign(
            actor=mailed_secretary,
            proposal=item,
            version=item.version,
            lead_unit=township.units["民政办"],
        )
    assert len(mail.outbox) == 1


# A notification is done when its task is done: marked read by the service that completes the
# task, in the same transaction, for the recipients whose part it was.


def unread(user, item=None):
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    return rows.filter(proposal=item) if item is not None else rows


@pytest.fixture
def officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(officers=[officer])


def test_the_unread_count_counts_the_users_unread_notifications(secretary, officer):
    from proposals.selectors import notifications_unread_count

    services.notify([officer], "一")
    services.notify([officer, secretary], "二")
    Notification.objects.filter(user=officer, message="一").update(read_at=timezone.now())
    assert notifications_unread_count(officer) == 1
    assert notifications_unread_count(secretary) == 1
    assert notifications_unread_count(AnonymousUser()) == 0


def test_new_item_is_done_for_every_secretary_once_registered(secretary):
    other = UserFactory(role=Role.SECRETARY)
    item = helpers.submitted(ProposalFactory())
    assert unread(secretary, item).count() == unread(other, item).count() == 1
    helpers.registered(item, secretary)
    assert not unread(secretary, item).exists() and not unread(other, item).exists()


@pytest.mark.parametrize("step", ["decline", "withdraw"])
def test_new_item_is_done_when_declined_or_withdrawn(secretary, step):
    item = helpers.submitted(ProposalFactory())
    if step == "decline":
        services.proposal_decline(
            actor=secretary, proposal=item, version=item.version, reason="属于信访事项"
        )
    else:
        services.proposal_withdraw(actor=None, proposal=item, version=item.version)
    assert not unread(secretary, item).exists()


def test_a_returned_item_is_done_once_assigned_again(secretary, unit):
    item = helpers.returned(helpers.assigned(ProposalFactory(), secretary, unit))
    assert unread(secretary, item).count() == 1  # 退回
    helpers.assigned(item, secretary, UnitFactory())
    assert not unread(secretary, item).exists()


def test_an_assignment_is_done_for_the_units_officers_once_acknowledged(secretary, unit, officer):
    colleague = UserFactory(role=Role.UNIT_OFFICER)
    unit.officers.add(colleague)
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    item = helpers.assigned(
        ProposalFactory(), secretary, unit, co_units=[UnitFactory(officers=[co_officer])]
    )
    # A daily reminder about the deadline, sent before acknowledging.
    services.notify([officer], "即将到期", proposal=item, key=f"due_soon:{item.pk}:2026-01-01")
    helpers.acknowledged(item, officer)
    assert not unread(colleague, item).exists()
    # The reminder stays until the reply; the co-unit has acknowledged nothing.
    assert [n.message for n in unread(officer, item)] == ["即将到期"]
    assert unread(co_officer, item).count() == 1


def test_the_reply_ends_the_lead_units_notifications_and_reminders(secretary, unit, officer):
    deputy = helpers.deputy_with_user()
    item = helpers.assigned(ProposalFactory(lead_deputy=deputy), secretary, unit)
    services.notify([officer], "已逾期", proposal=item, key=f"overdue:{item.pk}:2026-01-01")
    helpers.replied(item, officer)
    assert not unread(officer, item).exists()
    assert unread(deputy.user, item).count() == 1  # 请进行评价


def test_a_rehandling_notice_is_done_with_the_new_reply(secretary, unit, officer):
    item = helpers.replied(
        helpers.acknowledged(helpers.assigned(ProposalFactory(), secretary, unit))
    )
    helpers.evaluated(item, Verdict.UNSATISFIED, actor=secretary)
    assert unread(officer, item).count() == 1  # 须重新办理
    helpers.replied(item, officer)
    assert not unread(officer, item).exists()


def test_a_co_units_notifications_are_done_with_its_opinion(secretary, unit):
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    co_unit = UnitFactory(officers=[co_officer])
    item = helpers.assigned(ProposalFactory(), secretary, unit, co_units=[co_unit])
    services.notify([co_officer], "协办意见逾期", proposal=item, key="co_overdue:1:2026-01-01")
    assert unread(co_officer, item).count() == 2
    helpers.co_opinion(item, co_unit)
    assert not unread(co_officer, item).exists()


def test_returning_ends_the_notifications_of_every_unit_whose_part_ends(secretary, unit, officer):
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    item = helpers.assigned(
        ProposalFactory(), secretary, unit, co_units=[UnitFactory(officers=[co_officer])]
    )
    helpers.returned(item, officer)
    assert not unread(officer, item).exists() and not unread(co_officer, item).exists()


def test_please_evaluate_is_done_for_the_deputy_who_evaluated(secretary, unit):
    lead, co_signer = helpers.deputy_with_user(), helpers.deputy_with_user()
    item = helpers.replied(
        helpers.assigned(ProposalFactory(lead_deputy=lead, co_signers=[co_signer]), secretary, unit)
    )
    assert unread(lead.user, item).count() == unread(co_signer.user, item).count() == 1
    helpers.evaluated(item, Verdict.SATISFIED)
    assert not unread(lead.user, item).exists()
    assert unread(co_signer.user, item).count() == 1  # still theirs to evaluate
    helpers.evaluated(item, Verdict.BASICALLY, deputy=co_signer)
    assert not unread(co_signer.user, item).exists()


def test_please_evaluate_is_done_when_a_secretary_enters_the_evaluation(secretary, unit):
    lead = helpers.deputy_with_user()
    item = helpers.replied(helpers.assigned(ProposalFactory(lead_deputy=lead), secretary, unit))
    helpers.evaluated(item, Verdict.SATISFIED, actor=secretary)
    assert not unread(lead.user, item).exists()


def test_please_evaluate_is_done_when_the_window_lapses(secretary, unit):
    lead = helpers.deputy_with_user()
    item = helpers.replied(
        helpers.assigned(ProposalFactory(lead_deputy=lead), secretary, unit),
        day=timezone.localdate() - timedelta(days=60),
    )
    services.evaluations_lapse()
    item.refresh_from_db()
    assert item.state == State.CLOSED
    assert not unread(lead.user, item).exists()


def test_closing_ends_the_lead_deputys_and_the_units_notifications(secretary, unit, officer):
    lead = helpers.deputy_with_user()
    item = helpers.replied(helpers.assigned(ProposalFactory(lead_deputy=lead), secretary, unit))
    helpers.evaluated(item, Verdict.UNSATISFIED)
    assert unread(officer, item).exists()
    helpers.closed(item, secretary)
    assert not unread(officer, item).exists() and not unread(lead.user, item).exists()


def test_done_notifications_leave_the_unread_count_but_stay_in_the_list(client, secretary, unit):
    lead = helpers.deputy_with_user()
    item = helpers.replied(helpers.assigned(ProposalFactory(lead_deputy=lead), secretary, unit))
    client.force_login(lead.user)
    helpers.evaluated(item, Verdict.SATISFIED)
    response = client.get(reverse("notification_list"))
    assert item.label in response.content.decode()
    assert response.context["unread"] == set()
