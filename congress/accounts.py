"""Portal accounts: the login lockout as the portal uses django-axes (the client's address, the
pause by address, the backend, who is paused now) and one-time passwords, the password reset
of an intranet without mail: the secretary or an administrator sets one, the user must replace
it at the next login (congress.middleware.PasswordChangeRequiredMiddleware), before it expires."""

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from congress.audit import audited
from congress.models import User
from congress.roles import declared_narrower_permissions, user_roles

# Read aloud or written on a slip: no 0/o, 1/l/i look-alikes; 12 characters in groups of four.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_GROUPS, ONE_TIME_GROUP_LENGTH = 3, 4


def client_ip(request):
    """The client's address for the lockout (AXES_CLIENT_IP_CALLABLE): the META key named by
    settings.CLIENT_IP_HEADER, REMOTE_ADDR when it is missing or not an address. In a list
    (X-Forwarded-For) only the last entry counts, the one the nearest proxy appended: the
    client writes whatever it likes before it."""
    value = request.META.get(settings.CLIENT_IP_HEADER, "").rsplit(",", 1)[-1].strip()
    for candidate in (value, request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def attempted_username(request, credentials=None):
    """The user name a login attempt is counted under (AXES_USERNAME_CALLABLE): as typed, cut to
    the longest an account's can be, so a pasted essay is counted, not a database error."""
    data = credentials or getattr(request, "POST", {})
    username = data.get("username")
    return username[: User._meta.get_field("username").max_length] if username else username


def address_locked(request):
    """Whether the request's address has failed on too many different user names lately: one
    address trying many names is someone guessing, and is paused for all of them. Read from
    django-axes' attempts, so deleting them in the back office lifts it."""
    since = request.axes_attempt_time - timedelta(minutes=settings.LOGIN_ADDRESS_LOCKOUT_MINUTES)
    names = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=since
    ).aggregate(names=Count("username", distinct=True))["names"]
    return names >= settings.LOGIN_ADDRESS_USERNAME_LIMIT


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' failed logins in the database (AXES_HANDLER), with the pause by address.

    Axes pauses a user name at one address (AXES_LOCKOUT_PARAMETERS); this adds address_locked,
    and keeps the attempts as long as it counts them: axes would drop them all after the user
    name's shorter cool-off."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or address_locked(request)

    def clean_expired_user_attempts(self, request=None, credentials=None):
        kept = max(
            settings.AXES_COOLOFF_TIME, timedelta(minutes=settings.LOGIN_ADDRESS_LOCKOUT_MINUTES)
        )
        now = request.axes_attempt_time if request is not None else timezone.now()
        count, _ = AccessAttempt.objects.filter(attempt_time__lt=now - kept).delete()
        return count


class LoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check before the password is even looked at.

    Every login page authenticates with its request. Only code on the server calls authenticate
    without one (the test client's login(), the shell); there is no client to count or lock,
    so the password backend decides alone instead of axes raising an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def locked_usernames(usernames):
    """Those of `usernames` paused now at some address by their failed logins there (their owner
    may still log in elsewhere)."""
    rows = (
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


def reset_refusal(actor, user):
    """Why `actor` may not set a one-time password for `user`, or None when they may.

    Whoever sets a password can log in as its account, so a non-administrator may reset only an
    active, ordinary account that can do nothing the actor cannot: each of its permissions (its
    roles' and its own) is held by the actor, or reaches only the account's own records, or is
    covered by one the actor holds (the apps' narrower_permissions, congress.roles). An account
    that itself sets passwords is a peer's, not to be taken over either. The rest is for an
    administrator, who resets any account but their own."""
    if user.pk == actor.pk:
        return _("Change your own password with “Change password”.")
    if actor.is_superuser:
        return None
    if not actor.has_perm("congress.reset_password"):
        return _("Your account may not set passwords.")
    if not user.is_active:
        return _("This account is disabled: only an administrator may set its password.")
    if user.is_superuser or user.is_staff:
        return _("Only an administrator may set the password of a back-office account.")
    held = account_permissions(user)
    if "congress.reset_password" in held:
        return _(
            "This account can set passwords itself: only an administrator may set its password."
        )
    mine = actor.get_all_permissions()
    narrower = declared_narrower_permissions()

    def covered(permission):
        cover = narrower.get(permission, permission)
        return permission in mine or cover is None or cover in mine

    if not all(covered(permission) for permission in held):
        return _(
            "This account holds permissions that yours does not: only an administrator may set "
            "its password."
        )
    return None


# What account_permissions reads, prefetched for a page of accounts.
ACCOUNT_PREFETCH = ("groups__permissions__content_type", "user_permissions__content_type")


def account_permissions(user):
    """What `user` holds through its roles and in its own right ("app_label.codename"), read
    from the rows ACCOUNT_PREFETCH prefetches (ModelBackend would query twice per account)."""
    permissions = [
        *user.user_permissions.all(),
        *(p for group in user.groups.all() for p in group.permissions.all()),
    ]
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@dataclass(frozen=True)
class AccountRow:
    user: User
    roles: list
    locked: bool
    one_time_expired: bool
    refusal: str | None


def account_rows(actor):
    """The active accounts as the secretary's account page lists them, with whether each is
    locked out and whether `actor` may set its password (and why not)."""
    users = list(
        User.objects.filter(is_active=True)
        .prefetch_related(*ACCOUNT_PREFETCH)
        .order_by("name", "username")
    )
    locked = locked_usernames(u.username for u in users)
    return [
        AccountRow(
            user=user,
            roles=user_roles(user),
            locked=user.username in locked,
            one_time_expired=one_time_password_expired(user),
            refusal=reset_refusal(actor, user),
        )
        for user in users
    ]


def one_time_password():
    return "-".join(
        "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_GROUP_LENGTH))
        for _ in range(ONE_TIME_GROUPS)
    )


@audited
@transaction.atomic
def password_reset_one_time(*, actor, user):
    """Give `user` a new one-time password and return it, to be shown once and stored nowhere.

    The user's sessions end (the password changed), their login lockout is lifted, and the
    next login leads to the password change page; it works for ONE_TIME_PASSWORD_HOURS. The
    audit trail records who did it and when (one_time_password_at), never the password."""
    refusal = reset_refusal(actor, user)
    if refusal:
        raise ValidationError(refusal, code="reset_refused")
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.one_time_password_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "one_time_password_at"])
    AxesProxyHandler.reset_attempts(username=user.username)
    return password


def one_time_password_valid_until(user):
    """When the one-time password `user` has yet to replace stops working; None without one."""
    if not user.must_change_password or user.one_time_password_at is None:
        return None
    return user.one_time_password_at + timedelta(hours=settings.ONE_TIME_PASSWORD_HOURS)


def one_time_password_expired(user):
    until = one_time_password_valid_until(user)
    return until is not None and timezone.now() >= until


def one_time_password_refusal(user):
    """Why `user` may not go on with their one-time password, or None: it has expired. Both the
    login with it (congress.forms.LoginForm) and a session it opened (congress.middleware)
    end there, before the password change page."""
    if not one_time_password_expired(user):
        return None
    until = timezone.localtime(one_time_password_valid_until(user))
    return _(
        "Your one-time password expired at %(time)s. Ask the presidium secretary or an "
        "administrator for a new one."
    ) % {"time": dateformat.format(until, "Y年n月j日 H:i")}


@audited
@transaction.atomic
def password_change(*, actor, password):
    """`actor` chose their own password: a one-time password no longer needs replacing, and
    has no time left to run out (the audit trail keeps when it was set)."""
    actor.set_password(password)
    actor.must_change_password = False
    actor.one_time_password_at = None
    actor.save(update_fields=["password", "must_change_password", "one_time_password_at"])
    return actor
