"""Public pages: no login, and nothing private about a deputy in the HTML."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deputies.models import DeputyStatus, Level
from deputies.selectors import next_reception_days
from tests.factories import DeputyFactory, GroupFactory, StationFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def roster():
    east, west = GroupFactory(name="河东代表小组"), GroupFactory(name="河西代表小组")
    deputies = [
        DeputyFactory(
            name="张秀英",
            group=east,
            district="第3选区",
            phone="13912345678",
            id_number=ID_NUMBER,
            birth_date=date(1949, 12, 31),
            workplace="青山茶叶专业合作社理事长",
            levels=[Level.TOWNSHIP, Level.COUNTY],
        ),
        DeputyFactory(
            name="李建国",
            group=west,
            district="第7选区",
            phone="13687654321",
            birth_date=date(1971, 4, 18),
            workplace="河西村党支部书记",
        ),
    ]
    DeputyFactory(name="已辞职代表", status=DeputyStatus.RESIGNED, status_date=date(2024, 1, 1))
    station = StationFactory(
        name="青山镇人大代表联络站",
        address="青山镇人民路18号",
        phone="0855-3712345",
        reception_days="10,20",
    )
    station.resident_deputies.set(deputies)
    return {"deputies": deputies, "groups": (east, west), "station": station}


def private_values(deputy):
    birth = deputy.birth_date
    return [
        deputy.phone,
        deputy.workplace,
        f"{birth:%Y-%m-%d}",
        f"{birth.year}年{birth.month}月{birth.day}日",
        f"{birth:%Y%m%d}",
        *([deputy.id_number, deputy.id_number[:6]] if deputy.id_number else []),
    ]


def test_the_public_pages_need_no_login_and_show_nothing_private(client, roster):
    for url in (reverse("public_directory"), reverse("public_stations")):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for deputy in roster["deputies"]:
            for value in private_values(deputy):
                assert value not in page, (url, value)


def test_the_directory_lists_deputies_in_office_with_group_district_and_levels(client, roster):
    page = client.get(reverse("public_directory")).content.decode()
    assert "张秀英" in page and "李建国" in page
    assert "已辞职代表" not in page
    assert "河东代表小组" in page and "第3选区" in page
    assert "县代表" in page and "乡镇代表" in page
    assert "登录" in page  # the public menu


def test_the_directory_filters_by_group(client, roster):
    east, west = roster["groups"]
    page = client.get(reverse("public_directory"), {"group": west.pk}).content.decode()
    assert "李建国" in page and "张秀英" not in page
    assert client.get(reverse("public_directory"), {"group": "x"}).status_code == 200


def test_the_stations_page_shows_address_phone_reception_days_and_residents(client, roster):
    page = client.get(reverse("public_stations")).content.decode()
    station = roster["station"]
    assert "青山镇人民路18号" in page and "0855-3712345" in page
    assert "每月10、20日" in page
    assert "张秀英" in page and "李建国" in page
    day = next_reception_days(station, timezone.localdate(), 1)[0]
    assert f"{day.year}年{day.month}月{day.day}日" in page
    assert "公告" in page


def test_the_public_pages_link_each_other(client, roster):
    """A deputy's entry links to the station where they receive voters, the station to its
    deputies' entries, and each page to the other public pages (the livelihood projects)."""
    station, (zhang, _li) = roster["station"], roster["deputies"]
    directory = client.get(reverse("public_directory")).content.decode()
    stations = client.get(reverse("public_stations")).content.decode()
    projects = client.get(reverse("public_projects")).content.decode()
    entry = directory[directory.index(f'id="deputy-{zhang.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert (
        f'href="{reverse("public_stations")}#station-{station.pk}">青山镇人大代表联络站</a>'
        in entry
    )
    assert f'id="station-{station.pk}"' in stations
    assert f'href="{reverse("public_directory")}#deputy-{zhang.pk}">张秀英</a>' in stations
    for page, others in (
        (directory, ("public_stations", "public_projects")),
        (stations, ("public_directory", "public_projects")),
        (projects, ("public_directory", "public_stations")),
    ):
        for name in others:
            assert f'href="{reverse(name)}"' in page, name


def test_signed_in_users_see_the_public_pages_too(client, roster, deputy_user):
    client.force_login(deputy_user)
    assert client.get(reverse("public_directory")).status_code == 200
    assert client.get(reverse("public_stations")).status_code == 200


def test_the_public_pages_cost_a_constant_number_of_queries(client):
    group = GroupFactory()

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for url in (reverse("public_directory"), reverse("public_stations")):
        StationFactory().resident_deputies.set([DeputyFactory(group=group)])
        few = count(url)
        for _ in range(5):
            deputy = DeputyFactory(group=GroupFactory(), levels=[Level.TOWNSHIP, Level.COUNTY])
            StationFactory().resident_deputies.set([deputy, DeputyFactory()])
        assert count(url) == few, url
