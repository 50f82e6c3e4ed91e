"""Jobs of work summaries, run by the task worker: archiving renders the approved version's
PDF, which takes seconds, so it does not hold up a web request."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from congress.jobs import job_running
from congress.pdf import CJKFontMissing
from reports import services
from reports.models import Report


@task()
def report_archive(job_id):
    with job_running(job_id) as job:
        report = Report.objects.get(pk=job.params["report"])
        try:
            archived = services.report_archive(actor=job.started_by, report=report)
        except CJKFontMissing as error:
            raise ValidationError(str(error)) from error
        job.summary = _("The PDF of version %(version)s is archived (SHA-256 %(sha)s).") % {
            "version": archived.version,
            "sha": archived.sha256[:16] + "…",
        }
