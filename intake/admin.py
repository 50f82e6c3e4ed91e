"""The back office: codes and opinions to look at; changes go through the portal's pages
(services), so nothing here is editable."""

from django.contrib import admin

from congress.admin import ReadOnlyAdmin
from intake.models import Code, Opinion


@admin.register(Code)
class CodeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "active", "created_at", "revoked_at"]
    list_filter = ["active"]
    list_select_related = ["deputy", "station"]  # each code is named by its owner
    exclude = ["token"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "deputy", "station", "topic", "status", "submitted_at"]
    list_filter = ["status", "topic", "suspect"]
    list_select_related = ["deputy", "station"]
    # Personal data stays on the portal's pages, which mask the phone.
    exclude = ["name", "phone", "photo"]
