"""Test data factories for every app's tests."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, User
from congress.names import stroke_sort_key
from deputies.models import (
    Activity,
    ActivityKind,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    GroupMembership,
    Level,
    LiaisonStation,
    Occupation,
    Party,
    Seat,
)

PASSWORD = "test-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, role, **kwargs):
        """UserFactory(role=Role.SECRETARY) puts the user in that role's group."""
        if create and role:
            self.groups.add(Group.objects.get(name=role.value))


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 18
    start_date = date(2021, 12, 28)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = date(2025, 1, 16)
    end_date = date(2025, 1, 17)
    deputies_total = 50
    deputies_present = 45
    deputies_on_leave = 3
    deputies_absent = 2


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresidiumMember

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"成员{n}")
    role = PresidiumMember.Role.MEMBER
    start_date = date(2021, 12, 28)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresidiumMeeting

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = date(2025, 3, 20)
    agenda = "研究年度工作要点"


# Deputies


class DeputyFactory(factory.django.DjangoModelFactory):
    """A township deputy in office. DeputyFactory(group=g, levels=["township", "county"])."""

    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Gender.MALE
    birth_date = date(1975, 6, 1)
    party = Party.CPC
    education = Education.COLLEGE
    occupation = Occupation.FARMER
    phone = factory.Sequence(lambda n: f"139{n:08d}")

    @factory.post_generation
    def levels(self, create, levels, **kwargs):
        if create:
            for level in levels if levels is not None else [Level.TOWNSHIP]:
                Seat.objects.create(deputy=self, level=level, term_number=18)

    @factory.post_generation
    def group(self, create, group, **kwargs):
        if create and group:
            GroupMembership.objects.create(deputy=self, group=group, start_date=date(2022, 1, 1))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    name = factory.Sequence(lambda n: f"第{n + 1}代表小组")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStation

    name = factory.Sequence(lambda n: f"联络站{n}")
    address = "青山镇人民路1号"
    reception_days = "10,20"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.INSPECTION
    topic = factory.Sequence(lambda n: f"视察主题{n}")
    start_date = date(2025, 5, 10)
    place = "青山镇"


# Added for the secretary's pages (tests/deputies/test_pages.py)


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.Petition"

    received_date = date(2025, 4, 2)
    source = "visit"
    petitioner = factory.Sequence(lambda n: f"来访人{n}")
    content = "反映村道破损，雨天积水。"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.Attendance"

    activity = factory.SubFactory(ActivityFactory)
    deputy = factory.SubFactory(DeputyFactory)
    status = "present"


# Added for a deputy's own record and the public pages (tests/deputies/test_own_pages.py …)


class VoterContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.VoterContact"

    deputy = factory.SubFactory(DeputyFactory)
    date = date(2025, 5, 12)
    method = "visit"
    voters = factory.Sequence(lambda n: f"河东村{n}组村民")
    issues_raised = "反映机耕道年久失修，雨天无法通行。"


class SessionAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.SessionAttendance"

    session = factory.SubFactory(SessionFactory)
    deputy = factory.SubFactory(DeputyFactory)
    status = "present"


class DutyRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.DutyRequirement"

    name = factory.Sequence(lambda n: f"履职要求{n}")
    metric = "voter_contacts"
    minimum = 1
    period = "year"


# Motions and suggestions (issue 4): units, items; tests/proposals/helpers.py drives items
# through the services to any state.


class UnitFactory(factory.django.DjangoModelFactory):
    """A handling unit. UnitFactory(officers=[user, ...]) links officer accounts."""

    class Meta:
        model = "proposals.HandlingUnit"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"承办单位{n}")
    kind = "township_office"
    contact_person = factory.Sequence(lambda n: f"联系人{n}")
    phone = factory.Sequence(lambda n: f"0571-{n:07d}")

    @factory.post_generation
    def officers(self, create, officers, **kwargs):
        if create and officers:
            self.officers.add(*officers)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft suggestion (no number) led by a new deputy; pass kind="motion", session=…,
    lead_deputy=… as needed. Co-signers: ProposalFactory(co_signers=[deputy, ...])."""

    class Meta:
        model = "proposals.Proposal"
        skip_postgeneration_save = True

    kind = "suggestion"
    title = factory.Sequence(lambda n: f"关于修缮村道的建议{n}")
    content = "河东村至河西村的村道破损严重，雨天积水，群众出行困难，建议尽快修缮。"
    topic = "transport"
    lead_deputy = factory.SubFactory(DeputyFactory)
    state = "draft"
    # As proposal_draft records it (the model requires it when an edit is validated).
    created_by = factory.SubFactory(UserFactory, password=None)

    @factory.post_generation
    def co_signers(self, create, co_signers, **kwargs):
        if create and co_signers:
            self.co_signers.add(*co_signers)


# Elections (issue 5): an election, its districts, voters with valid ID numbers, candidates.

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def _chinese_name(n):
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n // len(_SURNAMES)) % len(_GIVEN)] + "华"


def resident_id_number(born, n, gender=None):
    """A valid 18-digit resident ID number for someone born on `born`; `n` makes it unique
    (50,000 numbers per birth date), `gender` "M"/"F" sets digit 17 (odd = male), else it
    alternates with n."""
    from stdnum.cn import ric

    if gender is None:
        gender = "M" if n % 2 else "F"
    order = (n % 500) * 2 + (1 if gender == "M" else 0)
    body = f"3301{(n // 500) % 100:02d}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # (it ignores the last character)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.Election"

    name = factory.Sequence(lambda n: f"第{n + 19}届镇人大代表选举")
    kind = "general"
    election_day = date(2026, 11, 15)
    population = 30000


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.District"

    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}选区")
    code = factory.Sequence(lambda n: f"{n + 1:02d}")
    area = factory.Sequence(lambda n: f"河东村{n + 1}组")
    population = 3000
    seats = 2


class VoterFactory(factory.django.DjangoModelFactory):
    """A voter on the roll with a valid ID number. VoterFactory(born=date(…), sex="F") sets
    the birth date and gender inside the number; birth_date and gender always follow the
    number (also when id_number is given). Pass district=… (the election follows it)."""

    class Meta:
        model = "elections.Voter"

    class Params:
        born = date(1980, 5, 17)
        sex = None

    district = factory.SubFactory(DistrictFactory)
    election = factory.SelfAttribute("district.election")
    name = factory.Sequence(_chinese_name)
    id_number = factory.LazyAttributeSequence(lambda o, n: resident_id_number(o.born, n, o.sex))
    birth_date = factory.LazyAttribute(
        lambda o: date(int(o.id_number[6:10]), int(o.id_number[10:12]), int(o.id_number[12:14]))
    )
    gender = factory.LazyAttribute(
        lambda o: Gender.MALE if int(o.id_number[16]) % 2 else Gender.FEMALE
    )
    ethnicity = "汉族"
    address = factory.Sequence(lambda n: f"河东村{n % 9 + 1}组{n + 1}号")
    on_roll = True
    stroke_key = factory.LazyAttribute(lambda o: stroke_sort_key(o.name))


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate nominated by a party (pass source="voters", nominating_voters=10 for a
    joint nomination by voters)."""

    class Meta:
        model = "elections.Candidate"

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: _chinese_name(n + 7))
    gender = Gender.MALE
    birth_date = date(1975, 3, 8)
    workplace = "河东村党支部书记"
    party = Party.CPC
    education = Education.COLLEGE
    occupation = Occupation.FARMER
    source = "party"
    nominator = "中国共产党某镇委员会"
    nominating_voters = None
    stage = "initial"
    stroke_key = factory.LazyAttribute(lambda o: stroke_sort_key(o.name))
