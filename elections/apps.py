from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.roles import NavItem, Role

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
        Role.SECRETARY: {f"elections.view_{model}" for model in ELECTIONS_MODELS},
        Role.PRESIDIUM: {f"elections.view_{model}" for model in ELECTIONS_MODELS},
    }
    nav_items = (NavItem(_("Elections"), "election_list", "elections.view_election", order=60),)
    resources = {
        "districts": "elections.resources.DistrictResource",
        "voters": "elections.resources.VoterResource",
    }
    demo_seeder = "elections.demo.seed"
