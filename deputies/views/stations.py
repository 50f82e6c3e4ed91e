"""Liaison stations: addresses, resident deputies and the next reception days."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress.views import RecordFormMixin
from deputies import selectors, services
from deputies.forms import StationForm
from deputies.models import LiaisonStation


class StationList(PermissionRequiredMixin, ListView):
    permission_required = "deputies.view_liaisonstation"
    template_name = "deputies/station_list.html"
    context_object_name = "stations"

    def get_queryset(self):
        return selectors.stations_with_next_days(timezone.localdate())


class StationDetail(PermissionRequiredMixin, DetailView):
    permission_required = "deputies.view_liaisonstation"
    template_name = "deputies/station_detail.html"
    context_object_name = "station"
    model = LiaisonStation

    def get_context_data(self, **kwargs):
        station = self.object
        return super().get_context_data(
            next_days=selectors.reception_schedule(station, timezone.localdate(), count=4),
            residents=selectors.with_current_group(
                station.resident_deputies.order_by("stroke_key", "pk")
            ),
            activities=selectors.activities_list().filter(station=station)[:50],
            **kwargs,
        )


class StationFormMixin(RecordFormMixin):
    form_class = StationForm
    template_name = "deputies/station_form.html"

    def save(self, form):
        return services.station_save(
            actor=self.request.user,
            station=form.instance,
            residents=form.cleaned_data["resident_deputies"],
        )


class StationCreate(StationFormMixin, CreateView):
    permission_required = "deputies.add_liaisonstation"


class StationEdit(StationFormMixin, UpdateView):
    permission_required = "deputies.change_liaisonstation"
    model = LiaisonStation
