"""Import and export pages for every spreadsheet resource (see congress.spreadsheets).

Importing is two steps: the upload is checked by a dry run that shows what would be added or
updated and every problem; the confirmation then imports the same file. A file of more than
IMPORT_JOB_ROWS rows would hold the request too long: a job imports it at once instead, all rows
or none, and its page lists every problem. Between the two the
file waits in Django's storage (so any app server can finish it) under a random name in the
user's own folder, passed in a hidden field; it is removed once imported or refused.

Exports show ID numbers masked. A resource declaring `full_export_permission` (a permission no
role holds, granted to a person on purpose) offers them in full with ?full=1, inside its
`full_export` context, which logs the export.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import spreadsheets
from congress.files import download_response
from congress.jobs import spreadsheet_import_start
from congress.uploads import check_spreadsheet

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        help_text=gettext_lazy(
            "Excel (.xlsx) or CSV (UTF-8 or GB18030); the first row holds the column headers."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return check_spreadsheet(upload)


@dataclass
class ResourceEntry:
    name: str
    title: str
    columns: list
    required: list
    help_text: str
    may_import: bool
    may_export: bool
    may_export_full: bool


def _may_export_full(user, cls):
    """A resource whose export masks ID numbers may offer them in full (?full=1) to holders of
    its `full_export_permission`; its `full_export(actor=, what=)` context unmasks and logs."""
    permission = getattr(cls, "full_export_permission", None)
    return bool(permission) and spreadsheets.may_export(user, cls) and user.has_perm(permission)


def _entry(user, name, cls):
    return ResourceEntry(
        name=name,
        title=str(cls._meta.model._meta.verbose_name_plural),
        columns=cls.columns(),
        required=cls.required_columns(),
        help_text=str(cls.help_text),
        may_import=spreadsheets.may_import(user, cls),
        may_export=spreadsheets.may_export(user, cls),
        may_export_full=_may_export_full(user, cls),
    )


def _resource(name):
    try:
        return spreadsheets.resource_class(name)
    except spreadsheets.UnknownResource:
        raise Http404 from None


@login_required
def data_home(request):
    entries = [
        entry
        for name, cls in spreadsheets.registry().items()
        if (entry := _entry(request.user, name, cls)).may_import or entry.may_export
    ]
    if not entries:
        raise PermissionDenied
    return render(request, "congress/data_home.html", {"entries": entries, "form": UploadForm()})


@login_required
def data_export(request, name):
    cls = _resource(name)
    if not spreadsheets.may_export(request.user, cls):
        raise PermissionDenied
    suffix = ".csv" if request.GET.get("format") == "csv" else ".xlsx"
    if request.GET.get("full") != "1":
        filename = spreadsheets.export_filename(name, suffix)
        return download_response(
            spreadsheets.export_file(name, filename), filename, CONTENT_TYPES[suffix]
        )
    if not _may_export_full(request.user, cls):
        raise PermissionDenied
    filename = spreadsheets.export_filename(f"{name}-完整身份号码", suffix)
    try:
        with cls.full_export(actor=request.user, what=filename):
            data = spreadsheets.export_file(name, filename)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("data_home")
    return download_response(data, filename, CONTENT_TYPES[suffix])


@login_required
def data_import(request, name):
    cls = _resource(name)
    if not spreadsheets.may_import(request.user, cls):
        raise PermissionDenied
    entry = _entry(request.user, name, cls)
    context = {"entry": entry, "form": UploadForm(), "job_rows": settings.IMPORT_JOB_ROWS}
    if request.method != "POST":
        return render(request, "congress/data_import.html", context)

    if "stored" in request.POST:
        return _confirm(request, entry, context)

    form = UploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "congress/data_import.html", context)
    upload = form.cleaned_data["file"]
    data = upload.read()
    if spreadsheets.row_count(data, upload.name) > settings.IMPORT_JOB_ROWS:
        # Too long for a request: checked and imported at once by a job, all rows or none.
        upload.seek(0)
        job = spreadsheet_import_start(
            actor=request.user,
            resource=name,
            upload=upload,
            title=_("Import %(title)s: %(file)s") % {"title": entry.title, "file": upload.name},
            next_url=reverse("data_home"),
        )
        return redirect(job)
    report = spreadsheets.import_file(name, data, upload.name, actor=request.user, dry_run=True)
    context.update(report=report, filename=upload.name)
    if report.ok and (report.new or report.updated):
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        context["stored"] = default_storage.save(
            spreadsheets.upload_name(request.user, suffix), ContentFile(data)
        )
    return render(request, "congress/data_import.html", context)


def _confirm(request, entry, context):
    stored = request.POST.get("stored", "")
    filename = request.POST.get("filename", "") or stored
    if not spreadsheets.upload_name_valid(request.user, stored) or not default_storage.exists(
        stored
    ):
        messages.error(request, _("The checked file is no longer available; upload it again."))
        return redirect("data_import", name=entry.name)
    with default_storage.open(stored, "rb") as handle:
        data = handle.read()
    report = spreadsheets.import_file(entry.name, data, stored, actor=request.user)
    default_storage.delete(stored)
    if not report.ok:
        context.update(report=report, filename=filename)
        return render(request, "congress/data_import.html", context)
    messages.success(
        request,
        _("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "file": filename,
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect("data_home")
