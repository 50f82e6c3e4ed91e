"""Issue 15's "done when", as one flow in headless Chromium: the secretary prepares a session's
agenda (a report and an election), records the vote on the report (通过), follows the election
item to the session's elections, elects a deputy township head through a preliminary vote,
prints the ballot and the announcement, sees the new deputy head in the leaders' roster and on
the election item; at the next session of the term a resignation, once adopted, ends that
office in the roster.

Figures by hand: the sessions have 50 deputies, 45 present; a decision and an election need
more than half of all 50, 26 votes (organic law, art. 25)."""

from datetime import date

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from elections.models import Office
from tests.browser import log_in
from tests.elections.congress_steps import (
    download_pdf_text,
    elect_deputy_head_with_preliminary_vote,
)
from tests.factories import DeputyFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2025, 1, 16)
LATER = date(2025, 7, 10)
REPORT = "听取和审议镇人民政府工作报告"
ELECTION = "选举青山镇人民政府副镇长"
RESIGNATION = "关于接受王芳辞去青山镇人民政府副镇长职务的决定"


def add_item(page, kind, title, office=None):
    page.get_by_role("link", name="增加议程事项").click()
    page.get_by_label("类型").select_option(label=kind)
    page.get_by_label("标题").fill(title)
    if office:
        page.get_by_label("职务", exact=True).select_option(label=office)
    page.get_by_role("button", name="保存").click()


def record_vote(page, title, yes, no, abstain):
    """From the agenda: the item's vote, 45 deputies present."""
    page.locator("li.card").filter(has_text=title).get_by_role("link", name="登记表决结果").click()
    page.get_by_label("表决时出席代表人数").fill("45")
    page.get_by_label("赞成").fill(yes)
    page.get_by_label("反对").fill(no)
    page.get_by_label("弃权").fill(abstain)
    page.get_by_role("button", name="登记表决结果").click()
    page.get_by_text("表决结果已登记").wait_for()


def fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    fits = page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_a_session_prepared_voted_and_its_deputy_head_elected_then_resigning(
    page, live_server, tmp_path
):
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(start_date=DAY, end_date=DAY)  # 50 deputies, 45 present
    DeputyFactory.create_batch(50)  # the roster: all deputies are counted from it
    log_in(page, live_server, "mishu")

    # The agenda: a report to hear and approve, and the election.
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="议程和表决").click()
    assert page.get_by_text("26票").first.is_visible()  # more than half of all 50
    add_item(page, "审议批准报告", REPORT)
    page.get_by_text("已保存。").wait_for()
    add_item(page, "选举", ELECTION)
    page.get_by_text("已保存。").wait_for()

    # The report: 26 of 50 is more than half of all deputies, so 40 for adopt it.
    record_vote(page, REPORT, "40", "3", "2")
    assert (
        page.locator(".vote-figures").inner_text()
        == "2025年1月16日 09:00　应到50人，实到45人，赞成40票，反对3票，弃权2票，通过"
    )

    # The election item leads to the session's elections; nobody is elected yet.
    page.get_by_role("link", name=f"{session} · 议程和表决").click()
    page.get_by_role("link", name=ELECTION).click()
    assert page.get_by_text("尚无当选人员").is_visible()
    page.get_by_role("link", name="本次会议的选举").click()
    page.get_by_role("heading", name="大会选举").wait_for()
    elect_deputy_head_with_preliminary_vote(page, live_server, secretary, session, tmp_path)

    # The announcement, from the link on the session's elections page.
    page.goto(f"{live_server.url}/sessions/{session.pk}/elections/")
    href = page.get_by_role("link", name="选举结果公告（PDF）").get_attribute("href")
    announcement = "".join(download_pdf_text(page, f"{live_server.url}{href}", tmp_path).split())
    assert "于2025年1月16日选举王芳为青山镇人民政府副镇长" in announcement

    # The election item now names who was elected; the roster has the new deputy head.
    page.goto(f"{live_server.url}/sessions/{session.pk}/agenda/")
    election = page.locator("li.card").filter(has_text=ELECTION)
    assert "副镇长 王芳" in election.inner_text()
    assert election.locator(".badge.ok").count() == 0  # an election has no decision vote
    assert page.locator("li.card").filter(has_text=REPORT).locator(".badge.ok").inner_text() == (
        "通过"
    )
    assert fits_a_phone(page)
    page.goto(f"{live_server.url}/leaders/")
    row = page.locator("tr").filter(has_text="王芳")
    assert "在任" in row.inner_text() and "2025年1月16日" in row.inner_text()

    # The next session of the term accepts her resignation: the item names her office.
    later = SessionFactory(term=session.term, start_date=LATER, end_date=LATER)
    page.goto(f"{live_server.url}/sessions/{later.pk}/agenda/")
    add_item(page, "接受辞去职务", RESIGNATION)
    # Refused without the office.
    page.get_by_text("请选择辞职或被罢免人员所任职务。", exact=True).wait_for()
    page.get_by_label("职务", exact=True).select_option(label="王芳（副镇长）")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert "王芳" in page.locator("li.card").filter(has_text=RESIGNATION).inner_text()
    record_vote(page, RESIGNATION, "41", "2", "2")
    assert "通过" in page.locator(".vote-figures").inner_text()
    assert "2025年7月10日终止（辞职获接受）" in page.locator("main").inner_text()
    assert fits_a_phone(page)

    page.goto(f"{live_server.url}/leaders/")
    row = page.locator("tr").filter(has_text="王芳")
    assert "2025年7月10日 · 辞职获接受" in row.inner_text() and "在任" not in row.inner_text()
    office = Office.objects.get(name="王芳")
    assert (office.end_date, office.end_reason) == (LATER, Office.EndReason.RESIGNED)
