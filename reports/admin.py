"""Back office for work summaries: looked up here, changed only through the portal's pages
(reports.services), so statuses, figures and archived files stay as their events say."""

from django.contrib import admin

from congress.admin import ReadOnlyAdmin
from reports.models import ArchivedVersion, Report, ReportEvent, Section


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "year", "status", "version", "updated_at")
    list_filter = ("kind", "status", "year")
    exclude = ("figures",)


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("report", "position", "heading", "included")
    list_select_related = ("report",)


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ("report", "from_status", "to_status", "actor", "at", "note")


@admin.register(ArchivedVersion)
class ArchivedVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "version", "sha256", "size", "archived_by", "archived_at")
