"""Public pages, no login: the deputy directory and the liaison stations' reception days.

Only what a deputy's public role needs is read from the database at all: name, photo,
district, group and levels. Phone numbers, ID numbers, birth dates and workplaces never
leave the database here."""

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone

from deputies import selectors
from deputies.models import Deputy, DeputyGroup, DeputyStatus

PUBLIC_DEPUTY_FIELDS = ("pk", "name", "photo", "district")
RECEPTION_DAYS_SHOWN = 3


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def directory(request):
    groups = list(DeputyGroup.objects.only("pk", "name").order_by("name"))
    group_id = _int_or_none(request.GET.get("group"))
    deputies = selectors.with_current_group(
        Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).only(*PUBLIC_DEPUTY_FIELDS)
    )
    if group_id:
        deputies = deputies.filter(
            memberships__group_id=group_id, memberships__end_date__isnull=True
        )
    deputies = list(deputies.order_by("name"))
    for deputy in deputies:
        deputy.public_group = selectors.current_group(deputy)
    return render(
        request,
        "deputies/public_directory.html",
        {"deputies": deputies, "groups": groups, "group_id": group_id},
    )


def stations(request):
    today = timezone.localdate()
    station_list = selectors.stations_with_next_days(today, RECEPTION_DAYS_SHOWN)
    # Resident deputies by name only (the selector's prefetch reads whole rows; replace it).
    residents = Prefetch(
        "resident_deputies",
        queryset=Deputy.objects.filter(status=DeputyStatus.IN_OFFICE)
        .only("pk", "name")
        .order_by("name"),
        to_attr="public_residents",
    )
    prefetch_related_objects(station_list, residents)
    return render(
        request, "deputies/public_stations.html", {"stations": station_list, "today": today}
    )
