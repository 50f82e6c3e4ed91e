"""python manage.py import_data RESOURCE FILE [--dry-run] [--user USERNAME] [--election NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.spreadsheets import (
    PROGRESS_PHASES,
    UnknownResource,
    import_file,
    registry,
    resource_class,
)


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx, or CSV in UTF-8 or GB18030) into one kind of record. "
        "All rows or none are written; every problem is printed with its row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", help="One of: " + ", ".join(registry()))
        parser.add_argument("file", help="The .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--user",
            help="Username recorded as the author of the changes (default: the first superuser).",
        )
        parser.add_argument(
            "--election",
            help="The election a voter roll or districts belong to (default: the latest).",
        )

    def handle(self, *args, resource, file, dry_run, user, election=None, **options):
        try:
            resource_class(resource)
        except UnknownResource as error:
            raise CommandError(str(error)) from None
        actor = self._actor(user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        extra = {"election": election} if election else {}
        if hasattr(resource_class(resource), "import_fast"):
            extra["progress"] = self._progress
        report = import_file(
            resource, path.read_bytes(), path.name, actor=actor, dry_run=dry_run, **extra
        )
        for note in report.notes:
            self.stdout.write(note)
        if report.errors:
            for problem in report.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Nothing was imported: %(count)s problem(s).") % {"count": len(report.errors)}
            )
        summary = _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)

    def _progress(self, phase, done, total):
        """Large imports (a township's voter roll) tell how far they are."""
        self.stdout.write(PROGRESS_PHASES[phase] % {"done": done, "total": total})

    def _actor(self, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(_("No active user named %(name)s.") % {"name": username})
            return actor
        actor = users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError(_("Name the user who makes the import: --user USERNAME."))
        return actor
