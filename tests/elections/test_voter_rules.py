"""The rules of a voter's entry have one home (services.voter_check): the page's registration
and the imported roll refuse the same entries with the same Chinese reasons, and take the same
entries at the columns' limits."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congress.spreadsheets import import_file
from elections import services
from elections.models import Voter
from tests.factories import DistrictFactory, ElectionFactory, resident_id_number

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 15)
ADULT = date(1980, 1, 1)
MINOR = date(2009, 1, 1)  # 17 on election day
COLUMNS = {"name": "姓名", "id_number": "公民身份号码", "ethnicity": "民族", "address": "住址"}


@pytest.fixture
def district():
    election = ElectionFactory(name="第二十届镇人大代表选举", election_day=DAY)
    return DistrictFactory(election=election, name="第一选区", code="01")


def entry(**changes):
    return {
        "name": "王伟",
        "id_number": resident_id_number(ADULT, 1),
        "ethnicity": "汉族",
        "address": "河东村1号",
    } | changes


def register(district, actor, fields):
    return services.voter_register(actor=actor, voter=Voter(district=district, **fields))


def imported(district, fields):
    header = ",".join([*COLUMNS.values(), "选区"])
    line = ",".join([*(fields[key] for key in COLUMNS), district.name])
    data = f"{header}\n{line}\n".encode()
    return import_file("voters", data, "roll.csv", actor=None, election=district.election)


def bad_check_digit():
    number = resident_id_number(ADULT, 1)
    return number[:-1] + ("0" if number[-1] != "0" else "1")


REFUSED = [
    pytest.param("name", "王" * 51, "姓名超过50个字。", id="name-too-long"),
    pytest.param("name", "   ", "未填写姓名。", id="name-missing"),
    pytest.param("ethnicity", "汉" * 21, "民族超过20个字。", id="ethnicity-too-long"),
    pytest.param("address", "村" * 201, "住址超过200个字。", id="address-too-long"),
    pytest.param("id_number", resident_id_number(MINOR, 1), "未满十八周岁", id="minor"),
    pytest.param("id_number", bad_check_digit(), "公民身份号码有误", id="bad-check-digit"),
]


@pytest.mark.parametrize(("field", "value", "reason"), REFUSED)
def test_the_page_and_the_import_refuse_an_entry_alike(
    district, election_user, field, value, reason
):
    fields = entry(**{field: value})
    with pytest.raises(ValidationError) as refused:
        register(district, election_user, fields)
    assert list(refused.value.message_dict) == [field]
    (page_reason,) = refused.value.message_dict[field]
    assert reason in page_reason
    report = imported(district, fields)
    assert [(p.row, p.column, p.reason) for p in report.errors] == [
        (2, COLUMNS[field], page_reason)
    ]
    assert not Voter.objects.exists()


def test_the_page_and_the_import_take_an_entry_at_the_columns_limits(district, election_user):
    fields = entry(name="王" * 50, ethnicity="汉" * 20, address="村" * 200)
    register(district, election_user, fields)
    again = entry(
        name="李" * 50,
        id_number=resident_id_number(ADULT, 2),
        ethnicity="汉" * 20,
        address="村" * 200,
    )
    report = imported(district, again)
    assert report.errors == [] and report.new == 1
    assert sorted(len(v.name) + len(v.address) for v in Voter.objects.all()) == [250, 250]


def test_the_check_reports_every_broken_rule_at_once_without_a_query(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        checked, problems = services.voter_check(
            name=" " * 3,
            id_number=resident_id_number(MINOR, 1),
            ethnicity="汉" * 21,
            address=" 河东村1号 ",
            election_day=DAY,
        )
    assert set(problems) == {"name", "ethnicity", "id_number"}
    assert checked.address == "河东村1号"
    assert (checked.id_number, checked.birth_date, checked.gender) == (None, None, None)
