from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

# The audit trail (congress.audit). Not audited: ReportEvent (the report's own append-only log
# of its status). The figures are a snapshot whose time (figures_taken_at) is recorded; the
# revision is the editor's edit counter.
AUDITED = {
    "report": {"exclude_fields": ["figures", "revision", "updated_at"]},
    "section": {},
    "archivedversion": {},
}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # Drafts are revised, never deleted; archived PDFs are kept for good.
        Role.SECRETARY: {
            "reports.view_report",
            "reports.add_report",
            "reports.change_report",
            "reports.view_archivedversion",
        },
        # The presidium reads the summaries; its chair approves them (checked by name too).
        Role.PRESIDIUM: {
            "reports.view_report",
            "reports.approve_report",
            "reports.view_archivedversion",
        },
    }
    nav_items = (
        NavItem(
            _("Work summaries"),
            "report_list",
            "reports.view_report",
            order=70,
            group=NavItem.SUMMARIES,
        ),
    )
    # Called by seed_demo after the other apps' demo data.
    demo_seeder = "reports.demo.seed"

    def ready(self):
        audit_register(self, AUDITED)
