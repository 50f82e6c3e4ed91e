"""Co-signers (附议): the deputy's form lists the ineligible ones disabled with the reason, the
service refuses exactly those, and on a phone a co-signer is found by pinyin initials."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress.roles import Role
from deputies.models import DeputyStatus, Level
from proposals import services
from proposals.deputy_forms import ProposalDraftForm
from proposals.models import Proposal, Topic
from tests.browser import log_in, picker_box
from tests.factories import DeputyFactory, TermFactory, UserFactory


@pytest.fixture
def lead(db):
    TermFactory()  # 2021-12-28: the resigned of this term are listed, marked
    return DeputyFactory(name="李代表", user=UserFactory(username="daibiao", role=Role.DEPUTY))


@pytest.fixture
def others(db):
    return {
        "eligible": DeputyFactory(name="王芳"),
        "resigned": DeputyFactory(
            name="马强", status=DeputyStatus.RESIGNED, status_date=date(2026, 1, 5)
        ),
        "county": DeputyFactory(name="刘德华", levels=[Level.COUNTY]),
    }


def draft(lead, co_signers):
    item = Proposal(
        kind="suggestion", title="关于修缮村道的建议", content="村道坑洼。", topic=Topic.TRANSPORT
    )
    item.lead_deputy = lead
    return services.proposal_save(actor=lead.user, proposal=item, co_signers=co_signers)


@pytest.mark.django_db
def test_the_form_marks_the_ineligible_with_the_reason(lead, others):
    html = str(ProposalDraftForm(deputy=lead)["co_signers"])
    eligible = others["eligible"]
    assert f'<option value="{eligible.pk}" data-keys="wangfang wf yufang yf">王芳</option>' in html
    for deputy, reason in (
        (lead, "领衔代表本人"),
        (others["resigned"], "已离任"),
        (others["county"], "非本镇代表"),
    ):
        assert f'disabled data-reason="{reason}">{deputy.name}（{reason}）</option>' in html


@pytest.mark.django_db
def test_the_service_refuses_exactly_the_deputies_the_form_disables(lead, others):
    assert [d.name for d in draft(lead, [others["eligible"]]).co_signers.all()] == ["王芳"]
    for key, reason in (("resigned", "已离任"), ("county", "非本镇代表")):
        with pytest.raises(ValidationError) as refused:
            draft(lead, [others["eligible"], others[key]])
        assert refused.value.message_dict["co_signers"] == [
            f"以下代表不能附议：{others[key].name}：{reason}。"
        ]
    with pytest.raises(ValidationError, match="李代表：领衔代表本人"):
        draft(lead, [lead])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_co_signer_is_found_by_initials_and_the_submit_button_stays_free(
    browser, live_server
):
    TermFactory()
    lead = DeputyFactory(name="李代表", user=UserFactory(username="daibiao", role=Role.DEPUTY))
    DeputyFactory(name="张三")
    DeputyFactory(name="赵四")
    DeputyFactory(name="周五", status=DeputyStatus.RESIGNED, status_date=date(2026, 1, 5))
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    phone = context.new_page()
    log_in(phone, live_server, "daibiao")
    phone.goto(f"{live_server.url}{reverse('my_proposal_create')}")
    phone.get_by_label("标题").fill("关于修缮村道的建议")
    phone.get_by_role("textbox", name="内容").fill("村道坑洼，雨天积水。")
    phone.get_by_label("内容分类").select_option("transport")

    box = picker_box(phone, "附议代表")
    box.tap()
    box.press_sequentially("z")
    listbox = phone.get_by_role("listbox")
    # z: 张三, 赵四 and 周五 (marked, not choosable), in surname-stroke order.
    assert listbox.get_by_role("option").all_inner_texts() == ["张三", "周五（已离任）", "赵四"]
    assert listbox.get_by_role("option", name="周五（已离任）").get_attribute("aria-disabled")
    box.press_sequentially("s")
    listbox.get_by_role("option", name="张三").tap()
    assert phone.locator(".picker .chip span").all_inner_texts() == ["张三"]

    # Nothing covers the submit button: a tap on it reaches it.
    submit = phone.get_by_role("button", name="保存并提交")
    submit.scroll_into_view_if_needed()
    box_of = submit.bounding_box()
    at_centre = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).textContent",
        [box_of["x"] + box_of["width"] / 2, box_of["y"] + box_of["height"] / 2],
    )
    assert at_centre == "保存并提交"
    with phone.expect_navigation():
        submit.tap()
    assert phone.get_by_text("已提交，等待人大主席团秘书登记。").is_visible()

    item = Proposal.objects.get(lead_deputy=lead)
    assert [d.name for d in item.co_signers.all()] == ["张三"]
    phone.goto(f"{live_server.url}{reverse('proposal_detail', args=[item.pk])}")
    assert phone.get_by_text("张三").first.is_visible()
    context.close()
