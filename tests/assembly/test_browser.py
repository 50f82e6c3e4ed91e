"""In headless Chromium: the secretary opens a held session, builds its agenda, uploads the
government work report, records the vote and sees 通过 with the figures; the page fits a
phone."""

import pytest

from congress.roles import Role
from tests.assembly.helpers import held_session, roster
from tests.browser import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT = "听取和审议镇人民政府工作报告"


def test_the_secretary_builds_the_agenda_and_records_an_adopted_vote(
    browser, page, live_server, tmp_path
):
    UserFactory(username="mishu", role=Role.SECRETARY)
    session = held_session(total=52, present=45)
    roster(session)  # 52 township deputies hold a seat
    document = tmp_path / "政府工作报告.pdf"
    document.write_bytes(PDF)

    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="议程和表决").click()
    page.get_by_role("heading", name="议程和表决").wait_for()
    # 52 deputies on the roster: 35 present needed, 27 votes for.
    assert page.get_by_text("开幕时在任52名").is_visible()
    assert page.get_by_text("35名以上代表出席").is_visible()

    page.get_by_role("link", name="增加议程事项").click()
    page.get_by_label("类型").select_option(label="审议批准报告")
    page.get_by_label("标题").fill(REPORT)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()

    page.get_by_role("link", name="上传会议文件").click()
    page.get_by_label("文件").set_input_files(str(document))
    page.get_by_role("button", name="上传").click()
    page.get_by_text("文件已上传。").wait_for()
    assert page.get_by_role("link", name="政府工作报告.pdf").is_visible()

    page.get_by_role("link", name="登记表决结果").click()
    # A session recorded from paper: its first morning is offered as the time of the vote.
    assert page.get_by_label("表决日期").input_value() == "2025-01-16"
    page.get_by_label("表决时间").fill("10:30")
    page.get_by_label("表决时出席代表人数").fill("45")
    page.get_by_label("赞成").fill("40")
    page.get_by_label("反对").fill("3")
    page.get_by_label("弃权").fill("1")
    page.get_by_role("button", name="登记表决结果").click()
    # One short: refused, explained, nothing recorded.
    page.get_by_text("与出席代表45人不符").wait_for()
    page.get_by_label("弃权").fill("2")
    page.get_by_role("button", name="登记表决结果").click()
    page.get_by_text("表决结果已登记").wait_for()
    figures = page.locator(".vote-figures")
    assert (
        figures.inner_text()
        == "2025年1月16日 10:30　应到52人，实到45人，赞成40票，反对3票，弃权2票，通过"
    )

    page.get_by_role("link", name=f"{session} · 议程和表决").click()
    item = page.locator("li.card").filter(has_text=REPORT)
    assert item.locator(".badge.ok").inner_text() == "通过"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
