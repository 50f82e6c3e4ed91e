"""Jobs of motions and suggestions, run by the task worker: the daily reminders."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from congress.jobs import daily_job, daily_schedule, job_running
from proposals.services import reminders_send

REMINDERS_SUMMARY = gettext_lazy(
    "Closed as not evaluated: %(lapsed)s; overdue: %(overdue)s; due soon: "
    "%(due_soon)s; co-handling opinions overdue: %(co_overdue)s; notifications "
    "sent: %(notifications)s."
)


@task()
def daily_reminders():
    """Close lapsed evaluations and remind units and secretaries; then queue tomorrow's run."""
    job = daily_job(_("Daily reminders of %(day)s") % {"day": timezone.localdate()})
    try:
        with job_running(job.pk) as job:
            job.summary = REMINDERS_SUMMARY % reminders_send()
    finally:
        daily_schedule(daily_reminders)
