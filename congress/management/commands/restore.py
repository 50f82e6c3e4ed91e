"""python manage.py restore ARCHIVE: load a backup into a new, empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty installation (a new "
        "database, migrated or not, and an empty media folder). The archive is checked first; "
        "nothing is written when it is damaged or the installation holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .zip archive written by `manage.py backup`")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": archive})
        try:
            report = backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if report.migrated:
            self.stdout.write(_("The database was migrated first."))
        for label, count in sorted(report.rows.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            _("Restored %(rows)s rows and %(files)s files (%(bytes)s bytes).")
            % {"rows": report.rows.total(), "files": report.files, "bytes": report.file_bytes}
        )
