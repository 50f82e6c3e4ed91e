"""Rate limits under load: ten submissions or failed look-ups arriving at once are counted one
after another, so exactly the limit gets in. Real threads on real connections (on SQLite a file
copy of the test database, as in tests/proposals/test_races.py); on PostgreSQL, without the lock
of each key, ten transactions counted 0 attempts at once and all got in."""

import pytest

from intake import services
from intake.models import Attempt, Opinion
from tests.intake.conftest import TEXT
from tests.proposals.test_races import race, shared_database  # noqa: F401 (a fixture)

DATA = {"topic": "urban_rural", "text": TEXT, "village": "河东村", "name": "", "phone": ""}
TOO_MANY_FROM_HERE = "同一网络短时间内提交的意见过多，请一小时后再试，或到联络站接待日当面反映。"
TOO_MANY_FOR_CODE = "这个二维码短时间内收到的意见过多，请一小时后再试，或到联络站接待日当面反映。"


def submitting(code, address):
    return lambda: services.opinion_submit(code=code, address=address, data=DATA)


@pytest.mark.usefixtures("shared_database")
def test_ten_opinions_at_once_from_one_address_admit_exactly_the_limit(world, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 5
    outcomes, errors = race(lambda _n: submitting(world.code_a, "203.0.113.7"), range(10))
    assert errors == []
    assert sorted(outcomes) == ["ok"] * 5 + [TOO_MANY_FROM_HERE] * 5
    assert Opinion.objects.count() == 5
    assert Attempt.objects.filter(scope="address").count() == 5


@pytest.mark.usefixtures("shared_database")
def test_ten_opinions_at_once_to_one_code_admit_exactly_the_limit(world, settings):
    settings.INTAKE_LIMIT_PER_CODE = 5
    outcomes, errors = race(lambda n: submitting(world.code_a, f"203.0.113.{n + 1}"), range(10))
    assert errors == []
    assert sorted(outcomes) == ["ok"] * 5 + [TOO_MANY_FOR_CODE] * 5
    assert Opinion.objects.filter(code=world.code_a).count() == 5


@pytest.mark.usefixtures("shared_database")
def test_ten_failed_lookups_at_once_count_exactly_the_limit(world, settings):
    settings.INTAKE_LOOKUP_LIMIT = 5
    over = []

    def failing(_n):
        return lambda: over.append(services.lookup_failed(address="203.0.113.9"))

    outcomes, errors = race(failing, range(10))
    assert errors == [] and outcomes == ["ok"] * 10
    assert sorted(over) == [False] * 5 + [True] * 5
    assert Attempt.objects.filter(scope="lookup").count() == 5
