from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.roles import NavItem, Role


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
    nav_items = (NavItem(_("Work summaries"), "report_list", "reports.view_report", order=70),)
    # Called by seed_demo after the other apps' demo data.
    demo_seeder = "reports.demo.seed"
