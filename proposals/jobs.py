"""Jobs of motions and suggestions, run by the task worker: the daily reminders."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from congress.jobs import daily_running
from proposals.services import reminders_send

REMINDERS_SUMMARY = gettext_lazy(
    "Closed as not evaluated: %(lapsed)s; overdue: %(overdue)s; due soon: "
    "%(due_soon)s; co-handling opinions overdue: %(co_overdue)s; notifications "
    "sent: %(notifications)s."
)


@task()
def daily_reminders():
    """Close lapsed evaluations and remind units and secretaries (tomorrow's run queued first)."""
    title = _("Daily reminders of %(day)s") % {"day": timezone.localdate()}
    with daily_running(daily_reminders, title) as job:
        job.summary = REMINDERS_SUMMARY % reminders_send()
