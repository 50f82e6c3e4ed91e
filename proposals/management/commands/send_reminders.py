"""`python manage.py send_reminders` — the daily reminders, now. The worker runs them by itself
every morning (proposals.jobs); this is for a catch-up or a run as on another day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from proposals.jobs import REMINDERS_SUMMARY
from proposals.services import reminders_send


class Command(BaseCommand):
    help = (
        "Close lapsed evaluations and remind handling units and the secretaries of overdue and "
        "soon-due items (once a day per user, item and kind)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as on this day (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from error
        counts = reminders_send(today)
        self.stdout.write(REMINDERS_SUMMARY % counts)
