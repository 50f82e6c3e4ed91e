"""The world of the intake tests: a township with villages, two deputies with accounts, a
deputy without one, a liaison station, and their codes."""

import itertools
from dataclasses import dataclass

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from intake import services
from intake.models import Code
from tests.factories import DeputyFactory, StationFactory, UserFactory

VILLAGES = ["河东村", "河西村", "青山社区"]
TEXT = "河东村三组的路灯坏了两个多月，晚上出行很不安全，希望尽快修好。"


@dataclass
class World:
    secretary: object
    presidium: object
    unit: object
    user_a: object
    user_b: object
    deputy_a: object
    deputy_b: object
    deputy_no_account: object
    station: object
    code_a: Code
    code_b: Code
    code_no_account: Code
    code_station: Code


@pytest.fixture
def world(db):
    TownshipProfile.objects.update_or_create(
        pk=1, defaults={"name": "青山镇", "county": "云溪县", "villages": "\n".join(VILLAGES)}
    )
    secretary = UserFactory(role=Role.SECRETARY, name="秘书甲")
    user_a = UserFactory(role=Role.DEPUTY, name="王建国")
    user_b = UserFactory(role=Role.DEPUTY, name="李秀英")
    deputy_a = DeputyFactory(user=user_a, name="王建国")
    deputy_b = DeputyFactory(user=user_b, name="李秀英")
    deputy_no_account = DeputyFactory(name="赵明")
    station = StationFactory(name="河东联络站", address="河东村村委会", reception_days="10,20")
    station.resident_deputies.add(deputy_a)
    services.codes_ensure_all(actor=secretary)
    return World(
        secretary=secretary,
        presidium=UserFactory(role=Role.PRESIDIUM),
        unit=UserFactory(role=Role.UNIT_OFFICER),
        user_a=user_a,
        user_b=user_b,
        deputy_a=deputy_a,
        deputy_b=deputy_b,
        deputy_no_account=deputy_no_account,
        station=station,
        code_a=Code.objects.get(deputy=deputy_a),
        code_b=Code.objects.get(deputy=deputy_b),
        code_no_account=Code.objects.get(deputy=deputy_no_account),
        code_station=Code.objects.get(station=station),
    )


_addresses = itertools.count(1)


def submit(code, address=None, now=None, **data):
    """An opinion sent through `code` (the service, as the public page calls it), from a new
    address unless one is given."""
    address = address or f"198.51.{next(_addresses) % 250}.{next(_addresses) % 250}"
    values = {
        "topic": "urban_rural",
        "text": TEXT,
        "village": "河东村",
        "name": "张大爷",
        "phone": "13812345678",
    }
    values.update(data)
    return services.opinion_submit(code=code, address=address, data=values, now=now)
