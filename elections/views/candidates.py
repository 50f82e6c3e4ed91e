"""Candidates of a district: initial and formal lists in surname-stroke order, publication."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from congress.forms import DateInput, add_service_error
from congress.views import page_permission
from deputies.models import MAJORITY_ETHNICITY
from elections import selectors, services
from elections.models import Candidate, District


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = [
            "name",
            "gender",
            "birth_date",
            "workplace",
            "ethnicity",
            "party",
            "education",
            "occupation",
            "source",
            "nominator",
            "nominating_voters",
            "stage",
        ]
        widgets = {"birth_date": DateInput(), "source": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].required = False
        # Radio buttons need no empty "---------" one: the source is required.
        self.fields["source"].choices = Candidate.Source.choices

    def clean_ethnicity(self):
        # Left empty, the majority ethnicity, as on the deputies' roster.
        return self.cleaned_data.get("ethnicity") or MAJORITY_ETHNICITY

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("source") == Candidate.Source.VOTERS
            and cleaned.get("nominating_voters") is None
        ):
            self.add_error(
                "nominating_voters", _("Voters nominate a candidate jointly, 10 or more.")
            )
        if cleaned.get("source") == Candidate.Source.PARTY and not cleaned.get("nominator"):
            self.add_error("nominator", _("Name the party or organisation nominating."))
        return cleaned


def _district(pk):
    return get_object_or_404(District.objects.select_related("election"), pk=pk)


@page_permission("elections.view_candidate")
def candidate_list(request, pk):
    district = _district(pk)
    return render(
        request,
        "elections/candidate_list.html",
        {
            "district": district,
            "election": district.election,
            "lists": selectors.candidate_lists(district),
            "full": selectors.sees_full_id_numbers(request.user),
        },
    )


def _candidate_form(request, candidate):
    form = CandidateForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_save(actor=request.user, candidate=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("candidate_list", candidate.district_id)
    return render(
        request,
        "elections/candidate_form.html",
        {"form": form, "candidate": candidate, "district": candidate.district},
    )


@page_permission("elections.add_candidate")
def candidate_create(request, pk):
    return _candidate_form(request, Candidate(district=_district(pk)))


@page_permission("elections.change_candidate")
def candidate_edit(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("district__election"), pk=pk)
    return _candidate_form(request, candidate)


@page_permission("elections.change_candidate")
def candidates_publish(request, pk):
    """GET: the lists to publish with the ratio check; POST stage=initial|formal publishes."""
    district = _district(pk)
    if request.method == "POST":
        publish = (
            services.candidates_publish_formal
            if request.POST.get("stage") == Candidate.Stage.FORMAL
            else services.candidates_publish_initial
        )
        try:
            publish(actor=request.user, district=district)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The list is published."))
            return redirect("candidate_list", district.pk)
    return render(
        request,
        "elections/candidate_publish.html",
        {
            "district": district,
            "election": district.election,
            "lists": selectors.candidate_lists(district),
            "full": selectors.sees_full_id_numbers(request.user),
        },
    )
