"""Forms of the work-summary pages: a new draft, and the editor's one form for the whole draft
(its details and one part per section, each with its own prefix, and the report's revision).

Forms parse input; reports.services decide and write. The editor carries the report's revision
(a hidden field), so a page opened before someone else's save is refused by the service instead
of overwriting it."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput
from reports.models import Report, Section


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"kind": Report.Kind.ANNUAL, "year": timezone.localdate().year}
        )
        super().__init__(*args, **kwargs)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, initial={"revision": report.revision}, **kwargs)


class ReportDetailsForm(forms.Form):
    def __init__(self, *args, report, **kwargs):
        fields = ["title", "salutation", "signature", "document_date"]
        kwargs["initial"] = {name: getattr(report, name) for name in fields}
        super().__init__(*args, prefix="details", **kwargs)
        self.fields.update(
            fields_for_model(Report, fields=fields, widgets={"document_date": DateInput()})
        )


class SectionForm(forms.Form):
    """One part of the narrative, prefixed by its section's pk: the editor sends them all at
    once. The opening paragraph has no heading."""

    def __init__(self, *args, section, **kwargs):
        fields = (
            ["text", "included"] if section.key == "opening" else ["heading", "text", "included"]
        )
        kwargs["initial"] = {name: getattr(section, name) for name in fields}
        super().__init__(*args, prefix=f"s{section.pk}", **kwargs)
        self.fields.update(
            fields_for_model(
                Section, fields=fields, widgets={"text": forms.Textarea(attrs={"rows": 8})}
            )
        )
        self.section = section
