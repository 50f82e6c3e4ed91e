"""The deputy's forms: drafting an item, withdrawing it, evaluating a reply."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.forms import OnceFormMixin
from congress.kept_uploads import KeepUploadsMixin
from congress.models import Session
from congress.widgets import SearchableSelectMultiple
from deputies.models import Deputy
from proposals.fields import MultipleFileField
from proposals.models import Proposal, Verdict
from proposals.signers import offer_co_signers


class ProposalDraftForm(KeepUploadsMixin, OnceFormMixin, forms.ModelForm):
    """Kind, title, content, topic, session (or between sessions), co-signers, attachments.
    `version` is the one the form was drawn from; the service refuses a stale one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    co_signers = forms.ModelMultipleChoiceField(
        label=_("co-signers"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("A motion needs at least 5 deputies jointly, the lead deputy included."),
    )
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("Documents or pictures, up to 20 MB each."),
    )

    class Meta:
        model = Proposal
        fields = ["kind", "title", "content", "topic", "session"]
        widgets = {
            "kind": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy = deputy
        if self.instance.pk is None:
            self.instance.lead_deputy = deputy  # a deputy writes their own items
        today = timezone.localdate()
        sessions = Session.objects.filter(end_date__gte=today)
        current = self.instance.session_id
        if current:
            sessions = sessions | Session.objects.filter(pk=current)
        session = self.fields["session"]
        session.queryset = sessions.select_related("term").order_by("start_date")
        session.empty_label = _("between sessions (闭会期间)")
        session.required = False
        session.help_text = _("Only sessions in progress or coming up can be chosen.")
        chosen = (
            list(self.instance.co_signers.values_list("pk", flat=True)) if self.instance.pk else []
        )
        offer_co_signers(self.fields["co_signers"], lead_id=deputy.pk, chosen=chosen, day=today)
        if self.instance.pk:
            self.fields["co_signers"].initial = chosen
            self.fields["version"].initial = self.instance.version

    def head_fields(self):
        return [self[name] for name in ("kind", "title", "content", "topic", "session")]

    def signer_fields(self):
        return [self["co_signers"]]

    def file_fields(self):
        return [self["attachments"]]


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvaluationForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("your evaluation"),
        choices=[
            (v.value, v.label) for v in (Verdict.SATISFIED, Verdict.BASICALLY, Verdict.UNSATISFIED)
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you are unsatisfied: say what is still wrong."),
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == Verdict.UNSATISFIED and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Say what is unsatisfactory, so the unit can handle it again."),
            )
        return data
