"""Writes to the congress body. Each is one transaction; the audit trail records what each
changed and who did it (congress.audit)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audited
from congress.kept_uploads import KEPT_FOLDER, KEPT_HOURS
from congress.models import PresidiumMeeting, SentForm, TownshipProfile


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
    return storage_folder_purge(IMPORT_UPLOAD_FOLDER, older_than=older_than)


def kept_uploads_purge():
    """Remove the files kept for a refused form's retry (congress.kept_uploads) once their
    token has expired: the retry never came."""
    return storage_folder_purge(KEPT_FOLDER, older_than=timedelta(hours=KEPT_HOURS))


def storage_folder_purge(folder, *, older_than):
    cutoff = timezone.now() - older_than
    removed = 0
    for name in _storage_files(folder):
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


def form_sent_once(*, token, actor, create):
    """Run `create()`, a service call that creates and returns one record, once per form token
    (congress.forms.OnceFormMixin): the same form sent again returns the record its first
    sending created. Returns (record, created).

    The token's row is the transaction's first write, so two sendings at once are decided by
    its primary key: on PostgreSQL the second insert waits for the first transaction and then
    fails, on SQLite the second transaction waits to begin; either way the second finds the
    first's committed record. A refused sending writes no row, so the form can be corrected
    and sent again. Without a token (a page drawn before tokens), the record is created."""
    if token is None:
        return create(), True
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                sent = SentForm.objects.create(token=token, user=user)
        except IntegrityError:
            return _first_record(token, user), False
        record = create()
        sent.content_type = ContentType.objects.get_for_model(record)
        sent.object_id = record.pk
        sent.save(update_fields=["content_type", "object_id"])
    return record, True


def _first_record(token, user):
    sent = SentForm.objects.select_related("content_type").get(token=token)
    record = sent.record
    if sent.user_id != (user.pk if user else None) or record is None:
        # Not this user's form, or its record is gone: nothing to show, nothing to make again.
        raise ValidationError(
            _("This form has been sent already. Open the page again to fill in a new one.")
        )
    return record
