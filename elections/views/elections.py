"""Elections and their districts: the timeline checklist, the seat quota, district balance."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.forms import DateInput, add_service_error
from congress.views import page_permission
from elections import rules, selectors, services
from elections.models import District, DistrictResult, Election


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = ["name", "kind", "election_day", "population", "seats_override", "term"]
        widgets = {"election_day": DateInput()}

    def clean(self):
        cleaned = super().clean()
        population = cleaned.get("population")
        if (
            population is not None
            and population >= rules.QUOTA_SMALL_TOWNSHIP
            and cleaned.get("seats_override") is not None
        ):
            self.add_error(
                "seats_override",
                gettext_lazy("Seats may be set by hand only for a township under 2,000 residents."),
            )
        return cleaned


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "area", "population", "seats", "polling_stations", "mobile_boxes"]
        widgets = {
            "area": forms.Textarea(attrs={"rows": 3}),
            "polling_stations": forms.Textarea(attrs={"rows": 3}),
        }


def quota_context(population, manual):
    """What the seat-quota calculator shows for a population (and seats set by hand)."""
    if population is None:
        return {"known": False}
    extra = population // rules.QUOTA_RESIDENTS_PER_EXTRA_SEAT
    small = population < rules.QUOTA_SMALL_TOWNSHIP
    return {
        "known": True,
        "population": population,
        "base": rules.QUOTA_BASE,
        "extra": extra,
        "computed": rules.QUOTA_BASE + extra,
        "capped": rules.QUOTA_BASE + extra > rules.QUOTA_CAP,
        "cap": rules.QUOTA_CAP,
        "small": small,
        "manual": manual if small else None,
        "manual_refused": manual is not None and not small,
        "quota": rules.seat_quota(population, manual if small else None),
    }


def _int_or_none(value):
    try:
        return int(str(value).replace(",", "").replace("，", "").strip())
    except (TypeError, ValueError):
        return None


@page_permission("elections.view_election")
def election_list(request):
    return render(
        request, "elections/election_list.html", {"elections": selectors.elections_list()}
    )


def _election_form(request, election):
    creating = election.pk is None
    if request.method == "POST" and request.POST.get("_quota"):
        # htmx: the calculator follows the population as it is typed.
        return render(
            request,
            "elections/election_quota.html",
            {
                "quota": quota_context(
                    _int_or_none(request.POST.get("population")),
                    _int_or_none(request.POST.get("seats_override")),
                )
            },
        )
    form = ElectionForm(request.POST or None, instance=election)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_save(actor=request.user, election=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(election)
    population = _int_or_none(form["population"].value())
    manual = _int_or_none(form["seats_override"].value())
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "object": None if creating else election,
            "quota": quota_context(population, manual),
        },
    )


@page_permission("elections.add_election")
def election_create(request):
    return _election_form(request, Election())


@page_permission("elections.change_election")
def election_edit(request, pk):
    return _election_form(request, get_object_or_404(Election, pk=pk))


@page_permission("elections.view_election")
def election_detail(request, pk):
    election = get_object_or_404(Election.objects.select_related("term"), pk=pk)
    has_results = DistrictResult.objects.filter(district__election=election).exists()
    districts = selectors.districts_overview(election)
    seats_total = sum(row.district.seats for row in districts)
    return render(
        request,
        "elections/election_detail.html",
        {
            "election": election,
            "timeline": selectors.election_timeline(
                election, timezone.localdate(), has_results=has_results
            ),
            "formal_list_days": selectors.formal_list_days(),
            "districts": districts,
            "seats_total": seats_total,
            "seats_missing": election.seat_quota - seats_total,
            "quota": election.seat_quota,
            "stats": selectors.election_statistics(election) if has_results else None,
            "has_results": has_results,
        },
    )


def _district_form(request, district):
    form = DistrictForm(request.POST or None, instance=district)
    if request.method == "POST" and form.is_valid():
        try:
            services.district_save(actor=request.user, district=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(district.election)
    return render(
        request,
        "elections/district_form.html",
        {"form": form, "district": district, "election": district.election},
    )


@page_permission("elections.add_district")
def district_create(request, pk):
    election = get_object_or_404(Election, pk=pk)
    return _district_form(request, District(election=election))


@page_permission("elections.change_district")
def district_edit(request, pk):
    return _district_form(
        request, get_object_or_404(District.objects.select_related("election"), pk=pk)
    )
