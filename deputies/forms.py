"""Forms of the secretary's pages: parse and check input; services write.

Rules that hold for every write (dates in order, issues rectified within those found, the
organiser named) are model constraints, so the forms report them with the models' Chinese
messages; the forms only add what concerns input (the ID number's format, reception days).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from congress import idnumbers
from congress.forms import DateInput, OnceFormMixin
from congress.kept_uploads import KeepUploadsMixin
from congress.models import PresidiumMember, User
from congress.roles import Role
from congress.selectors import current_term
from congress.uploads import ProtectedFileInput, check_attachment, check_image
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies import selectors
from deputies.models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    Gender,
    Level,
    LiaisonStation,
    Organiser,
    Party,
    Petition,
)

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _in_office_or(*pks):
    """Deputies in office, plus the ones already chosen (so an edit never loses them)."""
    return Deputy.objects.filter(
        Q(status=DeputyStatus.IN_OFFICE) | Q(pk__in=[pk for pk in pks if pk])
    ).order_by("stroke_key", "pk")


# Filters of the list pages (GET)


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, workplace or district")}
        ),
    )
    group = forms.ModelChoiceField(
        label=_("group"),
        queryset=DeputyGroup.objects.all(),
        required=False,
        empty_label=_("all groups"),
    )
    level = forms.ChoiceField(
        label=_("level"), choices=[("", _("all levels")), *Level.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("any status")), *DeputyStatus.choices], required=False
    )
    gender = forms.ChoiceField(
        label=_("gender"), choices=[("", _("both")), *Gender.choices], required=False
    )
    party = forms.ChoiceField(
        label=_("political affiliation"), choices=[("", _("any")), *Party.choices], required=False
    )

    def filters(self):
        """Keyword arguments for deputies.selectors.roster (bad values are ignored)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "group": data["group"],
            "level": data["level"],
            "status": data["status"],
            "gender": data["gender"],
            "party": data["party"],
            "search": data["q"].strip(),
        }


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("all kinds")), *ActivityKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("year"), coerce=int, required=False, empty_value=None)
    group = forms.ModelChoiceField(
        label=_("organising group"),
        queryset=DeputyGroup.objects.all(),
        required=False,
        empty_label=_("all groups"),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all years"))] + [
            (year, f"{year}年") for year in years
        ]

    def filter(self, activities):
        if not self.is_valid():
            return activities
        data = self.cleaned_data
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
        if data["year"]:
            activities = activities.filter(start_date__year=data["year"])
        if data["group"]:
            activities = activities.filter(group=data["group"])
        return activities


class PetitionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("all petitions")), *Petition.Status.choices],
        required=False,
    )

    def status_value(self):
        return self.cleaned_data["status"] if self.is_valid() else ""


# Records


class IdentityFieldsMixin:
    """A deputy's ID number and birth date as the portal's form and the back office's edit them.

    The stored number never goes back to the browser: the field shows it masked and an empty
    input keeps it. Beside a recorded number the birth date is not sent either (its day with the
    masked number gives the number away): the number holds it, so an empty input takes it from
    the number, and a typed one must agree with it. Without a number the date is entered as usual.
    """

    kept_personal_fields = ("id_number", "birth_date")  # congress.admin.PersonalDataMixin

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_id_number = self.instance.id_number if self.instance.pk else ""
        id_number, birth_date = self.fields.get("id_number"), self.fields.get("birth_date")
        if id_number is None or birth_date is None:
            return  # a back-office user who may only view: the admin shows both masked
        id_number.help_text = _(
            "18 characters; the birth date and gender must agree with it. Shown masked on pages."
        )
        birth_date.required = False
        birth_date.help_text = _("Left empty, it is taken from the ID number.")
        if self.stored_id_number:
            masked = idnumbers.mask(self.stored_id_number)
            self.initial["id_number"] = ""
            id_number.widget.attrs["placeholder"] = masked
            id_number.help_text = _(
                "Recorded: %(masked)s. Leave empty to keep it; type the full number to change it."
            ) % {"masked": masked}
            self.initial["birth_date"] = None
            birth_date.help_text = _(
                "Recorded: %(month)s, as in the ID number. Leave empty to keep it; a new ID "
                "number brings its own."
            ) % {"month": idnumbers.birth_month(self.instance.birth_date)}

    def clean_id_number(self):
        typed = self.cleaned_data.get("id_number")
        if self.stored_id_number and (
            not typed or idnumbers.normalise(typed) == idnumbers.mask(self.stored_id_number)
        ):
            return self.stored_id_number
        # A Chinese reason, shown beside the field.
        return idnumbers.check(typed)

    def clean(self):
        data = super().clean()
        if "id_number" not in self.fields:
            return data
        decoded = idnumbers.decode(data.get("id_number"))
        if decoded:
            birth, gender = decoded
            if not data.get("birth_date") and "birth_date" not in self.errors:
                data["birth_date"] = birth
            elif data.get("birth_date") and data["birth_date"] != birth:
                self.add_error(
                    "birth_date",
                    _("The ID number gives the birth date %(date)s.")
                    % {"date": date_format(birth)},
                )
            if data.get("gender") and data["gender"] != gender:
                self.add_error(
                    "gender",
                    _("The ID number gives the gender %(gender)s.")
                    % {"gender": Gender(gender).label},
                )
        elif not data.get("birth_date") and not self.errors.keys() & {"birth_date", "id_number"}:
            self.add_error(
                "birth_date", _("Enter the birth date, or the ID number it is taken from.")
            )
        return data


class DeputyForm(KeepUploadsMixin, IdentityFieldsMixin, forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("congress levels"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every congress the deputy sits in during the current term."),
    )
    group = forms.ModelChoiceField(
        label=_("deputy group"),
        queryset=DeputyGroup.objects.all(),
        required=False,
        help_text=_("Changing the group keeps the old membership in the history."),
    )

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "party",
            "education",
            "occupation",
            "workplace",
            "phone",
            "district",
            "duty_post",
            "status",
            "status_date",
            "photo",
            "user",
        ]
        widgets = {
            "birth_date": DateInput(),
            "status_date": DateInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "photo": ProtectedFileInput(
                attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
            ),
        }
        # check_image (clean_photo) reads the picture and names the file when refusing it.
        field_classes = {"photo": forms.FileField}

    field_order = [
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "id_number",
        "party",
        "education",
        "occupation",
        "workplace",
        "phone",
        "district",
        "group",
        "levels",
        "duty_post",
        "status",
        "status_date",
        "photo",
        "user",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = current_term()
        self.fields["user"].queryset = User.objects.filter(
            Q(groups__name=Role.DEPUTY.value)
            & (Q(deputy__isnull=True) | Q(deputy=self.instance.pk or 0))
        ).distinct()
        self.fields["user"].help_text = _(
            "The deputy's login, so they can see their own record. Accounts of the 代表 role only."
        )
        if self.instance.pk:
            self.fields["photo"].widget.download_url = reverse(
                "deputy_photo", args=[self.instance.pk]
            )
            term_number = self.term.number if self.term else None
            self.initial.setdefault(
                "levels",
                [s.level for s in self.instance.seats.all() if s.term_number == term_number],
            )
            self.initial.setdefault("group", selectors.current_group(self.instance))
        else:
            self.initial.setdefault("levels", [Level.TOWNSHIP])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return photo  # unchanged, or cleared
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(_("The photo may be at most 5 MB."))
        return check_image(photo)

    @property
    def term_number(self):
        return self.term.number if self.term else None


class GroupForm(forms.ModelForm):
    class Meta:
        model = DeputyGroup
        fields = ["name", "area", "leader", "liaison"]
        widgets = {"leader": SearchableSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _in_office_or(self.instance.leader_id)
        term = current_term()
        self.fields["liaison"].queryset = PresidiumMember.objects.filter(
            Q(term=term) | Q(pk=self.instance.liaison_id or 0)
        )


class StationForm(forms.ModelForm):
    class Meta:
        model = LiaisonStation
        fields = [
            "name",
            "kind",
            "address",
            "phone",
            "reception_days",
            "notice_days",
            "resident_deputies",
        ]
        widgets = {"resident_deputies": SearchableSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(self.instance.resident_deputies.all()) if self.instance.pk else []
        self.fields["resident_deputies"].queryset = _in_office_or(*[d.pk for d in current])

    def clean_reception_days(self):
        raw = self.cleaned_data.get("reception_days", "")
        parts = [p.strip() for p in raw.replace("，", ",").replace("、", ",").split(",")]
        days = set()
        for part in filter(None, parts):
            if not part.isdigit() or not 1 <= int(part) <= 31:
                raise ValidationError(
                    _("Enter days of the month from 1 to 31, separated by commas, e.g. 10,20.")
                )
            days.add(int(part))
        return ",".join(str(d) for d in sorted(days))


class ChecklistMixin:
    """One status field per deputy (`deputy_<pk>`), rendered as a checklist grouped by the
    deputy's current group. `attendance()` gives {deputy: status} for the deputies marked."""

    def add_checklist(self, deputies, *, choices, recorded, default="", required=False):
        self.checklist_deputies = deputies
        self.checklist_choices = choices
        for deputy in deputies:
            self.fields[self.field_name(deputy)] = forms.ChoiceField(
                label=deputy.name,
                choices=choices,
                required=required,
                initial=recorded.get(deputy.pk, default),
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(deputy):
        return f"deputy_{deputy.pk}"

    def checklist_groups(self):
        """[(group name or None, [(deputy, bound field)])] in the order of the deputies."""
        sections = {}
        for deputy in self.checklist_deputies:
            group = selectors.current_group(deputy)
            key = group.name if group else None
            sections.setdefault(key, []).append((deputy, self[self.field_name(deputy)]))
        return list(sections.items())

    def attendance(self):
        return {
            deputy: self.cleaned_data[self.field_name(deputy)]
            for deputy in self.checklist_deputies
            if self.cleaned_data.get(self.field_name(deputy))
        }


NOT_TAKING_PART = ""


class ActivityForm(KeepUploadsMixin, OnceFormMixin, ChecklistMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Photos, minutes or a report: PDF, image, Word or Excel, up to 20 MB."),
    )
    attachment_title = forms.CharField(label=_("attachment title"), required=False, max_length=200)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "topic",
            "start_date",
            "end_date",
            "place",
            "organiser",
            "group",
            "station",
            "other_attendees",
            "voters_received",
            "training_hours",
            "satisfaction",
            "findings",
            "issues_found",
            "issues_rectified",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }

    main_field_names = ("kind", "topic", "start_date", "end_date", "place")
    organiser_field_names = ("organiser", "group", "station")
    figure_field_names = (
        "other_attendees",
        "voters_received",
        "training_hours",
        "satisfaction",
        "issues_found",
        "issues_rectified",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = {}
        if self.instance.pk:
            recorded = dict(self.instance.attendances.values_list("deputy_id", "status"))
        self.add_checklist(
            selectors.deputies_for_checklist(include=recorded),
            choices=[*AttendanceStatus.choices, (NOT_TAKING_PART, _("not taking part"))],
            recorded=recorded,
            default=NOT_TAKING_PART,
        )

    def main_fields(self):
        return [self[name] for name in self.main_field_names]

    def organiser_fields(self):
        return [self[name] for name in self.organiser_field_names]

    def figure_fields(self):
        return [self[name] for name in self.figure_field_names]

    def findings_fields(self):
        return [self["findings"]]

    def attachment_fields(self):
        return [self["attachment"], self["attachment_title"]]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("The attachment may be at most 20 MB."))
        return check_attachment(upload)

    def clean(self):
        data = super().clean()
        # A group or station left selected under another organiser is dropped, not an error.
        organiser = data.get("organiser")
        if organiser != Organiser.GROUP:
            data["group"] = None
        if organiser != Organiser.STATION:
            data["station"] = None
        return data

    def present_count(self):
        return sum(1 for status in self.attendance().values() if status == "present")


class SessionAttendanceForm(ChecklistMixin, forms.Form):
    """Every township deputy in office on the session's first day, each with a status."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        recorded = dict(session.deputy_attendance.values_list("deputy_id", "status"))
        self.add_checklist(
            selectors.deputies_for_checklist(
                day=session.start_date, level=Level.TOWNSHIP, include=recorded
            ),
            choices=AttendanceStatus.choices,
            recorded=recorded,
            default=AttendanceStatus.PRESENT,
            required=True,
        )


class PetitionForm(forms.ModelForm):
    class Meta:
        model = Petition
        fields = [
            "received_date",
            "source",
            "petitioner",
            "content",
            "deputy",
            "handling",
            "outcome",
            "status",
            "closed_date",
        ]
        widgets = {
            "received_date": DateInput(),
            "closed_date": DateInput(),
            "content": forms.Textarea(attrs={"rows": 4}),
            "handling": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "deputy": SearchableSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = _in_office_or(self.instance.deputy_id)
