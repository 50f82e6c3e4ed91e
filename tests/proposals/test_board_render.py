"""The board as the secretary reads it, after the rendering was made cheaper: the state and
deadline cells written out in the table, the filter selects drawn in Python, and the state and
kind labels read without Django's get_FOO_display. Each must show exactly what it showed."""

import re
from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from proposals import deadlines
from proposals.forms import BoardFilterForm, FilterSelect
from proposals.models import Kind, Proposal, State
from tests.factories import DeputyFactory, SessionFactory, UnitFactory
from tests.proposals.helpers import suggestion_in_state

pytestmark = pytest.mark.django_db


def _row(page, title):
    """The board table's row of the item titled `title`."""
    table = page.split('class="list proposals"', 1)[1]
    return next(row for row in table.split("<tr>") if title in row)


def test_a_row_shows_its_state_badge_and_deadline_warning(client, secretary):
    client.force_login(secretary)
    today = timezone.localdate()
    late = suggestion_in_state(State.ASSIGNED, secretary=secretary, title="关于修缮村道的建议")
    Proposal.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=3))
    suggestion_in_state(State.SUBMITTED, secretary=secretary, title="关于增设路灯的建议")
    page = client.get(reverse("proposal_board")).content.decode()

    row = _row(page, "关于修缮村道的建议")
    label = deadlines.deadline_label(State.ASSIGNED, today - timedelta(days=3), today)
    assert '<span class="badge state state-assigned">已交办</span>' in row
    assert f'<span class="badge error">{label.text}</span>' in row
    assert label.text == "已逾期 3 天"
    assert 'data-label="答复期限"' in row and 'data-label="办理状态"' in row
    # The same warning in the overdue panel above the table.
    panel = page.split('class="list proposals"', 1)[0]
    assert f'<span class="badge error">{label.text}</span>' in panel

    row = _row(page, "关于增设路灯的建议")
    assert '<span class="empty">未登记</span>' in row
    assert '<td data-label="答复期限" class="nowrap">—</td>' in row


def _normalised(html):
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


def test_the_filter_selects_write_djangos_select_markup(secretary):
    """FilterSelect draws the options itself: the markup must stay Django's, chosen option
    and escaping included."""
    unit = UnitFactory(name="水务&交通<办>")
    deputy = DeputyFactory(name='王"小"明')
    session = SessionFactory()
    for data in (
        None,
        {"unit": unit.pk, "deputy": deputy.pk, "session": session.pk, "topic": "education"},
        {"session": "between"},
    ):
        form = BoardFilterForm(data)
        for name in ("session", "unit", "topic", "deputy"):
            field = form.fields[name]
            assert isinstance(field.widget, FilterSelect)
            drawn = str(form[name])
            field.widget = forms.Select(choices=field.choices)
            assert _normalised(drawn) == _normalised(form[name]), name
    page = str(BoardFilterForm({"unit": unit.pk})["unit"])
    assert f'<option value="{unit.pk}" selected>水务&amp;交通&lt;办&gt;</option>' in page


def test_the_board_keeps_the_chosen_filters_selected(client, secretary):
    client.force_login(secretary)
    deputy = DeputyFactory(name="李四")
    page = client.get(reverse("proposal_board"), {"deputy": deputy.pk}).content.decode()
    assert f'<option value="{deputy.pk}" selected>李四</option>' in page
    assert '<option value="" selected>全部单位</option>' in page


def test_state_and_kind_labels_are_djangos():
    """The labels read without get_FOO_display's dict of every choice are the same labels,
    and a value outside the choices is shown as it is, as Django shows it."""
    state_field, kind_field = Proposal._meta.get_field("state"), Proposal._meta.get_field("kind")
    for state in [*State.values, "unknown"]:
        item = Proposal(state=state)
        assert item.get_state_display() == item._get_FIELD_display(state_field)
    for kind in [*Kind.values, "unknown"]:
        item = Proposal(kind=kind)
        assert item.get_kind_display() == item._get_FIELD_display(kind_field)
    assert Proposal(state=State.CLOSED).get_state_display() == "已办结"
    assert Proposal(kind=Kind.MOTION).get_kind_display() == "议案"
