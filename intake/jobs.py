"""Jobs of the voters' opinions, run by the task worker: the sheet of all deputies' codes,
and the daily work (reminders of unanswered opinions, removing personal data past the
retention period, clearing old rate-limit rows)."""

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from congress.jobs import daily_running, job_running
from congress.pdf import render_pdf
from congress.selectors import township_profile
from intake import qr, selectors, services

DAILY_SUMMARY = gettext_lazy(
    "Owners reminded of unanswered opinions: %(reminded)s; opinions anonymised: "
    "%(anonymised)s; rate-limit rows removed: %(purged)s."
)


def codes_sheet_pdf(base_url):
    """The PDF of every deputy in office who has a code, with the code."""
    deputies, _stations = selectors.codes_overview()
    cards = [
        {
            "deputy": row.owner,
            "qr": qr.svg_data_uri(qr.public_url(row.code, base_url), scale=6),
        }
        for row in deputies
        if row.code is not None
    ]
    return render_pdf(
        "intake/sheet_pdf.html", {"cards": cards, "township": township_profile()}
    ), len(cards)


@task()
def codes_sheet(job_id):
    with job_running(job_id) as job:
        pdf, count = codes_sheet_pdf(job.params["base_url"])
        job.file_name = _("deputies-codes.pdf")
        job.file.save("codes.pdf", ContentFile(pdf), save=False)
        job.summary = _("Sheet of codes ready: %(n)s deputies.") % {"n": count}


def daily_work(now=None):
    """The day's work, each part in its own transaction; returns the summary's figures."""
    now = now or timezone.now()
    return {
        "reminded": services.reminders_send(now=now),
        "anonymised": services.opinions_anonymise(now=now),
        "purged": services.attempts_purge(now=now),
    }


@task()
def daily_opinions():
    title = _("Voters' opinions: daily work of %(day)s") % {"day": timezone.localdate()}
    with daily_running(daily_opinions, title) as job:
        job.summary = DAILY_SUMMARY % daily_work()
