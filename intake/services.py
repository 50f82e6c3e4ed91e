"""Every write of the voters' opinions. Each function is one transaction; each change of an
opinion's status goes through `_transition` (the map of intake.rules.TRANSITIONS) and appends
an OpinionEvent. Steps a user takes are checked with intake.rules.may_handle (PermissionDenied);
refusals a voter meets are ValidationErrors with Chinese messages. Mail leaves after commit
(proposals.services.notify), stored photos are removed after commit."""

from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audited
from congress.models import User
from congress.roles import Role
from congress.services import record_save
from deputies.models import DeputyStatus, Petition, VoterContact
from deputies.services import voter_contact_save
from intake import rules
from intake.models import Attempt, AttemptKey, Code, Opinion, OpinionEvent, Status
from proposals import services as proposal_services
from proposals.models import Kind, Proposal

TITLE_LENGTH = 30


# Codes


def _new_code(**owner):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Code.objects.create(token=rules.new_token(), **owner)
        except IntegrityError:
            continue  # a token drawn twice (never in practice), or a code made meanwhile
    return Code.objects.get(active=True, **owner)


@audited
@transaction.atomic
def code_ensure(*, actor, deputy=None, station=None):
    """The active code of a deputy or a station, made when it has none."""
    owner = {"deputy": deputy} if deputy is not None else {"station": station}
    code = Code.objects.filter(active=True, **owner).first()
    return code or _new_code(**owner)


@audited
@transaction.atomic
def codes_ensure_all(*, actor):
    """A code for every deputy in office and every liaison station that has none. Returns how
    many were made."""
    from deputies.models import Deputy, LiaisonStation

    made = 0
    with_code = Code.objects.filter(active=True)
    for deputy in Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).exclude(
        pk__in=with_code.filter(deputy__isnull=False).values("deputy")
    ):
        _new_code(deputy=deputy)
        made += 1
    for station in LiaisonStation.objects.exclude(
        pk__in=with_code.filter(station__isnull=False).values("station")
    ):
        _new_code(station=station)
        made += 1
    return made


@audited
@transaction.atomic
def code_regenerate(*, actor, code):
    """A lost card: the old token stops working, a new one takes its place."""
    if not actor.has_perm("intake.change_code"):
        raise PermissionDenied
    current = Code.objects.select_for_update().get(pk=code.pk)
    if not current.active:
        raise ValidationError(_("This code has already been replaced."))
    current.active, current.revoked_at = False, timezone.now()
    current.save(update_fields=["active", "revoked_at"])
    return _new_code(deputy=current.deputy, station=current.station)


# Submission from the public page


def _lock_keys(*keys):
    """Lock the row of each (scope, key), made when missing, in the order given, for the rest of
    the transaction: attempts of a key are then counted and added one request after another.

    A counter read without a lock lets ten requests arriving together each count 0 and all get
    in (on PostgreSQL; SQLite's IMMEDIATE transactions already serialise every writer). A
    row per key locked with SELECT … FOR UPDATE serialises them on both databases and keeps the
    sliding window of the Attempt rows; INSERT … ON CONFLICT DO NOTHING (INSERT OR IGNORE on
    SQLite) makes the row without an IntegrityError when two requests make it together.
    Callers lock in one order (address, then code), so no two requests wait for each other."""
    for scope, key in keys:
        locked = AttemptKey.objects.select_for_update().filter(scope=scope, key=key)
        # Made when missing, and again if the daily purge removed it before the lock was taken.
        while not locked.exists():
            AttemptKey.objects.bulk_create(
                [AttemptKey(scope=scope, key=key)], ignore_conflicts=True
            )


def _over_limit(scope, key, limit, since):
    return Attempt.objects.filter(scope=scope, key=key, at__gte=since).count() >= limit


@transaction.atomic
def opinion_submit(*, code, address, data, photo=None, trap=False, now=None):
    """A voter's opinion through `code`, from client `address`. `data`: topic, text, village,
    name, phone (checked by the form). Refused in Chinese when the address or the code has
    sent too many within the window, counted under the keys' locks (exactly the limit gets in
    when many arrive at once). `trap`: the honeypot was filled in: counted, then silently
    dropped (None is returned; the page looks the same to the sender)."""
    now = now or timezone.now()
    since = now - timedelta(minutes=rules.setting("INTAKE_LIMIT_MINUTES"))
    address_key = rules.address_key(address)
    code_key = str(code.pk)
    _lock_keys((Attempt.Scope.ADDRESS, address_key), (Attempt.Scope.CODE, code_key))
    if _over_limit(
        Attempt.Scope.ADDRESS, address_key, rules.setting("INTAKE_LIMIT_PER_ADDRESS"), since
    ):
        raise ValidationError(
            _(
                "Too many opinions have been sent from this network in a short time. Please try "
                "again in an hour, or come to a reception day."
            ),
            code="rate_address",
        )
    if _over_limit(Attempt.Scope.CODE, code_key, rules.setting("INTAKE_LIMIT_PER_CODE"), since):
        raise ValidationError(
            _(
                "This code has received too many opinions in a short time. Please try again in "
                "an hour, or come to a reception day."
            ),
            code="rate_code",
        )
    Attempt.objects.bulk_create(
        [
            Attempt(scope=Attempt.Scope.ADDRESS, key=address_key, at=now),
            Attempt(scope=Attempt.Scope.CODE, key=code_key, at=now),
        ]
    )
    if trap:
        return None
    current = Code.objects.select_related("deputy").get(pk=code.pk)
    if not current.active or (
        current.deputy_id and current.deputy.status != DeputyStatus.IN_OFFICE
    ):
        raise ValidationError(_("This code no longer takes opinions."), code="inactive")
    text = data["text"].strip()
    opinion = Opinion(
        code=current,
        deputy=current.deputy,
        station=current.station,
        topic=data["topic"],
        text=text,
        village=data.get("village", ""),
        name=data.get("name", "").strip(),
        phone=data.get("phone") or "",
        consent_at=now,
        submitted_at=now,
        suspect=rules.looks_like_spam(text),
    )
    if photo:
        opinion.photo = photo
    for _attempt in range(5):
        opinion.tracking_code = rules.new_tracking_code()
        try:
            with transaction.atomic():
                opinion.save()
            break
        except IntegrityError:
            opinion.pk = None  # the code drawn was taken: draw another
    else:
        raise ValidationError(_("Please send the opinion again."))
    OpinionEvent.objects.create(opinion=opinion, action="submit", to_status=Status.NEW, at=now)
    return opinion


@transaction.atomic
def lookup_failed(*, address, now=None):
    """A tracking look-up from `address` found nothing. Returns whether the address is over the
    limit: INTAKE_LOOKUP_LIMIT failures within the window (counted under the key's lock), when
    the page refuses the code as one try too many and counts nothing more. A look-up that finds
    its opinion is never counted (see the tracking page, intake.views.public)."""
    now = now or timezone.now()
    since = now - timedelta(minutes=rules.setting("INTAKE_LIMIT_MINUTES"))
    key = rules.address_key(address)
    _lock_keys((Attempt.Scope.LOOKUP, key))
    if _over_limit(Attempt.Scope.LOOKUP, key, rules.setting("INTAKE_LOOKUP_LIMIT"), since):
        return True
    Attempt.objects.create(scope=Attempt.Scope.LOOKUP, key=key, at=now)
    return False


@transaction.atomic
def opinion_rate(*, opinion, satisfied):
    """The voter says, once, whether they are satisfied with the outcome."""
    current = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .get(pk=opinion.pk)
    )
    if not rules.may_rate(current):
        raise ValidationError(
            _("Your rating has already been recorded.")
            if current.rated_at
            else _("You can say whether you are satisfied once there is an answer.")
        )
    current.satisfied, current.rated_at = bool(satisfied), timezone.now()
    current.save(update_fields=["satisfied", "rated_at"])
    OpinionEvent.objects.create(
        opinion=current,
        action="rate",
        from_status=current.status,
        to_status=current.status,
        note=_("satisfied") if satisfied else _("not satisfied"),
    )
    return current


# Handling


def _locked(opinion, actor):
    current = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("deputy", "station")
        .get(pk=opinion.pk)
    )
    if actor is not None and not rules.may_handle(actor, current):
        raise PermissionDenied
    return current


def _transition(actor, opinion, action, *, note="", **changes):
    """Move the (locked) opinion by `action` if the map allows it; apply `changes`; log it."""
    if not rules.allowed(action, opinion.status):
        raise ValidationError(
            _("This opinion is already “%(status)s”; reload the page.")
            % {"status": opinion.get_status_display()}
        )
    from_status = opinion.status
    opinion.status = rules.TRANSITIONS[action][1]
    opinion.handled_at, opinion.handled_by = timezone.now(), actor
    for name, value in changes.items():
        setattr(opinion, name, value)
    opinion.save()
    OpinionEvent.objects.create(
        opinion=opinion,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=opinion.status,
        note=note,
    )
    return opinion


def _required(text, message):
    text = (text or "").strip()
    if len(text) < 4:
        raise ValidationError(message)
    return text


def _voter_words(opinion):
    """How a record names the voter: the name given, or an anonymous voter of the village."""
    if opinion.name:
        return opinion.name
    if opinion.village:
        return _("a voter of %(village)s") % {"village": opinion.village}
    return _("an anonymous voter")


@audited
@transaction.atomic
def opinion_answer(*, actor, opinion, answer):
    """Answer the voter directly."""
    current = _locked(opinion, actor)
    answer = _required(answer, _("Write the answer to the voter (at least 4 characters)."))
    return _transition(actor, current, "answer", answer=answer)


def _deputy_for(current, deputy):
    """The deputy a record is made for: the owner of the code, else the one the secretary
    chose (a station's opinion)."""
    deputy = current.deputy or deputy
    if deputy is None:
        raise ValidationError(_("Choose the deputy who takes this opinion up."))
    return deputy


@audited
@transaction.atomic
def opinion_to_contact(
    *, actor, opinion, action_taken, method=VoterContact.Method.PHONE, deputy=None
):
    """Record the opinion as a voter contact in the deputy's record (联系选民); what was done is
    also the answer the voter reads."""
    current = _locked(opinion, actor)
    action_taken = _required(
        action_taken, _("Say what was done, for the voter to read (at least 4 characters).")
    )
    contact = VoterContact(
        deputy=_deputy_for(current, deputy),
        date=timezone.localdate(),
        method=method,
        voters=_voter_words(current)[:200],
        people=1,
        issues_raised=current.text,
        action_taken=action_taken,
    )
    voter_contact_save(actor=actor, contact=contact)
    return _transition(actor, current, "contact", voter_contact=contact, answer=action_taken)


@audited
@transaction.atomic
def opinion_to_petition(*, actor, opinion, answer, handling=""):
    """Pass the opinion on as a petition (信访), received online; `answer` tells the voter."""
    current = _locked(opinion, actor)
    answer = _required(
        answer, _("Tell the voter where the matter was passed on (at least 4 characters).")
    )
    petition = record_save(
        actor=actor,
        record=Petition(
            received_date=timezone.localdate(current.submitted_at),
            source=Petition.Source.ONLINE,
            petitioner=_voter_words(current)[:100],
            content=current.text,
            deputy=current.deputy,
            handling=handling.strip()
            or _("From the voters' opinions, tracking code %(code)s.")
            % {"code": rules.tracking_display(current.tracking_code)},
        ),
    )
    return _transition(actor, current, "petition", petition=petition, answer=answer)


@audited
@transaction.atomic
def opinion_to_suggestion(*, actor, opinion, title, deputy=None):
    """A deputy takes the opinion up as a suggestion: a draft with the opinion's text and topic
    (no name or phone), which the deputy edits and submits in 我的建议; then the normal
    lifecycle. The secretary names the deputy for a station's opinion; the deputy is told."""
    current = _locked(opinion, actor)
    lead = _deputy_for(current, deputy)
    if lead.status != DeputyStatus.IN_OFFICE:
        raise ValidationError(_("Only a deputy in office can take up a suggestion."))
    title = _required(title, _("Give the suggestion a title (at least 4 characters)."))[:200]
    source = _("Raised by a voter through the deputies' code (tracking code %(code)s).") % {
        "code": rules.tracking_display(current.tracking_code)
    }
    if current.village:
        source += " " + _("Village: %(village)s.") % {"village": current.village}
    proposal = Proposal(
        kind=Kind.SUGGESTION,
        title=title,
        content=f"{current.text}\n\n{source}",
        topic=current.topic,
        lead_deputy=lead,
    )
    proposal_services.proposal_draft(actor=actor, proposal=proposal)
    if lead.user_id and lead.user_id != actor.pk:
        proposal_services.notify(
            [lead.user],
            _(
                "A voter's opinion was written up for you as a draft suggestion: %(title)s. Edit "
                "it and submit it in My suggestions."
            )
            % {"title": title},
            proposal=proposal,
        )
    return _transition(actor, current, "suggestion", proposal=proposal)


@audited
@transaction.atomic
def opinion_flag(*, actor, opinion, note=""):
    """The deputy thinks it is not a genuine opinion: it goes to the secretary's queue."""
    current = _locked(opinion, actor)
    if current.status != Status.NEW:
        raise ValidationError(_("Only an opinion waiting for an answer can be reported."))
    current.suspect = True
    current.save(update_fields=["suspect"])
    OpinionEvent.objects.create(
        opinion=current,
        actor=actor,
        action="flag",
        from_status=Status.NEW,
        to_status=Status.NEW,
        note=note,
    )
    return current


def _secretary_only(actor):
    if not actor.has_perm("intake.change_opinion"):
        raise PermissionDenied


@audited
@transaction.atomic
def opinion_mark_spam(*, actor, opinion, note=""):
    """The secretary marks it as not a genuine opinion (advertising, abuse, nonsense)."""
    _secretary_only(actor)
    current = _locked(opinion, actor)
    current.suspect = False
    return _transition(actor, current, "spam", note=note)


@audited
@transaction.atomic
def opinion_release(*, actor, opinion):
    """The secretary finds a queued opinion genuine: it goes to its deputy."""
    _secretary_only(actor)
    current = _locked(opinion, actor)
    if not current.suspect or current.status != Status.NEW:
        raise ValidationError(_("This opinion is not waiting to be checked."))
    current.suspect = False
    current.save(update_fields=["suspect"])
    OpinionEvent.objects.create(
        opinion=current, actor=actor, action="release", from_status=Status.NEW, to_status=Status.NEW
    )
    return current


# Daily work


def _secretaries():
    return list(User.objects.filter(groups__name=Role.SECRETARY.value, is_active=True))


def owners(opinion, secretaries):
    """Who answers the opinion: the deputy's account, else the secretaries."""
    if opinion.deputy_id and opinion.deputy.user_id and not opinion.suspect:
        return [opinion.deputy.user]
    return secretaries


@transaction.atomic
def reminders_send(*, now=None):
    """Remind each owner, once a day, of the opinions unanswered for INTAKE_ANSWER_DAYS days or
    more. Notifications and mail leave after commit. Returns how many users were reminded."""
    now = now or timezone.now()
    days = rules.setting("INTAKE_ANSWER_DAYS")
    late = Opinion.objects.filter(rules.overdue(now)).select_related("deputy__user")
    secretaries = _secretaries()
    per_user = {}
    for opinion in late:
        for user in owners(opinion, secretaries):
            per_user.setdefault(user, []).append(opinion)
    day = timezone.localdate(now)
    for user, opinions in per_user.items():
        proposal_services.notify(
            [user],
            _(
                "%(count)s voters' opinions have waited %(days)s days or more for an answer "
                "(oldest: tracking code %(code)s). Please answer them under Voters' opinions."
            )
            % {
                "count": len(opinions),
                "days": days,
                "code": rules.tracking_display(
                    min(opinions, key=lambda o: o.submitted_at).tracking_code
                ),
            },
            key=f"intake-overdue:{day.isoformat()}",
        )
    return len(per_user)


def _delete_file(storage, name):
    if name and storage.exists(name):
        storage.delete(name)


@transaction.atomic
def opinions_anonymise(*, now=None):
    """Remove the name, phone and photo of opinions handled more than INTAKE_RETENTION_YEARS
    years ago (PIPL: kept no longer than the stated use needs). The photo file goes after
    commit. Returns how many opinions were anonymised."""
    now = now or timezone.now()
    cutoff = rules.retention_cutoff(now, rules.setting("INTAKE_RETENTION_YEARS"))
    due = Opinion.objects.select_for_update().filter(
        handled_at__lt=cutoff, anonymised_at__isnull=True
    )
    count = 0
    for opinion in due:
        if opinion.photo:
            transaction.on_commit(partial(_delete_file, opinion.photo.storage, opinion.photo.name))
        opinion.name, opinion.phone, opinion.photo, opinion.anonymised_at = "", "", "", now
        opinion.save(update_fields=["name", "phone", "photo", "anonymised_at"])
        OpinionEvent.objects.create(
            opinion=opinion,
            action="anonymise",
            from_status=opinion.status,
            to_status=opinion.status,
        )
        count += 1
    return count


def attempts_purge(*, now=None):
    """Remove rate-limit rows older than a day (longer than any window), and the keys left
    without any."""
    now = now or timezone.now()
    window = max(timedelta(days=1), timedelta(minutes=rules.setting("INTAKE_LIMIT_MINUTES")))
    deleted, _rows = Attempt.objects.filter(at__lt=now - window).delete()
    AttemptKey.objects.exclude(
        Exists(Attempt.objects.filter(scope=OuterRef("scope"), key=OuterRef("key")))
    ).delete()
    return deleted
