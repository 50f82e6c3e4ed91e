from django.urls import path

from deputies.views import (
    activities,
    contacts,
    files,
    groups,
    own,
    petitions,
    public,
    roster,
    stations,
)

urlpatterns = [
    # The secretary's roster and records
    path("deputies/", roster.DeputyList.as_view(), name="deputy_list"),
    path("deputies/new/", roster.DeputyCreate.as_view(), name="deputy_create"),
    path("deputies/<int:pk>/", roster.DeputyDetail.as_view(), name="deputy_detail"),
    path("deputies/<int:pk>/edit/", roster.DeputyEdit.as_view(), name="deputy_edit"),
    path("deputies/<int:pk>/record/", own.deputy_record, name="deputy_record"),
    # The photo also shows on the public directory, so this one is not behind the login.
    path("deputies/<int:pk>/photo/", files.deputy_photo, name="deputy_photo"),
    path("groups/", groups.GroupList.as_view(), name="group_list"),
    path("groups/new/", groups.GroupCreate.as_view(), name="group_create"),
    path("groups/<int:pk>/", groups.GroupDetail.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", groups.GroupEdit.as_view(), name="group_edit"),
    path("stations/", stations.StationList.as_view(), name="station_list"),
    path("stations/new/", stations.StationCreate.as_view(), name="station_create"),
    path("stations/<int:pk>/", stations.StationDetail.as_view(), name="station_detail"),
    path("stations/<int:pk>/edit/", stations.StationEdit.as_view(), name="station_edit"),
    path("activities/", activities.ActivityList.as_view(), name="activity_list"),
    path("activities/new/", activities.ActivityCreate.as_view(), name="activity_create"),
    path("activities/<int:pk>/", activities.ActivityDetail.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.ActivityEdit.as_view(), name="activity_edit"),
    path("activities/files/<int:pk>/", files.activity_file, name="activity_file"),
    path("sessions/<int:pk>/attendance/", activities.session_attendance, name="session_attendance"),
    path("petitions/", petitions.PetitionList.as_view(), name="petition_list"),
    path("petitions/new/", petitions.PetitionCreate.as_view(), name="petition_create"),
    path("petitions/<int:pk>/", petitions.PetitionDetail.as_view(), name="petition_detail"),
    path("petitions/<int:pk>/edit/", petitions.PetitionEdit.as_view(), name="petition_edit"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    # A deputy's own pages (phone-first)
    path("me/", own.my_record, name="my_record"),
    path("me/contacts/new/", contacts.my_contact_create, name="my_contact_create"),
    # Public pages, no login
    path("public/deputies/", public.directory, name="public_directory"),
    path("public/stations/", public.stations, name="public_stations"),
]
