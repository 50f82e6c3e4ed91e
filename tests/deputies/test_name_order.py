"""Names in one order: the roster, its export, the public directory and the choice of a lead
deputy list deputies by surname strokes (以姓氏笔画为序), not by character code."""

import re

import pytest
from django.urls import reverse

from deputies.models import Deputy
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

# By hand: 丁 2 strokes, 万 3, 王 4 (横 first), 孔 4 (折 first), 李 7, 欧阳 8. By character code
# the order would be 丁 万 孔 李 欧阳 王.
IN_STROKE_ORDER = ["丁一", "万林云", "王芳", "孔明", "李强", "欧阳华"]


@pytest.fixture
def deputies():
    for name in reversed(IN_STROKE_ORDER):
        DeputyFactory(name=name)


def order_in(html):
    """The names of IN_STROKE_ORDER in the order they first appear in the page."""
    found = {name: html.index(name) for name in IN_STROKE_ORDER if name in html}
    return sorted(found, key=found.get)


def test_the_roster_the_directory_and_the_lead_deputy_choice_agree(client, secretary, deputies):
    client.force_login(secretary)
    roster = client.get(reverse("deputy_list")).content.decode()
    directory = client.get(reverse("public_directory")).content.decode()
    register = client.get(reverse("proposal_register_new")).content.decode()
    lead_choice = re.search(r'<select name="lead_deputy".*?</select>', register, re.S).group()
    assert order_in(roster) == IN_STROKE_ORDER
    assert order_in(directory) == IN_STROKE_ORDER
    assert order_in(lead_choice) == IN_STROKE_ORDER


def test_a_renamed_deputy_moves_to_the_place_of_the_new_name(deputies):
    deputy = Deputy.objects.get(name="丁一")
    deputy.name = "孙一"  # 孙 6 strokes: after 孔, before 李
    deputy.save(update_fields=["name"])
    assert [d.name for d in Deputy.objects.all()] == [
        "万林云",
        "王芳",
        "孔明",
        "孙一",
        "李强",
        "欧阳华",
    ]
