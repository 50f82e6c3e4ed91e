"""The deputies' demo data: a plausible roster, the same after a second run."""

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.core.management import call_command
from django.utils import timezone

from congress import idnumbers
from congress.models import Session
from deputies import selectors
from deputies.models import (
    Activity,
    Attendance,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    GroupMembership,
    Level,
    LiaisonStation,
    Petition,
    Seat,
    SessionAttendance,
    VoterContact,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Deputy,
    Seat,
    DeputyGroup,
    GroupMembership,
    LiaisonStation,
    Activity,
    Attendance,
    SessionAttendance,
    VoterContact,
    Petition,
    AuditEntry,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_twice_leaves_the_same_deputies_data(capsys):
    call_command("seed_demo")
    first = counts()
    record = Deputy.objects.get(user__username="daibiao")
    entries = selectors.performance_record(record, timezone.localdate().year)
    call_command("seed_demo")
    assert counts() == first
    again = selectors.performance_record(record, timezone.localdate().year)
    assert [(e.day, e.title) for e in again] == [(e.day, e.title) for e in entries]


def test_the_demo_roster_is_plausible(capsys):
    call_command("seed_demo")
    today = timezone.localdate()
    in_office = Deputy.objects.filter(status=DeputyStatus.IN_OFFICE)
    assert 45 <= in_office.count() <= 60
    assert Deputy.objects.exclude(status=DeputyStatus.IN_OFFICE).exists()
    composition = selectors.composition(today)
    assert 0.15 <= composition.gender["F"] / composition.total <= 0.35
    assert composition.minority >= 1
    assert len(composition.party) == 3
    assert Seat.objects.filter(level=Level.COUNTY).count() >= 2
    assert Seat.objects.filter(level=Level.PROVINCE).count() == 1
    for deputy in Deputy.objects.exclude(id_number=""):
        assert idnumbers.check(deputy.id_number) == deputy.id_number

    groups = DeputyGroup.objects.all()
    assert groups.count() == 5
    assert all(group.leader_id and group.liaison_id for group in groups)
    assert sorted(s.reception_days for s in LiaisonStation.objects.all()) == ["10,20", "5,15,25"]

    activities = Activity.objects.all()
    assert 25 <= activities.count() <= 40
    assert len({a.kind for a in activities}) >= 10
    assert all(0 <= (today - a.start_date).days <= 366 for a in activities)
    assert 70 <= VoterContact.objects.count() <= 100
    assert all(c.date <= today for c in VoterContact.objects.all())
    assert Petition.objects.count() >= 3

    # Session attendance agrees with the session's figures.
    for session in Session.objects.filter(start_date__lte=today):
        rows = SessionAttendance.objects.filter(session=session)
        assert session.deputies_total == rows.count() > 0
        assert session.deputies_present == rows.filter(status="present").count()
        assert session.quorum_met


def test_the_demo_deputy_account_has_a_rich_record(capsys):
    call_command("seed_demo")
    deputy = Deputy.objects.get(user__username="daibiao")
    assert deputy.name == deputy.user.name
    today = timezone.localdate()
    entries = selectors.performance_record(deputy, today.year) + selectors.performance_record(
        deputy, today.year - 1
    )
    categories = {entry.category for entry in entries}
    assert {"activity", "training", "voter_contact"} <= categories
    assert deputy.voter_contacts.count() >= 10
    assert deputy.stations.exists()
