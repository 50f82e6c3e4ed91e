"""Back office for motions and suggestions. Day-to-day work goes through the app's pages and
proposals.services (which apply the transition map and write the events), so the workflow
records (items, assignments, replies, co-opinions, evaluations, milestones, events) are only
viewed here: a satisfied or dissatisfied verdict cannot be rewritten behind the deputy's back.
Handling units and attachments may be corrected; nothing is deleted. Deputies' drafts, their
files and events are not shown here either (proposals.selectors.shown_to_staff)."""

from django.contrib import admin

from congress.admin import NoDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline
from proposals import selectors
from proposals.models import (
    Assignment,
    Attachment,
    CoOpinion,
    Evaluation,
    Event,
    HandlingUnit,
    Milestone,
    Notification,
    NumberSequence,
    Proposal,
    Reply,
)


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ("unit", "role", "assigned_date", "deadline", "acknowledged_at", "active")


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ("round", "unit", "category", "number", "date", "contact_person", "phone")


class EvaluationInline(ReadOnlyInline):
    model = Evaluation
    fields = ("reply", "deputy", "verdict", "comment", "date")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("date", "note", "done")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("title", "file", "uploaded_by", "uploaded_at")


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("at", "actor", "action", "from_state", "to_state", "note")
    show_change_link = False


@admin.register(HandlingUnit)
class HandlingUnitAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "contact_person", "phone", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "contact_person", "phone")
    autocomplete_fields = ("officers",)


class WithoutDraftsOfOthers:
    """Rows of items the user may read as staff: a deputy's draft stays theirs."""

    item = "proposal"  # the field naming the row's item

    def get_queryset(self, request):
        shown = Proposal.objects.filter(selectors.shown_to_staff(request.user)).values("pk")
        return super().get_queryset(request).filter(**{f"{self.item}__in": shown})


@admin.register(Proposal)
class ProposalAdmin(WithoutDraftsOfOthers, ReadOnlyAdmin):
    item = "pk"
    list_display = (
        "__str__",
        "kind",
        "lead_deputy",
        "topic",
        "state",
        "submitted_date",
        "deadline",
        "published",
    )
    list_filter = ("state", "kind", "topic", "session", "broad", "published")
    search_fields = ("title", "content", "lead_deputy__name", "number")
    date_hierarchy = "submitted_date"
    list_select_related = ("lead_deputy", "session__term")
    inlines = (
        AssignmentInline,
        ReplyInline,
        EvaluationInline,
        MilestoneInline,
        AttachmentInline,
        EventInline,
    )


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "unit", "role", "assigned_date", "deadline", "active")
    list_filter = ("role", "active", "unit")
    search_fields = ("proposal__title", "unit__name", "return_reason")
    list_select_related = ("proposal__session__term", "unit")


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "round", "unit", "category", "number", "date")
    list_filter = ("category", "round", "unit")
    search_fields = ("proposal__title", "number", "text", "contact_person")
    list_select_related = ("proposal__session__term", "unit")


@admin.register(CoOpinion)
class CoOpinionAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "date")
    list_filter = ("assignment__unit",)
    search_fields = ("text", "assignment__proposal__title", "assignment__unit__name")
    list_select_related = ("assignment__proposal__session__term", "assignment__unit")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "deputy", "verdict", "date")
    list_filter = ("verdict",)
    search_fields = ("proposal__title", "deputy__name", "comment")
    list_select_related = ("proposal__session__term", "deputy")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "date", "note", "done")
    list_filter = ("done",)
    search_fields = ("proposal__title", "note")
    list_select_related = ("proposal__session__term",)


@admin.register(Attachment)
class AttachmentAdmin(WithoutDraftsOfOthers, NoDeleteAdmin):
    list_display = ("__str__", "proposal", "uploaded_at")
    search_fields = ("title", "proposal__title")
    list_select_related = ("proposal__session__term",)
    autocomplete_fields = ("proposal",)
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(Event)
class EventAdmin(WithoutDraftsOfOthers, ReadOnlyAdmin):
    """The append-only log: a wrong step is corrected by a further event, never edited."""

    list_display = ("at", "proposal", "actor", "action", "from_state", "to_state")
    list_filter = ("action", "to_state")
    search_fields = ("proposal__title", "note", "actor__name", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("proposal__session__term", "actor")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "message", "read_at")
    list_filter = ("read_at",)
    search_fields = ("message", "user__name", "user__username")
    list_select_related = ("user",)


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    """The numbering counters: changing one by hand would break gap-free numbering."""

    list_display = ("scope", "last")
    search_fields = ("scope",)
