"""Reads of the oversight records: who may see what, each page's data in a constant number of
queries, the progress of a year's vote, results, the deputy's record panel and the figures of
a period (`oversight_figures`) for the work summaries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.law import Rate, one_place
from deputies.models import Activity, ActivityKind, Attendance, AttendanceStatus
from oversight import rules
from oversight.models import (
    EvaluatedOffice,
    EvaluationPlan,
    ItemScore,
    Problem,
    Project,
    ProjectInspection,
    ProjectYear,
    RatingWeights,
    ReportBackRating,
    VoteRound,
)

# The kinds of deputies' activities that inspect a project.
INSPECTION_KINDS = (
    ActivityKind.INSPECTION,
    ActivityKind.INVESTIGATION,
    ActivityKind.ENFORCEMENT_CHECK,
)


def pass_rate():
    """The local rule: an office below this satisfaction rate (percent) is unsatisfactory."""
    return Decimal(str(settings.OVERSIGHT_EVALUATION_PASS_RATE))


def user_units(user):
    """The handling units whose officer `user` is (ids)."""
    if not user.is_authenticated:
        return []
    return list(user.handling_units.values_list("pk", flat=True))


def may_see_all_projects(user):
    return user.has_perm("oversight.view_projectyear") or user.has_perm("oversight.follow_projects")


def may_see_projects(user):
    return may_see_all_projects(user) or user.has_perm("oversight.report_progress")


def projects_visible_to(user):
    """Projects `user` may open: every one for the secretary, presidium and deputies; those
    its office leads for a unit's officer; none for anyone else."""
    if may_see_all_projects(user):
        return Project.objects.all()
    if user.has_perm("oversight.report_progress"):
        return Project.objects.filter(lead_unit__in=user_units(user))
    return Project.objects.none()


def may_report_progress(user, project):
    if user.has_perm("oversight.add_progressreport"):
        return True
    return user.has_perm("oversight.report_progress") and project.lead_unit_id in user_units(user)


def may_answer_problem(user, problem):
    """The secretary, or an officer of the office concerned (the project's lead office, the
    evaluated office), records a problem's rectification."""
    if user.has_perm("oversight.change_problem"):
        return True
    units = user_units(user)
    if problem.project_id:
        return user.has_perm("oversight.report_progress") and problem.project.lead_unit_id in units
    return user.has_perm("oversight.view_own_evaluation") and problem.office.unit_id in units


def years():
    return list(ProjectYear.objects.select_related("session__term"))


def year_page(pk):
    """The year with its candidates (lead office) and recorded votes (tallies), or None."""
    return (
        ProjectYear.objects.select_related("session__term")
        .prefetch_related(
            Prefetch("projects", Project.objects.select_related("lead_unit")),
            Prefetch("rounds", VoteRound.objects.prefetch_related("tallies")),
            "projects__milestones",
        )
        .filter(pk=pk)
        .first()
    )


def vote_progress(year):
    """rules.VoteProgress of `year` (prefetched by year_page, or read here), with project pks
    as keys."""
    projects = list(year.projects.all())
    rounds = [
        rules.RoundFacts(
            kind=r.kind,
            deputies_total=r.deputies_total,
            places=r.places,
            ballots_issued=r.ballots_issued,
            ballots_returned=r.ballots_returned,
            votes_for={t.project_id: t.votes for t in r.tallies.all()},
            key=r,
        )
        for r in sorted(year.rounds.all(), key=lambda r: r.number)
    ]
    return rules.vote_progress(
        to_choose=year.to_choose, candidates=[p.pk for p in projects], rounds=rounds
    )


def progress_percent(project):
    """The project's progress: the mean of its milestones' progress (prefetched), or None."""
    milestones = list(project.milestones.all())
    if not milestones:
        return None
    return round(sum(m.progress for m in milestones) / len(milestones))


def project_page(pk, user):
    """A project `user` may see, with everything its page shows, or None."""
    return (
        projects_visible_to(user)
        .select_related("year__session__term", "lead_unit", "rating")
        .prefetch_related(
            "milestones",
            Prefetch("progress_reports", to_attr="reports_list"),
            Prefetch(
                "inspections",
                ProjectInspection.objects.select_related("activity"),
                to_attr="inspection_list",
            ),
            Prefetch(
                "problems", Problem.objects.select_related("activity"), to_attr="problem_list"
            ),
        )
        .filter(pk=pk)
        .first()
    )


def inspection_choices(project):
    """Deputies' inspections not yet linked to the project, newest first."""
    return (
        Activity.objects.filter(kind__in=INSPECTION_KINDS)
        .exclude(project_inspections__project=project)
        .order_by("-start_date", "-pk")
    )


def public_projects(year_number):
    """The chosen projects of a year, for the public page: title, content, budget, lead
    office, milestones and the year-end rating. None when that year has no chosen project."""
    return list(
        Project.objects.filter(year__year=year_number, chosen=True)
        .select_related("lead_unit", "rating")
        .prefetch_related("milestones")
        .order_by("position", "pk")
    )


def public_years():
    return list(
        ProjectYear.objects.filter(projects__chosen=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def unit_projects(user):
    return list(
        Project.objects.filter(lead_unit__in=user_units(user), chosen=True)
        .select_related("year", "lead_unit")
        .prefetch_related("milestones")
        .order_by("-year__year", "position")
    )


def overdue_problems(today, problems):
    return [p for p in problems if p.rectified_on is None and p.deadline < today]


# Evaluations


def plans():
    return list(EvaluationPlan.objects.prefetch_related("offices__unit"))


def offices_visible_to(user):
    if user.has_perm("oversight.view_evaluatedoffice"):
        return EvaluatedOffice.objects.all()
    if user.has_perm("oversight.view_own_evaluation"):
        return EvaluatedOffice.objects.filter(unit__in=user_units(user))
    return EvaluatedOffice.objects.none()


def plan_page(pk):
    return (
        EvaluationPlan.objects.prefetch_related(
            "items",
            Prefetch(
                "offices",
                EvaluatedOffice.objects.select_related("unit").prefetch_related(
                    "scores__item", "problems"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def office_page(pk, user):
    return (
        offices_visible_to(user)
        .select_related("plan", "unit")
        .prefetch_related(
            "plan__items",
            Prefetch("scores", ItemScore.objects.select_related("item")),
            Prefetch(
                "problems", Problem.objects.select_related("activity"), to_attr="problem_list"
            ),
        )
        .filter(pk=pk)
        .first()
    )


def office_result(office):
    """rules.EvaluationResult of an office (scores and plan items prefetched)."""
    scores = [(s.score, s.item.max_score) for s in office.scores.all()]
    return rules.evaluation_result(
        rate=office.rate if office.counted else None, scores=scores, pass_rate=pass_rate()
    )


def unit_offices(user):
    return list(
        EvaluatedOffice.objects.filter(unit__in=user_units(user))
        .select_related("plan", "unit")
        .prefetch_related("scores__item", "problems")
        .order_by("-plan__year")
    )


# Report-back ratings


def weights_for(year):
    row = RatingWeights.objects.filter(year=year).first()
    return rules.DEFAULT_WEIGHTS if row is None else _weights(row)


def _weights(row):
    return (row.self_weight, row.voters_weight, row.presidium_weight)


@dataclass
class RatingRow:
    rating: ReportBackRating
    voters: Rate
    composite: Decimal | None


def ratings_of_year(year, *, deputy=None):
    """Report-back ratings of activities in `year` (of one deputy if given), with the voters'
    rate and the weighted overall rating by the year's weights."""
    weights = weights_for(year)
    ratings = ReportBackRating.objects.filter(activity__start_date__year=year).select_related(
        "activity", "deputy"
    )
    if deputy is not None:
        ratings = ratings.filter(deputy=deputy)
    return [_row(r, weights) for r in ratings]


def _row(rating, weights):
    return RatingRow(
        rating=rating,
        voters=rating.rate,
        composite=rules.composite(
            self_score=rating.self_score,
            voters_rate=rating.rate,
            presidium_score=rating.presidium_score,
            weights=weights,
        ),
    )


def rating_years():
    found = {
        d.year for d in ReportBackRating.objects.values_list("activity__start_date", flat=True)
    }
    return sorted(found, reverse=True)


def report_back_activities():
    return Activity.objects.filter(kind=ActivityKind.REPORT_BACK).order_by("-start_date", "-pk")


def reported_at(activity_id, deputy_id):
    """Whether the deputy took part (present) in the activity."""
    return Attendance.objects.filter(
        activity_id=activity_id, deputy_id=deputy_id, status=AttendanceStatus.PRESENT
    ).exists()


@dataclass
class RecordPanel:
    title: str
    figures: list
    note: str = ""
    link: tuple | None = None


def record_panel(*, deputy, year, user, own):
    """The deputy's report-back ratings in `year`, for the performance record; None when the
    deputy has none that year."""
    rows = ratings_of_year(year, deputy=deputy)
    if not rows:
        return None
    latest = rows[0]
    weights = weights_for(year)
    figures = [
        (_("reports to voters rated"), len(rows)),
        (_("voters' rating"), str(latest.voters)),
        (
            _("self-assessment"),
            "—" if latest.rating.self_score is None else f"{latest.rating.self_score}",
        ),
        (
            _("presidium's assessment"),
            "—" if latest.rating.presidium_score is None else f"{latest.rating.presidium_score}",
        ),
        (_("overall rating"), "—" if latest.composite is None else f"{latest.composite}"),
    ]
    link = None
    if own and user.has_perm("oversight.view_own_rating"):
        link = (_("My report-back ratings"), reverse("my_ratings"))
    elif user.has_perm("oversight.view_reportbackrating"):
        link = (_("Report-back ratings"), f"{reverse('rating_list')}?year={year}")
    return RecordPanel(
        title=_("Report-back rating in %(year)s") % {"year": year},
        figures=figures,
        note=_("Weights: self-assessment %(s)s%%, voters' rating %(v)s%%, presidium %(p)s%%. %(d)s")
        % {"s": weights[0], "v": weights[1], "p": weights[2], "d": rules.COMPOSITE_DEFINITION},
        link=link,
    )


# Figures of a period


def oversight_figures(start: date, end: date):
    """The oversight figures of the period from `start` to `end` (inclusive), for the key
    figures and the narrative. Only keys with records in the period are present:

    - "projects_chosen": projects chosen by votes held in the period (int);
    - "projects_completed": chosen projects completed in the period (int);
    - "projects_satisfaction": a Rate over the year-end votes held in the period;
    - "offices_evaluated": [(office name, Rate or None, passed)] of offices rated in the
      period, and "offices_evaluated_count";
    - "report_back_deputies": deputies whose report to voters in the period is rated (int),
      and "report_back_average": the mean of their voters' rates (percent, one place), and
      "report_back_overall_average" when overall ratings are complete for some.
    """
    figures = {}
    chosen = Project.objects.filter(
        chosen=True, tallies__round__held_on__gte=start, tallies__round__held_on__lte=end
    ).distinct()
    chosen_count = chosen.count()
    if chosen_count:
        figures["projects_chosen"] = chosen_count
    completed = Project.objects.filter(completed_on__gte=start, completed_on__lte=end).count()
    if completed:
        figures["projects_completed"] = completed
    ratings = list(
        Project.objects.filter(rating__held_on__gte=start, rating__held_on__lte=end).values_list(
            "rating__ballots", "rating__satisfied", "rating__basically"
        )
    )
    if ratings:
        figures["projects_satisfaction"] = rules.satisfaction_rate(
            ballots=sum(r[0] for r in ratings),
            satisfied=sum(r[1] for r in ratings),
            basically=sum(r[2] for r in ratings),
        )
    offices = list(
        EvaluatedOffice.objects.filter(rated_on__gte=start, rated_on__lte=end)
        .select_related("unit")
        .prefetch_related("scores__item")
        .order_by("unit__name")
    )
    if offices:
        rows = []
        for office in offices:
            result = office_result(office)
            rows.append((office.unit.name, result.rate, result.passed))
        figures["offices_evaluated"] = rows
        figures["offices_evaluated_count"] = len({o.unit_id for o in offices})
    rated = list(
        ReportBackRating.objects.filter(
            activity__start_date__gte=start, activity__start_date__lte=end
        ).select_related("activity")
    )
    if rated:
        by_deputy = {}
        overall = {}
        # The weights of each year the period spans, one query for all.
        weights = dict.fromkeys({r.activity.start_date.year for r in rated}, rules.DEFAULT_WEIGHTS)
        weights.update(
            (row.year, _weights(row)) for row in RatingWeights.objects.filter(year__in=weights)
        )
        for rating in rated:
            rate = rating.rate
            if rate is not None and rate.percent is not None:
                by_deputy.setdefault(rating.deputy_id, []).append(rate.percent)
            value = rules.composite(
                self_score=rating.self_score,
                voters_rate=rate,
                presidium_score=rating.presidium_score,
                weights=weights[rating.activity.start_date.year],
            )
            if value is not None:
                overall.setdefault(rating.deputy_id, []).append(value)
        figures["report_back_deputies"] = len({r.deputy_id for r in rated})
        if by_deputy:
            figures["report_back_average"] = _mean([_mean(v) for v in by_deputy.values()])
        if overall:
            figures["report_back_overall_average"] = _mean([_mean(v) for v in overall.values()])
    return figures


def _mean(values):
    total = sum((Decimal(v) for v in values), Decimal(0))
    return one_place(total / len(values))
