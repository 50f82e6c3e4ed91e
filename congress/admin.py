from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile, User

admin.site.site_header = _("Township congress portal administration")
admin.site.site_title = _("Township congress portal")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "name", "phone", "is_active", "is_staff")
    search_fields = ("username", "name", "phone")


@admin.register(TownshipProfile)
class TownshipProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "population", "households")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("__str__", "start_date", "end_date")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
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
class PresidiumMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "term", "full_time", "start_date", "end_date")
    list_filter = ("term", "role")


@admin.register(PresidiumMeeting)
class PresidiumMeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "date")
    list_filter = ("term",)
    list_select_related = ("term",)
    filter_horizontal = ("attendees",)
