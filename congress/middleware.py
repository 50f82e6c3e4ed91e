"""Project middleware: what every page of a signed-in user gets, wherever it comes from."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import OperationalError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from congress import accounts
from congress.db import lock_conflict
from congress.views import error_bad_request, error_busy


def _signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class PrivatePagesMiddleware:
    """A signed-in user's pages hold personal data: no browser or proxy cache keeps them (the
    back button of a shared office computer, a caching proxy). A response that sets its own
    Cache-Control keeps it (downloads set "private, no-store" in congress.files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class IdleSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE of idle time: a request moves its expiry on by
    saving it, at most once every SESSION_REFRESH_SECONDS (Django's SESSION_SAVE_EVERY_REQUEST
    would write the session row on every page and every htmx fragment)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(timezone.now().timestamp())
            if now - session.get(SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SEEN] = now  # marks it modified: saved, with a new expiry
        return self.get_response(request)


# The session key holding when the session was last saved by IdleSessionMiddleware.
SEEN = "_seen"


class PasswordChangeRequiredMiddleware:
    """A user given a one-time password (congress.accounts) reaches only the password change
    page, and may log out, until they have chosen their own password. Once it has expired, the
    session it opened ends: however the login came about, it leads nowhere."""

    allowed_url_names = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request) and request.user.must_change_password:
            refusal = accounts.one_time_password_refusal(request.user)
            if refusal:
                logout(request)
                messages.error(request, refusal)
                return redirect("login")
            if request.path not in {reverse(name) for name in self.allowed_url_names}:
                return redirect("password_change")
        return self.get_response(request)


class BusyDatabaseMiddleware:
    """A step that lost the race for a write lock (SQLite queues writers for its busy timeout,
    PostgreSQL breaks deadlocks) gets a page saying to try again, not a server error. Services
    that know the item say so themselves (proposals.services.one_step)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and lock_conflict(exception):
            return error_busy(request)
        return None


class BadInputMiddleware:
    """Input no page of the portal can take is refused in one place, as a bad request: a NUL
    character in a parameter (PostgreSQL cannot store it, and no form field wants it) and a
    record number beyond the database's integers (SQLite raises OverflowError where a form
    looks the choice up; Django ticket #27397)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for data in (request.GET, request.POST):
            if any("\x00" in value for values in data.lists() for value in values[1]):
                return error_bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        return error_bad_request(request) if isinstance(exception, OverflowError) else None
