"""Pages of background jobs: the user's list, one job's progress (polled with htmx, answered
by any app server from the job's row) and the document a job made.

Before reading, the list and the progress page fail the jobs whose worker died
(congress.jobs.stale_jobs_fail): a write, so the view calls it, not the selector. Reading the
page is what is sure to happen when the only worker is gone, and the upload of an interrupted
import is removed then, not left to a daily purge; it costs one read when no job is silent."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from congress.files import file_response
from congress.jobs import stale_jobs_fail
from congress.models import Job
from congress.selectors import jobs_visible_to

PAGE_SIZE = 30


def _job(request, pk):
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if not jobs_visible_to(request.user).filter(pk=job.pk).exists():
        raise PermissionDenied
    return job


@login_required
def job_list(request):
    stale_jobs_fail()
    page = Paginator(
        jobs_visible_to(request.user).select_related("started_by"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "congress/job_list.html", {"page": page})


@login_required
def job_detail(request, pk):
    stale_jobs_fail()
    job = _job(request, pk)
    template = (
        "congress/job_part.html"
        if request.headers.get("HX-Request")
        else "congress/job_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
def job_file(request, pk):
    job = _job(request, pk)
    if not job.file:
        raise Http404
    return file_response(request, job.file, job.file_name)
