"""Deputies' writes: seats and group history, attendance, voter contacts."""

from datetime import date

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.core.exceptions import PermissionDenied

from congress.models import Session
from deputies import services
from deputies.models import (
    Attendance,
    AttendanceStatus,
    Deputy,
    DeputyStatus,
    GroupMembership,
    Level,
    Seat,
    SessionAttendance,
    VoterContact,
)
from tests.factories import (
    ActivityFactory,
    DeputyFactory,
    GroupFactory,
    MemberFactory,
    SessionFactory,
    StationFactory,
)


@pytest.mark.django_db
def test_deputy_save_keeps_seats_of_other_terms_and_group_history(secretary):
    first, second = GroupFactory(), GroupFactory()
    deputy = Deputy(
        name="张三",
        gender="M",
        birth_date=date(1970, 1, 1),
        party="cpc",
        education="college",
        occupation="farmer",
        id_number="11010519491231002x",
    )
    services.deputy_save(
        actor=secretary,
        deputy=deputy,
        levels=[Level.TOWNSHIP, Level.COUNTY],
        group=first,
        term_number=18,
        day=date(2024, 1, 1),
    )
    Seat.objects.create(deputy=deputy, level=Level.TOWNSHIP, term_number=17)
    assert deputy.id_number == "11010519491231002X"

    services.deputy_save(
        actor=secretary,
        deputy=deputy,
        levels=[Level.TOWNSHIP],
        group=second,
        term_number=18,
        day=date(2025, 3, 1),
    )
    seats = set(deputy.seats.values_list("level", "term_number"))
    assert seats == {(Level.TOWNSHIP, 18), (Level.TOWNSHIP, 17)}
    history = list(
        GroupMembership.objects.filter(deputy=deputy)
        .order_by("start_date")
        .values_list("group", "start_date", "end_date")
    )
    assert history == [
        (first.pk, date(2024, 1, 1), date(2025, 3, 1)),
        (second.pk, date(2025, 3, 1), None),
    ]
    # The trail: the deputy created (ID number masked as pages show it, never in clear), then
    # the second save's changes on the rows that changed: the county seat gone, the group moved.
    created = AuditEntry.objects.get_for_object(deputy).get()
    assert (created.actor, created.action) == (secretary, AuditEntry.Action.CREATE)
    assert created.changes_dict["id_number"][1] == "1101*************X"
    assert "11010519491231002X" not in str(
        list(AuditEntry.objects.values_list("changes", flat=True))
    )
    seats = AuditEntry.objects.get_for_model(Seat).filter(actor=secretary)
    assert seats.filter(action=AuditEntry.Action.DELETE).count() == 1
    moves = AuditEntry.objects.get_for_model(GroupMembership).filter(actor=secretary)
    assert sorted(moves.values_list("action", flat=True)) == [
        AuditEntry.Action.CREATE,
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
    ]


@pytest.mark.django_db
def test_activity_save_records_and_corrects_attendance(secretary):
    deputies = [DeputyFactory() for _ in range(3)]
    activity = ActivityFactory.build()
    services.activity_save(
        actor=secretary,
        activity=activity,
        attendance={deputies[0]: AttendanceStatus.PRESENT, deputies[1]: AttendanceStatus.LEAVE},
    )
    services.activity_save(
        actor=secretary,
        activity=activity,
        attendance={deputies[1]: AttendanceStatus.PRESENT, deputies[2]: AttendanceStatus.PRESENT},
    )
    recorded = dict(Attendance.objects.filter(activity=activity).values_list("deputy", "status"))
    assert recorded == {deputies[1].pk: "present", deputies[2].pk: "present"}
    assert activity.created_by == secretary


@pytest.mark.django_db
def test_session_attendance_sets_the_session_counts(secretary):
    session = SessionFactory(
        deputies_total=None, deputies_present=None, deputies_on_leave=None, deputies_absent=None
    )
    deputies = [DeputyFactory() for _ in range(6)]
    statuses = ["present"] * 4 + ["leave", "absent"]
    services.session_attendance_set(
        actor=secretary, session=session, attendance=dict(zip(deputies, statuses, strict=True))
    )
    session = Session.objects.get(pk=session.pk)
    assert (
        session.deputies_total,
        session.deputies_present,
        session.deputies_on_leave,
        session.deputies_absent,
    ) == (6, 4, 1, 1)
    assert session.quorum_met is True
    assert SessionAttendance.objects.filter(session=session).count() == 6


@pytest.mark.django_db
def test_a_deputy_records_only_their_own_voter_contacts(deputy_user):
    own = DeputyFactory(user=deputy_user)
    other = DeputyFactory()
    contact = VoterContact(
        deputy=other,
        date=date(2025, 4, 1),
        method="visit",
        voters="河东村村民",
        issues_raised="道路破损",
    )
    with pytest.raises(PermissionDenied):
        services.voter_contact_save(actor=deputy_user, contact=contact)
    contact.deputy = own
    services.voter_contact_save(actor=deputy_user, contact=contact)
    assert VoterContact.objects.get().created_by == deputy_user


@pytest.mark.django_db
def test_the_secretary_records_contacts_for_any_deputy(secretary):
    contact = VoterContact(
        deputy=DeputyFactory(),
        date=date(2025, 4, 1),
        method="phone",
        voters="李四",
        issues_raised="低保申请",
    )
    services.voter_contact_save(actor=secretary, contact=contact)
    assert VoterContact.objects.count() == 1


@pytest.mark.django_db
def test_a_seat_ended_on_the_roster_ends_what_requires_it(secretary):
    """Recorded on the roster form (a death, a move away): the group and its leadership, the
    station's duty roster and the presidium seat end that day (Election Law arts. 54, 56)."""
    deputy = DeputyFactory(name="赵强")
    group = GroupFactory(leader=deputy)
    services.deputy_group_set(deputy=deputy, group=group, day=date(2022, 1, 1))
    station = StationFactory()
    station.resident_deputies.add(deputy)
    seat = MemberFactory(name="赵强", role="vice_chair")
    deputy.status, deputy.status_date = DeputyStatus.DECEASED, date(2025, 3, 2)
    services.deputy_save(actor=secretary, deputy=deputy, levels=["township"], term_number=18)
    group.refresh_from_db()
    seat.refresh_from_db()
    assert group.leader is None
    assert deputy.memberships.get().end_date == date(2025, 3, 2)
    assert not station.resident_deputies.exists()
    assert seat.end_date == date(2025, 3, 2)
    # Saved again (a typo corrected), nothing more ends: the seat ended once.
    services.deputy_save(actor=secretary, deputy=deputy, levels=["township"], term_number=18)
    assert deputy.memberships.count() == 1
