"""Back office for the congress body, and the bases every app's back office builds on: each
record's history page shows its audit trail."""

from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress import accounts, idnumbers
from congress.forms import AdminLoginForm
from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile, User
from congress.selectors import changes_for

admin.site.site_header = _("Township congress portal administration")
admin.site.site_title = _("Township congress portal")
admin.site.login_form = AdminLoginForm  # as the portal's login: expired one-time passwords refused


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


# A person's fields the back office never shows, searches, filters or sorts by as stored, with
# the admin attribute that shows each instead: the portal masks ID numbers and shows a birth
# date by its year and month (with the day, the township's place code and the visible head and
# tail of a masked number narrow the number to a few dozen).
PERSONAL_FIELDS = {"id_number": "id_number_masked", "birth_date": "birth_month"}


def _touches_personal(lookup):
    """Whether a list_display, search or filter entry, or a query-string lookup, reads a
    personal field (also across a relation: voter__id_number__startswith)."""
    path = lookup.lstrip("^=@") if isinstance(lookup, str) else getattr(lookup, "__name__", "")
    return any(part in PERSONAL_FIELDS for part in path.split("__"))


class PersonalDataMixin:
    """The back office shows a person no more than the portal's pages do, to everyone who opens
    it (full numbers are for election staff on the portal's own pages, which log exports):

    - an ID number masked (4101*************X) and a birth date by year and month, on the change
      page, in lists and in the history (congress.audit stores both masked);
    - no search, filter, sort or query-string lookup on either, so no prefix oracle;
    - a form edits them only where it declares `kept_personal_fields`: such a form never sends
      the stored value back (an empty input keeps it), as the portal's own form does.

    Phones and addresses are shown here to exactly those the portal shows them to: the holders of
    the model's view permission (a deputy's phone on the roster, a voter's address on the roll);
    the voters' own phones are not shown at all (intake.admin)."""

    def _personal_names(self):
        names = {f.name for f in self.model._meta.concrete_fields}
        return [name for name in PERSONAL_FIELDS if name in names]

    def _kept(self, request, obj):
        """The personal fields the change form edits (for a user who may change the record)."""
        may_edit = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        kept = getattr(self.form, "kept_personal_fields", ())
        return set(kept) & set(self._personal_names()) if may_edit else set()

    def _shown(self, request, obj):
        return [
            PERSONAL_FIELDS[n] for n in self._personal_names() if n not in self._kept(request, obj)
        ]

    def get_exclude(self, request, obj=None):
        hidden = [n for n in self._personal_names() if n not in self._kept(request, obj)]
        return [*(super().get_exclude(request, obj) or ()), *hidden]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._shown(request, obj)]

    def get_fieldsets(self, request, obj=None):
        kept = self._kept(request, obj)

        def shown(name):
            return PERSONAL_FIELDS[name] if name in PERSONAL_FIELDS and name not in kept else name

        fieldsets = super().get_fieldsets(request, obj)
        return [
            (
                title,
                {
                    **options,
                    "fields": [shown(n) if isinstance(n, str) else n for n in options["fields"]],
                },
            )
            for title, options in fieldsets
        ]

    def get_list_display(self, request):
        return [
            PERSONAL_FIELDS.get(name, name) if isinstance(name, str) else name
            for name in super().get_list_display(request)
        ]

    def get_list_filter(self, request):
        return [
            f
            for f in super().get_list_filter(request)
            if not _touches_personal(f[0] if isinstance(f, (list, tuple)) else f)
        ]

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if not _touches_personal(f)]

    def lookup_allowed(self, lookup, value, request=None):
        return not _touches_personal(lookup) and super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("ID number"))
    def id_number_masked(self, obj):
        return idnumbers.mask(obj.id_number)

    @admin.display(description=_("birth year and month"))
    def birth_month(self, obj):
        return idnumbers.birth_month(obj.birth_date)


def _keys_only(widget, value):
    """The posted values that can be keys of the widget's model: Django's autocomplete filters
    the model by them to re-render the choice, and a text posted for a number key raised."""
    remote = widget.field.remote_field
    opts = remote.model._meta
    target = opts.get_field(remote.field_name) if hasattr(remote, "field_name") else opts.pk
    keys = []
    for item in value:
        try:
            target.to_python(item)
        except ValidationError:
            continue
        keys.append(item)
    return keys


class AutocompleteSelect(admin_widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _keys_only(self, value), attr)


class AutocompleteSelectMultiple(admin_widgets.AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _keys_only(self, value), attr)


class SafeAutocompleteMixin:
    """A form posted back with garbage in an autocomplete field is shown again with the field's
    error, not a server error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AuditedAdmin(SafeAutocompleteMixin, PersonalDataMixin, AuditHistoryMixin, admin.ModelAdmin):
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
class UserAdmin(PersonalDataMixin, AuditHistoryMixin, BaseUserAdmin):
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

    # Accounts, their roles and passwords are an administrator's: a staff account granted
    # "change user" could otherwise make itself an administrator or set the chair's password
    # here, past accounts.reset_refusal. The secretary resets through her account page.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Set a one-time password"), permissions=["change"])
    def set_one_time_password(self, request, queryset):
        """The same reset as the secretary's account page, for the chosen users; the passwords
        are shown once on the response. Lockouts by address are lifted by deleting their rows
        from django-axes' access attempts."""
        issued = []
        for user in queryset.prefetch_related(*accounts.ACCOUNT_PREFETCH):
            try:
                password = accounts.password_reset_one_time(actor=request.user, user=user)
            except ValidationError as error:
                self.message_user(request, f"{user}：{' '.join(error.messages)}", messages.ERROR)
            else:
                issued.append((user, password, accounts.one_time_password_valid_until(user)))
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
