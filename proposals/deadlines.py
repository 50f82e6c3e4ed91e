"""The dates of the handling rules (the reply deadline, the window for returning an item) and
the deadline label of an item or an assignment: overdue, due soon, on time, or none.

Pure rules over dates, used by the services that set deadlines and refuse late returns, and by
the selectors and pages that show them, so every page says the same thing about the same date
(and the selectors need not import the services)."""

import calendar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from proposals.models import Assignment
from proposals.transitions import HANDLING_STATES

OVERDUE = "overdue"
DUE_SOON = "due_soon"
ON_TIME = "on_time"


def add_months(day, months):
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def add_working_days(day, count):
    """`count` working days after `day` (Monday to Friday; public holidays are not known)."""
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def reply_deadline(assigned_date, broad):
    """3 months from assignment, 6 for broad or difficult items (the Deputy Law)."""
    months = settings.PROPOSAL_BROAD_REPLY_MONTHS if broad else settings.PROPOSAL_REPLY_MONTHS
    return add_months(assigned_date, months)


def return_deadline(assignment):
    """The last day a unit may hand back a wrongly assigned item."""
    return add_working_days(assignment.assigned_date, settings.PROPOSAL_RETURN_WORKING_DAYS)


@dataclass(frozen=True)
class DeadlineLabel:
    status: str  # OVERDUE, DUE_SOON or ON_TIME
    days: int  # days past the deadline (overdue) or left before it
    text: str

    @property
    def warning(self):
        return self.status != ON_TIME

    @property
    def css(self):
        return {OVERDUE: "error", DUE_SOON: "warning"}.get(self.status, "ok")


def deadline_label(state, deadline, today, due_soon_days=None):
    """The label of a deadline for an item in `state`; None when no deadline runs (no date,
    or the item is not being handled: not yet assigned, replied, closed…)."""
    if deadline is None or state not in HANDLING_STATES:
        return None
    if due_soon_days is None:
        due_soon_days = settings.PROPOSAL_DUE_SOON_DAYS
    days = (deadline - today).days
    if days < 0:
        late = -days
        return DeadlineLabel(
            OVERDUE,
            late,
            ngettext("%(days)s day overdue", "%(days)s days overdue", late) % {"days": late},
        )
    if days <= due_soon_days:
        return DeadlineLabel(DUE_SOON, days, str(_("due soon")))
    return DeadlineLabel(ON_TIME, days, str(_("on time")))


def assignment_deadline(assignment):
    """The date the unit must meet: the item's (re-handling moves it) for the lead unit, the
    opinion's deadline for a co-unit."""
    if assignment.role == Assignment.Role.LEAD and assignment.proposal.deadline:
        return assignment.proposal.deadline
    return assignment.deadline


def assignment_finished(assignment):
    """Returned, the item no longer handled, or a co-unit's opinion sent (`opinions`
    prefetched): nothing is due from the unit any more."""
    if not assignment.active or assignment.proposal.state not in HANDLING_STATES:
        return True
    return assignment.role == Assignment.Role.CO and bool(assignment.opinions.all())


def assignment_label(assignment, today):
    if assignment_finished(assignment):
        return None
    return deadline_label(assignment.proposal.state, assignment_deadline(assignment), today)
