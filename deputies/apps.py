from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

DEPUTIES_MODELS = (
    "deputy",
    "seat",
    "deputygroup",
    "groupmembership",
    "liaisonstation",
    "activity",
    "attendance",
    "sessionattendance",
    "activityattachment",
    "votercontact",
    "petition",
    "dutyrequirement",
)

# The audit trail (congress.audit): every record the secretary or a deputy keeps. ID numbers
# are stored masked as the pages show them (4101*************X), birth dates by year and month,
# never in clear. The surname-stroke sort key is derived from the name.
PERSONAL_MASKED = {
    "mask_fields": ["id_number", "birth_date"],
    "mask_callable": "congress.idnumbers.mask_for_audit",
}
AUDITED = {model: {} for model in DEPUTIES_MODELS} | {
    "deputy": PERSONAL_MASKED | {"exclude_fields": ["stroke_key"]},
    "liaisonstation": {"m2m_fields": {"resident_deputies"}},
}


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # Records are corrected, never deleted, so nobody holds delete permissions.
        Role.SECRETARY: {
            f"deputies.{action}_{model}"
            for model in DEPUTIES_MODELS
            for action in ("view", "add", "change")
        },
        Role.PRESIDIUM: {f"deputies.view_{model}" for model in DEPUTIES_MODELS},
        Role.DEPUTY: {"deputies.view_own_record"},
        # Election staff hold nothing here: the election pages read what they need of deputies
        # themselves, and the roster and performance records are not theirs to see. Nobody
        # holds deputies.export_full_id_number by role: an administrator grants it to a person.
    }
    # Reaching only the holder's own records (congress.roles).
    narrower_permissions = {"deputies.view_own_record": None}
    nav_items = (
        NavItem(_("My record"), "my_record", "deputies.view_own_record", order=5),
        NavItem(
            _("Roster"), "deputy_list", "deputies.view_deputy", order=40, group=NavItem.DEPUTY_WORK
        ),
        NavItem(
            _("Groups"),
            "group_list",
            "deputies.view_deputygroup",
            order=41,
            group=NavItem.DEPUTY_WORK,
        ),
        NavItem(
            _("Stations"),
            "station_list",
            "deputies.view_liaisonstation",
            order=42,
            group=NavItem.DEPUTY_WORK,
        ),
        NavItem(
            _("Activities"),
            "activity_list",
            "deputies.view_activity",
            order=43,
            group=NavItem.DEPUTY_WORK,
        ),
        NavItem(
            _("Voter contacts"),
            "contact_list",
            "deputies.view_votercontact",
            order=44,
            group=NavItem.DEPUTY_WORK,
        ),
        NavItem(
            _("Petitions"),
            "petition_list",
            "deputies.view_petition",
            order=45,
            group=NavItem.DEPUTY_WORK,
        ),
    )
    session_actions = (
        NavItem(_("Record attendance"), "session_attendance", "deputies.add_sessionattendance"),
    )
    # Spreadsheet resources for `import_data` / `export_data` and the import/export pages.
    resources = {
        "groups": "deputies.resources.GroupResource",
        "stations": "deputies.resources.StationResource",
        "deputies": "deputies.resources.DeputyResource",
        "activities": "deputies.resources.ActivityResource",
    }
    # 实有代表数 at a moment, for the base's session form (congress.selectors.deputies_seated).
    seated_counter = "deputies.selectors.deputies_seated_count"
    # Called by seed_demo after the congress app's demo data.
    demo_seeder = "deputies.demo.seed"

    def ready(self):
        audit_register(self, AUDITED)
