"""Every write of the oversight records. Each function is one transaction, runs as its actor
(the audit trail names them), checks the actor's permission and refuses in Chinese
(ValidationError). Who is chosen by a vote, and every rate, is computed (oversight.rules);
nothing is deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress import law
from congress.audit import audited
from deputies.models import Activity, ActivityKind, AttendanceStatus
from deputies.selectors import deputies_seated_count
from deputies.services import activity_save
from oversight import rules, selectors
from oversight.models import (
    EvaluatedOffice,
    EvaluationItem,
    EvaluationPlan,
    ItemScore,
    Problem,
    ProgressReport,
    Project,
    ProjectInspection,
    ProjectMilestone,
    ProjectRating,
    ProjectYear,
    RatingWeights,
    ReportBackRating,
    VoteRound,
    VoteTally,
)


def _require(user, permission):
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied


def _save(record, exclude=None):
    record.full_clean(exclude=exclude)
    record.save()
    return record


def _voted(year):
    return VoteRound.objects.filter(year=year).exists()


# Livelihood projects: the year and its candidates


@audited
@transaction.atomic
def project_year_save(*, actor, year: ProjectYear) -> ProjectYear:
    """A year's livelihood projects: the session that votes and how many it chooses. Once a
    vote is recorded, the session and the number are fixed."""
    _require(actor, "oversight.change_projectyear" if year.pk else "oversight.add_projectyear")
    if year.pk:
        before = ProjectYear.objects.select_for_update().get(pk=year.pk)
        if _voted(before) and (
            before.session_id != year.session_id or before.to_choose != year.to_choose
        ):
            raise ValidationError(
                _("The session has voted: its session and the number to choose are fixed.")
            )
    return _save(year)


@audited
@transaction.atomic
def project_save(*, actor, project: Project, milestones=()) -> Project:
    """A candidate project (with its planned milestones [(title, date)] when new). Candidates
    are fixed once the session has voted on them."""
    _require(actor, "oversight.change_project" if project.pk else "oversight.add_project")
    year = ProjectYear.objects.select_for_update().get(pk=project.year_id)
    if _voted(year):
        raise ValidationError(
            _("The session has voted on this year's projects: the candidates are fixed.")
        )
    if project.pk is None:
        project.created_by = actor
        last = year.projects.order_by("-position").values_list("position", flat=True).first()
        project.position = (last or 0) + 1
    _save(project)
    for title, due_date in milestones:
        _save(ProjectMilestone(project=project, title=title, due_date=due_date))
    return project


@audited
@transaction.atomic
def project_milestone_add(*, actor, project: Project, title, due_date) -> ProjectMilestone:
    _require(actor, "oversight.add_projectmilestone")
    return _save(ProjectMilestone(project=project, title=title, due_date=due_date))


# The vote


@audited
@transaction.atomic
def project_vote_record(
    *,
    actor,
    year: ProjectYear,
    held_on,
    held_time,
    ballots_issued,
    ballots_returned,
    void_ballots,
    votes,
) -> VoteRound:
    """Record the next vote on the year's projects, taken on `held_on` at `held_time`: `votes`
    maps each candidate of this vote (a Project; all candidates at first, the tied ones in a
    re-vote) to its votes for. All deputies, whose half a project's votes must exceed, are the
    deputies holding a seat at that moment (deputies.selectors.deputies_seated_count: a seat
    ended by an earlier vote of the session no longer counts), never a typed figure; the
    session's attendance gives those present, two thirds of all deputies at least (counted on
    the same figure). The vote is held during the session, not later than now. Who is chosen
    is computed from every vote recorded (oversight.rules.vote_progress) and kept on the
    projects."""
    _require(actor, "oversight.add_voteround")
    year = ProjectYear.objects.select_for_update().select_related("session").get(pk=year.pk)
    session = year.session
    progress = selectors.vote_progress(selectors.year_page(year.pk))
    step = progress.next
    if step is None:
        raise ValidationError(_("The vote on this year's projects is complete."))
    candidates = {p.pk: p for p in year.projects.all()}
    if len(candidates) <= year.to_choose and not progress.rounds:
        raise ValidationError(
            _(
                "The government proposes more candidates than the %(n)s to choose; %(count)s "
                "are entered."
            )
            % {"n": year.to_choose, "count": len(candidates)}
        )
    if session.deputies_present is None:
        raise ValidationError(
            _(
                "Record the session's attendance first: the vote needs the number of deputies "
                "present."
            )
        )
    law.check_vote_moment(session, held_on, held_time, now=timezone.now())
    previous = progress.rounds[-1][0].key if progress.rounds else None
    if previous is not None and (held_on, held_time) < (previous.held_on, previous.held_time):
        raise ValidationError(
            {
                "held_time": _(
                    "Round %(n)s was taken on %(date)s at %(time)s: the next vote comes after it."
                )
                % {
                    "n": previous.number,
                    "date": date_format(previous.held_on),
                    "time": previous.held_time.strftime("%H:%M"),
                }
            }
        )
    deputies_total = deputies_seated_count(held_on, held_time)
    if not deputies_total:
        raise ValidationError(_("The roster has no deputy holding a seat at the time of the vote."))
    law.check_quorum(session.deputies_present, deputies_total)
    expected = set(step.candidates)
    given = {p.pk for p in votes}
    if given != expected:
        raise ValidationError(
            _("Enter the votes of every project of this vote, and only theirs: %(names)s.")
            % {"names": "、".join(candidates[pk].title for pk in step.candidates)}
        )
    problems = rules.tally_problems(
        places=step.places,
        deputies_present=session.deputies_present,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        void_ballots=void_ballots,
        votes={p.title: v for p, v in votes.items()},
    )
    if problems:
        raise ValidationError([message for _project, message in problems])
    round_ = _save(
        VoteRound(
            year=year,
            number=len(progress.rounds) + 1,
            kind=step.kind,
            held_on=held_on,
            held_time=held_time,
            places=step.places,
            deputies_total=deputies_total,
            ballots_issued=ballots_issued,
            ballots_returned=ballots_returned,
            void_ballots=void_ballots,
            recorded_by=actor,
        ),
        exclude=["recorded_by"],
    )
    VoteTally.objects.bulk_create(
        [VoteTally(round=round_, project=p, votes=v) for p, v in votes.items()]
    )
    after = selectors.vote_progress(selectors.year_page(year.pk))
    Project.objects.filter(year=year).exclude(pk__in=after.chosen).update(chosen=False)
    Project.objects.filter(pk__in=after.chosen).update(chosen=True)
    return round_


def _chosen(project):
    if not Project.objects.filter(pk=project.pk, chosen=True).exists():
        raise ValidationError(_("Only a project chosen by the session is tracked."))


# Tracking through the year


@audited
@transaction.atomic
def progress_report_submit(
    *, actor, project: Project, date, text, milestone=None, progress=None
) -> ProgressReport:
    """The lead office's progress report (or the secretary's record of it); moving a
    milestone to 100% marks it reached on the report's date."""
    if not selectors.may_report_progress(actor, project):
        raise PermissionDenied
    _chosen(project)
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this project.")})
    if (milestone is None) != (progress is None):
        raise ValidationError(
            {"progress": _("Give the milestone and its progress together, or neither.")}
        )
    report = ProgressReport(
        project=project,
        date=date,
        text=text,
        milestone=milestone,
        progress=progress,
        submitted_by=actor,
    )
    _save(report, exclude=["submitted_by"])
    if milestone is not None:
        milestone = ProjectMilestone.objects.select_for_update().get(pk=milestone.pk)
        if progress < milestone.progress:
            raise ValidationError(
                {
                    "progress": _("The milestone is already at %(n)s%%; progress does not go back.")
                    % {"n": milestone.progress}
                }
            )
        milestone.progress = progress
        milestone.done_on = (milestone.done_on or date) if progress == 100 else None
        _save(milestone)
    return report


@audited
@transaction.atomic
def project_inspect(
    *,
    actor,
    project: Project,
    activity: Activity | None = None,
    start_date=None,
    place="",
    findings="",
    deputies=(),
) -> ProjectInspection:
    """Link an inspection (a deputies' activity) to a chosen project: an activity already
    recorded, or a new inspection recorded here (date, place, findings, deputies present)."""
    _require(actor, "oversight.add_projectinspection")
    _chosen(project)
    if activity is None:
        if start_date is None:
            raise ValidationError(
                {"start_date": _("Choose a recorded inspection, or give the date of a new one.")}
            )
        activity = activity_save(
            actor=actor,
            activity=Activity(
                kind=ActivityKind.INSPECTION,
                topic=_("Inspection of the livelihood project: %(title)s") % {"title": project},
                start_date=start_date,
                place=place,
                findings=findings,
            ),
            attendance={d: AttendanceStatus.PRESENT for d in deputies},
        )
    elif activity.kind not in selectors.INSPECTION_KINDS:
        raise ValidationError(
            {"activity": _("Only an inspection, investigation or law-enforcement check.")}
        )
    return _save(ProjectInspection(project=project, activity=activity))


@audited
@transaction.atomic
def problem_raise(
    *,
    actor,
    description,
    raised_on,
    deadline,
    project: Project | None = None,
    office: EvaluatedOffice | None = None,
    activity: Activity | None = None,
) -> Problem:
    """A problem found on a chosen project (at an inspection) or raised in an office's
    evaluation, to be rectified by `deadline`."""
    _require(actor, "oversight.add_problem")
    if project is not None:
        _chosen(project)
    return _save(
        Problem(
            project=project,
            office=office,
            activity=activity,
            description=description,
            raised_on=raised_on,
            deadline=deadline,
            created_by=actor,
        ),
        exclude=["created_by"],
    )


@audited
@transaction.atomic
def problem_rectify(*, actor, problem: Problem, rectified_on, rectification) -> Problem:
    """The problem is rectified: what was done and when (the secretary, or the office
    concerned)."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if not selectors.may_answer_problem(actor, problem):
        raise PermissionDenied
    if problem.rectified_on is not None:
        raise ValidationError(_("This problem is already rectified."))
    if not (rectification or "").strip():
        raise ValidationError({"rectification": _("Say what was done.")})
    problem.rectified_on = rectified_on
    problem.rectification = rectification.strip()
    return _save(problem)


@audited
@transaction.atomic
def project_complete(*, actor, project: Project, completed_on) -> Project:
    """A chosen project is completed when each of its milestones is reached."""
    _require(actor, "oversight.change_project")
    project = Project.objects.select_for_update().get(pk=project.pk)
    _chosen(project)
    if project.completed_on is not None:
        raise ValidationError(_("The project is already completed."))
    open_ = [m.title for m in project.milestones.all() if m.progress < 100]
    if open_:
        raise ValidationError(
            _("Milestones not yet reached: %(names)s.") % {"names": "、".join(open_)}
        )
    if completed_on is None:
        raise ValidationError({"completed_on": _("Give the date of completion.")})
    project.completed_on = completed_on
    return _save(project)


@audited
@transaction.atomic
def project_rate(
    *, actor, project: Project, held_on, ballots, satisfied, basically, unsatisfied
) -> ProjectRating:
    """The deputies' year-end satisfaction vote on a chosen project; recording it again
    corrects it (the audit trail keeps the earlier counts)."""
    _require(actor, "oversight.add_projectrating")
    _chosen(project)
    problems = rules.satisfaction_problems(
        ballots=ballots, satisfied=satisfied, basically=basically, unsatisfied=unsatisfied
    )
    if problems:
        raise ValidationError(problems)
    rating = ProjectRating.objects.filter(project=project).first() or ProjectRating(project=project)
    rating.held_on = held_on
    rating.ballots, rating.satisfied = ballots, satisfied
    rating.basically, rating.unsatisfied = basically, unsatisfied
    rating.recorded_by = actor
    return _save(rating, exclude=["recorded_by"])


# Evaluations of offices


@audited
@transaction.atomic
def evaluation_plan_save(*, actor, plan: EvaluationPlan) -> EvaluationPlan:
    _require(
        actor, "oversight.change_evaluationplan" if plan.pk else "oversight.add_evaluationplan"
    )
    if plan.pk is None:
        plan.created_by = actor
    return _save(plan)


@audited
@transaction.atomic
def evaluation_item_add(*, actor, plan: EvaluationPlan, text, max_score) -> EvaluationItem:
    _require(actor, "oversight.add_evaluationitem")
    if ItemScore.objects.filter(item__plan=plan).exists():
        raise ValidationError(_("Offices are already scored: the questionnaire is fixed."))
    last = plan.items.order_by("-position").values_list("position", flat=True).first()
    return _save(
        EvaluationItem(plan=plan, text=text, max_score=max_score, position=(last or 0) + 1)
    )


@audited
@transaction.atomic
def evaluation_office_add(*, actor, plan: EvaluationPlan, unit) -> EvaluatedOffice:
    _require(actor, "oversight.add_evaluatedoffice")
    return _save(EvaluatedOffice(plan=plan, unit=unit))


@audited
@transaction.atomic
def evaluation_result_record(
    *,
    actor,
    office: EvaluatedOffice,
    rated_on,
    ballots=None,
    satisfied=None,
    basically=None,
    unsatisfied=None,
    scores=None,
    summary="",
) -> EvaluatedOffice:
    """The deputies' ballots on an office (满意 / 基本满意 / 不满意) and/or its average score on
    each questionnaire item (`scores`: {item: score}); recording again corrects them."""
    _require(actor, "oversight.change_evaluatedoffice")
    office = EvaluatedOffice.objects.select_for_update().get(pk=office.pk)
    scores = {item: score for item, score in (scores or {}).items() if score is not None}
    by_ballot = ballots is not None
    if not by_ballot and not scores:
        raise ValidationError(_("Enter the ballots, or the scores of the questionnaire."))
    problems = []
    if by_ballot:
        problems += rules.satisfaction_problems(
            ballots=ballots, satisfied=satisfied, basically=basically, unsatisfied=unsatisfied
        )
    foreign = [item for item in scores if item.plan_id != office.plan_id]
    if foreign:
        problems.append(_("Score only the items of this plan's questionnaire."))
    problems += rules.score_problems([(i.text, s, i.max_score) for i, s in scores.items()])
    if problems:
        raise ValidationError(problems)
    office.rated_on = rated_on
    office.summary = summary
    office.ballots, office.satisfied = ballots, satisfied
    office.basically, office.unsatisfied = basically, unsatisfied
    _save(office)
    for item, score in scores.items():
        ItemScore.objects.update_or_create(office=office, item=item, defaults={"score": score})
    return office


# Report-back ratings


@audited
@transaction.atomic
def rating_weights_save(*, actor, year, self_weight, voters_weight, presidium_weight):
    _require(actor, "oversight.change_ratingweights")
    problems = rules.weights_problems(self_weight, voters_weight, presidium_weight)
    if problems:
        raise ValidationError(problems)
    weights = RatingWeights.objects.filter(year=year).first() or RatingWeights(year=year)
    weights.self_weight = self_weight
    weights.voters_weight = voters_weight
    weights.presidium_weight = presidium_weight
    return _save(weights)


@audited
@transaction.atomic
def report_back_rating_save(*, actor, rating: ReportBackRating) -> ReportBackRating:
    """A deputy's report at a report-back activity, rated: the voters' ballots and comments,
    the self-assessment and the presidium's assessment. The deputy reported there (present)."""
    _require(
        actor,
        "oversight.change_reportbackrating" if rating.pk else "oversight.add_reportbackrating",
    )
    problems = []
    activity = rating.activity
    if activity.kind != ActivityKind.REPORT_BACK:
        problems.append(_("Choose a report-back activity (述职)."))
    elif not selectors.reported_at(activity.pk, rating.deputy_id):
        problems.append(
            _("%(name)s is not recorded as present at this activity; record the attendance first.")
            % {"name": rating.deputy}
        )
    if rating.ballots is not None:
        problems += rules.satisfaction_problems(
            ballots=rating.ballots,
            satisfied=rating.satisfied,
            basically=rating.basically,
            unsatisfied=rating.unsatisfied,
        )
    if problems:
        raise ValidationError(problems)
    if rating.pk is None:
        rating.recorded_by = actor
    return _save(rating, exclude=["recorded_by"])
