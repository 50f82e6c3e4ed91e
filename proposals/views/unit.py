"""The handling unit's inbox (待办 / 办理中 / 已答复) and steps: acknowledge, return, a
co-unit's opinion, the lead unit's reply (also entered by the secretary from the signed
letter); and every user's notifications.

Object-level rule: an assignment of another unit is not found (404); an item the user may not
see is not found (404); a step transitions.next_steps does not offer is forbidden (403), or,
when the user's unit took it already, answered with the item's page saying so."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress.services import form_sent_once
from congress.views import already_sent, page_permission
from proposals import deadlines, selectors, services
from proposals.models import Assignment
from proposals.transitions import allowed, next_steps, step_action
from proposals.unit_forms import OpinionForm, ReplyForm, ReturnForm
from proposals.views.repeats import repeated_step, taken_page

TABS = (
    ("todo", gettext_lazy("To do")),
    ("doing", gettext_lazy("In hand")),
    ("done", gettext_lazy("Replied")),
)


@page_permission("proposals.handle_assigned")
def unit_inbox(request):
    counts = selectors.unit_inbox_counts(request.user)
    tab = request.GET.get("tab")
    if tab not in dict(TABS):
        # Open on the first tab, in the order shown, that has work.
        tab = next((key for key, _label in TABS if counts[key]), TABS[0][0])
    today = timezone.localdate()
    who = selectors.viewer(request.user)
    assignments = selectors.unit_inbox(request.user, tab).order_by("deadline", "pk")
    rows = []
    for assignment in assignments:
        rows.append(
            {
                "assignment": assignment,
                "item": assignment.proposal,
                "status": deadlines.assignment_status(assignment, today),
                "actions": next_steps(
                    selectors.step_facts(who, assignment.proposal, today, assignments=[assignment])
                ),
            }
        )
    units = list(request.user.handling_units.all())
    return render(
        request,
        "proposals/inbox.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in TABS],
            "rows": rows,
            "units": units,
        },
    )


def _own_assignment(request, pk, action):
    """The assignment if it belongs to one of the user's units (404 otherwise), and None if
    `action` is offered on it now, else the answer instead (repeats.repeated_step)."""
    assignment = get_object_or_404(
        Assignment.objects.filter(unit__officers=request.user).select_related(
            "unit", "proposal__session__term"
        ),
        pk=pk,
    )
    item = get_object_or_404(
        selectors.proposals_visible_to(request.user), pk=assignment.proposal_id
    )
    return assignment, repeated_step(request, item, action, assignment=assignment)


@page_permission("proposals.handle_assigned")
@require_POST
def assignment_acknowledge(request, pk):
    assignment, answer = _own_assignment(request, pk, "acknowledge")
    if answer:
        return answer
    try:
        services.assignment_acknowledge(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Acknowledged: %(label)s") % {"label": assignment.proposal.label}
        )
    # The unit stays on the item, where its next step (the reply, the opinion) is offered.
    return redirect(assignment.proposal)


def _inbox_url():
    return reverse("unit_inbox")


@page_permission("proposals.handle_assigned")
def assignment_return(request, pk):
    """Returning is offered within the window of working days after assignment; after it the
    page stays open so the officer reads why it is refused."""
    assignment = get_object_or_404(
        Assignment.objects.filter(unit__officers=request.user).select_related(
            "unit", "proposal__session__term"
        ),
        pk=pk,
    )
    if assignment.returned_date:  # returned already (a second tab): the item may be gone
        return _returned_already(request, assignment)
    item = get_object_or_404(
        selectors.proposals_visible_to(request.user), pk=assignment.proposal_id
    )
    # Past the window the page still opens, to say why the item can no longer be returned.
    facts = selectors.step_facts(selectors.viewer(request.user), item, assignments=[assignment])
    if not facts.units or not allowed(step_action("return", facts, facts.units[0]), item.state):
        raise PermissionDenied
    last_day = deadlines.return_deadline(assignment)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_return(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied:
            assignment.refresh_from_db()
            if assignment.returned_date:  # by the same form, sent twice at once
                return _returned_already(request, assignment)
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Returned to the secretary: %(label)s") % {"label": item.label},
            )
            return redirect("unit_inbox")
    return render(
        request,
        "proposals/return_form.html",
        {
            "assignment": assignment,
            "item": item,
            "form": form,
            "last_day": last_day,
            "too_late": timezone.localdate() > last_day,
        },
    )


def _returned_already(request, assignment):
    taken = selectors.step_taken(request.user, assignment.proposal, "return", assignment)
    return taken_page(request, taken, _inbox_url())


@page_permission("proposals.handle_assigned")
def co_opinion(request, pk):
    assignment, answer = _own_assignment(request, pk, "co_opinion")
    if answer:
        return answer
    item = assignment.proposal
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _opinion, created = form_sent_once(
                token=form.token,
                actor=request.user,
                create=lambda: services.co_opinion_submit(
                    actor=request.user, assignment=assignment, text=form.cleaned_data["text"]
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not created:  # the page lists the unit's opinions
                return already_sent(request, reverse("co_opinion", args=[assignment.pk]))
            messages.success(request, _("Opinion sent to the lead unit."))
            return redirect(item)
    return render(
        request,
        "proposals/opinion_form.html",
        {
            "assignment": assignment,
            "item": item,
            "form": form,
            "lead_unit": selectors.lead_unit(item),
            "opinions": assignment.opinions.all(),
        },
    )


@login_required
def proposal_reply(request, pk):
    """The lead unit's reply; the secretary (proposals.add_reply) may enter it from the signed
    paper letter."""
    user = request.user
    if not (user.has_perm("proposals.handle_assigned") or user.has_perm("proposals.add_reply")):
        raise PermissionDenied
    item = get_object_or_404(
        selectors.with_detail_data(selectors.proposals_visible_to(user)), pk=pk
    )
    answer = repeated_step(request, item, "reply")
    if answer:
        return answer
    lead = next((a for a in item.active_assignments if a.role == Assignment.Role.LEAD), None)
    by_secretary = selectors.reply_entered_by_secretary(user, lead)
    form = ReplyForm.for_item(
        item,
        lead,
        request.POST or None,
        request.FILES or None,
        attachment_required=not by_secretary,
        uploader=request,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_submit(
                actor=user,
                proposal=item,
                version=form.cleaned_data["version"],
                reply=form.save(commit=False),
            )
        except ValidationError as error:
            answer = repeated_step(request, item, "reply", refused=True)
            if answer:
                return answer
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Reply sent to the deputies: %(label)s") % {"label": item.label}
            )
            return redirect(item)
    co_assignments = [a for a in item.all_assignments if a.role == Assignment.Role.CO and a.active]
    return render(
        request,
        "proposals/reply_form.html",
        {
            "item": item,
            "form": form,
            "lead": lead,
            "by_secretary": by_secretary,
            "co_assignments": co_assignments,
            "replies": list(item.replies.all()),
        },
    )


NOTIFICATIONS_PAGE_SIZE = 50


@login_required
def notification_open(request, pk):
    """A notification's link: its item, or, when the item is no longer the reader's
    (returned, reassigned, withdrawn), a page saying where it went instead of a 404."""
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    item = notification.proposal
    if item is None:
        return redirect("notification_list")
    if selectors.proposals_visible_to(request.user).filter(pk=item.pk).exists():
        return redirect(item)
    return render(
        request,
        "proposals/notification_gone.html",
        {"notification": notification, "whereabouts": selectors.proposal_whereabouts(item)},
    )


@login_required
def notification_list(request):
    """The user's notifications, newest first; those shown are marked read."""
    notifications = selectors.notifications_of(request.user)
    page = Paginator(notifications, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    unread = services.notifications_mark_read(user=request.user, notifications=rows)
    return render(
        request,
        "proposals/notifications.html",
        {"rows": rows, "unread": unread, "page": page},
    )
