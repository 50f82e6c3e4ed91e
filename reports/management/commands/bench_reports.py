"""Measure the annual summary of a large township: seconds and queries to gather the figures
and render the PDF.

    python manage.py bench_reports [--deputies 200 --suggestions 1000 --activities 300] [--repeat 5]

Everything runs in one transaction that is rolled back at the end, so the database is left as
it was. It bulk-creates the given numbers of deputies in office (with seats and groups),
suggestions in every state with their assignments, replies and evaluations (the generator of
bench_proposals), and activities with attendance, all in this year; then it times
reports.selectors.data_document + reports.rendering.pdf_bytes for the annual summary. It does
it again after adding as many again, and fails (exit status 1) when the number of queries grew
with the data.
"""

import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from weasyprint import HTML

from congress import benchmarks
from congress.models import PresidiumMeeting, Session, Term
from congress.names import stroke_sort_key
from congress.pdf import fonts as pdf_fonts
from deputies.models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    GroupMembership,
    LiaisonStation,
    Occupation,
    Organiser,
    Party,
    Seat,
)
from proposals.management.commands import bench_proposals
from reports.rendering import pdf_bytes
from reports.selectors import data_document

DEPUTIES_PER_GROUP = 20
STATIONS = 5
PRESENT_PER_ACTIVITY = 6
TERM_NUMBER = 99  # a throwaway term for the session and meetings (rolled back anyway)
TARGET_SECONDS = 5
# The tables it fills beside the proposals benchmark's, vacuumed first (congress.benchmarks).
FILLED = (Deputy, Seat, DeputyGroup, GroupMembership, LiaisonStation, Activity, Attendance)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the annual summary (figures and PDF) of a large township (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--deputies", type=int, default=200)
        parser.add_argument("--suggestions", type=int, default=1000)
        parser.add_argument("--activities", type=int, default=300)
        # WeasyPrint alone varies by a tenth from run to run on these machines.
        parser.add_argument("--repeat", type=int, default=5, help="runs per size (medians)")

    def handle(self, *args, deputies, suggestions, activities, repeat, **options):
        if deputies < bench_proposals.DEPUTIES or suggestions < 1 or activities < 1:
            raise CommandError(
                f"Give at least {bench_proposals.DEPUTIES} deputies, 1 suggestion, 1 activity."
            )
        self.today = timezone.localdate()
        self.year = self.today.year
        self.repeat = repeat
        results = []
        benchmarks.vacuum(*bench_proposals.FILLED, *FILLED)
        try:
            with transaction.atomic():
                self.setup()
                for scale in (1, 2):
                    self.add(deputies * scale, suggestions, activities)
                    benchmarks.analyze()
                    results.append((scale, *self.measure()))
                raise Rollback
        except Rollback:
            pass
        self.report(deputies, suggestions, activities, results)

    # Data

    def setup(self):
        """Accounts, units and the first deputies of the proposals benchmark, a session and
        meetings this year, stations."""
        self.proposals = bench_proposals.Command()
        self.proposals.today = self.today
        self.proposals.created = 0
        self.proposals.setup_people()
        self.deputies = list(self.proposals.deputies)
        self.groups = []
        self.add_groups(self.deputies)
        self.activities_made = 0
        term, _ = Term.objects.get_or_create(
            number=TERM_NUMBER, defaults={"start_date": date(self.year, 1, 1)}
        )
        Session.objects.create(
            term=term,
            number=1,
            start_date=date(self.year, 1, 10),
            end_date=date(self.year, 1, 11),
            reports_heard="政府工作报告\n财政预算报告\n人大主席团工作报告",
        )
        PresidiumMeeting.objects.bulk_create(
            PresidiumMeeting(term=term, number=n + 1, date=date(self.year, 1 + n, 5), agenda="压测")
            for n in range(min(4, self.today.month))
        )
        self.stations = LiaisonStation.objects.bulk_create(
            LiaisonStation(name=f"压测联络站{time.time_ns()}-{i}", address="压测地址")
            for i in range(STATIONS)
        )

    def add(self, deputies, suggestions, activities):
        """Bring the deputies in office up to `deputies` (with seats and groups), and add
        `suggestions` suggestions and `activities` activities."""
        made = len(self.deputies)
        new = Deputy.objects.bulk_create(
            Deputy(
                name=f"压测代表{n}",
                stroke_key=stroke_sort_key(f"压测代表{n}"),
                gender=Gender.values[n % 2],
                birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                party=Party.values[n % len(Party.values)],
                education=Education.values[n % len(Education.values)],
                occupation=Occupation.values[n % len(Occupation.values)],
            )
            for n in range(made, deputies)
        )
        Seat.objects.bulk_create(Seat(deputy=d, level="township", term_number=18) for d in new)
        self.deputies += new
        self.add_groups(new)
        self.proposals.add_items(suggestions)
        self.add_activities(activities)

    def add_groups(self, deputies):
        count = -(-len(deputies) // DEPUTIES_PER_GROUP)
        groups = DeputyGroup.objects.bulk_create(
            DeputyGroup(name=f"压测代表小组{len(self.groups) + i}-{time.time_ns()}")
            for i in range(count)
        )
        self.groups += groups
        GroupMembership.objects.bulk_create(
            GroupMembership(
                deputy=deputy, group=groups[i // DEPUTIES_PER_GROUP], start_date=date(2022, 1, 1)
            )
            for i, deputy in enumerate(deputies)
        )

    def add_activities(self, count):
        kinds = ActivityKind.values
        days = (self.today - date(self.year, 1, 1)).days + 1
        made = []
        for n in range(self.activities_made, self.activities_made + count):
            organiser = (Organiser.PRESIDIUM, Organiser.GROUP, Organiser.STATION)[n % 3]
            kind = kinds[n % len(kinds)]
            made.append(
                Activity(
                    kind=kind,
                    topic=f"压测活动{n}",
                    start_date=date(self.year, 1, 1) + timedelta(days=n % days),
                    organiser=organiser,
                    group=self.groups[n % len(self.groups)]
                    if organiser == Organiser.GROUP
                    else None,
                    station=self.stations[n % STATIONS] if organiser == Organiser.STATION else None,
                    voters_received=30 if kind == ActivityKind.RECEPTION else 0,
                    training_hours=4 if kind == ActivityKind.TRAINING else None,
                    issues_found=n % 4,
                    issues_rectified=n % 3 if n % 3 <= n % 4 else 0,
                )
            )
        self.activities_made += count
        made = Activity.objects.bulk_create(made)
        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                deputy=self.deputies[(index * 7 + k) % len(self.deputies)],
                status=AttendanceStatus.LEAVE
                if k == PRESENT_PER_ACTIVITY
                else AttendanceStatus.PRESENT,
            )
            for index, activity in enumerate(made)
            for k in range(PRESENT_PER_ACTIVITY + 1)
        )

    # Measuring

    def measure(self):
        """(seconds, queries, WeasyPrint-alone seconds) of the annual summary: the figures and
        the PDF, and beside them WeasyPrint writing the very same HTML (the floor); medians of
        `--repeat` runs."""
        pdf_bytes(data_document("annual", self.year))  # warm-up: fonts, templates
        runs, floors = [], []
        for _ in range(self.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                document = data_document("annual", self.year)
                pdf_bytes(document)
                runs.append(time.perf_counter() - start)
            html = render_to_string(
                "reports/summary_pdf.html", {"doc": document, "pdf_fonts": pdf_fonts()}
            )
            start = time.perf_counter()
            HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
            floors.append(time.perf_counter() - start)
        return statistics.median(runs), len(queries), statistics.median(floors)

    def report(self, deputies, suggestions, activities, results):
        self.stdout.write(
            f"{'scale':<8}{'deputies':>10}{'suggestions':>13}{'activities':>12}"
            f"{'seconds':>10}{'queries':>10}{'weasyprint':>12}{'ratio':>8}"
        )
        for scale, seconds, queries, floor in results:
            self.stdout.write(
                f"{'x' + str(scale):<8}{deputies * scale:>10}{suggestions * scale:>13}"
                f"{activities * scale:>12}{seconds:>10.2f}{queries:>10}{floor:>12.2f}"
                f"{seconds / floor:>8.2f}"
            )
        self.stdout.write(
            f"(annual summary of {self.year}: data_document + pdf_bytes; weasyprint: WeasyPrint "
            f"alone writing the same HTML; medians of {self.repeat}; ratio: the first ÷ the second; "
            "all rows rolled back)"
        )
        (_, _, small, _), (_, seconds, full, _) = results
        if full != small:
            raise CommandError(f"Queries grow with the data: {small} → {full}.")
        if seconds > TARGET_SECONDS:
            self.stderr.write(f"Slower than the {TARGET_SECONDS} s target.")
