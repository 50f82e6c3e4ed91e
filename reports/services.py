"""Writes of work summaries: drafting, editing, refreshing the figures, approving, archiving and
revising. Each is one transaction; status changes follow reports.transitions and write a
ReportEvent."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from congress.audit import audited
from reports import figures, narrative, rendering, selectors, transitions
from reports.models import ArchivedVersion, Report, ReportEvent, Section

Status = Report.Status


@audited
@transaction.atomic
def report_create(*, actor, kind, year, today=None):
    """A new draft of `kind` for `year`, its narrative written from the data of the period."""
    today = today or timezone.localdate()
    start, end = figures.period_for(kind, year)
    snapshot = figures.collect(start, end)
    report = Report(
        kind=kind,
        year=year,
        period_start=start,
        period_end=end,
        title=selectors.default_title(kind, year),
        salutation=selectors.default_salutation(kind),
        signature=selectors.default_signature(),
        document_date=selectors.default_date(start, end, today),
        figures=snapshot,
        figures_taken_at=timezone.now(),
        created_by=actor,
    )
    report.full_clean()
    report.save()
    Section.objects.bulk_create(
        Section(report=report, key=part.key, position=i, heading=str(part.heading), text=text)
        for i, (part, text) in enumerate(narrative.draft(kind, snapshot))
    )
    ReportEvent.objects.create(report=report, actor=actor, to_status=Status.DRAFT)
    return report


def _editable(report, revision):
    if report.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be edited; revise the report to change it."))
    if revision is not None and revision != report.revision:
        raise ValidationError(
            _("Someone saved this report after you opened it. Reload the page and edit again.")
        )


def _touch(report):
    report.revision += 1
    report.save()


@audited
@transaction.atomic
def section_save(*, actor, section, heading, text, included=True, revision=None):
    """Save a part's narrative. Tokens must name figures: an unknown {…} is refused, so a
    misspelt figure never prints as braces."""
    report = Report.objects.select_for_update().get(pk=section.report_id)
    _editable(report, revision)
    error = _unknown_tokens_error(text)
    if error:
        raise ValidationError({"text": error})
    _apply_section(section, heading, text, included)
    _touch(report)
    return section


@audited
@transaction.atomic
def report_draft_save(*, actor, report, details, sections, revision=None):
    """Save the whole draft at once, as the editor sends it: `details` (title, salutation,
    signature, document_date) and `sections`, pairs of a section and its heading, text and
    included. A part naming an unknown figure refuses the whole save (nothing half saved), its
    message under the section's pk."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report, revision)
    errors = {}
    for section, data in sections:
        error = _unknown_tokens_error(data["text"])
        if error:
            errors[str(section.pk)] = error
    if errors:
        raise ValidationError(errors)
    _apply_details(report, **details)
    for section, data in sections:
        _apply_section(
            section, data.get("heading", section.heading), data["text"], data["included"]
        )
    _touch(report)
    return report


def _apply_details(report, title, salutation, signature, document_date):
    report.title, report.salutation = title, salutation
    report.signature, report.document_date = signature, document_date
    report.full_clean()


def _unknown_tokens_error(text):
    unknown = narrative.unknown_tokens(text)
    if not unknown:
        return None
    return _(
        "%(tokens)s name no figure. Use the labels in the list of figures, "
        "written in braces such as {代表总数}."
    ) % {"tokens": "、".join(f"{{{label}}}" for label in unknown)}


def _apply_section(section, heading, text, included):
    section.heading = heading.strip()
    section.text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    section.included = included
    section.full_clean()
    section.save()


@audited
@transaction.atomic
def report_refresh(*, actor, report):
    """Take the figures from the data again; the narrative keeps its wording and prints them."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report, None)
    report.figures = figures.collect(report.period_start, report.period_end)
    report.figures_taken_at = timezone.now()
    _touch(report)
    return report


def _move(report, actor, action, note=""):
    if not transitions.allowed(action, report.status):
        raise ValidationError(
            _("A report that is %(status)s cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": ACTION_LABELS[action]}
        )
    target = transitions.TRANSITIONS[action][1]
    ReportEvent.objects.create(
        report=report, actor=actor, from_status=report.status, to_status=target, note=note
    )
    report.status = target
    _touch(report)


ACTION_LABELS = {
    "approve": pgettext_lazy("report action", "approve"),
    "archive": pgettext_lazy("report action", "archive"),
    "revise": pgettext_lazy("report action", "revise"),
}


@audited
@transaction.atomic
def report_approve(*, actor, report):
    """The chair approves a draft whose figures are those of the data now."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not selectors.may_approve(actor):
        raise PermissionDenied(_("Only the chair of the presidium approves work summaries."))
    if report.status == Status.DRAFT and selectors.figure_changes(report):
        raise ValidationError(
            _("The data changed after the figures were taken. Refresh the figures first.")
        )
    _move(report, actor, "approve")
    return report


@audited
@transaction.atomic
def report_archive(*, actor, report):
    """Store the PDF of the approved version with its SHA-256 as a new file."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _move(report, actor, "archive")
    pdf = rendering.pdf_bytes(selectors.report_document(report))
    archived = ArchivedVersion(
        report=report,
        version=report.version,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        archived_by=actor,
    )
    # The storage never overwrites: a name already taken (say, by a file left from an earlier
    # database) gets a suffix, and (report, version) is unique in the table.
    archived.file.save(f"report-{report.pk}-v{report.version}.pdf", ContentFile(pdf), save=False)
    archived.save()
    return archived


@audited
@transaction.atomic
def report_revise(*, actor, report, note=""):
    """Back to draft to correct an approved or archived report; an archived one gets the next
    version number, so its next PDF is a new file beside the old."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Status.ARCHIVED:
        report.version += 1
    _move(report, actor, "revise", note)
    return report
