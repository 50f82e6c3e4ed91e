"""The secretary, in headless Chromium, records a session and finds it in the list."""

import pytest

from congress.roles import Role
from tests.browser import log_in, open_menu_item
from tests.factories import DeputyFactory, TermFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_creates_a_session_and_sees_it_listed(page, live_server):
    TermFactory(number=18)
    UserFactory(username="mishu", role=Role.SECRETARY)
    DeputyFactory.create_batch(51)  # the roster: 51 hold a seat, one short of what is typed

    log_in(page, live_server, "mishu")
    open_menu_item(page, "会议", "人代会")
    page.get_by_role("link", name="登记人代会").click()

    page.get_by_label("会次").fill("3")
    page.get_by_label("开始日期").fill("2026-01-16")
    page.get_by_label("结束日期").fill("2026-01-17")
    page.get_by_label("地点").fill("镇政府三楼会议室")
    page.get_by_label("应到代表").fill("52")
    page.get_by_label("实到代表").fill("34")
    page.get_by_label("请假代表").fill("10")
    page.get_by_label("缺席代表").fill("8")
    # htmx asks the server while the secretary types: the roster says 51, not 52.
    page.locator("#quorum").get_by_text("在任代表为51名，而填写的是52名").wait_for()
    DeputyFactory()  # the roster corrected: 52
    page.get_by_label("应到代表").fill("52")
    page.locator("#quorum").get_by_text("未达到法定人数").wait_for()
    page.get_by_label("实到代表").fill("47")
    page.get_by_label("请假代表").fill("3")
    page.get_by_label("缺席代表").fill("2")
    page.locator("#quorum").get_by_text("须至少35名出席").wait_for()
    page.get_by_role("button", name="保存").click()

    page.get_by_role("heading", name="第十八届人民代表大会第三次会议").wait_for()
    assert page.get_by_text("已保存。").is_visible()
    open_menu_item(page, "会议", "人代会")
    row = page.get_by_role("row").filter(has_text="第十八届人民代表大会第三次会议")
    assert row.get_by_text("应到52名，实到47名").is_visible()
    assert row.get_by_text("达到法定人数").is_visible()


def test_a_deputy_on_a_phone_is_refused_the_secretarys_page(browser, live_server):
    UserFactory(username="daibiao", role=Role.DEPUTY)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "daibiao")
    assert page.get_by_role("navigation").get_by_role("link", name="人代会").count() == 0
    page.goto(f"{live_server.url}/sessions/new/")
    assert page.get_by_role("heading", name="无权访问").is_visible()
    context.close()
