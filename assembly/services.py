"""Writes to a session's agenda: items, their order, documents and votes. Each function is one
transaction run as its actor (the audit trail names them); each checks the actor's permission
and refuses in Chinese what the rules do not allow."""

from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assembly import rules
from assembly.models import (
    PERSON_KINDS,
    AgendaDocument,
    AgendaItem,
    Choice,
    ItemKind,
    Outcome,
    Proposer,
    Vote,
    VoteCast,
)
from assembly.selectors import motions_waiting, recall_sponsor_refusals
from congress import law
from congress.audit import audited
from congress.models import Session
from congress.uploads import original_name
from deputies.models import Deputy, DeputyStatus, Level
from deputies.selectors import deputies_seated_count, seated_at
from deputies.services import seat_end
from elections.congress_services import office_end
from elections.models import Office, Round
from proposals.models import State as ProposalState
from proposals.services import motion_decide


def _require_perm(actor, perm):
    if actor is not None and not actor.has_perm(perm):
        raise PermissionDenied


def _next_position(session):
    last = AgendaItem.objects.filter(session=session).aggregate(m=Max("position"))["m"]
    return (last or 0) + 1


@audited
@transaction.atomic
def agenda_item_save(*, actor, item, sponsors=None):
    """Add an item at the end of the session's agenda, or correct one. A decided item keeps
    what was voted on: only its notes may change. `sponsors`: for a recall proposed by
    deputies jointly, the deputies proposing it (None keeps those recorded)."""
    if item.pk is None:
        _require_perm(actor, "assembly.add_agendaitem")
        item.created_by = actor
        item.position = _next_position(item.session)
    else:
        _require_perm(actor, "assembly.change_agendaitem")
        before = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if before.outcome and any(
            getattr(before, f) != getattr(item, f)
            for f in (
                "kind",
                "title",
                "person_name",
                "office_id",
                "deputy_id",
                "proposed_by",
                "proposal_id",
                "session_id",
            )
        ):
            raise ValidationError(
                _("The congress has voted on this item: only its notes can be changed.")
            )
        item.position, item.outcome = before.position, before.outcome
    if item.kind == ItemKind.MOTION:
        _check_motion(item)
    if item.kind in PERSON_KINDS:
        if not item.outcome:
            _check_office(item)
    else:
        item.office = None
    if item.kind == ItemKind.SEAT_RESIGNATION:
        if not item.outcome:
            _check_deputy(item)
    else:
        item.deputy = None
    if item.kind != ItemKind.RECALL:
        item.proposed_by, sponsors = "", []
    elif item.proposed_by == Proposer.PRESIDIUM:
        sponsors = []
    elif sponsors is None:
        sponsors = list(item.sponsors.all()) if item.pk else []
    if item.kind == ItemKind.RECALL and not item.outcome:
        _check_recall(item, sponsors)
    item.full_clean()
    item.save()
    if sponsors is not None:
        item.sponsors.set(sponsors)
    return item


def _opening(session):
    """The session's opening: all deputies counted then (the start of its first day)."""
    return session.start_date, time.min


def _check_deputy(item):
    """A deputy's resignation (Election Law art. 55) names a deputy holding a seat when the
    session opens; the item keeps their name."""
    if item.deputy is None:
        raise ValidationError({"deputy": _("Choose the deputy who resigns.")})
    session = Session.objects.get(pk=item.session_id)
    seated = Deputy.objects.filter(
        seated_at(*_opening(session)), seats__level=Level.TOWNSHIP, pk=item.deputy.pk
    )
    if not seated.exists():
        raise ValidationError(
            {
                "deputy": _("%(name)s holds no township seat when the session opens.")
                % {"name": item.deputy.name}
            }
        )
    item.person_name = item.deputy.name


def _check_recall(item, sponsors):
    """A recall (Organic Law art. 31) is proposed by the presidium, or by one fifth or more of
    all deputies jointly, each holding a seat when the session opens."""
    if item.proposed_by not in Proposer.values:
        raise ValidationError({"proposed_by": _("Say who proposes the recall.")})
    session = Session.objects.get(pk=item.session_id)
    opening = _opening(session)
    refusals = recall_sponsor_refusals(sponsors, session)
    if refusals:
        strangers = [f"{d.name}（{refusals[d.pk]}）" for d in sponsors if d.pk in refusals]
        raise ValidationError(
            {
                "sponsors": _("%(names)s hold no seat when the session opens.")
                % {"names": "、".join(strangers)}
            }
        )
    problem = rules.recall_problem(
        by_presidium=item.proposed_by == Proposer.PRESIDIUM,
        sponsors=len(set(sponsors)),
        total=deputies_seated_count(*opening),
    )
    if problem:
        raise ValidationError({"sponsors": problem})


def _check_office(item):
    """A resignation or a recall (OL 31, 32) names a current office of the session's term; the
    item keeps its holder's name."""
    office = item.office
    if office is None:
        raise ValidationError(
            {"office": _("Choose the office whose holder resigns or is recalled.")}
        )
    office = Office.objects.get(pk=office.pk)
    session = Session.objects.get(pk=item.session_id)
    if office.term_id != session.term_id or office.end_date:
        raise ValidationError(
            {"office": _("Only an office of this term still held can resign or be recalled.")}
        )
    if office.start_date > session.end_date:
        raise ValidationError({"office": _("This office began after the session.")})
    item.person_name = office.name


def _check_motion(item):
    motion = item.proposal
    if motion is None:
        raise ValidationError(_("Choose the motion."))
    if motion.session_id != item.session_id:
        raise ValidationError(_("This motion was made at another session."))
    if motion.state not in (
        ProposalState.ON_AGENDA,
        ProposalState.ADOPTED,
        ProposalState.NOT_ADOPTED,
    ):
        raise ValidationError(_("Only a motion the presidium put on the agenda can be voted on."))


@audited
@transaction.atomic
def agenda_motions_add(*, actor, session):
    """Put the session's motions placed on the agenda (列入议程) at the end of its agenda, in
    the order of their numbers; returns the new items."""
    _require_perm(actor, "assembly.add_agendaitem")
    Session.objects.select_for_update().get(pk=session.pk)
    added = []
    for motion in motions_waiting(session):
        added.append(
            agenda_item_save(
                actor=actor,
                item=AgendaItem(
                    session=session, kind=ItemKind.MOTION, title=motion.title, proposal=motion
                ),
            )
        )
    return added


@audited
@transaction.atomic
def agenda_item_move(*, actor, item, direction):
    """Swap the item with its neighbour above ("up") or below ("down"); at an end, nothing."""
    _require_perm(actor, "assembly.change_agendaitem")
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    Session.objects.select_for_update().get(pk=item.session_id)
    items = list(AgendaItem.objects.filter(session_id=item.session_id).order_by("position", "pk"))
    # Number them 1..n first, so equal or missing positions never stall a move.
    for number, row in enumerate(items, start=1):
        if row.position != number:
            row.position = number
            row.save(update_fields=["position"])
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        a, b = items[index], items[other]
        a.position, b.position = b.position, a.position
        a.save(update_fields=["position"])
        b.save(update_fields=["position"])
        item.position = a.position
    return item


@audited
@transaction.atomic
def agenda_document_add(*, actor, item, file, title=""):
    """Keep a document (a report, a draft resolution, a budget table) with the item; the file
    was checked by its content (congress.uploads.check_attachment) in the form."""
    _require_perm(actor, "assembly.add_agendadocument")
    name = original_name(file)
    document = AgendaDocument(
        item=item, file=file, original_name=name, title=title or name, uploaded_by=actor
    )
    document.full_clean()
    document.save()
    return document


def _counts_from(casts):
    counted = {choice: 0 for choice in Choice.values}
    for choice in casts.values():
        if choice not in counted:
            raise ValidationError(
                _("Mark each deputy present for, against, abstain or not voting.")
            )
        counted[choice] += 1
    return {
        "present": len(casts),
        "yes": counted[Choice.YES],
        "no": counted[Choice.NO],
        "abstain": counted[Choice.ABSTAIN],
        "not_voting": counted[Choice.NOT_VOTING],
    }


@audited
@transaction.atomic
def vote_record(
    *,
    actor,
    item,
    held_on=None,
    held_time=None,
    present=None,
    yes=None,
    no=None,
    abstain=None,
    not_voting=0,
    casts=None,
):
    """Record the congress's vote on `item`, taken on `held_on` at `held_time`: the counts, or
    each present deputy's mark (`casts`, {deputy: Choice}) from which the counts are taken.
    All deputies are those holding a seat at that moment (counted from the roster). The outcome
    follows assembly.rules.decision (more than half of all deputies, two thirds present); a
    motion is ended as adopted or not adopted, an office or a seat ends, in the same
    transaction. Refused, in Chinese: counts that do not add up, a vote without quorum, an item
    already voted on, an election (voted by ballot), a moment outside the session or to come."""
    _require_perm(actor, "assembly.add_vote")
    item = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    session = item.session
    if not item.decided_by_vote:
        raise ValidationError(_("Elections and appointments are voted by ballot, not here."))
    if item.kind in PERSON_KINDS and item.office.end_date:
        raise ValidationError(
            _("The office of %(name)s already ended on %(date)s: nothing is left to vote on.")
            % {"name": item.office.name, "date": date_format(item.office.end_date)}
        )
    if Vote.objects.filter(item=item).exists():
        raise ValidationError(_("The vote on this item has already been recorded."))
    if item.kind in PERSON_KINDS and held_on and held_on < item.office.start_date:
        raise ValidationError(
            {
                "held_on": _("%(name)s took office on %(date)s: a vote before cannot end it.")
                % {"name": item.office.name, "date": date_format(item.office.start_date)}
            }
        )
    if session.start_date > timezone.localdate():
        raise ValidationError(_("The session has not begun: its votes are recorded once held."))
    law.check_vote_moment(session, held_on, held_time, now=timezone.now())
    total = deputies_seated_count(held_on, held_time)
    if item.kind == ItemKind.SEAT_RESIGNATION:
        _check_seat_still_held(item, held_on, held_time)
    if casts is not None:
        counts = _counts_from(casts)
        strangers = [d.name for d in casts if not d.seated_at(held_on, held_time)]
        if strangers:
            raise ValidationError(
                _("%(names)s held no seat at the time of the vote.")
                % {"names": "、".join(strangers)}
            )
    else:
        counts = {
            "present": present,
            "yes": yes,
            "no": no,
            "abstain": abstain,
            "not_voting": not_voting or 0,
        }
    try:
        outcome = rules.decision(total=total, **counts)
    except rules.CountError as error:
        raise ValidationError(str(error)) from error
    if not outcome.quorate:
        raise ValidationError(outcome.reason)
    vote = Vote(
        item=item,
        total=outcome.total,
        held_on=held_on,
        held_time=held_time,
        adopted=outcome.adopted,
        by_name=casts is not None,
        recorded_by=actor,
        **counts,
    )
    vote.full_clean()
    vote.save()
    if casts is not None:
        VoteCast.objects.bulk_create(
            VoteCast(vote=vote, deputy=deputy, choice=choice) for deputy, choice in casts.items()
        )
    item.outcome = Outcome.ADOPTED if outcome.adopted else Outcome.NOT_ADOPTED
    item.save(update_fields=["outcome"])
    if item.kind == ItemKind.MOTION:
        motion_decide(
            actor=actor, proposal=item.proposal, adopted=outcome.adopted, note=outcome.figures
        )
    if item.kind in PERSON_KINDS and outcome.adopted:
        _office_end(actor=actor, item=item, vote=vote, figures=outcome.figures)
    if item.kind == ItemKind.SEAT_RESIGNATION and outcome.adopted:
        seat_end(
            actor=actor,
            deputy=item.deputy,
            status=DeputyStatus.RESIGNED,
            day=held_on,
            time=held_time,
        )
    return vote


def _check_seat_still_held(item, held_on, held_time):
    """The resigning deputy still holds the seat at the vote, and no vote of the session was
    recorded for a later moment: it counted the deputy, and the total it keeps would be wrong
    (votes are recorded in the order they were taken)."""
    deputy = Deputy.objects.get(pk=item.deputy_id)
    if not deputy.seated_at(held_on, held_time):
        raise ValidationError(
            _("The seat of %(name)s already ended on %(date)s: nothing is left to vote on.")
            % {"name": deputy.name, "date": date_format(deputy.status_date)}
        )
    later = Q(held_on__gt=held_on) | Q(held_on=held_on, held_time__gt=held_time)
    if (
        Vote.objects.filter(later, item__session=item.session_id).exists()
        or Round.objects.filter(later, contest__session=item.session_id).exists()
    ):
        raise ValidationError(
            _(
                "A vote of this session taken after this time is already recorded, counting "
                "%(name)s among all deputies: record the votes in the order they were taken."
            )
            % {"name": deputy.name}
        )


# How an adopted resignation or recall ends the office (elections.models.Office.EndReason).
END_REASONS = {
    ItemKind.RESIGNATION: Office.EndReason.RESIGNED,
    ItemKind.RECALL: Office.EndReason.RECALLED,
}


def _office_end(*, actor, item, vote, figures):
    """The office ends on the day of the vote that ends it, in the vote's transaction: the
    leaders' roster shows it ended."""
    office_end(
        office=item.office,
        date=vote.held_on,
        reason=END_REASONS[item.kind],
        user=actor,
        note=f"{item.session}：{figures}",
    )
