"""The agenda pages: thin, each checks who may open it, parses, and calls a service."""

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assembly import rules, selectors, services
from assembly.forms import AgendaItemForm, DocumentForm, VoteByNameForm, VoteForm
from assembly.models import AgendaDocument, AgendaItem, VoteCast
from congress import law
from congress.files import file_response
from congress.models import Session
from congress.views import page_permission, session_not_held_page

AGENDA_PERMS = ("assembly.view_agendaitem", "assembly.view_own_agenda")


def _may_read(user):
    if not any(user.has_perm(p) for p in AGENDA_PERMS):
        raise PermissionDenied


def _ballots(user, session, items):
    """For the ballot items (elections, appointments) among `items`: the link to the session's
    congress elections (for who may open them) and who they elected so far."""
    if all(item.decided_by_vote for item in items):
        return {"elections_url": "", "elected": []}
    may_open = user.has_perm("elections.view_contest")
    return {
        "elections_url": reverse("congress_elections", args=[session.pk]) if may_open else "",
        "elected": selectors.session_elected(session),
    }


def _visible_session(user, pk):
    _may_read(user)
    return get_object_or_404(selectors.sessions_with_agenda_for(user), pk=pk)


def _visible_item(user, pk):
    _may_read(user)
    return get_object_or_404(
        selectors.agenda_item(pk).filter(session__in=selectors.sessions_with_agenda_for(user))
    )


@login_required
def my_agendas(request):
    _may_read(request.user)
    sessions = selectors.sessions_with_agenda_for(request.user).order_by("-start_date", "-number")
    return render(request, "assembly/my_agendas.html", {"sessions": sessions})


@login_required
def session_agenda(request, pk):
    session = _visible_session(request.user, pk)
    can_edit = request.user.has_perm("assembly.change_agendaitem")
    items = selectors.agenda(session)
    return render(
        request,
        "assembly/agenda.html",
        {
            "session": session,
            "items": items,
            "waiting": list(selectors.motions_waiting(session)) if can_edit else [],
            "can_edit": can_edit,
            "can_vote": request.user.has_perm("assembly.add_vote"),
            "can_upload": request.user.has_perm("assembly.add_agendadocument"),
            **_ballots(request.user, session, items),
            **_rule(session),
            "seated_now": selectors.seated_after_session(session),
        },
    )


def _rule(session):
    """All deputies when the session opened, and the quorum and majority they make."""
    seated = selectors.seated_at_opening(session)
    return {
        "seated": seated,
        "quorum": law.quorum_required(seated),
        "needed": law.votes_needed(seated),
    }


@login_required
def agenda_item(request, pk):
    item = _visible_item(request.user, pk)
    vote = getattr(item, "vote", None)
    casts = []
    if vote and vote.by_name and request.user.has_perm("assembly.view_votecast"):
        casts = list(VoteCast.objects.filter(vote=vote).select_related("deputy"))
    return render(
        request,
        "assembly/item.html",
        {
            "item": item,
            "session": item.session,
            "vote": vote,
            "casts": casts,
            "documents": list(item.documents.all()),
            "can_edit": request.user.has_perm("assembly.change_agendaitem"),
            "can_vote": request.user.has_perm("assembly.add_vote"),
            "can_upload": request.user.has_perm("assembly.add_agendadocument"),
            **_ballots(request.user, item.session, [item]),
            "sponsors": list(item.sponsors.all()) if item.proposed_by else [],
            "office_post": selectors.office_post(item.office) if item.office else "",
        },
    )


def _item_form(request, session, item=None):
    form = AgendaItemForm(request.POST or None, instance=item, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agenda_item_save(
                actor=request.user, item=form.instance, sponsors=form.sponsors()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("session_agenda", saved.session_id)
    return render(
        request, "assembly/item_form.html", {"form": form, "session": session, "item": item}
    )


@page_permission("assembly.add_agendaitem")
def agenda_item_create(request, pk):
    return _item_form(request, get_object_or_404(Session.objects.select_related("term"), pk=pk))


@page_permission("assembly.change_agendaitem")
def agenda_item_edit(request, pk):
    item = get_object_or_404(selectors.agenda_item(pk))
    return _item_form(request, item.session, item)


@require_POST
@page_permission("assembly.add_agendaitem")
def agenda_motions_add(request, pk):
    session = get_object_or_404(Session, pk=pk)
    added = services.agenda_motions_add(actor=request.user, session=session)
    messages.success(request, _("%(count)s motions added to the agenda.") % {"count": len(added)})
    return redirect("session_agenda", session.pk)


@require_POST
@page_permission("assembly.change_agendaitem")
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    try:
        services.agenda_item_move(
            actor=request.user, item=item, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("session_agenda", args=[item.session_id]) + f"#item-{item.pk}")


@page_permission("assembly.add_agendadocument")
def agenda_document_add(request, pk):
    item = get_object_or_404(selectors.agenda_item(pk))
    form = DocumentForm(request.POST or None, request.FILES or None, uploader=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_document_add(
                actor=request.user,
                item=item,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect(item)
    return render(request, "assembly/document_form.html", {"form": form, "item": item})


@login_required
def agenda_document(request, pk):
    _may_read(request.user)
    document = get_object_or_404(
        AgendaDocument.objects.filter(
            item__session__in=selectors.sessions_with_agenda_for(request.user)
        ),
        pk=pk,
    )
    return file_response(request, document.file, document.download_name, inline=True)


def _vote_page(request, item, form, template, record):
    page = session_not_held_page(request, item.session, item.get_absolute_url())
    if page:
        return page
    if not item.decided_by_vote or hasattr(item, "vote"):
        messages.info(
            request,
            _("Elections and appointments are voted by ballot, not here.")
            if not item.decided_by_vote
            else _("The vote on this item has already been recorded."),
        )
        return redirect(item)
    if request.method == "POST" and form.is_valid():
        try:
            vote = record()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Vote recorded: %(figures)s.")
                % {
                    "figures": rules.figures_text(
                        total=vote.total,
                        present=vote.present,
                        yes=vote.yes,
                        no=vote.no,
                        abstain=vote.abstain,
                        not_voting=vote.not_voting,
                        adopted=vote.adopted,
                    )
                },
            )
            return redirect(item)
    session = item.session
    return render(
        request,
        template,
        {
            "form": form,
            "item": item,
            "session": session,
            **_rule(session),
        },
    )


def _moment_initial(session):
    """The vote's moment as the form first shows it: now during the session, else its first
    day at 09:00 (a session recorded from paper)."""
    now = timezone.localtime()
    if session.start_date <= now.date() <= session.end_date:
        return {"held_on": now.date(), "held_time": now.time().replace(second=0, microsecond=0)}
    return {"held_on": session.start_date, "held_time": time(9, 0)}


@page_permission("assembly.add_vote")
def agenda_vote(request, pk):
    item = get_object_or_404(selectors.agenda_item(pk))
    initial = {"present": item.session.deputies_present, **_moment_initial(item.session)}
    form = VoteForm(request.POST or None, initial=initial)
    return _vote_page(
        request,
        item,
        form,
        "assembly/vote_form.html",
        lambda: services.vote_record(
            actor=request.user, item=item, **form.moment(), **form.counts()
        ),
    )


@page_permission("assembly.add_vote")
def agenda_vote_names(request, pk):
    item = get_object_or_404(selectors.agenda_item(pk))
    form = VoteByNameForm(
        request.POST or None,
        deputies=selectors.vote_deputies(item.session),
        initial=_moment_initial(item.session),
    )
    return _vote_page(
        request,
        item,
        form,
        "assembly/vote_names.html",
        lambda: services.vote_record(
            actor=request.user, item=item, **form.moment(), casts=form.casts()
        ),
    )
