"""The summary editor never loses work (headless Chromium): a figure goes in at the cursor by a
click, leaving with unsaved changes asks first, one button saves the whole draft, and the sticky
save bar covers neither the focused field nor the last part, on a phone and on a desktop."""

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
    return page.locator(f"#id_s{report.sections.get(key=key).pk}-text")


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
    page.wait_for_load_state()
    status.get_by_text("所有修改均已保存。").wait_for()
    assert page.get_by_text("已保存。", exact=True).is_visible()
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
    page.wait_for_load_state()
    page.locator("[data-status]").get_by_text("所有修改均已保存。").wait_for()
    page.get_by_role("link", name="预览").click()
    page.wait_for_url(f"**{reverse('report_preview', args=[report.pk])}")
    assert asked == ["beforeunload"]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sticky_save_bar_covers_neither_the_focused_field_nor_the_last_part(
    page, live_server, report, width
):
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    open_editor(page, live_server, report)
    bar = page.locator("[data-savebar]")
    # Whatever the browser scrolls to (a field, the caret, a found word) stops above the bar.
    padding = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom)"
    )
    assert padding >= bar.bounding_box()["height"]
    # A field reached with the keyboard stops above the bar.
    for key in ("basic", "plans"):
        field = text_of(page, report, key)
        field.focus()
        box, bar_box = field.bounding_box(), bar.bounding_box()
        assert box["y"] + box["height"] <= bar_box["y"] + 1, key
    # At the end of the document the last part ends above the bar.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = page.locator("form#report-draft section.report-part").last
    box, bar_box = last.bounding_box(), bar.bounding_box()
    assert box["y"] + box["height"] <= bar_box["y"] + 1
