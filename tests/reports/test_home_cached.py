"""The secretary's task lists are kept in the cache until a step or a new row changes the
handling (proposals.selectors.kept_until_changed): a step shows at once on the home page."""

import re

import pytest
from django.urls import reverse

from proposals.models import State
from tests.proposals import helpers

pytestmark = pytest.mark.django_db


def counts(client):
    page = client.get(reverse("home")).content.decode()
    return {
        key: int(re.search(rf'data-tasks="{key}".*?data-count>(\d+)<', page, re.S).group(1))
        for key in ("to_register", "to_assign")
    }


def test_a_step_shows_at_once_in_the_secretarys_task_lists(client, secretary):
    client.force_login(secretary)
    item = helpers.suggestion_in_state(State.SUBMITTED, secretary=secretary)
    assert counts(client) == {"to_register": 1, "to_assign": 0}
    assert counts(client) == {"to_register": 1, "to_assign": 0}  # from the cache
    helpers.registered(item, secretary)
    assert counts(client) == {"to_register": 0, "to_assign": 1}
