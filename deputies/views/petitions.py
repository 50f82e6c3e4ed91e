"""Petitions (信访) received by the presidium or passed on by deputies, and their outcome."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress.query import ClampedPageMixin
from congress.views import RecordFormMixin
from deputies import selectors
from deputies.forms import PetitionFilterForm, PetitionForm
from deputies.models import Petition


class PetitionList(ClampedPageMixin, PermissionRequiredMixin, ListView):
    permission_required = "deputies.view_petition"
    template_name = "deputies/petition_list.html"
    context_object_name = "petitions"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PetitionFilterForm(self.request.GET or None)
        return selectors.petitions_list(status=self.filter_form.status_value())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class PetitionDetail(PermissionRequiredMixin, DetailView):
    permission_required = "deputies.view_petition"
    template_name = "deputies/petition_detail.html"
    context_object_name = "petition"

    def get_queryset(self):
        return selectors.petitions_list()


class PetitionFormMixin(RecordFormMixin):
    form_class = PetitionForm
    template_name = "deputies/petition_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            # Petition has no get_absolute_url; the mixin would go to the township page.
            return redirect("petition_detail", self.object.pk)
        return response


class PetitionCreate(PetitionFormMixin, CreateView):
    permission_required = "deputies.add_petition"


class PetitionEdit(PetitionFormMixin, UpdateView):
    permission_required = "deputies.change_petition"
    model = Petition
