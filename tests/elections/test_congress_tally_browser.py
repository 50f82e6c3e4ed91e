"""In the browser: the secretary types the count of a vote with eight candidates into the tally
grid at 1280×800 without scrolling, row by row with the Tab key; a refused figure is named by
row and column and every figure stays (on a phone the grid scrolls in its own box, never the
page); the saved vote shows its figures."""

from datetime import date

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from deputies.models import Deputy
from elections import congress_services as services
from elections.models import Contest
from tests.browser import log_in
from tests.factories import DeputyFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2025, 1, 16)
NAMES = ["王芳", "白雪", "马强", "李明", "张华", "刘洋", "陈静", "杨帆"]
VOTES_FOR = [40, 38, 36, 34, 30, 12, 10, 8]  # 208 marks ≤ 45 valid ballots × 5 seats


def _eight_candidates():
    """Five deputy heads to elect, margin three: eight candidates, a formal vote; 50 deputies
    hold a seat (26 votes elect), 45 present."""
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(start_date=DAY, end_date=DAY)
    DeputyFactory.create_batch(50)
    services.election_rules_save(
        actor=secretary, session=session, adopted_on=DAY, posts={"deputy_head": (5, 3)}
    )
    contest = Contest.objects.get()
    deputies = list(Deputy.objects.order_by("pk"))
    for index, name in enumerate(NAMES):
        extra = {"source": "presidium"}
        if index >= 5:
            extra = {"source": "deputies", "sponsors": deputies[index * 10 - 50 : index * 10 - 40]}
        services.nomination_add(actor=secretary, contest=contest, name=name, **extra)
    services.nominations_close(actor=secretary, contest=contest)
    return contest


def test_the_count_of_eight_candidates_in_one_grid(browser, live_server):
    contest = _eight_candidates()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/congress-elections/{contest.pk}/")
    page.get_by_role("link", name="登记计票结果").click()
    page.wait_for_load_state()

    # Prefilled from the attendance: 45 present, all holding a seat.
    assert page.get_by_label("发出选票数").input_value() == "45"
    assert page.get_by_label("收回选票数").input_value() == "45"
    save = page.get_by_role("button", name="保存并计算结果")
    box = save.bounding_box()
    assert box["y"] + box["height"] <= 800, "the save button is below the fold"

    rows = page.locator("table.tally-grid tbody th").all_inner_texts()[: len(NAMES)]
    figures = {name: (v, 45 - v - 2, 2) for name, v in zip(rows, VOTES_FOR, strict=True)}
    third = rows[2]
    figures[third] = (VOTES_FOR[2], 50, 2)  # refused: more than the 45 valid ballots
    # Tab order is row by row: click the first cell, then type and Tab through the grid.
    page.get_by_label(f"第1行 {rows[0]} · 赞成").click()
    for name in rows:
        for value in figures[name]:
            page.keyboard.type(str(value))
            page.keyboard.press("Tab")
    save.click()
    page.wait_for_load_state()

    summary = page.locator(".tally-summary")
    assert f"第3行 {third} · 反对：{third} 得 50 票，多于有效票 45 张。" in summary.inner_text()
    for number, name in enumerate(rows, start=1):
        for column, value in zip(["赞成", "反对", "弃权"], figures[name], strict=True):
            cell = page.get_by_label(f"第{number}行 {name} · {column}")
            assert cell.input_value() == str(value), (name, column)

    page.screenshot(path="/tmp/tally-shots/test-refused-1280.png")
    # A phone: the grid scrolls inside its box, the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/tally-shots/test-refused-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    # The summary's link leads to the cell; correct it, save once.
    against = page.get_by_label(f"第3行 {third} · 反对")
    link = summary.get_by_role("link").first.get_attribute("href")
    assert link == "#" + against.get_attribute("id")
    against.fill(str(45 - VOTES_FOR[2] - 2))
    page.get_by_role("button", name="保存并计算结果").click()
    page.wait_for_load_state()
    assert page.get_by_text("第1次投票结果已登记。").is_visible()
    result = page.locator("article.round").inner_text()
    for name, votes in zip(rows, VOTES_FOR, strict=True):
        assert name in result and str(votes) in result

    context.close()
