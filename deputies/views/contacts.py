"""Voter contacts (联系选民 / 民情日记): the secretary and presidium see all of them; a deputy
sees and records only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.query import query_int, query_year
from congress.services import form_sent_once
from congress.views import already_sent, page_permission
from deputies.contact_forms import VoterContactForm
from deputies.models import Deputy, VoterContact
from deputies.services import deputy_for_user, voter_contact_save

PER_PAGE = 50


def _own_deputy_or_refuse(user):
    """The deputy whose contacts the user may see: None for staff who see everyone.

    A deputy user without a linked roster entry, and anyone else, is refused."""
    if user.has_perm("deputies.view_votercontact"):
        return None
    if user.has_perm("deputies.view_own_record"):
        deputy = deputy_for_user(user)
        if deputy is not None:
            return deputy
        raise Http404
    raise PermissionDenied


@login_required
def contact_list(request):
    own = _own_deputy_or_refuse(request.user)
    contacts = VoterContact.objects.select_related("deputy")
    year = query_year(request.GET)
    deputy_id = None
    if own is not None:
        contacts = contacts.filter(deputy=own)
    else:
        deputy_id = query_int(request.GET, "deputy")
        if deputy_id:
            contacts = contacts.filter(deputy_id=deputy_id)
    if year:
        contacts = contacts.filter(date__year=year)
    this_year = timezone.localdate().year
    page = Paginator(contacts, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "deputies/contact_list.html",
        {
            "contacts": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "own": own,
            "deputies": []
            if own
            else Deputy.objects.order_by("stroke_key", "pk").only("pk", "name"),
            "deputy_id": deputy_id,
            "year": year,
            "years": range(this_year, this_year - 5, -1),
        },
    )


@login_required
def contact_detail(request, pk):
    own = _own_deputy_or_refuse(request.user)
    contact = get_object_or_404(VoterContact.objects.select_related("deputy"), pk=pk)
    if own is not None and contact.deputy_id != own.pk:
        raise Http404
    return render(request, "deputies/contact_detail.html", {"contact": contact, "own": own})


def _contact_form_page(request, form, *, deputy, success_url):
    """Shared by both create pages: validate, save through the service, report."""
    if request.method == "POST" and form.is_valid():
        try:
            contact, created = form_sent_once(
                token=form.token,
                actor=request.user,
                create=lambda: voter_contact_save(actor=request.user, contact=form.instance),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not created:
                return already_sent(request, success_url(contact))
            messages.success(request, _("The voter contact has been recorded."))
            return redirect(success_url(contact))
    return render(request, "deputies/contact_form.html", {"form": form, "deputy": deputy})


@page_permission("deputies.add_votercontact")
def contact_create(request):
    initial = {}
    deputy_id = query_int(request.GET, "deputy")
    if deputy_id:
        initial["deputy"] = deputy_id
    form = VoterContactForm(request.POST or None, initial=initial)
    return _contact_form_page(
        request,
        form,
        deputy=None,
        success_url=lambda contact: reverse("contact_detail", args=[contact.pk]),
    )


@page_permission("deputies.view_own_record")
def my_contact_create(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return render(request, "deputies/record_no_deputy.html")
    form = VoterContactForm(
        request.POST or None, instance=VoterContact(deputy=deputy), with_deputy=False
    )
    return _contact_form_page(
        request,
        form,
        deputy=deputy,
        success_url=lambda contact: f"{reverse('my_record')}?year={contact.date.year}",
    )
