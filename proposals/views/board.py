"""The secretary's pages for motions and suggestions: the board, the item's page (shared by
every role), registration, review, assignment (one item or many), closing, milestones,
publishing, the export, and the handling units.

Views are thin: a form parses, a service in proposals.services decides and writes. Every step
form carries the item's version, so a stale form is refused by the service, not overwritten.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import spreadsheets
from congress.files import download_response
from congress.forms import add_service_error
from congress.query import query_date
from congress.views import page_permission
from proposals import deadlines, selectors, services, transitions
from proposals.forms import (
    AssignForm,
    BoardFilterForm,
    BulkAssignDateForm,
    BulkAssignFormSet,
    CloseForm,
    DeclineForm,
    HandlingUnitForm,
    MilestoneForm,
    MotionReviewForm,
    PublishForm,
    RegisterForm,
    RegisterNewForm,
    active_units,
)
from proposals.models import Assignment, HandlingUnit, Proposal, State
from proposals.unit_forms import ReplyForm

BOARD_PAGE_SIZE = 50
# Rows shown in each of the board's deadline panels; the rest through the "overdue" filter.
PANEL_ROWS = 10

EVENT_LABELS = {"create": gettext_lazy("created")}


def _event_label(action):
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    try:
        return transitions.label(action)
    except KeyError:
        return action


# The board


@page_permission("proposals.view_proposal")
def proposal_board(request):
    today = timezone.localdate()
    filter_form = BoardFilterForm(request.GET or None)
    filters = filter_form.filters()
    state = filter_form.chosen_state()
    everything = selectors.board(request.user, **filters, today=today)
    if any(filters.values()):
        counts = selectors.state_counts(everything)
    else:
        # The board as it opens, counted over every item: kept like the deadline panels.
        counts = selectors.kept_until_changed(
            f"board-counts:{request.user.pk}", today, lambda: selectors.state_counts(everything)
        )
    total = sum(n for s, _label, n in counts if s != State.DRAFT)
    if state:
        items = selectors.board(request.user, state=state, **filters, today=today)
    else:
        # "All" leaves out drafts: they are still the deputies' own.
        items = everything.exclude(state=State.DRAFT)
    paginator = Paginator(items, BOARD_PAGE_SIZE)
    # The state counts already hold the number of rows: spare the paginator its own COUNT.
    paginator.count = next(n for s, _label, n in counts if s == state) if state else total
    page = paginator.get_page(request.GET.get("page"))
    if any(filters.values()):
        rows = _with_unit_and_deadline(list(page.object_list), today)
    else:
        # The board as it opens (or a state's tab), page by page: kept like its counts.
        rows = selectors.kept_until_changed(
            f"board-rows:{request.user.pk}:{state}:{page.number}",
            today,
            lambda: _with_unit_and_deadline(list(page.object_list), today),
        )
    overdue, due_soon = selectors.kept_until_changed(
        "board-deadlines", today, lambda: _deadline_panels(today)
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("state", None)
    return render(
        request,
        "proposals/board.html",
        {
            "filter_form": filter_form,
            "counts": counts,
            "total": total,
            "state": state,
            "rows": rows,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.paginator.num_pages > 1,
            "overdue": overdue,
            "due_soon": due_soon,
            "filter_query": query.urlencode(),
        },
    )


def _with_unit_and_deadline(items, today):
    """The rows with the name of their lead unit (one query for all) and their deadline label."""
    unit_names = selectors.lead_unit_names(items)
    for item in items:
        item.lead_unit_name = unit_names.get(item.pk)
        item.deadline_label = deadlines.item_label(item, today)
    return items


def _deadline_panels(today):
    counts = selectors.deadline_counts(today)
    panels = (
        _panel(selectors.overdue(today), counts["overdue"]),
        _panel(selectors.due_soon(today), counts["due_soon"]),
    )
    _with_unit_and_deadline([item for panel in panels for item in panel["rows"]], today)
    return panels


def _panel(items, count):
    # A panel row shows neither the content nor the lead deputy: leave the longest column in
    # the database and the deputy unjoined (the join makes the database sort wide rows). The
    # lead unit is read for both panels at once (_with_unit_and_deadline).
    items = (
        items.defer("content")
        .select_related(None)
        .select_related("session__term")
        .prefetch_related(None)
    )
    return {"rows": list(items[:PANEL_ROWS]), "count": count}


@page_permission("proposals.view_proposal")
def proposal_export(request):
    """The 办理情况汇总表 (.xlsx) of the items on the board, with the board's filters."""
    filter_form = BoardFilterForm(request.GET or None)
    filters = {k: v for k, v in filter_form.filters().items() if v}
    state = filter_form.chosen_state()
    filename = spreadsheets.export_filename("proposals")
    if not filters and not state:
        data = spreadsheets.export_file("proposals", filename)
    else:
        chosen = selectors.board(request.user, state=state or None, **filters)
        cls = spreadsheets.resource_class("proposals")
        resource = cls()
        queryset = resource.get_queryset().filter(pk__in=chosen.values("pk"))
        data = spreadsheets.xlsx(resource.export(queryset=queryset), cls)
    return download_response(data, filename)


# The item's page, for every role


@login_required
def proposal_detail(request, pk):
    item = get_object_or_404(
        selectors.with_detail_data(selectors.proposals_visible_to(request.user)), pk=pk
    )
    today = timezone.localdate()
    item.deadline_label = deadlines.item_label(item, today)
    actions = selectors.steps_for(request.user, item, today)
    events = list(item.events.all())
    for event in events:
        event.label = _event_label(event.action)
    evaluations = {}
    for evaluation in item.evaluations.all():
        evaluations.setdefault(evaluation.reply_id, []).append(evaluation)
    replies = list(item.replies.all())
    for reply in replies:
        reply.evaluation_list = evaluations.get(reply.pk, [])
    return render(
        request,
        "proposals/detail.html",
        {
            "item": item,
            "actions": actions,
            "events": events,
            "replies": replies,
            "assignments": _assignments(item, today),
            "co_signers": list(item.co_signers.all()),
            "attachments": list(item.attachments.all()),
            "milestones": list(item.milestones.all()),
            "is_staff_view": selectors.staff_may_see_all(request.user),
            "reply_form": _reply_form_here(request.user, item, actions),
        },
    )


def _reply_form_here(user, item, actions):
    """The lead unit's reply form right on the item once the unit acknowledged it, so that
    replying takes no page more (the secretary entering a paper letter has its own page)."""
    if not any(step.action == "reply" for step in actions):
        return None
    lead = next((a for a in item.active_assignments if a.role == Assignment.Role.LEAD), None)
    if lead is None or lead.acknowledged_at is None:
        return None
    if selectors.reply_entered_by_secretary(user, lead):
        return None
    return ReplyForm.for_item(item, lead)


def _assignments(item, today):
    """Active before returned, the lead unit first, each with its status and deadline label."""
    assignments = sorted(
        item.all_assignments, key=lambda a: (not a.active, a.role != Assignment.Role.LEAD, a.pk)
    )
    for assignment in assignments:
        assignment.status = deadlines.assignment_status(assignment, today)
    return assignments


# Registration


@page_permission("proposals.add_proposal")
def proposal_register_new(request):
    form = RegisterNewForm(request.POST or None, request.FILES or None, uploader=request)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.proposal_register_paper(
                actor=request.user,
                proposal=form.instance,
                co_signers=list(form.cleaned_data["co_signers"]),
                attachments=form.cleaned_data["attachments"],
                submitted_date=form.cleaned_data["submitted_date"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Registered as %(label)s.") % {"label": item.label})
            return redirect(_after_registering(request, item))
    return render(request, "proposals/step_register_new.html", {"form": form})


def _after_registering(request, item):
    """“Register and assign” goes straight on to the assignment of the item just registered
    (a suggestion; a motion is reviewed first), so the secretary need not find it again."""
    if request.POST.get("then") == "assign":
        for step in selectors.steps_for(request.user, item):
            if step.action == "assign":
                return reverse(step.url_name, args=[step.arg])
    return item.get_absolute_url()


def _step_item(request, pk):
    """The item a secretary's step works on, from the items the user may see (404 otherwise)."""
    return get_object_or_404(
        selectors.with_list_data(selectors.proposals_visible_to(request.user)), pk=pk
    )


def _step(request, pk, *, action, form_class, template, run, title, extra=None):
    """A step page: GET shows the form (or, when the item's state no longer allows the step,
    goes back to the item's page with the reason); POST runs the service with the form's
    version and shows a refusal on the form."""
    item = _step_item(request, pk)
    offered = {step.action for step in selectors.steps_for(request.user, item)}
    if request.method != "POST" and action not in offered:
        messages.error(
            request,
            _("An item that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": item.get_state_display(), "action": transitions.STEPS[action].label},
        )
        return redirect(item)
    form = form_class(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            run(item, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Saved."))
            return redirect(item)
    context = {"item": item, "form": form, "title": title, "action": action}
    if extra:
        context.update(extra(item, form))
    return render(request, template, context)


@page_permission("proposals.change_proposal")
def proposal_register(request, pk):
    def run(item, data):
        services.proposal_register(
            actor=request.user,
            proposal=item,
            version=data["version"],
            submitted_date=data["submitted_date"],
        )

    def extra(item, form):
        day = form.cleaned_data.get("submitted_date") if form.is_bound and form.is_valid() else None
        number = services.number_preview(item, day)
        preview = Proposal(
            kind=item.kind,
            session=item.session,
            number=number,
            number_year=(day or item.submitted_date or timezone.localdate()).year,
        )
        return {"number_preview": preview.label}

    return _step(
        request,
        pk,
        action="register",
        form_class=RegisterForm,
        template="proposals/step_register.html",
        run=run,
        title=_("Register"),
        extra=extra,
    )


@page_permission("proposals.change_proposal")
def motion_review(request, pk):
    def run(item, data):
        services.motion_review(
            actor=request.user,
            proposal=item,
            version=data["version"],
            decision=data["decision"],
            reason=data["reason"],
        )

    return _step(
        request,
        pk,
        action="review",
        form_class=MotionReviewForm,
        template="proposals/step_form.html",
        run=run,
        title=_("Review the motion"),
    )


@page_permission("proposals.change_proposal")
def proposal_decline(request, pk):
    def run(item, data):
        services.proposal_decline(
            actor=request.user, proposal=item, version=data["version"], reason=data["reason"]
        )

    return _step(
        request,
        pk,
        action="decline",
        form_class=DeclineForm,
        template="proposals/step_form.html",
        run=run,
        title=_("Not handle as a suggestion"),
    )


def _deadline_preview(form, item):
    """The reply deadline the assignment will set, from the form's date and broad flag."""
    data = form.data if form.is_bound else {}
    day = query_date(data, "assigned_date") or timezone.localdate()
    broad = (data.get("broad") in ("on", "true", "1")) if data else item.broad
    return {"deadline_day": deadlines.reply_deadline(day, broad), "deadline_broad": broad}


@page_permission("proposals.change_proposal")
def proposal_assign(request, pk):
    item = _step_item(request, pk)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The deadline while the secretary changes the date or the broad flag.
        form = AssignForm(request.GET, item=item)
        return render(request, "proposals/step_deadline.html", _deadline_preview(form, item))

    def run(item, data):
        services.proposal_assign(
            actor=request.user,
            proposal=item,
            version=data["version"],
            lead_unit=data["lead_unit"],
            co_units=list(data["co_units"]),
            assigned_date=data["assigned_date"],
            broad=data["broad"],
        )

    return _step(
        request,
        pk,
        action="assign",
        form_class=AssignForm,
        template="proposals/step_assign.html",
        run=run,
        title=_("Assign"),
        extra=_deadline_preview_extra,
    )


def _deadline_preview_extra(item, form):
    return _deadline_preview(form, item)


@page_permission("proposals.change_proposal")
def proposal_close(request, pk):
    def run(item, data):
        services.proposal_close(
            actor=request.user, proposal=item, version=data["version"], note=data["note"]
        )

    return _step(
        request,
        pk,
        action="close",
        form_class=CloseForm,
        template="proposals/step_form.html",
        run=run,
        title=_("Close the item"),
    )


@page_permission("proposals.change_proposal")
def milestone_add(request, pk):
    def run(item, data):
        services.milestone_add(
            actor=request.user,
            proposal=item,
            date=data["date"],
            note=data["note"],
            done=data["done"],
            version=data["version"],
        )

    return _step(
        request,
        pk,
        action="milestone",
        form_class=MilestoneForm,
        template="proposals/step_form.html",
        run=run,
        title=_("Add a milestone"),
    )


@page_permission("proposals.change_proposal")
def proposal_publish(request, pk):
    def run(item, data):
        services.proposal_publish(actor=request.user, proposal=item, version=data["version"])

    return _step(
        request,
        pk,
        action="publish",
        form_class=PublishForm,
        template="proposals/step_form.html",
        run=run,
        title=_("Publish"),
    )


# Bulk assignment after a session


@page_permission("proposals.change_proposal")
def proposal_bulk_assign(request):
    """Items awaiting assignment, a lead unit (and co-units) per row, assigned in one submit:
    every chosen row through services.proposal_assign, all or nothing."""
    units = list(active_units())
    unit_choices = [(u.pk, u.name) for u in units]
    units_by_pk = {u.pk: u for u in units}
    waiting = selectors.with_list_data(
        selectors.proposals_visible_to(request.user).filter(state=State.AWAITING_ASSIGNMENT)
    ).order_by("session_id", "number", "pk")
    session = request.GET.get("session", "")
    if session.isdigit():
        waiting = waiting.filter(session_id=int(session))
    elif session == "between":
        waiting = waiting.filter(session__isnull=True)
    date_form = BulkAssignDateForm(
        request.POST or None, initial={"assigned_date": timezone.localdate()}
    )
    if request.method == "POST":
        formset = BulkAssignFormSet(request.POST, form_kwargs={"unit_choices": unit_choices})
        posted = [f.data.get(f.add_prefix("item")) for f in formset.forms]
        items = {
            i.pk: i
            for i in selectors.with_list_data(selectors.proposals_visible_to(request.user)).filter(
                pk__in=[int(p) for p in posted if p and str(p).isdigit()]
            )
        }
        if date_form.is_valid() and formset.is_valid():
            chosen = [f for f in formset.forms if f.cleaned_data.get("lead_unit")]
            try:
                assigned = services.proposal_assign_bulk(
                    actor=request.user,
                    rows=[_bulk_row(f.cleaned_data, items, units_by_pk) for f in chosen],
                    assigned_date=date_form.cleaned_data["assigned_date"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for index, errors in error.error_dict.items():
                        chosen[index].add_error(None, errors)
                else:
                    messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(count)s items assigned.") % {"count": assigned})
                return redirect("proposal_bulk_assign")
        rows = [(f, items.get(_int(f.data.get(f.add_prefix("item"))))) for f in formset.forms]
    else:
        waiting = list(waiting)
        formset = BulkAssignFormSet(
            initial=[{"item": i.pk, "version": i.version, "broad": i.broad} for i in waiting],
            form_kwargs={"unit_choices": unit_choices},
        )
        rows = list(zip(formset.forms, waiting, strict=True))
    return render(
        request,
        "proposals/step_bulk_assign.html",
        {
            "formset": formset,
            "date_form": date_form,
            "rows": rows,
            "session": session,
            "sessions": BoardFilterForm().fields["session"].choices,
        },
    )


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _bulk_row(data, items, units_by_pk):
    """A formset row as services.proposal_assign_bulk takes it."""
    return {
        "proposal": items.get(data["item"]),
        "version": data["version"],
        "lead_unit": units_by_pk.get(data["lead_unit"]),
        "co_units": [units_by_pk[pk] for pk in data["co_units"] if pk in units_by_pk],
        "broad": data["broad"],
    }


# Handling units


@page_permission("proposals.view_handlingunit")
def unit_list(request):
    units = selectors.units_with_workload(timezone.localdate())
    return render(request, "proposals/unit_list.html", {"units": units})


def _unit_form(request, unit, title):
    form = HandlingUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.handling_unit_save(
                actor=request.user,
                unit=form.instance,
                officers=list(form.cleaned_data["officers"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("unit_list")
    return render(request, "proposals/unit_form.html", {"form": form, "title": title})


@page_permission("proposals.add_handlingunit")
def unit_create(request):
    return _unit_form(request, HandlingUnit(), _("New handling unit"))


@page_permission("proposals.change_handlingunit")
def unit_edit(request, pk):
    unit = get_object_or_404(HandlingUnit, pk=pk)
    return _unit_form(request, unit, _("Edit %(unit)s") % {"unit": unit})
