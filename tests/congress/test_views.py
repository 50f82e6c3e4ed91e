"""Congress pages: who may open them, what they show, and how forms refuse bad input."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.context_processors import menu
from congress.models import PresidiumMeeting, Session
from congress.roles import MenuGroup, NavItem
from proposals.models import Notification
from tests.factories import (
    DeputyFactory,
    MeetingFactory,
    MemberFactory,
    SessionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    term = TermFactory()
    return {
        "session": SessionFactory(term=term, number=1),
        "meeting": MeetingFactory(term=term, number=1),
        "member": MemberFactory(term=term),
        "term": term,
    }


def page_urls(records):
    """(url, whether it only reads) for every congress page."""
    return [
        (reverse("session_list"), True),
        (reverse("session_detail", args=[records["session"].pk]), True),
        (reverse("session_create"), False),
        (reverse("session_edit", args=[records["session"].pk]), False),
        (reverse("meeting_list"), True),
        (reverse("meeting_detail", args=[records["meeting"].pk]), True),
        (reverse("meeting_create"), False),
        (reverse("meeting_edit", args=[records["meeting"].pk]), False),
        (reverse("township"), True),
        (reverse("township_edit"), False),
        (reverse("term_create"), False),
        (reverse("term_edit", args=[records["term"].pk]), False),
        (reverse("member_create"), False),
        (reverse("member_edit", args=[records["member"].pk]), False),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, records):
    # The home page (now the reports app's dashboard) is tested in tests/reports.
    for url, _ in page_urls(records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user", "election_user"])
def test_deputies_units_and_election_staff_are_refused_the_secretarys_pages(
    client, records, request, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))
    for url, _ in page_urls(records):
        if role_fixture == "election_user" and url == reverse("township"):
            continue  # election staff read the township profile (population sets the seats)
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()


def test_the_secretary_opens_every_page(client, records, secretary):
    client.force_login(secretary)
    for url, _ in page_urls(records):
        assert client.get(url).status_code == 200, url


def test_the_presidium_reads_but_does_not_edit(client, records, presidium_user):
    client.force_login(presidium_user)
    for url, read_only in page_urls(records):
        assert client.get(url).status_code == (200 if read_only else 403), url


def test_refused_posts_change_nothing(client, records, deputy_user):
    client.force_login(deputy_user)
    response = client.post(
        reverse("session_edit", args=[records["session"].pk]), {"place": "被篡改"}
    )
    assert response.status_code == 403
    records["session"].refresh_from_db()
    assert records["session"].place == ""


def session_post(term, **overrides):
    data = {
        "term": term.pk,
        "number": 2,
        "kind": "regular",
        "start_date": "2025-07-10",
        "end_date": "2025-07-11",
        "place": "镇政府三楼会议室",
        "reports_heard": "镇人民政府工作报告",
        "decisions": "",
        "deputies_total": 52,
        "deputies_present": 40,
        "deputies_on_leave": 8,
        "deputies_absent": 4,
    }
    data.update(overrides)
    return data


def test_the_secretary_records_a_session(client, secretary):
    term = TermFactory()
    DeputyFactory.create_batch(52)  # the roster: 52 hold a seat
    client.force_login(secretary)
    response = client.post(reverse("session_create"), session_post(term))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "第十八届人民代表大会第二次会议" in page
    assert "达到法定人数" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2025-07-09"}, "结束日期不能早于开始日期"),
        ({"deputies_absent": 5}, "应到代表人数须等于实到、请假、缺席人数之和"),
        ({"deputies_present": ""}, "出席情况须完整填写"),
        ({"start_date": "2025-02-30"}, "输入一个有效的日期"),
        ({"number": 0}, "确保该值大于或等于1"),
        ({"number": 1}, "本届已有相同会次的人代会"),
    ],
)
def test_session_form_refuses_bad_input_in_chinese(client, secretary, overrides, message):
    term = TermFactory()
    DeputyFactory.create_batch(52)
    SessionFactory(term=term, number=1)
    client.force_login(secretary)
    response = client.post(reverse("session_create"), session_post(term, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Session.objects.count() == 1


def test_all_deputies_are_the_rosters_never_a_typed_figure(client, secretary):
    term = TermFactory()
    deputies = DeputyFactory.create_batch(52)
    gone = deputies[0]
    gone.status, gone.status_date = "deceased", date(2025, 7, 1)
    gone.save()
    client.force_login(secretary)
    # On 10 July 2025, 51 of the 52 still hold a seat: 52 typed is refused with both numbers.
    refused = client.post(reverse("session_create"), session_post(term))
    assert "代表名册上2025年7月10日在任代表为51名，而填写的是52名" in refused.content.decode()
    assert not Session.objects.exists()
    # Left empty, the roster's figure is taken.
    client.post(
        reverse("session_create"),
        session_post(term, deputies_total="", deputies_present=40, deputies_on_leave=7),
    )
    assert Session.objects.get().deputies_total == 51
    page = client.get(reverse("session_edit", args=[Session.objects.get().pk])).content.decode()
    assert "据代表名册，会议开幕时在任代表51名。" in page


def test_session_detail_shows_a_missed_quorum(client, secretary):
    session = SessionFactory(
        deputies_total=52, deputies_present=34, deputies_on_leave=10, deputies_absent=8
    )
    client.force_login(secretary)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "未达到法定人数" in page
    assert "须至少35名出席" in page


def test_quorum_fragment_follows_the_typed_attendance(client, secretary):
    client.force_login(secretary)
    url = reverse("session_quorum")
    met = client.post(url, {"deputies_total": 45, "deputies_present": 30}).content.decode()
    short = client.post(url, {"deputies_total": 45, "deputies_present": 29}).content.decode()
    assert "达到法定人数" in met and "未达到" not in met
    assert "未达到法定人数" in short


def test_the_secretary_records_a_meeting_with_attendees(client, secretary):
    term = TermFactory()
    members = [MemberFactory(term=term) for _ in range(3)]
    client.force_login(secretary)
    response = client.post(
        reverse("meeting_create"),
        {
            "term": term.pk,
            "number": 1,
            "date": "2025-03-20",
            "place": "镇人大办公室",
            "agenda": "研究年度工作要点\n安排视察活动",
            "decisions": "同意",
            "attendees": [m.pk for m in members[:2]],
        },
    )
    meeting = PresidiumMeeting.objects.get()
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == set(members[:2])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "第十八届主席团第一次会议" in page
    assert "安排视察活动" in page


def test_the_year_without_sessions_is_flagged_on_the_list(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("session_list")).content.decode()
    assert "尚未召开或安排人民代表大会会议" in page


def test_list_pages_cost_a_constant_number_of_queries(client, secretary):
    term = TermFactory()
    members = [MemberFactory(term=term) for _ in range(4)]
    client.force_login(secretary)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for url in (reverse("session_list"), reverse("meeting_list")):
        SessionFactory(term=term)
        MeetingFactory(term=term).attendees.set(members)
        few = count(url)
        for _ in range(5):
            SessionFactory(term=term)
            MeetingFactory(term=term).attendees.set(members)
        assert count(url) == few, url


def test_pages_are_in_chinese(client, secretary):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page and "用户名" in page
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert "人代会" in page and "主席团会议" in page and "退出" in page


def test_not_found_page_is_chinese(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("session_detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_page_is_chinese():
    from congress.views import error_500

    response = error_500(None)
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_login_logout_and_password_change(client, secretary):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": secretary.username, "password": "bad"})
    assert "请输入一个正确的" in response.content.decode()
    response = client.post(reverse("login"), {"username": secretary.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "短", "new_password2": "短"},
    )
    assert "密码长度太短" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qingshan-2026-town",
            "new_password2": "Qingshan-2026-town",
        },
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    assert client.login(username=secretary.username, password="Qingshan-2026-town")


def labels(entries):
    return [
        (str(e.label), [str(link.item.label) for link in e.links])
        if isinstance(e, MenuGroup)
        else str(e.item.label)
        for e in entries
    ]


def test_the_secretarys_long_menu_is_grouped_and_notifications_sit_aside(secretary):
    found = menu(secretary)
    assert labels(found["entries"]) == [
        ("议案建议", ["议案建议", "承办单位"]),
        ("会议", ["人代会", "主席团会议", "领导人员名录"]),
        (
            "代表工作",
            [
                "代表名册",
                "代表小组",
                "联络站",
                "代表活动",
                "联系选民",
                "信访",
                "群众意见",
                "代表码和联络站码",
            ],
        ),
        ("监督工作", ["民生实事项目", "工作评议", "述职测评"]),
        "选举",
        ("总结与数据", ["工作总结", "乡镇概况", "数据导入导出", "账户管理"]),
    ]
    assert [str(link.item.label) for link in found["aside"]] == ["通知"]
    assert found["grouped"]


@pytest.mark.parametrize(
    "role_fixture, expected",
    [
        (
            "deputy_user",
            ["我的履职", "我的建议", "会议议程", "群众意见", "民生实事项目", "我的述职测评"],
        ),
        ("unit_user", ["待办件", "本单位监督事项"]),
    ],
)
def test_deputies_and_units_see_their_few_items_flat(request, role_fixture, expected):
    found = menu(request.getfixturevalue(role_fixture))
    assert labels(found["entries"]) == expected
    assert not found["grouped"]


def test_every_menu_item_is_on_the_page_in_its_dropdown(client, secretary):
    client.force_login(secretary)
    html = client.get(reverse("session_list")).content.decode()
    nav = html[html.index('<nav class="mainnav" id="mainnav"') : html.index("</nav>")]
    assert nav.count('<details class="dropdown navgroup">') == 5
    for name in ("deputy_list", "petition_list", "data_home", "account_list", "election_list"):
        assert f'href="{reverse(name)}"' in nav, name
    assert '<summary class="current">会议' in nav  # the open page's group is marked
    assert 'aria-controls="mainnav"' in html  # the phone's menu button
    assert f'href="{reverse("notification_list")}"' in html and "后台管理" not in html


def three(user):
    return 3


def none(user):
    return 0


def test_a_badge_shows_the_count_its_function_gives(client, secretary, monkeypatch):
    config = apps.get_app_config("congress")
    badged = (
        NavItem("Three", "township", "congress.view_session", badge=f"{__name__}.three"),
        NavItem("None", "data_home", "congress.view_session", badge=f"{__name__}.none"),
    )
    monkeypatch.setattr(config, "nav_items", badged)
    client.force_login(secretary)
    html = client.get(reverse("session_list")).content.decode()
    assert f'href="{reverse("township")}" >Three <span class="count">3</span></a>' in html
    assert f'href="{reverse("data_home")}" >None</a>' in html


def test_the_notifications_badge_counts_unread_notifications(client, secretary):
    for key, read_at in (("a", None), ("b", None), ("c", timezone.now())):
        Notification.objects.create(user=secretary, message=key, key=key, read_at=read_at)
    client.force_login(secretary)
    html = client.get(reverse("session_list")).content.decode()
    assert (
        '<span class="count" aria-hidden="true">2</span><span class="visually-hidden">2条未读'
        in html
    )
