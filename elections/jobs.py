"""Jobs of elections, run by the task worker: the roll and voter-card PDFs of a district or of
the whole township. (A voter roll is imported by congress.jobs.spreadsheet_import.)"""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django_tasks import task

from congress.jobs import Progress, job_running
from elections import documents
from elections.models import District, Election


@task()
def election_document(job_id):
    """The roll or the voter cards of the job's district, or of every district of its election."""
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
        pdf = documents.document_pdf(
            document, districts, progress=Progress(job, documents.PROGRESS_PHASES)
        )
        job.file_name = documents.document_filename(document, election, district)
        job.file.save("document.pdf", ContentFile(pdf), save=False)
        job.summary = _("%(document)s ready: %(districts)s district(s).") % {
            "document": documents.TITLES[document],
            "districts": len(districts),
        }
