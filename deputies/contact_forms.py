"""The voter contact form (联系选民 / 民情日记): the secretary picks the deputy; a deputy
records their own, so their form has no deputy field (the view sets it)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, OnceFormMixin
from congress.widgets import SearchableSelect
from deputies.models import Deputy, DeputyStatus, VoterContact


class VoterContactForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = VoterContact
        fields = ["deputy", "date", "method", "voters", "people", "issues_raised", "action_taken"]
        widgets = {
            "deputy": SearchableSelect,
            "date": DateInput(),
            "issues_raised": forms.Textarea(attrs={"rows": 4}),
            "action_taken": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, with_deputy=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_deputy:
            self.fields["deputy"].queryset = Deputy.objects.filter(
                status=DeputyStatus.IN_OFFICE
            ).order_by("stroke_key", "pk")
        else:
            del self.fields["deputy"]
        if not self.instance.pk:
            self.initial["date"] = self.initial.get("date") or timezone.localdate()
            self.initial["method"] = self.initial.get("method") or VoterContact.Method.VISIT

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of a contact cannot be in the future."))
        return day

    def clean_voters(self):
        voters = self.cleaned_data["voters"].strip()
        if not voters:
            raise forms.ValidationError(_("Say whom you met."))
        return voters

    def clean_issues_raised(self):
        issues = self.cleaned_data["issues_raised"].strip()
        if len(issues) < 4:
            raise forms.ValidationError(
                _("Describe what the voters raised in a few words (at least 4 characters).")
            )
        return issues
