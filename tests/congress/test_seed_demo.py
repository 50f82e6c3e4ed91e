import pytest
from django.core.management import call_command

from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile, User
from congress.roles import Role


def counts():
    return [
        model.objects.count()
        for model in (TownshipProfile, Term, Session, PresidiumMember, PresidiumMeeting, User)
    ]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_has_an_account_per_role(capsys):
    call_command("seed_demo")
    first = counts()
    names = list(PresidiumMember.objects.order_by("pk").values_list("name", flat=True))
    call_command("seed_demo")
    assert counts() == first
    assert list(PresidiumMember.objects.order_by("pk").values_list("name", flat=True)) == names
    assert first[:5] == [1, 1, 3, 9, 4]
    output = capsys.readouterr().out
    for role in Role:
        user = User.objects.get(groups__name=role.value)
        assert user.check_password("demo1234")
        assert user.username in output
