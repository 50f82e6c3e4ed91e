"""A walk of every URL pattern the portal has, as every role, with real and foreign objects.

The patterns come from the resolver (admin and job pages included), so a new page is walked as
soon as it exists; a page whose parameters this module cannot fill fails
`test_every_pattern_is_walked` until it is named in PK_OBJECTS or OTHER_VALUES. For each role
and pattern the walk GETs the page with every object of the world that fits it, with a missing
object and with garbage in the query string, then POSTs nothing and garbage (random text with
a NUL, a huge text, negative and overflowing numbers, random bytes as every file) into every
field the page's forms name. Pages that hand out a file are not posted to.

It asserts what a person must never see: a server error, and, for the roles that own data (a
deputy, a unit's officer) and for the public, another owner's data. A deputy's or a unit's
request for a foreign object's page must be refused (403, 404, 405 or the login page). On every
page, for every role, it scans for the full ID numbers and birth dates of the world's people,
and for any 18 characters that read as an ID number: the portal's pages show them only to
those who may see them (a voter's to election staff), the back office to nobody. The back office is walked as the administrator and as every role given
staff status, and each of its lists, lookups and autocompletes is probed for the start of a
number: a search that answers differently for the right first digits gives the number away.

The world is built once per module inside a transaction rolled back at the end; each test runs
in its own savepoint, so what one test's POSTs change, the next one never sees.
"""

import io
import random
import re
from dataclasses import dataclass, field
from datetime import date, time
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from assembly import services as assembly_services
from assembly.models import AgendaItem, ItemKind
from congress import idnumbers
from congress.admin import PERSONAL_FIELDS
from congress.models import Job, PresidiumMember, TownshipProfile
from congress.roles import Role
from congress.spreadsheets import registry
from deputies.models import ActivityAttachment, ActivityKind, Deputy
from elections import congress_services
from elections.documents import TITLES as ELECTION_DOCUMENTS
from elections.models import Contest, DistrictResult, Objection, Office, Proxy
from intake import services as intake_services
from intake.models import Code
from intake.views.handling import STEP_FORMS
from oversight import services as oversight_services
from oversight.models import EvaluationPlan, Project, ProjectYear, ReportBackRating
from proposals.models import Attachment, Milestone, Notification
from reports.models import ArchivedVersion
from reports.services import report_create
from tests.assembly.helpers import VOTED_AT, motion_on_agenda, roster
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    CandidateFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    PetitionFactory,
    ProposalFactory,
    SessionAttendanceFactory,
    SessionFactory,
    StationFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
    VoterContactFactory,
    VoterFactory,
    resident_id_number,
)
from tests.proposals import helpers

MISSING_PK = 987654321
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED = (403, 404, 405)
# The identity each role's user has in the world: whose objects are its own.
IDENTITY = {"deputy": "deputy_a", "unit": "unit_a", "anonymous": "anonymous"}
# The owner of what only the secretary and the presidium may open (a station's opinions and
# code, an earlier term's agenda): every identity above must be refused it.
STAFF = "staff"
ROLES = ("superuser", "secretary", "presidium", "deputy", "unit", "election", "anonymous")
# The roles walked through the back office with staff status (an administrator may give it to
# anyone): it must show each no more than the portal does.
STAFF_ROLES = ("secretary", "presidium", "deputy", "unit", "election")


# The patterns


@dataclass(frozen=True)
class Pattern:
    name: str  # the URL name with its namespace, or the route of an unnamed pattern
    route: str
    params: tuple

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    def url(self, kwargs):
        """The path with `kwargs` in place of the route's converters and regex groups."""
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), path)
        return "/" + path.replace("^", "").replace("$", "")

    def __str__(self):
        return self.name


def _params(pattern):
    """A route's converters, or a regex's named groups."""
    return tuple(getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groupindex)


def _walk(resolver, prefix="", namespace="", params=()):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, route, inner, params + _params(entry))
        else:
            name = namespace + entry.name if entry.name else route
            yield Pattern(name, route, params + _params(entry))


PATTERNS = sorted(set(_walk(get_resolver())), key=lambda p: p.name)
SITE = [p for p in PATTERNS if not p.is_admin]
ADMIN = [p for p in PATTERNS if p.is_admin]


# The world


@dataclass
class Item:
    obj: object
    # Identities that own it ("deputy_a", "unit_b" ...): a deputy or a unit's officer who is
    # none of them must be refused its pages. Empty: not owned (terms, sessions, elections).
    owners: frozenset = frozenset()


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)  # key → [Item]
    # Text only its owners may see: marker → owners.
    markers: dict = field(default_factory=dict)
    # Values of other parameters known only once the world is built (random tokens): name → [].
    values: dict = field(default_factory=dict)
    # A person's full ID number or birth date, as any page could write it → the roles whose
    # portal pages may show it (the back office shows it to nobody).
    secrets: dict = field(default_factory=dict)
    # (ID number, birth date) of one deputy and one voter, for the back office's search probes.
    people: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # role → the same role's user with staff status

    def add_person(self, number, born, roles):
        self.people.append((number, born))
        for text in (number, born.isoformat(), f"{born.year}年{born.month}月{born.day}日"):
            self.secrets[text] = set(roles)

    def add(self, key, obj, *owners):
        self.objects.setdefault(key, []).append(Item(obj, frozenset(owners)))
        return obj


def _file(name, data=PDF):
    return ContentFile(data, name=name)


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def build_world():
    secretary = UserFactory(role=Role.SECRETARY, name="秘书甲")
    users = {
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "secretary": secretary,
        "presidium": UserFactory(role=Role.PRESIDIUM),
        "deputy": UserFactory(role=Role.DEPUTY),
        "unit": UserFactory(role=Role.UNIT_OFFICER),
        "election": UserFactory(role=Role.ELECTION_STAFF),
        "anonymous": None,
    }
    world = World(users)
    world.add("user", users["deputy"], "deputy_a")
    world.add("user", users["unit"], "unit_a")
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县", population=30000)
    term = world.add("term", TermFactory())
    # A small congress (20 deputies, 18 present), so pages listing deputies stay light.
    session = world.add(
        "session",
        SessionFactory(
            term=term,
            deputies_total=20,
            deputies_present=18,
            deputies_on_leave=2,
            deputies_absent=0,
        ),
    )
    world.add("meeting", MeetingFactory(term=term))
    world.add("member", MemberFactory(term=term, role=PresidiumMember.Role.CHAIR))
    group = world.add("group", GroupFactory())
    world.add("station", StationFactory())

    world.staff = {
        role: UserFactory(role=Role(users[role].groups.get().name), is_staff=True)
        for role in STAFF_ROLES
    }
    people = {}
    for owner, born, sex in (
        ("deputy_a", date(1963, 2, 27), "M"),
        ("deputy_b", date(1966, 9, 23), "F"),
    ):
        number = resident_id_number(born, 11, sex)
        people[owner] = {"id_number": number, "birth_date": born, "gender": sex}
        # Nobody's pages show a deputy's full number; a full export is a logged download.
        world.add_person(number, born, roles=())
    deputy_a = DeputyFactory(
        user=users["deputy"], group=group, phone="13900000001", **people["deputy_a"]
    )
    deputy_b = DeputyFactory(
        user=UserFactory(role=Role.DEPUTY), phone="13977770002", **people["deputy_b"]
    )
    world.add("deputy", deputy_a, "deputy_a")
    world.add("deputy", deputy_b, "deputy_b")
    activity = world.add("activity", ActivityFactory())
    AttendanceFactory(activity=activity, deputy=deputy_a)
    SessionAttendanceFactory(session=session, deputy=deputy_a)
    world.add(
        "activity_file",
        ActivityAttachment.objects.create(activity=activity, file=_file("活动照片.pdf")),
    )
    for deputy, owner in ((deputy_a, "deputy_a"), (deputy_b, "deputy_b")):
        text = f"{owner}的选民反映机耕道问题"
        world.add("contact", VoterContactFactory(deputy=deputy, issues_raised=text), owner)
        world.markers[text] = {owner}
        world.add("petition", PetitionFactory(deputy=deputy))

    unit_a = UnitFactory(officers=[users["unit"]])
    unit_b = UnitFactory(officers=[UserFactory(role=Role.UNIT_OFFICER)])
    world.add("unit", unit_a, "unit_a")
    world.add("unit", unit_b, "unit_b")
    for deputy, owner in ((deputy_a, "deputy_a"), (deputy_b, "deputy_b")):
        draft = ProposalFactory(lead_deputy=deputy, title=f"{owner}的草稿建议")
        Attachment.objects.create(proposal=draft, file=_file("草稿附件.pdf"))
        submitted = helpers.submitted(
            ProposalFactory(lead_deputy=deputy, title=f"{owner}的已提交建议")
        )
        world.add("proposal", draft, owner)
        world.add("proposal", submitted, owner)
        for item in (draft, submitted):
            world.markers[item.title] = {owner}
        unit, unit_owner = (unit_a, "unit_a") if owner == "deputy_a" else (unit_b, "unit_b")
        handled = ProposalFactory(lead_deputy=deputy, title=f"{owner}交{unit_owner}办理的建议")
        handled = helpers.assigned(handled, secretary, unit)
        pending = ProposalFactory(lead_deputy=deputy, title=f"{owner}待{unit_owner}答复的建议")
        pending = helpers.assigned(pending, secretary, unit)
        reply_text = f"{unit_owner}给{owner}的答复"
        handled = helpers.replied(handled, unit.officers.first(), text=reply_text)
        reply = handled.replies.get()
        reply.attachment.save("答复函.pdf", _file("答复函.pdf"))
        world.add("reply", reply, owner, unit_owner)
        for item in (handled, pending):
            world.add("proposal", item, owner, unit_owner)
            world.add("assignment", helpers.lead_assignment(item), unit_owner)
            world.markers[item.title] = {owner, unit_owner}
        world.markers[reply_text] = {owner, unit_owner}
        world.add(
            "attachment",
            Attachment.objects.create(proposal=handled, file=_file("附件.pdf")),
            owner,
            unit_owner,
        )
        Milestone.objects.create(proposal=handled, date=date(2025, 5, 1), note="已立项")
        world.add(
            "notification",
            Notification.objects.create(
                user=deputy.user, proposal=handled, message=f"{owner}的通知：答复已送达"
            ),
            owner,
        )
    world.add("proposal", helpers.motion_in_state("under_review", secretary=secretary))

    election = world.add("election", ElectionFactory())
    district = world.add("district", DistrictFactory(election=election))
    voters = [VoterFactory(district=district, born=date(1980, 5, 17)) for _ in range(3)]
    for voter in voters:
        world.add("voter", voter)
        world.markers[voter.id_number] = {"election"}
        # Election staff see the roll in full (elections.view_full_id_number), as does the
        # administrator, who holds every permission.
        world.add_person(voter.id_number, voter.birth_date, roles=("election", "superuser"))
    world.people = world.people[:1] + world.people[2:3]  # a deputy and a voter to probe
    world.add(
        "objection",
        Objection.objects.create(
            election=election,
            voter=voters[0],
            objector="李四",
            content="选民住址有误",
            received_date=date(2026, 10, 1),
        ),
    )
    Proxy.objects.create(grantor=voters[1], holder=voters[2], authorised_on=date(2026, 11, 1))
    world.add("candidate", CandidateFactory(district=district))
    DistrictResult.objects.create(
        district=district,
        registered=3,
        voted=3,
        ballots_issued=3,
        ballots_returned=3,
        valid_ballots=3,
        void_ballots=0,
    )

    report = world.add("report", report_create(actor=secretary, kind="annual", year=2025))
    world.add(
        "archived",
        ArchivedVersion.objects.create(
            report=report,
            version=1,
            file=_file("报告.pdf"),
            sha256="0" * 64,
            size=len(PDF),
            archived_by=secretary,
        ),
    )
    for role, owner in (("secretary", "secretary"), ("deputy", "deputy_a"), ("unit", "unit_a")):
        job = Job.objects.create(kind="test", title=f"{role}的任务", started_by=users[role])
        job.file.save("结果.pdf", _file("结果.pdf"))
        job.file_name = "结果.pdf"
        job.save()
        world.add("job", job, owner)
    _assembly_world(world, secretary, term, session)
    _congress_elections_world(world, secretary, session)
    _intake_world(world, secretary, deputy_a, deputy_b)
    _oversight_world(world, secretary, session, (deputy_a, deputy_b), (unit_a, unit_b))
    return world


def _assembly_world(world, secretary, term, session):
    """An item with a document on the session's agenda, an item voted on, and a motion waiting
    for the agenda; an item with a document in a session of the previous term, whose agenda a
    deputy of this term may not open."""
    earlier = SessionFactory(
        term=TermFactory(number=17, start_date=date(2016, 12, 28)),
        start_date=date(2019, 1, 10),
        end_date=date(2019, 1, 11),
    )
    for meeting, owners in ((session, ()), (earlier, (STAFF,))):
        world.add("agenda_session", meeting, *owners)
        title = "关于代表建议办理工作的决议" if not owners else "第十七届大会的议程事项"
        item = assembly_services.agenda_item_save(
            actor=secretary,
            item=AgendaItem(session=meeting, kind=ItemKind.RESOLUTION, title=title),
        )
        world.add("agenda_item", item, *owners)
        document = assembly_services.agenda_document_add(
            actor=secretary, item=item, file=_file("决议草案.pdf")
        )
        world.add("agenda_document", document, *owners)
        if owners:
            world.markers[title] = set(owners)
    decided = assembly_services.agenda_item_save(
        actor=secretary,
        item=AgendaItem(session=session, kind=ItemKind.REPORT, title="主席团工作报告"),
    )
    motion_on_agenda(secretary, session)  # its deputies are on the roster too
    world_deputies = list(Deputy.objects.values_list("pk", flat=True))
    roster(session)  # the session's 20 deputies: all deputies are counted from the roster
    assembly_services.vote_record(
        actor=secretary,
        item=decided,
        held_on=session.start_date,
        held_time=VOTED_AT,
        present=18,
        yes=15,
        no=2,
        abstain=1,
    )
    world.add("agenda_item", decided)
    # A deputy's resignation accepted at 11:00 (the seat ends then), and one still to vote on.
    filler = Deputy.objects.exclude(pk__in=world_deputies).order_by("pk")
    for deputy, yes in zip(filler[:2], (15, None), strict=True):
        resignation = assembly_services.agenda_item_save(
            actor=secretary,
            item=AgendaItem(
                session=session,
                kind=ItemKind.SEAT_RESIGNATION,
                title=f"关于接受{deputy.name}辞去代表职务的决定",
                deputy=deputy,
            ),
        )
        if yes:
            assembly_services.vote_record(
                actor=secretary,
                item=resignation,
                held_on=session.start_date,
                held_time=time(11, 0),
                present=18,
                yes=yes,
                no=18 - yes,
                abstain=0,
            )
        world.add("agenda_item", resignation)


def _congress_elections_world(world, secretary, session):
    """The session elects a township head (one nominee, elected: a vote and an office) and a
    deputy head (nominations still open)."""
    congress_services.election_rules_save(
        actor=secretary,
        session=session,
        adopted_on=session.start_date,
        posts={"head": (1, 1), "deputy_head": (1, 1)},
    )
    head = Contest.objects.get(session=session, post="head")
    deputy_head = Contest.objects.get(session=session, post="deputy_head")
    nominee = congress_services.nomination_add(
        actor=secretary, contest=head, source="presidium", name="王芳"
    )
    congress_services.nominations_close(actor=secretary, contest=head)
    vote = congress_services.round_record(
        actor=secretary,
        contest=head,
        held_on=session.start_date,
        ballots_issued=18,
        ballots_returned=18,
        void_ballots=0,
        tallies={nominee: (15, 2, 1)},
    )
    open_nomination = congress_services.nomination_add(
        actor=secretary, contest=deputy_head, source="presidium", name="白雪"
    )
    world.add("contest", head)
    world.add("contest", deputy_head)
    world.add("nomination", open_nomination)
    world.add("nomination", nominee)
    world.add("congress_round", vote)
    world.add("office", Office.objects.get(elected_in=vote))


def _intake_world(world, secretary, deputy_a, deputy_b):
    """Codes for every deputy and station, a replaced code, and an opinion for each deputy (its
    text only they may see) and for the station (answered, so the voter may rate it)."""
    intake_services.codes_ensure_all(actor=secretary)
    station = world.objects["station"][0].obj
    codes = {
        "deputy_a": Code.objects.get(deputy=deputy_a, active=True),
        "deputy_b": Code.objects.get(deputy=deputy_b, active=True),
        STAFF: Code.objects.get(station=station, active=True),
    }
    replaced = Code.objects.create(
        token="walk-replaced-code", deputy=deputy_a, active=False, revoked_at=timezone.now()
    )
    opinions = {}
    for number, (owner, code) in enumerate(codes.items(), start=1):
        world.add("code", code, owner)
        text = f"{owner}收到的群众意见：河东村路灯坏了两个月"
        opinions[owner] = intake_services.opinion_submit(
            code=code,
            address=f"198.51.100.{number}",
            data={"topic": "urban_rural", "text": text, "village": "", "name": "张大爷"},
            photo=_file("现场.png", PNG) if owner == "deputy_a" else None,
        )
        world.add("opinion", opinions[owner], owner)
        if owner != STAFF:
            world.markers[text] = {owner}
    station_opinion = intake_services.opinion_answer(
        actor=secretary, opinion=opinions[STAFF], answer="已转镇村建办处理。"
    )
    # The voter's pages: the tracking code is the voter's key, so only the station's opinion
    # (whose text is no marker) is looked up by it.
    world.values["token"] = [*(c.token for c in codes.values()), replaced.token, "no-such-code"]
    world.values["code"] = [station_opinion.tracking_code, "NOSUCHCODE"]


def _oversight_world(world, secretary, session, deputies, units):
    """Livelihood projects of 2025 (one chosen per office, one not chosen) with a problem each;
    an evaluation of both offices (each office's opinion and problem only it may see); each
    deputy's report-back rating (its comments only they may see)."""
    year = oversight_services.project_year_save(
        actor=secretary, year=ProjectYear(year=2025, session=session, to_choose=2)
    )
    world.add("project_year", year)
    projects = []
    for title, unit in (
        ("河东村道路硬化", units[0]),
        ("河西村饮水工程", units[1]),
        ("敬老院改造", units[0]),
    ):
        projects.append(
            oversight_services.project_save(
                actor=secretary,
                project=Project(year=year, title=title, lead_unit=unit, content="内容"),
                milestones=[("开工", date(2025, 4, 1)), ("完工", date(2025, 10, 1))],
            )
        )
    oversight_services.project_vote_record(
        actor=secretary,
        year=year,
        held_on=session.start_date,
        held_time=VOTED_AT,
        ballots_issued=18,
        ballots_returned=18,
        void_ballots=0,
        votes=dict(zip(projects, (15, 12, 2), strict=True)),
    )
    # Deputies follow every project; an office's officer only those it leads.
    followers = ("deputy_a", "deputy_b")
    for project, office in zip(projects, ("unit_a", "unit_b", "unit_a"), strict=True):
        world.add("project", project, office, *followers)
    for project, office in zip(projects[:2], ("unit_a", "unit_b"), strict=True):
        problem = oversight_services.problem_raise(
            actor=secretary,
            project=project,
            description=f"{office}牵头项目发现的问题",
            raised_on=date(2025, 6, 1),
            deadline=date(2025, 7, 1),
        )
        world.add("problem", problem, office)
        world.markers[problem.description] = {office, *followers}
    plan = oversight_services.evaluation_plan_save(
        actor=secretary, plan=EvaluationPlan(year=2025, title="2025年度站所评议")
    )
    world.add("evaluation", plan)
    item = oversight_services.evaluation_item_add(
        actor=secretary, plan=plan, text="服务态度", max_score=20
    )
    for unit, office in zip(units, ("unit_a", "unit_b"), strict=True):
        evaluated = oversight_services.evaluation_office_add(actor=secretary, plan=plan, unit=unit)
        summary = f"{office}的评议意见"
        oversight_services.evaluation_result_record(
            actor=secretary,
            office=evaluated,
            rated_on=date(2025, 11, 20),
            ballots=40,
            satisfied=30,
            basically=8,
            unsatisfied=2,
            scores={item: 18},
            summary=summary,
        )
        world.add("evaluated_office", evaluated, office)
        world.markers[summary] = {office}
        problem = oversight_services.problem_raise(
            actor=secretary,
            office=evaluated,
            description=f"{office}评议中发现的问题",
            raised_on=date(2025, 11, 20),
            deadline=date(2025, 12, 31),
        )
        world.add("problem", problem, office)
        world.markers[problem.description] = {office}
    report_back = ActivityFactory(kind=ActivityKind.REPORT_BACK, topic="代表向选民述职")
    for deputy, owner in zip(deputies, ("deputy_a", "deputy_b"), strict=True):
        AttendanceFactory(activity=report_back, deputy=deputy)
        comments = f"{owner}的述职测评意见"
        rating = oversight_services.report_back_rating_save(
            actor=secretary,
            rating=ReportBackRating(
                activity=report_back,
                deputy=deputy,
                ballots=30,
                satisfied=25,
                basically=4,
                unsatisfied=1,
                comments=comments,
                self_score=90,
                presidium_score=88,
            ),
        )
        world.add("rating", rating, owner)
        world.markers[comments] = {owner}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # Many users: cheap password hashing, as tests/conftest.py sets for each test (this fixture
    # outlives a test, so it sets it itself).
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield build_world()
        transaction.set_rollback(True)


# Filling the parameters

# Which world objects fill the `pk` of each page (by URL name).
PK_OBJECTS = {
    "user": ["account_reset"],
    "session": [
        "session_detail",
        "session_edit",
        "session_attendance",
        "congress_elections",
        "congress_election_rules",
        "congress_announcement",
    ],
    "meeting": ["meeting_detail", "meeting_edit"],
    "term": ["term_edit"],
    "member": ["member_edit"],
    "job": ["job_detail", "job_file"],
    "deputy": ["deputy_detail", "deputy_edit", "deputy_record", "deputy_photo"],
    "group": ["group_detail", "group_edit"],
    "station": ["station_detail", "station_edit"],
    "activity": ["activity_detail", "activity_edit"],
    "activity_file": ["activity_file"],
    "petition": ["petition_detail", "petition_edit"],
    "contact": ["contact_detail"],
    "proposal": [
        "proposal_detail",
        "proposal_register",
        "motion_review",
        "proposal_decline",
        "proposal_assign",
        "proposal_close",
        "milestone_add",
        "proposal_publish",
        "my_proposal_edit",
        "proposal_submit",
        "proposal_withdraw",
        "proposal_evaluate",
        "proposal_reply",
    ],
    "attachment": ["attachment_download"],
    "reply": ["reply_letter"],
    "unit": ["unit_edit"],
    "assignment": ["assignment_acknowledge", "assignment_return", "co_opinion"],
    "election": [
        "election_detail",
        "election_edit",
        "district_create",
        "voter_import",
        "objection_list",
        "objection_create",
        "proxy_list",
        "proxy_create",
        "results_confirm",
        "election_document",
        "id_export_log",
    ],
    "district": [
        "district_edit",
        "voter_list",
        "voter_add",
        "candidate_list",
        "candidate_create",
        "candidates_publish",
        "result_entry",
        "district_document",
        "roll_xlsx",
    ],
    "voter": ["voter_detail", "voter_change"],
    "objection": ["objection_decide"],
    "candidate": ["candidate_edit"],
    "report": [
        "report_edit",
        "report_save",
        "report_refresh",
        "report_approve",
        "report_archive",
        "report_revise",
        "report_preview",
        "report_pdf",
        "report_docx",
    ],
    "archived": ["report_archived_file"],
    # The session's business (assembly): a session of this term and one of the last term.
    "agenda_session": ["session_agenda", "agenda_item_create", "agenda_motions_add"],
    "agenda_item": [
        "agenda_item",
        "agenda_item_edit",
        "agenda_item_move",
        "agenda_document_add",
        "agenda_vote",
        "agenda_vote_names",
    ],
    "agenda_document": ["agenda_document"],
    # Elections held by the congress
    "contest": [
        "contest_detail",
        "nomination_create",
        "nominations_close",
        "round_create",
        "contest_ballot",
        "further_election_open",
    ],
    "nomination": ["nomination_withdraw"],
    "notification": ["notification_open"],
    "congress_round": ["round_tally"],
    "office": ["office_end"],
    # Voters' opinions
    "opinion": ["opinion_detail", "opinion_photo", "opinion_step"],
    "code": ["code_regenerate", "code_svg", "code_png", "code_poster"],
    # Oversight
    "project_year": ["project_year", "project_year_edit", "project_create", "project_vote"],
    "project": [
        "project_detail",
        "project_edit",
        "project_milestone_add",
        "project_progress",
        "project_inspection_add",
        "project_problem_add",
        "project_rating",
        "project_complete",
    ],
    "problem": ["problem_rectify"],
    "evaluation": [
        "evaluation_detail",
        "evaluation_edit",
        "evaluation_item_add",
        "evaluation_office_add",
    ],
    "evaluated_office": ["evaluated_office", "evaluated_office_result", "office_problem_add"],
    "rating": ["rating_edit"],
}
KEY_OF = {name: key for key, names in PK_OBJECTS.items() for name in names}
# Other parameters: every value to try, a wrong one last (or a function of the world that
# gives them).
OTHER_VALUES = {
    "name": [*registry(), "no-such-data"],
    "document": [*ELECTION_DOCUMENTS, "no-such-document"],
    "round": [1, 2, 999],
    "step": [*STEP_FORMS, "no-such-step"],
    # A voter's code (the public form) and tracking code
    "token": lambda world: world.values["token"],
    "code": lambda world: world.values["code"],
}


def other_values(param, world):
    values = OTHER_VALUES[param]
    return values(world) if callable(values) else values


def admin_model(pattern):
    """The model of an admin page: admin/<app_label>/<model_name>/…"""
    parts = pattern.route.split("/")
    return apps.get_model(parts[1], parts[2])


def fillings(pattern, world):
    """[(kwargs, Item or None)] to request `pattern` with: each fitting object, then a missing
    one. Raises KeyError for a parameter this module does not know."""
    if not pattern.params:
        return [({}, None)]
    if pattern.is_admin:
        return _admin_fillings(pattern)
    (param, *others) = pattern.params
    if param == "pk":
        items = world.objects[KEY_OF[pattern.name.split(":")[-1]]]
        base = [({"pk": item.obj.pk}, item) for item in items] + [({"pk": MISSING_PK}, None)]
    else:
        base = [({param: value}, None) for value in other_values(param, world)]
    for other in others:
        first = other_values(other, world)
        base = [({**kwargs, other: value}, item) for kwargs, item in base for value in first]
    return base


def _admin_fillings(pattern):
    params = set(pattern.params)
    if params == {"content_type_id", "object_id"}:  # "view on site"
        from django.contrib.contenttypes.models import ContentType

        ct = ContentType.objects.get_for_model(TownshipProfile).pk
        choices = [{"content_type_id": ct, "object_id": pk} for pk in (1, MISSING_PK)]
    elif params <= {"object_id", "id"} and params:  # one object's pages
        (param,) = params
        obj = admin_model(pattern)._default_manager.order_by("pk").first()
        choices = [{param: pk} for pk in ([obj.pk] if obj else []) + [MISSING_PK]]
    elif params == {"app_label"}:
        choices = [{"app_label": label} for label in ("congress", "proposals")]
    elif params == {"url"}:  # the catch-all
        choices = [{"url": "no-such-page/"}]
    else:
        raise KeyError(pattern.params)
    return [(kwargs, None) for kwargs in choices]


# Forms in a page


class FormFields(HTMLParser):
    """The names of a page's inputs: plain fields, file fields, and the GET forms' fields."""

    def __init__(self):
        super().__init__()
        self.fields, self.files, self.query = set(), set(), set()
        self._method = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._method = (attrs.get("method") or "get").lower()
        name = attrs.get("name")
        if tag in ("input", "select", "textarea", "button") and name:
            if (attrs.get("type") or "").lower() == "file":
                self.files.add(name)
            elif self._method == "get":
                self.query.add(name)
            else:
                self.fields.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._method = None


# Names that POST-only steps read, posted also where no form on the page names them.
STEP_FIELDS = {
    "version",
    "reason",
    "note",
    "text",
    "comment",
    "verdict",
    "decision",
    "lead_unit",
    "co_units",
    "items",
    "category",
    "date",
    "day",
    "stored",
    "filename",
    "next",
    "action",
    "_selected_action",
}
_noise = random.Random(20250611)
NASTY = "'\"<script>alert(1)</script>%s%(x)s{{x}}\x00\u202e'; DROP TABLE x;--" + "".join(
    chr(_noise.randrange(0x20, 0x2FFF)) for _ in range(40)
)
GARBAGE = {
    "nasty text": NASTY,
    # Past every length limit of the models (and a stroke sort key), within the request limit.
    "huge text": "长" * 3000,
    "negative number": "-1",
    "overflowing number": "9" * 30,
    "missing pk": str(MISSING_PK),
}


def garbage_posts(fields, files):
    posts = [("nothing", {})]
    for label, value in GARBAGE.items():
        data = {name: value for name in fields | STEP_FIELDS}
        for name in files:
            data[name] = SimpleUploadedFile("附件.pdf", _noise.randbytes(2048))
        posts.append((label, data))
    return posts


# The requests


def _client(world, role):
    client = Client(raise_request_exception=False)
    if world.users[role]:
        client.force_login(world.users[role])
    return client


def _request(client, method, url, data=None, label=""):
    """The response, and a description of the server error if there was one."""
    what = f"{method.upper()} {url}" + (f" ({label})" if label else "")
    try:
        response = getattr(client, method)(url, data or {})
    except Exception as error:  # a view that raised through the test client
        return None, f"{what}: {type(error).__name__}: {error}"
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        cause = f"{exc_info[0].__name__}: {exc_info[1]}" if exc_info else ""
        return response, f"{what}: HTTP {response.status_code} {cause}"[:300]
    return response, None


def _refused(response):
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def _page_text(response):
    if response is None or response.status_code != 200 or response.streaming:
        return ""
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return ""
    return response.content.decode("utf-8", "replace")


# Any 18 characters that read as a resident ID number (its check digit right): a number the
# world does not know of (a typo'd fixture, an import) is caught as well as the world's own.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])")
FULL_NUMBER_ROLES = ("election", "superuser")  # elections.view_full_id_number, on the portal


def _secrets_shown(response, world, role, back_office):
    """The full ID numbers and birth dates in a page that `role` may not see there."""
    body = _page_text(response)
    shown = [
        text
        for text, roles in world.secrets.items()
        if text in body and (back_office or role not in roles)
    ]
    if back_office or role not in FULL_NUMBER_ROLES:
        shown += [n for n in ID_NUMBER.findall(body) if idnumbers.decode(n) and n not in shown]
    return shown


def _leaks(response, world, identity):
    """The markers of others' data in a page shown to `identity`."""
    if response is None or response.status_code != 200 or response.streaming:
        return []
    if not response.get("Content-Type", "").startswith("text/"):
        return []
    body = response.content.decode("utf-8", "replace")
    return [m for m, owners in world.markers.items() if identity not in owners and m in body]


def walk(world, role, pattern):
    """Every problem found for `role` on `pattern`, as lines."""
    problems = []
    identity = IDENTITY.get(role)
    client = _client(world, role)
    seen_forms = FormFields()

    def check(method, url, data=None, item=None, label=""):
        response, error = _request(client, method, url, data, label)
        if error:
            problems.append(error)
            return None
        if identity:
            for marker in _leaks(response, world, identity):
                problems.append(f"{method.upper()} {url}: shows {marker!r} to {role}")
        for text in _secrets_shown(response, world, role, pattern.is_admin):
            problems.append(f"{method.upper()} {url}: shows {text!r} to {role}")
        foreign = item is not None and item.owners and identity and identity not in item.owners
        if foreign and role != "anonymous" and not _refused(response):
            problems.append(
                f"{method.upper()} {url}: {role} not refused another owner's object "
                f"(HTTP {response.status_code})"
            )
        if world.users[role] and "_auth_user_id" not in client.session:
            client.force_login(world.users[role])  # a logout page logged the user out
        return response

    targets = [(pattern.url(kwargs), item) for kwargs, item in fillings(pattern, world)]
    statuses, downloads = [], []
    for url, item in targets:
        response = check("get", url, item=item)
        statuses.append(response.status_code if response is not None else 500)
        downloads.append(response is not None and response.has_header("Content-Disposition"))
        if response is not None and response.status_code == 200 and not response.streaming:
            seen_forms.feed(response.content.decode("utf-8", "replace"))
    url = targets[0][0]
    if seen_forms.query:
        check("get", url, {name: NASTY for name in seen_forms.query | {"page", "q"}})
    else:
        check("get", url, {"page": "-1", "q": NASTY})
    if pattern.name.endswith("logout"):
        return problems  # posting logs out; nothing else to post
    # Garbage goes to the first object, where the page opened or takes only POST; every other
    # object (foreign ones too) and every refused page gets an empty POST.
    for index, (url, item) in enumerate(targets):
        opened = statuses[index] in (200, 405) and not downloads[index]
        if index == 0 and opened:
            posts = garbage_posts(seen_forms.fields, seen_forms.files)
        else:
            posts = [("nothing", {})]
        for label, data in posts:
            check("post", url, data, item=item, label=label)
    return problems


def walk_params():
    return [
        pytest.param(role, pattern, id=f"{role}-{pattern}") for role in ROLES for pattern in SITE
    ]


def test_every_pattern_is_walked():
    """A page whose parameters the walk cannot fill would go unwalked: name it in PK_OBJECTS
    or OTHER_VALUES."""
    unknown = [
        str(p)
        for p in SITE
        if any(param not in OTHER_VALUES and param != "pk" for param in p.params)
        or ("pk" in p.params and p.name not in KEY_OF)
    ]
    assert not unknown
    assert len(SITE) > 100 and len(ADMIN) > 100


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "pattern"), walk_params())
def test_walk(world, role, pattern):
    assert walk(world, role, pattern) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pattern",
    [pytest.param(p, id=p.name) for p in ADMIN],
)
def test_admin_walk(world, pattern):
    """The back office, as the administrator who may open every page of it."""
    assert walk(world, "superuser", pattern) == []


def _answer(client, url, params):
    """What the back office answers `params` with: the number of rows a list finds, the
    autocomplete's choices, or "refused" (a lookup it does not allow, a page it does not open)."""
    response = client.get(url, params)
    if response.status_code != 200:
        return "refused" if response.status_code < 500 else f"HTTP {response.status_code}"
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()["results"]
    return response.context["cl"].result_count


def _personal_lookups(model):
    """Query-string lookups that reach a personal field from `model`: its own and through a
    relation, each with the right and a wrong value for a person (number, birth date)."""
    paths = [(f.name, f.name) for f in model._meta.concrete_fields if f.name in PERSONAL_FIELDS]
    for relation in model._meta.concrete_fields:
        if relation.is_relation:
            paths += [
                (f"{relation.name}__{f.name}", f.name)
                for f in relation.related_model._meta.concrete_fields
                if f.name in PERSONAL_FIELDS
            ]
    for path, name in paths:
        if name == "id_number":
            yield (
                lambda person, path=path: {f"{path}__startswith": person[0][:10]},
                {f"{path}__startswith": "9" * 10},
            )
        else:
            yield (lambda person, path=path: {path: person[1].isoformat()}, {path: "1900-01-01"})


def oracle_probes(client, world):
    """Every list search, query-string lookup and autocomplete of the back office asked for a
    person's first digits (or birth date) and for wrong ones: the answers must be the same."""
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        probes = []
        if client.get(url).status_code == 200:  # a list the role cannot open answers nothing
            probes += [(lambda person: {"q": person[0][:10]}, {"q": "9" * 10})]
            probes += list(_personal_lookups(model))
        for field_name in model_admin.autocomplete_fields:
            target = {"app_label": opts.app_label, "model_name": opts.model_name}
            target["field_name"] = field_name
            probes.append(
                (
                    lambda person, target=target: {**target, "term": person[0][:10]},
                    {**target, "term": "9" * 10},
                )
            )
        for person in world.people:
            for right, wrong in probes:
                target = "/admin/autocomplete/" if "field_name" in wrong else url
                answers = (_answer(client, target, right(person)), _answer(client, target, wrong))
                if answers[0] != answers[1] or "HTTP" in str(answers[0]):
                    found.append(
                        f"GET {target}?{right(person)}: {answers[0]} (wrong: {answers[1]})"
                    )
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_back_office_as_each_role_with_staff_status(world, role):
    """Every back-office page as `role` given staff status: no server error, no full ID number
    or birth date (also on the pages of records the role may change)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.staff[role])
    found = []
    for pattern in ADMIN:
        if pattern.name == "admin:logout":
            continue
        for kwargs, _item in fillings(pattern, world):
            url = pattern.url(kwargs)
            response, error = _request(client, "get", url)
            found += [error] if error else []
            found += [
                f"GET {url}: shows {t!r}" for t in _secrets_shown(response, world, role, True)
            ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", *STAFF_ROLES])
def test_no_back_office_search_answers_for_the_start_of_a_number(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.staff.get(role) or world.users[role])
    assert oracle_probes(client, world) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "superuser"])
def test_the_back_office_turns_away_every_other_role(world, role):
    client = _client(world, role)
    found = []
    for pattern in ADMIN:
        if pattern.name in ("admin:login", "admin:logout", "admin:jsi18n"):
            continue
        kwargs, _item = fillings(pattern, world)[0]
        url = pattern.url(kwargs)
        response, error = _request(client, "get", url)
        if error:
            found.append(error)
        elif response.status_code == 302 and "/admin/login/" not in response["Location"]:
            found.append(f"GET {url}: redirected to {response['Location']}")
        elif response.status_code not in (302, 404):
            found.append(f"GET {url}: HTTP {response.status_code}")
    assert found == []
