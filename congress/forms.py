import uuid

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from congress import accounts, selectors
from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile
from congress.widgets import SearchableSelectMultiple


def add_service_error(form, error):
    """A service's ValidationError on the form: beside the field it names when the form has
    that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class FormTokenField(forms.UUIDField):
    """The hidden one-time token: a value that is no UUID (a forged or mangled post) counts as
    none, since no message on a hidden field could reach the user."""

    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class OnceFormMixin:
    """A create form sent once (issue 25): a hidden token, new each time the page is drawn,
    which congress.services.form_sent_once keeps with the record the form creates, so the same
    form sent twice (a double click, two taps on a slow phone, a resent page) creates one."""

    token = None  # the token sent, once the form is valid

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = FormTokenField(required=False, initial=uuid.uuid4)

    def clean(self):
        # Kept apart from the data, which views pass on to services as keyword arguments.
        self.token = self.cleaned_data.pop("form_token", None)
        return super().clean()


class DateInput(forms.DateInput):
    """The browser's own date picker; it submits ISO dates whatever the locale shows."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TownshipProfileForm(forms.ModelForm):
    class Meta:
        model = TownshipProfile
        fields = ["name", "county", "population", "households", "villages"]
        widgets = {"villages": forms.Textarea(attrs={"rows": 6})}


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class PresidiumMemberForm(forms.ModelForm):
    class Meta:
        model = PresidiumMember
        fields = ["term", "name", "role", "full_time", "start_date", "end_date", "user"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "term",
            "number",
            "kind",
            "start_date",
            "end_date",
            "place",
            "reports_heard",
            "decisions",
            "deputies_total",
            "deputies_present",
            "deputies_on_leave",
            "deputies_absent",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "reports_heard": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    attendance_fields = (
        "deputies_total",
        "deputies_present",
        "deputies_on_leave",
        "deputies_absent",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day = self.instance.start_date
        seated = selectors.deputies_seated(day) if day else None
        if seated is not None:
            self.fields["deputies_total"].help_text = _(
                "The roster counts %(seated)s deputies holding a seat when the session opened."
            ) % {"seated": seated}

    def clean(self):
        """All deputies (实有代表) are a fact of the roster at the session's opening, never a
        figure of its own: left empty, the roster's count is taken; a different one is refused
        with both numbers (Organic Law art. 25 counts the majority on them)."""
        data = super().clean()
        day = data.get("start_date")
        if day is None or not set(self.attendance_fields) & set(self.changed_data):
            return data
        seated = selectors.deputies_seated(day)
        total = data.get("deputies_total")
        if total is None and data.get("deputies_present") is not None:
            data["deputies_total"] = total = seated
        if total is not None and seated is not None and total != seated:
            self.add_error(
                "deputies_total",
                _(
                    "The roster has %(seated)s deputies holding a seat on %(day)s, not the "
                    "%(total)s entered: all deputies are counted from the roster. If the roster "
                    "is wrong, correct it first."
                )
                % {"seated": seated, "total": total, "day": date_format(day)},
            )
        return data

    def attendance(self):
        return [self[name] for name in self.attendance_fields]

    def main_fields(self):
        return [field for field in self if field.name not in self.attendance_fields]


class MeetingForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("members present"),
        required=False,
        widget=SearchableSelectMultiple,
        queryset=PresidiumMember.objects.none(),
    )

    class Meta:
        model = PresidiumMeeting
        fields = ["term", "number", "date", "place", "agenda", "decisions"]
        widgets = {
            "date": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = PresidiumMember.objects.select_related("term")
        if self.instance.pk:
            self.initial["attendees"] = list(self.instance.attendees.values_list("pk", flat=True))


class OneTimePasswordExpiry:
    """A login with an expired one-time password is refused, saying so. Axes has already let
    it through (a paused login never gets here) and the password was right, so it counts as no
    failed guess."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        refusal = accounts.one_time_password_refusal(user)
        if refusal:
            raise forms.ValidationError(refusal, code="one_time_password_expired")


class LoginForm(OneTimePasswordExpiry, AuthenticationForm):
    pass


class AdminLoginForm(OneTimePasswordExpiry, AdminAuthenticationForm):
    pass


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form, refusing the current password as the new one: a one-time password the
    secretary read out must really be replaced."""

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("new_password2")  # gone when the two did not match
        if password and self.user.check_password(password):
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    _("The new password must differ from the current one."),
                    code="password_unchanged",
                ),
            )
        return cleaned_data
