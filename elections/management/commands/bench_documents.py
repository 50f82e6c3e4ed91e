"""python manage.py bench_documents [--voters 1000 10000] [--document cards roll]

Times the voter cards (选民证) and the published roll (公布选民名单) of a whole township as the
worker makes them: for each document and size, a child process fills a throwaway election (ten
districts) with generated voters, runs the real job (elections.jobs.election_document) and
prints milliseconds per card or per roll line, the PDF's size, and the child's peak
memory (resource.getrusage maxrss) beside its peak before the job, so growth with the number
of voters shows. Everything is rolled back and the job's file removed.

Run it against a database of its own (e.g. DATABASE_URL=sqlite:////tmp/bench.sqlite3 after
`migrate`): on SQLite the throwaway election holds the write lock while the job runs.
"""

import subprocess
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from congress import benchmarks, names
from congress.models import Job
from elections import jobs
from elections.management.commands.bench_voters import generate_rows, peak_mb
from elections.models import District, Election, RollChange, Voter

DISTRICTS = 10
UNITS = {"cards": "card", "roll": "line"}


class Rollback(Exception):
    pass


def fill_election(voters):
    """A throwaway election of ten districts with `voters` valid voters, inserted in batches
    so that the setup itself stays small in memory."""
    election = Election.objects.create(
        name="性能测试镇第十九届人大代表选举（回滚）",
        election_day=date(2026, 11, 15),
        population=voters * 2,
    )
    districts = [
        District.objects.create(
            election=election,
            name=f"测试选区{i + 1}",
            code=f"{i + 1:02d}",
            population=voters // 5,
            seats=2,
            polling_stations=f"测试村{i + 1}村民委员会\n测试小学",
        )
        for i in range(DISTRICTS)
    ]
    batch = []
    for name, number, ethnicity, address, district in generate_rows(voters, districts):
        batch.append(
            Voter(
                election=election,
                district=district,
                name=name,
                id_number=number,
                gender="M" if int(number[16]) % 2 else "F",
                birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                ethnicity=ethnicity,
                address=address,
                stroke_key=names.stroke_sort_key(name),
            )
        )
        if len(batch) == 5000:
            Voter.objects.bulk_create(batch)
            batch = []
    Voter.objects.bulk_create(batch)
    return election


class Command(BaseCommand):
    help = "Benchmark the voter cards and roll PDFs of a township (everything is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--voters", type=int, nargs="+", default=[1000, 10000])
        parser.add_argument(
            "--document", nargs="+", choices=sorted(UNITS), default=["cards", "roll"]
        )
        parser.add_argument("--one", action="store_true", help="run in this process (internal)")

    def handle(self, *args, voters, document, one, **options):
        if one:
            self.run_one(document[0], voters[0])
            return
        for doc in document:
            for count in voters:
                # A child per run: maxrss is a process's peak, so each run needs a fresh one.
                command = [sys.executable, sys.argv[0], "bench_documents", "--one"]
                command += ["--document", doc, "--voters", str(count)]
                result = subprocess.run(command, capture_output=True, text=True, check=False)
                self.stdout.write(result.stdout.rstrip())
                if result.returncode:
                    self.stderr.write(result.stderr)

    def run_one(self, document, voters):
        benchmarks.vacuum(Voter, RollChange)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                election = fill_election(voters)
                benchmarks.analyze()
                setup = time.perf_counter() - started
                before = peak_mb()
                job = Job.objects.create(
                    kind=f"election_{document}",
                    title="bench",
                    params={"election": election.pk, "district": None, "document": document},
                )
                started = time.perf_counter()
                jobs.election_document.call(job.pk)
                elapsed = time.perf_counter() - started
                job.refresh_from_db()
                if job.state != Job.State.DONE:
                    raise Rollback(("failed", job.problems))
                size = job.file.size
                job.file.delete(save=False)
                raise Rollback(("done", (elapsed, setup, before, size)))
        except Rollback as outcome:
            state, figures = outcome.args[0]
        if state == "failed":
            self.stderr.write(f"{document} {voters}: job failed: {figures}")
            return
        elapsed, setup, before, size = figures
        self.stdout.write(
            f"{document:5} {voters:>7,} voters: {elapsed:7.2f} s, "
            f"{elapsed * 1000 / voters:6.2f} ms per {UNITS[document]}; "
            f"PDF {size / 1e6:.1f} MB; peak memory {peak_mb():.0f} MB "
            f"(before the job {before:.0f} MB); setup {setup:.1f} s"
        )
