"""Writes about deputies. Each function is one transaction; the audit trail records what it
changed and who did it (congress.audit).

Plain records (groups, stations, petitions, duty requirements) use congress.services.record_save.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import idnumbers
from congress.audit import audited
from congress.models import PresidiumMember, PresidiumRole
from congress.services import record_save
from congress.uploads import original_name
from deputies.models import (
    ActivityAttachment,
    Attendance,
    AttendanceStatus,
    Deputy,
    DeputyGroup,
    DeputyIdExport,
    DeputyStatus,
    GroupMembership,
    LiaisonStation,
    Seat,
    SessionAttendance,
)
from deputies.signals import seat_ended


@audited
@transaction.atomic
def deputy_save(
    *, actor, deputy, levels=(), group=None, term_number=None, day=None, redate_group=False
):
    """Save a deputy with the levels they sit at and their current group.

    `levels` replaces the seats of the given township term (other terms' seats stay, as
    history); a change of group closes the old membership on `day` and opens the new one.
    `redate_group`: a deputy staying in `group` has been in it since `day` (a correction)."""
    day = day or timezone.localdate()
    deputy.id_number = idnumbers.check(deputy.id_number)
    was_in_office = (
        deputy.pk is not None
        and Deputy.objects.filter(pk=deputy.pk, status=DeputyStatus.IN_OFFICE).exists()
    )
    if deputy.status == DeputyStatus.IN_OFFICE:
        deputy.status_time = None
    deputy.full_clean()
    deputy.save()
    _seats_set(deputy, levels, term_number)
    if was_in_office and deputy.status != DeputyStatus.IN_OFFICE:
        seat_ended_effects(actor=actor, deputy=deputy, day=deputy.status_date)
    else:
        deputy_group_set(deputy=deputy, group=group, day=day, redate=redate_group)
    return deputy


@audited
@transaction.atomic
def seat_end(*, actor, deputy, status, day, time=None):
    """End a deputy's seat on `day` (at `time` when a vote of the congress ended it): a
    resignation accepted by more than half of all deputies (Election Law art. 55), a recall by
    the voters, a death, a move away, the other grounds of the Deputy Law (art. 62 as revised in
    2025, art. 49 before). Refused when the seat has already ended."""
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if deputy.status != DeputyStatus.IN_OFFICE:
        raise ValidationError(
            _("%(name)s no longer holds a seat (%(status)s).")
            % {"name": deputy.name, "status": deputy.get_status_display()}
        )
    if status == DeputyStatus.IN_OFFICE or status not in DeputyStatus.values:
        raise ValidationError(_("Choose how the seat ended."))
    deputy.status, deputy.status_date, deputy.status_time = status, day, time
    deputy.full_clean()
    deputy.save(update_fields=["status", "status_date", "status_time"])
    seat_ended_effects(actor=actor, deputy=deputy, day=day)
    return deputy


def seat_ended_effects(*, actor, deputy, day):
    """What requires being a deputy ends with the seat, in the seat's transaction: the group
    (and its leadership), the liaison stations' duty rosters, the presidium seat (Election Law
    arts. 54, 56 for the chair and vice-chairs), and, through the signal, the offices the apps
    above hold (elections: the chair's and vice-chairs' posts)."""
    for membership in GroupMembership.objects.filter(deputy=deputy, end_date__isnull=True):
        membership.end_date = max(day, membership.start_date)
        membership.save(update_fields=["end_date"])
    for group in DeputyGroup.objects.filter(leader=deputy):
        group.leader = None
        record_save(actor=actor, record=group)
    for station in LiaisonStation.objects.filter(resident_deputies=deputy):
        station.resident_deputies.remove(deputy)
    seats = PresidiumMember.objects.filter(end_date__isnull=True).exclude(
        role=PresidiumRole.SECRETARY  # the secretary need not be a deputy
    )
    if deputy.user_id:
        seats = seats.filter(Q(user=deputy.user_id) | Q(user__isnull=True, name=deputy.name))
    else:
        seats = seats.filter(name=deputy.name)
    for seat in seats:
        seat.end_date = max(day, seat.start_date)
        record_save(actor=actor, record=seat)
    seat_ended.send(sender=Deputy, deputy=deputy, day=day, actor=actor)


@transaction.atomic
def deputy_id_export_record(*, actor, term, what, rows):
    """Log that `actor` took `rows` deputies with their full ID numbers out of the portal
    (deputies.export_full_id_number), linked to the term of the roster."""
    return DeputyIdExport.objects.create(user=actor, term=term, what=what[:200], rows=rows)


def _seats_set(deputy, levels, term_number):
    wanted = set(levels)
    current = {seat.level: seat for seat in deputy.seats.filter(term_number=term_number)}
    for level in wanted - current.keys():
        Seat.objects.create(deputy=deputy, level=level, term_number=term_number)
    Seat.objects.filter(
        pk__in=[seat.pk for level, seat in current.items() if level not in wanted]
    ).delete()


def deputy_group_set(*, deputy, group, day, redate=False):
    """Move the deputy to `group` (or out of every group) from `day`, keeping the history.
    `redate`: when the deputy is in `group` already, their membership starts on `day` instead
    (a start date corrected, e.g. by a roster bringing a past term in)."""
    current = GroupMembership.objects.filter(deputy=deputy, end_date__isnull=True).first()
    if current and current.group_id == (group.pk if group else None):
        if redate and current.start_date != day:
            current.start_date = day
            current.save(update_fields=["start_date"])
        return
    if current:
        current.end_date = max(day, current.start_date)
        current.save(update_fields=["end_date"])
    if group:
        GroupMembership.objects.create(deputy=deputy, group=group, start_date=day)


@audited
@transaction.atomic
def activity_save(*, actor, activity, attendance, attachment=None, attachment_title=""):
    """Save an activity with its attendance: `attendance` maps deputies to a status; deputies
    left out are not recorded as taking part. `attachment`, an uploaded file, is kept with it,
    in the same transaction."""
    if activity.pk is None:
        activity.created_by = actor
    activity.full_clean()
    activity.save()
    current = {a.deputy_id: a for a in activity.attendances.all()}
    for deputy, status in attendance.items():
        record = current.pop(deputy.pk, None)
        if record is None:
            Attendance.objects.create(activity=activity, deputy=deputy, status=status)
        elif record.status != status:
            record.status = status
            record.save(update_fields=["status"])
    # Unticked deputies: their attendance rows go, and the audit trail keeps what they said.
    Attendance.objects.filter(pk__in=[a.pk for a in current.values()]).delete()
    if attachment:
        record_save(
            actor=actor,
            record=ActivityAttachment(
                activity=activity,
                file=attachment,
                original_name=original_name(attachment),
                title=attachment_title,
            ),
        )
    return activity


@transaction.atomic
def station_save(*, actor, station, residents):
    """Save a liaison station with the deputies stationed there."""
    station = record_save(actor=actor, record=station)
    station.resident_deputies.set(residents)
    return station


@audited
@transaction.atomic
def session_attendance_set(*, actor, session, attendance):
    """Record each deputy's attendance at a session and keep the session's counts in step."""
    SessionAttendance.objects.filter(session=session).exclude(deputy__in=list(attendance)).delete()
    for deputy, status in attendance.items():
        SessionAttendance.objects.update_or_create(
            session=session, deputy=deputy, defaults={"status": status}
        )
    statuses = list(attendance.values())
    session.deputies_total = len(statuses)
    session.deputies_present = statuses.count(AttendanceStatus.PRESENT)
    session.deputies_on_leave = statuses.count(AttendanceStatus.LEAVE)
    session.deputies_absent = statuses.count(AttendanceStatus.ABSENT)
    session.full_clean()
    session.save()
    return session


@audited
@transaction.atomic
def voter_contact_save(*, actor, contact):
    """A deputy records their own contacts; the secretary may record anyone's."""
    own = getattr(actor, "deputy", None)
    if not actor.has_perm("deputies.add_votercontact") and (
        own is None or own.pk != contact.deputy_id
    ):
        raise PermissionDenied
    if contact.pk is None:
        contact.created_by = actor
    contact.full_clean()
    contact.save()
    return contact


def deputy_for_user(user):
    """The deputy record linked to the account, or None."""
    if not user.is_authenticated:
        return None
    return Deputy.objects.filter(user=user).first()
