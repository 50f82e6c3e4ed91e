"""python manage.py backup OUT: the whole installation (database and files) in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (every app's rows), every stored file and a manifest with their "
        "SHA-256 into one .zip archive, for `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The archive to write, e.g. portal-2025-01-31.zip")

    def handle(self, *args, out, **options):
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": path.parent})
        try:
            manifest = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("The archive cannot be written: %(error)s") % {"error": error}
            ) from None
        self.stdout.write(
            _("Written: %(path)s (%(rows)s rows in %(tables)s tables, %(files)s files).")
            % {
                "path": path,
                "rows": sum(manifest["counts"].values()),
                "tables": sum(1 for count in manifest["counts"].values() if count),
                "files": len(manifest["files"]),
            }
        )
