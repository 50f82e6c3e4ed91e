"""Published documents of an election: the roll of a district as a PDF (公布选民名单), voter
cards (选民证), the roll as a spreadsheet, and the log of exports with full ID numbers.

The PDFs are posted or handed out, so their ID numbers are always masked; they are made by a
job (elections.documents, elections.jobs). The spreadsheet is
masked and without birth dates, unless a user allowed to see full numbers asks for them
(?full=1): that export is logged (who, when, what, rows, the election)."""

import io

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from congress import idnumbers
from congress.files import download_response
from congress.jobs import job_start
from congress.spreadsheets import xlsx_values
from congress.views import page_permission
from elections import documents as pdf_documents
from elections import jobs, selectors, services
from elections.models import District, Election


def _district(pk):
    return get_object_or_404(District.objects.select_related("election"), pk=pk)


@require_POST
@page_permission("elections.view_voter")
def document_start(request, pk, document, per_district=False):
    """Start the job that makes the roll or the voter cards of a district, or of the whole
    election; the job's page hands the PDF out."""
    if document not in pdf_documents.TITLES:
        raise Http404
    if per_district:
        district = _district(pk)
        election, place = district.election, district.name
    else:
        election, district, place = get_object_or_404(Election, pk=pk), None, _("whole township")
    job = job_start(
        actor=request.user,
        kind=f"election_{document}",
        title=f"{election.name} · {place} · {pdf_documents.TITLES[document]}",
        task=jobs.election_document,
        params={
            "election": election.pk,
            "district": district.pk if district else None,
            "document": document,
        },
        next_url=election.get_absolute_url(),
    )
    return redirect(job)


@page_permission("elections.view_voter")
def roll_xlsx(request, pk):

    district = _district(pk)
    # Full ID numbers, and birth dates (which with a masked number give it away), only for a
    # user allowed to see them who asks (?full=1); the export is logged.
    full = request.GET.get("full") == "1" and selectors.sees_full_id_numbers(request.user)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(district.name[:31])
    headers = [_("No."), _("name"), _("gender"), _("ID number")]
    headers += [_("birth date")] if full else []
    sheet.append(headers + [_("ethnicity"), _("address")])
    rows = 0
    for rows, voter in enumerate(selectors.district_roll(district=district), start=1):
        values = [rows, voter.name, voter.get_gender_display()]
        values += [voter.id_number, voter.birth_date] if full else [idnumbers.mask(voter.id_number)]
        sheet.append(xlsx_values(sheet, values + [voter.ethnicity, voter.address]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    if full:
        services.id_export_record(
            actor=request.user,
            election=district.election,
            what=selectors.id_export_label(district=district, document=_("voter roll (xlsx)")),
            rows=rows,
        )
    suffix = "-完整身份号码" if full else ""
    filename = f"{district.election.name}-{district.name}-选民名单{suffix}.xlsx"
    return download_response(buffer.getvalue(), filename)


@page_permission("elections.view_idexport")
def id_export_log(request, pk):
    election = get_object_or_404(Election, pk=pk)
    return render(
        request,
        "elections/id_export_log.html",
        {"election": election, "exports": selectors.id_exports(election=election)},
    )
