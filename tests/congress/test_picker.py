"""The searchable multi-select picker for deputies and units: pinyin initials computed on the
server, a plain <select multiple> without JavaScript, and in Chromium (desktop and phone) a
search by name or initials, chips to remove, and the keyboard."""

import pytest
from django.urls import reverse

from congress.roles import Role
from congress.widgets import SearchableSelectMultiple, pinyin_initials
from proposals.forms import AssignForm, BulkAssignRowForm, RegisterNewForm
from proposals.models import Proposal
from tests.browser import log_in
from tests.factories import DeputyFactory, UserFactory


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("王芳", "wf"),
        ("刘德华", "ldh"),
        ("民政办", "mzb"),
        ("司法所", "sfs"),
        ("曾", "z"),  # a surname's common reading
        ("代表12", "db"),  # digits and Latin letters give no initial
        ("", ""),
    ],
)
def test_pinyin_initials(text, initials):
    assert pinyin_initials(text) == initials


def test_every_form_choosing_deputies_or_units_uses_the_picker():
    for form_class, name in (
        (RegisterNewForm, "co_signers"),
        (AssignForm, "co_units"),
        (BulkAssignRowForm, "co_units"),
    ):
        assert isinstance(form_class.base_fields[name].widget, SearchableSelectMultiple)


@pytest.mark.django_db
def test_without_javascript_it_is_a_plain_select_with_the_initials(client):
    DeputyFactory(name="王芳")
    chosen = DeputyFactory(name="马强")
    widget = RegisterNewForm(initial={"co_signers": [chosen.pk]})["co_signers"]
    html = str(widget)
    assert '<select name="co_signers" multiple' in html and 'id="id_co_signers"' in html
    assert 'data-initials="wf">王芳</option>' in html
    assert f'<option value="{chosen.pk}" selected data-initials="mq">马强</option>' in html
    assert "js/picker.js" in html and "css/picker.css" in html


def picker_page(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{reverse('proposal_register_new')}")
    return page.get_by_role("combobox", name="附议代表")


def chips(page):
    return page.locator(".picker .chip span").all_inner_texts()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_co_signers_are_found_by_initials_or_name_and_removed_as_chips(page, live_server, width):
    UserFactory(username="mishu", role=Role.SECRETARY)
    lead = DeputyFactory(name="赵一")
    for name in ("王芳", "万林云", "马强", "刘德华"):
        DeputyFactory(name=name)
    box = picker_page(page, live_server, width)

    # Initials from the start of the name: "w" lists 王芳 and 万林云, not 刘德华.
    box.press_sequentially("w")
    listbox = page.get_by_role("listbox")
    assert listbox.get_by_role("option").all_inner_texts() == ["万林云", "王芳"]
    box.press_sequentially("f")
    box.press("Enter")
    # By name, chosen with a click; the box is cleared for the next one.
    box.press_sequentially("德华")
    listbox.get_by_role("option", name="刘德华").click()
    assert box.input_value() == ""
    box.press_sequentially("mq")
    box.press("ArrowDown")
    box.press("Enter")
    assert chips(page) == ["刘德华", "王芳", "马强"]  # in the list's order
    assert listbox.get_by_role("option", name="王芳").get_attribute("aria-selected") == "true"

    # A chip's button drops it; Backspace in the empty box drops the last one.
    page.get_by_role("button", name="移除 王芳").click()
    box.press("Backspace")
    assert chips(page) == ["刘德华"]
    box.press("Escape")
    assert listbox.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_title").fill("关于修缮村道的建议")
    page.locator("#id_content").fill("村道坑洼。")
    page.locator("#id_topic").select_option(index=1)
    page.locator("#id_lead_deputy").select_option(value=str(lead.pk))
    page.get_by_role("button", name="仅登记").click()
    page.wait_for_load_state()
    item = Proposal.objects.get()
    assert item.lead_deputy == lead
    assert [d.name for d in item.co_signers.all()] == ["刘德华"]
