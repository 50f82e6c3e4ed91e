"""The whole loop of a suggestion in headless Chromium: a deputy on a phone writes and submits
it, the secretary registers and assigns it, the unit replies, the deputy is unsatisfied, the
unit replies again, the deputy is satisfied and the item is closed; the dashboard's closed and
satisfaction rates follow."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals.models import Proposal, State
from tests.browser import log_in, log_out, pick
from tests.factories import DeputyFactory, UnitFactory, UserFactory
from tests.proposals import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于在村口增设公交站台的建议"
PDF = {"name": "答复函.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def rates(page, live_server):
    """The dashboard's 办结率 and 满意率 as shown."""
    page.goto(f"{live_server.url}{reverse('home')}")
    return tuple(
        page.locator(f'[data-rate="{key}"] .rate-value').inner_text()
        for key in ("closed", "satisfied")
    )


def reply(page, live_server, item, text):
    page.goto(f"{live_server.url}{reverse('proposal_reply', args=[item.pk])}")
    page.locator('input[name="category"][value="B"]').check()
    page.get_by_role("textbox", name="答复", exact=True).fill(text)
    page.get_by_role("textbox", name="联系人", exact=True).fill("王科长")
    page.get_by_role("textbox", name="联系电话", exact=True).fill("0571-1234567")
    date_field = page.locator('input[name="date"]')
    if not date_field.input_value():
        date_field.fill(timezone.localdate().isoformat())
    page.locator('input[name="attachment"]').set_input_files(PDF)
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()


def evaluate(phone, live_server, verdict, comment=""):
    phone.goto(f"{live_server.url}{reverse('my_proposals')}")
    phone.get_by_role("link", name="评价答复").first.click()
    phone.locator(f'input[name="verdict"][value="{verdict}"]').check()
    if comment:
        phone.get_by_label("评价意见").fill(comment)
    phone.get_by_role("button", name="提交评价").click()
    phone.wait_for_load_state()


def test_a_suggestion_goes_round_the_whole_loop(browser, page, live_server):
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    deputy_user = UserFactory(username="daibiao", role=Role.DEPUTY, name="李代表")
    DeputyFactory(user=deputy_user, name="李代表")
    officer = UserFactory(username="chengban", role=Role.UNIT_OFFICER)
    unit = UnitFactory(name="镇交通办", officers=[officer])
    # Another item of this year, handled again after an unsatisfied evaluation: the rates
    # have a denominator before the loop starts.
    helpers.suggestion_in_state(State.REHANDLING, secretary=secretary, unit=unit)

    log_in(page, live_server, "mishu")
    assert rates(page, live_server) == ("0.0%", "0.0%")
    log_out(page)

    # The deputy, on a phone, writes and submits the suggestion in 我的建议.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    phone = context.new_page()
    log_in(phone, live_server, "daibiao")
    phone.get_by_role("navigation").get_by_role("link", name="我的建议").click()
    phone.get_by_role("link", name="写建议").click()
    phone.get_by_label("标题").fill(TITLE)
    phone.get_by_role("textbox", name="内容").fill(
        "村口公交站没有站台和雨棚，群众候车日晒雨淋，建议增设。"
    )
    phone.get_by_label("内容分类").select_option("transport")
    phone.get_by_role("button", name="保存并提交").click()
    phone.wait_for_load_state()
    if phone.get_by_role("button", name="提交", exact=True).count():
        phone.get_by_role("button", name="提交", exact=True).click()  # a confirmation page
        phone.wait_for_load_state()
    item = Proposal.objects.get(title=TITLE)
    assert item.state == State.SUBMITTED
    assert phone.get_by_text(TITLE).first.is_visible()

    # The secretary registers it and assigns it to the unit.
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{reverse('proposal_detail', args=[item.pk])}")
    page.get_by_role("link", name="登记", exact=True).click()
    page.locator("form").get_by_role("button").filter(has_text="登记").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT and item.number
    page.goto(f"{live_server.url}{reverse('proposal_detail', args=[item.pk])}")
    page.get_by_role("link", name="交办", exact=True).click()
    pick(page, "主办单位", "交通", "镇交通办")
    page.get_by_role("button", name="交办").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    log_out(page)

    # The unit officer acknowledges it in the inbox and replies (category B).
    log_in(page, live_server, "chengban")
    page.get_by_role("navigation").get_by_role("link", name="待办件").click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="签收").click()
    page.wait_for_load_state()
    assert item.assignments.get(active=True, role="lead").acknowledged_at is not None
    reply(page, live_server, item, "已列入明年交通设施建设计划。")
    item.refresh_from_db()
    assert item.state == State.REPLIED and item.replies.get().category == "B"

    # The deputy is unsatisfied, with a comment: the item goes back to the unit.
    evaluate(phone, live_server, "unsatisfied", "希望明确建设时间。")
    item.refresh_from_db()
    assert item.state == State.REHANDLING

    # The unit replies again; the deputy is satisfied and the item is closed.
    reply(page, live_server, item, "站台将于明年三月前建成，雨棚同步安装。")
    item.refresh_from_db()
    assert item.state == State.REPLIED and item.replies.count() == 2
    evaluate(phone, live_server, "satisfied")
    item.refresh_from_db()
    assert item.state == State.CLOSED
    phone.goto(f"{live_server.url}{reverse('my_proposals')}")
    card = phone.locator("li").filter(has_text=TITLE)
    assert card.get_by_text("已办结").first.is_visible()
    context.close()
    log_out(page)

    # The dashboard: one of two assigned items closed, one of two evaluated items satisfied.
    log_in(page, live_server, "mishu")
    assert rates(page, live_server) == ("50.0%", "50.0%")
