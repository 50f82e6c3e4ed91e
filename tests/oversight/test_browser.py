"""In headless Chromium: a livelihood project goes from the candidate list through the
session's vote, a milestone, an inspection and the year-end rating to the public page and to
its lines in the annual summary PDF; the pages fit a phone."""

import re

import pytest

from congress.roles import Role
from tests.browser import log_in
from tests.factories import UserFactory
from tests.oversight.helpers import project_year
from tests.pdf_utils import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_project_from_candidate_to_public_page(browser, page, live_server, tmp_path):
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    year, (road, water, home) = project_year(secretary)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{year.get_absolute_url()}")
    page.get_by_role("heading", name="候选项目").wait_for()
    assert _fits_phone(page)

    page.get_by_role("link", name="登记表决结果").click()
    page.get_by_label("表决日期").fill("2025-01-17")
    page.get_by_label("发出选票数").fill("45")
    page.get_by_label("收回选票数").fill("45")
    page.get_by_label("无效票数").fill("0")
    page.get_by_label(re.compile("道路硬化 · 赞成")).fill("46")
    page.get_by_label(re.compile("饮水工程 · 赞成")).fill("30")
    page.get_by_label(re.compile("敬老院改造 · 赞成")).fill("10")
    page.get_by_role("button", name="保存并计算结果").click()
    # More votes than valid ballots: refused, explained, nothing recorded.
    page.get_by_text("“道路硬化”得票46，超过有效票45张。", exact=True).wait_for()
    page.get_by_label(re.compile("道路硬化 · 赞成")).fill("40")
    page.get_by_role("button", name="保存并计算结果").click()
    page.get_by_text("已保存。").wait_for()
    # 50 deputies: 26 votes needed; 道路硬化 40 and 饮水工程 30 are chosen.
    assert page.get_by_text("得票26票及以上入选。").is_visible()
    assert page.get_by_text("入选： 道路硬化、饮水工程").is_visible()

    page.get_by_role("link", name="道路硬化").first.click()
    page.get_by_role("link", name="添加节点").click()
    page.get_by_label("节点").fill("主体完工")
    page.get_by_label("计划日期").fill("2025-08-31")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert page.get_by_role("cell", name="主体完工").is_visible()

    page.get_by_role("link", name="记录视察").click()
    page.get_by_label("新视察的日期").fill("2025-06-01")
    page.get_by_label("地点", exact=True).fill("河东村")
    page.get_by_label("发现问题及跟进情况").fill("排水沟未同步施工")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert page.get_by_text("视察民生实事项目：道路硬化").is_visible()

    page.get_by_role("link", name="录入测评").click()
    page.get_by_label("表决日期").fill("2025-12-20")
    page.get_by_label("有效票数").fill("46")
    page.locator("#id_satisfied").fill("30")
    page.get_by_label("基本满意").fill("12")
    page.get_by_label("不满意").fill("4")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert page.get_by_text("91.3%").is_visible()  # (30 + 12) / 46
    assert _fits_phone(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/projects/")
    card = page.locator("section.card").filter(has_text="道路硬化")
    card.wait_for()
    assert "91.3%" in card.inner_text()
    assert "主体完工" in card.inner_text()
    assert page.locator("section.card").filter(has_text="敬老院改造").count() == 0
    assert _fits_phone(page)

    # The annual summary of 2025 drafted from the data: the project's vote and rating have
    # their rows in the key figures and their sentence in the supervision part.
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_label("类型").select_option(label="年度工作总结")
    page.get_by_label("年份").fill("2025")
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_text("已根据数据生成草稿").wait_for()
    pdf_url = page.get_by_role("link", name="PDF文件").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    rows = text[text.index("主要数据") :]
    # Two chosen (道路硬化 40, 饮水工程 30 of 50 deputies); 道路硬化 rated (30 + 12) / 46.
    assert re.search(r"^\s*票决民生实事项目\s+2\s+件\s*$", rows, re.MULTILINE)
    assert re.search(r"^\s*民生实事满意率\s+91\.3\s+%\s*$", rows, re.MULTILINE)
    flat = "".join(text.split())
    assert "组织代表票决产生民生实事项目2件，年终代表测评满意率91.3%" in flat
