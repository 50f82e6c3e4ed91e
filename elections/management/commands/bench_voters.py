"""python manage.py bench_voters [--rows 100000] [--format csv|xlsx]

Times a whole township's voter roll through the real import (reading the file, checking every
row, writing): it generates valid voters into a CSV file (or .xlsx with --format xlsx), imports
them into a throwaway election with ten districts, prints rows per second and the peak memory
of the process (resource.getrusage maxrss), and rolls everything back: nothing stays in the
database."""

import resource
import sys
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from stdnum.cn import ric

from congress.spreadsheets import import_file
from elections.models import District, Election

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


class Rollback(Exception):
    pass


def peak_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def generate_rows(count, districts):
    """`count` distinct, valid voters: birth dates spread over 1940-2005, unique orders."""
    start = date(1940, 1, 1)
    span = (date(2005, 12, 31) - start).days
    for n in range(count):
        born = start + timedelta(days=(n * 7919) % span)
        body = f"3301{(n // 999) % 100:02d}{born:%Y%m%d}{n % 999:03d}"
        number = body + ric.calc_check_digit(body + "0")
        name = (
            SURNAMES[n % len(SURNAMES)]
            + GIVEN[(n // 7) % len(GIVEN)]
            + GIVEN[(n // 3) % len(GIVEN)]
        )
        yield (name, number, "汉族", f"河东村{n % 12 + 1}组{n % 300 + 1}号", districts[n % 10])


class Command(BaseCommand):
    help = "Benchmark the voter roll import (everything is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, rows, format, **options):
        names = [f"测试选区{i + 1}" for i in range(10)]
        started = time.perf_counter()
        header = ("姓名", "公民身份号码", "民族", "住址", "选区")
        if format == "csv":
            lines = [",".join(header)]
            lines += [",".join(row) for row in generate_rows(rows, names)]
            data = ("\n".join(lines) + "\n").encode("utf-8")
        else:
            import io

            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet()
            sheet.append(header)
            for row in generate_rows(rows, names):
                sheet.append(row)
            out = io.BytesIO()
            book.save(out)
            data = out.getvalue()
        self.stdout.write(
            f"generated {rows} rows ({len(data) / 1e6:.1f} MB {format}) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        try:
            with transaction.atomic():
                election = Election.objects.create(
                    name="性能测试（回滚）", election_day=date(2026, 11, 15), population=rows * 2
                )
                for i, name in enumerate(names):
                    District.objects.create(
                        election=election,
                        name=name,
                        code=f"T{i:02d}",
                        population=rows // 5,
                        seats=2,
                    )

                def progress(phase, done, total):
                    self.stdout.write(f"  {phase} {done}/{total}")

                started = time.perf_counter()
                report = import_file(
                    "voters",
                    data,
                    f"bench.{format}",
                    actor=None,
                    election=election,
                    progress=progress,
                )
                elapsed = time.perf_counter() - started
                saved = election.voters.count()
                raise Rollback((report, elapsed, saved))
        except Rollback as done:
            report, elapsed, saved = done.args[0]
        if report.errors:
            for problem in report.errors[:20]:
                self.stderr.write(str(problem))
            self.stderr.write(f"{len(report.errors)} problems")
            return
        self.stdout.write(
            f"imported {saved} voters in {elapsed:.2f} s: {saved / elapsed:,.0f} rows/s; "
            f"peak memory (maxrss) {peak_mb():.0f} MB; rolled back."
        )
