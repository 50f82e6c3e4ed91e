"""The voter's form (phone-first, no account) and the handler's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from congress.forms import OnceFormMixin
from congress.kept_uploads import KeepUploadsMixin
from congress.uploads import check_image
from congress.widgets import SearchableSelect
from deputies.models import Deputy, DeputyStatus, VoterContact
from intake import rules
from proposals.models import Topic

TEXT_MIN, TEXT_MAX = 10, 1000
PHOTO_MAX_BYTES = 8 * 1024 * 1024
CONSENT_TEXT = _(
    "I agree that my opinion, and my name and phone number if I give them, are used to answer "
    "this opinion. They are seen only by the deputy of this code and the office of the "
    "township congress presidium (the phone number in full only by the one who calls back), "
    "and name, phone and photo are deleted %(years)s years after the opinion is dealt with."
)


class OpinionForm(KeepUploadsMixin, OnceFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("What is it about"), choices=[("", "—")] + Topic.choices)
    text = forms.CharField(
        label=_("Your opinion or request"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
        help_text=_("Where, what, since when: %(min)s to %(max)s characters.")
        % {"min": TEXT_MIN, "max": TEXT_MAX},
    )
    village = forms.ChoiceField(label=_("village or community"), required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("A JPEG, PNG, GIF or WebP picture of at most 8 MB."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Leave it if you would like a call back; otherwise stay anonymous."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my information is used as described below"), required=True
    )
    # The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = CONSENT_TEXT % {
            "years": rules.setting("INTAKE_RETENTION_YEARS")
        }
        if villages:
            self.fields["village"].choices = [("", "—")] + [(v, v) for v in villages]
        else:
            del self.fields["village"]

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean_phone(self):
        typed = self.cleaned_data["phone"].strip()
        if not typed:
            return ""
        phone = rules.mobile_normalise(typed)
        if phone is None:
            raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13812345678."))
        return phone

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return None
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(_("The photo may be at most 8 MB."))
        return check_image(photo)

    @property
    def trapped(self):
        return bool(self.cleaned_data.get("website"))

    def visible_fields_but_trap(self):
        return [field for field in self if field.name != "website"]


class TrackingLookupForm(forms.Form):
    code = forms.CharField(label=_("tracking code"), max_length=20)

    def clean_code(self):
        code = rules.tracking_normalise(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("A tracking code has 8 letters and digits, e.g. K7QF-3M9X."))
        return code


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the outcome?"),
        choices=[("1", _("satisfied")), ("0", _("not satisfied"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


def _deputy_field():
    return forms.ModelChoiceField(
        label=_("deputy who takes it up"),
        queryset=Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("stroke_key", "pk"),
        widget=SearchableSelect,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("answer to the voter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The voter reads it on the tracking page."),
    )


class ContactForm(forms.Form):
    method = forms.ChoiceField(
        label=_("method"), choices=VoterContact.Method.choices, initial=VoterContact.Method.PHONE
    )
    action_taken = forms.CharField(
        label=_("what was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Recorded in the deputy's record; the voter reads it too."),
    )

    def __init__(self, *args, choose_deputy=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_deputy:
            self.fields["deputy"] = _deputy_field()


class PetitionForm(forms.Form):
    answer = forms.CharField(
        label=_("answer to the voter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: passed to the township petitions office on …"),
    )
    handling = forms.CharField(
        label=_("handling"),
        required=False,
        max_length=1000,
        help_text=_("Passed to whom, and when."),
    )


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("title of the suggestion"), max_length=200)

    def __init__(self, *args, choose_deputy=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_deputy:
            self.fields["deputy"] = _deputy_field()


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=500)
