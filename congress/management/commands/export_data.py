"""python manage.py export_data RESOURCE FILE (.xlsx, or .csv by the file name)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.spreadsheets import SUFFIXES, UnknownResource, export_file, registry, resource_class


class Command(BaseCommand):
    help = "Export one kind of record to .xlsx (or CSV, UTF-8 with BOM) with the import headers."

    def add_arguments(self, parser):
        parser.add_argument("resource", help="One of: " + ", ".join(registry()))
        parser.add_argument("file", help="The .xlsx or .csv file to write")

    def handle(self, *args, resource, file, **options):
        try:
            resource_class(resource)
        except UnknownResource as error:
            raise CommandError(str(error)) from None
        path = Path(file)
        if path.suffix.lower() not in SUFFIXES:
            raise CommandError(_("The file name must end in .xlsx or .csv."))
        path.write_bytes(export_file(resource, path.name))
        self.stdout.write(_("Written: %(path)s") % {"path": path})
