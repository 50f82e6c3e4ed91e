"""Oversight the deputies vote on (domain.md §9):

- livelihood projects (民生实事): a year's candidate projects voted on at a session, the chosen
  ones (computed from the votes by oversight.rules, never typed) tracked through the year by
  milestones, the lead office's progress reports, inspections (deputies' activities), problems
  found and rectified, and a year-end satisfaction vote;
- evaluations of township offices (工作评议): a year's plan, its questionnaire of scored
  items, each office's ballots and scores, and the problems raised with their rectification;
- report-back ratings (述职测评): per deputy who reported at a report-back activity, the
  voters' ballots, the self-assessment and the presidium's assessment, weighted per year.

Every write goes through oversight.services; nothing is deleted.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from congress.models import Session
from deputies.models import Activity, Deputy
from oversight.rules import DEFAULT_VOTE_TIME, satisfaction_rate
from proposals.models import HandlingUnit

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class SatisfactionCounts(models.Model):
    """Ballots of a satisfaction vote: 满意 / 基本满意 / 不满意 (a ballot left unmarked counts
    in `ballots` only). Empty until the vote is recorded."""

    ballots = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("satisfied"), null=True, blank=True)
    basically = models.PositiveIntegerField(_("basically satisfied"), null=True, blank=True)
    unsatisfied = models.PositiveIntegerField(_("not satisfied"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def counted(self):
        return self.ballots is not None

    @property
    def rate(self):
        if not self.counted:
            return None
        return satisfaction_rate(
            ballots=self.ballots, satisfied=self.satisfied, basically=self.basically
        )


# Livelihood projects


class ProjectYear(models.Model):
    """A year's livelihood projects: the candidates, how many the session chooses, the votes."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="project_years",
        verbose_name=_("session that votes"),
    )
    to_choose = models.PositiveSmallIntegerField(
        _("number of projects to choose"), validators=[MinValueValidator(1)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("livelihood projects of a year")
        verbose_name_plural = _("livelihood projects by year")

    def __str__(self):
        return _("Livelihood projects %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("project_year", args=[self.pk])


class Project(models.Model):
    """A candidate livelihood project; `chosen` is set by the vote (oversight.services)."""

    year = models.ForeignKey(
        ProjectYear, on_delete=models.PROTECT, related_name="projects", verbose_name=_("year")
    )
    position = models.PositiveSmallIntegerField(_("position on the ballot"), default=1)
    title = models.CharField(_("project"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    budget = models.DecimalField(
        _("budget (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    lead_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
        verbose_name=_("lead office"),
    )
    chosen = models.BooleanField(_("chosen"), default=False, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["year", "position", "pk"]
        permissions = [
            ("follow_projects", _("Can follow the livelihood projects")),
            ("report_progress", _("Can report progress on projects the own office leads")),
        ]
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="project_title_unique_in_year",
                violation_error_message=_("This year already has a project of this title."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(chosen=True),
                name="project_completed_only_when_chosen",
                violation_error_message=_("Only a chosen project can be completed."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("project_detail", args=[self.pk])


class ProjectMilestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("planned date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=PERCENT)
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="milestone_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(progress=100, done_on__isnull=False)
                | (Q(progress__lt=100) & Q(done_on__isnull=True)),
                name="milestone_done_when_complete",
                violation_error_message=_("A milestone is reached, with its date, at 100%."),
            ),
        ]

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    """The lead office's report of progress, optionally moving one milestone on."""

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("project"),
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    milestone = models.ForeignKey(
        ProjectMilestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("milestone"),
    )
    progress = models.PositiveSmallIntegerField(
        _("milestone progress (%)"), null=True, blank=True, validators=PERCENT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.project} {date_format(self.date)}"


class ProjectInspection(models.Model):
    """A deputies' activity (an inspection, investigation or check) of a chosen project."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("project")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="project_inspections",
        verbose_name=_("activity"),
    )

    class Meta:
        ordering = ["-activity__start_date", "-pk"]
        verbose_name = _("inspection of a project")
        verbose_name_plural = _("inspections of projects")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "activity"],
                name="project_inspection_once",
                violation_error_message=_("This activity is already linked to the project."),
            )
        ]

    def __str__(self):
        return f"{self.project}·{self.activity}"


class VoteRound(models.Model):
    """One vote of the session on the year's projects: the formal vote, or a re-vote among
    projects tied at the boundary. The counts are typed; who is chosen is computed; all
    deputies are those holding a seat at the moment of the vote, counted from the roster."""

    class Kind(models.TextChoices):
        FORMAL = "formal", _("vote")
        TIE = "tie", _("re-vote among the tied")

    year = models.ForeignKey(
        ProjectYear, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("year")
    )
    number = models.PositiveSmallIntegerField(_("round of voting"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    held_time = models.TimeField(_("time of the vote"), default=DEFAULT_VOTE_TIME)
    places = models.PositiveSmallIntegerField(_("projects to choose in this vote"))
    # 实有代表数: the township deputies holding a seat at held_on, held_time (from the roster).
    deputies_total = models.PositiveSmallIntegerField(_("all deputies"))
    ballots_issued = models.PositiveIntegerField(_("ballots issued"))
    ballots_returned = models.PositiveIntegerField(_("ballots returned"))
    void_ballots = models.PositiveIntegerField(_("void ballots"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("project vote")
        verbose_name_plural = _("project votes")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="vote_round_number_unique"),
            models.CheckConstraint(
                condition=Q(void_ballots__lte=F("ballots_returned")),
                name="vote_round_void_within_returned",
                violation_error_message=_("Void ballots cannot exceed the ballots returned."),
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.number}"

    @property
    def valid_ballots(self):
        return self.ballots_returned - self.void_ballots


class VoteTally(models.Model):
    round = models.ForeignKey(
        VoteRound, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("vote")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("project")
    )
    votes = models.PositiveIntegerField(_("votes for"))

    class Meta:
        ordering = ["round", "project__position", "project__pk"]
        verbose_name = _("votes of a project")
        verbose_name_plural = _("votes of projects")
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="vote_tally_once"),
        ]

    def __str__(self):
        return f"{self.project}: {self.votes}"


class ProjectRating(SatisfactionCounts):
    """The deputies' year-end satisfaction vote on a chosen project."""

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="rating", verbose_name=_("project")
    )
    held_on = models.DateField(_("held on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("year-end rating of a project")
        verbose_name_plural = _("year-end ratings of projects")

    def __str__(self):
        return f"{self.project} {date_format(self.held_on)}"


# Evaluations of township offices


class EvaluationPlan(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("arrangements"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-year", "-pk"]
        permissions = [("view_own_evaluation", _("Can see the evaluations of the own office"))]
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation_detail", args=[self.pk])


class EvaluationItem(models.Model):
    """A scored item of the plan's questionnaire."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.PROTECT, related_name="items", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("questionnaire item"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("full score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")

    def __str__(self):
        return self.text


class EvaluatedOffice(SatisfactionCounts):
    """An office evaluated under a plan, with the deputies' ballots once counted."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.PROTECT, related_name="offices", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluated office"),
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    summary = models.TextField(_("evaluation opinion"), blank=True)

    class Meta:
        ordering = ["plan", "unit__name"]
        verbose_name = _("evaluated office")
        verbose_name_plural = _("evaluated offices")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                name="evaluated_office_once",
                violation_error_message=_("This office is already in the plan."),
            )
        ]

    def __str__(self):
        return f"{self.plan}·{self.unit}"

    def get_absolute_url(self):
        return reverse("evaluated_office", args=[self.pk])


class ItemScore(models.Model):
    """The deputies' average score of an office on one questionnaire item."""

    office = models.ForeignKey(
        EvaluatedOffice,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("evaluated office"),
    )
    item = models.ForeignKey(
        EvaluationItem,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("questionnaire item"),
    )
    score = models.DecimalField(
        _("average score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [models.UniqueConstraint(fields=["office", "item"], name="item_score_once")]

    def __str__(self):
        return f"{self.item}: {self.score}"


class Problem(models.Model):
    """A problem found on a project or raised in an office's evaluation, tracked to its
    rectification (整改) by a deadline."""

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("project"),
    )
    office = models.ForeignKey(
        EvaluatedOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("evaluated office"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_problems",
        verbose_name=_("found at"),
    )
    description = models.TextField(_("problem"))
    raised_on = models.DateField(_("raised on"))
    deadline = models.DateField(_("rectification deadline"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("problem to rectify")
        verbose_name_plural = _("problems to rectify")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, office__isnull=True)
                | Q(project__isnull=True, office__isnull=False),
                name="problem_of_project_or_office",
                violation_error_message=_("A problem belongs to a project or to an office."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("raised_on")),
                name="problem_deadline_after_raised",
                violation_error_message=_("The deadline cannot be before the day it was raised."),
            ),
            models.CheckConstraint(
                condition=Q(rectified_on__isnull=True)
                | (Q(rectified_on__gte=F("raised_on")) & ~Q(rectification="")),
                name="problem_rectified_with_text",
                violation_error_message=_(
                    "A rectified problem says what was done, on a day not before it was raised."
                ),
            ),
        ]

    def __str__(self):
        return self.description[:40]


# Report-back ratings


class RatingWeights(models.Model):
    """How a year's report-back record weighs 自评、选民测评、组织评定 (percent, adding to 100)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    self_weight = models.PositiveSmallIntegerField(_("self-assessment (%)"), validators=PERCENT)
    voters_weight = models.PositiveSmallIntegerField(_("voters' rating (%)"), validators=PERCENT)
    presidium_weight = models.PositiveSmallIntegerField(
        _("presidium's assessment (%)"), validators=PERCENT
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("weighting of report-back ratings")
        verbose_name_plural = _("weightings of report-back ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(self_weight=100 - F("voters_weight") - F("presidium_weight")),
                name="rating_weights_add_to_100",
                violation_error_message=_("The three weights add up to 100%."),
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.self_weight}/{self.voters_weight}/{self.presidium_weight}"


class ReportBackRating(SatisfactionCounts):
    """A deputy's report to voters at a report-back activity, rated by the voters present,
    with the deputy's self-assessment and the presidium's assessment (scores out of 100)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="report_back_ratings",
        verbose_name=_("report-back activity"),
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        related_name="report_back_ratings",
        verbose_name=_("deputy"),
    )
    comments = models.TextField(_("voters' comments"), blank=True)
    self_score = models.DecimalField(
        _("self-assessment score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    presidium_score = models.DecimalField(
        _("presidium's assessment score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-activity__start_date", "deputy__name"]
        permissions = [("view_own_rating", _("Can see the own report-back ratings"))]
        verbose_name = _("report-back rating")
        verbose_name_plural = _("report-back ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "deputy"],
                name="report_back_rating_once",
                violation_error_message=_("This deputy's report at this activity is rated."),
            )
        ]

    def __str__(self):
        return f"{self.deputy}·{self.activity}"
