"""Measure the proposals pages as a user meets them: through gunicorn, over HTTP, under load.

    python manage.py bench_server [--items 10000] [--clients 20] [--requests 200] [--workers 2]

bench_proposals renders pages with the test client inside a transaction, where the login page
costs a few ms; here every request pays what a server pays (HTTP, sessions, middleware, static
manifest, a separate database connection), as issue 14 measured. The command makes a throwaway
database beside the configured one (SQLite: a temporary file; PostgreSQL: `<name>_bench`),
migrates it and fills it, committed, with bench_proposals' items and accounts, collects the
static files into a temporary folder and starts gunicorn on it with DEBUG off. Then `--clients`
threads each log in as the secretary through the login form and request, page after page, the
login page (anonymous, the baseline), the secretary's board and the dashboard, `--requests`
requests per page spread over the clients. It prints per page the median and 90th percentile
of the request times, requests per second, the workers' time per request that throughput
implies, and the median as a multiple of the login page's in the same run; it fails when any
request is answered with anything but 200. gunicorn is stopped and the database dropped at the
end, also on an error or Ctrl-C.
"""

import concurrent.futures
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from proposals.management.commands import bench_proposals

STARTUP_SECONDS = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def padded(text, width):
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * (width - shown)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to measure (the login's 302), not one to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its own cookies, one request at a time, no proxy (the server is local)."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def request(self, path, data=None):
        """(status, body, ms) of one request, the body read to its end."""
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=120) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return status, body, (time.perf_counter() - start) * 1000

    def log_in(self, login_path, username, password):
        status, body, _ = self.request(login_path)
        token = CSRF_FIELD.search(body.decode())
        if status != 200 or token is None:
            raise CommandError(f"The login page answered {status} without a form.")
        form = {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
        status, _, _ = self.request(login_path, urllib.parse.urlencode(form).encode())
        if status != 302:  # a refused login shows the form again with 200
            raise CommandError(f"Logging in as {username} answered {status}, not a redirect.")


class Command(BaseCommand):
    help = "Measure the board and dashboard through gunicorn under concurrent clients."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=10000)
        parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
        parser.add_argument("--requests", type=int, default=200, help="requests per page")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        # Internal: run in a child process whose database is the throwaway one.
        parser.add_argument("--fill", action="store_true", help="(internal) fill this database")

    def handle(self, *args, items, clients, requests, workers, fill, **options):
        if items < 1 or clients < 1 or workers < 1 or requests < 2:
            raise CommandError("--items, --clients, --workers ≥ 1 and --requests ≥ 2.")
        if fill:
            self.fill(items)
            return
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError("bench_server runs on SQLite or PostgreSQL.")
        with tempfile.TemporaryDirectory(prefix="bench_server-") as folder:
            folder = Path(folder)
            self.env = self.server_env(folder)
            server = None
            try:
                self.create_database()
                self.say(f"Migrating, collecting static files, filling {items} items…")
                self.manage("migrate", "--noinput")
                self.manage("collectstatic", "--noinput")
                username, password = self.manage("bench_server", "--fill", "--items", str(items))
                self.say(f"Starting gunicorn with {workers} workers…")
                server, base = self.start_server(workers, folder / "gunicorn.log")
                self.wait_until_up(server, base)
                results = self.measure(base, clients, requests, workers, username, password)
            except CommandError as error:
                log = folder / "gunicorn.log"
                tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                raise CommandError(f"{error}\n{tail}".rstrip()) from error
            finally:
                if server is not None:
                    server.terminate()
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
                self.drop_database()
        self.report(results, items, clients, requests, workers)

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    # The throwaway database and the server's environment

    def bench_name(self):
        return f"{connection.settings_dict['NAME']}_bench"

    def server_env(self, folder):
        """The environment of every child: the throwaway database and static folder, DEBUG off
        with a key of its own, and plain HTTP on the loopback (no TLS redirect, no secure-only
        cookies the client would keep to itself)."""
        if connection.vendor == "sqlite":
            url = f"sqlite:///{folder / 'db.sqlite3'}"
        else:
            url = self.postgres_url(self.bench_name())
        return {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(folder / "static"),
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "SECURE_HSTS_SECONDS": "0",
        }

    def postgres_url(self, name):
        """A DATABASE_URL for the configured server and account, database `name`."""
        db = connection.settings_dict
        quote = urllib.parse.quote
        account = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            account += ":" + quote(db["PASSWORD"], safe="")
        host = quote(db["HOST"] or "", safe="") + (f":{db['PORT']}" if db["PORT"] else "")
        options = {k: v for k, v in db["OPTIONS"].items() if isinstance(v, str | int)}
        query = f"?{urllib.parse.urlencode(options)}" if options else ""
        return f"postgres://{account}@{host}/{quote(name, safe='')}{query}"

    def admin_sql(self, sql):
        """CREATE and DROP DATABASE run outside any transaction: on a connection of their own,
        to the configured database."""
        if connection.vendor != "postgresql":
            return
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with own.cursor() as cursor:
                cursor.execute(sql % connection.ops.quote_name(self.bench_name()))
        finally:
            own.close()

    def create_database(self):
        self.admin_sql("DROP DATABASE IF EXISTS %s WITH (FORCE)")  # left by a killed run
        self.admin_sql("CREATE DATABASE %s")

    def drop_database(self):
        # FORCE: gunicorn's workers may still hold connections (CONN_MAX_AGE).
        self.admin_sql("DROP DATABASE IF EXISTS %s WITH (FORCE)")

    def manage(self, *arguments):
        """Run a manage.py command on the throwaway database; its last output line, split."""
        result = subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments, "-v0"],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise CommandError(f"manage.py {arguments[0]} failed:\n{result.stderr[-3000:]}")
        lines = result.stdout.strip().splitlines()
        return lines[-1].split("\t") if lines else []

    def fill(self, items):
        """In the child: bench_proposals' accounts and items, committed, the secretary with a
        password the clients can log in with; prints the secretary's user name and password."""
        filler = bench_proposals.Command()
        filler.today = timezone.localdate()
        filler.created = 0
        password = secrets.token_urlsafe(16)
        with transaction.atomic():
            filler.setup_people()
            filler.add_items(items)
            filler.secretary.set_password(password)
            filler.secretary.save(update_fields=["password"])
        if connection.vendor == "postgresql":
            # What autovacuum gives production tables: statistics and a visibility map.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"{filler.secretary.username}\t{password}")

    # The server and the clients

    def start_server(self, workers, log_path):
        with socket.socket() as probe:  # a free port on the loopback
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "congress.wsgi"]
                + ["-w", str(workers), "-b", f"127.0.0.1:{port}"],
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return server, f"http://127.0.0.1:{port}"

    def wait_until_up(self, server, base):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped with status {server.returncode}.")
            try:
                if Client(base).request(reverse("login"))[0] == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer within {STARTUP_SECONDS} s.")

    def pages(self):
        """(label, path, signed in); the baseline comes first."""
        return (
            ("login page (baseline)", reverse("login"), False),
            ("board (议案建议)", reverse("proposal_board"), True),
            ("dashboard (首页)", reverse("home"), True),
        )

    def measure(self, base, clients, requests, workers, username, password):
        """Per page: (request times in ms, seconds from the first request to the last)."""
        browsers = [Client(base) for _ in range(clients)]
        anonymous = [Client(base) for _ in range(clients)]
        login = reverse("login")
        results = {}
        self.stop = threading.Event()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            try:
                self.say(f"Logging {clients} clients in…")
                for future in [pool.submit(b.log_in, login, username, password) for b in browsers]:
                    future.result()
                for label, path, signed_in in self.pages():
                    self.say(f"Requesting {label}…")
                    team = browsers if signed_in else anonymous
                    # Untimed: a worker's first renders load templates and translations.
                    self.run_round(pool, team[:workers], path, 2 * workers)
                    start = time.perf_counter()
                    times = self.run_round(pool, team, path, requests)
                    results[label] = (times, time.perf_counter() - start)
            except BaseException:
                self.stop.set()  # the clients finish the request in hand, then stop
                raise
        return results

    def run_round(self, pool, team, path, requests):
        """`requests` GETs of `path` spread over `team`, each client one after another; their
        times in ms. Fails on any status but 200."""
        shares = [requests // len(team) + (i < requests % len(team)) for i in range(len(team))]

        def run(client, count):
            answers = []
            for _ in range(count):
                if self.stop.is_set():
                    break
                status, _, ms = client.request(path)
                answers.append((status, ms))
            return answers

        futures = [pool.submit(run, c, n) for c, n in zip(team, shares, strict=True) if n]
        try:
            answers = [answer for future in futures for answer in future.result()]
        except OSError as error:  # the server closed or refused the connection
            raise CommandError(f"{path}: {error}") from error
        refused = sorted({status for status, _ in answers if status != 200})
        if refused:
            raise CommandError(f"{path} answered {', '.join(map(str, refused))}.")
        return [ms for _, ms in answers]

    def report(self, results, items, clients, requests, workers):
        login = statistics.median(next(iter(results.values()))[0])
        self.stdout.write(
            f"{'page':<24}{'median ms':>11}{'p90 ms':>10}{'req/s':>9}{'service ms':>12}"
            f"{'× login':>9}"
        )
        for label, (times, seconds) in results.items():
            median = statistics.median(times)
            p90 = statistics.quantiles(times, n=10)[-1]
            rate = len(times) / seconds
            self.stdout.write(
                f"{padded(label, 24)}{median:>11.1f}{p90:>10.1f}{rate:>9.1f}{workers * 1000 / rate:>12.1f}"
                f"{median / login:>9.1f}"
            )
        self.stdout.write(
            f"({requests} requests per page over {clients} clients, gunicorn {workers} workers, "
            f"{items} items on {connection.vendor}; times from request to the last byte, queueing "
            f"included; service ms = workers ÷ req/s, the workers' time per request; × login = "
            "the median ÷ the login page's)"
        )
