"""Deputies' full ID numbers (issue 11): exports and the edit form show them masked; a full
export needs a permission no role holds, granted to a person on purpose, and every one is
logged against the term. Election staff no longer open the roster or performance records."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from congress.models import Term
from congress.roles import Role
from deputies.models import Deputy, DeputyIdExport
from tests.factories import DeputyFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_ID = "110105197506011239"  # born 1975-06-01, male
MASKED = "1101*************9"
OTHER_ID = "11010519491231002X"  # born 1949-12-31, female
DEPUTY_PARTICULARS = {
    "gender": "F",
    "ethnicity": "汉族",
    "birth_date": date(1949, 12, 31),
    "party": "cpc",
    "education": "college",
    "occupation": "farmer",
    "phone": "",
}


@pytest.fixture
def term():
    return TermFactory(number=18)


@pytest.fixture
def deputy(term):
    return DeputyFactory(name="王建国", birth_date=date(1975, 6, 1), id_number=VALID_ID)


@pytest.fixture
def granted(db):
    """A secretary to whom an administrator granted the full export, by hand."""
    user = UserFactory(role=Role.SECRETARY)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="deputies", codename="export_full_id_number")
    )
    return user


def export(client, **params):
    return client.get(reverse("data_export", args=["deputies"]), params)


def id_cells(response):
    """The 公民身份号码 column of an exported roster, xlsx or CSV."""
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.values]
    column = rows[0].index("公民身份号码")
    return [row[column] for row in rows[1:]]


@pytest.mark.parametrize("who", ["secretary", "presidium_user"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_roster_export_masks_id_numbers(client, request, deputy, who, fmt):
    client.force_login(request.getfixturevalue(who))
    response = export(client, **({"format": "csv"} if fmt == "csv" else {}))
    assert response.status_code == 200
    assert id_cells(response) == [MASKED]
    assert VALID_ID.encode() not in response.content


@pytest.mark.parametrize("who", ["secretary", "presidium_user"])
def test_the_full_export_is_refused_without_the_permission(client, request, deputy, who):
    client.force_login(request.getfixturevalue(who))
    assert export(client, full="1").status_code == 403
    assert export(client, full="1", format="csv").status_code == 403
    page = client.get(reverse("data_home")).content.decode()
    assert "?full=1" not in page
    assert not DeputyIdExport.objects.exists()


@pytest.mark.parametrize("role", list(Role))
def test_no_role_holds_the_full_export(role):
    assert not UserFactory(role=role).has_perm("deputies.export_full_id_number")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_granted_full_export_has_the_numbers_and_is_logged(client, granted, deputy, term, fmt):
    DeputyFactory(name="李四")  # no ID number recorded
    client.force_login(granted)
    assert "?full=1" in client.get(reverse("data_home")).content.decode()
    response = export(client, full="1", **({"format": "csv"} if fmt == "csv" else {}))
    assert response.status_code == 200
    assert sorted(cell or "" for cell in id_cells(response)) == ["", VALID_ID]
    log = DeputyIdExport.objects.get()
    assert (log.user, log.term, log.rows) == (granted, term, 2)
    assert log.what.startswith("deputies-完整身份号码-") and log.what.endswith(f".{fmt}")


def test_a_full_export_without_a_term_is_refused_in_chinese(client, granted):
    DeputyFactory(id_number=VALID_ID)
    assert not Term.objects.exists()
    client.force_login(granted)
    response = export(client, full="1", follow=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "请先设置本届任期" in page
    assert not DeputyIdExport.objects.exists()


def test_the_log_is_read_only_in_the_admin(client, granted, deputy, term):
    client.force_login(granted)
    export(client, full="1")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:deputies_deputyidexport_changelist")).content.decode()
    assert "deputies-完整身份号码-" in page
    assert client.get(reverse("admin:deputies_deputyidexport_add")).status_code == 403


# Re-importing a masked export keeps the recorded numbers.


def roster_file(tmp_path, client, **params):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(export(client, **params).content)
    return path


def import_roster(path, actor):
    from congress.spreadsheets import import_file

    return import_file("deputies", path.read_bytes(), path.name, actor=actor)


def test_a_masked_export_read_back_keeps_the_numbers(client, secretary, deputy, tmp_path):
    client.force_login(secretary)
    path = roster_file(tmp_path, client)
    book = load_workbook(path)
    sheet = book.active
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, columns["手机号码"]).value = "13700000000"
    book.save(path)

    report = import_roster(path, secretary)
    assert report.ok, [str(p) for p in report.errors]
    assert (report.new, report.updated) == (0, 1)
    deputy.refresh_from_db()
    assert (deputy.id_number, deputy.phone) == (VALID_ID, "13700000000")


def test_a_masked_number_cannot_set_a_number(client, secretary, deputy, tmp_path):
    client.force_login(secretary)
    path = roster_file(tmp_path, client)
    book = load_workbook(path)
    sheet = book.active
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, columns["姓名"]).value = "新代表"  # not on the roster: a new row
    book.save(path)

    report = import_roster(path, secretary)
    assert not report.ok
    assert any("打码的身份号码只能保留" in str(p) for p in report.errors)
    assert Deputy.objects.count() == 1


# The edit form: masked, and an empty input keeps the number.


def form_data(deputy, **changes):
    data = {
        "name": deputy.name,
        "gender": deputy.gender,
        "ethnicity": deputy.ethnicity,
        "birth_date": deputy.birth_date.isoformat(),
        "id_number": "",
        "party": deputy.party,
        "education": deputy.education,
        "occupation": deputy.occupation,
        "workplace": "河东村",
        "phone": deputy.phone,
        "district": "",
        "duty_post": "",
        "status": "in_office",
        "status_date": "",
        "levels": ["township"],
        "group": "",
    }
    return data | changes


def test_the_edit_form_shows_the_number_masked(client, secretary, deputy):
    client.force_login(secretary)
    page = client.get(reverse("deputy_edit", args=[deputy.pk])).content.decode()
    assert VALID_ID not in page
    assert MASKED in page


def test_an_empty_number_on_the_edit_form_keeps_the_stored_one(client, secretary, deputy):
    client.force_login(secretary)
    url = reverse("deputy_edit", args=[deputy.pk])
    for typed in ("", MASKED):
        response = client.post(url, form_data(deputy, workplace=f"河东村{typed}"))
        assert response.status_code == 302, typed
        deputy.refresh_from_db()
        assert deputy.id_number == VALID_ID


def test_a_new_number_typed_on_the_edit_form_replaces_the_stored_one(client, secretary, deputy):
    client.force_login(secretary)
    data = form_data(deputy, id_number=OTHER_ID.lower(), birth_date="1949-12-31", gender="F")
    assert client.post(reverse("deputy_edit", args=[deputy.pk]), data).status_code == 302
    deputy.refresh_from_db()
    assert deputy.id_number == OTHER_ID


def test_the_profile_shows_the_number_masked(client, secretary, deputy):
    client.force_login(secretary)
    page = client.get(reverse("deputy_detail", args=[deputy.pk])).content.decode()
    assert MASKED in page and VALID_ID not in page


# The birth date beside a masked number: by year and month, never the day (with the township's
# place code the day narrows the number to a few dozen).

FULL_BIRTH = ("1975-06-01", "1975年6月1日", "19750601")


@pytest.mark.parametrize("page", ["deputy_detail", "deputy_edit", "deputy_list"])
def test_the_roster_shows_the_birth_by_year_and_month(client, secretary, deputy, page):
    client.force_login(secretary)
    args = [] if page == "deputy_list" else [deputy.pk]
    body = client.get(reverse(page, args=args)).content.decode()
    assert [d for d in FULL_BIRTH if d in body] == []
    assert "1975年6月" in body


def test_an_empty_birth_date_keeps_the_one_the_number_holds(client, secretary, deputy):
    client.force_login(secretary)
    data = form_data(deputy, birth_date="", workplace="镇农机站")
    assert client.post(reverse("deputy_edit", args=[deputy.pk]), data).status_code == 302
    deputy.refresh_from_db()
    assert (deputy.workplace, deputy.birth_date) == ("镇农机站", date(1975, 6, 1))


def test_a_new_deputy_takes_the_birth_date_from_the_number(client, secretary, term):
    client.force_login(secretary)
    data = form_data(Deputy(**{**DEPUTY_PARTICULARS, "name": "李秀英"}), birth_date="")
    response = client.post(reverse("deputy_create"), {**data, "id_number": OTHER_ID})
    assert response.status_code == 302
    assert Deputy.objects.get(name="李秀英").birth_date == date(1949, 12, 31)


def test_without_a_number_the_birth_date_is_required(client, secretary, term):
    client.force_login(secretary)
    data = form_data(Deputy(**{**DEPUTY_PARTICULARS, "name": "李秀英"}), birth_date="")
    response = client.post(reverse("deputy_create"), data)
    assert response.status_code == 200
    assert "请填写出生日期" in str(response.context["form"].errors["birth_date"])


# Election staff: what an election needs, not the roster and performance records.


def test_election_staff_cannot_open_the_roster_or_performance_records(
    client, election_user, deputy
):
    client.force_login(election_user)
    for url in (
        reverse("deputy_list"),
        reverse("deputy_detail", args=[deputy.pk]),
        reverse("deputy_record", args=[deputy.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode(), url
    assert export(client).status_code == 403
