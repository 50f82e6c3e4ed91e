"""Figures gathered from several apps for the secretary's dashboard.

Every number is defined in its own app's selectors (congress, deputies, proposals); this module
only picks the period and puts them side by side, so the dashboard and the reports agree."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import selectors as congress_selectors
from deputies import selectors as deputies_selectors
from proposals import selectors as proposals_selectors
from proposals.models import ReplyCategory

# How many overdue / due-soon items the dashboard lists (the board shows them all).
DEADLINE_LIST_LENGTH = 10
RECENT_MEETINGS = 5
RATE_LABELS = {
    "closed": _("closed rate"),
    "replied": _("reply rate"),
    "on_time": _("on-time reply rate"),
    "satisfied": _("satisfaction rate"),
    "solved": _("solved rate"),
}


def year_bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class DeadlineList:
    items: list
    total: int


def _deadline_list(items):
    rows = list(items[:DEADLINE_LIST_LENGTH])
    for row in rows:
        row.lead_unit = proposals_selectors.lead_unit(row)
    # Always counted, so the page costs the same queries however many items are listed.
    return DeadlineList(items=rows, total=items.count())


def congress_figures(year):
    return {
        "year_status": congress_selectors.year_sessions_status(year),
        "sessions": congress_selectors.sessions_list(year=year),
        "meetings": congress_selectors.meetings_list(year=year)[:RECENT_MEETINGS],
    }


def handling_figures(year, today=None):
    """The year's handling indicators (items submitted in the year) and the deadlines now."""
    today = today or timezone.localdate()
    stats = proposals_selectors.handling_stats(*year_bounds(year))
    return {
        "stats": stats,
        "rates": [(key, label, stats.rates[key]) for key, label in RATE_LABELS.items()],
        "categories": [
            (value, label, stats.by_category.get(value, 0))
            for value, label in ReplyCategory.choices
        ],
        "overdue": _deadline_list(proposals_selectors.overdue(today)),
        "due_soon": _deadline_list(proposals_selectors.due_soon(today)),
    }


def deputy_figures(year, today=None):
    today = today or timezone.localdate()
    start, end = year_bounds(year)
    return {
        "deputies_in_office": deputies_selectors.deputies_in_office_count(today),
        "activities": deputies_selectors.activities_in(start, end).count(),
        "participants": deputies_selectors.participant_person_times(start, end),
    }


def dashboard(user, today=None):
    """What the dashboard shows `user`: each block only with the permission to read it."""
    today = today or timezone.localdate()
    year = today.year
    figures = {"year": year}
    if user.has_perm("congress.view_session"):
        figures.update(congress_figures(year))
    if user.has_perm("proposals.view_proposal"):
        figures["handling"] = handling_figures(year, today)
    if user.has_perm("deputies.view_deputy") or user.has_perm("deputies.view_activity"):
        figures["deputies"] = deputy_figures(year, today)
    return figures


def may_see_dashboard(user):
    return user.has_perm("congress.view_session") or user.has_perm("proposals.view_proposal")
