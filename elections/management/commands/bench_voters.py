"""python manage.py bench_voters [--rows 100000] [--format csv|xlsx|both] [--repeat 3]
[--stock-rows 10000]

Times a whole township's voter roll through the real import (reading the file, checking every
row, writing) against the floor of the same work: generates valid voters into a CSV file and
an .xlsx file, imports each into a throwaway election with ten districts (`--repeat` times,
medians printed), and beside it times the floor: a bare parse of the same file (the csv
module; python-calamine for .xlsx) plus writing the very rows the import stored (voters and
their roll changes) into tables of the same shape with the same indexes, by COPY on
PostgreSQL (executemany on SQLite); the same into temporary tables, which write no log, is
printed beside it. Then django-import-export's stock ModelResource imports
the first `--stock-rows` of the same voters, for the speed-up of the import over it. Prints
rows per second, the ratios and the peak memory of the process (resource.getrusage maxrss).
Everything is rolled back: nothing stays in the database."""

import csv
import io
import itertools
import re
import resource
import statistics
import sys
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from import_export import resources
from stdnum.cn import ric

from congress import benchmarks, names
from congress.spreadsheets import import_file
from elections import services
from elections.models import District, Election, RollChange, Voter

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
HEADER = ("姓名", "公民身份号码", "民族", "住址", "选区")
DISTRICT_NAMES = [f"测试选区{i + 1}" for i in range(10)]
ELECTION_DAY = date(2026, 11, 15)


class Rollback(Exception):
    pass


class StockVoterResource(resources.ModelResource):
    """django-import-export as it comes: row by row, a voter found by election and ID number."""

    class Meta:
        model = Voter
        fields = (
            "election",
            "district",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "ethnicity",
            "address",
            "on_roll",
            "stroke_key",
        )
        import_id_fields = ("election", "id_number")


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


def roll_file(rows, format):
    if format == "csv":
        lines = [",".join(HEADER)] + [",".join(row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bare_parse(data, format):
    """The file read with nothing else done: the floor of reading."""
    if format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def timed(work):
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def bench_election(rows):
    election = Election.objects.create(
        name="性能测试（回滚）", election_day=ELECTION_DAY, population=rows * 2
    )
    for i, name in enumerate(DISTRICT_NAMES):
        District.objects.create(
            election=election, name=name, code=f"T{i:02d}", population=rows // 5, seats=2
        )
    return election


def floor_table(cursor, model, temporary):
    """An empty table of the model's shape with its indexes (dropped when the transaction rolls
    back); its name. A temporary table writes no log (WAL on PostgreSQL), which the roll's
    own table must."""
    table = model._meta.db_table
    prefix = "floor_temp_" if temporary else "floor_"
    floor = prefix + table
    quote = connection.ops.quote_name
    create = "CREATE TEMP TABLE" if temporary else "CREATE TABLE"
    if connection.vendor == "postgresql":
        cursor.execute(f"{create} {quote(floor)} (LIKE {quote(table)} INCLUDING ALL)")
        return floor
    cursor.execute(
        "SELECT type, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
    )
    for kind, sql in sorted(cursor.fetchall(), key=lambda found: found[0] != "table"):
        sql = sql.replace(quote(table), quote(floor))
        # Foreign keys cannot point out of the temporary schema; the key columns stay.
        sql = re.sub(r' REFERENCES "\w+" \("\w+"\)( DEFERRABLE INITIALLY DEFERRED)?', "", sql)
        if kind == "table":
            sql = sql.replace("CREATE TABLE", create, 1)
        else:
            sql = sql.replace('INDEX "', f'INDEX "{prefix}', 1)
        cursor.execute(sql)
    return floor


def floor_write(election):
    """Seconds to write the rows the import stored (voters and roll changes) into empty
    tables of the same shape with the same indexes, as fast as the database takes rows:
    ({False: into ordinary tables, True: into temporary ones})."""
    benchmarks.analyze()  # reading the roll changes back joins 100,000 rows
    stored = []
    for model, rows in (
        (Voter, Voter.objects.filter(election=election)),
        (RollChange, RollChange.objects.filter(voter__election=election)),
    ):
        fields = model._meta.concrete_fields
        stored.append(
            (
                model,
                [f.column for f in fields],
                list(rows.values_list(*(f.attname for f in fields))),
            )
        )
    seconds = {False: 0, True: 0}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for temporary, (model, columns, rows) in itertools.product(seconds, stored):
            floor = floor_table(cursor, model, temporary)
            names = ", ".join(quote(c) for c in columns)
            started = time.perf_counter()
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(floor)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {quote(floor)} ({names}) VALUES "
                    f"({', '.join(['%s'] * len(columns))})",
                    rows,
                )
            seconds[temporary] += time.perf_counter() - started
    return seconds


def import_once(data, format, rows):
    """(seconds of the whole import, seconds of the floor's writing, peak memory in MB after
    the import) for one run."""
    try:
        with transaction.atomic():
            election = bench_election(rows)
            seconds, report = timed(
                lambda: import_file(
                    "voters", data, f"bench.{format}", actor=None, election=election
                )
            )
            if report.errors or report.new != rows:
                raise Rollback(report.errors[:20] or ["not every row was imported"])
            peak = peak_mb()  # before the floor's rows are fetched
            raise Rollback((seconds, floor_write(election), peak))
    except Rollback as done:
        if isinstance(done.args[0], list):
            raise SystemExit("\n".join(str(problem) for problem in done.args[0])) from None
        return done.args[0]


def stock_once(rows):
    """Seconds for django-import-export's stock ModelResource to import `rows`."""
    import tablib

    try:
        with transaction.atomic():
            election = bench_election(len(rows))
            districts = dict(election.districts.values_list("name", "pk"))
            dataset = tablib.Dataset(headers=StockVoterResource.Meta.fields)
            for name, number, ethnicity, address, district in rows:
                number, born, gender = services.voter_id_facts(number, ELECTION_DAY)
                dataset.append(
                    (
                        election.pk,
                        districts[district],
                        name,
                        number,
                        gender,
                        born.isoformat(),
                        ethnicity,
                        address,
                        1,
                        names.stroke_sort_key(name),
                    )
                )
            seconds, result = timed(
                lambda: StockVoterResource().import_data(dataset, raise_errors=True)
            )
            assert result.totals["new"] == len(rows), result.totals
            raise Rollback(seconds)
    except Rollback as done:
        return done.args[0]


class Command(BaseCommand):
    help = "Benchmark the voter roll import against its floor (everything is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--stock-rows", type=int, default=10_000, help="0 to skip")

    def handle(self, *args, rows, format, repeat, stock_rows, **options):
        benchmarks.vacuum(Voter, RollChange)
        voters = list(generate_rows(rows, DISTRICT_NAMES))
        self.stdout.write(f"{connection.vendor}, {rows:,} voters, medians of {repeat}")
        speeds = {}
        for kind in ("csv", "xlsx") if format == "both" else (format,):
            generated, data = timed(lambda kind=kind: roll_file(voters, kind))
            self.stdout.write(f"{kind}: generated {len(data) / 1e6:.1f} MB in {generated:.1f} s")
            runs = [import_once(data, kind, rows) for _ in range(repeat)]
            parse = statistics.median(
                timed(lambda data=data, kind=kind: bare_parse(data, kind))[0] for _ in range(repeat)
            )
            whole = statistics.median(seconds for seconds, _, _ in runs)
            write, temp_write = (
                statistics.median(floors[temporary] for _, floors, _ in runs)
                for temporary in (False, True)
            )
            floor, temp_floor = parse + write, parse + temp_write
            speeds[kind] = rows / whole
            how = "COPY" if connection.vendor == "postgresql" else "executemany"
            self.stdout.write(
                f"  import   {whole:6.2f} s  {rows / whole:9,.0f} rows/s  "
                f"(runs {', '.join(f'{s:.2f}' for s, _, _ in runs)})\n"
                f"  floor    {floor:6.2f} s  {rows / floor:9,.0f} rows/s  "
                f"(bare parse {parse:.2f} s + {how} of the stored rows {write:.2f} s)\n"
                f"  ratio    {whole / floor:6.1f}× the floor\n"
                f"  into temporary tables (no log written): {how} {temp_write:.2f} s, "
                f"floor {temp_floor:.2f} s, ratio {whole / temp_floor:.1f}×\n"
                f"  peak memory (maxrss) after the first import {runs[0][2]:.0f} MB"
            )
        if stock_rows:
            count = min(stock_rows, rows)
            seconds = stock_once(voters[:count])
            stock = count / seconds
            self.stdout.write(
                f"stock ModelResource: {count:,} voters in {seconds:.1f} s, {stock:,.0f} rows/s; "
                + ", ".join(
                    f"the {kind} import is {speed / stock:,.0f}× faster"
                    for kind, speed in speeds.items()
                )
            )
        self.stdout.write(f"peak memory (maxrss) {peak_mb():.0f} MB; everything rolled back.")
