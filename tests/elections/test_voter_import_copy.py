"""The bulk writer of an imported roll (COPY on PostgreSQL, multi-row INSERTs on SQLite):
every value stored as checked, keys that later registrations do not reuse, batches told."""

import csv
import io
import threading
from datetime import date

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from congress.spreadsheets import import_file
from elections import services
from elections.models import RollChange, Voter
from tests.factories import DistrictFactory, ElectionFactory, resident_id_number

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "公民身份号码", "民族", "住址", "选区"]


@pytest.fixture
def district():
    election = ElectionFactory(name="第二十届镇人大代表选举", election_day=date(2026, 11, 15))
    return DistrictFactory(election=election, name="第一选区", code="01")


def roll(*rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_every_value_is_stored_as_written_even_what_copy_escapes(district, election_user):
    """COPY's text format gives tabs, backslashes and \\N meanings; a clerk's cell keeps its
    characters whatever they are."""
    addresses = ["河东村\t3组", r"河东村\N号", "河东村\\5号", '河东村"6"号', "河东村\n7号"]
    rows = [
        ("王伟", resident_id_number(date(1980, 1, 1), n), "汉族", address, "第一选区")
        for n, address in enumerate(addresses, 1)
    ]
    report = import_file(
        "voters", roll(*rows), "名单.csv", actor=election_user, election=district.election
    )
    assert report.ok and report.new == 5, report.errors
    stored = Voter.objects.order_by("id_number")
    assert [v.address for v in stored] == [a for _n, a in sorted((r[1], r[3]) for r in rows)]
    first = stored[0]
    assert (first.name, first.ethnicity, first.district, first.on_roll) == (
        "王伟",
        "汉族",
        district,
        True,
    )
    assert first.birth_date == date(1980, 1, 1) and first.gender in ("M", "F")


def test_imported_voters_sort_by_surname_strokes(district):
    # 丁 has 2 strokes, 王 4, 李 7 (official lists: 以姓氏笔画为序).
    rows = [
        (name, resident_id_number(date(1980, 1, 1), n), "汉族", "河东村", "第一选区")
        for n, name in enumerate(["李娜", "王伟", "丁一"], 1)
    ]
    assert import_file("voters", roll(*rows), "名单.csv", actor=None, election=district.election).ok
    assert [v.name for v in Voter.objects.order_by("stroke_key")] == ["丁一", "王伟", "李娜"]


def test_imported_keys_are_not_reused_by_a_later_registration(district, election_user):
    rows = [
        ("王伟", resident_id_number(date(1980, 1, 1), n), "汉族", "河东村", "第一选区")
        for n in range(1, 4)
    ]
    assert import_file(
        "voters", roll(*rows), "名单.csv", actor=election_user, election=district.election
    ).ok
    later = services.voter_register(
        actor=election_user,
        voter=Voter(
            district=district,
            name="李娜",
            id_number=resident_id_number(date(1985, 5, 5), 9),
            ethnicity="汉族",
            address="河西村",
        ),
    )
    keys = list(Voter.objects.values_list("pk", flat=True))
    assert len(set(keys)) == 4 and later.pk in keys
    # Every voter, imported or registered, has exactly its own registration change.
    changes = RollChange.objects.order_by("voter_id")
    assert [c.voter_id for c in changes] == sorted(keys)
    assert {(c.reason, c.date) for c in changes} == {
        (RollChange.Reason.MOVED_IN, timezone.localdate())
    }


@pytest.mark.django_db(transaction=True)
def test_an_import_holds_off_other_writers_of_voters_until_it_commits(election_user):
    """On PostgreSQL the import reserves its keys in one step and locks the voters' table, so
    no registration elsewhere draws a key inside the range while the import writes it."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY and its reserved keys are PostgreSQL's; SQLite serialises writers")
    district = DistrictFactory(election=ElectionFactory(election_day=date(2026, 11, 15)))
    rows = [
        ("王伟", resident_id_number(date(1980, 1, 1), n), "汉族", "河东村", district.name)
        for n in range(1, 4)
    ]
    outcomes = []

    def register(number, lock_timeout):
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{lock_timeout}'")
            services.voter_register(
                actor=election_user,
                voter=Voter(
                    district=district,
                    name="李娜",
                    id_number=resident_id_number(date(1985, 5, 5), number),
                    ethnicity="汉族",
                    address="河西村",
                ),
            )
            outcomes.append("registered")
        except OperationalError:  # the lock was not granted in time
            outcomes.append("waited")
        finally:
            connection.close()

    with transaction.atomic():
        report = import_file(
            "voters", roll(*rows), "名单.csv", actor=election_user, election=district.election
        )
        assert report.ok, report.errors
        other = threading.Thread(target=register, args=(7, "200ms"))
        other.start()
        other.join()
    assert outcomes == ["waited"]
    register(8, "0")  # after the commit, and waiting as long as it takes
    assert outcomes == ["waited", "registered"]
    keys = list(Voter.objects.values_list("pk", flat=True))
    assert len(set(keys)) == 4
    assert sorted(RollChange.objects.values_list("voter_id", flat=True)) == sorted(keys)


def test_a_roll_is_written_in_batches_and_each_is_told(district, election_user, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH", 2)
    told = []
    rows = [
        ("王伟", resident_id_number(date(1980, 1, 1), n), "汉族", "河东村", "第一选区")
        for n in range(1, 6)
    ]
    report = import_file(
        "voters",
        roll(*rows),
        "名单.csv",
        actor=election_user,
        election=district.election,
        progress=lambda phase, done, total: told.append((phase, done, total)),
    )
    assert report.ok and report.new == 5
    assert [t for t in told if t[0] == "saved"] == [
        ("saved", 2, 5),
        ("saved", 4, 5),
        ("saved", 5, 5),
    ]
    assert sorted(Voter.objects.values_list("id_number", flat=True)) == sorted(r[1] for r in rows)
    assert RollChange.objects.filter(voter__election=district.election).count() == 5
