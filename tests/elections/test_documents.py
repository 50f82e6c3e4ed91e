"""Published documents of an election: the roll PDF (公布选民名单), voter cards (选民证), the
roll spreadsheet and the log of exports with full ID numbers."""

import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from congress import idnumbers, pdf
from congress.roles import Role
from elections.models import IdExport, Voter
from tests.factories import DistrictFactory, ElectionFactory, UserFactory, VoterFactory
from tests.pdf_utils import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"\d{17}[\dX]")


@pytest.fixture
def district(db):
    election = ElectionFactory(name="青山镇第十九届人大代表选举", election_day=date(2026, 11, 15))
    district = DistrictFactory(
        election=election, name="河东选区", code="07", polling_stations="河东村委会\n河东小学"
    )
    # Surnames of 3, 4, 6 and 5 strokes: 马(3) 王(4) 刘(6) 孙(6) 白(5).
    for name in ["刘德华", "王芳", "马强", "白雪", "孙立"]:
        VoterFactory(district=district, name=name)
    # Struck off the roll: kept, but not published.
    VoterFactory(district=district, name="丁一", on_roll=False)
    return district


def fetch(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def make(client, run_jobs, url):
    """Start a document's job from `url`, let the worker run it, and download what it made."""
    job_url = client.post(url)["Location"]
    run_jobs()
    return fetch(client.get(reverse("job_file", args=[job_url.rstrip("/").split("/")[-1]])))


def roll(district):
    return reverse("district_document", args=[district.pk, "roll"])


def cards(district):
    return reverse("district_document", args=[district.pk, "cards"])


def test_anonymous_users_are_sent_to_the_login_page(client, district):
    for url in [
        roll(district),
        cards(district),
        reverse("roll_xlsx", args=[district.pk]),
        reverse("id_export_log", args=[district.election_id]),
    ]:
        response = client.post(url) if "documents" in url else client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize(
    "role_fixture, allowed",
    [
        ("election_user", {"roll", "cards", "township", "roll_xlsx", "id_export_log"}),
        ("secretary", {"roll", "cards", "township", "roll_xlsx"}),
        ("presidium_user", {"roll", "cards", "township", "roll_xlsx"}),
        ("deputy_user", set()),
        ("unit_user", set()),
    ],
)
def test_who_may_open_each_document(client, district, request, role_fixture, allowed):
    client.force_login(request.getfixturevalue(role_fixture))
    starts = {
        "roll": roll(district),
        "cards": cards(district),
        "township": reverse("election_document", args=[district.election_id, "cards"]),
    }
    for name, url in starts.items():
        response = client.post(url)
        if name in allowed:
            assert response.status_code == 302 and "/jobs/" in response.url, (role_fixture, name)
        else:
            assert response.status_code == 403, (role_fixture, name)
    pages = {
        "roll_xlsx": reverse("roll_xlsx", args=[district.pk]),
        "id_export_log": reverse("id_export_log", args=[district.election_id]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (200 if name in allowed else 403), (role_fixture, name)


def test_documents_are_started_by_post_only_and_known_by_name(client, district, election_user):
    client.force_login(election_user)
    assert client.get(roll(district)).status_code == 405
    unknown = reverse("district_document", args=[district.pk, "ballots"])
    assert client.post(unknown).status_code == 404


def test_a_document_job_is_handed_out_to_its_starter_only(
    client, district, election_user, run_jobs
):
    client.force_login(election_user)
    job_url = client.post(cards(district))["Location"]
    run_jobs()
    page = client.get(job_url).content.decode()
    assert "河东选区-选民证.pdf" in page
    download = client.get(job_url + "file/")
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert fetch(download).startswith(b"%PDF-")
    client.force_login(UserFactory(role=Role.ELECTION_STAFF))
    assert client.get(job_url).status_code == 403
    assert client.get(job_url + "file/").status_code == 403


@pytest.mark.parametrize("role_fixture", ["election_user", "secretary"])
def test_roll_pdf_shows_masked_numbers_in_stroke_order(
    client, district, request, role_fixture, tmp_path, run_jobs
):
    client.force_login(request.getfixturevalue(role_fixture))
    text = pdf_text(make(client, run_jobs, roll(district)), tmp_path)
    assert "公布选民名单" in text
    assert "青山镇第十九届人大代表选举" in text
    assert "河东选区" in text
    assert re.search(r"1 ?/ ?1\s*\f", text)  # page numbers
    voters = list(Voter.objects.filter(district=district, on_roll=True))
    for voter in voters:
        assert idnumbers.mask(voter.id_number) in text
        assert voter.id_number not in text
    assert not FULL_ID.search(text.replace(" ", ""))
    assert "丁一" not in text  # struck off
    positions = [text.index(name) for name in ["马强", "王芳", "白雪", "刘德华", "孙立"]]
    assert positions == sorted(positions)


def test_pdfs_embed_chinese_fonts(client, district, election_user, tmp_path, run_jobs):
    client.force_login(election_user)
    for url in (roll(district), cards(district)):
        fonts = pdf_fonts(make(client, run_jobs, url), tmp_path)
        assert re.search(r"Noto-?S(erif|ans)-?CJK-?SC", fonts), fonts
        # Every font is embedded (a font not embedded shows empty boxes elsewhere).
        for line in fonts.splitlines()[2:]:
            assert " yes " in line, line


def test_voter_cards_show_the_district_station_day_and_masked_numbers(
    client, district, election_user, tmp_path, run_jobs
):
    client.force_login(election_user)
    text = pdf_text(make(client, run_jobs, cards(district)), tmp_path)
    assert text.count("选民证") >= 5
    assert "河东选区" in text and "河东村委会" in text
    assert "2026年11月15日" in text
    assert "07-00001" in text and "07-00005" in text
    for voter in Voter.objects.filter(district=district, on_roll=True):
        assert idnumbers.mask(voter.id_number) in text
        assert voter.id_number not in text


def test_six_voter_cards_fit_on_a_page(client, district, election_user, tmp_path, run_jobs):
    for n in range(8):
        VoterFactory(district=district, name=f"张{n}")
    client.force_login(election_user)
    text = pdf_text(make(client, run_jobs, cards(district)), tmp_path)
    assert text.count("\f") == 3  # 13 cards: 3 pages (pdftotext ends pages with \f)


def test_the_township_cards_hold_every_district_in_code_order(
    client, district, election_user, tmp_path, run_jobs
):
    other = DistrictFactory(election=district.election, name="河西选区", code="02")
    VoterFactory(district=other, name="赵六")
    client.force_login(election_user)
    url = reverse("election_document", args=[district.election_id, "cards"])
    text = pdf_text(make(client, run_jobs, url), tmp_path)
    # 河西 (code 02) first, on its own page; then 河东's 5 cards on the next.
    assert text.index("02-00001") < text.index("07-00001")
    assert text.count("\f") == 2
    assert "赵六" in text.split("\f")[0] and "孙立" in text.split("\f")[1]


def test_a_long_roll_renders_in_constant_queries(
    client, district, election_user, tmp_path, run_jobs
):
    Voter.objects.bulk_create(
        VoterFactory.build(district=district, election=district.election, name=f"王{n}")
        for n in range(3000)
    )
    client.force_login(election_user)
    job_url = client.post(roll(district))["Location"]
    with CaptureQueriesContext(connection) as queries:
        run_jobs()
    # Claiming the task and keeping the job's row cost a few; the roll itself is one query.
    assert len(queries) < 25, [q["sql"][:80] for q in queries]
    data = fetch(client.get(job_url + "file/"))
    assert pdf_text(data, tmp_path).count("\f") >= 60


def workbook_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_is_masked_by_default_for_election_staff(client, district, election_user):
    client.force_login(election_user)
    response = client.get(reverse("roll_xlsx", args=[district.pk]))
    assert response["Cache-Control"] == "private, no-store"
    rows = workbook_rows(response)
    assert rows[0][:4] == ["序号", "姓名", "性别", "公民身份号码"]
    assert [row[1] for row in rows[1:]] == ["马强", "王芳", "白雪", "刘德华", "孙立"]
    assert all("**********" in row[3] for row in rows[1:])
    assert not IdExport.objects.exists()


def test_full_numbers_for_election_staff_who_ask_and_the_export_is_logged(
    client, district, election_user
):
    client.force_login(election_user)
    rows = workbook_rows(client.get(reverse("roll_xlsx", args=[district.pk]) + "?full=1"))
    numbers = {row[3] for row in rows[1:]}
    assert numbers == set(
        Voter.objects.filter(district=district, on_roll=True).values_list("id_number", flat=True)
    )
    export = IdExport.objects.get()
    assert export.user == election_user
    assert export.rows == 5
    assert "青山镇第十九届人大代表选举" in export.what and "河东选区" in export.what

    page = client.get(reverse("id_export_log", args=[district.election_id]))
    assert page.status_code == 200
    assert "河东选区" in page.content.decode()
    assert election_user.name in page.content.decode()


@pytest.mark.parametrize("role_fixture", ["secretary", "presidium_user"])
def test_others_asking_for_full_numbers_get_masked_ones_and_no_log(
    client, district, request, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))
    rows = workbook_rows(client.get(reverse("roll_xlsx", args=[district.pk]) + "?full=1"))
    assert all("**********" in row[3] for row in rows[1:])
    assert not IdExport.objects.exists()


def test_the_export_log_lists_only_this_elections_exports(client, district, election_user):
    other = DistrictFactory(name="河西选区")
    VoterFactory(district=other)
    client.force_login(election_user)
    client.get(reverse("roll_xlsx", args=[other.pk]) + "?full=1")
    page = client.get(reverse("id_export_log", args=[district.election_id])).content.decode()
    assert "河西选区" not in page
    assert "尚无含完整身份号码的导出" in page


def test_a_missing_chinese_font_gives_a_clear_error(settings, monkeypatch):
    monkeypatch.setattr(pdf, "cjk_font_families", lambda: frozenset({"DejaVu Sans"}))
    with pytest.raises(pdf.CJKFontMissing, match="中文字体"):
        pdf.fonts()


def test_a_configured_font_not_installed_falls_back_to_an_installed_one(settings):
    settings.PDF_FONT_KAI = "Nonexistent Kai"
    fonts = pdf.fonts()
    assert fonts["kai"] == f'"{settings.PDF_FONT_SERIF}"'
    assert "CJK" in fonts["serif"]


def test_permission_to_see_full_numbers_is_what_counts(client, district, secretary):
    secretary.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    client.force_login(secretary)
    rows = workbook_rows(client.get(reverse("roll_xlsx", args=[district.pk]) + "?full=1"))
    assert FULL_ID.fullmatch(rows[1][3])
    assert IdExport.objects.count() == 1


def test_the_export_log_costs_constant_queries(client, district, election_user):
    client.force_login(election_user)
    url = reverse("id_export_log", args=[district.election_id])
    client.get(reverse("roll_xlsx", args=[district.pk]) + "?full=1")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        client.get(reverse("roll_xlsx", args=[district.pk]) + "?full=1")
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)


def test_the_roll_spreadsheet_keeps_a_formula_as_text(client, district, election_user):
    VoterFactory(district=district, name="郑七", address='=HYPERLINK("http://evil.example","河东")')
    client.force_login(election_user)
    response = client.get(reverse("roll_xlsx", args=[district.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    (cell,) = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert cell.data_type == "s"


def test_the_roll_pdf_is_dated_with_the_roll_publication_date(
    client, district, election_user, tmp_path, run_jobs
):
    election = district.election
    election.roll_published_on = date(2026, 10, 20)
    election.save()
    client.force_login(election_user)
    text = pdf_text(make(client, run_jobs, roll(district)), tmp_path)
    assert "2026年10月20日" in text


def test_an_unpublished_roll_pdf_is_dated_with_the_latest_legal_day(
    client, district, election_user, tmp_path, run_jobs
):
    # Election day 2026-11-15: the roll is published 20 days before at the latest.
    client.force_login(election_user)
    text = pdf_text(make(client, run_jobs, roll(district)), tmp_path)
    assert "2026年10月26日" in text


def test_the_roll_page_links_its_pdf_and_says_its_date(client, district, election_user):
    district.election.roll_published_on = date(2026, 10, 20)
    district.election.save()
    client.force_login(election_user)
    html = client.get(reverse("voter_list", args=[district.pk])).content.decode()
    assert f'action="{roll(district)}"' in html
    assert "公布选民名单（PDF）" in html
    assert "2026年10月20日" in html
