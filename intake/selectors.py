"""Reads of the voters' opinions: what each user may see, the list's tabs and counts, the
voter's tracking page, the codes, and the figures (received, answered, suggestions,
satisfaction) the deputy's record, the dashboard and the summaries read."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.law import Rate
from congress.text import mask_phone, without_phones
from deputies.models import Deputy, DeputyStatus, LiaisonStation
from intake import rules
from intake.models import Code, Opinion, Status
from proposals.models import Reply, ReplyCategory

TABS = ("new", "queue", "handled", "spam", "all")
TAB_LABELS = {
    "new": gettext_lazy("Waiting for an answer"),
    "queue": gettext_lazy("To be checked"),
    "handled": gettext_lazy("Handled"),
    "spam": gettext_lazy("Not genuine"),
    "all": gettext_lazy("All"),
}
STAFF_TABS = frozenset({"queue", "spam"})


# Visibility


def is_staff(user):
    return user.has_perm("intake.view_opinion")


def own_deputy(user):
    """The deputy whose opinions the user handles, or None."""
    if not user.is_authenticated or not user.has_perm("intake.handle_own"):
        return None
    return Deputy.objects.filter(user=user).first()


def opinions_visible_to(user):
    """The secretary and the presidium: every opinion. A deputy: those sent to their code,
    once they are not waiting in the secretary's spam queue. Anyone else: none."""
    opinions = Opinion.objects.all()
    if not user.is_authenticated:
        return opinions.none()
    if is_staff(user):
        return opinions
    deputy = own_deputy(user)
    if deputy is None:
        return opinions.none()
    return opinions.filter(deputy=deputy, suspect=False)


def _tab_q(tab):
    return {
        "new": Q(status=Status.NEW, suspect=False),
        "queue": Q(status=Status.NEW, suspect=True),
        "handled": Q(status__in=rules.HANDLED),
        "spam": Q(status=Status.SPAM),
        "all": Q(),
    }[tab]


def tabs_for(user):
    return [tab for tab in TABS if is_staff(user) or tab not in STAFF_TABS]


def opinion_list(user, *, tab="new", topic="", village="", deputy_id=None, owner=""):
    """The opinions of a tab for `user`, filtered, newest first, with what a row shows."""
    opinions = opinions_visible_to(user).filter(_tab_q(tab))
    if topic:
        opinions = opinions.filter(topic=topic)
    if village:
        opinions = opinions.filter(village=village)
    if deputy_id and is_staff(user):
        opinions = opinions.filter(deputy_id=deputy_id)
    if owner == "station" and is_staff(user):
        opinions = opinions.filter(station__isnull=False)
    return opinions.select_related("deputy", "station", "proposal")


def tab_counts(user):
    """{tab: count} for the user's tabs, in one query."""
    counts = opinions_visible_to(user).aggregate(
        **{tab: Count("pk", filter=_tab_q(tab)) for tab in tabs_for(user)}
    )
    return counts


def new_count(user):
    """The menu badge: opinions waiting for this user. A deputy: their own new ones. The
    secretary: the new ones she answers (stations' codes, deputies without an account) and the
    spam queue."""
    if not user.is_authenticated:
        return 0
    if user.has_perm("intake.change_opinion"):
        return Opinion.objects.filter(
            Q(station__isnull=False) | Q(deputy__user__isnull=True) | Q(suspect=True),
            status=Status.NEW,
        ).count()
    deputy = own_deputy(user)
    if deputy is None:
        return 0
    return Opinion.objects.filter(deputy=deputy, status=Status.NEW, suspect=False).count()


def opinion_detail(user, pk):
    """The opinion with its events, or None when the user may not see it."""
    return (
        opinions_visible_to(user)
        .select_related("deputy__user", "station", "proposal", "voter_contact", "petition")
        .prefetch_related("events__actor")
        .filter(pk=pk)
        .first()
    )


EVENT_LABELS = {
    "submit": gettext_lazy("sent by the voter"),
    "answer": gettext_lazy("answered"),
    "contact": gettext_lazy("recorded as a voter contact"),
    "petition": gettext_lazy("passed on as a petition"),
    "suggestion": gettext_lazy("taken up as a suggestion"),
    "spam": gettext_lazy("marked as not genuine"),
    "flag": gettext_lazy("reported as not genuine"),
    "release": gettext_lazy("found genuine"),
    "rate": gettext_lazy("rated by the voter"),
    "anonymise": gettext_lazy("personal data removed"),
}


def events(opinion):
    """[(event, label)] of the opinion's history, oldest first (from the prefetch)."""
    return [(e, EVENT_LABELS.get(e.action, e.action)) for e in opinion.events.all()]


@dataclass(frozen=True)
class Steps:
    answer: bool = False  # answer, contact, petition, suggestion
    flag: bool = False  # the deputy sends it to the spam queue
    judge: bool = False  # the secretary: spam or genuine
    choose_deputy: bool = False  # a station's opinion: the secretary names the deputy


def steps_for(user, opinion):
    new = opinion.status == Status.NEW
    handler = new and rules.may_handle(user, opinion)
    secretary = user.has_perm("intake.change_opinion")
    return Steps(
        answer=handler and not opinion.suspect,
        flag=new and rules.is_owner_deputy(user, opinion),
        judge=new and secretary,
        choose_deputy=handler and opinion.deputy_id is None,
    )


def phone_shown(user, opinion):
    """The phone as this user may see it: whole for the one who calls back, else masked."""
    if rules.may_see_phone(user, opinion):
        return opinion.phone
    return mask_phone(opinion.phone)


def villages():
    from congress.selectors import township_profile

    profile = township_profile()
    return profile.village_list if profile else []


# The voter's tracking page

CATEGORY_WORDS = {
    ReplyCategory.A: gettext_lazy("The problem has been solved or basically solved."),
    ReplyCategory.B: gettext_lazy("The problem is being solved or is in the plans."),
    ReplyCategory.C: gettext_lazy(
        "The problem cannot be solved for now; it has been kept for reference."
    ),
    ReplyCategory.D: gettext_lazy("The office in charge has explained the matter."),
}


@dataclass(frozen=True)
class Tracking:
    opinion: Opinion
    status: str
    answer: str
    suggestion: str  # the linked suggestion's progress in plain words
    reply: Reply | None  # its latest reply
    reply_text: str  # phone numbers masked
    reply_category: str
    may_rate: bool


def tracking(code):
    """What the voter's tracking page shows for tracking code `code` (as stored), or None."""
    opinion = (
        Opinion.objects.select_related("proposal", "deputy", "station")
        .prefetch_related(
            Prefetch(
                "proposal__replies", queryset=Reply.objects.select_related("unit").order_by("round")
            )
        )
        .filter(tracking_code=code)
        .exclude(status=Status.SPAM)
        .first()
    )
    if opinion is None:
        return None
    reply, suggestion = None, ""
    if opinion.status == Status.SUGGESTION and opinion.proposal_id:
        suggestion = str(rules.suggestion_words(opinion.proposal.state))
        replies = list(opinion.proposal.replies.all())
        if replies and opinion.proposal.state in rules.REPLIED_STATES:
            reply = replies[-1]
    status = (
        _("Received, waiting for an answer")
        if opinion.status == Status.NEW
        else opinion.get_status_display()
    )
    return Tracking(
        opinion=opinion,
        status=status,
        answer=opinion.answer,
        suggestion=suggestion,
        reply=reply,
        reply_text=without_phones(reply.text) if reply else "",
        reply_category=str(CATEGORY_WORDS.get(reply.category, "")) if reply else "",
        may_rate=rules.may_rate(opinion),
    )


# Codes


def code_by_token(token):
    return Code.objects.select_related("deputy", "station").filter(token=token).first()


def active_code(*, deputy=None, station=None):
    owner = {"deputy": deputy} if deputy is not None else {"station": station}
    return Code.objects.filter(active=True, **owner).first()


@dataclass(frozen=True)
class CodeRow:
    owner: object  # a Deputy or a LiaisonStation
    code: Code | None


def codes_overview():
    """Every deputy in office and every station, with its active code (None when missing)."""
    codes = Code.objects.filter(active=True)
    by_deputy = {c.deputy_id: c for c in codes if c.deputy_id}
    by_station = {c.station_id: c for c in codes if c.station_id}
    deputies = Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("stroke_key", "pk")
    stations = LiaisonStation.objects.order_by("name")
    return (
        [CodeRow(d, by_deputy.get(d.pk)) for d in deputies],
        [CodeRow(s, by_station.get(s.pk)) for s in stations],
    )


def may_see_code(user, code):
    """Staff see every code; a deputy their own."""
    if user.has_perm("intake.view_code"):
        return True
    deputy = own_deputy(user)
    return deputy is not None and code.deputy_id == deputy.pk


# Figures

DEFINITIONS = {
    "answered": gettext_lazy(
        "answered rate = opinions answered (directly, as a voter contact, a petition or a "
        "suggestion) ÷ opinions received"
    ),
    "satisfied": gettext_lazy(
        "satisfaction rate = voters satisfied ÷ voters who said whether they were satisfied"
    ),
}


@dataclass(frozen=True)
class OpinionFigures:
    """Opinions received in the period (by the date sent; not counting those marked not
    genuine), of them answered, turned into suggestions, and the voters' ratings."""

    received: int
    answered: int
    suggestions: int
    satisfied: int
    rated: int

    @property
    def answered_rate(self):
        return Rate(self.answered, self.received, DEFINITIONS["answered"])

    @property
    def satisfaction_rate(self):
        return Rate(self.satisfied, self.rated, DEFINITIONS["satisfied"])


def _moment(day, end=False):
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def opinion_figures(start, end, deputy=None):
    """OpinionFigures of opinions sent from `start` to `end` (dates, both included, township
    time), of one deputy's code when `deputy` is given. One query."""
    opinions = Opinion.objects.filter(
        submitted_at__gte=_moment(start), submitted_at__lte=_moment(end, end=True)
    ).exclude(status=Status.SPAM)
    if deputy is not None:
        opinions = opinions.filter(deputy=deputy)
    # Aliases apart from the field names (an aggregate may not be called "satisfied").
    counts = opinions.aggregate(
        n_received=Count("pk"),
        n_answered=Count("pk", filter=Q(status__in=rules.HANDLED)),
        n_suggestions=Count("pk", filter=Q(status=Status.SUGGESTION)),
        n_satisfied=Count("pk", filter=Q(satisfied=True)),
        n_rated=Count("pk", filter=Q(satisfied__isnull=False)),
    )
    return OpinionFigures(**{key[2:]: value for key, value in counts.items()})


@dataclass(frozen=True)
class RecordPanel:
    """A section an app adds to a deputy's performance record (deputies' `record_panels`)."""

    title: str
    figures: list  # of (label, value)
    note: str = ""
    link: tuple | None = None  # (label, url)


def record_panel(*, deputy, year, user, own):
    """The voters' opinions of `deputy`'s code in `year`, for the deputy's record."""
    figures = opinion_figures(date(year, 1, 1), date(year, 12, 31), deputy=deputy)
    link = None
    if own and user.has_perm("intake.handle_own"):
        link = (_("Voters' opinions"), reverse("opinion_list"))
    elif is_staff(user):
        link = (_("Voters' opinions"), f"{reverse('opinion_list')}?tab=all&deputy={deputy.pk}")
    return RecordPanel(
        title=_("Voters' opinions through the deputy's code in %(year)s") % {"year": year},
        figures=[
            (_("received"), figures.received),
            (_("answered"), figures.answered),
            (_("taken up as suggestions"), figures.suggestions),
            (_("voters satisfied / rated"), f"{figures.satisfied} / {figures.rated}"),
        ],
        note=str(figures.satisfaction_rate.definition),
        link=link,
    )
