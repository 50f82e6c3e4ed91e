"""Forms of the oversight pages: they parse; oversight.services validates and saves."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from congress.forms import DateInput, OnceFormMixin
from congress.models import Session
from congress.spreadsheets import parse_date
from congress.tally_grid import TallyGridForm, count_field
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies.models import Deputy
from deputies.selectors import in_office_on
from oversight.models import (
    EvaluationPlan,
    Project,
    ProjectYear,
    ReportBackRating,
)
from oversight.rules import tally_problems
from proposals.models import HandlingUnit

MILESTONE_LINE = re.compile(r"^\s*(\S+)\s+(.+?)\s*$")


def _units():
    return HandlingUnit.objects.filter(active=True).order_by("kind", "name")


class ProjectYearForm(forms.ModelForm):
    class Meta:
        model = ProjectYear
        fields = ("year", "session", "to_choose", "note")
        widgets = {"note": forms.Textarea({"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.select_related("term")


def parse_milestones(text):
    """Planned milestones, one a line: "2025-06-30 完成设计" → [(title, date)]; ValueError."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        match = MILESTONE_LINE.match(line)
        if not match:
            raise ValueError(
                _("Line %(n)s: write the date, a space, then the milestone.") % {"n": number}
            )
        try:
            day = parse_date(match[1])
        except ValueError as error:
            raise ValueError(_("Line %(n)s: %(e)s") % {"n": number, "e": error}) from None
        rows.append((match[2][:200], day))
    return rows


class ProjectForm(forms.ModelForm):
    planned = forms.CharField(
        label=gettext_lazy("planned milestones"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text=gettext_lazy(
            "One a line: the date, a space, the milestone (2025-06-30 完成设计)."
        ),
    )

    class Meta:
        model = Project
        fields = ("title", "content", "budget", "lead_unit")
        widgets = {"content": forms.Textarea({"rows": 4}), "lead_unit": SearchableSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()
        if self.instance.pk:
            del self.fields["planned"]

    def clean_planned(self):
        try:
            return parse_milestones(self.cleaned_data.get("planned"))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class VoteForm(TallyGridForm):
    """The count sheet of the next vote as one grid, a row per candidate project with its votes
    for (a deputy marks up to the places to fill); above it the moment of the vote (all deputies
    are those holding a seat then) and its ballots. The counts are checked by the rules the
    service applies (oversight.rules.tally_problems), each problem shown at its cell."""

    held_on = forms.DateField(label=gettext_lazy("held on"), widget=DateInput())
    held_time = forms.TimeField(
        label=pgettext_lazy("decision", "time of the vote"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("A seat ended by an earlier vote of the session no longer counts."),
    )
    ballots_issued = count_field(gettext_lazy("ballots issued"))
    ballots_returned = count_field(gettext_lazy("ballots returned"))
    void_ballots = count_field(gettext_lazy("void ballots"), initial=0)
    figure_fields = ("held_on", "held_time", "ballots_issued", "ballots_returned", "void_ballots")

    def __init__(self, *args, projects, places, deputies_present, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = projects
        self.places = places
        self.deputies_present = deputies_present
        self.grid_columns = [("votes", _("For"))]
        for project in projects:
            self.fields[f"votes_{project.pk}"] = count_field()
            self.add_row(project, project.title, {"votes": f"votes_{project.pk}"})

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            problems = tally_problems(
                places=self.places,
                deputies_present=self.deputies_present,
                ballots_issued=cleaned["ballots_issued"],
                ballots_returned=cleaned["ballots_returned"],
                void_ballots=cleaned["void_ballots"],
                votes=self.votes(),
            )
            self.add_problems((project, "votes", message) for project, message in problems)
        return cleaned

    def votes(self):
        return {p: self.cleaned_data[f"votes_{p.pk}"] for p in self.projects}


class MilestoneForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("milestone"), max_length=200)
    due_date = forms.DateField(label=gettext_lazy("planned date"), widget=DateInput())


class ProgressForm(OnceFormMixin, forms.Form):
    date = forms.DateField(label=gettext_lazy("date"), widget=DateInput())
    text = forms.CharField(label=gettext_lazy("progress"), widget=forms.Textarea({"rows": 4}))
    milestone = forms.ModelChoiceField(
        label=gettext_lazy("milestone"), queryset=None, required=False
    )
    progress = forms.IntegerField(
        label=gettext_lazy("milestone progress (%)"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = project.milestones.all()


class InspectionForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=gettext_lazy("a recorded inspection"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Or leave it empty and record a new inspection below."),
    )
    start_date = forms.DateField(
        label=gettext_lazy("date of a new inspection"), widget=DateInput(), required=False
    )
    place = forms.CharField(label=gettext_lazy("place"), max_length=200, required=False)
    findings = forms.CharField(
        label=gettext_lazy("findings and follow-up"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    deputies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("deputies taking part"),
        queryset=None,
        required=False,
        widget=SearchableSelectMultiple,
    )

    def __init__(self, *args, choices, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = choices
        self.fields["deputies"].queryset = Deputy.objects.filter(in_office_on(today))


class ProblemForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("problem"), widget=forms.Textarea({"rows": 3}))
    raised_on = forms.DateField(label=gettext_lazy("raised on"), widget=DateInput())
    deadline = forms.DateField(label=gettext_lazy("rectification deadline"), widget=DateInput())
    activity = forms.ModelChoiceField(label=gettext_lazy("found at"), queryset=None, required=False)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = activities


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(label=gettext_lazy("rectified on"), widget=DateInput())
    rectification = forms.CharField(
        label=gettext_lazy("rectification"), widget=forms.Textarea({"rows": 3})
    )


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=gettext_lazy("completed on"), widget=DateInput())


class SatisfactionForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("held on"), widget=DateInput())
    ballots = forms.IntegerField(label=gettext_lazy("valid ballots"), min_value=1, max_value=100000)
    satisfied = forms.IntegerField(label=gettext_lazy("satisfied"), min_value=0, max_value=100000)
    basically = forms.IntegerField(
        label=gettext_lazy("basically satisfied"), min_value=0, max_value=100000
    )
    unsatisfied = forms.IntegerField(
        label=gettext_lazy("not satisfied"), min_value=0, max_value=100000
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = EvaluationPlan
        fields = ("year", "title", "note")
        widgets = {"note": forms.Textarea({"rows": 3})}


class ItemForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("questionnaire item"), max_length=200)
    max_score = forms.IntegerField(
        label=gettext_lazy("full score"), min_value=1, max_value=100, initial=10
    )


class OfficeForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("evaluated office"),
        queryset=HandlingUnit.objects.none(),
        widget=SearchableSelect,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units().exclude(evaluations__plan=plan)


class ResultForm(forms.Form):
    """An office's ballots (optional when scored) and its average score on each item."""

    rated_on = forms.DateField(label=gettext_lazy("rated on"), widget=DateInput())
    ballots = forms.IntegerField(
        label=gettext_lazy("valid ballots"), min_value=1, max_value=100000, required=False
    )
    satisfied = forms.IntegerField(
        label=gettext_lazy("satisfied"), min_value=0, max_value=100000, required=False
    )
    basically = forms.IntegerField(
        label=gettext_lazy("basically satisfied"), min_value=0, max_value=100000, required=False
    )
    unsatisfied = forms.IntegerField(
        label=gettext_lazy("not satisfied"), min_value=0, max_value=100000, required=False
    )
    summary = forms.CharField(
        label=gettext_lazy("evaluation opinion"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=_("%(item)s (full score %(full)s)")
                % {"item": item.text, "full": item.max_score},
                min_value=0,
                max_value=item.max_score,
                max_digits=5,
                decimal_places=1,
                required=False,
            )

    def clean(self):
        data = super().clean()
        counts = [data.get(k) for k in ("ballots", "satisfied", "basically", "unsatisfied")]
        if any(v is not None for v in counts) and any(v is None for v in counts):
            raise forms.ValidationError(
                _("Enter the valid ballots and the three verdicts together, or none of them.")
            )
        return data

    def scores(self):
        return {item: self.cleaned_data.get(f"score_{item.pk}") for item in self.items}


class WeightsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    self_weight = forms.IntegerField(
        label=gettext_lazy("self-assessment (%)"), min_value=0, max_value=100
    )
    voters_weight = forms.IntegerField(
        label=gettext_lazy("voters' rating (%)"), min_value=0, max_value=100
    )
    presidium_weight = forms.IntegerField(
        label=gettext_lazy("presidium's assessment (%)"), min_value=0, max_value=100
    )


class ReportBackRatingForm(forms.ModelForm):
    class Meta:
        model = ReportBackRating
        fields = (
            "activity",
            "deputy",
            "ballots",
            "satisfied",
            "basically",
            "unsatisfied",
            "comments",
            "self_score",
            "presidium_score",
        )
        widgets = {"comments": forms.Textarea({"rows": 3}), "deputy": SearchableSelect}

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["deputy"].queryset = Deputy.objects.filter(
            attendances__activity__in=activities
        ).distinct()
        for name in ("ballots", "satisfied", "basically", "unsatisfied"):
            self.fields[name].widget.attrs["max"] = 100000
        if self.instance.pk:
            self.fields["activity"].disabled = True
            self.fields["deputy"].disabled = True

    def clean(self):
        data = super().clean()
        counts = [data.get(k) for k in ("ballots", "satisfied", "basically", "unsatisfied")]
        if any(v is not None for v in counts) and any(v is None for v in counts):
            raise forms.ValidationError(
                _("Enter the valid ballots and the three verdicts together, or none of them.")
            )
        return data
