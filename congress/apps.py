from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from PIL import Image

from congress.audit import audit_register
from congress.roles import NavItem, Role
from congress.uploads import MAX_IMAGE_PIXELS

CONGRESS_MODELS = ("session", "presidiummeeting", "term", "presidiummember", "townshipprofile")

# The audit trail (congress.audit): each model with what of it is not worth recording.
# Not audited: Job, a worker's progress row that itself says who started what and how it ended.
AUDITED = {
    # A password hash or a login time is not an edit; a role given (a group) is.
    "user": {
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    "townshipprofile": {},
    "term": {},
    "session": {},
    "presidiummember": {},
    "presidiummeeting": {"m2m_fields": {"attendees"}},
}


def _sync_roles(sender, using, **kwargs):
    # Groups need every app's permissions, which migrate creates app by app: create them all
    # first (an idempotent step), then give each role what the apps declare.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from congress.roles import roles_sync

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    roles_sync()


def _schedule_daily(sender, **kwargs):
    # The daily jobs queue their next run themselves; migrate starts the chain.
    from congress.jobs import daily_schedule, import_uploads_purge_daily

    daily_schedule(import_uploads_purge_daily)


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        # The secretary keeps the records; nothing is deleted, so no delete permission.
        Role.SECRETARY: {
            f"congress.{action}_{model}"
            for model in CONGRESS_MODELS
            for action in ("view", "add", "change")
        }
        # Every background job, the daily ones included, to see that they ran.
        | {"congress.view_job"}
        # One-time passwords for the users she serves (congress.accounts.reset_refusal).
        | {"congress.reset_password"},
        Role.PRESIDIUM: {f"congress.view_{model}" for model in CONGRESS_MODELS},
        Role.ELECTION_STAFF: {"congress.view_townshipprofile", "congress.view_term"},
    }
    nav_items = (
        NavItem(
            _("Sessions"), "session_list", "congress.view_session", order=20, group=NavItem.MEETINGS
        ),
        NavItem(
            _("Presidium meetings"),
            "meeting_list",
            "congress.view_presidiummeeting",
            order=30,
            group=NavItem.MEETINGS,
        ),
        NavItem(
            _("Township"),
            "township",
            "congress.view_townshipprofile",
            order=90,
            group=NavItem.SUMMARIES,
        ),
        NavItem(
            _("Import and export"),
            "data_home",
            "congress.view_session",
            order=95,
            group=NavItem.SUMMARIES,
        ),
        NavItem(
            _("Accounts"),
            "account_list",
            "congress.reset_password",
            order=98,
            group=NavItem.SUMMARIES,
        ),
    )
    # Spreadsheet resources for `import_data` / `export_data` and the import/export pages.
    resources = {
        "township": "congress.resources.TownshipResource",
        "terms": "congress.resources.TermResource",
        "sessions": "congress.resources.SessionResource",
        "meetings": "congress.resources.MeetingResource",
    }

    def ready(self):
        # Every picture Pillow opens in the process (uploads, posters, PDFs) has this limit.
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
        post_migrate.connect(_sync_roles, sender=self)
        post_migrate.connect(_schedule_daily, sender=self)
        audit_register(self, AUDITED)
