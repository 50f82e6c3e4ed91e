from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

# The audit trail (congress.audit) records the codes (who replaced which). Opinions are not
# audited: they keep their own append-only event log, and the audit trail would keep voters'
# names and phones beyond the retention period that the daily job enforces.
AUDITED = {"code": {"exclude_fields": ["token"]}}


def _schedule_daily(sender, **kwargs):
    # The daily work queues its next run itself; migrate starts the chain.
    from congress.jobs import daily_schedule
    from intake.jobs import daily_opinions

    daily_schedule(daily_opinions)


class IntakeConfig(AppConfig):
    """Voters' opinions from a deputy's or a station's code, followed to an answer."""

    name = "intake"
    verbose_name = _("Voters' opinions")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # The secretary handles every opinion (stations' codes, deputies without an account, the
        # spam queue) and keeps the codes; opinions are never deleted.
        Role.SECRETARY: {
            "intake.view_code",
            "intake.add_code",
            "intake.change_code",
            "intake.view_opinion",
            "intake.change_opinion",
        },
        Role.PRESIDIUM: {"intake.view_code", "intake.view_opinion"},
        # A deputy handles the opinions sent to their own code, and sees their own code.
        Role.DEPUTY: {"intake.handle_own"},
        # Handling units and election staff hold nothing here.
    }
    # Reaching only the opinions sent to the holder's own code (congress.roles).
    narrower_permissions = {"intake.handle_own": None}
    nav_items = (
        NavItem(
            _("Voters' opinions"),
            "opinion_list",
            "intake.handle_own",
            order=8,
            badge="intake.selectors.new_count",
        ),
        NavItem(
            _("Voters' opinions"),
            "opinion_list",
            "intake.view_opinion",
            order=46,
            group=NavItem.DEPUTY_WORK,
            badge="intake.selectors.new_count",
        ),
        NavItem(
            _("Opinion codes"),
            "code_list",
            "intake.view_code",
            order=47,
            group=NavItem.DEPUTY_WORK,
        ),
    )
    # Sections of a deputy's performance record (gathered by the deputies app).
    record_panels = ("intake.selectors.record_panel",)
    demo_seeder = "intake.demo.seed"

    def ready(self):
        post_migrate.connect(_schedule_daily, sender=self)
        audit_register(self, AUDITED)
