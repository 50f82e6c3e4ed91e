"""The summary editor never loses work (headless Chromium): a figure goes in at the cursor by a
click, leaving with unsaved changes asks first, and one button saves every changed part."""

import pytest
from django.urls import reverse

from congress.models import TownshipProfile
from congress.roles import Role
from reports import services
from reports.models import Report
from tests.browser import log_in
from tests.factories import DeputyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report(db):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县", population=30000)
    DeputyFactory()
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    return services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)


def open_editor(page, live_server, report):
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{reverse('report_edit', args=[report.pk])}")
    return page.locator("[data-status]")


def text_of(page, report, key):
    return page.locator(f"#id_s{report.sections.get(key=key).pk}_text")


def test_a_figure_is_inserted_at_the_cursor_and_one_button_saves_every_part(
    page, live_server, report
):
    status = open_editor(page, live_server, report)
    assert status.inner_text() == "所有修改均已保存。"
    insert = page.get_by_role("button", name="插入{代表总数}")
    insert.click()
    assert status.inner_text() == "请先在正文中点击要插入数据项的位置。"

    basic = text_of(page, report, "basic")
    basic.fill("全镇共有代表名。")
    basic.evaluate("field => field.setSelectionRange(6, 6)")  # between 代表 and 名
    insert.click()
    assert basic.input_value() == "全镇共有代表{代表总数}名。"
    assert basic.evaluate("field => document.activeElement === field")
    opening = text_of(page, report, "opening")
    opening.fill("一年来，主席团认真履职。")
    assert status.inner_text() == "有未保存的修改"

    page.get_by_role("button", name="保存全部修改").click()
    status.get_by_text("所有修改均已保存。").wait_for()
    assert report.sections.get(key="basic").text == "全镇共有代表{代表总数}名。"
    assert report.sections.get(key="opening").text == "一年来，主席团认真履职。"
    assert page.get_by_text("他人已保存了该报告").count() == 0


def test_leaving_with_unsaved_changes_asks_first(page, live_server, report):
    open_editor(page, live_server, report)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    # Typed with the keyboard: a browser asks before leaving only after the user acted.
    text_of(page, report, "opening").press_sequentially("未保存")
    page.get_by_role("link", name="预览").click()
    assert asked == ["beforeunload"]
    assert page.url.endswith(reverse("report_edit", args=[report.pk]))

    # Once saved, the page is left without a question.
    page.get_by_role("button", name="保存全部修改").click()
    page.locator("[data-status]").get_by_text("所有修改均已保存。").wait_for()
    page.get_by_role("link", name="预览").click()
    page.wait_for_url(f"**{reverse('report_preview', args=[report.pk])}")
    assert asked == ["beforeunload"]
