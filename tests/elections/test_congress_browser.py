"""In the browser: the secretary records the election of a deputy township head with a
preliminary vote, prints the ballot and the announcement, and the new deputy head appears in
the leaders' roster."""

from datetime import date

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from tests.browser import log_in
from tests.elections.congress_steps import elect_deputy_head_with_preliminary_vote
from tests.factories import DeputyFactory, SessionFactory, UserFactory
from tests.pdf_utils import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2025, 1, 16)


def test_secretary_records_a_deputy_head_election_with_a_preliminary_vote(
    page, live_server, tmp_path
):
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(start_date=DAY, end_date=DAY)  # 45 present
    DeputyFactory.create_batch(50)  # the roster: 26 votes elect

    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="大会选举").click()
    elect_deputy_head_with_preliminary_vote(page, live_server, secretary, session, tmp_path)

    response = page.request.get(
        f"{live_server.url}/sessions/{session.pk}/elections/announcement.pdf"
    )
    announcement = "".join(pdf_text(response.body(), tmp_path).split())
    assert "于2025年1月16日选举王芳为青山镇人民政府副镇长" in announcement

    page.goto(f"{live_server.url}/leaders/")
    roster = page.locator("main").inner_text()
    assert "副镇长" in roster and "王芳" in roster and "2025年1月16日" in roster
