"""Figures gathered from several apps for the secretary's dashboard, and reads of the work
summaries.

Every number is defined in its own app's selectors (congress, deputies, proposals); this module
only picks the period and puts them side by side, so the dashboard and the reports agree."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import selectors as congress_selectors
from congress.models import PresidiumMember
from deputies import selectors as deputies_selectors
from proposals import selectors as proposals_selectors
from proposals.models import ReplyCategory
from reports import document, figures, narrative, transitions
from reports.models import Report

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


# Work summaries


def default_title(kind, year):
    profile = congress_selectors.township_profile()
    township = profile.name if profile else ""
    if kind == Report.Kind.HALF:
        return gettext("%(township)s presidium: work summary of the first half of %(year)s") % {
            "township": township,
            "year": year,
        }
    if kind == Report.Kind.CONGRESS:
        return gettext("%(township)s presidium: work report") % {"township": township}
    return gettext("%(township)s presidium: work summary of %(year)s") % {
        "township": township,
        "year": year,
    }


def default_signature():
    profile = congress_selectors.township_profile()
    return gettext("Presidium of the People's Congress of %(township)s") % {
        "township": profile.name if profile else ""
    }


def default_salutation(kind):
    """A report read at a session opens by addressing the deputies."""
    return gettext("Fellow deputies:") if kind == Report.Kind.CONGRESS else ""


def default_date(start, end, today):
    """Today while the period runs, else its last day."""
    return today if start <= today <= end else end


def report_actions(user, report):
    """What `user` may do with `report` now: edit the draft, approve, archive, revise."""
    may_change = user.has_perm("reports.change_report")
    return {
        "edit": report.status == Report.Status.DRAFT and may_change,
        "approve": transitions.allowed("approve", report.status) and may_approve(user),
        "archive": transitions.allowed("archive", report.status) and may_change,
        "revise": transitions.allowed("revise", report.status) and may_change,
    }


def reports_list():
    return Report.objects.select_related("created_by").prefetch_related("archived")


def may_approve(user):
    """The chair of the presidium now in office approves summaries (domain guide §5)."""
    today = timezone.localdate()
    return user.has_perm("reports.approve_report") and (
        PresidiumMember.objects.filter(user=user, role=PresidiumMember.Role.CHAIR)
        .filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exists()
    )


def figure_changes(report):
    """(label, figure in the report, figure now) for every figure the data moved since the
    report's figures were taken; empty for approved and archived reports, which keep theirs."""
    if report.status != Report.Status.DRAFT:
        return []
    return figures.changes(report.figures, figures.collect(report.period_start, report.period_end))


def _sections(report):
    """(key, heading, text) of the report's included sections (the opening has no heading)."""
    return [
        (s.key, s.heading if s.key != "opening" else "", s.text)
        for s in report.sections.all()
        if s.included
    ]


def report_document(report):
    """The Document of a saved report from its own figures and included sections."""
    return document.build(
        title=report.title,
        salutation=report.salutation,
        sections=_sections(report),
        snapshot=report.figures,
        signature=report.signature,
        day=report.document_date,
    )


def data_document(kind, year, today=None):
    """The Document of a summary from the data now: the newest report of that kind and year
    lends its edited narrative and details when there is one, else a fresh draft is written."""
    start, end = figures.period_for(kind, year)
    snapshot = figures.collect(start, end)
    report = Report.objects.filter(kind=kind, year=year).order_by("-updated_at", "-pk").first()
    if report:
        sections = _sections(report)
        title, salutation = report.title, report.salutation
        signature, day = report.signature, report.document_date
    else:
        sections = [
            (part.key, str(part.heading), text) for part, text in narrative.draft(kind, snapshot)
        ]
        title, salutation = default_title(kind, year), default_salutation(kind)
        signature = default_signature()
        day = default_date(start, end, today or timezone.localdate())
    return document.build(
        title=title,
        salutation=salutation,
        sections=sections,
        snapshot=snapshot,
        signature=signature,
        day=day,
    )
