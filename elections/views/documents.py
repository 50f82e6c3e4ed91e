"""Published documents of an election: the roll of a district as a PDF (公布选民名单), voter
cards (选民证), the roll as a spreadsheet, and the log of exports with full ID numbers.

The PDFs are posted or handed out, so their ID numbers are always masked. The spreadsheet is
masked too, unless a user allowed to see full numbers asks for them (?full=1): that export is
logged (who, when, what, rows)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.pdf import pdf_response
from congress.views import page_permission
from deputies.selectors import id_number_masked
from elections import selectors, services
from elections.models import District, Election

CARDS_PER_PAGE = 6


def _district(pk):
    return get_object_or_404(District.objects.select_related("election"), pk=pk)


def _polling_station(district):
    lines = [line.strip() for line in district.polling_stations.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _one_line(text):
    """Text for a line of the roll, whose columns are tab stops."""
    return " ".join(text.split())


@page_permission("elections.view_voter")
def roll_pdf(request, pk):
    district = _district(pk)
    voters = [
        (
            _one_line(voter.name),
            voter.get_gender_display(),
            id_number_masked(voter.id_number),
            _one_line(voter.address),
        )
        for voter in selectors.district_roll(district=district)
    ]
    return pdf_response(
        "elections/pdf_roll.html",
        {
            "district": district,
            "election": district.election,
            "voters": voters,
            "today": timezone.localdate(),
        },
        request=request,
        filename=f"{district.election.name}-{district.name}-选民名单.pdf",
    )


@page_permission("elections.view_voter")
def voter_cards_pdf(request, pk):
    district = _district(pk)
    station = _polling_station(district)
    cards = [
        {
            "name": voter.name,
            "number": selectors.voter_card_number(district=district, position=position),
            "id_number": id_number_masked(voter.id_number),
            "station": station,
        }
        for position, voter in enumerate(selectors.district_roll(district=district), start=1)
    ]
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return pdf_response(
        "elections/pdf_cards.html",
        {"district": district, "election": district.election, "pages": pages},
        request=request,
        filename=f"{district.election.name}-{district.name}-选民证.pdf",
    )


@page_permission("elections.view_voter")
def roll_xlsx(request, pk):
    from openpyxl import Workbook

    district = _district(pk)
    full = request.GET.get("full") == "1" and request.user.has_perm("elections.view_full_id_number")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(district.name[:31])
    sheet.append(
        [
            _("No."),
            _("name"),
            _("gender"),
            _("ID number"),
            _("birth date"),
            _("ethnicity"),
            _("address"),
        ]
    )
    rows = 0
    for rows, voter in enumerate(selectors.district_roll(district=district), start=1):
        sheet.append(
            [
                rows,
                voter.name,
                voter.get_gender_display(),
                voter.id_number if full else id_number_masked(voter.id_number),
                voter.birth_date,
                voter.ethnicity,
                voter.address,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    if full:
        services.id_export_record(
            actor=request.user,
            what=selectors.id_export_label(district=district, document=_("voter roll (xlsx)")),
            rows=rows,
        )
    suffix = "-完整身份号码" if full else ""
    filename = f"{district.election.name}-{district.name}-选民名单{suffix}.xlsx"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@page_permission("elections.view_idexport")
def id_export_log(request, pk):
    election = get_object_or_404(Election, pk=pk)
    return render(
        request,
        "elections/id_export_log.html",
        {"election": election, "exports": selectors.id_exports(election=election)},
    )
