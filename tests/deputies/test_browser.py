"""In headless Chromium: the secretary records an inspection with five attending deputies;
one of them logs in on a phone and finds it in their performance record."""

import re

import pytest
from django.utils import timezone

from congress.roles import Role
from deputies.models import Activity, AttendanceStatus, DutyRequirement
from tests.browser import log_in
from tests.factories import DeputyFactory, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "视察农村人居环境整治工作"


def test_an_inspection_recorded_by_the_secretary_shows_in_a_deputys_record_on_a_phone(
    browser, page, live_server
):
    UserFactory(username="mishu", role=Role.SECRETARY)
    deputy_account = UserFactory(username="daibiao", role=Role.DEPUTY)
    group = GroupFactory(name="第一代表小组")
    attending = [DeputyFactory(name=f"出席代表{n}", group=group) for n in range(5)]
    attending[2].user = deputy_account
    attending[2].save()
    DeputyFactory(name="未参加代表", group=group)
    # Transactional tests empty the tables, the migrated defaults too: set the one checked here.
    DutyRequirement.objects.get_or_create(
        name="每年至少参加一次视察", defaults={"metric": "activity:inspection"}
    )
    today = timezone.localdate()

    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/activities/new/")
    page.get_by_label("类型").select_option(label="视察")
    page.get_by_label("主题").fill(TOPIC)
    page.get_by_label(re.compile(r"^日期")).fill(today.isoformat())
    page.get_by_label("地点").fill("河东村、河西村")
    for deputy in attending:
        page.get_by_role("radiogroup", name=deputy.name).get_by_label("出席").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()

    activity = Activity.objects.get(topic=TOPIC)
    assert dict(activity.attendances.values_list("deputy__name", "status")) == {
        deputy.name: AttendanceStatus.PRESENT for deputy in attending
    }

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    phone = context.new_page()
    log_in(phone, live_server, "daibiao")
    phone.get_by_role("navigation").get_by_role("link", name="我的履职").click()
    phone.get_by_role("heading", name="我的履职档案").wait_for()
    entry = phone.locator("ol.timeline li").filter(has_text=TOPIC)
    assert entry.is_visible()
    assert entry.get_by_text("参加活动").is_visible()
    assert entry.get_by_text(f"{today.year}年{today.month}月{today.day}日").is_visible()
    # The page fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The checklist counts it: the yearly inspection minimum is met.
    check = phone.locator("ul.checklist li").filter(has_text="视察")
    assert check.get_by_text("已达到").is_visible()
    context.close()
