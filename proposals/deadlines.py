"""The dates of the handling rules (the reply deadline, the window for returning an item, the
deputy's window for evaluating a reply) and the deadline label of an item or an assignment:
overdue, due soon, on time, or none; and where one unit's assignment stands (acknowledged?
replied? opinion sent?) beside its label.

Pure rules over dates, used by the services that set deadlines and refuse late returns, and by
the selectors and pages that show them, so every page says the same thing about the same date
(and the selectors need not import the services)."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from proposals.models import Assignment, State
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


def evaluation_deadline(reply_date):
    """The last day the lead deputy may evaluate a reply; the next day it lapses as 未评价."""
    return reply_date + timedelta(days=settings.PROPOSAL_EVALUATION_DAYS)


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


def item_label(item, today):
    """The label of the item's own deadline (the lead unit's), as the board and the item's
    page show it."""
    return deadline_label(item.state, item.deadline, today)


def assignment_deadline(assignment):
    """The date the unit must meet: the item's (re-handling moves it) for the lead unit, the
    opinion's deadline for a co-unit."""
    if assignment.role == Assignment.Role.LEAD and assignment.proposal.deadline:
        return assignment.proposal.deadline
    return assignment.deadline


# Where one unit's assignment stands.
NOT_ACKNOWLEDGED = "not_acknowledged"
ACKNOWLEDGED = "acknowledged"
ANSWERING_AGAIN = "answering_again"  # the lead unit replied; the deputy asked for a new reply
REPLIED = "replied"  # the lead unit's reply is with the deputies, or the item is closed
OPINION_SENT = "opinion_sent"
RETURNED = "returned"
ENDED = "ended"  # a co-unit's part ended with the lead unit's reply


@dataclass(frozen=True)
class AssignmentStatus:
    progress: str
    deadline: date | None  # the date the unit must meet
    acknowledged_at: datetime | None
    label: DeadlineLabel | None  # only while something is due from the unit

    @property
    def text(self):
        return {
            NOT_ACKNOWLEDGED: _("not acknowledged yet"),
            ANSWERING_AGAIN: _("being handled again"),
            REPLIED: _("replied"),
            OPINION_SENT: _("opinion sent to the lead unit"),
        }.get(self.progress, "")


def assignment_status(assignment, today):
    """Where the assignment stands and its deadline label, from one reading of the item's state
    and the unit's steps (`opinions` prefetched), so that a unit that replied is never shown
    as not acknowledged and late, and a late co-unit always is."""
    item = assignment.proposal
    deadline = assignment_deadline(assignment)
    lead = assignment.role == Assignment.Role.LEAD
    if not assignment.active:
        progress = RETURNED
    elif item.state not in HANDLING_STATES:
        progress = REPLIED if lead else ENDED
    elif not lead and assignment.opinions.all():
        progress = OPINION_SENT
    elif lead and item.state == State.REHANDLING:
        progress = ANSWERING_AGAIN
    else:
        progress = ACKNOWLEDGED if assignment.acknowledged_at else NOT_ACKNOWLEDGED
    due = progress in {NOT_ACKNOWLEDGED, ACKNOWLEDGED, ANSWERING_AGAIN}
    return AssignmentStatus(
        progress=progress,
        deadline=deadline,
        acknowledged_at=assignment.acknowledged_at,
        label=deadline_label(item.state, deadline, today) if due else None,
    )
