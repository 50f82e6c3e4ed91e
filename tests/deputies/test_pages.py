"""The secretary's deputies pages: who may open them, the forms' checks, filters, checklists,
masked ID numbers and the cost in queries of every list page."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import Session
from deputies.models import (
    Activity,
    ActivityAttachment,
    Attendance,
    Deputy,
    DeputyGroup,
    GroupMembership,
    LiaisonStation,
    Petition,
    Seat,
    SessionAttendance,
)
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    GroupFactory,
    MemberFactory,
    PetitionFactory,
    SessionFactory,
    StationFactory,
    TermFactory,
)
from tests.form_token import form_token

pytestmark = pytest.mark.django_db

VALID_ID = "110105197506011239"  # born 1975-06-01, male (digit 17 odd)
MASKED_ID = "1101*************9"


@pytest.fixture
def records(db):
    term = TermFactory()
    group = GroupFactory(name="东片代表小组")
    deputy = DeputyFactory(name="王建国", group=group, id_number=VALID_ID)
    station = StationFactory()
    station.resident_deputies.add(deputy)
    activity = ActivityFactory(organiser="group", group=group)
    AttendanceFactory(activity=activity, deputy=deputy)
    return {
        "term": term,
        "group": group,
        "deputy": deputy,
        "station": station,
        "activity": activity,
        "petition": PetitionFactory(deputy=deputy),
        "session": SessionFactory(term=term, number=1),
    }


def page_urls(r):
    """(url, whether it only reads) for every page of this brief."""
    return [
        (reverse("deputy_list"), True),
        (reverse("deputy_detail", args=[r["deputy"].pk]), True),
        (reverse("deputy_create"), False),
        (reverse("deputy_edit", args=[r["deputy"].pk]), False),
        (reverse("group_list"), True),
        (reverse("group_detail", args=[r["group"].pk]), True),
        (reverse("group_create"), False),
        (reverse("group_edit", args=[r["group"].pk]), False),
        (reverse("station_list"), True),
        (reverse("station_detail", args=[r["station"].pk]), True),
        (reverse("station_create"), False),
        (reverse("station_edit", args=[r["station"].pk]), False),
        (reverse("activity_list"), True),
        (reverse("activity_detail", args=[r["activity"].pk]), True),
        (reverse("activity_create"), False),
        (reverse("activity_edit", args=[r["activity"].pk]), False),
        (reverse("session_attendance", args=[r["session"].pk]), False),
        (reverse("petition_list"), True),
        (reverse("petition_detail", args=[r["petition"].pk]), True),
        (reverse("petition_create"), False),
        (reverse("petition_edit", args=[r["petition"].pk]), False),
    ]


# Who may open the pages


def test_anonymous_users_are_sent_to_the_login_page(client, records):
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user"])
def test_deputies_and_units_are_refused(client, records, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode(), url


def test_the_presidium_reads_but_does_not_edit(client, records, presidium_user):
    client.force_login(presidium_user)
    for url, read_only in page_urls(records):
        assert client.get(url).status_code == (200 if read_only else 403), url


def test_the_secretary_opens_every_page(client, records, secretary):
    client.force_login(secretary)
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-hans">' in response.content.decode()


def test_refused_posts_change_nothing(client, records, presidium_user, deputy_user):
    for user in (presidium_user, deputy_user):
        client.force_login(user)
        response = client.post(
            reverse("petition_edit", args=[records["petition"].pk]),
            {"petitioner": "被篡改", "received_date": "2025-04-02", "source": "visit"},
        )
        assert response.status_code == 403
        response = client.post(
            reverse("session_attendance", args=[records["session"].pk]),
            {f"deputy_{records['deputy'].pk}": "absent"},
        )
        assert response.status_code == 403
    records["petition"].refresh_from_db()
    assert records["petition"].petitioner != "被篡改"
    assert not SessionAttendance.objects.exists()


# Deputies: create and edit


def deputy_data(**changes):
    data = {
        "name": "李秀英",
        "gender": "M",
        "ethnicity": "汉族",
        "birth_date": "1975-06-01",
        "id_number": "",
        "party": "cpc",
        "education": "bachelor",
        "occupation": "farmer",
        "workplace": "河东村党支部书记",
        "phone": "13900000001",
        "district": "第三选区",
        "duty_post": "环境治理岗",
        "status": "in_office",
        "status_date": "",
        "levels": ["township"],
        "group": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_secretary_adds_a_deputy_with_seats_group_and_normalised_id(client, secretary):
    TermFactory()
    group = GroupFactory()
    client.force_login(secretary)
    response = client.post(
        reverse("deputy_create"),
        deputy_data(
            id_number="１１０１０５１９７５０６０１１２３９",  # full-width, as typed on a phone
            levels=["township", "county"],
            group=str(group.pk),
        ),
    )
    deputy = Deputy.objects.get(name="李秀英")
    assert response.status_code == 302 and response.url == deputy.get_absolute_url()
    assert deputy.id_number == VALID_ID
    assert set(deputy.seats.values_list("level", "term_number")) == {
        ("township", 18),
        ("county", 18),
    }
    assert GroupMembership.objects.get(deputy=deputy, end_date__isnull=True).group == group


def test_a_photo_is_uploaded_with_the_deputy(client, secretary, settings, tmp_path):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    TermFactory()
    image = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(image, "PNG")
    client.force_login(secretary)
    photo = SimpleUploadedFile("photo.png", image.getvalue(), content_type="image/png")
    response = client.post(reverse("deputy_create"), {**deputy_data(), "photo": photo})
    assert response.status_code == 302
    deputy = Deputy.objects.get(name="李秀英")
    assert deputy.photo.name.startswith("deputies/photos/")
    photo_url = reverse("deputy_photo", args=[deputy.pk])  # MEDIA_ROOT is not served
    assert f'src="{photo_url}"' in client.get(deputy.get_absolute_url()).content.decode()


def test_a_bad_id_checksum_is_refused_in_chinese_beside_the_field(client, secretary):
    TermFactory()
    client.force_login(secretary)
    response = client.post(reverse("deputy_create"), deputy_data(id_number="110105197506011238"))
    assert response.status_code == 200
    assert not Deputy.objects.exists()
    errors = response.context["form"].errors
    assert "id_number" in errors
    assert "校验码" in errors["id_number"][0]
    assert "校验码" in response.content.decode()


def test_birth_date_and_gender_must_agree_with_the_id_number(client, secretary):
    TermFactory()
    client.force_login(secretary)
    response = client.post(
        reverse("deputy_create"),
        deputy_data(id_number=VALID_ID, birth_date="1976-06-01", gender="F"),
    )
    errors = response.context["form"].errors
    assert "1975年6月1日" in errors["birth_date"][0]
    assert "男" in errors["gender"][0]
    assert not Deputy.objects.exists()


def test_a_duplicate_id_number_is_refused_in_chinese(client, secretary, records):
    client.force_login(secretary)
    response = client.post(reverse("deputy_create"), deputy_data(id_number=VALID_ID))
    assert response.status_code == 200
    assert "身份号码" in str(response.context["form"].errors)
    assert Deputy.objects.count() == 1


def test_a_deputy_who_left_needs_the_date(client, secretary, records):
    deputy = records["deputy"]
    client.force_login(secretary)
    url = reverse("deputy_edit", args=[deputy.pk])
    response = client.post(
        url, deputy_data(name=deputy.name, id_number=VALID_ID, status="resigned", status_date="")
    )
    assert response.status_code == 200
    assert "代表不在任时须填写状态变更日期" in response.content.decode()
    deputy.refresh_from_db()
    assert deputy.status == "in_office"

    response = client.post(
        url,
        deputy_data(
            name=deputy.name, id_number=VALID_ID, status="resigned", status_date="2025-03-01"
        ),
    )
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.status == "resigned" and deputy.status_date == date(2025, 3, 1)


def test_editing_a_deputy_moves_them_to_another_group_keeping_the_history(
    client, secretary, records
):
    deputy, old = records["deputy"], records["group"]
    new = GroupFactory(name="西片代表小组")
    client.force_login(secretary)
    form = client.get(reverse("deputy_edit", args=[deputy.pk])).context["form"]
    assert form.initial["group"] == old and form.initial["levels"] == ["township"]
    response = client.post(
        reverse("deputy_edit", args=[deputy.pk]),
        deputy_data(name=deputy.name, id_number=VALID_ID, group=str(new.pk)),
    )
    assert response.status_code == 302
    memberships = GroupMembership.objects.filter(deputy=deputy)
    assert memberships.get(end_date__isnull=True).group == new
    assert memberships.get(end_date__isnull=False).group == old
    page = client.get(deputy.get_absolute_url()).content.decode()
    assert "东片代表小组" in page and "西片代表小组" in page


# The roster: filters and masking


def test_roster_filters_each_return_the_right_deputies(client, secretary):
    east, west = GroupFactory(name="东片"), GroupFactory(name="西片")
    a = DeputyFactory(name="甲", group=east, gender="F", party="masses", workplace="青山小学")
    b = DeputyFactory(name="乙", group=west, levels=["township", "county"], district="河东选区")
    c = DeputyFactory(name="丙", group=west, status="resigned", status_date=date(2024, 5, 1))
    client.force_login(secretary)

    def names(**params):
        response = client.get(reverse("deputy_list"), params)
        return {d.name for d in response.context["deputies"]}

    assert names() == {"甲", "乙", "丙"}
    assert names(group=east.pk) == {"甲"}
    assert names(group=west.pk) == {"乙", "丙"}
    assert names(level="county") == {"乙"}
    assert names(status="in_office") == {"甲", "乙"}
    assert names(status="resigned") == {"丙"}
    assert names(gender="F") == {"甲"}
    assert names(party="masses") == {"甲"}
    assert names(q="青山") == {"甲"}
    assert names(q="河东") == {"乙"}
    assert names(q="丙") == {"丙"}
    assert names(group=west.pk, status="in_office") == {"乙"}
    # The count is shown, and htmx gets the table alone.
    response = client.get(reverse("deputy_list"), {"group": west.pk}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "共 2 名代表" in page and "<html" not in page
    assert a.name not in page and b.name in page and c.name in page


def test_id_numbers_are_masked_on_the_roster_and_the_profile(client, secretary, records):
    client.force_login(secretary)
    for url in (reverse("deputy_list"), records["deputy"].get_absolute_url()):
        page = client.get(url).content.decode()
        assert MASKED_ID in page, url
        assert VALID_ID not in page, url


def test_the_profile_shows_seats_group_stations_and_activities(client, secretary, records):
    client.force_login(secretary)
    page = client.get(records["deputy"].get_absolute_url()).content.decode()
    assert "乡镇" in page and "东片代表小组" in page
    assert records["station"].name in page
    assert records["activity"].topic in page
    assert reverse("deputy_record", args=[records["deputy"].pk]) in page


# Groups and stations


def test_groups_list_leader_liaison_and_count_of_members_in_office(client, secretary, records):
    group = records["group"]
    group.leader = records["deputy"]
    group.liaison = MemberFactory(term=records["term"], name="赵主席")
    group.save()
    DeputyFactory(group=group)
    DeputyFactory(group=group, status="deceased", status_date=date(2024, 1, 2))
    client.force_login(secretary)
    page = client.get(reverse("group_list")).content.decode()
    assert "王建国" in page and "赵主席" in page and "2 名" in page


def test_secretary_creates_and_edits_a_group(client, secretary, records):
    client.force_login(secretary)
    response = client.post(
        reverse("group_create"),
        {"name": "机关代表小组", "area": "镇机关", "leader": records["deputy"].pk},
    )
    group = DeputyGroup.objects.get(name="机关代表小组")
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert group.leader == records["deputy"]
    response = client.post(reverse("group_create"), {"name": "机关代表小组"})
    assert response.status_code == 200 and "已存在" in response.content.decode()
    response = client.post(reverse("group_edit", args=[group.pk]), {"name": "机关小组"})
    group.refresh_from_db()
    assert group.name == "机关小组" and group.leader is None


def test_group_page_lists_members_and_its_activities(client, secretary, records):
    client.force_login(secretary)
    page = client.get(records["group"].get_absolute_url()).content.decode()
    assert "王建国" in page and records["activity"].topic in page


def test_secretary_creates_a_station_with_resident_deputies(client, secretary, records):
    client.force_login(secretary)
    data = {
        "name": "河东代表之家",
        "kind": "home",
        "address": "河东村委会",
        "reception_days": "20，5",
        "notice_days": 3,
        "resident_deputies": [records["deputy"].pk],
    }
    response = client.post(reverse("station_create"), data)
    station = LiaisonStation.objects.get(name="河东代表之家")
    assert response.status_code == 302
    assert station.reception_days == "5,20"
    assert list(station.resident_deputies.all()) == [records["deputy"]]

    response = client.post(
        reverse("station_create"), {**data, "name": "另一站", "reception_days": "10,32"}
    )
    assert response.status_code == 200
    assert "1到31" in response.content.decode()


def test_station_list_shows_the_next_two_reception_days_and_their_announcement(
    client, secretary, records
):
    today = timezone.localdate()
    station = records["station"]
    station.reception_days = str(today.day if today.day <= 28 else 1)
    station.save()
    client.force_login(secretary)
    page = client.get(reverse("station_list")).content.decode()
    first = today if today.day <= 28 else None
    if first:
        assert f"{first.year}年{first.month}月{first.day}日" in page
        notice = first - timedelta(days=3)
        assert f"{notice.month}月{notice.day}日公布" in page
    assert "王建国" in page


# Activities


def activity_data(deputies=(), statuses=None, **changes):
    data = {
        "kind": "inspection",
        "topic": "视察农村人居环境整治",
        "start_date": "2025-06-12",
        "end_date": "",
        "place": "河东村",
        "organiser": "presidium",
        "group": "",
        "station": "",
        "other_attendees": 3,
        "voters_received": 0,
        "training_hours": "",
        "satisfaction": "",
        "findings": "垃圾清运不及时。",
        "issues_found": 4,
        "issues_rectified": 2,
    }
    for deputy in deputies:
        data[f"deputy_{deputy.pk}"] = (statuses or {}).get(deputy.pk, "present")
    data.update(changes)
    return data


def test_an_activity_with_five_attendees_records_five_present(client, secretary, records):
    others = [DeputyFactory() for _ in range(6)]
    five = others[:5]
    client.force_login(secretary)
    form = client.get(reverse("activity_create")).context["form"]
    # Every deputy in office is on the checklist, grouped by group.
    assert {d.pk for d in form.checklist_deputies} == {records["deputy"].pk} | {
        d.pk for d in others
    }
    assert form.checklist_groups()[0][0] == "东片代表小组"
    response = client.post(reverse("activity_create"), activity_data(five))
    activity = Activity.objects.get(topic="视察农村人居环境整治")
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert activity.created_by == secretary
    present = Attendance.objects.filter(activity=activity, status="present")
    assert sorted(present.values_list("deputy_id", flat=True)) == sorted(d.pk for d in five)
    assert activity.attendances.count() == 5
    page = client.get(activity.get_absolute_url()).content.decode()
    assert all(d.name in page for d in five)
    # The list counts the deputies present.
    listing = client.get(reverse("activity_list")).content.decode()
    assert activity.topic in listing
    row = next(
        a for a in client.get(reverse("activity_list")).context["activities"] if a == activity
    )
    assert row.present == 5


def test_an_activity_sent_twice_is_recorded_once(client, secretary, records):
    """Issue 25: the second sending of the same form leads to the activity the first made."""
    client.force_login(secretary)
    data = activity_data([records["deputy"]])
    data["form_token"] = form_token(client, reverse("activity_create"))
    first = client.post(reverse("activity_create"), data)
    second = client.post(reverse("activity_create"), data, follow=True)
    activity = Activity.objects.get(topic="视察农村人居环境整治")
    assert first.url == activity.get_absolute_url() == second.redirect_chain[0][0]
    assert "这张表已经提交过了，以下是当时保存的内容。" in second.content.decode()
    assert activity.attendances.count() == 1


def test_editing_an_activity_changes_statuses_and_drops_unticked(client, secretary, records):
    a, b, c = DeputyFactory(), DeputyFactory(), DeputyFactory()
    client.force_login(secretary)
    client.post(reverse("activity_create"), activity_data([a, b, c]))
    activity = Activity.objects.get(topic="视察农村人居环境整治")
    form = client.get(reverse("activity_edit", args=[activity.pk])).context["form"]
    assert form[f"deputy_{a.pk}"].initial == "present"
    response = client.post(
        reverse("activity_edit", args=[activity.pk]),
        activity_data([a, b], statuses={b.pk: "leave"}),
    )
    assert response.status_code == 302
    assert dict(activity.attendances.values_list("deputy_id", "status")) == {
        a.pk: "present",
        b.pk: "leave",
    }


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_date": "2025-06-12", "end_date": "2025-06-10"}, "结束日期不能早于开始日期"),
        ({"issues_found": 1, "issues_rectified": 3}, "整改到位的问题不能多于发现的问题"),
        ({"organiser": "group", "group": ""}, "请填写组织活动的代表小组或联络站"),
        ({"organiser": "station", "station": ""}, "请填写组织活动的代表小组或联络站"),
    ],
)
def test_bad_activities_are_refused_in_chinese(client, secretary, records, changes, message):
    client.force_login(secretary)
    response = client.post(
        reverse("activity_create"), activity_data([records["deputy"]], **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Activity.objects.count() == 1  # only the fixture's


def test_a_group_left_selected_under_the_presidium_is_dropped(client, secretary, records):
    client.force_login(secretary)
    response = client.post(
        reverse("activity_create"),
        activity_data(organiser="presidium", group=records["group"].pk),
    )
    assert response.status_code == 302
    activity = Activity.objects.get(topic="视察农村人居环境整治")
    assert activity.group is None and activity.organiser == "presidium"


def test_an_attachment_is_uploaded_with_the_activity(
    client, secretary, records, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(
        reverse("activity_create"),
        {**activity_data(), "attachment": upload, "attachment_title": "视察纪要"},
    )
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    assert attachment.title == "视察纪要"
    page = client.get(attachment.activity.get_absolute_url()).content.decode()
    assert "视察纪要" in page

    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("activity_create"), {**activity_data(topic="另一次"), "attachment": bad}
    )
    assert response.status_code == 200 and "“run.exe”不是文档或图片" in response.content.decode()


def test_activity_filters(client, secretary, records):
    ActivityFactory(kind="training", topic="代表法培训", start_date=date(2024, 3, 1))
    client.force_login(secretary)

    def topics(**params):
        return {a.topic for a in client.get(reverse("activity_list"), params).context["activities"]}

    assert topics(kind="training") == {"代表法培训"}
    assert topics(year=2024) == {"代表法培训"}
    assert topics(group=records["group"].pk) == {records["activity"].topic}
    assert topics() == {"代表法培训", records["activity"].topic}


# Session attendance


def test_session_attendance_updates_the_session_counts(client, secretary, records):
    session = SessionFactory(
        term=records["term"],
        number=2,
        deputies_total=None,
        deputies_present=None,
        deputies_on_leave=None,
        deputies_absent=None,
    )
    d1, d2, d3 = DeputyFactory(), DeputyFactory(), DeputyFactory()
    county_only = DeputyFactory(levels=["county"])
    gone = DeputyFactory(status="resigned", status_date=date(2024, 1, 1))
    client.force_login(secretary)
    url = reverse("session_attendance", args=[session.pk])
    form = client.get(url).context["form"]
    listed = {d.pk for d in form.checklist_deputies}
    assert listed == {records["deputy"].pk, d1.pk, d2.pk, d3.pk}
    assert county_only.pk not in listed and gone.pk not in listed
    data = {f"deputy_{pk}": "present" for pk in listed}
    data[f"deputy_{d2.pk}"] = "leave"
    data[f"deputy_{d3.pk}"] = "absent"
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    session.refresh_from_db()
    assert (
        session.deputies_total,
        session.deputies_present,
        session.deputies_on_leave,
        session.deputies_absent,
    ) == (4, 2, 1, 1)
    assert SessionAttendance.objects.get(session=session, deputy=d2).status == "leave"
    # Reopened, the page shows what was saved.
    form = client.get(url).context["form"]
    assert form[f"deputy_{d3.pk}"].initial == "absent"


def test_session_attendance_needs_every_deputy_marked(client, secretary, records):
    client.force_login(secretary)
    session = records["session"]
    response = client.post(reverse("session_attendance", args=[session.pk]), {})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not Session.objects.get(pk=session.pk).deputy_attendance.exists()


# Petitions


def test_petition_create_edit_and_conclusion_needs_a_date(client, secretary, records):
    client.force_login(secretary)
    data = {
        "received_date": "2025-05-06",
        "source": "letter",
        "petitioner": "张大爷",
        "content": "宅基地纠纷",
        "deputy": records["deputy"].pk,
        "handling": "转司法所调处",
        "outcome": "",
        "status": "open",
        "closed_date": "",
    }
    response = client.post(reverse("petition_create"), data)
    petition = Petition.objects.get(petitioner="张大爷")
    assert response.status_code == 302
    assert response.url == reverse("petition_detail", args=[petition.pk])
    url = reverse("petition_edit", args=[petition.pk])
    response = client.post(url, {**data, "status": "closed"})
    assert response.status_code == 200
    assert "已办结的信访件须填写办结日期" in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == "open"
    response = client.post(
        url, {**data, "status": "closed", "closed_date": "2025-06-01", "outcome": "调解成功"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "closed" and petition.closed_date == date(2025, 6, 1)


def test_petition_list_filters_open_and_concluded(client, secretary, records):
    PetitionFactory(petitioner="已结人", status="closed", closed_date=date(2025, 5, 1))
    client.force_login(secretary)

    def names(**params):
        return {
            p.petitioner for p in client.get(reverse("petition_list"), params).context["petitions"]
        }

    assert names(status="closed") == {"已结人"}
    assert names(status="open") == {records["petition"].petitioner}
    assert names() == {"已结人", records["petition"].petitioner}


# Cost in queries


def test_list_pages_cost_a_constant_number_of_queries(client, secretary, records):
    client.force_login(secretary)
    term = records["term"]

    def add_rows():
        group = GroupFactory(leader=DeputyFactory(), liaison=MemberFactory(term=term))
        deputies = [DeputyFactory(group=group, levels=["township", "county"]) for _ in range(3)]
        station = StationFactory()
        station.resident_deputies.set(deputies)
        activity = ActivityFactory(organiser="group", group=group)
        for deputy in deputies:
            AttendanceFactory(activity=activity, deputy=deputy)
        ActivityFactory(organiser="station", station=station)
        PetitionFactory(deputy=deputies[0])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for url in (
        reverse("deputy_list"),
        reverse("group_list"),
        reverse("station_list"),
        reverse("activity_list"),
        reverse("petition_list"),
        reverse("group_detail", args=[records["group"].pk]),
    ):
        add_rows()
        few = count(url)
        for _ in range(4):
            add_rows()
        assert count(url) == few, url


def test_checklist_pages_cost_a_constant_number_of_queries(client, secretary, records):
    client.force_login(secretary)
    group = records["group"]

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = (
        reverse("activity_create"),
        reverse("session_attendance", args=[records["session"].pk]),
    )
    for url in urls:
        DeputyFactory(group=group)
        few = count(url)
        for _ in range(5):
            DeputyFactory(group=GroupFactory())
        assert count(url) == few, url


def test_seats_of_other_terms_are_kept_when_editing(client, secretary, records):
    deputy = records["deputy"]
    Seat.objects.create(deputy=deputy, level="township", term_number=17)
    client.force_login(secretary)
    client.post(
        reverse("deputy_edit", args=[deputy.pk]),
        deputy_data(name=deputy.name, id_number=VALID_ID, levels=["township", "county"]),
    )
    assert set(deputy.seats.values_list("level", "term_number")) == {
        ("township", 17),
        ("township", 18),
        ("county", 18),
    }


def test_groups_are_listed_in_numeral_order(client, secretary):
    for name in ("第十代表小组", "第二代表小组", "第一代表小组", "第三代表小组"):
        GroupFactory(name=name)
    client.force_login(secretary)
    groups = client.get(reverse("group_list")).context["groups"]
    assert [g.name for g in groups] == [
        "第一代表小组",
        "第二代表小组",
        "第三代表小组",
        "第十代表小组",
    ]


def test_activity_page_lists_deputies_by_attendance(client, secretary, records):
    away = DeputyFactory(name="请假的代表")
    AttendanceFactory(activity=records["activity"], deputy=away, status="leave")
    client.force_login(secretary)
    response = client.get(records["activity"].get_absolute_url())
    assert [(v, [d.name for d in ds]) for v, _, ds in response.context["by_status"]] == [
        ("present", ["王建国"]),
        ("leave", ["请假的代表"]),
    ]
    assert "登记2人，出席1人" in response.content.decode()
