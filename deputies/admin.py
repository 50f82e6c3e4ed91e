"""Back office for the deputies app. Day-to-day work has its own pages; the admin is where the
secretary corrects a record or sets the duty minimums (DutyRequirement)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.admin import NoDeleteAdmin, ReadOnlyAdmin
from deputies.forms import IdentityFieldsMixin
from deputies.models import (
    Activity,
    ActivityAttachment,
    Attendance,
    Deputy,
    DeputyGroup,
    DeputyIdExport,
    DutyRequirement,
    GroupMembership,
    LiaisonStation,
    Petition,
    Seat,
    SessionAttendance,
    VoterContact,
)
from deputies.selectors import duty_metrics


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ("group",)


class DeputyAdminForm(IdentityFieldsMixin, forms.ModelForm):
    """The admin supplies the model and fields; the mixin keeps the ID number and the birth date
    as the portal's form does (never sent back, checked, agreeing)."""


@admin.register(Deputy)
class DeputyAdmin(NoDeleteAdmin):
    form = DeputyAdminForm
    list_display = ("name", "gender", "ethnicity", "party", "district", "phone", "status")
    list_filter = ("status", "seats__level", "gender", "party", "education", "occupation")
    search_fields = ("name", "phone", "id_number", "workplace", "district", "duty_post")
    autocomplete_fields = ("user",)
    inlines = (SeatInline, MembershipInline)


@admin.register(Seat)
class SeatAdmin(NoDeleteAdmin):
    list_display = ("deputy", "level", "term_number")
    list_filter = ("level", "term_number")
    search_fields = ("deputy__name",)
    list_select_related = ("deputy",)
    autocomplete_fields = ("deputy",)


@admin.register(DeputyGroup)
class DeputyGroupAdmin(NoDeleteAdmin):
    list_display = ("name", "area", "leader", "liaison")
    search_fields = ("name", "area")
    list_select_related = ("leader", "liaison")
    autocomplete_fields = ("leader",)


@admin.register(GroupMembership)
class GroupMembershipAdmin(NoDeleteAdmin):
    list_display = ("deputy", "group", "start_date", "end_date")
    list_filter = ("group",)
    search_fields = ("deputy__name", "group__name")
    list_select_related = ("deputy", "group")
    autocomplete_fields = ("deputy", "group")


@admin.register(LiaisonStation)
class LiaisonStationAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "address", "phone", "reception_days")
    list_filter = ("kind",)
    search_fields = ("name", "address")
    filter_horizontal = ("resident_deputies",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("deputy",)


class AttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0


@admin.register(Activity)
class ActivityAdmin(NoDeleteAdmin):
    list_display = ("start_date", "kind", "topic", "organiser", "place")
    list_filter = ("kind", "organiser", "group", "station")
    search_fields = ("topic", "place", "findings")
    date_hierarchy = "start_date"
    list_select_related = ("group", "station")
    readonly_fields = ("created_by",)
    inlines = (AttendanceInline, AttachmentInline)


@admin.register(Attendance)
class AttendanceAdmin(NoDeleteAdmin):
    list_display = ("activity", "deputy", "status")
    list_filter = ("status", "activity__kind")
    search_fields = ("deputy__name", "activity__topic")
    list_select_related = ("activity", "deputy")
    autocomplete_fields = ("deputy",)
    raw_id_fields = ("activity",)


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(NoDeleteAdmin):
    list_display = ("session", "deputy", "status")
    list_filter = ("status", "session")
    search_fields = ("deputy__name",)
    list_select_related = ("session__term", "deputy")
    autocomplete_fields = ("deputy",)


@admin.register(ActivityAttachment)
class ActivityAttachmentAdmin(NoDeleteAdmin):
    list_display = ("__str__", "activity", "uploaded_at")
    search_fields = ("title", "activity__topic")
    list_select_related = ("activity",)
    raw_id_fields = ("activity",)


@admin.register(VoterContact)
class VoterContactAdmin(NoDeleteAdmin):
    list_display = ("date", "deputy", "method", "voters", "people")
    list_filter = ("method", "deputy")
    search_fields = ("deputy__name", "voters", "issues_raised", "action_taken")
    date_hierarchy = "date"
    list_select_related = ("deputy",)
    autocomplete_fields = ("deputy",)
    readonly_fields = ("created_by",)


@admin.register(Petition)
class PetitionAdmin(NoDeleteAdmin):
    list_display = ("received_date", "petitioner", "source", "deputy", "status", "closed_date")
    list_filter = ("status", "source")
    search_fields = ("petitioner", "content", "handling", "outcome", "deputy__name")
    date_hierarchy = "received_date"
    list_select_related = ("deputy",)
    autocomplete_fields = ("deputy",)


class DutyRequirementForm(forms.ModelForm):
    # What may be counted is a fixed list (deputies.selectors.duty_metrics), so a select.
    metric = forms.ChoiceField(
        label=_("what is counted"), choices=lambda: list(duty_metrics().items())
    )

    class Meta:
        model = DutyRequirement
        fields = ["name", "metric", "minimum", "period", "active", "order"]


@admin.register(DutyRequirement)
class DutyRequirementAdmin(NoDeleteAdmin):
    form = DutyRequirementForm
    list_display = ("name", "metric_label", "minimum", "period", "active", "order")
    list_editable = ("active", "order")
    list_filter = ("active", "period")
    search_fields = ("name",)

    @admin.display(description=_("what is counted"), ordering="metric")
    def metric_label(self, obj):
        return duty_metrics().get(obj.metric, obj.metric)


@admin.register(DeputyIdExport)
class DeputyIdExportAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "term", "what", "rows")
    list_filter = ("term",)
    list_select_related = ("user", "term")
