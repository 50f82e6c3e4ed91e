"""The home page (what waits for each role the user holds, then the dashboard's figures for
those who may read them) and the work-summary pages: the list, the editor, the
preview, the downloads and the status steps.

Views are thin: forms parse, reports.services decide and write, reports.selectors read. A
refused step (a ValidationError) is shown to the user; a step the user may not take is a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress.files import document_response, download_response, file_response
from congress.forms import add_service_error
from congress.jobs import job_start
from congress.pdf import CJKFontMissing
from congress.views import page_permission
from reports import figures, jobs, narrative, rendering, selectors, services, transitions
from reports.forms import ReportCreateForm, ReportDetailsForm, RevisionForm, SectionForm
from reports.models import ArchivedVersion, Report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The figures beside the editor, in the order the secretary looks for them.
FIGURE_GROUPS = (
    (gettext_lazy("Key figures"), figures.KEY_FIGURES),
    (gettext_lazy("Other figures"), figures.OTHER_FIGURES),
    (gettext_lazy("Election figures (when an election was held)"), figures.ELECTION_FIGURES),
    (
        gettext_lazy("Session decisions and oversight (when the period holds them)"),
        figures.OPTIONAL_FIGURES,
    ),
)


@login_required
def home(request):
    context = {"blocks": selectors.home(request.user)}
    if selectors.may_see_dashboard(request.user):
        context.update(selectors.dashboard(request.user), dashboard=True)
    return render(request, "reports/home/page.html", context)


# The list and a new draft


@page_permission("reports.view_report")
def report_list(request):
    return _list_page(request, ReportCreateForm())


def _list_page(request, form):
    return render(
        request,
        "reports/report_list.html",
        {"reports": list(selectors.reports_list()), "form": form},
    )


@require_POST
@page_permission("reports.add_report")
def report_create(request):
    form = ReportCreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, kind=form.cleaned_data["kind"], year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is written from the data. Edit it below."))
            return redirect(report)
    return _list_page(request, form)


# The editor


@page_permission("reports.view_report")
def report_edit(request, pk):
    return _editor(request, get_object_or_404(Report, pk=pk))


def _editor(request, report, *, draft=None):
    """The editor page; `draft`, the forms of a refused save, keeps what was typed."""
    actions = selectors.report_actions(request.user, report)
    editable = actions["edit"]
    values = report.figures.get("values", {})
    sections = list(report.sections.all())
    if editable:
        draft = draft or _draft_forms(report, sections, None)
        for section, form in zip(sections, draft["sections"], strict=True):
            section.form = form
    else:
        for section in sections:
            section.paragraphs = narrative.fill(section.text, values).splitlines()
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "editable": editable,
            "revision_form": draft["revision"] if editable else None,
            "details_form": draft["details"] if editable else None,
            "refused": bool(editable and request.method == "POST"),
            "sections": sections,
            "changes": selectors.figure_changes(report),
            "figure_groups": [
                (title, [_figure_row(figure, values) for figure in group.values()])
                for title, group in FIGURE_GROUPS
            ],
            "actions": actions,
            "events": report.events.select_related("actor"),
            "archived": report.archived.select_related("archived_by"),
            "same_period": Report.objects.filter(kind=report.kind, year=report.year).exclude(
                pk=report.pk
            ),
        },
    )


def _draft_forms(report, sections, data):
    return {
        "revision": RevisionForm(data, report=report),
        "details": ReportDetailsForm(data, report=report),
        "sections": [SectionForm(data, section=section) for section in sections],
    }


def _figure_row(figure, values):
    value = values.get(figure.key, figures.DASH)
    return {
        "token": f"{{{figure.label}}}",
        "value": value if value == figures.DASH else f"{value}{figure.unit}",
    }


@require_POST
@page_permission("reports.change_report")
def report_save(request, pk):
    """The editor's one save: the details and every part in one transaction. A refused save
    shows the editor again with everything typed and each message beside its part."""
    report = get_object_or_404(Report, pk=pk)
    draft = _draft_forms(report, list(report.sections.all()), request.POST)
    forms = [draft["revision"], draft["details"], *draft["sections"]]
    if all([form.is_valid() for form in forms]):
        try:
            services.report_draft_save(
                actor=request.user,
                report=report,
                details=draft["details"].cleaned_data,
                sections=[(form.section, form.cleaned_data) for form in draft["sections"]],
                revision=draft["revision"].cleaned_data["revision"],
            )
        except ValidationError as error:
            _refusal_on_the_parts(error, draft)
        else:
            messages.success(request, _("Saved."))
            return redirect(report)
    return _editor(request, report, draft=draft)


def _refusal_on_the_parts(error, draft):
    """A part's message beside its text; the others (a stale page, an approved report) above
    the details, at the top of the form."""
    if not hasattr(error, "error_dict"):
        add_service_error(draft["details"], error)
        return
    by_section = {str(form.section.pk): form for form in draft["sections"]}
    for key, errors in error.error_dict.items():
        if key in by_section:
            by_section[key].add_error("text", errors)
        else:
            add_service_error(draft["details"], ValidationError({key: errors}))


# Status steps and the figures


def _step(request, pk, service, done):
    report = get_object_or_404(Report, pk=pk)
    try:
        service(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except CJKFontMissing as error:  # archiving renders the PDF
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(report)


@require_POST
@page_permission("reports.change_report")
def report_refresh(request, pk):
    return _step(
        request, pk, services.report_refresh, _("The figures are taken from the data again.")
    )


@require_POST
@page_permission("reports.view_report")
def report_approve(request, pk):
    # The service lets only the chair approve (a PermissionDenied, so a 403, for anyone else).
    return _step(request, pk, services.report_approve, _("The report is approved."))


@require_POST
@page_permission("reports.change_report")
def report_archive(request, pk):
    """Rendering the PDF takes seconds: a job archives it (reports.jobs)."""
    report = get_object_or_404(Report, pk=pk)
    if not transitions.allowed("archive", report.status):
        messages.error(request, _("Only an approved report can be archived."))
        return redirect(report)
    job = job_start(
        actor=request.user,
        kind="report_archive",
        title=_("Archive %(title)s, version %(version)s")
        % {"title": report.title, "version": report.version},
        task=jobs.report_archive,
        params={"report": report.pk},
        next_url=report.get_absolute_url(),
    )
    return redirect(job)


@require_POST
@page_permission("reports.change_report")
def report_revise(request, pk):
    return _step(
        request, pk, services.report_revise, _("The report is a draft again and can be edited.")
    )


# The document: preview and downloads


@page_permission("reports.view_report")
def report_preview(request, pk):
    report = get_object_or_404(Report, pk=pk)
    return render(
        request,
        "reports/report_preview.html",
        {"report": report, "doc": selectors.report_document(report)},
    )


@page_permission("reports.view_report")
def report_pdf(request, pk):
    report = get_object_or_404(Report, pk=pk)
    try:
        data = rendering.pdf_bytes(selectors.report_document(report))
    except CJKFontMissing as error:
        # Said on the page, not as a server error: the office can install a font or set one.
        messages.error(request, str(error))
        return redirect(report)
    return document_response(request, data, f"{report.title}.pdf")


@page_permission("reports.view_report")
def report_docx(request, pk):
    report = get_object_or_404(Report, pk=pk)
    data = rendering.docx_bytes(selectors.report_document(report))
    return download_response(data, f"{report.title}.docx", DOCX_TYPE)


@page_permission("reports.view_report")
def report_archived_file(request, pk):
    """The stored PDF of an archived version, byte for byte as archived."""
    archived = get_object_or_404(ArchivedVersion.objects.select_related("report"), pk=pk)
    filename = _("%(title)s (version %(version)s).pdf") % {
        "title": archived.report.title,
        "version": archived.version,
    }
    return file_response(request, archived.file, filename)
