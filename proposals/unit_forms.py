"""The handling unit's forms: returning an item, a co-unit's opinion, the lead unit's reply."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, OnceFormMixin
from congress.kept_uploads import KeepUploadsMixin
from congress.uploads import check_pdf, original_name
from proposals.models import Reply

MAX_REPLY_PDF_MB = 20
# The categories with the full wording of the reply letters (domain.md §3).
FULL_CATEGORY_LABELS = [
    ("A", _("A: the problem raised has been solved or basically solved")),
    ("B", _("B: being solved, or planned to be solved step by step")),
    (
        "C",
        _("C: cannot be solved for now because of conditions or other reasons; kept for reference"),
    ),
    ("D", _("D: an explanation is given")),
]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for returning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the matter belongs to another department."),
        error_messages={"required": _("Give the reason for returning the item.")},
    )


class OpinionForm(OnceFormMixin, forms.Form):
    text = forms.CharField(
        label=_("opinion"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Your unit's opinion is sent to the lead unit, which answers for all."),
        error_messages={"required": _("Write the opinion.")},
    )


class ReplyForm(KeepUploadsMixin, forms.ModelForm):
    """The lead unit's reply letter (答复函). The signed letter is a PDF of at most 20 MB.
    Unbound, it starts from the item's version, today and the lead unit's contact
    (`for_item`)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Reply
        fields = ["number", "category", "text", "contact_person", "phone", "attachment", "date"]
        widgets = {
            "category": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 10}),
            "date": DateInput(),
            "attachment": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {"number": _("For example 镇农办〔2025〕12号.")}

    def __init__(self, *args, attachment_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].required = attachment_required
        self.fields["attachment"].help_text = _(
            "The signed and stamped letter, PDF, at most 20 MB."
        )
        self.fields["category"].choices = FULL_CATEGORY_LABELS

    @classmethod
    def for_item(cls, item, lead, data=None, files=None, **kwargs):
        initial = {"version": item.version, "date": timezone.localdate()}
        if lead:
            initial.update(contact_person=lead.unit.contact_person, phone=lead.unit.phone)
        return cls(data, files, initial=initial, **kwargs)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload or not hasattr(upload, "read"):
            return upload
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("The signed reply must be a PDF file."))
        if upload.size > MAX_REPLY_PDF_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_REPLY_PDF_MB}
            )
        check_pdf(upload)
        # The stored name is random; the deputies download the letter under this one.
        self.instance.attachment_name = original_name(upload)
        return upload
