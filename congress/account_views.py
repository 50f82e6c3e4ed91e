"""Account pages: changing one's password, and the secretary's list of accounts with the
one-time password reset (congress.accounts holds the rules)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from congress import accounts
from congress.forms import PasswordChangeForm
from congress.models import User
from congress.views import page_permission


class PasswordChange(PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        accounts.password_change(
            actor=self.request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, self.request.user)  # this session stays signed in
        return redirect(self.get_success_url())


@page_permission("congress.reset_password")
def account_list(request):
    return render(
        request, "registration/account_list.html", {"rows": accounts.account_rows(request.user)}
    )


@page_permission("congress.reset_password")
def password_reset(request, pk):
    """GET asks to confirm; POST sets the one-time password and shows it on this response
    only (no redirect: it is kept in no session, message or log)."""
    user = get_object_or_404(User.objects.prefetch_related(*accounts.ACCOUNT_PREFETCH), pk=pk)
    if request.method != "POST":
        refusal = accounts.reset_refusal(request.user, user)
        if not refusal:
            return render(request, "registration/one_time_password_confirm.html", {"account": user})
    else:
        try:
            password = accounts.password_reset_one_time(actor=request.user, user=user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            return render(
                request,
                "registration/one_time_passwords.html",
                {
                    "base_template": "base.html",
                    "issued": [(user, password, accounts.one_time_password_valid_until(user))],
                    "back_url": reverse("account_list"),
                },
            )
    messages.error(request, refusal)
    return redirect("account_list")


def locked_out(request, original_response=None, credentials=None):
    """The page of a login refused after too many failures (django-axes' AXES_LOCKOUT_CALLABLE):
    429, saying which pause, for how long and who can help."""
    if accounts.address_locked(request):
        context = {"address": True, "minutes": settings.LOGIN_ADDRESS_LOCKOUT_MINUTES}
    else:
        context = {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "registration/locked_out.html", context, status=429)
