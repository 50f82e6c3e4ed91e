"""Every write to motions and suggestions. Each function is one transaction; each change of
state goes through `_transition`, which applies the map of proposals.transitions, refuses a
stale version, and appends the Event. Each step a user triggers is first checked with
`_authorize`: the user must have a part in the item that takes the step (the rule the pages
offer their buttons by), or the step is refused with PermissionDenied (a 403 page)."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.audit import audited
from congress.db import lock_conflict
from congress.models import User
from congress.roles import Role
from congress.services import record_save
from proposals import deadlines, selectors, signers, transitions
from proposals.models import (
    Assignment,
    Attachment,
    CoOpinion,
    Evaluation,
    Event,
    Kind,
    Milestone,
    Notification,
    NumberSequence,
    Proposal,
    State,
    Verdict,
)

# Organic Law of Local People's Congresses: a township motion needs five deputies jointly.
MOTION_MIN_DEPUTIES = 5


# The transition engine


@contextmanager
def one_step():
    """One transaction for a recorded step (a service, or a page's several services taken all
    or nothing). When another step holds the lock for too long, the user is told, in Chinese,
    that someone else is changing the item, as for a stale form: never an error page."""
    try:
        with transaction.atomic():
            yield
    except OperationalError as error:
        if not lock_conflict(error):
            raise
        raise ValidationError(
            _(
                "Someone else was changing this item at the same moment. Reload the page and "
                "try again."
            )
        ) from error


def _locked(proposal, version):
    """The item's row, locked for this transaction; refused when the form is stale."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Someone else changed this item after you opened the page (it is now "
                "“%(state)s”). Reload the page and try again."
            )
            % {"state": current.get_state_display()}
        )
    return current


@contextmanager
def _kept_on_refusal(proposal):
    """A refused step rolls the database back; hand the caller's instance back as it came too
    (a new item unsaved again, an edited one with the values it was given), so the form that
    sent it is shown again with the refusal, as sent."""
    fields, adding, db = dict(proposal.__dict__), proposal._state.adding, proposal._state.db
    try:
        yield
    except ValidationError:
        proposal.__dict__.clear()
        proposal.__dict__.update(fields)
        proposal._state.adding, proposal._state.db = adding, db
        raise


def _authorize(actor, item, step, *, on_behalf=False, assignment=None):
    """Refuse (PermissionDenied) a step the actor has no part in the item for, by the rule the
    pages offer it with (transitions.may_take; `on_behalf`: recorded for a deputy who is not
    the actor; `assignment`: the unit's assignment a unit's step is taken on). No actor: the
    portal itself (the daily job, history replayed from a spreadsheet)."""
    if actor is None:
        return
    # The secretary's part needs no query (permissions are cached on the user).
    clerk = transitions.Facts(
        pk=item.pk,
        state=item.state,
        kind=item.kind,
        staff=actor.has_perm("proposals.change_proposal"),
        reply_clerk=actor.has_perm("proposals.add_reply"),
    )
    if transitions.may_take(clerk, step, on_behalf=on_behalf):
        return
    facts = selectors.step_facts(
        selectors.viewer(actor), item, assignments=[assignment] if assignment else None
    )
    if not transitions.may_take(facts, step, on_behalf=on_behalf):
        raise PermissionDenied


def _ensure_allowed(item, action):
    if not transitions.allowed(action, item.state):
        raise ValidationError(
            _("An item that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": item.get_state_display(), "action": transitions.label(action)}
        )


def _transition(actor, proposal, action, *, version, note="", **changes):
    """Move the item by `action` if the map allows it from its current state; apply `changes`,
    raise the version and append the event. Returns the locked, updated item."""
    item = _locked(proposal, version)
    _ensure_allowed(item, action)
    from_state = item.state
    if action in transitions.TRANSITIONS:
        item.state = transitions.TRANSITIONS[action][1]
    for name, value in changes.items():
        setattr(item, name, value)
    item.version += 1
    item.save()
    Event.objects.create(
        proposal=item,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=item.state,
        note=note,
    )
    proposal.__dict__.update(item.__dict__)
    return item


def _require(text, message):
    if not (text or "").strip():
        raise ValidationError(message)


# Notifications


def notifications_mark_read(*, user, notifications):
    """Mark the user's unread ones among `notifications` read (they have been shown)."""
    unread = [n.pk for n in notifications if n.user_id == user.pk and n.read_at is None]
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return set(unread)


# Set while recorded history is replayed (the spreadsheet import): its steps are not news.
_muted = ContextVar("notifications_muted", default=False)


@contextmanager
def notifications_muted():
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify(users, message, *, proposal=None, key=""):
    """Put `message` in each user's portal inbox, and mail it to those with an address once the
    step is committed: a refused or rolled-back step (a dry run, a stale form) mails nobody.
    With a `key`, a user gets that notification once (daily reminders are not repeated)."""
    if _muted.get():
        return
    subject = _("Township congress portal")
    for user in users:
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, proposal=proposal, message=message, key=key)
        except IntegrityError:
            continue  # the same keyed notification, written meanwhile by a concurrent run
        if user.email:
            transaction.on_commit(
                partial(send_mail, subject, message, None, [user.email], fail_silently=True)
            )


def _notifications_done(proposal, users, *, reminders=True):
    """The recipients' part in `proposal` is done (registered, acknowledged, replied,
    evaluated…): their unread notifications about it are done too, marked read in the same
    transaction so they leave the unread count. `reminders=False` keeps the daily deadline
    reminders (those with a key), which end only with the reply."""
    rows = Notification.objects.filter(proposal=proposal, user__in=users, read_at__isnull=True)
    if not reminders:
        rows = rows.filter(key="")
    rows.update(read_at=timezone.now())


def _secretaries():
    return User.objects.filter(groups__name=Role.SECRETARY.value, is_active=True)


def _deputy_users(proposal):
    deputies = [proposal.lead_deputy, *proposal.co_signers.all()]
    return [d.user for d in deputies if d.user_id]


# Drafting and registration


@audited
@one_step()
def proposal_draft(*, actor, proposal, co_signers=(), version=None):
    """Create or edit a draft (the deputy writing it, or the secretary on their behalf);
    `version` is the one the edit form was drawn from."""
    _authorize(actor, proposal, "edit")
    created = proposal.pk is None
    if created:
        proposal.state = State.DRAFT
        proposal.created_by = actor
        proposal.full_clean()
        proposal.save()
        Event.objects.create(proposal=proposal, actor=actor, action="create", to_state=State.DRAFT)
    else:
        proposal.full_clean()
        _transition(
            actor,
            proposal,
            "edit",
            version=version or proposal.version,
            **{
                f: getattr(proposal, f)
                for f in ("kind", "title", "content", "topic", "session", "broad")
            },
        )
    proposal.co_signers.set([d for d in co_signers if d.pk != proposal.lead_deputy_id])
    return proposal


@audited
@one_step()
def proposal_save(*, actor, proposal, co_signers=(), version=None, attachments=(), submit=False):
    """The deputy's draft form: the draft saved, its new files attached and, when asked,
    submitted, all in one transaction. A refusal saves nothing and leaves `proposal` as it was
    given (a new item stays new), so the form can be shown again."""
    with _kept_on_refusal(proposal):
        signers.check_co_signers(
            co_signers, lead_id=proposal.lead_deputy_id, day=timezone.localdate()
        )
        proposal_draft(actor=actor, proposal=proposal, co_signers=co_signers, version=version)
        for upload in attachments:
            attachment_add(actor=actor, proposal=proposal, file=upload)
        if submit:
            proposal_submit(actor=actor, proposal=proposal, version=proposal.version)
    return proposal


def _check_motion_signers(proposal):
    if proposal.kind == Kind.MOTION and 1 + proposal.co_signers.count() < MOTION_MIN_DEPUTIES:
        raise ValidationError(
            _("A motion needs at least %(count)s deputies jointly (the lead deputy included).")
            % {"count": MOTION_MIN_DEPUTIES}
        )


@audited
@one_step()
def proposal_submit(*, actor, proposal, version, day=None):
    """`day`: the date submitted, today unless given (demo data, history)."""
    _authorize(actor, proposal, "submit")
    _check_motion_signers(_locked(proposal, version))
    item = _transition(
        actor, proposal, "submit", version=version, submitted_date=day or timezone.localdate()
    )
    notify(
        _secretaries(), _("New item submitted: %(title)s") % {"title": item.title}, proposal=item
    )
    return item


def _number_scope(proposal, day=None):
    """Numbers run per session, and between sessions per year of submission."""
    if proposal.session_id:
        return f"{proposal.kind}:session:{proposal.session_id}"
    return f"{proposal.kind}:year:{(day or proposal.submitted_date).year}"


def _claim_number(proposal, number):
    """Hand out a given number (an office's own numbering brought from a spreadsheet): refused
    when another item of the scope has it; the counter moves up to it, so numbers registered
    later continue after the highest one without duplicates."""
    scope = _number_scope(proposal)
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(scope=scope)
    except IntegrityError:
        pass
    sequence = NumberSequence.objects.select_for_update().get(scope=scope)
    taken = Proposal.objects.filter(kind=proposal.kind, number=number).exclude(pk=proposal.pk)
    if proposal.session_id:
        taken = taken.filter(session_id=proposal.session_id)
    else:
        taken = taken.filter(session__isnull=True, number_year=proposal.submitted_date.year)
    if taken.exists():
        raise ValidationError(
            _("Number %(number)s is already given to another item of the same kind.")
            % {"number": number}
        )
    if number > sequence.last:
        sequence.last = number
        sequence.save(update_fields=["last"])
    return number


def _next_number(proposal):
    """The next number in the item's scope, from a locked counter row: consecutive and
    without gaps even when two registrations run at once (a rollback returns the number)."""
    scope = _number_scope(proposal)
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(scope=scope)
    except IntegrityError:
        pass  # created meanwhile by the other registration
    sequence = NumberSequence.objects.select_for_update().get(scope=scope)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@audited
@one_step()
def proposal_register(*, actor, proposal, version, submitted_date=None, number=None):
    """The secretary registers the item: it gets its number and goes to review (motions) or
    to assignment (suggestions). `number`: a number given by the office (history brought from
    a spreadsheet) instead of the next one; later registrations continue after the highest."""
    _authorize(actor, proposal, "register")
    item = _locked(proposal, version)
    if item.state == State.DRAFT and (actor is None or item.created_by_id != actor.pk):
        raise ValidationError(
            _(
                "This draft is still the deputy's own: it can be registered once the deputy "
                "submits it."
            )
        )
    _check_motion_signers(item)
    item.submitted_date = submitted_date or item.submitted_date or timezone.localdate()
    action = "register_motion" if item.kind == Kind.MOTION else "register_suggestion"
    _ensure_allowed(item, action)
    number = _claim_number(item, number) if number else _next_number(item)
    item = _transition(
        actor,
        proposal,
        action,
        version=None,
        number=number,
        number_year=item.submitted_date.year,
        submitted_date=item.submitted_date,
    )
    _notifications_done(item, _secretaries())
    return item


# Motions


@audited
@one_step()
def motion_review(*, actor, proposal, version, decision, reason=""):
    """The presidium's decision on a motion: "put_on_agenda", "convert" (handled as a
    suggestion, with a suggestion number) or "not_accept" (with a reason), recorded by the
    secretary."""
    _authorize(actor, proposal, "review")
    if decision not in ("put_on_agenda", "convert", "not_accept"):
        raise ValidationError(_("Choose a decision."))
    if decision == "not_accept":
        _require(reason, _("Give the reason for not accepting the motion."))
    if decision != "convert":
        item = _transition(actor, proposal, decision, version=version, note=reason)
    else:
        item = _locked(proposal, version)
        _ensure_allowed(item, "convert")
        item.kind = Kind.SUGGESTION
        item = _transition(
            actor,
            proposal,
            "convert",
            version=None,
            note=reason,
            kind=Kind.SUGGESTION,
            motion_number=item.number,
            number=_next_number(item),
        )
    notify(
        _deputy_users(item),
        _("Your motion “%(title)s”: %(decision)s. %(reason)s")
        % {"title": item.title, "decision": transitions.label(decision), "reason": reason},
        proposal=item,
    )
    return item


@audited
@one_step()
def motion_decide(*, actor, proposal, adopted, note=""):
    """The session's vote on a motion on its agenda: adopted (通过) or not (未通过), with the
    vote's figures as the note. Called by the session's vote (assembly.services.vote_record),
    which computes `adopted` from the counts, in the same transaction."""
    _authorize(actor, proposal, "decide")
    action = "adopt" if adopted else "not_adopt"
    item = _transition(actor, proposal, action, version=None, note=note)
    notify(
        _deputy_users(item),
        _("Your motion “%(title)s”: %(decision)s. %(reason)s")
        % {"title": item.title, "decision": transitions.label(action), "reason": note},
        proposal=item,
    )
    return item


# Leaving the process before assignment


@audited
@one_step()
def proposal_decline(*, actor, proposal, version, reason):
    """不作为建议处理: the reason is sent to the deputy."""
    _authorize(actor, proposal, "decline")
    _require(reason, _("Give the reason, which is sent to the deputy."))
    item = _transition(actor, proposal, "decline", version=version, note=reason)
    _notifications_done(item, _secretaries())
    notify(
        _deputy_users(item),
        _("“%(title)s” is not handled as a suggestion: %(reason)s")
        % {"title": item.title, "reason": reason},
        proposal=item,
    )
    return item


@audited
@one_step()
def proposal_withdraw(*, actor, proposal, version, reason=""):
    _authorize(actor, proposal, "withdraw")
    item = _transition(actor, proposal, "withdraw", version=version, note=reason)
    _notifications_done(item, _secretaries())
    if item.number:
        notify(
            _secretaries(),
            _("Withdrawn by the deputy: %(label)s") % {"label": item.label},
            proposal=item,
        )
    return item


# Assignment and the units' work


@audited
@one_step()
def proposal_assign(
    *,
    actor,
    proposal,
    version,
    lead_unit,
    co_units=(),
    assigned_date=None,
    broad=None,
    note="",
    deadline=None,
):
    """`deadline`: the reply deadline when set otherwise than by the rule (history brought
    from a spreadsheet); by default 3 months from assignment, 6 for broad items."""
    _authorize(actor, proposal, "assign")
    assigned_date = assigned_date or timezone.localdate()
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    broad = _locked(proposal, version).broad if broad is None else broad
    if deadline is not None and deadline < assigned_date:
        raise ValidationError(_("The reply deadline cannot be before the date of assignment."))
    deadline = deadline or deadlines.reply_deadline(assigned_date, broad)
    item = _transition(
        actor, proposal, "assign", version=version, note=note, broad=broad, deadline=deadline
    )
    _notifications_done(item, _secretaries())
    Assignment.objects.create(
        proposal=item,
        unit=lead_unit,
        role=Assignment.Role.LEAD,
        assigned_date=assigned_date,
        deadline=deadline,
    )
    co_deadline = deadlines.add_months(assigned_date, settings.PROPOSAL_CO_OPINION_MONTHS)
    for unit in co_units:
        Assignment.objects.create(
            proposal=item,
            unit=unit,
            role=Assignment.Role.CO,
            assigned_date=assigned_date,
            deadline=co_deadline,
        )
    for unit in [lead_unit, *co_units]:
        notify(
            unit.officers.all(),
            _("Assigned to %(unit)s: %(label)s, reply due %(date)s")
            % {"unit": unit, "label": item.label, "date": date_format(deadline)},
            proposal=item,
        )
    return item


def _officer_assignment(actor, assignment, step):
    """The assignment as it is now, read under its item's lock (the page that sent it may be
    stale: acknowledged, returned or re-assigned meanwhile); refused unless still active and
    the actor is an officer of its unit whose role takes `step`."""
    item = _locked(assignment.proposal, None)
    current = Assignment.objects.select_related("unit").get(pk=assignment.pk)
    _authorize(actor, item, step, assignment=current)
    current.proposal = assignment.proposal  # the caller's item, which _transition updates
    return current


@audited
@one_step()
def assignment_acknowledge(*, actor, assignment, at=None):
    """`at`: the time acknowledged, now unless given (demo data). Acknowledging again (a
    second tab, a double click) changes nothing and records nothing."""
    current = _officer_assignment(actor, assignment, "acknowledge")
    if current.acknowledged_at is None:
        _transition(actor, current.proposal, "acknowledge", version=None, note=str(current.unit))
        current.acknowledged_at = at or timezone.now()
        current.save(update_fields=["acknowledged_at"])
        _notifications_done(current.proposal, current.unit.officers.all(), reminders=False)
    assignment.acknowledged_at = current.acknowledged_at
    return current


@audited
@one_step()
def assignment_return(*, actor, assignment, reason, day=None):
    """A unit hands back a wrongly assigned item within the window, with a reason. The lead
    unit's return sends the whole item back for assignment; a co-unit's ends only its part."""
    assignment = _officer_assignment(actor, assignment, "return")
    _require(reason, _("Give the reason for returning the item."))
    day = day or timezone.localdate()
    last_day = deadlines.return_deadline(assignment)
    if day > last_day:
        raise ValidationError(
            _(
                "Items can be returned only within %(days)s working days of assignment (until "
                "%(date)s); ask the secretary instead."
            )
            % {
                "days": settings.PROPOSAL_RETURN_WORKING_DAYS,
                "date": date_format(last_day),
            }
        )
    note = f"{assignment.unit}: {reason}"
    if assignment.role == Assignment.Role.LEAD:
        item = _transition(
            actor, assignment.proposal, "return", version=None, note=note, deadline=None
        )
        ended = item.assignments.filter(active=True)
    else:
        item = _transition(actor, assignment.proposal, "return_co", version=None, note=note)
        ended = Assignment.objects.filter(pk=assignment.pk)
    # Every unit whose part ends (the co-units too when the lead unit returns the item).
    _notifications_done(item, User.objects.filter(handling_units__assignments__in=ended))
    ended.update(active=False, returned_date=day)
    assignment.refresh_from_db()
    assignment.return_reason = reason
    assignment.save(update_fields=["return_reason"])
    notify(
        _secretaries(),
        _("Returned by %(unit)s: %(label)s. Reason: %(reason)s")
        % {"unit": assignment.unit, "label": item.label, "reason": reason},
        proposal=item,
    )
    return item


@audited
@one_step()
def co_opinion_submit(*, actor, assignment, text, day=None):
    assignment = _officer_assignment(actor, assignment, "co_opinion")
    _require(text, _("Write the opinion."))
    _transition(actor, assignment.proposal, "co_opinion", version=None, note=str(assignment.unit))
    opinion = CoOpinion.objects.create(
        assignment=assignment, text=text, date=day or timezone.localdate(), created_by=actor
    )
    _notifications_done(assignment.proposal, assignment.unit.officers.all())
    lead = assignment.proposal.assignments.filter(active=True, role=Assignment.Role.LEAD).first()
    if lead:
        notify(
            lead.unit.officers.all(),
            _("Opinion of %(unit)s on %(label)s")
            % {"unit": assignment.unit, "label": assignment.proposal.label},
            proposal=assignment.proposal,
        )
    return opinion


@audited
@one_step()
def reply_submit(*, actor, proposal, version, reply):
    """The lead unit's reply (or the secretary entering it from the signed letter)."""
    lead = (
        _locked(proposal, version)
        .assignments.filter(active=True, role=Assignment.Role.LEAD)
        .select_related("unit")
        .first()
    )
    if lead is None:
        raise ValidationError(_("The item has no lead unit."))
    _authorize(actor, proposal, "reply")
    item = _transition(actor, proposal, "reply", version=version)
    reply.proposal, reply.unit, reply.created_by = item, lead.unit, actor
    reply.round = item.replies.count() + 1
    reply.date = reply.date or timezone.localdate()
    reply.full_clean()
    reply.save()
    _notifications_done(item, lead.unit.officers.all())
    notify(
        _deputy_users(item),
        _("Reply received on %(label)s (%(category)s); please evaluate it.")
        % {"label": item.label, "category": reply.get_category_display()},
        proposal=item,
    )
    return reply


# Evaluation and closing


@audited
@one_step()
def evaluation_submit(*, actor, proposal, deputy, verdict, comment="", day=None):
    """The lead deputy's evaluation moves the item: satisfied or basically satisfied closes
    it, unsatisfied sends it back to the unit with a new deadline. Co-signers' evaluations are
    recorded beside it."""
    day = day or timezone.localdate()
    _authorize(
        actor, proposal, "evaluate", on_behalf=actor is not None and actor.pk != deputy.user_id
    )
    # Under the item's lock, so the deputy's evaluation from a second tab waits and then
    # finds this one.
    reply = _locked(proposal, None).replies.order_by("-round").first()
    if reply is None or verdict not in (Verdict.SATISFIED, Verdict.BASICALLY, Verdict.UNSATISFIED):
        raise ValidationError(_("Choose satisfied, basically satisfied or unsatisfied."))
    already = ValidationError(_("This reply has already been evaluated by this deputy."))
    if Evaluation.objects.filter(reply=reply, deputy=deputy).exists():
        raise already
    _notifications_done(proposal, User.objects.filter(deputy=deputy))
    if deputy.pk == proposal.lead_deputy_id:
        if verdict == Verdict.UNSATISFIED:
            _require(comment, _("Say what is unsatisfactory, so the unit can handle it again."))
            deadline = deadlines.add_months(day, settings.PROPOSAL_REHANDLING_MONTHS)
            item = _transition(
                actor, proposal, "reject_reply", version=None, note=comment, deadline=deadline
            )
            lead = item.assignments.filter(active=True, role=Assignment.Role.LEAD).first()
            notify(
                lead.unit.officers.all() if lead else [],
                _("%(label)s must be handled again by %(date)s: the deputy is unsatisfied.")
                % {"label": item.label, "date": date_format(deadline)},
                proposal=item,
            )
        else:
            _transition(actor, proposal, "accept_reply", version=None, note=comment)
    elif proposal.co_signers.filter(pk=deputy.pk).exists():
        _transition(actor, proposal, "co_evaluate", version=None, note=f"{deputy}: {comment}")
    else:
        raise PermissionDenied
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                proposal=proposal,
                reply=reply,
                deputy=deputy,
                verdict=verdict,
                comment=comment,
                date=day,
            )
    except IntegrityError as error:  # written by a step that did not take the item's lock
        raise already from error


@one_step()
def evaluations_lapse(*, today=None):
    """Close replied items whose evaluation window has passed, recording 未评价. Returns them."""
    today = today or timezone.localdate()
    closed = []
    replied = Proposal.objects.select_for_update(of=("self",)).filter(state=State.REPLIED)
    for item in replied.select_related("lead_deputy"):
        reply = item.replies.order_by("-round").first()
        if deadlines.evaluation_deadline(reply.date) < today:
            _transition(
                None,
                item,
                "lapse",
                version=None,
                note=_("No evaluation within %(days)s days.")
                % {"days": settings.PROPOSAL_EVALUATION_DAYS},
            )
            Evaluation.objects.create(
                proposal=item,
                reply=reply,
                deputy=item.lead_deputy,
                verdict=Verdict.NONE,
                date=today,
            )
            _notifications_done(item, User.objects.filter(deputy=item.lead_deputy_id))
            closed.append(item)
    return closed


@one_step()
def evaluation_lapse(*, proposal, day=None):
    """Close one replied item whose evaluation window has passed, recording 未评价 on `day`
    (history brought from a spreadsheet, demo data); the daily run uses evaluations_lapse."""
    day = day or timezone.localdate()
    item = _transition(
        None,
        proposal,
        "lapse",
        version=None,
        note=_("No evaluation within %(days)s days.") % {"days": settings.PROPOSAL_EVALUATION_DAYS},
    )
    reply = item.replies.order_by("-round").first()
    _notifications_done(item, User.objects.filter(deputy=item.lead_deputy_id))
    return Evaluation.objects.create(
        proposal=item, reply=reply, deputy=item.lead_deputy, verdict=Verdict.NONE, date=day
    )


@audited
@one_step()
def proposal_close(*, actor, proposal, version, note):
    """The secretary closes the item with a note (e.g. the deputy agreed in person)."""
    _authorize(actor, proposal, "close")
    _require(note, _("Write why the item is closed."))
    item = _transition(actor, proposal, "close", version=version, note=note)
    # Neither the lead deputy's evaluation nor the units' answers are awaited any more.
    _notifications_done(
        item,
        User.objects.filter(
            Q(deputy=item.lead_deputy_id)
            | Q(handling_units__assignments__in=item.assignments.filter(active=True))
        ),
    )
    return item


@audited
@one_step()
def milestone_add(*, actor, proposal, date, note, done=False, version=None):
    """A progress note; with `version` (from a form) refused when the item moved meanwhile."""
    _authorize(actor, proposal, "milestone")
    _require(note, _("Write the progress."))
    _transition(actor, proposal, "milestone", version=version, note=note)
    return Milestone.objects.create(
        proposal=proposal, date=date, note=note, done=done, created_by=actor
    )


@audited
@one_step()
def proposal_publish(*, actor, proposal, version):
    _authorize(actor, proposal, "publish")
    return _transition(actor, proposal, "publish", version=version, published=True)


# Attachments


@audited
@one_step()
def attachment_add(*, actor, proposal, file, title=""):
    """Attach a file to a draft; logged as an edit of the draft (raises the version)."""
    _authorize(actor, proposal, "edit")
    _transition(actor, proposal, "edit", version=None, note=title or file.name)
    return Attachment.objects.create(
        proposal=proposal,
        file=file,
        original_name=file.name,  # the stored name is random; downloads use this one
        title=title or file.name,
        uploaded_by=actor,
    )


# The secretary's pages


@audited
@one_step()
def proposal_register_paper(*, actor, proposal, co_signers=(), attachments=(), submitted_date=None):
    """A paper form entered by the secretary: drafted, its files attached and registered, in
    one transaction. A refused registration (e.g. a motion with too few deputies) leaves
    nothing behind and `proposal` unsaved, so the form can be shown again."""
    with _kept_on_refusal(proposal):
        signers.check_co_signers(
            co_signers,
            lead_id=proposal.lead_deputy_id,
            day=submitted_date or timezone.localdate(),
        )
        proposal_draft(actor=actor, proposal=proposal, co_signers=co_signers)
        for upload in attachments:
            attachment_add(actor=actor, proposal=proposal, file=upload)
        return proposal_register(
            actor=actor, proposal=proposal, version=proposal.version, submitted_date=submitted_date
        )


def number_preview(proposal, submitted_date=None):
    """The number registering `proposal` would give now (without taking it): the same scope
    as `_next_number`."""
    day = submitted_date or proposal.submitted_date or timezone.localdate()
    scope = _number_scope(proposal, day)
    last = NumberSequence.objects.filter(scope=scope).values_list("last", flat=True).first()
    return (last or 0) + 1


@audited
@one_step()
def proposal_assign_bulk(*, actor, rows, assigned_date):
    """The bulk assignment after a session: each row (a dict of proposal, version, lead_unit,
    co_units, broad; proposal None when it is not the actor's to assign) through
    proposal_assign, all or nothing. Returns the number assigned; when any row is refused,
    assigns none and raises one ValidationError whose error_dict holds each refused row's
    messages under its index in `rows`."""
    if not rows:
        raise ValidationError(_("Choose a lead unit for at least one item."))
    refused = {}
    for index, row in enumerate(rows):
        if row["proposal"] is None:
            refused[index] = [_("This item no longer exists or is not yours to assign.")]
            continue
        try:
            proposal_assign(
                actor=actor,
                proposal=row["proposal"],
                version=row["version"],
                lead_unit=row["lead_unit"],
                co_units=row["co_units"],
                assigned_date=assigned_date,
                broad=row["broad"],
            )
        except ValidationError as error:
            refused[index] = error.messages
    if refused:
        raise ValidationError(refused)
    return len(rows)


@audited
@one_step()
def handling_unit_save(*, actor, unit, officers):
    """Create or correct a handling unit and set its officer accounts (logged)."""
    permission = "change_handlingunit" if unit.pk else "add_handlingunit"
    if not actor.has_perm(f"proposals.{permission}"):
        raise PermissionDenied
    record_save(actor=actor, record=unit)
    unit.officers.set(officers)
    return unit


# Daily reminders (run by `python manage.py send_reminders`)


@one_step()
def reminders_send(today=None):
    """The daily job: close replied items whose evaluation window lapsed (未评价); tell each
    lead unit's officers of their overdue items and those due within the warning days, each
    co-unit's officers of their overdue opinions, and the secretaries the day's summary.
    Each user gets one reminder per item and kind per day (Notification.key), so running the
    job twice sends nothing new. Returns the counts."""
    today = today or timezone.localdate()
    stamp = today.isoformat()
    notifications_before = Notification.objects.count()
    lapsed = evaluations_lapse(today=today)
    officers = {}

    def officers_of(unit):
        if unit.pk not in officers:
            officers[unit.pk] = list(unit.officers.filter(is_active=True))
        return officers[unit.pk]

    def remind_lead_unit(items, kind, message):
        for item in items:
            unit = selectors.lead_unit(item)
            if unit is not None:
                notify(
                    officers_of(unit),
                    message % {"label": item.label, "date": date_format(item.deadline)},
                    proposal=item,
                    key=f"{kind}:{item.pk}:{stamp}",
                )

    overdue_items = list(selectors.overdue(today))
    due_soon_items = list(selectors.due_soon(today))
    remind_lead_unit(
        overdue_items, "overdue", _("Overdue: the reply to %(label)s was due on %(date)s.")
    )
    remind_lead_unit(
        due_soon_items, "due_soon", _("Due soon: the reply to %(label)s is due on %(date)s.")
    )
    co_overdue = list(
        selectors.co_opinions_overdue(today).select_related("proposal__session__term")
    )
    for assignment in co_overdue:
        notify(
            officers_of(assignment.unit),
            _("Overdue co-handling opinion on %(label)s: it was due to the lead unit on %(date)s.")
            % {"label": assignment.proposal.label, "date": date_format(assignment.deadline)},
            proposal=assignment.proposal,
            key=f"co_overdue:{assignment.pk}:{stamp}",
        )
    counts = {
        "lapsed": len(lapsed),
        "overdue": len(overdue_items),
        "due_soon": len(due_soon_items),
        "co_overdue": len(co_overdue),
    }
    if any(counts.values()):
        notify(
            _secretaries(),
            _(
                "Reminders of %(date)s: %(overdue)s overdue, %(due_soon)s due within %(days)s "
                "days, %(co_overdue)s co-handling opinions overdue, %(lapsed)s closed as not "
                "evaluated."
            )
            % {**counts, "date": stamp, "days": settings.PROPOSAL_DUE_SOON_DAYS},
            key=f"summary:{stamp}",
        )
    counts["notifications"] = Notification.objects.count() - notifications_before
    return counts
