"""Notifications leave the portal only for committed steps: a refused or rolled-back step, a
dry run and a replayed history mail nobody; a committed step mails each recipient once."""

import pytest
from django.core import mail
from django.db import transaction

from congress.roles import Role
from proposals import services
from proposals.models import Notification
from tests.factories import ProposalFactory, UnitFactory, UserFactory
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
