"""Writes to the congress body. Each is one transaction; the audit trail records what each
changed and who did it (congress.audit)."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audited
from congress.models import PresidiumMeeting, TownshipProfile


@audited
@transaction.atomic
def record_save(*, actor, record):
    """Validate (fields and constraints, with their Chinese messages) and save a plain record:
    a term, a session, a presidium member. Records are never deleted, only corrected."""
    record.full_clean()
    record.save()
    return record


@audited
@transaction.atomic
def meeting_save(*, actor, meeting: PresidiumMeeting, attendees) -> PresidiumMeeting:
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
    return meeting


@audited
@transaction.atomic
def township_profile_save(*, actor, profile: TownshipProfile) -> TownshipProfile:
    """The profile is a single row: whatever form saved it, it is row 1."""
    profile.pk = 1
    # A new instance saved over row 1 edits it: so the audit trail records the fields it changed.
    profile._state.adding = not TownshipProfile.objects.filter(pk=1).exists()
    profile.full_clean(validate_unique=False)
    profile.save()
    return profile


# Import files waiting for a confirmation: the import pages keep each checked file under
# imports/<user pk>/ (congress.spreadsheets.upload_name); the voter import uses imports/ too.
IMPORT_UPLOAD_FOLDER = "imports"


def import_uploads_purge(*, older_than):
    """Remove every file under imports/ last written more than `older_than` (a timedelta) ago:
    checked but never confirmed. Storage only, no database row, so no transaction. Returns
    how many files were removed."""
    cutoff = timezone.now() - older_than
    removed = 0
    for name in _storage_files(IMPORT_UPLOAD_FOLDER):
        try:
            stale = default_storage.get_modified_time(name) < cutoff
        except FileNotFoundError:  # confirmed (and removed) meanwhile
            continue
        if stale:
            default_storage.delete(name)
            removed += 1
    return removed


def _storage_files(folder):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _storage_files(f"{folder}/{sub}")
