"""Reads of sessions' agendas: for a page (a constant number of queries), for a user (who may
see which session's agenda), and for the reports (what the sessions decided in a period)."""

from dataclasses import dataclass
from datetime import date, time

from django.db.models import Prefetch, Q
from django.utils.translation import pgettext

from assembly import rules
from assembly.models import AgendaDocument, AgendaItem, ItemKind
from congress.models import Session
from congress.selectors import township_name
from deputies.models import AttendanceStatus, Deputy, DeputyStatus, Level
from deputies.selectors import deputies_seated_count, seated_at
from elections import congress_selectors
from proposals.models import Proposal
from proposals.models import State as ProposalState


def sessions_with_agenda_for(user):
    """Sessions whose agenda `user` may open: all for the secretary and the presidium
    (assembly.view_agendaitem); for a deputy (assembly.view_own_agenda), the sessions of the
    terms they hold a township seat in, while they were in office at the session's start."""
    sessions = Session.objects.select_related("term")
    if not user.is_authenticated:
        return sessions.none()
    if user.has_perm("assembly.view_agendaitem"):
        return sessions
    deputy = getattr(user, "deputy", None) if user.has_perm("assembly.view_own_agenda") else None
    if deputy is None:
        return sessions.none()
    terms = deputy.seats.filter(level=Level.TOWNSHIP).values("term_number")
    wanted = Q(term__number__in=terms)
    if deputy.status != DeputyStatus.IN_OFFICE and deputy.status_date:
        wanted &= Q(start_date__lt=deputy.status_date)
    return sessions.filter(wanted)


def agenda(session):
    """The session's items in order, each with its documents, vote and motion: three queries."""
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("vote", "proposal", "office")
        .prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "pk"))
        )
        .order_by("position", "pk")
    )


def agenda_item(pk):
    return AgendaItem.objects.select_related("session__term", "vote", "proposal", "office").filter(
        pk=pk
    )


def motions_waiting(session):
    """The session's motions the presidium put on the agenda that are not yet items of it."""
    return Proposal.objects.filter(
        session=session, state=ProposalState.ON_AGENDA, agenda_item__isnull=True
    ).order_by("number", "pk")


def seated_at_opening(session):
    """All deputies when the session opened: those holding a seat as its first day began."""
    return deputies_seated_count(session.start_date, time.min)


def recall_sponsor_refusals(deputies, session):
    """{deputy pk: why they cannot propose a recall, in Chinese} for those of `deputies` who
    cannot: each sponsor holds a seat in the township's congress when the session opens
    (Organic Law art. 31). The service refuses them; the form shows them disabled."""
    deputies = list(deputies)
    seated = set(
        Deputy.objects.filter(
            seated_at(session.start_date, time.min),
            seats__level=Level.TOWNSHIP,
            pk__in=[d.pk for d in deputies],
        ).values_list("pk", flat=True)
    )
    township = set(
        Deputy.objects.filter(
            seats__level=Level.TOWNSHIP, pk__in=[d.pk for d in deputies]
        ).values_list("pk", flat=True)
    )
    return {
        d.pk: pgettext("co-signer", "no longer in office")
        if d.pk in township
        else pgettext("co-signer", "not a deputy of this township")
        for d in deputies
        if d.pk not in seated
    }


def seated_after_session(session):
    """All deputies once the session's last day ended: lower by the seats it ended."""
    return deputies_seated_count(session.end_date, time.max)


def vote_deputies(session):
    """Deputies to mark in a vote by name: those recorded present at the session, or (no
    attendance by name) the township deputies in office on its first day; by surname strokes."""
    present = Deputy.objects.filter(
        session_attendance__session=session,
        session_attendance__status=AttendanceStatus.PRESENT,
    )
    if present.exists():
        return list(present.order_by("stroke_key", "pk"))
    return list(
        Deputy.objects.filter(seated_at(session.start_date, time.min), seats__level=Level.TOWNSHIP)
        .distinct()
        .order_by("stroke_key", "pk")
    )


@dataclass(frozen=True)
class Elected:
    """One person the session's congress elections elected (elections.congress_selectors)."""

    post: str  # 副镇长, 主席 …
    name: str
    date: date


def session_elected(session):
    """[Elected] of the session's congress elections, in post order and, within a post, in
    order of election: computed from the recorded rounds by elections.congress_selectors (a
    fixed number of queries, whatever the number of posts)."""
    township = township_name()
    return [
        Elected(
            post=congress_selectors.post_label(progress.contest.post, township),
            name=name,
            date=round_.held_on,
        )
        for progress in congress_selectors.session_contests(session)
        for name, _deputy, round_ in progress.elected
    ]


def office_post(office):
    """The post of an office as pages name it: 副镇长, 主席 …"""
    return congress_selectors.post_label(office.post, township_name())


@dataclass(frozen=True)
class DecidedItem:
    """One item a session decided, as the reports cite it."""

    session_id: int
    session: str
    date: date
    kind: str
    kind_label: str
    title: str
    person: str  # whose resignation or recall; "" otherwise
    post: str  # the post a resignation or a recall ends (elections' CongressPost); "" otherwise
    adopted: bool
    total: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voting: int

    @property
    def figures(self):
        return rules.figures_text(
            total=self.total,
            present=self.present,
            yes=self.yes,
            no=self.no,
            abstain=self.abstain,
            not_voting=self.not_voting,
            adopted=self.adopted,
        )


def decisions_in(period_start, period_end):
    """[DecidedItem] voted in sessions that began within the dates (both included), in session
    and agenda order: one query. For the work summaries (reports approved, resolutions
    adopted, motions decided)."""
    items = (
        AgendaItem.objects.filter(
            session__start_date__gte=period_start,
            session__start_date__lte=period_end,
            vote__isnull=False,
        )
        .select_related("session__term", "vote", "office")
        .order_by("session__start_date", "session__number", "position", "pk")
    )
    return [
        DecidedItem(
            session_id=item.session_id,
            session=str(item.session),
            date=item.session.start_date,
            kind=item.kind,
            kind_label=str(ItemKind(item.kind).label),
            title=item.title,
            person=item.person_name,
            post=item.office.post if item.office_id else "",
            adopted=item.vote.adopted,
            total=item.vote.total,
            present=item.vote.present,
            yes=item.vote.yes,
            no=item.vote.no,
            abstain=item.vote.abstain,
            not_voting=item.vote.not_voting,
        )
        for item in items
    ]
