"""The oversight pages per role: the secretary edits, the presidium views, deputies follow the
projects and see their own ratings, a unit's officer sees what its office leads; the public
page needs no login."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from congress.roles import Role
from deputies.models import ActivityKind
from oversight import services
from oversight.models import EvaluationPlan, Project, ProjectYear, ReportBackRating
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)
from tests.form_token import form_token
from tests.oversight.helpers import project_year, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(secretary):
    officer = UserFactory(role=Role.UNIT_OFFICER)
    unit = UnitFactory(officers=[officer])
    year, (road, water, home) = project_year(secretary, unit=unit)
    vote(secretary, year, {road: 40, water: 30, home: 10})
    plan = services.evaluation_plan_save(
        actor=secretary, plan=EvaluationPlan(year=2025, title="评议")
    )
    office = services.evaluation_office_add(actor=secretary, plan=plan, unit=unit)
    other_office = services.evaluation_office_add(actor=secretary, plan=plan, unit=UnitFactory())
    return {
        "year": year,
        "road": road,
        "home": home,
        "officer": officer,
        "office": office,
        "other_office": other_office,
        "plan": plan,
    }


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_secretary_opens_every_page(client, secretary, world):
    for name, args in [
        ("project_years", ()),
        ("project_year", (world["year"].pk,)),
        ("project_detail", (world["road"].pk,)),
        ("project_progress", (world["road"].pk,)),
        ("project_inspection_add", (world["road"].pk,)),
        ("project_problem_add", (world["road"].pk,)),
        ("project_rating", (world["road"].pk,)),
        ("project_complete", (world["road"].pk,)),
        ("project_milestone_add", (world["road"].pk,)),
        ("evaluation_list", ()),
        ("evaluation_detail", (world["plan"].pk,)),
        ("evaluated_office", (world["office"].pk,)),
        ("evaluated_office_result", (world["office"].pk,)),
        ("rating_list", ()),
        ("rating_create", ()),
        ("rating_weights", ()),
    ]:
        assert _get(client, secretary, name, *args).status_code == 200, name
    # The vote is complete: its page says so and goes back to the year.
    assert _get(client, secretary, "project_vote", world["year"].pk).status_code == 302


def test_presidium_views_but_does_not_edit(client, presidium_user, world):
    assert _get(client, presidium_user, "project_year", world["year"].pk).status_code == 200
    assert _get(client, presidium_user, "evaluated_office", world["office"].pk).status_code == 200
    for name, args in [
        ("project_year_create", ()),
        ("project_vote", (world["year"].pk,)),
        ("project_rating", (world["road"].pk,)),
        ("evaluated_office_result", (world["office"].pk,)),
        ("rating_create", ()),
    ]:
        assert _get(client, presidium_user, name, *args).status_code == 403, name


def test_deputy_follows_projects_and_sees_only_own_ratings(client, secretary, world):
    user = UserFactory(role=Role.DEPUTY)
    me, other = DeputyFactory(user=user), DeputyFactory(name="别的代表")
    activity = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 9, 1))
    for deputy, ballots in ((me, 50), (other, 40)):
        AttendanceFactory(activity=activity, deputy=deputy)
        services.report_back_rating_save(
            actor=secretary,
            rating=ReportBackRating(
                activity=activity,
                deputy=deputy,
                ballots=ballots,
                satisfied=ballots - 2,
                basically=1,
                unsatisfied=1,
                self_score=Decimal(90),
            ),
        )
    assert _get(client, user, "project_years").status_code == 200
    page = _get(client, user, "project_detail", world["road"].pk)
    assert page.status_code == 200
    assert reverse("project_progress", args=[world["road"].pk]) not in page.content.decode()
    assert _get(client, user, "project_vote", world["year"].pk).status_code == 403
    assert _get(client, user, "rating_list").status_code == 403
    mine = _get(client, user, "my_ratings").content.decode()
    assert "98.0%" in mine  # (48 + 1) / 50
    assert "97.5%" not in mine  # the other deputy's (38 + 1) / 40
    # The voters' figures carry their legend, not "48/1/1".
    assert "满意48 · 基本满意1 · 不满意1" in mine and "48/1/1" not in mine
    record = _get(client, user, "my_record").content.decode()
    assert "述职测评" in record


def test_unit_officer_sees_what_the_office_leads(client, world):
    officer = world["officer"]
    page = _get(client, officer, "unit_oversight").content.decode()
    assert "道路硬化" in page and "评议" in page
    assert _get(client, officer, "project_detail", world["road"].pk).status_code == 200
    assert _get(client, officer, "project_progress", world["road"].pk).status_code == 200
    assert _get(client, officer, "evaluated_office", world["office"].pk).status_code == 200
    assert _get(client, officer, "evaluated_office", world["other_office"].pk).status_code == 404
    stranger = UserFactory(role=Role.UNIT_OFFICER)
    assert _get(client, stranger, "project_detail", world["road"].pk).status_code == 404
    assert _get(client, stranger, "project_progress", world["road"].pk).status_code == 404
    assert _get(client, stranger, "project_year", world["year"].pk).status_code == 403


def test_progress_report_by_the_lead_office(client, world):
    client.force_login(world["officer"])
    milestone = world["road"].milestones.first()
    response = client.post(
        reverse("project_progress", args=[world["road"].pk]),
        {"date": "2025-04-02", "text": "已开工", "milestone": milestone.pk, "progress": "100"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == date(2025, 4, 2)
    # Garbage is refused on the form, never a server error.
    response = client.post(
        reverse("project_progress", args=[world["road"].pk]),
        {"date": "2025-04-03", "text": "x", "milestone": milestone.pk, "progress": "50"},
    )
    assert response.status_code == 200
    assert "进度不能倒退" in response.content.decode()


def test_a_progress_report_sent_twice_is_recorded_once(client, world):
    """Issue 25: an office's officer taps 保存 twice on a phone."""
    client.force_login(world["officer"])
    url = reverse("project_progress", args=[world["road"].pk])
    data = {"date": "2025-04-02", "text": "已开工", "form_token": form_token(client, url)}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert world["road"].progress_reports.count() == 1
    assert second.redirect_chain[0][0] == world["road"].get_absolute_url()
    assert "这张表已经提交过了，以下是当时保存的内容。" in second.content.decode()


def test_public_page_needs_no_login_and_shows_only_chosen(client, world):
    page = client.get(reverse("public_projects"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "道路硬化" in text and "饮水工程" in text
    assert "敬老院改造" not in text  # not chosen
    assert client.get(reverse("public_projects") + "?year=abc").status_code == 200


def year_tabs(page):
    """The years of the page's year switcher, and the one shown."""
    nav = page[page.index('<nav class="tabs year-tabs"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'href="\?year=(\d+)"', nav), re.findall(
        r'href="\?year=(\d+)" aria-current="page"', nav
    )


def test_the_year_switcher_of_the_public_projects_shows_the_chosen_year(client, world):
    later = ProjectYear.objects.create(year=2026, session=SessionFactory(), to_choose=1)
    Project.objects.create(
        year=later, title="路灯安装", lead_unit=world["road"].lead_unit, chosen=True
    )
    page = client.get(reverse("public_projects")).content.decode()
    assert year_tabs(page) == (["2026", "2025"], ["2026"])
    assert "路灯安装" in page and "道路硬化" not in page
    page = client.get(reverse("public_projects"), {"year": 2025}).content.decode()
    assert year_tabs(page) == (["2026", "2025"], ["2025"])
    assert "道路硬化" in page and "路灯安装" not in page


def test_the_year_switcher_of_the_ratings_shows_the_chosen_year(client, secretary):
    for name, day in (("去年述职代表", date(2025, 9, 1)), ("今年述职代表", date(2026, 3, 1))):
        deputy = DeputyFactory(name=name)
        activity = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=day)
        AttendanceFactory(activity=activity, deputy=deputy)
        services.report_back_rating_save(
            actor=secretary,
            rating=ReportBackRating(
                activity=activity,
                deputy=deputy,
                ballots=10,
                satisfied=8,
                basically=1,
                unsatisfied=1,
            ),
        )
    page = _get(client, secretary, "rating_list").content.decode()
    assert year_tabs(page) == (["2026", "2025"], ["2026"])
    assert "今年述职代表" in page and "去年述职代表" not in page
    page = client.get(reverse("rating_list"), {"year": 2025}).content.decode()
    assert year_tabs(page) == (["2026", "2025"], ["2025"])
    assert "去年述职代表" in page and "今年述职代表" not in page


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("project_detail", args=[world["road"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_vote_page_records_counts(client, secretary):
    year, (road, water, home) = project_year(secretary)
    client.force_login(secretary)
    url = reverse("project_vote", args=[year.pk])
    form = client.get(url).content.decode()
    # A session of 2025 is recorded from paper: its first day at 09:00, 50 seats held then.
    assert 'value="2025-01-16"' in form and 'value="09:00"' in form
    assert "2025年1月16日 09:00为50人，须26票及以上" in form
    data = {
        "held_on": "2025-01-17",
        "held_time": "11:30",
        "ballots_issued": "45",
        "ballots_returned": "45",
        "void_ballots": "0",
        f"votes_{road.pk}": "46",
        f"votes_{water.pk}": "20",
        f"votes_{home.pk}": "10",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "超过有效票45张" in refused.content.decode()
    data[f"votes_{road.pk}"] = "40"
    assert client.post(url, data).status_code == 302
    road.refresh_from_db()
    assert road.chosen
    page = client.get(reverse("project_year", args=[year.pk])).content.decode()
    assert "2025年1月17日 11:30" in page
    assert "全体代表（表决时实有代表）50人" in page
