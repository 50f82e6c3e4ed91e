"""Reads of the elections the township congress holds: a contest's progress (plan, formal list,
each round's computed result, who is elected, what vote comes next), a session's contests,
the announcement's lines and the roster of township leaders. Results are always computed here
from the tallies (elections/congress_rules.py), never stored."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q

from congress.names import stroke_sort_key
from congress.text import place_word, post_title, post_words
from deputies.models import Deputy
from deputies.selectors import in_office_on
from elections import congress_rules as cr
from elections.models import CongressPost, Contest, Nomination, Office, Round, RoundTally


@dataclass
class NextRound:
    """The vote to hold next: its kind, the seats (or places of a preliminary vote) and its
    candidates in ballot order."""

    kind: str
    seats: int
    candidates: list

    @property
    def kind_label(self):
        return Round.Kind(self.kind).label


@dataclass
class Progress:
    contest: Contest
    nominees: list  # not withdrawn, in surname-stroke order
    plan: cr.Plan
    formal: list  # the formal list in its order (empty until fixed)
    rounds: list  # Round objects, each with .result (RoundResult) and .rows (tallies by votes)
    elected: list = field(default_factory=list)  # [(name, deputy or None, round)]
    next: NextRound | None = None
    # nominating, too_few, preliminary, voting, done; deferred: the seats left go to a further
    # election held as a contest of its own (`successor`).
    stage: str = "nominating"
    successor: Contest | None = None

    @property
    def done(self):
        return self.stage == "done"


def contests_with_facts(queryset=None):
    """Contests with everything `contest_progress` reads, in a fixed number of queries."""
    queryset = Contest.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "session__term", "follows__session", "successor__session"
    ).prefetch_related(
        Prefetch(
            "nominations",
            queryset=Nomination.objects.select_related("deputy").order_by("stroke_key", "pk"),
        ),
        Prefetch(
            "rounds",
            queryset=Round.objects.order_by("number").prefetch_related(
                Prefetch(
                    "tallies",
                    queryset=RoundTally.objects.select_related("nomination", "write_in_deputy"),
                )
            ),
        ),
    )


def contest_progress(contest):
    """Where a contest stands, replaying its rounds in order (uses the prefetch of
    `contests_with_facts` when present)."""
    nominees = [n for n in contest.nominations.all() if not n.withdrawn]
    plan = cr.candidate_plan(
        contest.post, contest.seats, contest.margin, len(nominees), contest.kind
    )
    formal = sorted((n for n in nominees if n.position), key=lambda n: n.position)
    rounds = list(contest.rounds.all())
    progress = Progress(contest=contest, nominees=nominees, plan=plan, formal=formal, rounds=rounds)
    if contest.nominations_closed_on is None:
        progress.stage = "nominating" if plan.ready else "too_few"
        for round_ in rounds:  # none before closing; kept safe for odd data
            round_.result, round_.rows = None, []
        return progress
    by_pk = {n.pk: n for n in nominees}
    if plan.kind == cr.PRELIMINARY and len(formal) < plan.candidates:
        pending = NextRound(
            cr.ROUND_PRELIMINARY,
            plan.candidates,
            [n for n in nominees if n not in formal],
        )
    else:
        pending = NextRound(cr.ROUND_FORMAL, contest.seats, list(formal))
    elected_keys = []
    margin = cr.PRINCIPAL_MARGIN if contest.post in cr.PRINCIPAL_POSTS else contest.margin
    for round_ in rounds:
        tallies = list(round_.tallies.all())
        votes = {_key(t): t.votes_for for t in tallies}
        names = {_key(t): t for t in tallies}
        figures = {
            "ballots_issued": round_.ballots_issued,
            "ballots_returned": round_.ballots_returned,
            "votes_for": votes,
        }
        if round_.kind == cr.ROUND_PRELIMINARY:
            result = cr.count_preliminary(places=round_.seats, **figures)
        elif round_.kind == cr.ROUND_TIE:
            result = cr.count_tie_vote(seats=round_.seats, **figures)
        else:
            result = cr.count_round(
                deputies_total=round_.deputies_total, seats=round_.seats, **figures
            )
        round_.result = result
        round_.rows = [names[key] for key, _votes in result.ranked] if not result.void else tallies
        round_.elected_names = [names[k].person_name for k in result.elected]
        round_.tied_names = [names[k].person_name for k in result.tied]
        if result.void:
            continue  # held again, as it was
        if round_.kind == cr.ROUND_PRELIMINARY:
            if result.tied:
                places = round_.seats - len(result.elected)
                pending = NextRound(
                    cr.ROUND_PRELIMINARY, places, [by_pk[k] for k in result.tied if k in by_pk]
                )
            else:
                pending = NextRound(cr.ROUND_FORMAL, contest.seats, list(formal))
            continue
        for key in result.elected:
            tally = names[key]
            deputy = tally.nomination.deputy if tally.nomination_id else tally.write_in_deputy
            progress.elected.append((tally.person_name, deputy, round_))
            elected_keys.append(key)
        open_seats = contest.seats - len(elected_keys)
        if result.tied:
            pending = NextRound(
                cr.ROUND_TIE, open_seats, [names[k].nomination or names[k] for k in result.tied]
            )
        elif open_seats > 0:
            ranked = [(k, v) for k, v in result.ranked if isinstance(k, int)]
            chosen = cr.further_candidates(
                seats_left=open_seats, margin=margin, ranked=ranked, elected=elected_keys
            )
            pending = NextRound(cr.ROUND_FURTHER, open_seats, [by_pk[k] for k in chosen])
        else:
            pending = None
    progress.successor = successor(contest)
    if pending is not None and pending.kind == cr.ROUND_FURTHER and progress.successor:
        pending = None  # the further vote is the successor's
    progress.next = pending
    if progress.successor and pending is None and len(elected_keys) < contest.seats:
        progress.stage = "deferred"
    elif pending is None:
        progress.stage = "done"
    elif pending.kind == cr.ROUND_PRELIMINARY:
        progress.stage = "preliminary"
    else:
        progress.stage = "voting"
    return progress


def successor(contest):
    """The further election (a contest of its own) of the seats `contest` left, or None."""
    try:
        return contest.successor
    except ObjectDoesNotExist:
        return None


def further_sessions(contest):
    """Sessions a further election of `contest`'s seats may be held at (OL 29): its own and the
    later sessions of its term, in order."""
    from congress.models import Session

    session = contest.session
    return Session.objects.filter(
        Q(pk=session.pk) | Q(term=session.term_id, start_date__gt=session.start_date)
    ).order_by("start_date", "number")


def posts_held(nomination, day):
    """The posts the nominee holds on `day` (offices begun by then, not ended by then): by the
    deputy when the nomination names one, else by the name. An office ending on the day counts
    as ended (offices keep no hour)."""
    offices = Office.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day)
    )
    if nomination.deputy_id:
        offices = offices.filter(deputy=nomination.deputy_id)
    else:
        offices = offices.filter(name=nomination.name)
    return set(offices.values_list("post", flat=True))


def flag_conflicts(contest, nominations):
    """Set `conflict` on each nomination of a government post whose nominee holds the chair's or
    a vice-chair's post now (OL 18): the warning the nominations list shows, or ""."""
    if contest.post not in cr.ADMINISTRATIVE_POSTS:
        for nomination in nominations:
            nomination.conflict = ""
        return nominations
    current = list(
        Office.objects.filter(end_date__isnull=True, post__in=cr.CONGRESS_LEADER_POSTS).values_list(
            "deputy_id", "name", "post"
        )
    )
    for nomination in nominations:
        held = [
            post
            for deputy_id, name, post in current
            if (
                deputy_id == nomination.deputy_id
                if nomination.deputy_id
                else name == nomination.name
            )
        ]
        conflict = cr.administrative_conflict(contest.post, held)
        nomination.conflict = cr.administrative_conflict_warning() if conflict else ""
    return nominations


def _key(tally):
    """A person in a round's count: the nomination's pk, or the written-in name."""
    return tally.nomination_id if tally.nomination_id else f"w:{tally.write_in}"


def session_contests(session):
    """[Progress] of the session's contests, in post order."""
    order = {value: rank for rank, value in enumerate(CongressPost.values)}
    contests = sorted(
        contests_with_facts(Contest.objects.filter(session=session)),
        key=lambda c: order[c.post],
    )
    return [contest_progress(c) for c in contests]


def contest_facts(pk):
    return contests_with_facts(Contest.objects.filter(pk=pk)).first()


def post_label(post, township):
    """The short word of a post for pages: 主席, 副主席, 镇长/乡长, 副镇长/副乡长, 主席团成员."""
    if post in (cr.HEAD, cr.DEPUTY_HEAD):
        return post_words(post, place_word(township))
    return CongressPost(post).label


def announcement_lines(session, township):
    """[(date, [(post title, [names])])] of those the session elected, by date of the vote;
    the names of one post in surname stroke order."""
    by_day = {}
    for progress in session_contests(session):
        for name, _deputy, round_ in progress.elected:
            posts = by_day.setdefault(round_.held_on, {})
            posts.setdefault(progress.contest.post, []).append(name)
    for posts in by_day.values():
        for names in posts.values():
            names.sort(key=stroke_sort_key)  # the elected of a post: surname strokes
    order = {value: rank for rank, value in enumerate(CongressPost.values)}
    return [
        (
            day,
            [
                (post_title(post, township), names)
                for post, names in sorted(posts.items(), key=lambda item: order[item[0]])
            ],
        )
        for day, posts in sorted(by_day.items())
    ]


def leaders_roster(township):
    """[(post label, current offices, past offices)] in post order, each with its holders."""
    offices = Office.objects.select_related("term", "deputy", "elected_in__contest__session")
    grouped = {post: ([], []) for post in CongressPost.values}
    for office in offices.order_by("-start_date", "name"):
        grouped[office.post][0 if office.current else 1].append(office)
    return [
        (post_label(post, township), current, past)
        for post, (current, past) in grouped.items()
        if current or past
    ]


def deputies_for_nomination(day):
    """Deputies in office on `day`, by surname strokes: who may be nominated or nominate."""
    return Deputy.objects.filter(in_office_on(day)).order_by("stroke_key", "pk")
