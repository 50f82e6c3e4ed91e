"""Back office for the congress body, and the bases every app's back office builds on: each
record's history page shows its audit trail."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import accounts
from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile, User
from congress.selectors import changes_for

admin.site.site_header = _("Township congress portal administration")
admin.site.site_title = _("Township congress portal")


def admin_log_message(entry):
    """Django's own admin log message, or a plain one where it cannot be read: the portal's
    services once wrote entries with an empty change message ([{"changed": {}}])."""
    try:
        return entry.get_change_message()
    except (KeyError, TypeError, AttributeError, IndexError):
        if entry.is_addition():
            return gettext("Added.")
        return gettext("Changed; the fields were not recorded.")


class AuditHistoryMixin:
    """The history page (历史) shows the record's audit trail: when, who, each field from what
    to what. Below it, Django's own admin log of the record, read so that no entry breaks it."""

    object_history_template = "admin/audit_history.html"

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)  # a redirect when no such record
        if context is not None:
            context["audit_entries"] = changes_for(context["object"], limit=None)
            for entry in context["action_list"]:
                entry.message = admin_log_message(entry)
        return response


class AuditedAdmin(AuditHistoryMixin, admin.ModelAdmin):
    pass


class NoDeleteAdmin(AuditedAdmin):
    """Records are corrected, never deleted (nobody holds the delete permission anyway)."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Viewed, never added or changed here: such records change only through their services,
    which apply the rules and write the events."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The records of a read-only record, shown beside it with a link to each."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()  # shown as text, so even non-editable fields may be listed

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditHistoryMixin, BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("name", "phone", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "one_time_password_at")}),
    )
    readonly_fields = ("one_time_password_at",)
    list_display = ("username", "name", "phone", "is_active", "is_staff", "must_change_password")
    search_fields = ("username", "name", "phone")
    actions = ["set_one_time_password"]

    @admin.action(description=_("Set a one-time password"), permissions=["change"])
    def set_one_time_password(self, request, queryset):
        """The same reset as the secretary's account page, for the chosen users; the passwords
        are shown once on the response. Lockouts by address are lifted by deleting their rows
        from django-axes' access attempts."""
        issued = []
        for user in queryset.prefetch_related("groups"):
            try:
                issued.append(
                    (user, accounts.password_reset_one_time(actor=request.user, user=user))
                )
            except ValidationError as error:
                self.message_user(request, f"{user}：{' '.join(error.messages)}", messages.ERROR)
        if not issued:
            return None  # back to the list, which shows the refusals
        context = {
            **self.admin_site.each_context(request),
            "base_template": "admin/base_site.html",
            "issued": issued,
            "back_url": reverse("admin:congress_user_changelist"),
        }
        return TemplateResponse(request, "registration/one_time_passwords.html", context)


@admin.register(TownshipProfile)
class TownshipProfileAdmin(AuditedAdmin):
    list_display = ("name", "county", "population", "households")

    def has_add_permission(self, request):
        # One township, one profile (a single-row table): edited, never added twice.
        return not TownshipProfile.objects.exists() and super().has_add_permission(request)


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("__str__", "start_date", "end_date")


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = (
        "__str__",
        "kind",
        "start_date",
        "end_date",
        "deputies_total",
        "deputies_present",
    )
    list_filter = ("term", "kind")
    list_select_related = ("term",)


@admin.register(PresidiumMember)
class PresidiumMemberAdmin(AuditedAdmin):
    list_display = ("name", "role", "term", "full_time", "start_date", "end_date")
    list_filter = ("term", "role")


@admin.register(PresidiumMeeting)
class PresidiumMeetingAdmin(AuditedAdmin):
    list_display = ("__str__", "date")
    list_filter = ("term",)
    list_select_related = ("term",)
    filter_horizontal = ("attendees",)
