"""Forms of the secretary's pages for motions and suggestions: the board's filters, the
registration of a paper form, each step of the handling, and the handling units.

Forms parse input; proposals.services decide and write. Every step form carries the version
of the item it was drawn from (a hidden field), so a stale form is refused by the service.
"""

import html

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput
from congress.kept_uploads import KeepUploadsMixin
from congress.models import Session, User
from congress.query import plausible_date
from congress.roles import Role
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies.models import Deputy, DeputyStatus
from proposals.fields import MultipleFileField
from proposals.models import HandlingUnit, Proposal, State, Topic
from proposals.signers import offer_co_signers

BETWEEN_SESSIONS = "between"


def sessions():
    return Session.objects.select_related("term").order_by("-start_date", "-pk")


def deputies_in_office_or(*pks):
    """Deputies in office, plus those already chosen (so a correction never loses them)."""
    return Deputy.objects.filter(
        Q(status=DeputyStatus.IN_OFFICE) | Q(pk__in=[pk for pk in pks if pk])
    ).order_by("stroke_key", "pk")


def active_units():
    return HandlingUnit.objects.filter(active=True).order_by("kind", "name")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return str(session)


# The board's filters (GET)


def _escape(text):
    return text if isinstance(text, SafeData) else html.escape(str(text))


class FilterSelect(forms.Select):
    """Django's select written out in Python: its templates render each option through a
    template of its own, and the deputy filter lists every deputy on every board page. The
    markup is the templates' (no option groups, and no "---------" label: each filter names
    its empty choice); text is escaped as the templates' conditional_escape does, without
    its check for lazy strings on every option."""

    def use_required_attribute(self, initial):
        # No filter is required, and Select's answer reads the choices (a query) once more.
        return False

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django's, only the first option with the value is selected.
            selected = chosen is not None and option_value in chosen
            if selected:
                chosen = None
            options.append(
                f'\n  <option value="{html.escape(option_value)}"'
                f"{' selected' if selected else ''}>{_escape(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # each option is escaped above
        )


def _named_choices(empty_label, rows):
    return [("", empty_label), *rows.values_list("pk", "name")]


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(
        required=False, choices=[("", "")] + list(State.choices), widget=forms.HiddenInput
    )
    session = forms.ChoiceField(label=_("session"), required=False, widget=FilterSelect)
    # The unit and deputy choices are (pk, name) pairs read by values_list, not model
    # instances: the deputy select lists every deputy on every board page. Callables, so a
    # form whose selects are not drawn (the export, the bulk assignment) reads neither.
    unit = forms.TypedChoiceField(
        label=_("handling unit"),
        choices=lambda: _named_choices(
            _("all units"), HandlingUnit.objects.order_by("kind", "name")
        ),
        coerce=int,
        empty_value=None,
        required=False,
        widget=FilterSelect,
    )
    topic = forms.ChoiceField(
        label=_("topic category"),
        choices=[("", _("all topics")), *Topic.choices],
        required=False,
        widget=FilterSelect,
    )
    deputy = forms.TypedChoiceField(
        label=_("deputy"),
        choices=lambda: _named_choices(
            _("all deputies"), Deputy.objects.order_by("stroke_key", "pk")
        ),
        coerce=int,
        empty_value=None,
        required=False,
        widget=FilterSelect,
    )
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("title or content")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            ("", _("all sessions and between sessions")),
            (BETWEEN_SESSIONS, _("between sessions")),
            *[(str(s.pk), str(s)) for s in sessions()],
        ]

    def filters(self):
        """Keyword arguments for proposals.selectors.board (bad values are ignored)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        session = data["session"]
        return {
            "session": int(session) if session and session != BETWEEN_SESSIONS else None,
            "between_sessions": session == BETWEEN_SESSIONS,
            "unit": data["unit"],
            "topic": data["topic"],
            "deputy": data["deputy"],
            "overdue": data["overdue"],
            "search": data["q"].strip(),
        }

    def chosen_state(self):
        return self.cleaned_data.get("state", "") if self.is_valid() else ""


# Registering a paper form


class RegisterNewForm(KeepUploadsMixin, forms.ModelForm):
    """The secretary enters a paper form (a session's form or 闭会期间) and registers it."""

    session = SessionChoiceField(
        label=_("session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("between sessions"),
    )
    co_signers = forms.ModelMultipleChoiceField(
        label=_("co-signers"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("A motion needs four or more."),
    )
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_(
            "The scanned form and other papers: PDF, image, Word or Excel, up to 20 MB each."
        ),
    )
    submitted_date = forms.DateField(label=_("date submitted"), widget=DateInput())

    class Meta:
        model = Proposal
        fields = ["kind", "title", "content", "topic", "session", "lead_deputy", "broad"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 8}),
            "lead_deputy": SearchableSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions()
        self.fields["lead_deputy"].queryset = deputies_in_office_or()
        # The lead chosen in a form sent back is marked among the co-signers.
        lead = self["lead_deputy"].value()
        offer_co_signers(
            self.fields["co_signers"],
            lead_id=int(lead) if str(lead or "").isdigit() else None,
            day=timezone.localdate(),
        )
        self.fields["submitted_date"].initial = timezone.localdate()

    def clean_submitted_date(self):
        day = self.cleaned_data["submitted_date"]
        if day > timezone.localdate():
            raise ValidationError(_("The date submitted cannot be in the future."))
        return day


# Steps: every one carries the version of the item


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item=None, **kwargs):
        self.item = item
        kwargs.setdefault("initial", {})
        if item is not None:
            kwargs["initial"].setdefault("version", item.version)
        super().__init__(*args, **kwargs)


class RegisterForm(StepForm):
    submitted_date = forms.DateField(label=_("date submitted"), widget=DateInput())

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        if item is not None:
            self.fields["submitted_date"].initial = item.submitted_date or timezone.localdate()

    def clean_submitted_date(self):
        day = self.cleaned_data["submitted_date"]
        if day > timezone.localdate():
            raise ValidationError(_("The date submitted cannot be in the future."))
        return day


class MotionReviewForm(StepForm):
    DECISIONS = [
        ("put_on_agenda", _("put on the agenda")),
        ("convert", _("handle as a suggestion")),
        ("not_accept", _("not accept")),
    ]
    decision = forms.ChoiceField(
        label=_("decision of the presidium"), choices=DECISIONS, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the motion is not accepted; sent to the deputies."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "not_accept" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for not accepting the motion."))
        return data


class DeclineForm(StepForm):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent to the deputy, e.g. a personal matter or outside every local body's powers."
        ),
    )


class AssignForm(StepForm):
    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"), queryset=HandlingUnit.objects.none(), widget=SearchableSelect
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-handling units"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    assigned_date = forms.DateField(
        label=_("date assigned"), widget=DateInput(), validators=[plausible_date]
    )
    broad = forms.BooleanField(
        label=_("broad or difficult"),
        required=False,
        help_text=_("Broad or difficult items have six months to be answered instead of three."),
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["lead_unit"].queryset = active_units()
        self.fields["co_units"].queryset = active_units()
        self.fields["assigned_date"].initial = timezone.localdate()
        if item is not None:
            self.fields["broad"].initial = item.broad

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units") or []
        if lead and lead in co:
            self.add_error("co_units", _("The lead unit cannot also be a co-handling unit."))
        return data


class BulkAssignRowForm(forms.Form):
    """One item of the bulk assignment; unit choices are set once for all rows."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    lead_unit = forms.TypedChoiceField(
        label=_("lead unit"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=SearchableSelect,
    )
    co_units = forms.TypedMultipleChoiceField(
        label=_("co-handling units"),
        coerce=int,
        required=False,
        widget=SearchableSelectMultiple,
    )
    broad = forms.BooleanField(label=_("broad or difficult"), required=False)

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", _("not now")), *unit_choices]
        self.fields["co_units"].choices = list(unit_choices)

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units") or []
        if not lead and co:
            self.add_error("lead_unit", _("Choose the lead unit, or clear the co-handling units."))
        if lead and lead in co:
            self.add_error("co_units", _("The lead unit cannot also be a co-handling unit."))
        return data


BulkAssignFormSet = forms.formset_factory(BulkAssignRowForm, extra=0)


class BulkAssignDateForm(forms.Form):
    assigned_date = forms.DateField(
        label=_("date assigned"), widget=DateInput(), validators=[plausible_date]
    )


class CloseForm(StepForm):
    note = forms.CharField(
        label=_("why the item is closed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the deputy agreed in person to the reply."),
    )


class MilestoneForm(StepForm):
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 4}))
    done = forms.BooleanField(label=_("finished"), required=False)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class PublishForm(StepForm):
    pass


# Handling units


class HandlingUnitForm(forms.ModelForm):
    officers = forms.ModelMultipleChoiceField(
        label=_("officer accounts"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accounts in the role 承办单位; they see and handle the unit's items."),
    )

    class Meta:
        model = HandlingUnit
        fields = ["name", "kind", "contact_person", "phone", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (
            list(self.instance.officers.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["officers"].queryset = (
            User.objects.filter(
                Q(groups__name=Role.UNIT_OFFICER.value, is_active=True) | Q(pk__in=chosen)
            )
            .distinct()
            .order_by("name", "username")
        )
        if self.instance.pk:
            self.initial["officers"] = chosen
