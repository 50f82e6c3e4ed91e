"""Every write about the elections the township congress holds: the session's election rules,
nominations, closing the nominations (the formal list), the record of each vote, and the
offices that result (with the presidium seats of the congress app, through its own service).
Each function is one transaction; refusals are ValidationErrors in Chinese."""

from datetime import time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import law, names
from congress.audit import audited
from congress.models import PresidiumMember, Session
from congress.selectors import township_name
from congress.services import record_save
from deputies.models import Deputy
from deputies.selectors import deputies_present_and_seated, deputies_seated_count, in_office_on
from elections import congress_rules as cr
from elections import congress_selectors as selectors
from elections.congress_tally import tally_problems
from elections.models import Contest, ElectionRules, Nomination, Office, Round, RoundTally

CHANGE_PERMISSION = "elections.change_contest"
OFFICE_PERMISSION = "elections.change_office"
# The time a round is held when none is given (the round form proposes it too).
DEFAULT_ROUND_TIME = time(9, 0)


def _require(user, permission):
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied


def _locked(contest):
    return Contest.objects.select_for_update().select_related("session__term").get(pk=contest.pk)


@audited
@transaction.atomic
def election_rules_save(
    *,
    actor,
    session: Session,
    adopted_on,
    posts,
    note="",
    kind=None,
    ballot_order=ElectionRules.BallotOrder.STROKES,
) -> ElectionRules:
    """The session's election rules: `posts` maps each post it elects to (seats, margin);
    `kind`: a general election or a by-election (OL 30), by default the general election at a
    term's first session and a by-election at any other; `ballot_order`: the formal list after
    a preliminary vote, by surname strokes or by the votes. The law's limits are checked per
    post (congress_rules.rules_problems). A post already nominated for keeps its contest; one
    whose nominations are closed cannot change. A post left out is dropped only while nobody is
    nominated for it. Further elections (further_election_open) are not the rules' own."""
    _require(actor, CHANGE_PERMISSION)
    if kind is None:
        kind = cr.default_contest_kind(session.kind == Session.Kind.FIRST)
    if kind not in (Contest.Kind.ELECTION, Contest.Kind.BY_ELECTION):
        raise ValidationError(_("Choose a general election or a by-election."))
    if ballot_order not in ElectionRules.BallotOrder.values:
        raise ValidationError(_("Choose the order of the formal candidates."))
    problems = []
    for post, (seats, margin) in posts.items():
        problems += [
            f"{selectors.post_label(post, township_name())}：{problem}"
            for problem in cr.rules_problems(post, seats, margin, kind)
        ]
    if not posts:
        problems.append(_("The election rules name at least one post to elect."))
    if problems:
        raise ValidationError(problems)
    election_rules = ElectionRules.objects.filter(session=session).first() or ElectionRules(
        session=session
    )
    election_rules.adopted_on = adopted_on
    election_rules.ballot_order = ballot_order
    election_rules.note = note
    record_save(actor=actor, record=election_rules)
    existing = {
        c.post: c
        for c in Contest.objects.select_for_update()
        .filter(session=session)
        .exclude(kind=Contest.Kind.FURTHER)
    }
    for post, (seats, margin) in posts.items():
        contest = existing.get(post) or Contest(session=session, post=post)
        if contest.pk and (contest.seats, contest.margin, contest.kind) != (seats, margin, kind):
            if contest.nominations_closed_on:
                raise ValidationError(
                    _("The nominations for %(post)s are closed: its seats and margin stay.")
                    % {"post": contest.get_post_display()}
                )
        contest.seats, contest.margin, contest.kind = seats, margin, kind
        record_save(actor=actor, record=contest)
    for post, contest in existing.items():
        if post not in posts:
            if contest.nominations.exists():
                raise ValidationError(
                    _("%(post)s has nominations and cannot be dropped from the rules.")
                    % {"post": contest.get_post_display()}
                )
            contest.delete()
    return election_rules


@audited
@transaction.atomic
def nomination_add(
    *,
    actor,
    contest: Contest,
    source,
    deputy: Deputy | None = None,
    name="",
    introduction="",
    sponsors=(),
    day=None,
) -> Nomination:
    """Nominate a candidate (OL 26): by the presidium, or by ten or more deputies jointly
    (`sponsors`, deputies in office); neither beyond the seats. The chair, the vice-chairs and
    the presidium members must be deputies (`deputy`); others may be a deputy or a name."""
    _require(actor, CHANGE_PERMISSION)
    contest = _locked(contest)
    day = day or contest.session.start_date
    if contest.nominations_closed_on:
        raise ValidationError(_("The nominations for this election are closed."))
    name = (deputy.name if deputy else name).strip()
    if not name:
        raise ValidationError({"name": _("Choose the deputy or write the name of the nominee.")})
    active = list(contest.nominations.filter(withdrawn=False).prefetch_related("sponsors"))
    if any(
        (deputy and n.deputy_id == deputy.pk) or (not deputy and n.name == name) for n in active
    ):
        raise ValidationError(_("%(name)s is already nominated for this post.") % {"name": name})
    sponsors = list(dict.fromkeys(sponsors)) if source == cr.DEPUTIES else []
    strangers = [
        d.name for d in sponsors if not Deputy.objects.filter(in_office_on(day), pk=d.pk).exists()
    ]
    if strangers:
        raise ValidationError(
            _("%(names)s are not deputies in office.") % {"names": "、".join(strangers)}
        )
    if deputy and not Deputy.objects.filter(in_office_on(day), pk=deputy.pk).exists():
        raise ValidationError(_("%(name)s is not a deputy in office.") % {"name": deputy.name})
    joined = {}
    for nomination in active:
        if nomination.source == cr.DEPUTIES:
            for sponsor in nomination.sponsors.all():
                joined[sponsor.pk] = joined.get(sponsor.pk, 0) + 1
    problems = cr.nomination_problems(
        post=contest.post,
        seats=contest.seats,
        source=source,
        is_deputy=deputy is not None,
        presidium_nominations=sum(1 for n in active if n.source == cr.PRESIDIUM),
        sponsors=len(sponsors),
        sponsors_full=[d.name for d in sponsors if joined.get(d.pk, 0) >= contest.seats],
    )
    if problems:
        raise ValidationError(problems)
    nomination = Nomination(
        contest=contest,
        deputy=deputy,
        name=name,
        introduction=introduction.strip() or (deputy.workplace if deputy else ""),
        source=source,
        sponsor_count=len(sponsors),
        nominated_on=day,
        stroke_key=names.stroke_sort_key(name),
    )
    record_save(actor=actor, record=nomination)
    nomination.sponsors.set(sponsors)
    return nomination


@audited
@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination) -> Nomination:
    """A nomination withdrawn before the nominations close (the row stays, marked)."""
    _require(actor, CHANGE_PERMISSION)
    contest = _locked(nomination.contest)
    if contest.nominations_closed_on:
        raise ValidationError(_("The nominations for this election are closed."))
    nomination.withdrawn = True
    return record_save(actor=actor, record=nomination)


@audited
@transaction.atomic
def nominations_close(*, actor, contest: Contest, day=None) -> Contest:
    """Close the nominations (OL 27). With as many nominees as the plan wants, the formal list
    is fixed in surname-stroke order; with more, a preliminary vote will fix it; with too few,
    refused with the reason."""
    _require(actor, CHANGE_PERMISSION)
    contest = _locked(contest)
    if contest.nominations_closed_on:
        raise ValidationError(_("The nominations for this election are already closed."))
    progress = selectors.contest_progress(selectors.contest_facts(contest.pk))
    if not progress.plan.ready:
        raise ValidationError(progress.plan.reason)
    if progress.plan.kind != cr.PRELIMINARY:
        for position, nomination in enumerate(progress.nominees, start=1):
            nomination.position = position
            nomination.save(update_fields=["position"])
    contest.nominations_closed_on = day or contest.session.start_date
    return record_save(actor=actor, record=contest)


@audited
@transaction.atomic
def round_record(
    *,
    actor,
    contest: Contest,
    held_on,
    held_time=None,
    ballots_issued,
    ballots_returned,
    void_ballots,
    tallies,
    write_ins=(),
) -> Round:
    """Record the next vote of a contest (its kind, seats and candidates come from the
    contest's progress): the ballots, and for each candidate (a Nomination) the votes for,
    against and abstaining (`tallies`: {nomination: (for, against, abstain)}); `write_ins`:
    [(name, votes)] for other persons. The counts must add up: each candidate's three counts
    make the valid ballots, and no valid ballot chooses more people than seats. A round with
    more ballots returned than issued is recorded as void. Those elected become offices from
    the day of the vote, and presidium seats where the post is one.

    The vote is held at `held_on`, `held_time` (09:00 when not given): all the deputies, whose
    half the elected must exceed (OL 25), are those holding a seat at that moment
    (deputies.selectors.deputies_seated_count), not a typed figure; the quorum (two thirds) is
    counted on them too (congress.law). Refused: a moment outside the session or still to come;
    a government post voted on while a candidate still holds the congress's chair or
    vice-chair post (OL 18, 32)."""
    _require(actor, CHANGE_PERMISSION)
    contest = _locked(contest)
    session = contest.session
    progress = selectors.contest_progress(selectors.contest_facts(contest.pk))
    step = progress.next
    if contest.nominations_closed_on is None:
        raise ValidationError(_("Close the nominations first."))
    if progress.stage == "deferred":
        raise ValidationError(
            _("The seats left go to a further election (%(session)s): no vote is left here.")
            % {"session": progress.successor.session}
        )
    if step is None:
        raise ValidationError(_("This election is complete; no vote is left to record."))
    if session.deputies_present is None:
        raise ValidationError(
            _("Record the session's attendance first: the majority is counted on all deputies.")
        )
    held_time = DEFAULT_ROUND_TIME if held_time is None else held_time
    law.check_vote_moment(session, held_on, held_time, now=timezone.now())
    deputies_total = deputies_seated_count(held_on, held_time)
    if not deputies_total:
        raise ValidationError(_("The roster has no deputy holding a seat at the time of the vote."))
    law.check_quorum(session.deputies_present, deputies_total)
    problems = []
    if step.kind != cr.ROUND_PRELIMINARY:
        problems += [
            cr.administrative_conflict_problem(nomination.name)
            for nomination in step.candidates
            if isinstance(nomination, Nomination)
            and cr.administrative_conflict(contest.post, selectors.posts_held(nomination, held_on))
        ]
    candidates = [c for c in step.candidates if isinstance(c, Nomination)]
    problems += [
        problem.message
        for problem in tally_problems(
            preliminary=step.kind == cr.ROUND_PRELIMINARY,
            seats=step.seats,
            present=deputies_present_and_seated(session, held_on, held_time),
            ballots_issued=ballots_issued,
            ballots_returned=ballots_returned,
            void_ballots=void_ballots,
            candidates={c: c.name for c in candidates},
            tallies=tallies,
            write_ins=write_ins,
        )
    ]
    if problems:
        raise ValidationError(problems)
    round_ = Round(
        contest=contest,
        number=len(progress.rounds) + 1,
        kind=step.kind,
        held_on=held_on,
        held_time=held_time,
        seats=step.seats,
        deputies_total=deputies_total,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        void_ballots=void_ballots,
        recorded_by=actor,
    )
    named = [(name.strip(), votes) for name, votes in write_ins if (name or "").strip()]
    write_in_rows = [
        (
            name,
            votes,
            Deputy.objects.filter(in_office_on(held_on), name=name).order_by("pk").first(),
        )
        for name, votes in named
    ]
    round_.full_clean(exclude=["recorded_by"])
    round_.save()
    RoundTally.objects.bulk_create(
        [
            RoundTally(
                round=round_,
                nomination=nomination,
                votes_for=counts[0],
                votes_against=counts[1],
                votes_abstain=counts[2],
            )
            for nomination, counts in tallies.items()
        ]
        + [
            RoundTally(round=round_, write_in=name, write_in_deputy=deputy, votes_for=votes)
            for name, votes, deputy in write_in_rows
        ]
    )
    after = selectors.contest_progress(selectors.contest_facts(contest.pk))
    recorded = after.rounds[-1]
    if recorded.result.void:
        return round_
    if round_.kind == cr.ROUND_PRELIMINARY:
        taken = len(progress.formal)
        for offset, key in enumerate(recorded.result.elected, start=1):
            Nomination.objects.filter(pk=key).update(position=taken + offset)
        _formal_list_order(contest, places=progress.plan.candidates)
        return round_
    for name, deputy, elected_round in after.elected:
        if elected_round.pk != round_.pk:
            continue
        if contest.post in cr.DEPUTY_REQUIRED and deputy is None:
            raise ValidationError(
                _(
                    "%(name)s, written in, is elected, but is not a deputy in office: this post "
                    "is held by a deputy. Check the name against the roster."
                )
                % {"name": name}
            )
        _office_start(actor=actor, contest=contest, round_=round_, name=name, deputy=deputy)
    return round_


def _formal_list_order(contest, *, places):
    """Once the preliminary votes have fixed the whole formal list, put it in the ballot's
    order: surname strokes unless the session's election rules order it by the votes (their
    order, as the preliminary vote left it)."""
    formal = list(
        Nomination.objects.filter(contest=contest, withdrawn=False, position__isnull=False)
    )
    if len(formal) < places:
        return  # a new preliminary vote among the tied comes first
    election_rules = ElectionRules.objects.filter(session=contest.session).first()
    if (
        election_rules
        and election_rules.ballot_order == ElectionRules.BallotOrder.PRELIMINARY_VOTES
    ):
        return
    formal.sort(key=lambda n: (n.stroke_key, n.pk))
    for position, nomination in enumerate(formal, start=1):
        if nomination.position != position:
            Nomination.objects.filter(pk=nomination.pk).update(position=position)


def _office_start(*, actor, contest, round_, name, deputy):
    office = Office(
        post=contest.post,
        term=contest.session.term,
        name=name,
        deputy=deputy,
        start_date=round_.held_on,
        elected_in=round_,
    )
    record_save(actor=actor, record=office)
    role = cr.PRESIDIUM_ROLES.get(contest.post)
    if role is None:
        return office
    term = contest.session.term
    seats = PresidiumMember.objects.filter(term=term, name=name, end_date__isnull=True)
    if seats.filter(role=role).exists():
        return office  # already seated (re-elected by a later session of the term)
    for seat in seats:
        # A member elected chair (or a vice-chair elected member) moves to the new seat.
        seat.end_date = max(seat.start_date, round_.held_on - timedelta(days=1))
        record_save(actor=actor, record=seat)
    record_save(
        actor=actor,
        record=PresidiumMember(
            term=term,
            name=name,
            user=deputy.user if deputy and deputy.user_id else None,
            role=role,
            full_time=role in ("chair", "vice_chair"),
            start_date=round_.held_on,
        ),
    )
    return office


@audited
@transaction.atomic
def office_end(*, office: Office, date, reason, user, note="") -> Office:
    """End an office (a resignation accepted or a recall decided by the session, a term ended,
    a death): the roster keeps it with its end; a presidium seat that came with it ends the
    same day. The session's decision (assembly) calls this with the user recording it."""
    _require(user, OFFICE_PERMISSION)
    return _office_end(office=office, date=date, reason=reason, actor=user, note=note)


def _office_end(*, office, date, reason, actor, note=""):
    """office_end without the permission check: also the end that follows a seat's end,
    already permitted where the seat ended."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    if office.end_date:
        raise ValidationError(_("This office has already ended."))
    if reason not in Office.EndReason.values:
        raise ValidationError({"end_reason": _("Choose how the office ended.")})
    if date is None or date < office.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    office.end_date, office.end_reason, office.end_note = date, reason, (note or "")[:200]
    record_save(actor=actor, record=office)
    role = cr.PRESIDIUM_ROLES.get(office.post)
    if role:
        for seat in PresidiumMember.objects.filter(
            term=office.term, name=office.name, role=role, end_date__isnull=True
        ):
            seat.end_date = max(seat.start_date, date)
            record_save(actor=actor, record=seat)
    return office


def offices_end_with_seat(sender, *, deputy, day, actor=None, **kwargs):
    """Receiver of deputies.signals.seat_ended, inside the seat's transaction: the posts held
    only as a deputy (the chair's, a vice-chair's, a presidium member's) end the day the seat
    ends (EL 56: 相应终止 on a resignation; EL 54: 相应撤销 on a recall). The head and the
    deputy heads need not be deputies: their offices stay."""
    offices = Office.objects.filter(
        deputy=deputy, end_date__isnull=True, post__in=cr.DEPUTY_REQUIRED
    ).order_by("pk")
    for office in offices:
        _office_end(
            office=office,
            date=max(day, office.start_date),
            reason=Office.EndReason.SEAT_ENDED,
            actor=actor,
        )


@audited
@transaction.atomic
def further_election_open(*, actor, contest: Contest, session: Session) -> Contest:
    """A further election (另行选举, OL 29) of the seats a contest left after its formal vote,
    as a new contest at `session`: this one, or a later session of the same term. It takes new
    nominations (OL 26), with OL 27's margin (congress_rules.further_margin), and is carried by
    more than half of all deputies like any election (OL 25). The contest it follows holds no
    further vote of its own from then on."""
    _require(actor, CHANGE_PERMISSION)
    origin = _locked(contest)
    if Contest.objects.filter(follows=origin).exists():
        raise ValidationError(_("A further election of these seats is already opened."))
    progress = selectors.contest_progress(selectors.contest_facts(origin.pk))
    step = progress.next
    if progress.done or step is None:
        raise ValidationError(_("This election has no seats left to fill."))
    if step.kind == cr.ROUND_TIE:
        raise ValidationError(
            _("Hold the new vote among the tied first: the seats left are not known yet.")
        )
    if step.kind != cr.ROUND_FURTHER:
        raise ValidationError(
            _("A further election fills the seats left after the formal vote; none is held yet.")
        )
    origin_session = origin.session
    later = session.term_id == origin_session.term_id and (
        session.pk == origin_session.pk or session.start_date > origin_session.start_date
    )
    if not later:
        raise ValidationError(
            {
                "session": _(
                    "A further election is held at this session or at a later session of the "
                    "same term (Organic Law, art. 29)."
                )
            }
        )
    further = Contest(
        session=session,
        post=origin.post,
        kind=Contest.Kind.FURTHER,
        follows=origin,
        seats=step.seats,
        margin=cr.further_margin(origin.post, origin.margin),
    )
    return record_save(actor=actor, record=further)
