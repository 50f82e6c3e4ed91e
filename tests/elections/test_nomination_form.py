"""The nomination form takes a deputy or a typed name, not both (issue 27): both sent are
refused with a message naming both fields, instead of one being dropped silently."""

import pytest
from django.urls import reverse

from deputies.models import Deputy
from elections.models import Nomination
from tests.elections.test_congress_pages import contest  # noqa: F401 (a fixture)
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

BOTH = "“代表”和“姓名”只能填写其中一项"


def test_a_deputy_and_a_typed_name_together_are_refused(client, secretary, contest):  # noqa: F811
    deputy = DeputyFactory(name="马力")
    client.force_login(secretary)
    url = reverse("nomination_create", args=[contest.pk])
    form = client.get(contest.get_absolute_url()).content.decode()
    assert "从代表中选择" in form and "填写姓名" in form and "js/reveal.js" in form
    before = Nomination.objects.count()
    for nominee in ("deputy", "name", ""):
        data = {"source": "presidium", "nominee": nominee, "deputy": deputy.pk, "name": "赵六"}
        response = client.post(url, data)
        assert response.status_code == 200 and BOTH in response.content.decode()
        assert response.context["form"].data["name"] == "赵六"  # what was typed stays
    # Beside the input the radio did not choose.
    errors = client.post(url, {**data, "nominee": "name"}).context["form"].errors
    assert BOTH in errors["deputy"][0] and "name" not in errors
    assert Nomination.objects.count() == before
    sponsors = list(
        Deputy.objects.exclude(pk=deputy.pk)
        .filter(nominations_signed=None)
        .values_list("pk", flat=True)[:10]
    )
    data = {"source": "deputies", "nominee": "deputy", "deputy": deputy.pk, "sponsors": sponsors}
    assert client.post(url, data).status_code == 302
    assert Nomination.objects.get(deputy=deputy).name == "马力"
