"""Voters' ID numbers on every page for roles that see them masked (issue 11, PIPL minimum
necessary): a masked number with the birth date, or a search answering for the start of a
number, gives the full number away. So the secretary and the presidium see neither the birth
date nor an ID-number search (name search only, age instead); election staff keep both."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congress import idnumbers
from congress.spreadsheets import export_file
from elections import services
from elections.models import IdExport
from tests.factories import (
    CandidateFactory,
    DistrictFactory,
    ElectionFactory,
    VoterFactory,
    resident_id_number,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 15)
BORN = date(1980, 5, 17)
MASKED_ROLES = ["secretary", "presidium_user"]


@pytest.fixture
def district():
    return DistrictFactory(election=ElectionFactory(election_day=DAY, name="青山镇选举"))


@pytest.fixture
def voter(district):
    return VoterFactory(district=district, name="马强", born=BORN)


def birth_date_texts(born):
    """Ways a page or file could write the birth date."""
    return [f"{born.year}年{born.month}月{born.day}日", born.isoformat(), f"{born:%Y%m%d}"]


def search(client, district, query):
    return client.get(reverse("voter_list", args=[district.pk]), {"q": query}).content.decode()


@pytest.mark.parametrize("who", MASKED_ROLES)
def test_masked_roles_search_voters_by_name_only(client, request, district, voter, who):
    client.force_login(request.getfixturevalue(who))
    assert "马强" in search(client, district, "马强")
    for prefix in (voter.id_number[:6], voter.id_number[:10], voter.id_number):
        assert "马强" not in search(client, district, prefix), prefix


def test_election_staff_search_by_the_start_of_the_id_number(
    client, election_user, district, voter
):
    client.force_login(election_user)
    assert "马强" in search(client, district, voter.id_number[:10])
    assert "马强" in search(client, district, voter.id_number[:14].lower() + " ")


@pytest.mark.parametrize("who", MASKED_ROLES)
def test_masked_roles_see_age_not_the_birth_date(client, request, district, voter, who):
    client.force_login(request.getfixturevalue(who))
    pages = [
        reverse("voter_list", args=[district.pk]),
        reverse("voter_detail", args=[voter.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        for text in birth_date_texts(BORN):
            assert text not in page, url
        assert voter.id_number not in page, url
        assert idnumbers.mask(voter.id_number) in page, url
        assert "46岁" in page, url  # born 17 May 1980, on election day 15 November 2026


def test_election_staff_see_the_birth_date(client, election_user, district, voter):
    client.force_login(election_user)
    for url in (
        reverse("voter_list", args=[district.pk]),
        reverse("voter_detail", args=[voter.pk]),
    ):
        assert "1980年5月17日" in client.get(url).content.decode(), url


@pytest.mark.parametrize("who", MASKED_ROLES)
def test_candidate_lists_show_masked_roles_the_age_only(client, request, district, who):
    CandidateFactory(district=district, name="刘德华", birth_date=date(1975, 3, 8))
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("candidate_list", args=[district.pk])).content.decode()
    assert "刘德华" in page and "51岁" in page
    assert "1975年3月" not in page


def test_candidate_lists_show_election_staff_the_birth_date(client, election_user, district):
    CandidateFactory(district=district, name="刘德华", birth_date=date(1975, 3, 8))
    client.force_login(election_user)
    page = client.get(reverse("candidate_list", args=[district.pk])).content.decode()
    assert "1975年3月" in page


def roll_sheet(response):
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    return [list(row) for row in rows]


@pytest.mark.parametrize("who", MASKED_ROLES)
def test_the_roll_spreadsheet_of_masked_roles_has_no_birth_dates(
    client, request, district, voter, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("roll_xlsx", args=[district.pk]), {"full": "1"})
    assert response.status_code == 200
    header, row = roll_sheet(response)
    assert header == ["序号", "姓名", "性别", "公民身份号码", "民族", "住址"]
    assert row[3] == idnumbers.mask(voter.id_number)
    assert not any(isinstance(value, date) for value in row)
    assert not IdExport.objects.exists()


def test_the_full_roll_spreadsheet_is_logged_against_the_election(
    client, election_user, district, voter
):
    client.force_login(election_user)
    response = client.get(reverse("roll_xlsx", args=[district.pk]), {"full": "1"})
    header, row = roll_sheet(response)
    assert "出生日期" in header
    assert row[header.index("公民身份号码")] == voter.id_number
    export = IdExport.objects.get()
    assert (export.user, export.election, export.rows) == (election_user, district.election, 1)


def test_the_export_log_follows_the_election_not_its_name(client, election_user, district):
    services.id_export_record(
        actor=election_user, election=district.election, what="青山镇选举 · 第1选区", rows=3
    )
    district.election.name = "青山镇第十九届人大代表选举"
    district.election.save()
    client.force_login(election_user)
    page = client.get(reverse("id_export_log", args=[district.election.pk])).content.decode()
    assert "青山镇选举 · 第1选区" in page


def test_the_generic_voter_export_carries_no_birth_dates(district, voter):
    sheet = load_workbook(io.BytesIO(export_file("voters", "voters.xlsx"))).active
    header, row = [list(r) for r in sheet.values]
    assert "出生日期" not in header
    assert row[header.index("公民身份号码")] == idnumbers.mask(voter.id_number)
    assert all(BORN.isoformat() not in str(value) for value in row)


# Long names: the surname-stroke sort key fits any name the forms admit (no HTTP 500).

LONG_NAME = "齉" * 50  # 36 strokes each: the key takes 38 characters per character


def candidate_data(name):
    return {
        "name": name,
        "gender": "M",
        "birth_date": "1975-03-08",
        "workplace": "河东村",
        "party": "cpc",
        "education": "college",
        "occupation": "farmer",
        "source": "party",
        "nominator": "中国共产党某镇委员会",
        "stage": "initial",
    }


def test_a_candidate_name_fits_up_to_the_limit_the_form_tells(client, election_user, district):
    client.force_login(election_user)
    url = reverse("candidate_create", args=[district.pk])
    assert client.post(url, candidate_data(LONG_NAME)).status_code == 302
    candidate = district.candidates.get()
    assert candidate.name == LONG_NAME and len(candidate.stroke_key) == 50 * 38

    response = client.post(url, candidate_data(LONG_NAME + "齉"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "不超过 50 字符" in page and "不超过 200" not in page
    assert district.candidates.count() == 1


def voter_data(name, n):
    return {
        "name": name,
        "id_number": resident_id_number(BORN, n),
        "ethnicity": "汉族",
        "address": "河东村1组",
        "reason": "moved_in",
        "note": "",
    }


def test_a_voter_name_fits_up_to_the_limit_the_form_tells(client, election_user, district):
    client.force_login(election_user)
    url = reverse("voter_add", args=[district.pk])
    # 30 characters: within the name's 50, and once refused as "at most 200 characters".
    response = client.post(url, voter_data(LONG_NAME[:30], 1))
    assert response.status_code == 302
    assert client.post(url, voter_data(LONG_NAME, 2)).status_code == 302
    assert district.voters.count() == 2

    page = client.post(url, voter_data(LONG_NAME + "齉", 3)).content.decode()
    assert "不超过 50 字符" in page and "不超过 200" not in page
    assert district.voters.count() == 2
