"""python manage.py render_report --kind annual|half|congress --year 2024 --out FILE
[--format pdf|docx]

Renders a summary from the data now (with the edited narrative of the newest draft of that kind
and year when there is one, else a fresh draft): --kind half is the first half of the year.
The format follows the file's suffix (.docx → Word) unless --format says otherwise."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.pdf import CJKFontMissing
from reports import rendering
from reports.models import Report
from reports.selectors import data_document

RENDERERS = {"pdf": rendering.pdf_bytes, "docx": rendering.docx_bytes}


class Command(BaseCommand):
    help = "Render a work summary from the data to a PDF or Word file."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=Report.Kind.values, default=Report.Kind.ANNUAL)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True, help="the file to write")
        parser.add_argument(
            "--format",
            choices=sorted(RENDERERS),
            help="default: from the suffix of --out, else pdf",
        )

    def handle(self, *args, kind, year, out, format, **options):
        format = format or ("docx" if out.suffix.lower() == ".docx" else "pdf")
        started = time.perf_counter()
        try:
            data = RENDERERS[format](data_document(kind, year))
        except CJKFontMissing as error:
            raise CommandError(str(error)) from error
        out.write_bytes(data)
        self.stdout.write(
            _("Wrote %(path)s: %(size)s bytes in %(seconds).1f s.")
            % {"path": out, "size": len(data), "seconds": time.perf_counter() - started}
        )
