"""The secretary, in headless Chromium, drafts this year's summary, writes a figure token into
two parts saved with htmx one after the other, and reads the filled figure in the preview."""

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from reports.models import Report
from tests.browser import log_in, open_menu_item
from tests.factories import DeputyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_drafts_edits_with_a_token_and_previews(page, live_server):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县", population=30000)
    for _ in range(3):
        DeputyFactory()
    UserFactory(username="mishu", role=Role.SECRETARY)

    log_in(page, live_server, "mishu")
    open_menu_item(page, "总结与数据", "工作总结")
    page.get_by_label("类型").select_option(label="年度工作总结")
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_text("已根据数据生成草稿").wait_for()

    report = Report.objects.get()
    assert page.get_by_role("heading", name=report.title).is_visible()
    # The figures beside the text show each token with its value.
    figures = page.locator(".report-figures")
    assert figures.get_by_text("{代表总数}", exact=True).is_visible()

    # One save for the whole draft: two parts typed, both kept.
    basic = page.locator(f"#section-{report.sections.get(key='basic').pk}")
    basic.get_by_label("正文", exact=True).fill(
        "全镇共有县乡两级人大代表{代表总数}名。\n第二段文字。"
    )
    opening = page.locator(f"#section-{report.sections.get(key='opening').pk}")
    opening.get_by_label("正文", exact=True).fill("一年来，主席团认真履职。")
    page.get_by_role("button", name="保存全部修改").click()
    page.get_by_text("已保存。", exact=True).wait_for()
    assert page.get_by_text("他人已保存了该报告").count() == 0

    page.get_by_role("link", name="预览").click()
    sheet = page.locator(".report-sheet")
    sheet.get_by_text("全镇共有县乡两级人大代表3名。").wait_for()
    assert sheet.get_by_text("一年来，主席团认真履职。").is_visible()
    assert sheet.get_by_role("heading", name="一、基本情况").is_visible()
    assert "{代表总数}" not in sheet.inner_text()
