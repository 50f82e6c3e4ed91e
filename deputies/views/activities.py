"""Activities with their attendance checklist, and deputies' attendance at sessions."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress.models import Session
from congress.query import ClampedPageMixin
from congress.views import RecordFormMixin, page_permission
from deputies import selectors, services
from deputies.forms import ActivityFilterForm, ActivityForm, SessionAttendanceForm
from deputies.models import Activity, AttendanceStatus


class ActivityList(ClampedPageMixin, PermissionRequiredMixin, ListView):
    permission_required = "deputies.view_activity"
    template_name = "deputies/activity_list.html"
    context_object_name = "activities"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ActivityFilterForm(
            self.request.GET or None, years=selectors.activity_years()
        )
        activities = selectors.activities_list().order_by("-start_date", "-pk")
        return self.filter_form.filter(activities)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ActivityDetail(PermissionRequiredMixin, DetailView):
    permission_required = "deputies.view_activity"
    template_name = "deputies/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.activity_detail(self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        attendances = list(self.object.attendances.all())
        by_status = [
            (value, label, [a.deputy for a in attendances if a.status == value])
            for value, label in AttendanceStatus.choices
        ]
        return super().get_context_data(
            attendances=attendances,
            by_status=[row for row in by_status if row[2]],
            present=by_status[0][2],
            **kwargs,
        )


class ActivityFormMixin(RecordFormMixin):
    form_class = ActivityForm
    template_name = "deputies/activity_form.html"

    def save(self, form):
        return services.activity_save(
            actor=self.request.user,
            activity=form.instance,
            attendance=form.attendance(),
            attachment=form.cleaned_data.get("attachment"),
            attachment_title=form.cleaned_data.get("attachment_title", ""),
        )


class ActivityCreate(ActivityFormMixin, CreateView):
    permission_required = "deputies.add_activity"

    def get_initial(self):
        # Links from a group's or station's page preset the organiser.
        initial = {"start_date": timezone.localdate()}
        for name in ("organiser", "group", "station"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial


class ActivityEdit(ActivityFormMixin, UpdateView):
    permission_required = "deputies.change_activity"
    model = Activity


@page_permission("deputies.add_sessionattendance")
def session_attendance(request, pk):
    """The township deputies expected at a session, each marked present, on leave or absent;
    saving also sets the session's attendance figures (and so its quorum)."""
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    form = SessionAttendanceForm(
        request.POST if request.method == "POST" else None, session=session
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_attendance_set(
                actor=request.user, session=session, attendance=form.attendance()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect(session)
    return render(request, "deputies/session_attendance.html", {"session": session, "form": form})
