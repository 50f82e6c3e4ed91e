"""Forms of the work-summary pages: a new draft, the report's details and one form per section.

Forms parse input; reports.services decide and write. The edit forms carry the report's
revision (a hidden field), so a form opened before someone else's save is refused by the
service instead of overwriting it."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput
from reports.models import Report, Section

# Every edit form on the editor page posts its revision under this name with this class, so one
# htmx answer can bring all of them up to date after a save (see report_revision.html).
REVISION_CLASS = "report-revision"


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"kind": Report.Kind.ANNUAL, "year": timezone.localdate().year}
        )
        super().__init__(*args, **kwargs)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput(attrs={"class": REVISION_CLASS}))

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {})["revision"] = report.revision
        super().__init__(*args, **kwargs)


class ReportDetailsForm(RevisionForm):
    def __init__(self, *args, report, **kwargs):
        fields = ["title", "salutation", "signature", "document_date"]
        kwargs["initial"] = {name: getattr(report, name) for name in fields}
        super().__init__(*args, report=report, auto_id="id_details_%s", **kwargs)
        self.fields.update(
            fields_for_model(Report, fields=fields, widgets={"document_date": DateInput()})
        )


class SectionForm(RevisionForm):
    """One part of the narrative. Ids carry the section's pk: the editor shows them all at once.
    The opening paragraph has no heading."""

    def __init__(self, *args, section, report, **kwargs):
        fields = (
            ["text", "included"] if section.key == "opening" else ["heading", "text", "included"]
        )
        kwargs["initial"] = {name: getattr(section, name) for name in fields}
        super().__init__(*args, report=report, auto_id=f"id_s{section.pk}_%s", **kwargs)
        self.fields.update(
            fields_for_model(
                Section, fields=fields, widgets={"text": forms.Textarea(attrs={"rows": 8})}
            )
        )
        self.section = section
