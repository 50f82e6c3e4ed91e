from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.audit import audit_register
from congress.roles import NavItem, Role

OVERSIGHT_MODELS = (
    "projectyear",
    "project",
    "projectmilestone",
    "progressreport",
    "projectinspection",
    "voteround",
    "votetally",
    "projectrating",
    "evaluationplan",
    "evaluationitem",
    "evaluatedoffice",
    "itemscore",
    "problem",
    "ratingweights",
    "reportbackrating",
)

# The audit trail (congress.audit): every record, who changed what. Votes are written once; the
# audit entry says who recorded them.
AUDITED = {model: {} for model in OVERSIGHT_MODELS}

# The menu's heading for the oversight pages.
SUPERVISION = _("Supervision")


class OversightConfig(AppConfig):
    """Oversight the deputies vote on: livelihood projects, evaluations of township offices,
    deputies' report-back ratings."""

    name = "oversight"
    verbose_name = _("Oversight")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # The secretary keeps every record; nothing is deleted, so no delete permission.
        Role.SECRETARY: {
            f"oversight.{action}_{model}"
            for model in OVERSIGHT_MODELS
            for action in ("view", "add", "change")
        },
        Role.PRESIDIUM: {f"oversight.view_{model}" for model in OVERSIGHT_MODELS},
        # Deputies follow the projects (they voted on them) and see their own ratings.
        Role.DEPUTY: {"oversight.follow_projects", "oversight.view_own_rating"},
        # A unit's officer sees the projects the office leads and files their progress, and
        # sees the office's evaluations (and answers their problems).
        Role.UNIT_OFFICER: {"oversight.report_progress", "oversight.view_own_evaluation"},
    }
    # For who may set whose password (congress.roles): following the projects reads every
    # project, as viewing the years does (selectors.may_see_all_projects); the others reach
    # only the holder's own ratings, or their office's projects and evaluations.
    narrower_permissions = {
        "oversight.follow_projects": "oversight.view_projectyear",
        "oversight.view_own_rating": None,
        "oversight.report_progress": None,
        "oversight.view_own_evaluation": None,
    }
    nav_items = (
        NavItem(
            _("Livelihood projects"),
            "project_years",
            "oversight.view_projectyear",
            order=48,
            group=SUPERVISION,
        ),
        NavItem(
            _("Office evaluations"),
            "evaluation_list",
            "oversight.view_evaluationplan",
            order=49,
            group=SUPERVISION,
        ),
        NavItem(
            _("Report-back ratings"),
            "rating_list",
            "oversight.view_reportbackrating",
            order=49,
            group=SUPERVISION,
        ),
        NavItem(_("Livelihood projects"), "project_years", "oversight.follow_projects", order=9),
        NavItem(_("My report-back ratings"), "my_ratings", "oversight.view_own_rating", order=9),
        NavItem(
            _("Oversight of my office"), "unit_oversight", "oversight.report_progress", order=8
        ),
    )
    # Spreadsheet resources for `import_data` / `export_data` and the import/export pages.
    resources = {
        "projects": "oversight.resources.ProjectResource",
        "project-votes": "oversight.resources.VoteTallyResource",
    }
    # Sections of a deputy's performance record (gathered by the deputies app).
    record_panels = ("oversight.selectors.record_panel",)
    demo_seeder = "oversight.demo.seed"

    def ready(self):
        audit_register(self, AUDITED)
