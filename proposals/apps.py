from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

PROPOSALS_MODELS = (
    "handlingunit",
    "proposal",
    "attachment",
    "assignment",
    "reply",
    "coopinion",
    "evaluation",
    "milestone",
    "event",
)

# The audit trail (congress.audit). Not audited: Event (the item's own append-only log of who
# moved it from which state to which), Notification (messages to users, some marked read in
# bulk) and NumberSequence (a counter). The version is the form's edit counter, not data.
AUDITED = {
    "handlingunit": {"m2m_fields": {"officers"}},
    "proposal": {"exclude_fields": ["version"], "m2m_fields": {"co_signers"}},
    "attachment": {},
    "assignment": {},
    "reply": {},
    "coopinion": {},
    "evaluation": {},
    "milestone": {},
}

# Everyone reads their own notifications (the page shows only the user's).
NOTIFICATIONS = {"proposals.view_notification"}


def _schedule_daily(sender, **kwargs):
    # The daily reminders queue their next run themselves; migrate starts the chain.
    from congress.jobs import daily_schedule
    from proposals.jobs import daily_reminders

    daily_schedule(daily_reminders)


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # Nothing is deleted and events are append-only: no delete, no change of events.
        Role.SECRETARY: {
            f"proposals.{action}_{model}"
            for model in PROPOSALS_MODELS
            for action in ("view", "add", "change")
            if not (model == "event" and action != "view")
        }
        | NOTIFICATIONS,
        Role.PRESIDIUM: {f"proposals.view_{model}" for model in PROPOSALS_MODELS} | NOTIFICATIONS,
        Role.DEPUTY: {"proposals.submit_own"} | NOTIFICATIONS,
        Role.UNIT_OFFICER: {"proposals.handle_assigned"} | NOTIFICATIONS,
        Role.ELECTION_STAFF: NOTIFICATIONS,
    }
    # Reaching only the holder's own records (congress.roles): their suggestions, the items
    # assigned to their unit, their notifications.
    narrower_permissions = {
        "proposals.submit_own": None,
        "proposals.handle_assigned": None,
        "proposals.view_notification": None,
    }
    nav_items = (
        NavItem(_("My suggestions"), "my_proposals", "proposals.submit_own", order=6),
        NavItem(_("Inbox"), "unit_inbox", "proposals.handle_assigned", order=7),
        NavItem(
            _("Suggestions"),
            "proposal_board",
            "proposals.view_proposal",
            order=15,
            group=NavItem.PROPOSALS,
        ),
        NavItem(
            _("Handling units"),
            "unit_list",
            "proposals.view_handlingunit",
            order=50,
            group=NavItem.PROPOSALS,
        ),
        NavItem(
            _("Notifications"),
            "notification_list",
            "proposals.view_notification",
            order=99,
            badge="proposals.selectors.notifications_unread_count",
            aside=True,
            icon="bell",
        ),
    )
    resources = {
        "units": "proposals.resources.UnitResource",
        "proposals": "proposals.resources.ProposalResource",
    }
    demo_seeder = "proposals.demo.seed"

    def ready(self):
        post_migrate.connect(_schedule_daily, sender=self)
        audit_register(self, AUDITED)
