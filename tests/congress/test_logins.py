"""Logins that cannot be guessed (issue 11): lockout by user and by address on both login
pages, idle sessions, and the one-time password the secretary or an administrator sets."""

import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.accounts import client_ip, reset_refusal
from congress.models import PresidiumMember, User
from congress.roles import Role
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["login", "admin:login"]
OFFICE = "10.0.0.9"  # a township office's one NAT address
ONE_TIME = r"<strong>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</strong>"


def log_in(client, user, password=PASSWORD, page="login", address="10.0.0.1"):
    return client.post(
        reverse(page), {"username": user.username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client):
    return client.get(reverse("home")).status_code == 200


def fail(client, username, times, page="login", address="10.0.0.1"):
    for _ in range(times):
        response = client.post(
            reverse(page), {"username": username, "password": "wrong-guess"}, REMOTE_ADDR=address
        )
        assert response.status_code in (200, 429)


@pytest.fixture
def staff_user(db):
    # Staff, so that the right password would open the back office too.
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, staff_user, page):
    fail(client, staff_user.username, 30, page=page)
    response = log_in(client, staff_user, page=page)
    assert response.status_code == 429
    text = response.content.decode()
    assert "登录已暂停" in text
    assert "30 分钟" in text
    assert "_auth_user_id" not in client.session
    assert not signed_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_failures_below_the_configured_limit_do_not_lock(client, settings, staff_user, page):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, staff_user.username, 2, page=page)
    assert log_in(client, staff_user, page=page).status_code == 302
    client.logout()
    fail(client, staff_user.username, 1, page=page)  # failures count until the pause ends
    assert log_in(client, staff_user, page=page).status_code == 429


def test_an_attacker_elsewhere_does_not_lock_the_owner_out(client, secretary):
    """Attack 1: thirty guesses at 秘书's password from another address pause her user name at
    that address only; at her own desk she logs in, and the attacker's address is not paused
    for other user names."""
    fail(client, secretary.username, 30, address="10.66.0.1")
    assert log_in(client, secretary, address="10.0.0.1").status_code == 302
    client.logout()
    refused = log_in(client, secretary, address="10.66.0.1")  # even with the right password
    assert refused.status_code == 429
    assert "这台电脑上该用户名的登录失败次数过多，已暂停 30 分钟" in refused.content.decode()
    assert log_in(client, UserFactory(), address="10.66.0.1").status_code == 302


def test_one_users_failures_do_not_lock_the_office(client):
    """Attack 2, one name: behind the township office's one NAT address, five failures for one
    user pause that user there, not a colleague at the same address, nor the user elsewhere."""
    a, b = UserFactory(), UserFactory()
    fail(client, a.username, 5, address=OFFICE)
    assert log_in(client, b, address=OFFICE).status_code == 302
    client.logout()
    assert log_in(client, a, address=OFFICE).status_code == 429
    assert log_in(client, a, address="10.0.0.2").status_code == 302


def test_failures_over_many_user_names_lock_the_address(client, secretary):
    """Attack 2, many names: one failure each on nine user names leaves the address open; the
    tenth name pauses it for every user name, not other addresses."""
    for n in range(9):
        fail(client, f"nobody{n}", 1, address=OFFICE)
    assert log_in(client, secretary, address=OFFICE).status_code == 302
    client.logout()
    fail(client, "nobody9", 1, address=OFFICE)
    refused = log_in(client, secretary, address=OFFICE)
    assert refused.status_code == 429
    assert "这台电脑上多个不同用户名的登录失败次数过多" in refused.content.decode()
    assert "最长 120 分钟" in refused.content.decode()
    assert log_in(client, secretary, address="10.0.0.8").status_code == 302


def earlier(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_an_address_pause_outlasts_a_user_names_and_logins_meanwhile_do_not_prolong_it(
    client, secretary
):
    for n in range(10):
        fail(client, f"nobody{n}", 1, address=OFFICE)
    earlier(100)  # well past a user name's 30 minutes
    assert log_in(client, secretary, address=OFFICE).status_code == 429
    fail(client, "colleague", 1, address=OFFICE)
    assert AccessAttempt.objects.count() == 10  # refused tries are not counted
    earlier(21)
    assert log_in(client, secretary, address=OFFICE).status_code == 302


def test_trying_during_a_pause_does_not_prolong_it(client, secretary):
    fail(client, secretary.username, 5)
    earlier(20)
    assert log_in(client, secretary).status_code == 429
    earlier(11)
    assert log_in(client, secretary).status_code == 302


def test_the_pause_ends_after_the_configured_time(client, secretary):
    fail(client, secretary.username, 5)
    assert log_in(client, secretary).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, secretary).status_code == 302


@pytest.mark.parametrize("pause", ["user name", "address"])
def test_the_administrator_unlocks_in_the_back_office(client, secretary, pause):
    names = [secretary.username] if pause == "user name" else [f"nobody{n}" for n in range(10)]
    for name in names:
        fail(client, name, 8 if pause == "user name" else 1)
    assert log_in(client, secretary).status_code == 429
    admin_client = Client()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert names[-1] in page.content.decode()
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
        REMOTE_ADDR="10.0.0.50",
    )
    assert response.status_code == 302
    assert log_in(client, secretary).status_code == 302


def test_client_address_comes_from_the_configured_header(settings):
    factory = RequestFactory()
    forwarded = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5")
    assert client_ip(forwarded) == "10.9.9.9"  # default: the header is not trusted
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The entry the proxy appended, not the one the client wrote before it.
    assert client_ip(forwarded) == "10.0.0.5"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.9.9.9")) == "10.9.9.9"  # no header
    junk = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="unknown")
    assert client_ip(junk) == "10.9.9.9"


def test_behind_a_proxy_each_client_address_is_locked_alone(client, settings, secretary):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(10):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_REAL_IP="10.0.0.5",
        )
    data = {"username": secretary.username, "password": PASSWORD}
    locked = client.post(reverse("login"), data, REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="10.0.0.5")
    assert locked.status_code == 429
    ok = client.post(reverse("login"), data, REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="10.0.0.6")
    assert ok.status_code == 302


def test_the_test_clients_login_still_authenticates(client, secretary):
    # It authenticates without a request: django-axes' own backend raises on that.
    assert client.login(username=secretary.username, password=PASSWORD)
    assert not client.login(username=secretary.username, password="wrong")


def test_a_session_ends_after_the_idle_time_not_after_the_login(client, secretary):
    """Default idle time 480 minutes: used 300 minutes after login, still signed in 600
    minutes after it; unused for 481 minutes, signed out."""
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        client.force_login(secretary)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=300)):
        assert signed_in(client)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=600)):
        assert signed_in(client)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=1081)):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_a_minute_do_not_write_the_session_again(client, secretary, settings):
    """The expiry moves on with use, but the session row is written at most once a minute:
    saved at 0 s (the first page after login), not at 30 s, saved again at 61 s."""
    settings.SESSION_REFRESH_SECONDS = 60
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        client.force_login(secretary)
        assert signed_in(client)
    first = session_expiry(client)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(seconds=30)):
        assert signed_in(client)
    assert session_expiry(client) == first
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(seconds=61)):
        assert signed_in(client)
    assert session_expiry(client) == first + timedelta(seconds=61)


def one_time_password(response):
    return re.findall(ONE_TIME, response.content.decode())[0]


def test_secretary_sets_a_one_time_password_that_must_be_changed(client, secretary):
    deputy = UserFactory(role=Role.DEPUTY, name="代表乙")
    client.force_login(secretary)
    listing = client.get(reverse("account_list")).content.decode()
    assert "代表乙" in listing
    assert reverse("account_reset", args=[deputy.pk]) in listing
    confirm = client.get(reverse("account_reset", args=[deputy.pk]))
    assert "只显示这一次" in confirm.content.decode()
    shown = client.post(reverse("account_reset", args=[deputy.pk]))
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    password = one_time_password(shown)

    deputy.refresh_from_db()
    assert deputy.must_change_password
    assert not deputy.check_password(PASSWORD)
    entry = LogEntry.objects.get_for_object(deputy).latest("timestamp")
    assert entry.actor == secretary
    assert "must_change_password" in entry.changes_dict
    assert "password" not in entry.changes_dict and password not in str(entry.changes)

    client.logout()
    assert log_in(client, deputy, password=password)["Location"] == reverse("home")
    for url in (reverse("home"), reverse("account_list"), reverse("admin:index")):
        assert client.get(url)["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert "您使用临时密码登录" in page.content.decode()
    same = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "新密码不能与当前密码相同" in same.content.decode()
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Hedong-2026-own",
            "new_password2": "Hedong-2026-own",
        },
    )
    assert changed["Location"] == reverse("password_change_done")
    assert signed_in(client)
    deputy.refresh_from_db()
    assert not deputy.must_change_password and deputy.check_password("Hedong-2026-own")


def test_a_user_who_must_change_the_password_may_log_out(client):
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_the_one_time_password_lifts_the_users_lockout(client, secretary):
    deputy = UserFactory(role=Role.DEPUTY)
    fail(client, deputy.username, 5, address="10.0.0.7")
    staff = Client()
    staff.force_login(secretary)
    assert "登录已暂停" in staff.get(reverse("account_list")).content.decode()
    password = one_time_password(staff.post(reverse("account_reset", args=[deputy.pk])))
    assert log_in(client, deputy, password=password, address="10.0.0.7").status_code == 302
    assert "登录已暂停" not in staff.get(reverse("account_list")).content.decode()


def test_the_account_page_shows_a_pause_where_one_address_reached_the_limit(client, secretary):
    """Six failures for a deputy, two from each of three addresses, pause him nowhere; three
    more from one of them pause him there, which the secretary sees."""
    deputy = UserFactory(role=Role.DEPUTY)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        fail(client, deputy.username, 2, address=address)
    staff = Client()
    staff.force_login(secretary)
    assert "登录已暂停" not in staff.get(reverse("account_list")).content.decode()
    fail(client, deputy.username, 3, address="10.0.0.3")
    assert "登录已暂停" in staff.get(reverse("account_list")).content.decode()


@pytest.mark.parametrize(
    "target, message",
    [
        (lambda: UserFactory(is_superuser=True, is_staff=True), "只能由系统管理员设置"),
        (lambda: UserFactory(is_staff=True), "只能由系统管理员设置"),
        (
            lambda: UserFactory(role=Role.SECRETARY),
            "该账户本身可以设置密码，其密码只能由系统管理员设置",
        ),
        (None, "自己的密码请通过“修改密码”更改"),
    ],
)
def test_the_secretary_may_not_reset_more_privileged_accounts(client, secretary, target, message):
    user = target() if target else secretary
    client.force_login(secretary)
    response = client.post(reverse("account_reset", args=[user.pk]), follow=True)
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.must_change_password
    assert client.get(reverse("account_reset", args=[user.pk]))["Location"] == reverse(
        "account_list"
    )


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.PRESIDIUM, Role.ELECTION_STAFF])
def test_other_roles_cannot_reach_the_account_pages(client, role):
    target = UserFactory()
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("account_list")).status_code == 403
    assert client.post(reverse("account_reset", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_the_administrator_sets_one_time_passwords_from_the_user_list(client, secretary):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    deputy = UserFactory(role=Role.DEPUTY)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:congress_user_changelist"),
        {
            "action": "set_one_time_password",
            "_selected_action": [deputy.pk, secretary.pk, admin_user.pk],
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "自己的密码请通过“修改密码”更改" in text  # the administrator's own account
    passwords = re.findall(ONE_TIME, text)
    assert len(passwords) == 2
    for user in (deputy, secretary):
        user.refresh_from_db()
        assert user.must_change_password
        assert any(user.check_password(p) for p in passwords)
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
    assert User.objects.filter(must_change_password=True).count() == 2


def granted(user, *perms):
    """`user` with permissions granted to them personally (not through a role)."""
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


# Who may set whose one-time password, by hand from the roles' permissions: the secretary holds
# what a deputy's and a unit officer's accounts reach beyond their own records (every project,
# read), not the chair's approval of summaries (presidium), not election staff's voter data and
# full ID numbers, not a personally granted export of full ID numbers; a peer who sets passwords
# herself is the administrator's. An administrator resets anyone but themself.
RESET_TABLE = [
    # actor, account, allowed
    ("secretary", "deputy", True),
    ("secretary", "unit officer", True),
    ("secretary", "no role", True),
    ("secretary", "presidium", False),
    ("secretary", "presidium chair", False),
    ("secretary", "election staff", False),
    ("secretary", "another secretary", False),
    ("secretary", "deputy with full ID export", False),
    ("secretary", "inactive deputy", False),
    ("secretary", "staff", False),
    ("secretary", "superuser", False),
    ("secretary", "self", False),
    ("secretary and election staff", "election staff", True),
    ("secretary and election staff", "presidium", False),
    ("deputy", "deputy", False),
    ("presidium", "deputy", False),
    ("superuser", "deputy", True),
    ("superuser", "presidium chair", True),
    ("superuser", "election staff", True),
    ("superuser", "another secretary", True),
    ("superuser", "deputy with full ID export", True),
    ("superuser", "superuser", True),
    ("superuser", "self", False),
]


def account(kind):
    make = {
        "deputy": lambda: UserFactory(role=Role.DEPUTY),
        "unit officer": lambda: UserFactory(role=Role.UNIT_OFFICER),
        "no role": lambda: UserFactory(),
        "presidium": lambda: UserFactory(role=Role.PRESIDIUM),
        "election staff": lambda: UserFactory(role=Role.ELECTION_STAFF),
        "another secretary": lambda: UserFactory(role=Role.SECRETARY),
        "secretary": lambda: UserFactory(role=Role.SECRETARY),
        "deputy with full ID export": lambda: granted(
            UserFactory(role=Role.DEPUTY), "deputies.export_full_id_number"
        ),
        "inactive deputy": lambda: UserFactory(role=Role.DEPUTY, is_active=False),
        "staff": lambda: UserFactory(is_staff=True),
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if kind == "presidium chair":
        chair = UserFactory(role=Role.PRESIDIUM, name="主席甲")
        MemberFactory(user=chair, name=chair.name, role=PresidiumMember.Role.CHAIR)
        return chair
    if kind == "secretary and election staff":
        both = UserFactory(role=Role.SECRETARY)
        both.groups.add(Group.objects.get(name=Role.ELECTION_STAFF.value))
        return both
    return make[kind]()


@pytest.mark.parametrize("actor_kind, account_kind, allowed", RESET_TABLE)
def test_who_may_set_whose_one_time_password(actor_kind, account_kind, allowed):
    actor = account(actor_kind)
    user = actor if account_kind == "self" else account(account_kind)
    refusal = reset_refusal(actor, user)
    assert (refusal is None) == allowed, refusal
    if not allowed and actor.has_perm("congress.reset_password") and account_kind != "self":
        assert "系统管理员" in refusal  # says who may


@pytest.mark.parametrize(
    "kind, message",
    [
        ("presidium", "该账户拥有您没有的权限"),
        ("election staff", "该账户拥有您没有的权限"),
        ("deputy with full ID export", "该账户拥有您没有的权限"),
        ("another secretary", "该账户本身可以设置密码"),
    ],
)
def test_the_account_page_says_why_instead_of_the_button(client, secretary, kind, message):
    user = account(kind)
    client.force_login(secretary)
    row = re.search(
        rf"<tr>(?:(?!</tr>).)*{user.username}(?:(?!</tr>).)*</tr>",
        client.get(reverse("account_list")).content.decode(),
        re.S,
    ).group(0)
    assert message in row and "系统管理员" in row
    assert reverse("account_reset", args=[user.pk]) not in row
    response = client.post(reverse("account_reset", args=[user.pk]), follow=True)
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.must_change_password


def test_the_account_page_costs_the_same_whatever_the_number_of_accounts(client, secretary):
    client.force_login(secretary)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("account_list")).status_code == 200
        return len(captured)

    granted(UserFactory(role=Role.DEPUTY), "deputies.view_deputy")
    few = queries()
    for _ in range(5):
        granted(UserFactory(role=Role.UNIT_OFFICER), "deputies.view_deputy")
    assert queries() == few


# A one-time password set at 16:00 on 7 December 2026 (Beijing time) works for 72 hours.
SET_AT = datetime(2026, 12, 7, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
VALID_UNTIL = "2026年12月10日 16:00"


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def reset_by_secretary(secretary, user):
    staff = Client()
    staff.force_login(secretary)
    with at(SET_AT):
        return one_time_password(staff.post(reverse("account_reset", args=[user.pk])))


@pytest.mark.parametrize("where", ["portal", "back office"])
def test_the_page_of_a_one_time_password_says_until_when_it_works(client, where):
    deputy = UserFactory(role=Role.DEPUTY)
    if where == "portal":
        client.force_login(UserFactory(role=Role.SECRETARY))
        url, data = reverse("account_reset", args=[deputy.pk]), {}
    else:
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        url = reverse("admin:congress_user_changelist")
        data = {"action": "set_one_time_password", "_selected_action": [deputy.pk]}
    with at(SET_AT):
        text = client.post(url, data).content.decode()
    assert re.findall(ONE_TIME, text)
    assert "有效期至" in text and VALID_UNTIL in text


def test_an_expired_one_time_password_no_longer_logs_in(client, secretary):
    deputy = UserFactory(role=Role.DEPUTY, name="代表乙")
    password = reset_by_secretary(secretary, deputy)
    with at(SET_AT + timedelta(hours=71, minutes=59)):
        assert log_in(client, deputy, password=password)["Location"] == reverse("home")
        client.logout()
    with at(SET_AT + timedelta(hours=72)):
        response = log_in(client, deputy, password=password)
        assert response.status_code == 200
        assert f"您的临时密码已于{VALID_UNTIL}过期，请向主席团秘书或系统管理员重新申请" in (
            response.content.decode()
        )
        assert client.get(reverse("password_change"))["Location"].startswith(reverse("login"))
        assert not signed_in(client)
        # The right (if expired) password is no failed guess: nothing counted against the owner.
        assert not AccessAttempt.objects.exists()
        staff = Client()
        staff.force_login(secretary)
        listing = staff.get(reverse("account_list")).content.decode()
    assert "临时密码已过期" in listing


def test_the_back_office_login_refuses_an_expired_one_time_password(client):
    clerk = UserFactory(is_staff=True)
    admin_client = Client()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with at(SET_AT):
        page = admin_client.post(
            reverse("admin:congress_user_changelist"),
            {"action": "set_one_time_password", "_selected_action": [clerk.pk]},
        )
    password = one_time_password(page)
    with at(SET_AT + timedelta(hours=73)):
        response = log_in(client, clerk, password=password, page="admin:login")
        assert response.status_code == 200
        assert "重新申请" in response.content.decode()
        assert not signed_in(client)


def test_a_session_opened_with_a_one_time_password_ends_when_it_expires(client, secretary):
    deputy = UserFactory(role=Role.DEPUTY)
    password = reset_by_secretary(secretary, deputy)
    with at(SET_AT + timedelta(hours=71)):
        log_in(client, deputy, password=password)
        assert client.get(reverse("password_change")).status_code == 200
    with at(SET_AT + timedelta(hours=72, minutes=1)):
        response = client.post(
            reverse("password_change"),
            {
                "old_password": password,
                "new_password1": "Own-2026-pw",
                "new_password2": "Own-2026-pw",
            },
            follow=True,
        )
        assert response.redirect_chain[0][0] == reverse("login")
        assert "重新申请" in response.content.decode()
        assert not signed_in(client)
    deputy.refresh_from_db()
    assert deputy.check_password(password) and deputy.must_change_password


def test_an_expired_one_time_password_does_not_get_round_a_pause(client, secretary):
    deputy = UserFactory(role=Role.DEPUTY)
    password = reset_by_secretary(secretary, deputy)
    with at(SET_AT + timedelta(hours=73)):
        fail(client, deputy.username, 5, address="10.0.0.7")
        assert log_in(client, deputy, password=password, address="10.0.0.7").status_code == 429


def test_a_change_asked_for_later_is_no_expired_one_time_password(client, secretary):
    """The user replaced their one-time password long ago; an administrator then ticks 'must
    change password': their own password still logs in, to the change page."""
    deputy = UserFactory(role=Role.DEPUTY)
    password = reset_by_secretary(secretary, deputy)
    with at(SET_AT + timedelta(hours=1)):
        client.post(reverse("login"), {"username": deputy.username, "password": password})
        client.post(
            reverse("password_change"),
            {
                "old_password": password,
                "new_password1": "Own-2026-pw",
                "new_password2": "Own-2026-pw",
            },
        )
        client.logout()
    User.objects.filter(pk=deputy.pk).update(must_change_password=True)
    with at(SET_AT + timedelta(days=30)):
        response = log_in(client, deputy, password="Own-2026-pw")
        assert response["Location"] == reverse("home")
        assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_a_staff_account_granted_change_user_cannot_take_over_accounts_in_the_back_office(
    client, secretary
):
    """The back office's user pages are an administrator's: a staff secretary personally granted
    "change user" may neither set the chair's password there nor make herself an administrator."""
    secretary.is_staff = True
    secretary.save()
    secretary.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user", "add_user"])
    )
    chair = UserFactory(role=Role.PRESIDIUM)
    client.force_login(secretary)
    password_page = reverse("admin:auth_user_password_change", args=[chair.pk])
    assert client.get(password_page).status_code == 403
    data = {"password1": "Taken-over-26", "password2": "Taken-over-26", "usable_password": "true"}
    assert client.post(password_page, data).status_code == 403
    own = reverse("admin:congress_user_change", args=[secretary.pk])
    client.post(own, {"username": secretary.username, "is_superuser": "on", "is_staff": "on"})
    assert client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "set_one_time_password", "_selected_action": [chair.pk]},
    ).status_code in (200, 302)
    chair.refresh_from_db()
    secretary.refresh_from_db()
    assert chair.check_password(PASSWORD) and not secretary.is_superuser
