"""The secretary's roster: the list with filters, a deputy's profile, create and edit."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress.views import RecordFormMixin
from deputies import selectors, services
from deputies.forms import DeputyForm, RosterFilterForm
from deputies.models import Deputy


class DeputyList(PermissionRequiredMixin, ListView):
    permission_required = "deputies.view_deputy"
    template_name = "deputies/roster_list.html"
    context_object_name = "deputies"

    def get_queryset(self):
        self.filter_form = RosterFilterForm(self.request.GET or None)
        return selectors.roster(**self.filter_form.filters())

    def get_template_names(self):
        # htmx refreshes only the table while the filters change.
        if self.request.headers.get("HX-Request"):
            return ["deputies/roster_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        context["deputies"] = list(context["deputies"])
        for deputy in context["deputies"]:
            deputy.group_now = selectors.current_group(deputy)
        # The whole roster says how its count relates to the dashboard's and the directory's.
        if not any(self.filter_form.filters().values()):
            context["headcount"] = selectors.headcount(timezone.localdate())
        return context


class DeputyDetail(PermissionRequiredMixin, DetailView):
    permission_required = "deputies.view_deputy"
    template_name = "deputies/roster_detail.html"
    context_object_name = "deputy"

    def get_object(self, queryset=None):
        deputy = selectors.deputy_profile(self.kwargs["pk"]).first()
        if deputy is None:
            raise Http404
        return deputy

    def get_context_data(self, **kwargs):
        deputy = self.object
        return super().get_context_data(
            group_now=selectors.current_group(deputy),
            history=selectors.group_history(deputy),
            attendances=selectors.recent_attendance(deputy),
            **kwargs,
        )


class DeputyFormMixin(RecordFormMixin):
    form_class = DeputyForm
    template_name = "deputies/roster_form.html"

    def save(self, form):
        return services.deputy_save(
            actor=self.request.user,
            deputy=form.instance,
            levels=form.cleaned_data["levels"],
            group=form.cleaned_data["group"],
            term_number=form.term_number,
        )


class DeputyCreate(DeputyFormMixin, CreateView):
    permission_required = "deputies.add_deputy"


class DeputyEdit(DeputyFormMixin, UpdateView):
    permission_required = "deputies.change_deputy"
    model = Deputy
