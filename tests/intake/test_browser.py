"""The loop of issue 17 in headless Chromium: a voter on a 390 px phone opens a deputy's code
URL, sends an opinion and gets a tracking code; the deputy turns it into a suggestion and
submits it; the suggestion is registered, assigned and replied to (services); the voter's
tracking page shows the reply in plain words."""

import pytest
from django.urls import reverse

from congress.models import TownshipProfile
from congress.roles import Role
from intake import services
from intake.models import Code, Opinion, Status
from proposals import services as proposal_services
from proposals.models import Reply, State
from tests.browser import log_in
from tests.factories import DeputyFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "河东村通往集镇的道路坑洼严重，下雨天到处积水，老人孩子出行很不方便，希望尽快修缮。"
REPLY = "该路段已列入今年村道维修计划，下月开工，工期约一个月。"


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_voters_opinion_becomes_a_suggestion_whose_reply_the_voter_reads(
    browser, page, live_server
):
    TownshipProfile.objects.update_or_create(
        pk=1, defaults={"name": "青山镇", "county": "云溪县", "villages": "河东村\n河西村"}
    )
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    deputy_user = UserFactory(username="daibiao", role=Role.DEPUTY, name="吴海浩")
    deputy = DeputyFactory(user=deputy_user, name="吴海浩")
    services.codes_ensure_all(actor=secretary)
    code = Code.objects.get(deputy=deputy)

    # The voter scans the card: the phone opens the code's address.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/v/{code.token}/")
    assert phone.get_by_role("heading", name="向吴海浩代表反映意见").is_visible()
    assert fits(phone)
    phone.get_by_label("意见类别").select_option("transport")
    phone.get_by_label("您的意见或诉求").fill(TEXT)
    phone.get_by_label("村（社区）").select_option("河东村")
    phone.get_by_label("您的姓名（可不填）").fill("张大爷")
    phone.get_by_label("手机号（可不填）").fill("13812345678")
    phone.get_by_label("我已阅读并同意").check()
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="谢谢，您的意见已提交").is_visible()
    shown = phone.locator("[data-tracking-code]").inner_text()
    opinion = Opinion.objects.get()
    assert shown.replace("-", "") == opinion.tracking_code
    track_url = phone.locator("[data-tracking-link]").get_attribute("href")
    assert track_url.endswith(reverse("intake_track", args=[opinion.tracking_code]))
    assert fits(phone)

    # The deputy finds it under 群众意见 and takes it up as a suggestion.
    log_in(page, live_server, "daibiao")
    page.get_by_role("navigation").get_by_role("link", name="群众意见").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=TEXT[:20], exact=False).click()
    page.wait_for_load_state()
    assert page.locator("[data-phone]").inner_text() == "13812345678"  # the deputy calls back
    page.locator("summary", has_text="转为代表建议").click()
    page.get_by_label("建议标题").fill("关于修缮河东村通集镇道路的建议")
    page.get_by_role("button", name="起草建议").click()
    page.wait_for_load_state()
    opinion.refresh_from_db()
    assert opinion.status == Status.SUGGESTION
    item = opinion.proposal
    assert page.url.endswith(reverse("my_proposal_edit", args=[item.pk]))
    # The normal lifecycle: the deputy submits the draft from its form.
    page.get_by_role("button", name="保存并提交").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="提交", exact=True).count():
        page.get_by_role("button", name="提交", exact=True).click()
        page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == State.SUBMITTED

    # The secretary registers and assigns it; the unit replies.
    proposal_services.proposal_register(actor=secretary, proposal=item, version=item.version)
    item.refresh_from_db()
    unit = UnitFactory(name="镇交通办")
    proposal_services.proposal_assign(
        actor=secretary, proposal=item, version=item.version, lead_unit=unit
    )
    item.refresh_from_db()
    phone.goto(track_url)
    assert "承办单位正在办理这件建议。" in phone.locator("[data-suggestion]").inner_text()
    proposal_services.reply_submit(
        actor=secretary,
        proposal=item,
        version=item.version,
        reply=Reply(text=REPLY, category="B", contact_person="王科长", phone="0571-1234567"),
    )

    # The voter opens the tracking link again: the reply, in plain words.
    phone.goto(track_url)
    suggestion = phone.locator("[data-suggestion]").inner_text()
    assert "承办单位已答复" in suggestion
    assert "问题正在解决或已列入计划逐步解决。" in suggestion
    assert phone.locator("[data-reply]").inner_text() == REPLY
    assert fits(phone)
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="提交评价").click()
    phone.wait_for_load_state()
    opinion.refresh_from_db()
    assert opinion.satisfied is True
    assert phone.get_by_text("您已评价为满意，谢谢。").is_visible()
    context.close()
