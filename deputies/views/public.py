"""Public pages, no login: the deputy directory and the liaison stations' reception days.

Only what a deputy's public role needs is read from the database at all: name, photo,
district, group and levels. Phone numbers, ID numbers, birth dates and workplaces never
leave the database here."""

from django.shortcuts import render
from django.utils import timezone

from congress.query import query_int
from deputies import selectors
from deputies.models import DeputyGroup

RECEPTION_DAYS_SHOWN = 3


def directory(request):
    groups = list(DeputyGroup.objects.only("pk", "name").order_by("name"))
    group_id = query_int(request.GET, "group")
    deputies = selectors.public_directory(group_id=group_id)
    return render(
        request,
        "deputies/public_directory.html",
        {
            "deputies": deputies,
            "groups": groups,
            "group_id": group_id,
            "headcount": selectors.headcount(timezone.localdate()),
        },
    )


def stations(request):
    today = timezone.localdate()
    station_list = selectors.public_stations(today, RECEPTION_DAYS_SHOWN)
    return render(
        request, "deputies/public_stations.html", {"stations": station_list, "today": today}
    )
