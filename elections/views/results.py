"""Results: the count of each round per district with its computed outcome, and the
confirmation that turns the winners into deputies of the new term."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.forms import add_service_error
from congress.views import page_permission
from elections import selectors, services
from elections.models import Candidate, District, DistrictResult, Election

FIGURE_LABELS = {
    "registered": gettext_lazy("registered voters"),
    "voted": gettext_lazy("voters who voted"),
    "ballots_issued": gettext_lazy("ballots issued"),
    "ballots_returned": gettext_lazy("ballots returned"),
    "valid_ballots": gettext_lazy("valid ballots"),
    "void_ballots": gettext_lazy("void ballots"),
}
CHANGE_PERMISSION = "elections.change_districtresult"
STATUS_LABELS = {
    "missing": gettext_lazy("no result entered"),
    "void": gettext_lazy("void: to be held again"),
    "tied": gettext_lazy("tie at the boundary: new vote needed"),
    "second_round": gettext_lazy("second round needed"),
    "seats_left": gettext_lazy("seats left vacant"),
    "done": gettext_lazy("decided"),
}


class ResultForm(forms.Form):
    """The figures of a round and one field per candidate of the round (`vote_<pk>`)."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FIGURE_LABELS.items():
            self.fields[name] = forms.IntegerField(label=label, min_value=0)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"vote_{candidate.pk}"] = forms.IntegerField(
                label=_("votes for %(name)s") % {"name": candidate.name}, min_value=0
            )

    def figures(self):
        return {name: self.cleaned_data[name] for name in FIGURE_LABELS}

    def votes(self):
        return {c: self.cleaned_data[f"vote_{c.pk}"] for c in self.candidates}


def _initial(result):
    if result is None:
        return {}
    initial = {name: getattr(result, name) for name in FIGURE_LABELS}
    initial |= {f"vote_{v.candidate_id}": v.votes for v in result.votes.all()}
    return initial


@page_permission("elections.view_districtresult")
def result_entry(request, pk, round):
    if round not in (1, 2):
        raise Http404
    district = get_object_or_404(District.objects.select_related("election"), pk=pk)
    may_change = request.user.has_perm(CHANGE_PERMISSION)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    if round == 1:
        candidates = list(district.candidates.filter(stage=Candidate.Stage.FORMAL))
    else:
        candidates = selectors.second_round_candidates(district=district)
    result = (
        DistrictResult.objects.filter(district=district, round=round)
        .prefetch_related("votes")
        .first()
    )
    editable = (
        may_change
        and not district.election.results_confirmed_at
        and (round == 1 or bool(candidates))
    )
    first = DistrictResult.objects.filter(district=district, round=1).first()
    initial = _initial(result)
    if round == 2 and result is None and first is not None:
        initial = {"registered": first.registered}
    form = None
    if editable:
        form = ResultForm(request.POST or None, candidates=candidates, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.result_save(
                    actor=request.user,
                    district=district,
                    round=round,
                    figures=form.figures(),
                    votes=form.votes(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("result_entry", pk=district.pk, round=round)
    row = selectors.district_outcome(district=district)
    row.status_label = STATUS_LABELS[row.status]
    outcome = row.first_outcome if round == 1 else row.second_outcome
    votes = sorted((result.votes.all() if result else []), key=lambda v: (-v.votes, v.candidate_id))
    names = {c.pk: c for c in candidates}
    return render(
        request,
        "elections/result_entry.html",
        {
            "district": district,
            "election": district.election,
            "round": round,
            "form": form,
            "result": result,
            "votes": [(names.get(v.candidate_id) or v.candidate, v.votes) for v in votes],
            "outcome": outcome,
            "reason": selectors.VOID_REASONS.get(outcome.reason, "") if outcome else "",
            "row": row,
            "candidates": candidates,
        },
    )


@page_permission("elections.view_districtresult")
def results_confirm(request, pk):
    election = get_object_or_404(Election.objects.select_related("term"), pk=pk)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        try:
            elected = services.results_confirm(election=election, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Results confirmed: %(count)s deputies entered in the roster.")
                % {"count": len(elected)},
            )
        return redirect("results_confirm", pk=election.pk)
    rows = selectors.election_results(election=election)
    for row in rows:
        row.status_label = STATUS_LABELS[row.status]
    return render(
        request,
        "elections/result_confirm.html",
        {
            "election": election,
            "rows": rows,
            "all_resolved": bool(rows) and all(row.resolved for row in rows),
            "may_confirm": request.user.has_perm(CHANGE_PERMISSION),
        },
    )
