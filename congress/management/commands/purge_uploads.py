"""python manage.py purge_uploads [--hours N]: run daily (cron) beside send_reminders."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from congress.services import import_uploads_purge, kept_uploads_purge


class Command(BaseCommand):
    help = (
        "Remove spreadsheets that were checked for import but never confirmed (under imports/ "
        "in the media storage), older than IMPORT_UPLOAD_HOURS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.IMPORT_UPLOAD_HOURS,
            help="Age in hours (default: the IMPORT_UPLOAD_HOURS setting)",
        )

    def handle(self, *args, hours, **options):
        removed = import_uploads_purge(older_than=timedelta(hours=hours))
        self.stdout.write(
            _("Removed %(count)s unconfirmed import files older than %(hours)s hours.")
            % {"count": removed, "hours": hours}
        )
        self.stdout.write(
            _("Removed %(count)s files kept for forms never sent again.")
            % {"count": kept_uploads_purge()}
        )
