"""Measure the proposals pages with many items: queries and render time.

    python manage.py bench_proposals [--items 10000] [--repeat 5]

Everything runs in one transaction that is rolled back at the end, so the database is left as
it was (the demo database is fine; on SQLite other writers wait while it runs). It bulk-creates
items spread over states, deputies and units, with their assignments, replies, evaluations and
events, then renders the secretary's board (first page), a deputy's 我的建议 and the dashboard
with the test client: first with a tenth of the items, then with all of them. The login page,
rendered for an anonymous client in the same run, is the baseline: a page that reads nothing
of the items, so its time is what the framework and the machine cost now (the machines are
shared and noisy, so the targets are ratios to it). For each page it prints the number of
queries at both sizes, the median render time and its ratio to the login page's at both sizes;
it fails (exit status 1) when a page's number of queries grows with the number of items.
"""

import contextlib
import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from congress import benchmarks
from congress.models import User
from congress.names import stroke_sort_key
from congress.roles import Role
from deputies.models import Deputy, Seat
from proposals.models import (
    Assignment,
    Evaluation,
    Event,
    HandlingUnit,
    Proposal,
    Reply,
    State,
    Topic,
    Verdict,
)

# The states items are spread over, in turn (handling states weigh more, as in a real year).
SPREAD = (
    State.DRAFT,
    State.SUBMITTED,
    State.AWAITING_ASSIGNMENT,
    State.ASSIGNED,
    State.ASSIGNED,
    State.REPLIED,
    State.REHANDLING,
    State.CLOSED,
    State.CLOSED,
    State.CLOSED,
    State.WITHDRAWN,
    State.DECLINED,
)
ASSIGNED_STATES = {State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED}
REPLIED_STATES = {State.REPLIED, State.REHANDLING, State.CLOSED}
DEPUTIES = 60
UNITS = 15
# Every so many items is led by the deputy whose 我的建议 page is measured.
OWN_EVERY = 10
# The tables it fills, vacuumed first (congress.benchmarks).
FILLED = (Proposal, Proposal.co_signers.through, Assignment, Reply, Evaluation, Event)
NUMBER_BASE = 900000  # registration numbers far above real ones (all rolled back anyway)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render the proposals pages with many items and report queries and time (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=10000, help="items at full size")
        parser.add_argument("--repeat", type=int, default=5, help="renders per page and size")

    def handle(self, *args, items, repeat, **options):
        if items < 20:
            raise CommandError("--items must be at least 20.")
        self.today = timezone.localdate()
        self.repeat = repeat
        results = {}
        benchmarks.vacuum(*FILLED)
        # The test client's host, and e-mail kept in memory. Not setup_test_environment(): its
        # instrumented rendering copies the context at every template and include, a cost no
        # server pays and one that grows with the rows a page lists.
        with (
            override_settings(
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ),
            contextlib.suppress(Rollback),
            transaction.atomic(),
        ):
            self.setup_people()
            self.created = 0
            small = items // 10
            self.add_items(small)
            results["small"] = self.measure()
            self.add_items(items - small)
            results["full"] = self.measure()
            raise Rollback
        self.report(items, results)

    # Data

    def setup_people(self):
        groups = {role: Group.objects.get(name=role.value) for role in Role}
        stamp = f"{time.time_ns() % 10**9}"

        def user(role, name):
            account = User.objects.create_user(f"bench-{role.name.lower()}-{stamp}", name=name)
            account.groups.add(groups[role])
            return account

        self.secretary = user(Role.SECRETARY, "压测秘书")
        self.deputy_user = user(Role.DEPUTY, "压测代表")
        self.officer = user(Role.UNIT_OFFICER, "压测承办人")
        self.deputies = Deputy.objects.bulk_create(
            Deputy(
                name=f"压测代表{i}",
                stroke_key=stroke_sort_key(f"压测代表{i}"),
                gender="M" if i % 2 else "F",
                birth_date=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                party="cpc" if i % 3 else "masses",
                education="college",
                occupation="farmer",
                user=self.deputy_user if i == 0 else None,
            )
            for i in range(DEPUTIES)
        )
        Seat.objects.bulk_create(
            Seat(deputy=d, level="township", term_number=18) for d in self.deputies
        )
        self.units = HandlingUnit.objects.bulk_create(
            HandlingUnit(name=f"压测承办单位{stamp}-{i}", kind="township_office")
            for i in range(UNITS)
        )
        self.units[0].officers.add(self.officer)

    def add_items(self, count):
        """Bulk-create `count` more items with their handling rows."""
        today, year = self.today, self.today.year
        days_this_year = (today - date(year, 1, 1)).days + 1
        topics = Topic.values
        proposals = []
        for n in range(self.created, self.created + count):
            state = SPREAD[n % len(SPREAD)]
            deputy = self.deputies[0] if n % OWN_EVERY == 0 else self.deputies[n % DEPUTIES]
            submitted = (
                None
                if state == State.DRAFT
                else date(year, 1, 1) + timedelta(days=n % days_this_year)
            )
            numbered = state not in (State.DRAFT, State.SUBMITTED, State.WITHDRAWN)
            proposals.append(
                Proposal(
                    kind="suggestion",
                    title=f"关于第{n}号压测事项的建议",
                    content="压测内容。" * 10,
                    topic=topics[n % len(topics)],
                    lead_deputy=deputy,
                    state=state,
                    number=NUMBER_BASE + n if numbered else None,
                    number_year=year if numbered else None,
                    submitted_date=submitted,
                    # Deadlines around today: some overdue, some due soon, most later.
                    deadline=today + timedelta(days=n % 120 - 20)
                    if state in ASSIGNED_STATES
                    else None,
                    created_by=self.secretary,
                )
            )
        self.created += count
        proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
        Through = Proposal.co_signers.through
        Through.objects.bulk_create(
            (
                Through(proposal=p, deputy=self.deputies[(p.pk % (DEPUTIES - 1)) + 1])
                for p in proposals
                if p.pk % 3 == 0
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        events, assignments, replies = [], [], []
        for i, p in enumerate(proposals):
            events.append(Event(proposal=p, actor=None, action="submit", to_state=p.state))
            if p.state not in ASSIGNED_STATES:
                continue
            assigned_date = p.submitted_date
            assignments.append(
                Assignment(
                    proposal=p,
                    unit=self.units[i % UNITS],
                    role=Assignment.Role.LEAD,
                    assigned_date=assigned_date,
                    deadline=p.deadline,
                    acknowledged_at=timezone.now() if i % 2 else None,
                )
            )
            if i % 4 == 0:
                assignments.append(
                    Assignment(
                        proposal=p,
                        unit=self.units[(i + 1) % UNITS],
                        role=Assignment.Role.CO,
                        assigned_date=assigned_date,
                        deadline=assigned_date + timedelta(days=30),
                    )
                )
            events.append(
                Event(proposal=p, actor=self.secretary, action="assign", to_state=p.state)
            )
            if p.state in REPLIED_STATES:
                rounds = 2 if (p.state == State.CLOSED and i % 3 == 0) else 1
                for round_ in range(1, rounds + 1):
                    replies.append(
                        Reply(
                            proposal=p,
                            unit=self.units[i % UNITS],
                            round=round_,
                            text="已研究办理。",
                            category="ABCD"[(i + round_) % 4],
                            contact_person="联系人",
                            phone="0571-0000000",
                            date=min(assigned_date + timedelta(days=20 * round_), self.today),
                            created_by=self.officer,
                        )
                    )
        Event.objects.bulk_create(events, batch_size=5000)
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        replies = Reply.objects.bulk_create(replies, batch_size=5000)
        latest = {}
        for reply in replies:
            latest.setdefault(reply.proposal_id, []).append(reply)
        states = {p.pk: p for p in proposals}
        evaluations = []
        for proposal_id, rows in latest.items():
            item = states[proposal_id]
            for reply in rows:
                last = reply is rows[-1]
                if item.state == State.REHANDLING:
                    verdict = Verdict.UNSATISFIED
                elif item.state == State.CLOSED and last:
                    verdict = (Verdict.SATISFIED, Verdict.BASICALLY)[proposal_id % 2]
                elif item.state == State.CLOSED:
                    verdict = Verdict.UNSATISFIED
                else:
                    continue  # replied, waiting for the evaluation
                evaluations.append(
                    Evaluation(
                        proposal=item,
                        reply=reply,
                        deputy=item.lead_deputy,
                        verdict=verdict,
                        comment="" if verdict != Verdict.UNSATISFIED else "未解决",
                        date=reply.date,
                    )
                )
        Evaluation.objects.bulk_create(evaluations, batch_size=5000)
        benchmarks.analyze()

    # Measuring

    def pages(self):
        """(key, label, url, user or None for an anonymous client); the baseline comes first."""
        return (
            ("login", "login page (baseline)", reverse("login"), None),
            ("board", "secretary's board (first page)", reverse("proposal_board"), self.secretary),
            ("my", "deputy's 我的建议", reverse("my_proposals"), self.deputy_user),
            ("home", "dashboard", reverse("home"), self.secretary),
        )

    def measure(self):
        found = {}
        for key, _, url, user in self.pages():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(url)  # warm-up (template loading, caches)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}.")
            # A request starts by clearing the query log (DEBUG): start from an empty one.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # read now: the next request clears the log
            times = []
            # Timed without the query log DEBUG keeps (it slows long queries down).
            with override_settings(DEBUG=False):
                for _ in range(self.repeat):
                    start = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            found[key] = (count, statistics.median(times))
        return found

    def report(self, items, results):
        small, full = results["small"], results["full"]
        tenth = items // 10
        self.stdout.write(
            f"{'page':<34}{'queries @' + str(tenth):>14}{'queries @' + str(items):>16}"
            f"{'ms @' + str(tenth):>12}{'ms @' + str(items):>12}"
            f"{'× login @' + str(tenth):>14}{'× login @' + str(items):>16}"
        )
        growing = []
        for key, label, _, _ in self.pages():
            (q_small, t_small), (q_full, t_full) = small[key], full[key]
            self.stdout.write(
                f"{label:<34}{q_small:>14}{q_full:>16}{t_small:>12.1f}{t_full:>12.1f}"
                f"{t_small / small['login'][1]:>14.1f}{t_full / full['login'][1]:>16.1f}"
            )
            if q_full != q_small:
                growing.append(label)
        self.stdout.write(
            f"(median of {self.repeat} renders; × login = the page's median ÷ the login page's "
            "at the same size; all rows rolled back)"
        )
        if growing:
            raise CommandError("Queries grow with the number of items: " + ", ".join(growing))
