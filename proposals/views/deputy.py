"""The deputy's 我的建议 (phone-first): drafting, submitting, withdrawing, evaluating replies;
and the public list of published items.

Object-level rule: the item comes from proposals_visible_to(user) (404 otherwise) and the step
must be among those transitions.next_steps offers the user (403 otherwise, or, when the user
took it already, the item's page saying so); the services check the part and the state
again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.services import form_sent_once
from congress.views import already_sent, page_permission
from proposals import deadlines, selectors, services
from proposals.deputy_forms import ConfirmForm, EvaluationForm, ProposalDraftForm, WithdrawForm
from proposals.models import State
from proposals.transitions import next_steps
from proposals.views.repeats import repeated_step

TABS = (
    ("lead", gettext_lazy("I lead")),
    ("cosigned", gettext_lazy("I co-signed")),
)
# Badge colour per state.
STATE_BADGES = {
    State.DRAFT: "",
    State.SUBMITTED: "warning",
    State.UNDER_REVIEW: "warning",
    State.AWAITING_ASSIGNMENT: "warning",
    State.ASSIGNED: "warning",
    State.REHANDLING: "error",
    State.REPLIED: "ok",
    State.CLOSED: "ok",
    State.ON_AGENDA: "ok",
}

# A deputy leads a handful of items a year; pages keep a long history quick to open.
MY_PAGE_SIZE = 20


def _deputy_or_page(request):
    """(deputy, None) or (None, the page telling the user their account has no deputy)."""
    deputy = getattr(request.user, "deputy", None)
    if deputy is None:
        return None, render(request, "proposals/my_no_deputy.html")
    return deputy, None


def _visible_item(request, pk, action):
    """The item if the user may see it (404 otherwise), and None if the user may take `action`
    on it now, else the answer instead of the step's page (repeats.repeated_step)."""
    item = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    return item, repeated_step(request, item, action)


@page_permission("proposals.submit_own")
def my_proposals(request):
    deputy, page = _deputy_or_page(request)
    if page:
        return page
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(TABS) else "lead"
    counts = selectors.my_proposal_counts(deputy)
    today = timezone.localdate()
    who = selectors.viewer(request.user)
    page_obj = Paginator(selectors.my_proposals(deputy, tab), MY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for item in page_obj:
        latest = selectors.latest_reply(item)
        rows.append(
            {
                "item": item,
                "badge": STATE_BADGES.get(item.state, ""),
                "lead_unit": selectors.lead_unit(item),
                "latest": latest,
                "deadline_label": deadlines.item_label(item, today),
                "actions": next_steps(selectors.step_facts(who, item, today)),
            }
        )
    return render(
        request,
        "proposals/my_proposals.html",
        {
            "deputy": deputy,
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in TABS],
            "rows": rows,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "is_paginated": page_obj.has_other_pages(),
        },
    )


def _draft_form_page(request, deputy, item):
    form = ProposalDraftForm(
        request.POST or None, request.FILES or None, instance=item, deputy=deputy, uploader=request
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            # A new item's form creates one item, however often it is sent.
            saved, created = form_sent_once(
                token=form.token if item is None else None,
                actor=request.user,
                create=lambda: services.proposal_save(
                    actor=request.user,
                    proposal=form.instance,
                    co_signers=form.cleaned_data["co_signers"],
                    version=form.cleaned_data.get("version"),
                    attachments=form.cleaned_data["attachments"],
                    submit=submit,
                ),
            )
        except ValidationError as error:
            answer = item and repeated_step(request, item, "edit", refused=True)
            if answer:
                return answer
            form.add_error(None, error)
        else:
            if not created:
                return already_sent(request, saved)
            if submit:
                messages.success(request, _("Submitted. The secretary will register it."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("my_proposals")
    return render(
        request,
        "proposals/my_proposal_form.html",
        {"form": form, "item": item, "deputy": deputy},
    )


@page_permission("proposals.submit_own")
def my_proposal_create(request):
    deputy, page = _deputy_or_page(request)
    if page:
        return page
    return _draft_form_page(request, deputy, None)


@page_permission("proposals.submit_own")
def my_proposal_edit(request, pk):
    deputy, page = _deputy_or_page(request)
    if page:
        return page
    item, answer = _visible_item(request, pk, "edit")
    return answer or _draft_form_page(request, deputy, item)


def _confirm_page(request, pk, action, *, form_class, run, done, template_title):
    item, answer = _visible_item(request, pk, action)
    if answer:
        return answer
    form = form_class(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            run(item, form.cleaned_data)
        except ValidationError as error:
            answer = repeated_step(request, item, action, refused=True)
            if answer:
                return answer
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("my_proposals")
    return render(
        request,
        "proposals/my_confirm.html",
        {"item": item, "form": form, "action": action, "page_title": template_title},
    )


@page_permission("proposals.submit_own")
def proposal_submit(request, pk):
    return _confirm_page(
        request,
        pk,
        "submit",
        form_class=ConfirmForm,
        run=lambda item, data: services.proposal_submit(
            actor=request.user, proposal=item, version=data["version"]
        ),
        done=_("Submitted. The secretary will register it."),
        template_title=_("Submit this item?"),
    )


@page_permission("proposals.submit_own")
def proposal_withdraw(request, pk):
    return _confirm_page(
        request,
        pk,
        "withdraw",
        form_class=WithdrawForm,
        run=lambda item, data: services.proposal_withdraw(
            actor=request.user, proposal=item, version=data["version"], reason=data["reason"]
        ),
        done=_("Withdrawn."),
        template_title=_("Withdraw this item?"),
    )


@page_permission("proposals.submit_own")
def proposal_evaluate(request, pk):
    deputy, page = _deputy_or_page(request)
    if page:
        return page
    item, answer = _visible_item(request, pk, "evaluate")
    if answer:
        return answer
    reply = item.replies.select_related("unit").order_by("-round").first()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                actor=request.user,
                proposal=item,
                deputy=deputy,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            answer = repeated_step(request, item, "evaluate", refused=True)
            if answer:
                return answer
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your evaluation is recorded."))
            return redirect("my_proposals")
    return render(
        request,
        "proposals/evaluate.html",
        {
            "item": item,
            "reply": reply,
            "form": form,
            "is_lead": item.lead_deputy_id == deputy.pk,
            "lead_unit": selectors.lead_unit(item),
        },
    )


# Public page

PUBLIC_PAGE_SIZE = 30


def public_proposals(request):
    """Published items only: number, title, topic, lead unit, reply category and an excerpt
    of the latest reply, with no phone number in it."""
    page = Paginator(selectors.published_page(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.public_rows(page)
    return render(request, "proposals/public_proposals.html", {"rows": rows, "page": page})
