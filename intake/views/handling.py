"""The handler's pages: the deputy's own opinions, the secretary's (all, and the spam queue),
the presidium's reading; one opinion with the steps the user may take on it."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.files import file_response
from congress.query import query_int
from deputies.models import Deputy, DeputyStatus
from intake import selectors, services
from intake.forms import AnswerForm, ContactForm, NoteForm, PetitionForm, SuggestionForm
from proposals.models import Topic

PER_PAGE = 50


def _handler_or_refuse(user):
    """Staff (who read every opinion) or a deputy with a linked roster entry; else refused."""
    if selectors.is_staff(user):
        return None
    if user.has_perm("intake.handle_own"):
        deputy = selectors.own_deputy(user)
        if deputy is None:
            raise Http404
        return deputy
    raise PermissionDenied


@login_required
def opinion_list(request):
    own = _handler_or_refuse(request.user)
    tabs = selectors.tabs_for(request.user)
    tab = request.GET.get("tab", "new")
    if tab not in tabs:
        tab = "new"
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    villages = selectors.villages()
    village = request.GET.get("village", "")
    village = village if village in villages else ""
    deputy_id = query_int(request.GET, "deputy")
    owner = request.GET.get("owner", "")
    opinions = selectors.opinion_list(
        request.user, tab=tab, topic=topic, village=village, deputy_id=deputy_id, owner=owner
    )
    page = Paginator(opinions, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.tab_counts(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tab", None)
    return render(
        request,
        "intake/opinion_list.html",
        {
            "own": own,
            "tab": tab,
            "tabs": [(t, selectors.TAB_LABELS[t], counts[t]) for t in tabs],
            "opinions": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "topics": Topic.choices,
            "topic": topic,
            "villages": villages,
            "village": village,
            "deputy_id": deputy_id,
            "owner": owner,
            "deputies": []
            if own
            else Deputy.objects.filter(status=DeputyStatus.IN_OFFICE)
            .order_by("stroke_key", "pk")
            .only("pk", "name"),
        },
    )


def _visible(request, pk):
    _handler_or_refuse(request.user)
    opinion = selectors.opinion_detail(request.user, pk)
    if opinion is None:
        raise Http404
    return opinion


def _forms(opinion, steps, data=None, step=None):
    """The step forms of the page; the one posted (`step`) is bound to `data`."""
    choose = steps.choose_deputy
    title = opinion.text.splitlines()[0][: services.TITLE_LENGTH] if opinion.text else ""
    made = {
        "answer": lambda d: AnswerForm(d, prefix="answer"),
        "contact": lambda d: ContactForm(d, prefix="contact", choose_deputy=choose),
        "petition": lambda d: PetitionForm(d, prefix="petition"),
        "suggestion": lambda d: SuggestionForm(
            d,
            prefix="suggestion",
            choose_deputy=choose,
            initial={"title": _("Suggestion on %(text)s") % {"text": title}},
        ),
        "note": lambda d: NoteForm(d, prefix="note"),
    }
    return {name: make(data if name == step else None) for name, make in made.items()}


def _detail_page(request, opinion, forms=None, status=200):
    steps = selectors.steps_for(request.user, opinion)
    return render(
        request,
        "intake/opinion_detail.html",
        {
            "opinion": opinion,
            "steps": steps,
            "phone": selectors.phone_shown(request.user, opinion),
            "events": selectors.events(opinion),
            "forms": forms or _forms(opinion, steps),
        },
        status=status,
    )


@login_required
def opinion_detail(request, pk):
    return _detail_page(request, _visible(request, pk))


STEP_FORMS = {
    "answer": "answer",
    "contact": "contact",
    "petition": "petition",
    "suggestion": "suggestion",
    "flag": "note",
    "spam": "note",
    "release": "note",
}


def _run(user, opinion, step, data):
    if step == "answer":
        return services.opinion_answer(actor=user, opinion=opinion, answer=data["answer"])
    if step == "contact":
        return services.opinion_to_contact(
            actor=user,
            opinion=opinion,
            action_taken=data["action_taken"],
            method=data["method"],
            deputy=data.get("deputy"),
        )
    if step == "petition":
        return services.opinion_to_petition(
            actor=user, opinion=opinion, answer=data["answer"], handling=data["handling"]
        )
    if step == "suggestion":
        return services.opinion_to_suggestion(
            actor=user, opinion=opinion, title=data["title"], deputy=data.get("deputy")
        )
    if step == "flag":
        return services.opinion_flag(actor=user, opinion=opinion, note=data["note"])
    if step == "spam":
        return services.opinion_mark_spam(actor=user, opinion=opinion, note=data["note"])
    return services.opinion_release(actor=user, opinion=opinion)


DONE = {
    "answer": gettext_lazy("The answer has been sent to the voter's tracking page."),
    "contact": gettext_lazy("Recorded as a voter contact in the deputy's record."),
    "petition": gettext_lazy("Passed on as a petition."),
    "suggestion": gettext_lazy("A draft suggestion has been written from the opinion."),
    "flag": gettext_lazy("The opinion has been sent to the secretary to be checked."),
    "spam": gettext_lazy("Marked as not a genuine opinion."),
    "release": gettext_lazy("The opinion has been passed to its deputy."),
}


@login_required
def opinion_step(request, pk, step):
    if step not in STEP_FORMS:
        raise Http404
    opinion = _visible(request, pk)  # refused before the method is looked at
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    steps = selectors.steps_for(request.user, opinion)
    forms = _forms(opinion, steps, request.POST, STEP_FORMS[step])
    form = forms[STEP_FORMS[step]]
    if form.is_valid():
        try:
            _run(request.user, opinion, step, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(DONE[step]))
            opinion.refresh_from_db()
            if step == "suggestion" and opinion.proposal.lead_deputy.user_id == request.user.pk:
                # The deputy edits and submits the draft in 我的建议: the normal lifecycle.
                return redirect("my_proposal_edit", pk=opinion.proposal_id)
            if step in ("flag", "spam") and not selectors.is_staff(request.user):
                return redirect("opinion_list")
            return redirect(opinion)
    return _detail_page(request, opinion, forms, status=400)


@login_required
def opinion_photo(request, pk):
    opinion = _visible(request, pk)
    if not opinion.photo:
        raise Http404
    extension = os.path.splitext(opinion.photo.name)[1] or ".jpg"
    return file_response(request, opinion.photo, f"{opinion.tracking_code}{extension}", inline=True)
