"""Voter rolls: each district's roll, registrations and changes, the import of a township's
roll with a progress page, objections and proxies.

Secretary, presidium and election staff read; only election staff write (add/change
permissions). Full ID numbers only with elections.view_full_id_number (election staff);
everyone else sees 4101**********123X, ages instead of birth dates and a search by name only
(selectors.sees_full_id_numbers).

The import runs as a job on the task worker (elections.jobs): the upload waits in Django's
storage, the job's page shows its progress to any app server, and the import is one transaction.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import idnumbers
from congress.forms import DateInput, add_service_error
from congress.jobs import spreadsheet_import_start
from congress.uploads import check_spreadsheet
from congress.views import page_permission
from elections import selectors, services
from elections.documents import roll_publication_date
from elections.models import District, Election, Objection, RollChange, Voter

PAGE_SIZE = 50

WRITE = ("elections.add_voter", "elections.change_voter")


def _require(request, *perms):
    if not request.user.has_perms(perms):
        raise PermissionDenied


# The roll of a district


@page_permission("elections.view_voter")
def voter_list(request, pk):
    district = get_object_or_404(District.objects.select_related("election"), pk=pk)
    search = request.GET.get("q", "")
    page = Paginator(
        selectors.voters_of_district(district=district, user=request.user, search=search),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for voter in page:
        voter.id_shown = selectors.voter_id_shown(user=request.user, id_number=voter.id_number)
    return render(
        request,
        "elections/voter_list.html",
        {
            "district": district,
            "election": district.election,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "voters": page.object_list,
            "q": search,
            "full": selectors.sees_full_id_numbers(request.user),
            "roll_dated": roll_publication_date(district.election),
        },
    )


class VoterForm(forms.ModelForm):
    reason = forms.ChoiceField(
        label=gettext_lazy("reason"),
        choices=[(r.value, r.label) for r in RollChange.Reason if r in RollChange.ADDING],
        initial=RollChange.Reason.MOVED_IN,
    )
    note = forms.CharField(label=gettext_lazy("note"), required=False, widget=forms.Textarea)

    class Meta:
        model = Voter
        fields = ["name", "id_number", "ethnicity", "address"]


@page_permission("elections.add_voter")
def voter_add(request, pk):
    _require(request, *WRITE)
    district = get_object_or_404(District.objects.select_related("election"), pk=pk)
    form = VoterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        voter = form.save(commit=False)
        voter.district = district
        try:
            services.voter_register(
                actor=request.user,
                voter=voter,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s is on the roll.") % {"name": voter.name})
            return redirect("voter_detail", voter.pk)
    return render(
        request,
        "elections/voter_form.html",
        {"form": form, "district": district, "election": district.election},
    )


def _voter(pk):
    return get_object_or_404(
        Voter.objects.select_related("district", "election", "proxy__holder"), pk=pk
    )


@page_permission("elections.view_voter")
def voter_detail(request, pk):
    voter = _voter(pk)
    return render(
        request,
        "elections/voter_detail.html",
        {
            "voter": voter,
            "district": voter.district,
            "election": voter.election,
            "id_shown": selectors.voter_id_shown(user=request.user, id_number=voter.id_number),
            "full": selectors.sees_full_id_numbers(request.user),
            "changes": selectors.voter_changes(voter=voter),
            "held": voter.proxies_held.select_related("grantor"),
        },
    )


class VoterChangeForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("reason"), choices=RollChange.Reason.choices)
    date = forms.DateField(label=gettext_lazy("date"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("note"), required=False, widget=forms.Textarea)
    name = forms.CharField(label=gettext_lazy("name"), max_length=50, required=False)
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=40, required=False)
    ethnicity = forms.CharField(label=gettext_lazy("ethnicity"), max_length=20, required=False)
    address = forms.CharField(label=gettext_lazy("address"), max_length=200, required=False)

    CORRECTED = ("name", "id_number", "ethnicity", "address")


@page_permission("elections.change_voter")
def voter_change(request, pk):
    voter = _voter(pk)
    initial = {name: getattr(voter, name) for name in VoterChangeForm.CORRECTED}
    initial["date"] = timezone.localdate()
    if not selectors.sees_full_id_numbers(request.user):
        raise PermissionDenied
    form = VoterChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = None
        if data["reason"] == RollChange.Reason.CORRECTION:
            fields = {
                name: data[name]
                for name in VoterChangeForm.CORRECTED
                if data[name] and data[name] != getattr(voter, name)
            }
        try:
            services.roll_change(
                actor=request.user,
                voter=voter,
                reason=data["reason"],
                day=data["date"],
                note=data["note"],
                fields=fields,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The change is recorded."))
            return redirect("voter_detail", voter.pk)
    return render(
        request,
        "elections/voter_change.html",
        {"form": form, "voter": voter, "district": voter.district, "election": voter.election},
    )


# Import of a township's roll


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns: 姓名, 公民身份号码 (身份证号码 is understood), 民族, 住址, 选区 (its name, "
            "code or number, e.g. 第九选区 or 9); 性别 and 出生日期 may be left out. One bad row "
            "and nothing is imported; every bad row is listed. A complete roll may be imported "
            "again with additions: people already on the roll of the same district are left "
            "unchanged."
        ),
    )

    def clean_file(self):
        return check_spreadsheet(self.cleaned_data["file"])


@page_permission("elections.add_voter")
def voter_import(request, pk):
    """Check the upload's kind here; the import itself runs as a job (elections.jobs)."""
    _require(request, *WRITE)
    election = get_object_or_404(Election, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = spreadsheet_import_start(
            actor=request.user,
            resource="voters",
            upload=upload,
            title=_("Voter roll import: %(election)s, %(file)s")
            % {"election": election.name, "file": Path(upload.name).name},
            next_url=election.get_absolute_url(),
            options={"election": election.pk, "roll_file": Path(upload.name).name},
        )
        return redirect(job)
    return render(request, "elections/import_voters.html", {"form": form, "election": election})


# Objections


class VoterByIdField(forms.CharField):
    """A voter of the election named by their ID number."""

    def __init__(self, *args, election=None, **kwargs):
        self.election = election
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        number = idnumbers.check(value)
        voter = Voter.objects.filter(election=self.election, id_number=number).first()
        if voter is None:
            raise ValidationError(_("No voter with this ID number is registered in this election."))
        return voter


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["objector", "content", "received_date"]
        widgets = {"received_date": DateInput()}

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter_id_number"] = VoterByIdField(
            label=_("ID number of the voter concerned"), required=False, election=election
        )


@page_permission("elections.view_objection")
def objection_list(request, pk):
    election = get_object_or_404(Election, pk=pk)
    objections = list(selectors.objections_of(election=election))
    today = timezone.localdate()
    for objection in objections:
        objection.overdue = not objection.decided_date and objection.deadline < today
        if objection.voter:
            objection.voter_id_shown = selectors.voter_id_shown(
                user=request.user, id_number=objection.voter.id_number
            )
    return render(
        request,
        "elections/objection_list.html",
        {"election": election, "objections": objections},
    )


@page_permission("elections.add_objection")
def objection_create(request, pk):
    _require(request, "elections.change_objection")
    election = get_object_or_404(Election, pk=pk)
    form = ObjectionForm(
        request.POST or None, election=election, initial={"received_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        objection = form.save(commit=False)
        objection.election = election
        objection.voter = form.cleaned_data.get("voter_id_number")
        try:
            services.objection_create(actor=request.user, objection=objection)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Objection recorded; decide it by %(date)s.")
                % {"date": date_format(objection.deadline)},
            )
            return redirect("objection_list", election.pk)
    return render(request, "elections/objection_form.html", {"form": form, "election": election})


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("upheld"),
        choices=[("1", gettext_lazy("Upheld")), ("0", gettext_lazy("Rejected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label=gettext_lazy("decision"), widget=forms.Textarea)
    decided_date = forms.DateField(label=gettext_lazy("date decided"), widget=DateInput())
    reason = forms.ChoiceField(
        label=gettext_lazy("Change to the roll"),
        choices=[("", gettext_lazy("No change to the roll"))]
        + [(r.value, r.label) for r in RollChange.Reason if r != RollChange.Reason.CORRECTION],
        required=False,
    )


@page_permission("elections.change_objection")
def objection_decide(request, pk):
    objection = get_object_or_404(
        Objection.objects.select_related("election", "voter", "voter__district"), pk=pk
    )
    form = DecideForm(request.POST or None, initial={"decided_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objection_decide(
                actor=request.user,
                objection=objection,
                upheld=data["upheld"],
                decision=data["decision"],
                day=data["decided_date"],
                reason=data["reason"] or None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("objection_list", objection.election_id)
    return render(
        request,
        "elections/objection_decide.html",
        {
            "form": form,
            "objection": objection,
            "election": objection.election,
            "voter_id_shown": objection.voter
            and selectors.voter_id_shown(user=request.user, id_number=objection.voter.id_number),
        },
    )


# Proxies


class ProxyForm(forms.Form):
    authorised_on = forms.DateField(
        label=gettext_lazy("written authorisation dated"), widget=DateInput()
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantor"] = VoterByIdField(
            label=_("ID number of the voter who authorises"), election=election
        )
        self.fields["holder"] = VoterByIdField(
            label=_("ID number of the voter who votes for them"), election=election
        )
        self.order_fields(["grantor", "holder", "authorised_on"])


@page_permission("elections.view_proxy")
def proxy_list(request, pk):
    election = get_object_or_404(Election, pk=pk)
    proxies = list(selectors.proxies_of(election=election))
    for proxy in proxies:
        proxy.grantor_id_shown = selectors.voter_id_shown(
            user=request.user, id_number=proxy.grantor.id_number
        )
        proxy.holder_id_shown = selectors.voter_id_shown(
            user=request.user, id_number=proxy.holder.id_number
        )
    return render(request, "elections/proxy_list.html", {"election": election, "proxies": proxies})


@page_permission("elections.add_proxy")
def proxy_create(request, pk):
    _require(request, "elections.change_proxy")
    election = get_object_or_404(Election, pk=pk)
    form = ProxyForm(request.POST or None, election=election)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proxy_create(
                actor=request.user,
                grantor=data["grantor"],
                holder=data["holder"],
                authorised_on=data["authorised_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The proxy is recorded."))
            return redirect("proxy_list", election.pk)
    return render(request, "elections/proxy_form.html", {"form": form, "election": election})
