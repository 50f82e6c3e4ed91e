"""Test data factories for every app's tests."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, User

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
