"""The codes: the secretary's list (make missing ones, replace a lost one, the sheet of all
deputies' codes), the deputy's own code, and the QR images and posters behind permission
checks (staff, and a deputy for their own code)."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.jobs import job_start
from congress.pdf import pdf_response
from congress.selectors import township_name, township_profile
from congress.text import place_word
from congress.views import page_permission
from intake import jobs, qr, selectors, services
from intake.models import Code


@page_permission("intake.view_code")
def code_list(request):
    deputies, stations = selectors.codes_overview()
    return render(
        request,
        "intake/code_list.html",
        {
            "sections": [(_("Deputies"), deputies), (_("Liaison stations"), stations)],
            "missing": sum(1 for row in deputies + stations if row.code is None),
        },
    )


@page_permission("intake.add_code")
@require_POST
def codes_generate(request):
    made = services.codes_ensure_all(actor=request.user)
    messages.success(request, _("Codes made: %(n)s.") % {"n": made})
    return redirect("code_list")


@page_permission("intake.change_code")
@require_POST
def code_regenerate(request, pk):
    code = get_object_or_404(Code, pk=pk)
    try:
        services.code_regenerate(actor=request.user, code=code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new code has been made for %(owner)s; the old one no longer works.")
            % {"owner": code.owner},
        )
    return redirect("code_list")


@page_permission("intake.view_code")
@require_POST
def codes_sheet(request):
    job = job_start(
        actor=request.user,
        kind="intake_codes_sheet",
        title=_("Sheet of the deputies' codes"),
        task=jobs.codes_sheet,
        params={"base_url": request.build_absolute_uri("/")},
        next_url=reverse("code_list"),
    )
    return redirect(job)


@page_permission("intake.handle_own")
def my_code(request):
    deputy = selectors.own_deputy(request.user)
    if deputy is None:
        return render(request, "deputies/record_no_deputy.html")
    if request.method == "POST":
        services.code_ensure(actor=request.user, deputy=deputy)
        return redirect("my_code")
    code = selectors.active_code(deputy=deputy)
    return render(
        request,
        "intake/my_code.html",
        {
            "deputy": deputy,
            "code": code,
            "url": qr.public_url(code, request.build_absolute_uri("/")) if code else "",
        },
    )


def _code(request, pk):
    code = get_object_or_404(Code.objects.select_related("deputy", "station"), pk=pk, active=True)
    if not selectors.may_see_code(request.user, code):
        raise PermissionDenied
    return code


def _image(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def code_svg(request, pk):
    code = _code(request, pk)
    url = qr.public_url(code, request.build_absolute_uri("/"))
    response = _image(qr.svg(url), "image/svg+xml", f"code-{code.pk}.svg")
    # A drawing served from the portal's own address: it may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def code_png(request, pk):
    code = _code(request, pk)
    url = qr.public_url(code, request.build_absolute_uri("/"))
    return _image(qr.png(url), "image/png", f"code-{code.pk}.png")


def _photo_uri(deputy):
    """The deputy's photo as a data URI for the poster, or "" (no photo, or missing file)."""
    photo = deputy.photo if deputy else None
    if not photo or not photo.storage.exists(photo.name):
        return ""
    with photo.storage.open(photo.name, "rb") as handle:
        data = handle.read()
    kind = "jpeg"
    if data.startswith(b"\x89PNG"):
        kind = "png"
    elif data.startswith(b"GIF8"):
        kind = "gif"
    elif data[8:12] == b"WEBP":
        kind = "webp"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


@login_required
def code_poster(request, pk):
    code = _code(request, pk)
    url = qr.public_url(code, request.build_absolute_uri("/"))
    township = township_profile()
    return pdf_response(
        request,
        "intake/poster_pdf.html",
        {
            "code": code,
            "deputy": code.deputy,
            "station": code.station,
            "township": township,
            "place": place_word(township_name()),
            "qr": qr.svg_data_uri(url, scale=10),
            "url": url,
            "photo": _photo_uri(code.deputy),
        },
        filename=f"poster-{code.pk}.pdf",
    )
