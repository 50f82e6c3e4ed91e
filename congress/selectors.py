"""Reads of the congress body, shaped for pages and reports."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import (
    SESSIONS_PER_YEAR_MINIMUM,
    SESSIONS_PER_YEAR_USUAL,
    PresidiumMeeting,
    PresidiumMember,
    Session,
    Term,
    TownshipProfile,
)


def township_profile():
    """The township's profile, or None before the office has filled it in."""
    return TownshipProfile.objects.filter(pk=1).first()


def current_term(day=None):
    """The term in force on `day` (today by default), else the latest one."""
    day = day or timezone.localdate()
    terms = Term.objects.order_by("-start_date")
    return terms.filter(start_date__lte=day).first() or terms.first()


def sessions_list(*, term=None, year=None):
    sessions = Session.objects.select_related("term")
    if term:
        sessions = sessions.filter(term=term)
    if year:
        sessions = sessions.filter(start_date__year=year)
    return sessions


def meetings_list(*, term=None, year=None):
    meetings = PresidiumMeeting.objects.select_related("term").prefetch_related("attendees")
    if term:
        meetings = meetings.filter(term=term)
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings


def presidium_members(*, term):
    return PresidiumMember.objects.filter(term=term).select_related("user")


def next_number(queryset):
    """The number after the highest one in `queryset` (sessions or meetings of one term)."""
    highest = queryset.order_by("-number").values_list("number", flat=True).first()
    return (highest or 0) + 1


@dataclass(frozen=True)
class YearSessionsStatus:
    year: int
    held: int
    scheduled: int
    level: str  # "error" below the legal minimum, "warning" below the usual number, else "ok"
    message: str


def year_sessions_status(year=None):
    """Whether the year has the sessions the law requires (one) and townships usually hold (two)."""
    today = timezone.localdate()
    year = year or today.year
    dates = list(Session.objects.filter(start_date__year=year).values_list("start_date", flat=True))
    held = sum(1 for d in dates if d <= today)
    scheduled = len(dates) - held
    if len(dates) < SESSIONS_PER_YEAR_MINIMUM:
        level = "error"
        message = _(
            "No session of the congress is held or scheduled in %(year)s. The law requires at "
            "least one session a year; townships generally hold two."
        ) % {"year": year}
    elif len(dates) < SESSIONS_PER_YEAR_USUAL:
        level = "warning"
        message = _(
            "Only one session is held or scheduled in %(year)s; townships generally hold two a year."
        ) % {"year": year}
    else:
        level = "ok"
        message = _("%(year)s: %(held)s session(s) held, %(scheduled)s scheduled.") % {
            "year": year,
            "held": held,
            "scheduled": scheduled,
        }
    return YearSessionsStatus(year, held, scheduled, level, message)
