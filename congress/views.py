from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress import selectors, services
from congress.forms import (
    MeetingForm,
    PresidiumMemberForm,
    SessionForm,
    TermForm,
    TownshipProfileForm,
)
from congress.kept_uploads import KeepUploadsMixin
from congress.models import PresidiumMeeting, PresidiumMember, Session, Term
from congress.roles import links_for


def page_permission(perm):
    """Anonymous users go to the login page; signed-in users without `perm` get a 403."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


def session_not_held_page(request, session, back):
    """A vote form of a session not yet held could only be refused, so it is not offered:
    opened directly, the page says when the session opens (`back`: where to return). None once
    the session is held."""
    if session.is_held:
        return None
    return render(request, "congress/session_not_held.html", {"session": session, "back": back})


def already_sent(request, record):
    """Where a form sent a second time leads (congress.services.form_sent_once): to what its
    first sending saved (a record with its own page, or a URL), saying so."""
    messages.info(request, _("This form had already been sent: this is what it saved."))
    return redirect(record)


class RecordFormMixin(PermissionRequiredMixin):
    """Create and edit pages: the form parses, a service validates and saves.

    A service's ValidationError lands on the form, so the user sees it beside the fields."""

    template_name = "congress/record_form.html"
    # Where "Cancel" leads from a new record's page (an edited record goes back to its page).
    list_url = "township"

    def save(self, form):
        return services.record_save(actor=self.request.user, record=form.instance)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), KeepUploadsMixin):
            kwargs["uploader"] = self.request  # files of a refused form are kept for the retry
        return kwargs

    def form_valid(self, form):
        # A create form with a one-time token (OnceFormMixin) creates its record once.
        token = getattr(form, "token", None) if form.instance.pk is None else None
        try:
            self.object, created = services.form_sent_once(
                token=token, actor=self.request.user, create=lambda: self.save(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        # Sessions and meetings have their own page; terms, members and the profile show on
        # the township page.
        done = self.object if hasattr(self.object, "get_absolute_url") else "township"
        if not created:
            return already_sent(self.request, done)
        messages.success(self.request, _("Saved."))
        return redirect(done)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record_name=self.form_class._meta.model._meta.verbose_name,
            cancel_url=self._cancel_url(),
            **kwargs,
        )

    def _cancel_url(self):
        # A real URL: "history.back()" is a javascript: link, which the CSP blocks.
        record = getattr(self, "object", None)
        if record is not None and hasattr(record, "get_absolute_url"):
            return record.get_absolute_url()
        return reverse(self.list_url)


# Sessions


class SessionList(PermissionRequiredMixin, ListView):
    permission_required = "congress.view_session"
    template_name = "congress/session_list.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return selectors.sessions_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year_status=selectors.year_sessions_status(timezone.localdate().year), **kwargs
        )


class SessionDetail(PermissionRequiredMixin, DetailView):
    permission_required = "congress.view_session"
    template_name = "congress/session_detail.html"
    context_object_name = "session"
    queryset = Session.objects.select_related("term")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actions=links_for(self.request.user, "session_actions"), **kwargs
        )


class SessionCreate(RecordFormMixin, CreateView):
    permission_required = "congress.add_session"
    form_class = SessionForm
    template_name = "congress/session_form.html"

    def get_initial(self):
        term = selectors.current_term()
        if term is None:
            return {}
        return {"term": term, "number": selectors.next_number(term.sessions.all())}


class SessionEdit(RecordFormMixin, UpdateView):
    permission_required = "congress.change_session"
    form_class = SessionForm
    template_name = "congress/session_form.html"
    model = Session


@page_permission("congress.add_session")
def session_quorum(request):
    """htmx fragment: the quorum verdict while the secretary types the attendance."""
    form = SessionForm(request.POST)
    form.is_valid()
    numbers = {name: form.cleaned_data.get(name) for name in SessionForm.attendance_fields}
    total_error = " ".join(form.errors.get("deputies_total", []))
    return render(
        request,
        "congress/_quorum.html",
        {"session": Session(**numbers), "total_error": total_error},
    )


# Presidium meetings


class MeetingList(PermissionRequiredMixin, ListView):
    permission_required = "congress.view_presidiummeeting"
    template_name = "congress/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return selectors.meetings_list()


class MeetingDetail(PermissionRequiredMixin, DetailView):
    permission_required = "congress.view_presidiummeeting"
    template_name = "congress/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return selectors.meetings_list()


class MeetingFormMixin(RecordFormMixin):
    form_class = MeetingForm

    def save(self, form):
        return services.meeting_save(
            actor=self.request.user,
            meeting=form.instance,
            attendees=list(form.cleaned_data["attendees"]),
        )


class MeetingCreate(MeetingFormMixin, CreateView):
    permission_required = "congress.add_presidiummeeting"
    list_url = "meeting_list"

    def get_initial(self):
        term = selectors.current_term()
        if term is None:
            return {}
        return {
            "term": term,
            "number": selectors.next_number(term.presidium_meetings.all()),
            "date": timezone.localdate(),
        }


class MeetingEdit(MeetingFormMixin, UpdateView):
    permission_required = "congress.change_presidiummeeting"
    model = PresidiumMeeting


# The township, its terms and presidium


@page_permission("congress.view_townshipprofile")
def township(request):
    term = selectors.current_term()
    return render(
        request,
        "congress/township.html",
        {
            "profile": selectors.township_profile(),
            "terms": Term.objects.all(),
            "term": term,
            "members": selectors.presidium_members(term=term) if term else [],
        },
    )


class TownshipEdit(RecordFormMixin, UpdateView):
    permission_required = "congress.change_townshipprofile"
    form_class = TownshipProfileForm

    def get_object(self, queryset=None):
        return selectors.township_profile()

    def save(self, form):
        return services.township_profile_save(actor=self.request.user, profile=form.instance)


class TermCreate(RecordFormMixin, CreateView):
    permission_required = "congress.add_term"
    form_class = TermForm


class TermEdit(RecordFormMixin, UpdateView):
    permission_required = "congress.change_term"
    form_class = TermForm
    model = Term


class MemberCreate(RecordFormMixin, CreateView):
    permission_required = "congress.add_presidiummember"
    form_class = PresidiumMemberForm

    def get_initial(self):
        return {"term": selectors.current_term()}


class MemberEdit(RecordFormMixin, UpdateView):
    permission_required = "congress.change_presidiummember"
    form_class = PresidiumMemberForm
    model = PresidiumMember


# Error pages (wired as handler403/404/500 in congress/urls.py)


def _error_page(request, status, title, text):
    context = {"error_code": status, "error_title": title, "error_text": text}
    if request is None:
        # A 500 may come from the database itself: render without the context processors.
        return HttpResponse(render_to_string("error_page.html", context), status=status)
    return render(request, "error_page.html", context, status=status)


def error_403(request, exception=None):
    return _error_page(
        request,
        403,
        _("No permission"),
        _(
            "Your account may not open this page. If you need it for your work, ask the presidium "
            "secretary."
        ),
    )


def error_404(request, exception=None):
    return _error_page(
        request,
        404,
        _("Page not found"),
        _(
            "The page does not exist or the record has been moved. Check the address or go back to "
            "the home page."
        ),
    )


def error_busy(request):
    """Another step held the database lock for too long (see congress.db.lock_conflict)."""
    return _error_page(
        request,
        409,
        _("Changed at the same moment"),
        _(
            "Someone else was saving the same records at the same moment, so nothing of yours "
            "was saved. Reload the page and try again."
        ),
    )


def error_bad_request(request):
    """A request no form could have sent: a NUL character, a record number beyond any."""
    return _error_page(
        request,
        400,
        _("Invalid request"),
        _(
            "The page received characters or numbers it cannot accept (for example a NUL "
            "character or a record number far too large). Go back and check what was entered."
        ),
    )


def error_500(request):
    return _error_page(
        None,
        500,
        _("Server error"),
        _("Something went wrong on the server. The error has been logged; please try again later."),
    )
