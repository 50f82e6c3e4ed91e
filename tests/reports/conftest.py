import pytest

from congress.models import PresidiumMember
from congress.roles import Role
from tests.factories import MemberFactory, UserFactory
from tests.reports import township


@pytest.fixture
def chair(db):
    """A presidium user who is the chair of the presidium in office."""
    user = UserFactory(role=Role.PRESIDIUM, name="主席甲")
    MemberFactory(user=user, role=PresidiumMember.Role.CHAIR)
    return user


@pytest.fixture
def township_2024(db, secretary):
    return township.build(secretary)
