from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from congress.roles import Role
from deputies.models import Activity, ActivityKind, AttendanceStatus, Deputy, DeputyStatus
from oversight import selectors, services
from oversight.models import EvaluationPlan, Project, ReportBackRating, VoteRound
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    UnitFactory,
    UserFactory,
)
from tests.oversight.helpers import project_year, roster, vote

pytestmark = pytest.mark.django_db


def _chosen(year):
    return set(Project.objects.filter(year=year, chosen=True).values_list("title", flat=True))


def test_vote_chooses_by_more_than_half_of_all_deputies(secretary):
    year, (road, water, home) = project_year(secretary)
    # 50 deputies: 26 is more than half, 25 exactly half.
    vote(secretary, year, {road: 26, water: 25, home: 20})
    assert _chosen(year) == {"道路硬化"}
    progress = selectors.vote_progress(selectors.year_page(year.pk))
    assert progress.done and progress.short == 1


def test_tie_at_the_boundary_then_revote_among_the_tied(secretary):
    year, (road, water, home) = project_year(secretary)
    vote(secretary, year, {road: 34, water: 28, home: 28})
    assert _chosen(year) == {"道路硬化"}
    with pytest.raises(ValidationError, match="敬老院改造"):
        vote(secretary, year, {road: 1, water: 20, home: 25})  # road is not in the re-vote
    vote(secretary, year, {water: 20, home: 25})
    assert _chosen(year) == {"道路硬化", "敬老院改造"}
    with pytest.raises(ValidationError):
        vote(secretary, year, {water: 20, home: 25})  # the vote is complete


def test_more_ballots_returned_than_issued_is_recorded_void_and_held_again(secretary):
    year, (road, water, home) = project_year(secretary)
    vote(secretary, year, {road: 40, water: 30, home: 10}, issued=44, returned=45)
    assert _chosen(year) == set()
    vote(secretary, year, {road: 40, water: 30, home: 10}, issued=45, returned=45)
    assert _chosen(year) == {"道路硬化", "饮水工程"}


def test_vote_refusals_in_chinese(secretary):
    year, (road, water, home) = project_year(secretary)
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, {road: 46, water: 1, home: 0})
    assert "有效票" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        vote(secretary, year, {road: 40, water: 30, home: 10}, held_on=date(2025, 2, 1))
    with pytest.raises(ValidationError):
        vote(secretary, year, {road: 40, water: 30, home: 10}, issued=46, returned=46)
    year.session.deputies_present = 30  # fewer than two thirds of 50 (34)
    year.session.deputies_on_leave = 10
    year.session.deputies_absent = 10
    year.session.save()
    with pytest.raises(ValidationError):
        vote(secretary, year, {road: 30, water: 30, home: 0}, issued=30, returned=30)


def _messages(error):
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("at", "votes", "total"),
    [
        # Before the seat ends: 50 deputies, 26 votes choose (26 over, 25 one short).
        (time(9, 0), (26, 25), 50),
        # After it ended at 10:00: 49 deputies, 25 votes choose (25 over, 24 one short).
        (time(11, 0), (25, 24), 49),
    ],
)
def test_all_deputies_are_those_holding_a_seat_at_the_moment_of_the_vote(
    secretary, at, votes, total
):
    year, (road, water, home) = project_year(secretary)
    leaving = Deputy.objects.order_by("pk").first()
    leaving.status = DeputyStatus.RESIGNED
    leaving.status_date = date(2025, 1, 17)
    leaving.status_time = time(10, 0)
    leaving.save()
    over, short = votes
    round_ = vote(secretary, year, {road: over, water: short, home: 10}, held_time=at)
    assert _chosen(year) == {"道路硬化"}
    assert (round_.held_on, round_.held_time, round_.deputies_total) == (
        date(2025, 1, 17),
        at,
        total,
    )


def test_the_typed_session_figure_is_not_all_deputies(secretary):
    """The session says 50 expected; the roster holds 40 seats: 21 votes choose, not 26."""
    year, (road, water, home) = project_year(secretary)
    Deputy.objects.filter(pk__in=Deputy.objects.order_by("pk").values("pk")[:10]).update(
        status=DeputyStatus.RESIGNED, status_date=date(2024, 12, 1)
    )
    vote(secretary, year, {road: 21, water: 20, home: 4}, issued=45, returned=45)
    assert _chosen(year) == {"道路硬化"}
    assert VoteRound.objects.get(year=year).deputies_total == 40


@pytest.mark.parametrize(("seated", "quorate"), [(67, True), (68, False)])
def test_the_quorum_is_two_thirds_of_the_deputies_holding_a_seat(secretary, seated, quorate):
    """45 present: two thirds of 67 is 44⅔, so 45 are enough; of 68 it is 45⅓, so 46 are
    needed."""
    year, (road, water, home) = project_year(secretary)
    roster(year.session, seated)
    if quorate:
        vote(secretary, year, {road: 40, water: 35, home: 10})
        assert _chosen(year) == {"道路硬化", "饮水工程"}
    else:
        with pytest.raises(ValidationError) as error:
            vote(secretary, year, {road: 40, water: 35, home: 10})
        assert "实有代表68名，出席45名" in _messages(error)
        assert not VoteRound.objects.exists()


def test_vote_moment_refusals_in_chinese(secretary):
    year, (road, water, home) = project_year(secretary)
    counts = {road: 40, water: 30, home: 10}
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, counts, held_time=None)
    assert "请填写表决的日期和时间" in _messages(error)
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, counts, held_on=date(2025, 1, 18))
    assert "会议期间" in _messages(error)
    # A tie re-voted at 08:00 cannot come before the vote at 09:00 that tied.
    vote(secretary, year, {road: 34, water: 28, home: 28})
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, {water: 20, home: 25}, held_time=time(8, 0))
    assert "第1轮" in _messages(error) or "09:00" in _messages(error)
    vote(secretary, year, {water: 20, home: 25}, held_time=time(9, 0))
    assert _chosen(year) == {"道路硬化", "敬老院改造"}


def test_a_vote_still_to_come_is_refused(secretary):
    year, (road, water, home) = project_year(secretary)
    tomorrow = timezone.localdate() + timedelta(days=1)
    session = year.session
    session.start_date, session.end_date = tomorrow - timedelta(days=1), tomorrow
    session.save()
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, {road: 40, water: 30, home: 10}, held_on=tomorrow)
    assert "表决时间尚未到来" in _messages(error)


def test_no_roster_no_vote(secretary):
    year, (road, water, home) = project_year(secretary)
    Deputy.objects.update(status=DeputyStatus.DECEASED, status_date=date(2024, 12, 1))
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, {road: 40, water: 30, home: 10})
    assert "代表名册上投票时没有在任的本级代表" in _messages(error)
    session = year.session
    session.deputies_total = session.deputies_present = None
    session.deputies_on_leave = session.deputies_absent = None
    session.save()
    with pytest.raises(ValidationError) as error:
        vote(secretary, year, {road: 40, water: 30, home: 10})
    assert "出席情况" in _messages(error)


def test_candidates_are_fixed_once_voted_and_only_the_secretary_votes(secretary, presidium_user):
    year, (road, water, home) = project_year(secretary)
    with pytest.raises(PermissionDenied):
        services.project_vote_record(
            actor=presidium_user,
            year=year,
            held_on=date(2025, 1, 17),
            held_time=time(9, 0),
            ballots_issued=45,
            ballots_returned=45,
            void_ballots=0,
            votes={road: 40, water: 30, home: 10},
        )
    vote(secretary, year, {road: 40, water: 30, home: 10})
    with pytest.raises(ValidationError):
        services.project_save(
            actor=secretary, project=Project(year=year, title="新", lead_unit=road.lead_unit)
        )
    with pytest.raises(ValidationError):
        year.to_choose = 3
        services.project_year_save(actor=secretary, year=year)


def test_tracking_a_chosen_project(secretary):
    officer = UserFactory(role=Role.UNIT_OFFICER)
    unit = UnitFactory(officers=[officer])
    year, (road, water, home) = project_year(secretary, unit=unit)
    with pytest.raises(ValidationError):  # not chosen yet
        services.progress_report_submit(
            actor=officer, project=road, date=date(2025, 3, 1), text="x"
        )
    vote(secretary, year, {road: 40, water: 30, home: 10})
    road.refresh_from_db()
    first, last = road.milestones.all()
    services.progress_report_submit(
        actor=officer,
        project=road,
        date=date(2025, 4, 2),
        text="已开工",
        milestone=first,
        progress=100,
    )
    first.refresh_from_db()
    assert first.done_on == date(2025, 4, 2)
    with pytest.raises(ValidationError):  # not every milestone reached
        services.project_complete(actor=secretary, project=road, completed_on=date(2025, 10, 2))
    stranger = UserFactory(role=Role.UNIT_OFFICER)
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(
            actor=stranger, project=road, date=date(2025, 5, 1), text="x"
        )
    services.progress_report_submit(
        actor=officer,
        project=road,
        date=date(2025, 10, 1),
        text="完工",
        milestone=last,
        progress=100,
    )
    services.project_complete(actor=secretary, project=road, completed_on=date(2025, 10, 2))
    deputy = DeputyFactory()
    link = services.project_inspect(
        actor=secretary,
        project=road,
        start_date=date(2025, 6, 1),
        place="河东村",
        deputies=[deputy],
    )
    assert link.activity.kind == ActivityKind.INSPECTION
    assert link.activity.attendances.get().deputy == deputy
    training = ActivityFactory(kind=ActivityKind.TRAINING)
    with pytest.raises(ValidationError):
        services.project_inspect(actor=secretary, project=road, activity=training)
    problem = services.problem_raise(
        actor=secretary,
        project=road,
        activity=link.activity,
        description="排水沟未同步施工",
        raised_on=date(2025, 6, 1),
        deadline=date(2025, 7, 1),
    )
    with pytest.raises(PermissionDenied):
        services.problem_rectify(
            actor=stranger, problem=problem, rectified_on=date(2025, 6, 20), rectification="已整改"
        )
    services.problem_rectify(
        actor=officer, problem=problem, rectified_on=date(2025, 6, 20), rectification="已整改"
    )
    rating = services.project_rate(
        actor=secretary,
        project=road,
        held_on=date(2025, 12, 20),
        ballots=46,
        satisfied=30,
        basically=12,
        unsatisfied=4,
    )
    assert str(rating.rate) == "91.3%"
    with pytest.raises(ValidationError):
        services.project_rate(
            actor=secretary,
            project=home,
            held_on=date(2025, 12, 20),
            ballots=46,
            satisfied=30,
            basically=12,
            unsatisfied=4,
        )


def test_evaluation_result_and_problem(secretary):
    plan = services.evaluation_plan_save(
        actor=secretary, plan=EvaluationPlan(year=2025, title="评议")
    )
    item = services.evaluation_item_add(actor=secretary, plan=plan, text="依法行政", max_score=25)
    office = services.evaluation_office_add(actor=secretary, plan=plan, unit=UnitFactory())
    with pytest.raises(ValidationError):
        services.evaluation_result_record(
            actor=secretary, office=office, rated_on=date(2025, 11, 1), scores={item: Decimal(26)}
        )
    services.evaluation_result_record(
        actor=secretary,
        office=office,
        rated_on=date(2025, 11, 1),
        ballots=46,
        satisfied=20,
        basically=7,
        unsatisfied=19,
        scores={item: Decimal("15.5")},
    )
    office.refresh_from_db()
    result = selectors.office_result(office)
    assert str(result.rate) == "58.7%"  # 27 / 46
    assert result.passed is False
    with pytest.raises(ValidationError):  # scored: the questionnaire is fixed
        services.evaluation_item_add(actor=secretary, plan=plan, text="新", max_score=10)
    problem = services.problem_raise(
        actor=secretary,
        office=office,
        description="办事指南未公开",
        raised_on=date(2025, 11, 1),
        deadline=date(2025, 12, 31),
    )
    assert problem.rectified_on is None


def test_report_back_rating_needs_the_deputy_present(secretary):
    activity = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 9, 1))
    present, absent = DeputyFactory(), DeputyFactory()
    AttendanceFactory(activity=activity, deputy=present)
    AttendanceFactory(activity=activity, deputy=absent, status=AttendanceStatus.ABSENT)
    counts = {"ballots": 60, "satisfied": 52, "basically": 6, "unsatisfied": 2}
    with pytest.raises(ValidationError):
        services.report_back_rating_save(
            actor=secretary, rating=ReportBackRating(activity=activity, deputy=absent, **counts)
        )
    inspection = ActivityFactory(kind=ActivityKind.INSPECTION)
    AttendanceFactory(activity=inspection, deputy=present)
    with pytest.raises(ValidationError):
        services.report_back_rating_save(
            actor=secretary, rating=ReportBackRating(activity=inspection, deputy=present, **counts)
        )
    services.rating_weights_save(
        actor=secretary, year=2025, self_weight=20, voters_weight=50, presidium_weight=30
    )
    services.report_back_rating_save(
        actor=secretary,
        rating=ReportBackRating(
            activity=activity,
            deputy=present,
            self_score=Decimal(90),
            presidium_score=Decimal(80),
            **counts,
        ),
    )
    (row,) = selectors.ratings_of_year(2025)
    assert row.composite == Decimal("90.4")  # 90×20% + 96.7×50% + 80×30%


def test_figures_hold_only_keys_with_records(secretary):
    assert selectors.oversight_figures(date(2025, 1, 1), date(2025, 12, 31)) == {}
    year, (road, water, home) = project_year(secretary)
    vote(secretary, year, {road: 40, water: 30, home: 10})
    figures = selectors.oversight_figures(date(2025, 1, 1), date(2025, 12, 31))
    assert figures == {"projects_chosen": 2}
    assert selectors.oversight_figures(date(2024, 1, 1), date(2024, 12, 31)) == {}
    services.project_rate(
        actor=secretary,
        project=road,
        held_on=date(2025, 12, 20),
        ballots=40,
        satisfied=30,
        basically=6,
        unsatisfied=4,
    )
    services.project_rate(
        actor=secretary,
        project=water,
        held_on=date(2025, 12, 20),
        ballots=40,
        satisfied=20,
        basically=0,
        unsatisfied=20,
    )
    figures = selectors.oversight_figures(date(2025, 1, 1), date(2025, 12, 31))
    assert str(figures["projects_satisfaction"]) == "70.0%"  # (36 + 20) / 80
    assert "projects_completed" not in figures
    assert not Activity.objects.exists() or "report_back_deputies" not in figures
