"""Long work as jobs: a Job row that any app server reads, and a task the worker runs.

Tasks use Django's Tasks API through the django-tasks backport with the django-tasks-db backend
(on Django 6 the import becomes `django.tasks`), so the queue lives in the database: it works on
SQLite and PostgreSQL, with several app servers and workers sharing one database, and a queued
job outlives a restart of the web server. `manage.py db_worker` runs them.

An app declares a task whose body runs inside `job_running(job_id)`; a view (or service) calls
`job_start`, which writes the row and enqueues the task in the same transaction: the worker
sees neither before the commit, and a rolled back request leaves neither behind. Progress and
the outcome go on the row; an unexpected error becomes a Chinese message on the row instead of
vanishing with a thread.

A worker killed mid-way (SIGKILL, out of memory, the machine lost) writes nothing more: its job's
row stops beating (`heartbeat_at`, touched while the job runs) and `stale_jobs_fail` marks it
failed once it has been silent for JOB_STALE_MINUTES, and removes the upload it was importing.
That runs where it is sure to run even when the only worker died: when the job pages are read,
and as a task every job queues for when its limit will have passed, which the next worker to
start runs.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import Error, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from congress.models import Job
from congress.services import import_uploads_purge, kept_uploads_purge
from congress.spreadsheets import PROGRESS_PHASES, import_file, resource_class, upload_name

logger = logging.getLogger(__name__)
# Daily work (reminders, removing stale uploads) runs early, before the office opens.
DAILY_HOUR = 6
# A running job touches its row this many times within JOB_STALE_MINUTES (every minute by
# default), so only a worker that died goes silent for the whole limit.
BEATS_PER_LIMIT = 10


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
        Job.objects.filter(pk=self.job.pk).update(
            phase=text, done=done, total=total, heartbeat_at=timezone.now()
        )


class _Heartbeat(threading.Thread):
    """Touches the running job's `heartbeat_at` on its own connection while the job works, also
    through a long step that reports no progress (a PDF, a transaction being written)."""

    def __init__(self, job_id):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.stopped = job_id, threading.Event()

    def run(self):
        every = settings.JOB_STALE_MINUTES * 60 / BEATS_PER_LIMIT
        try:
            while not self.stopped.wait(every):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Error:  # SQLite locked by the job's own write, a lost connection
                    connections.close_all()  # a fresh one at the next beat
        finally:
            connections.close_all()  # this thread's connections only


@contextmanager
def job_running(job_id):
    """Run the body of job `job_id`: mark it running, then done, or failed with the reason.

    The body sets `summary` (and `file`) on the job it is given, or `problems`, which
    make it failed; a ValidationError is a refusal whose messages are shown as they are, anything
    else is logged with its traceback and shown as a generic Chinese failure. While the body
    runs, the row beats; the check for jobs whose worker died is queued first."""
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    job.state, job.started_at, job.heartbeat_at = Job.State.RUNNING, now, now
    # One transaction: a job is never seen running without its check queued, even when the
    # worker dies between the two writes.
    with transaction.atomic():
        job.save(update_fields=["state", "started_at", "heartbeat_at"])
        stale_jobs_watch()
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
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
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
    # What the job did is the truth, even over a guess that its worker had died.
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save()


def _interrupted(job):
    """What the page says of a job whose worker died, by kind."""
    if job.kind.startswith("import_"):
        return _(
            "The import was interrupted: the background worker stopped before it finished, and "
            "nothing was written. Upload the file again to start again."
        )
    if job.kind == "daily":
        return _(
            "The daily work was interrupted: the background worker stopped before it finished. "
            "It runs again at the next daily run."
        )
    return _(
        "The work was interrupted: the background worker stopped before it finished. Start it "
        "again from the page it was started on."
    )


def stale_jobs_fail(*, now=None):
    """Mark failed the running jobs silent for JOB_STALE_MINUTES (their worker died), each with
    a Chinese message, and remove the upload an import was reading, after commit. Returns how
    many. Costs one read when none is silent, so the job pages call it on every read.

    On PostgreSQL a row locked by a job's own open transaction (an import writing its rows)
    is skipped: that job is alive, whatever its heartbeat says."""
    now = now or timezone.now()
    silent = Job.objects.filter(
        state=Job.State.RUNNING,
        heartbeat_at__lt=now - timedelta(minutes=settings.JOB_STALE_MINUTES),
    )
    if not silent.exists():
        return 0
    try:
        with transaction.atomic():
            failed = list(silent.select_for_update(skip_locked=True))
            for job in failed:
                job.state, job.finished_at = Job.State.FAILED, now
                job.problems = [_interrupted(job)]
                job.save(update_fields=["state", "problems", "finished_at"])
                if job.params.get("stored"):
                    transaction.on_commit(partial(default_storage.delete, job.params["stored"]))
    except OperationalError:
        # SQLite's write lock held past its timeout, most likely by the silent job itself
        # writing its rows (so alive after all): the next read tries again.
        return 0
    return len(failed)


@task()
def stale_jobs_check():
    """Fail the jobs whose worker died; again later while others are still running."""
    stale_jobs_fail()
    if Job.objects.filter(state=Job.State.RUNNING).exists():
        stale_jobs_watch()


def stale_jobs_watch():
    """Queue stale_jobs_check for when a job starting now could have gone silent for the whole
    limit, unless one is queued: a worker started after this one died runs it then."""
    if DBTaskResult.objects.filter(task_path=stale_jobs_check.module_path, status="READY").exists():
        return
    at = timezone.now() + timedelta(minutes=settings.JOB_STALE_MINUTES + 1)
    stale_jobs_check.using(run_after=at).enqueue()


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


@contextmanager
def daily_running(task, title):
    """Run the body of daily `task` as a job nobody started. The next run is queued first, so a
    worker killed mid-way does not end the chain."""
    daily_schedule(task)
    job = Job.objects.create(kind="daily", title=title)
    with job_running(job.pk) as job:
        yield job


@task()
def import_uploads_purge_daily():
    """Remove checked spreadsheets never confirmed (a voter roll holds full ID numbers), and
    the files kept for refused forms never sent again (congress.kept_uploads)."""
    with daily_running(import_uploads_purge_daily, _("Removing unconfirmed import files")) as job:
        removed = import_uploads_purge(older_than=timedelta(hours=settings.IMPORT_UPLOAD_HOURS))
        job.summary = _("Import files removed: %(n)s.") % {"n": removed}
        job.summary += " " + _("Files kept for forms never sent again, removed: %(n)s.") % {
            "n": kept_uploads_purge()
        }
