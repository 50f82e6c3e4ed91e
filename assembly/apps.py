from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

# The audit trail (congress.audit): every record of the agenda, who changed what. Votes are
# written once; the audit entry says who recorded them.
AUDITED = {"agendaitem": {}, "agendadocument": {}, "vote": {}, "votecast": {}}
VIEW = {
    "assembly.view_agendaitem",
    "assembly.view_agendadocument",
    "assembly.view_vote",
    "assembly.view_votecast",
}


class AssemblyConfig(AppConfig):
    """The session's own business: agenda, votes, elections and appointments by the congress."""

    name = "assembly"
    verbose_name = _("Session business")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # The secretary prepares the agenda and records the votes; nothing is deleted, and a
        # vote once recorded is not changed (no change_vote).
        Role.SECRETARY: VIEW
        | {
            "assembly.add_agendaitem",
            "assembly.change_agendaitem",
            "assembly.add_agendadocument",
            "assembly.add_vote",
        },
        Role.PRESIDIUM: VIEW,
        # Deputies read the agenda and documents of the sessions they sit in (and the counts),
        # not how each colleague voted.
        Role.DEPUTY: {"assembly.view_own_agenda"},
    }
    # Reaching only the holder's own sessions (congress.roles).
    narrower_permissions = {"assembly.view_own_agenda": None}
    nav_items = (NavItem(_("Session agendas"), "my_agendas", "assembly.view_own_agenda", order=8),)
    session_actions = (
        NavItem(_("Agenda and votes"), "session_agenda", "assembly.view_agendaitem"),
    )
    demo_seeder = "assembly.demo.seed"

    def ready(self):
        audit_register(self, AUDITED)
