"""Figures gathered from several apps for the secretary's dashboard, and reads of the work
summaries.

Every number is defined in its own app's selectors (congress, deputies, proposals); this module
only picks the period and puts them side by side, so the dashboard and the reports agree."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import selectors as congress_selectors
from congress.models import PresidiumMember
from deputies import selectors as deputies_selectors
from elections import selectors as elections_selectors
from intake import selectors as intake_selectors
from proposals import deadlines
from proposals import selectors as proposals_selectors
from proposals.models import ReplyCategory
from reports import charts, document, figures, narrative, transitions
from reports.models import Report

# How many overdue / due-soon items the dashboard lists (the board shows them all).
DEADLINE_LIST_LENGTH = 3
RECENT_MEETINGS = 3
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


def _deadline_lists(*lists):
    """DeadlineLists of (items, total): the first rows of each, with the name of their lead
    unit, read for all the lists in one query."""
    parts = [
        (list(items.prefetch_related(None)[:DEADLINE_LIST_LENGTH]), total) for items, total in lists
    ]
    names = proposals_selectors.lead_unit_names([row for rows, _total in parts for row in rows])
    for rows, _total in parts:
        for row in rows:
            row.lead_unit = names.get(row.pk)
    return [DeadlineList(items=rows, total=total) for rows, total in parts]


def congress_figures(year):
    return {
        "year_status": congress_selectors.year_sessions_status(year),
        "sessions": congress_selectors.sessions_list(year=year),
        "meetings": congress_selectors.meetings_list(year=year)[:RECENT_MEETINGS],
    }


def handling_figures(year, today=None):
    """The year's handling indicators (items submitted in the year) and the deadlines now."""
    today = today or timezone.localdate()
    return proposals_selectors.kept_until_changed(
        f"dashboard-handling:{year}", today, lambda: _handling_figures(year, today)
    )


def _handling_figures(year, today):
    # The dashboard shows the breakdown by unit only.
    stats = proposals_selectors.handling_stats(*year_bounds(year), breakdowns=("unit",))
    # Always counted, so the page costs the same queries however many items are listed.
    deadline_counts = proposals_selectors.deadline_counts(today)
    overdue, due_soon = _deadline_lists(
        (proposals_selectors.overdue(today), deadline_counts["overdue"]),
        (proposals_selectors.due_soon(today), deadline_counts["due_soon"]),
    )
    return {
        "stats": stats,
        "rates": [(key, label, stats.rates[key]) for key, label in RATE_LABELS.items()],
        "categories": [
            (value, label, stats.by_category.get(value, 0))
            for value, label in ReplyCategory.choices
        ],
        # The same chart as the summaries' appendix (None while nothing is categorised).
        "categories_chart": charts.categories_chart(figures.category_rows(stats)),
        "overdue": overdue,
        "due_soon": due_soon,
    }


def deputy_figures(year, today=None):
    today = today or timezone.localdate()
    start, end = year_bounds(year)
    return {
        "deputies_in_office": deputies_selectors.deputies_in_office_count(today),
        "activities": deputies_selectors.activities_in(start, end).count(),
        "participants": deputies_selectors.participant_person_times(start, end),
    }


def opinion_figures(year):
    """Voters' opinions sent through the codes this year (intake's counting): one query."""
    found = intake_selectors.opinion_figures(*year_bounds(year))
    return {
        "figures": found,
        "rates": [
            ("answered", _("answered rate"), found.answered_rate),
            ("satisfaction", _("voters' satisfaction rate"), found.satisfaction_rate),
        ],
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
    if user.has_perm("intake.view_opinion"):
        figures["opinions"] = opinion_figures(year)
    return figures


def may_see_dashboard(user):
    return user.has_perm("congress.view_session") or user.has_perm("proposals.view_proposal")


# The home page: what waits for each role the user holds


# Rows a home page lists per task list; the count says how many there are in all.
HOME_LIST_LENGTH = 5
# The secretary's four 待办 lists sit above the year's figures, so the page fits two screens at
# 1280 px: the two most urgent rows each, the count and "all N items" leading to the rest.
SECRETARY_LIST_LENGTH = 2


@dataclass
class Task:
    title: str
    url: str
    label: str = ""  # the registration number, when there is one
    note: str = ""  # who or what it concerns
    day: date | None = None
    day_label: str = ""
    deadline: object = None  # a proposals.deadlines.DeadlineLabel, shown when a warning


@dataclass
class TaskList:
    key: str
    label: str
    count: int
    tasks: list
    more_url: str = ""
    empty: str = ""
    urgent: bool = False  # a count above zero is shown as an alarm


def _task_lists(work, lists, url, urgent):
    """TaskLists from (key, label, row → Task, query of the full list, text when empty), with
    the counts and first rows `work` holds per key; a count in `urgent` is an alarm."""
    return [
        TaskList(
            key=key,
            label=label,
            count=work[key].count,
            tasks=[task(row) for row in work[key].rows],
            more_url=url + query,
            empty=empty,
            urgent=key in urgent,
        )
        for key, label, task, query, empty in lists
    ]


def _item_task(item, *, note="", day=None, day_label="", deadline=None, url=""):
    return Task(
        title=item.title,
        url=url or item.get_absolute_url(),
        label=item.label,
        note=note,
        day=day,
        day_label=day_label,
        deadline=deadline,
    )


def secretary_tasks(today):
    """待办 of the secretary: items to register, to assign, overdue and returned by a unit."""
    return proposals_selectors.kept_until_changed(
        "home-secretary", today, lambda: _secretary_tasks(today)
    )


def _secretary_tasks(today):
    work = proposals_selectors.secretary_work(SECRETARY_LIST_LENGTH, today)
    board = reverse("proposal_board")

    def submitted(item):
        return _item_task(
            item,
            note=item.lead_deputy.name,
            day=item.submitted_date,
            day_label=gettext("date submitted"),
        )

    def overdue(item):
        return _item_task(
            item,
            note=item.lead_unit_name or "",
            day=item.deadline,
            day_label=gettext("Reply deadline"),
            deadline=deadlines.deadline_label(item.state, item.deadline, today),
        )

    lists = (
        ("to_register", _("To register"), submitted, "?state=submitted", _("Nothing to register.")),
        (
            "to_assign",
            _("To assign"),
            submitted,
            "?state=awaiting_assignment",
            _("Nothing to assign."),
        ),
        ("overdue", _("Overdue"), overdue, "?overdue=1", _("No item is past its reply deadline.")),
        (
            "returned",
            _("Returned by units"),
            submitted,
            "?state=awaiting_assignment",
            _("No item was returned."),
        ),
    )
    return _task_lists(work, lists, board, urgent={"overdue", "returned"})


def presidium_tasks(user):
    """What waits for the presidium: motions to decide on and work summaries to approve (the
    chair approves; members see what the chair has before them)."""
    motions = proposals_selectors.motions_under_review(HOME_LIST_LENGTH)
    drafts = Report.objects.filter(status=Report.Status.DRAFT).order_by("updated_at", "pk")
    summaries = list(drafts[:HOME_LIST_LENGTH])
    return [
        TaskList(
            key="motions",
            label=_("Motions to review"),
            count=motions.count,
            tasks=[
                _item_task(
                    item,
                    note=item.lead_deputy.name,
                    day=item.submitted_date,
                    day_label=gettext("date submitted"),
                )
                for item in motions.rows
            ],
            more_url=reverse("proposal_board") + "?state=under_review",
            empty=_("No motion waits for review."),
        ),
        TaskList(
            key="summaries",
            label=_("Work summaries to approve")
            if may_approve(user)
            else _("Work summaries before the chair"),
            count=drafts.count(),
            tasks=[
                Task(
                    title=report.title,
                    url=reverse("report_edit", args=[report.pk]),
                    note=report.get_kind_display(),
                    day=timezone.localdate(report.updated_at),
                    day_label=gettext("last saved"),
                )
                for report in summaries
            ],
            more_url=reverse("report_list"),
            empty=_("No summary waits for approval."),
        ),
    ]


def unit_tasks(user, today):
    """待签收 / 办理中 / 已逾期 / 待答复 of the user's handling units."""
    work = proposals_selectors.unit_work(user, HOME_LIST_LENGTH, today)
    inbox = reverse("unit_inbox")
    # One query for the co-units' opinions that assignment_status reads, whatever the lists hold.
    prefetch_related_objects([row for listed in work.values() for row in listed.rows], "opinions")

    def task(assignment):
        # The inbox's reading: a co-unit that sent its opinion owes nothing more.
        status = deadlines.assignment_status(assignment, today)
        return _item_task(
            assignment.proposal,
            note=f"{assignment.unit} · {assignment.get_role_display()}",
            day=status.deadline,
            day_label=gettext("deadline"),
            deadline=status.label,
        )

    lists = (
        (
            "to_acknowledge",
            _("To acknowledge"),
            task,
            "?tab=todo",
            _("Nothing new to acknowledge."),
        ),
        ("in_hand", _("In hand"), task, "?tab=doing", _("No items in hand.")),
        ("overdue", _("Overdue"), task, "?tab=doing", _("No item is past its deadline.")),
        ("to_answer", _("To reply"), task, "?tab=doing", _("No reply or opinion to send.")),
    )
    return _task_lists(work, lists, inbox, urgent={"overdue"})


def deputy_tasks(user, today):
    """A deputy's 待评价, drafts and replies received, the next reception day at their
    stations and this year's duty checklist; None when the account has no deputy record."""
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        return None
    work = proposals_selectors.deputy_work(deputy, HOME_LIST_LENGTH)
    mine = reverse("my_proposals")
    lists = [
        TaskList(
            key="to_evaluate",
            label=_("To evaluate"),
            count=work["to_evaluate"].count,
            tasks=[
                # Straight to the evaluation form: the task is to evaluate.
                _item_task(
                    item,
                    day=item.latest_reply_date,
                    day_label=gettext("replied on"),
                    url=reverse("proposal_evaluate", args=[item.pk]),
                )
                for item in work["to_evaluate"].rows
            ],
            more_url=mine,
            empty=_("No reply waits for your evaluation."),
            urgent=True,
        ),
        TaskList(
            key="drafts",
            label=_("Drafts"),
            count=work["drafts"].count,
            tasks=[
                Task(
                    title=item.title,
                    url=reverse("my_proposal_edit", args=[item.pk]),
                    day=timezone.localdate(item.created_at),
                    day_label=gettext("started on"),
                )
                for item in work["drafts"].rows
            ],
            more_url=mine,
            empty=_("No draft."),
        ),
        TaskList(
            key="replies",
            label=_("Replies received"),
            count=work["replies"].count,
            tasks=[
                _item_task(
                    reply.proposal,
                    note=f"{reply.unit} · {reply.get_category_display()}",
                    day=reply.date,
                    day_label=gettext("replied on"),
                )
                for reply in work["replies"].rows
            ],
            more_url=mine,
            empty=_("No reply yet."),
        ),
    ]
    return {
        "year": today.year,
        "lists": lists,
        "receptions": deputies_selectors.next_receptions_of(deputy, today),
        "checks": deputies_selectors.duty_compliance(deputy, today.year, today),
    }


def election_tasks(today):
    """The current election's statutory timeline and its next step, or None."""
    election = elections_selectors.current_election(today)
    if election is None:
        return None
    timeline = elections_selectors.election_timeline(election, today)
    return {
        "election": election,
        "timeline": timeline,
        "next_step": elections_selectors.next_step(timeline),
    }


def home(user, today=None):
    """The blocks of `user`'s home page, one for each role whose work they may do (a user with
    several roles sees each), by permission: the secretary's 待办, what waits for the
    presidium, the unit's work, the deputy's and the current election."""
    today = today or timezone.localdate()
    blocks = {}
    if user.has_perm("proposals.change_proposal"):
        blocks["secretary"] = secretary_tasks(today)
    if user.has_perm("reports.approve_report"):
        blocks["presidium"] = presidium_tasks(user)
    if user.has_perm("proposals.handle_assigned"):
        blocks["unit"] = unit_tasks(user, today)
    if user.has_perm("proposals.submit_own"):
        blocks["deputy"] = deputy_tasks(user, today)
    if user.has_perm("elections.change_election"):
        blocks["election"] = election_tasks(today)
    return blocks


# Work summaries


def default_title(kind, year):
    township = congress_selectors.township_name()
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
    return gettext("Presidium of the People's Congress of %(township)s") % {
        "township": congress_selectors.township_name()
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
        subtitle=document.session_subtitle(report.kind, report.period_end),
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
        subtitle=document.session_subtitle(kind, end),
    )
