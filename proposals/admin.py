"""Back office for motions and suggestions. Day-to-day work goes through the app's pages and
proposals.services (which apply the transition map and write the events); the admin is where
the secretary looks things up and corrects a detail. Nothing is deleted here: the state, the
number and the version are read-only (they change only through the services), the event log
and the number counters are read-only altogether."""

from django.contrib import admin

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


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Viewed, never added or changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoDeleteInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


class AssignmentInline(NoDeleteInline):
    model = Assignment
    fields = ("unit", "role", "assigned_date", "deadline", "acknowledged_at", "active")
    readonly_fields = ("acknowledged_at",)
    autocomplete_fields = ("unit",)


class ReplyInline(NoDeleteInline):
    model = Reply
    fields = ("round", "unit", "category", "number", "date", "contact_person", "phone")
    readonly_fields = ("round", "unit")

    def has_add_permission(self, request, obj=None):
        return False  # replies are entered through the reply page (it moves the item)


class EvaluationInline(NoDeleteInline):
    model = Evaluation
    fields = ("reply", "deputy", "verdict", "comment", "date")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(NoDeleteInline):
    model = Milestone
    fields = ("date", "note", "done")


class AttachmentInline(NoDeleteInline):
    model = Attachment
    fields = ("title", "file", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_by", "uploaded_at")


class EventInline(NoDeleteInline):
    model = Event
    fields = ("at", "actor", "action", "from_state", "to_state", "note")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HandlingUnit)
class HandlingUnitAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "contact_person", "phone", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "contact_person", "phone")
    autocomplete_fields = ("officers",)


@admin.register(Proposal)
class ProposalAdmin(NoDeleteAdmin):
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
    autocomplete_fields = ("lead_deputy", "co_signers")
    readonly_fields = (
        "state",
        "number",
        "number_year",
        "motion_number",
        "version",
        "created_by",
        "created_at",
    )
    inlines = (
        AssignmentInline,
        ReplyInline,
        EvaluationInline,
        MilestoneInline,
        AttachmentInline,
        EventInline,
    )

    def has_add_permission(self, request):
        return False  # items are drafted and registered through the services


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteAdmin):
    list_display = ("proposal", "unit", "role", "assigned_date", "deadline", "active")
    list_filter = ("role", "active", "unit")
    search_fields = ("proposal__title", "unit__name", "return_reason")
    list_select_related = ("proposal__session__term", "unit")
    autocomplete_fields = ("proposal", "unit")
    readonly_fields = ("acknowledged_at", "returned_date")


@admin.register(Reply)
class ReplyAdmin(NoDeleteAdmin):
    list_display = ("proposal", "round", "unit", "category", "number", "date")
    list_filter = ("category", "round", "unit")
    search_fields = ("proposal__title", "number", "text", "contact_person")
    list_select_related = ("proposal__session__term", "unit")
    autocomplete_fields = ("proposal", "unit")
    readonly_fields = ("round", "created_by")


@admin.register(CoOpinion)
class CoOpinionAdmin(NoDeleteAdmin):
    list_display = ("assignment", "date")
    list_filter = ("assignment__unit",)
    search_fields = ("text", "assignment__proposal__title", "assignment__unit__name")
    list_select_related = ("assignment__proposal__session__term", "assignment__unit")
    raw_id_fields = ("assignment",)
    readonly_fields = ("created_by",)


@admin.register(Evaluation)
class EvaluationAdmin(NoDeleteAdmin):
    list_display = ("proposal", "deputy", "verdict", "date")
    list_filter = ("verdict",)
    search_fields = ("proposal__title", "deputy__name", "comment")
    list_select_related = ("proposal__session__term", "deputy")
    autocomplete_fields = ("proposal", "deputy")
    raw_id_fields = ("reply",)


@admin.register(Milestone)
class MilestoneAdmin(NoDeleteAdmin):
    list_display = ("proposal", "date", "note", "done")
    list_filter = ("done",)
    search_fields = ("proposal__title", "note")
    list_select_related = ("proposal__session__term",)
    autocomplete_fields = ("proposal",)
    readonly_fields = ("created_by",)


@admin.register(Attachment)
class AttachmentAdmin(NoDeleteAdmin):
    list_display = ("__str__", "proposal", "uploaded_at")
    search_fields = ("title", "proposal__title")
    list_select_related = ("proposal__session__term",)
    autocomplete_fields = ("proposal",)
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
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
