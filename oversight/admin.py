"""Back office for the oversight records: viewed here, changed on the portal's pages through
oversight.services (which compute who is chosen and check every count); nothing is deleted."""

from django.contrib import admin

from congress.admin import ReadOnlyAdmin, ReadOnlyInline
from oversight.models import (
    EvaluatedOffice,
    EvaluationPlan,
    Problem,
    Project,
    ProjectYear,
    RatingWeights,
    ReportBackRating,
    VoteRound,
    VoteTally,
)


class VoteTallyInline(ReadOnlyInline):
    model = VoteTally
    fields = ("project", "votes")


@admin.register(ProjectYear)
class ProjectYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "session", "to_choose")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "lead_unit", "chosen", "completed_on")
    list_filter = ("year", "chosen")
    search_fields = ("title",)


@admin.register(VoteRound)
class VoteRoundAdmin(ReadOnlyAdmin):
    list_display = (
        "year",
        "number",
        "kind",
        "held_on",
        "held_time",
        "deputies_total",
        "ballots_issued",
        "ballots_returned",
    )
    inlines = [VoteTallyInline]


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "year")


@admin.register(EvaluatedOffice)
class EvaluatedOfficeAdmin(ReadOnlyAdmin):
    list_display = ("unit", "plan", "rated_on", "ballots", "satisfied", "basically", "unsatisfied")


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ("description", "project", "office", "deadline", "rectified_on")


@admin.register(RatingWeights)
class RatingWeightsAdmin(ReadOnlyAdmin):
    list_display = ("year", "self_weight", "voters_weight", "presidium_weight")


@admin.register(ReportBackRating)
class ReportBackRatingAdmin(ReadOnlyAdmin):
    list_display = ("deputy", "activity", "ballots", "self_score", "presidium_score")
