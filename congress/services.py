"""Writes to the congress body. Each is one transaction and leaves a trace in the admin log."""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress.models import PresidiumMeeting, TownshipProfile


def log_change(actor, obj, created):
    # The admin's own history table: who changed which record and when (its 历史 page).
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=ADDITION if created else CHANGE,
        change_message=[{"added": {}}] if created else [{"changed": {}}],
        single_object=True,
    )


@transaction.atomic
def record_save(*, actor, record):
    """Validate (fields and constraints, with their Chinese messages) and save a plain record:
    a term, a session, a presidium member. Records are never deleted, only corrected."""
    created = record.pk is None
    record.full_clean()
    record.save()
    log_change(actor, record, created)
    return record


@transaction.atomic
def meeting_save(*, actor, meeting: PresidiumMeeting, attendees) -> PresidiumMeeting:
    created = meeting.pk is None
    meeting.full_clean()
    strangers = [
        m for m in attendees if m.term_id != meeting.term_id or not m.serves_on(meeting.date)
    ]
    if strangers:
        raise ValidationError(
            {
                "attendees": _(
                    "%(names)s did not serve on the presidium of this term on the meeting date."
                )
                % {"names": "、".join(m.name for m in strangers)}
            }
        )
    meeting.save()
    meeting.attendees.set(attendees)
    log_change(actor, meeting, created)
    return meeting


@transaction.atomic
def township_profile_save(*, actor, profile: TownshipProfile) -> TownshipProfile:
    """The profile is a single row: whatever form saved it, it is row 1."""
    profile.pk = 1
    created = not TownshipProfile.objects.filter(pk=1).exists()
    profile.full_clean(validate_unique=False)
    profile.save()
    log_change(actor, profile, created)
    return profile
