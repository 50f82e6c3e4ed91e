"""The voter's pages, no login: the form behind a deputy's or a station's code, the page after
sending, and the tracking page (status, answer, the linked suggestion, satisfaction)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.accounts import client_ip
from congress.services import form_sent_once
from deputies.models import DeputyStatus
from intake import rules, selectors, services
from intake.forms import OpinionForm, RateForm, TrackingLookupForm


def _closed(request, message, status=404):
    return render(request, "intake/public_closed.html", {"message": message}, status=status)


def _open_code(token):
    """The code behind `token` and the reason it takes no opinions (None when it does)."""
    code = selectors.code_by_token(token)
    if code is None:
        return None, _("This code does not exist. Check the address, or scan the code again.")
    if not code.active:
        return code, _(
            "This code has been replaced by a new one. Please scan the deputy's or the station's "
            "new code."
        )
    if code.deputy_id and code.deputy.status != DeputyStatus.IN_OFFICE:
        return code, _("This deputy is no longer in office; the code takes no more opinions.")
    return code, None


def public_form(request, token):
    code, refusal = _open_code(token)
    if refusal:
        return _closed(request, refusal, status=404 if code is None else 410)
    form = OpinionForm(
        request.POST or None,
        request.FILES or None,
        villages=selectors.villages(),
        uploader=request,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A double tap on a slow phone sends the form twice: one opinion, one tracking code.
            # A trapped sender's sending keeps nothing, so no token either.
            opinion, _created = form_sent_once(
                token=None if form.trapped else form.token,
                actor=None,
                create=lambda: services.opinion_submit(
                    code=code,
                    address=client_ip(request),
                    data=data,
                    photo=data.get("photo"),
                    trap=form.trapped,
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 429 if error.code in ("rate_address", "rate_code") else 200
        else:
            # A trapped sender sees the same page, with a code that leads nowhere.
            tracking = opinion.tracking_code if opinion else rules.new_tracking_code()
            return redirect("intake_sent", token=token, code=tracking)
    return render(
        request,
        "intake/public_form.html",
        {"code": code, "owner": code.owner, "form": form},
        status=status,
    )


def public_sent(request, token, code):
    """After sending: the tracking code and link (shown from the address alone, so the page is
    the same whether the opinion was kept or silently dropped)."""
    code = rules.tracking_normalise(code)
    if not code:
        return _closed(request, _("This is not a tracking code."))
    link = request.build_absolute_uri(reverse("intake_track", args=[code]))
    return render(
        request,
        "intake/public_sent.html",
        {"code": rules.tracking_display(code), "link": link, "token": token},
    )


def track_lookup(request):
    form = TrackingLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("intake_track", code=form.cleaned_data["code"])
    return render(request, "intake/track_lookup.html", {"form": form})


def _tracking_or_page(request, code):
    """The opinion of tracking code `code`, or the page refusing it. A right code is always let
    through and never counted: only failures count, so the voter behind a shared address (a
    village's network, a carrier's NAT) still reads their page after others' typos. Once over
    the limit a wrong code is refused as one try too many, which no longer slows a guesser down
    (right and wrong still answer differently); the codes' size does: 31^8 ≈ 8.5 × 10^11 codes,
    so with 10,000 opinions kept a guess finds one with odds of 1 in 85 million: 100 guesses
    a second for a whole day (8.6 million requests) find one opinion every ten days or so. A
    guesser with many addresses was never slowed by a per-address limit anyway. The page found
    shows the opinion, its status and answer, never the voter's name or phone."""
    found = selectors.tracking(rules.tracking_normalise(code))
    if found is not None:
        return found, None
    if services.lookup_failed(address=client_ip(request)):
        return None, render(
            request,
            "intake/track_lookup.html",
            {
                "form": TrackingLookupForm(),
                "refusal": _(
                    "Too many tracking codes were tried from this network. Please try again in an hour."
                ),
            },
            status=429,
        )
    return None, render(
        request,
        "intake/track_lookup.html",
        {
            "form": TrackingLookupForm(initial={"code": code}),
            "refusal": _("No opinion has this tracking code. Check the code and try again."),
        },
        status=404,
    )


def track(request, code, rate_form=None):
    found, page = _tracking_or_page(request, code)
    if page:
        return page
    return render(
        request,
        "intake/track.html",
        {
            "t": found,
            "code": rules.tracking_display(found.opinion.tracking_code),
            "rate_form": rate_form or (RateForm() if found.may_rate else None),
        },
    )


@require_POST
def track_rate(request, code):
    found, page = _tracking_or_page(request, code)
    if page:
        return page
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_rate(opinion=found.opinion, satisfied=form.cleaned_data["satisfied"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("intake_track", code=found.opinion.tracking_code)
    return track(request, code, rate_form=form)
