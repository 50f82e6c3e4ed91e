"""Stored files handed out to those allowed to read them.

MEDIA_ROOT is never served directly: each app's download view checks the same object
permission as the page that links the file and returns file_response(). By default the app
streams the bytes itself (runserver, gunicorn, no extra server). A large deployment may let the
reverse proxy send them (settings.FILES_SENDFILE_HEADER): "X-Accel-Redirect" names the file
under nginx's `internal` location FILES_SENDFILE_PREFIX, "X-Sendfile" gives Apache the full
path; either way the permission was checked here first.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

PDF_TYPE = "application/pdf"
# Types a page may show in place (a photo in an <img>, a PDF in the browser's viewer).
INLINE_TYPES = frozenset({PDF_TYPE, "image/jpeg", "image/png", "image/gif", "image/webp"})


def opens_in_browser(filename):
    """Whether a link to the file opens it in the browser (a PDF) rather than downloading it."""
    return mimetypes.guess_type(filename)[0] == PDF_TYPE


def wants_download(request):
    """The 下载 button beside a document (`?download=1`). A PDF otherwise opens in the browser:
    WeChat's browser shows one but blocks downloads."""
    return request.GET.get("download") == "1"


def file_response(request, field_file, filename, *, inline=False):
    """The stored file of `field_file` under its original `filename`: a PDF shown in the
    browser, a picture shown in place when `inline`, anything else (and anything asked for
    with ?download=1) a download. A file missing from storage is a 404 page that says so."""
    if not field_file or not field_file.storage.exists(field_file.name):
        return _missing(request)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    shown = opens_in_browser(filename) or (inline and content_type in INLINE_TYPES)
    as_attachment = wants_download(request) or not shown
    header = settings.FILES_SENDFILE_HEADER
    if header == "X-Accel-Redirect":
        response = HttpResponse(content_type=content_type)
        response[header] = settings.FILES_SENDFILE_PREFIX.rstrip("/") + "/" + quote(field_file.name)
    elif header == "X-Sendfile":
        response = HttpResponse(content_type=content_type)
        response[header] = quote(field_file.path)
    else:
        try:
            handle = field_file.storage.open(field_file.name, "rb")
        except FileNotFoundError:  # removed between the check and the opening
            return _missing(request)
        response = FileResponse(handle, content_type=content_type)
    return _private(response, filename, as_attachment)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_response(content, filename, content_type=XLSX_TYPE):
    """Bytes the portal made (an export, a rendered document) as a download, with the same
    headers as a stored file: they hold personal data, so no cache keeps them."""
    return _private(HttpResponse(content, content_type=content_type), filename, True)


def document_response(request, content, filename):
    """A PDF the portal rendered, shown in the browser (downloaded with ?download=1), with the
    headers of a stored file."""
    response = HttpResponse(content, content_type=PDF_TYPE)
    return _private(response, filename, wants_download(request))


def _private(response, filename, as_attachment):
    # Django's header: the name in filename*= (RFC 6266) when it is not plain ASCII.
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _missing(request):
    context = {
        "error_code": 404,
        "error_title": _("File not found"),
        "error_text": _(
            "The file is no longer on the server. Tell the presidium secretary, who can upload "
            "it again."
        ),
    }
    return render(request, "error_page.html", context, status=404)
