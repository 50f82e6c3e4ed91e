"""The searchable picker for deputies and units: search keys (pinyin, initials) computed on
the server, a plain <select> without JavaScript, and in Chromium (desktop and phone) a search
by name, pinyin or initials, chips to remove, and the keyboard."""

import pytest
from django import forms
from django.urls import get_resolver, reverse

from congress.roles import Role
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies.models import Deputy
from proposals.forms import BulkAssignRowForm, RegisterNewForm
from proposals.models import HandlingUnit, Proposal
from tests.browser import log_in, picker_box
from tests.factories import DeputyFactory, UserFactory

PICKERS = (SearchableSelect, SearchableSelectMultiple)
APPS = {
    "congress",
    "deputies",
    "proposals",
    "elections",
    "assembly",
    "oversight",
    "intake",
    "reports",
}


def _project_forms():
    """Every form class of the project's apps (the URLconf imports every view and form)."""
    get_resolver().url_patterns  # noqa: B018 - imports the views and their forms
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def test_every_form_choosing_deputies_or_units_uses_the_picker():
    """A field choosing deputies or units is the picker, except the list pages' filters."""
    checked = []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model not in (Deputy, HandlingUnit):
                continue
            checked.append(f"{form_class.__name__}.{name}")
            assert isinstance(field.widget, PICKERS), f"{form_class.__name__}.{name}"
    for form_class, name in ((BulkAssignRowForm, "lead_unit"), (BulkAssignRowForm, "co_units")):
        assert isinstance(form_class.base_fields[name].widget, PICKERS)
    # The walk reaches the forms of every app that chooses people or units.
    assert {"RegisterNewForm.lead_deputy", "AssignForm.lead_unit", "NominationForm.deputy"} <= {
        *checked
    }
    assert len(checked) >= 15


@pytest.mark.django_db
def test_without_javascript_it_is_a_plain_select_with_the_initials(client):
    DeputyFactory(name="王芳")
    chosen = DeputyFactory(name="马强")
    widget = RegisterNewForm(initial={"co_signers": [chosen.pk]})["co_signers"]
    html = str(widget)
    select = html[html.index("<select") : html.index(">", html.index("<select"))]
    assert 'name="co_signers"' in select and 'id="id_co_signers"' in select
    assert " multiple" in select
    assert 'data-keys="wangfang wf yufang yf">王芳</option>' in html
    assert f'<option value="{chosen.pk}" selected data-keys="maqiang mq">马强</option>' in html
    assert "js/picker.js" in html and "css/picker.css" in html


def picker_page(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})
    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}{reverse('proposal_register_new')}")
    return picker_box(page, "附议代表")


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
    listbox = page.locator("#id_co_signers-list")
    assert listbox.get_by_role("option").all_inner_texts() == ["万林云", "王芳"]
    box.press_sequentially("f")
    box.press("Enter")
    # A name found by typing is chosen; the box is cleared and the list closed for the next.
    assert box.input_value() == "" and listbox.is_hidden()
    # By name, chosen with a click.
    box.press_sequentially("德华")
    listbox.get_by_role("option", name="刘德华").click()
    assert box.input_value() == ""
    box.press_sequentially("mq")
    box.press("ArrowDown")
    box.press("Enter")
    assert chips(page) == ["马强", "王芳", "刘德华"]  # in the list's order: surname strokes
    box.press("ArrowDown")  # opens the whole list, the chosen ticked
    assert listbox.get_by_role("option", name="王芳").get_attribute("aria-selected") == "true"

    # A chip's button drops it; Backspace in the empty box drops the last one.
    page.get_by_role("button", name="移除 王芳").click()
    box.press("Backspace")
    assert chips(page) == ["马强"]
    box.press("ArrowDown")
    assert listbox.is_visible()
    box.press("Escape")
    assert listbox.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_title").fill("关于修缮村道的建议")
    page.locator("#id_content").fill("村道坑洼。")
    page.locator("#id_topic").select_option(index=1)
    # One choice, by its full pinyin: the list closes after the pick.
    lead_box = picker_box(page, "领衔代表")
    lead_box.press_sequentially("zhao")
    assert page.locator("#id_lead_deputy-list").get_by_role("option").all_inner_texts() == ["赵一"]
    page.locator("#id_lead_deputy-list").get_by_role("option", name="赵一").click()
    assert page.locator("#id_lead_deputy-list").is_hidden()
    assert page.locator("#id_lead_deputy-find").input_value() == ""
    page.get_by_role("button", name="仅登记").click()
    page.wait_for_load_state()
    item = Proposal.objects.get()
    assert item.lead_deputy == lead
    assert [d.name for d in item.co_signers.all()] == ["马强"]
