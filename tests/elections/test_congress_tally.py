"""The tally grid of a congress vote (issue 27): one page, the ballots prefilled from the
session's attendance, each refused figure named by row and column and shown at its cell, every
typed figure kept."""

import re
from datetime import date

import pytest
from django.urls import reverse

from congress.models import TownshipProfile
from elections import congress_services as services
from elections.congress_tally import tally_problems
from elections.models import Contest, Round
from tests.factories import DeputyFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 16)


@pytest.fixture
def contest(secretary):
    """A deputy head's formal vote: 王芳 and 白雪 for one seat; 50 deputies, 45 present."""
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(start_date=DAY, end_date=DAY)
    services.election_rules_save(
        actor=secretary, session=session, adopted_on=DAY, posts={"deputy_head": (1, 1)}
    )
    contest = Contest.objects.get()
    sponsors = DeputyFactory.create_batch(50)[:10]
    services.nomination_add(actor=secretary, contest=contest, source="presidium", name="王芳")
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="白雪", sponsors=sponsors
    )
    services.nominations_close(actor=secretary, contest=contest)
    return contest


def _grid_post(contest, **figures):
    wang, bai = contest.nominations.order_by("position")
    data = {
        "held_on": "2025-01-16",
        "held_time": "09:00",
        "ballots_issued": "45",
        "ballots_returned": "45",
        "void_ballots": "0",
        f"for_{wang.pk}": "30",
        f"against_{wang.pk}": "10",
        f"abstain_{wang.pk}": "5",
        f"for_{bai.pk}": "12",
        f"against_{bai.pk}": "30",
        f"abstain_{bai.pk}": "3",
        "write_in_1": "",
        "write_in_votes_1": "",
    }
    return data | {key.format(wang=wang.pk, bai=bai.pk): value for key, value in figures.items()}


def _value(page, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return value.group(1) if value else None


def test_a_figure_over_the_valid_ballots_is_refused_with_its_row_and_column():
    problems = tally_problems(
        preliminary=False,
        seats=1,
        present=45,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=2,
        candidates={"w": "王芳", "b": "白雪"},
        tallies={"w": (30, 8, 5), "b": (12, 50, 1)},
    )
    assert [(p.row, p.column) for p in problems] == [("b", "against")]
    assert problems[0].message == "白雪 得 50 票，多于有效票 43 张。"


def test_a_row_that_does_not_add_up_is_refused_on_that_row():
    problems = tally_problems(
        preliminary=False,
        seats=1,
        present=45,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=0,
        candidates={"w": "王芳", "b": "白雪"},
        tallies={"w": (30, 10, 5), "b": (12, 30, 2)},
    )
    assert [(p.row, p.column) for p in problems] == [("b", None)]
    assert "44" not in problems[0].message and "45" in problems[0].message


def test_votes_written_in_without_a_name_are_refused_not_dropped():
    problems = tally_problems(
        preliminary=False,
        seats=1,
        present=45,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=0,
        candidates={"w": "王芳"},
        tallies={"w": (30, 10, 5)},
        write_ins=[("", 3)],
    )
    assert [(p.row, p.column) for p in problems] == [(("write_in", 1), None)]


def test_the_grid_prefills_the_ballots_from_the_deputies_present(client, secretary, contest):
    client.force_login(secretary)
    page = client.get(reverse("round_create", args=[contest.pk])).content.decode()
    # 45 present (the session's attendance), 50 holding a seat: 45 ballots out and back.
    assert _value(page, "ballots_issued") == "45" and _value(page, "ballots_returned") == "45"
    assert 'inputmode="numeric"' in page
    assert "第1行 王芳 · 赞成" in page and "第2行 白雪 · 弃权" in page


def test_a_refused_grid_names_the_cell_and_keeps_every_figure(client, secretary, contest):
    client.force_login(secretary)
    data = _grid_post(
        contest,
        **{"against_{bai}": "50", "write_in_1": "李四", "write_in_votes_1": "2"},
    )
    response = client.post(reverse("round_create", args=[contest.pk]), data)
    assert response.status_code == 200 and not Round.objects.exists()
    page = response.content.decode()
    wang, bai = contest.nominations.order_by("position")
    summary = page[page.index('class="alert error tally-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert f'href="#id_against_{bai.pk}"' in summary
    assert "第2行 白雪 · 反对：白雪 得 50 票，多于有效票 45 张。" in summary
    # The message sits at its cell, which a screen reader hears as invalid.
    cell = re.search(rf'<input[^>]*name="against_{bai.pk}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in cell and f'aria-describedby="id_against_{bai.pk}_error"' in cell
    assert f'id="id_against_{bai.pk}_error"' in page
    for name, value in data.items():
        if name != "csrfmiddlewaretoken" and value:
            assert _value(page, name) == value, name


def test_the_grid_saves_the_vote_in_one_post(client, secretary, contest):
    client.force_login(secretary)
    response = client.post(reverse("round_create", args=[contest.pk]), _grid_post(contest))
    assert response.status_code == 302
    held = Round.objects.get()
    counts = {
        t.nomination.name: (t.votes_for, t.votes_against, t.votes_abstain)
        for t in held.tallies.select_related("nomination")
    }
    assert counts == {"王芳": (30, 10, 5), "白雪": (12, 30, 3)}
