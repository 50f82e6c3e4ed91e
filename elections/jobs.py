"""Jobs of elections, run by the task worker: the roll and voter-card PDFs of a district or of
the whole township. (A voter roll is imported by congress.jobs.spreadsheet_import.)"""

import tempfile

from django.core.files import File
from django.utils.translation import gettext as _
from django_tasks import task

from congress.jobs import Progress, job_running
from elections import documents
from elections.models import District, Election


@task()
def election_document(job_id):
    """The roll or the voter cards of the job's district, or of every district of its election.
    The PDF is written to a scratch file page by page, then copied to storage in chunks: a
    township's 100,000 cards never sit in memory."""
    with job_running(job_id) as job:
        election = Election.objects.get(pk=job.params["election"])
        districts = District.objects.filter(election=election).select_related("election")
        district = None
        if job.params.get("district"):
            district = districts.get(pk=job.params["district"])
            districts = [district]
        else:
            districts = list(districts.order_by("code"))
        document = job.params["document"]
        with tempfile.TemporaryFile() as scratch:
            documents.document_write(
                document,
                districts,
                scratch,
                title=job.title,
                progress=Progress(job, documents.PROGRESS_PHASES),
            )
            scratch.seek(0)
            job.file_name = documents.document_filename(document, election, district)
            job.file.save("document.pdf", File(scratch), save=False)
        job.summary = _("%(document)s ready: %(districts)s district(s).") % {
            "document": documents.TITLES[document],
            "districts": len(districts),
        }
