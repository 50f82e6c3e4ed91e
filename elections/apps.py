from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role
from deputies.apps import PERSONAL_MASKED

ELECTIONS_MODELS = (
    "election",
    "district",
    "voter",
    "rollchange",
    "objection",
    "proxy",
    "candidate",
    "districtresult",
    "candidatevotes",
)
# The elections the congress holds at its sessions (issue 15): kept by the secretary.
CONGRESS_ELECTION_MODELS = (
    "electionrules",
    "contest",
    "nomination",
    "round",
    "roundtally",
    "office",
)

# The audit trail (congress.audit). Not audited: RollChange (the roll's own log: who, when,
# why) and IdExport (itself the log of full ID numbers taken out). A roll imported or carried
# over in bulk writes its voters without per-row signals, so no entry per voter; the import's
# job says who ran it. ID numbers and birth dates are stored masked, never in clear; the
# surname-stroke sort key is derived from the name.
AUDITED = {
    "election": {},
    "district": {},
    "voter": PERSONAL_MASKED | {"exclude_fields": ["stroke_key"]},
    "objection": {},
    "proxy": {},
    "candidate": PERSONAL_MASKED | {"exclude_fields": ["stroke_key"]},
    "districtresult": {},
    "candidatevotes": {},
    "electionrules": {},
    "contest": {},
    "nomination": {"exclude_fields": ["stroke_key"], "m2m_fields": {"sponsors"}},
    "round": {},
    "roundtally": {},
    "office": {},
}


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # Election staff keep the election data and are the only ones who see full ID numbers.
        Role.ELECTION_STAFF: {
            f"elections.{action}_{model}"
            for model in ELECTIONS_MODELS
            for action in ("view", "add", "change")
        }
        | {"elections.view_full_id_number", "elections.view_idexport"},
        Role.SECRETARY: {f"elections.view_{model}" for model in ELECTIONS_MODELS}
        | {
            f"elections.{action}_{model}"
            for model in CONGRESS_ELECTION_MODELS
            for action in ("view", "add", "change")
        },
        Role.PRESIDIUM: {f"elections.view_{model}" for model in ELECTIONS_MODELS}
        | {f"elections.view_{model}" for model in CONGRESS_ELECTION_MODELS},
    }
    nav_items = (
        NavItem(
            _("Elections"),
            "election_list",
            "elections.view_election",
            order=60,
            group=NavItem.ELECTIONS,
        ),
        NavItem(
            _("Township leaders"),
            "leaders",
            "elections.view_office",
            order=61,
            group=NavItem.MEETINGS,
        ),
    )
    session_actions = (
        NavItem(_("Elections at the session"), "congress_elections", "elections.view_contest"),
    )
    resources = {
        "districts": "elections.resources.DistrictResource",
        "voters": "elections.resources.VoterResource",
    }
    demo_seeder = "elections.demo.seed"

    def ready(self):
        from deputies.signals import seat_ended
        from elections.congress_services import offices_end_with_seat

        audit_register(self, AUDITED)
        # The chair's, a vice-chair's, a presidium member's post ends with the seat (EL 54, 56).
        seat_ended.connect(offices_end_with_seat, dispatch_uid="elections_offices_end_with_seat")
