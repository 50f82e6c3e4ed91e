"""Long work as jobs: a Job row that any app server reads, and a task the worker runs.

Tasks use Django's Tasks API through the django-tasks backport with the django-tasks-db backend
(on Django 6 the import becomes `django.tasks`), so the queue lives in the database: it works on
SQLite and PostgreSQL, with several app servers and workers sharing one database, and a queued
job outlives a restart of the web server. `manage.py db_worker` runs them.

An app declares a task whose body runs inside `job_running(job_id)`; a view (or service) calls
`job_start`, which writes the row and enqueues the task in the same transaction: the worker
sees neither before the commit, and a rolled back request leaves neither behind. Progress and the outcome go on the row; an unexpected error
becomes a Chinese message on the row instead of vanishing with a thread.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from congress.models import Job
from congress.services import import_uploads_purge
from congress.spreadsheets import PROGRESS_PHASES, import_file, resource_class, upload_name

logger = logging.getLogger(__name__)
# Daily work (reminders, removing stale uploads) runs early, before the office opens.
DAILY_HOUR = 6


def job_start(*, actor, kind, title, task, params=None, next_url=""):
    """Record a job for `actor` and queue `task` with its id. `next_url`: the page the work
    belongs to, offered on the job's page."""
    job = Job.objects.create(
        kind=kind, title=title, started_by=actor, params=params or {}, next_url=next_url
    )
    task.enqueue(job.pk)
    return job


class Progress:
    """The callback long work reports through, `progress(phase, done, total)`: the job's row
    shows the phase in `words` ("%(done)s of %(total)s rows checked")."""

    def __init__(self, job, words):
        self.job, self.words = job, words

    def __call__(self, phase, done, total):
        text = str(self.words[phase] % {"done": done, "total": total})
        self.job.phase, self.job.done, self.job.total = text, done, total
        Job.objects.filter(pk=self.job.pk).update(phase=text, done=done, total=total)


@contextmanager
def job_running(job_id):
    """Run the body of job `job_id`: mark it running, then done, or failed with the reason.

    The body sets `summary` (and `file`) on the job it is given, or `problems`, which
    make it failed; a ValidationError is a refusal whose messages are shown as they are, anything
    else is logged with its traceback and shown as a generic Chinese failure."""
    job = Job.objects.get(pk=job_id)
    job.state, job.started_at = Job.State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    try:
        yield job
    except ValidationError as error:
        job.state, job.problems = Job.State.FAILED, [str(m) for m in error.messages]
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.state = Job.State.FAILED
        job.problems = [
            _("The work stopped because of an unexpected error; the server log has the details.")
        ]
    else:
        job.state = Job.State.FAILED if job.problems else Job.State.DONE
    job.finished_at = timezone.now()
    job.save()


def spreadsheet_import_start(*, actor, resource, upload, title, next_url, options=None):
    """Keep `upload` in storage and queue its import into `resource` (with the resource's
    `options`, e.g. the election of a voter roll) as a job."""
    filename = upload.name.rsplit("/", 1)[-1]
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    stored = default_storage.save(upload_name(actor, suffix), upload)
    return job_start(
        actor=actor,
        kind=f"import_{resource}",
        title=title,
        task=spreadsheet_import,
        params={
            "resource": resource,
            "stored": stored,
            "filename": filename,
            "options": options or {},
        },
        next_url=next_url,
    )


@task()
def spreadsheet_import(job_id):
    """Import the stored file into the job's resource: all rows or none. The file is removed
    afterwards either way (a voter roll holds full ID numbers)."""
    with job_running(job_id) as job:
        params = job.params
        options = dict(params["options"])
        if hasattr(resource_class(params["resource"]), "import_fast"):
            options["progress"] = Progress(
                job, PROGRESS_PHASES
            )  # the large ones tell how far they are
        try:
            with default_storage.open(params["stored"], "rb") as handle:
                data = handle.read()
            report = import_file(
                params["resource"], data, params["filename"], actor=job.started_by, **options
            )
        finally:
            default_storage.delete(params["stored"])
        if report.errors:
            job.problems = [str(problem) for problem in report.errors]
        else:
            job.summary = _(
                "Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged."
            ) % {
                "file": params["filename"],
                "new": report.new,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
            if report.notes:
                job.summary += " " + " ".join(report.notes)


def daily_schedule(task, *, hour=DAILY_HOUR):
    """Queue `task` for the next `hour` o'clock, township time, unless it is already queued.
    A daily task calls this when it ends, and `migrate` once, so the chain starts by itself."""
    if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
        return
    now = timezone.localtime()
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if at <= now:
        at += timedelta(days=1)
    task.using(run_after=at).enqueue()


def daily_job(title):
    """The row of a daily job, which nobody started."""
    return Job.objects.create(kind="daily", title=title)


@task()
def import_uploads_purge_daily():
    """Remove checked spreadsheets never confirmed (a voter roll holds full ID numbers)."""
    job = daily_job(_("Removing unconfirmed import files"))
    try:
        with job_running(job.pk) as job:
            removed = import_uploads_purge(older_than=timedelta(hours=settings.IMPORT_UPLOAD_HOURS))
            job.summary = _("Import files removed: %(n)s.") % {"n": removed}
    finally:
        daily_schedule(import_uploads_purge_daily)
