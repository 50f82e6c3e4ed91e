"""The project's URLs: the congress app's pages, accounts, admin, and the other apps by name."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from congress import account_views, job_views, spreadsheet_views, views
from congress.forms import LoginForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/users/", account_views.account_list, name="account_list"),
    path("accounts/users/<int:pk>/reset/", account_views.password_reset, name="account_reset"),
    path("sessions/", views.SessionList.as_view(), name="session_list"),
    path("sessions/new/", views.SessionCreate.as_view(), name="session_create"),
    path("sessions/quorum/", views.session_quorum, name="session_quorum"),
    path("sessions/<int:pk>/", views.SessionDetail.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionEdit.as_view(), name="session_edit"),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingEdit.as_view(), name="meeting_edit"),
    path("township/", views.township, name="township"),
    path("township/edit/", views.TownshipEdit.as_view(), name="township_edit"),
    path("township/terms/new/", views.TermCreate.as_view(), name="term_create"),
    path("township/terms/<int:pk>/edit/", views.TermEdit.as_view(), name="term_edit"),
    path("township/presidium/new/", views.MemberCreate.as_view(), name="member_create"),
    path("township/presidium/<int:pk>/edit/", views.MemberEdit.as_view(), name="member_edit"),
    path("data/", spreadsheet_views.data_home, name="data_home"),
    path("data/<slug:name>/import/", spreadsheet_views.data_import, name="data_import"),
    path("data/<slug:name>/export/", spreadsheet_views.data_export, name="data_export"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/file/", job_views.job_file, name="job_file"),
    path("admin/", admin.site.urls),
    path("", include("deputies.urls")),
    path("", include("proposals.urls")),
    path("", include("elections.urls")),
    path("", include("assembly.urls")),
    path("", include("intake.urls")),
    path("", include("oversight.urls")),
    path("", include("reports.urls")),
]

handler403 = "congress.views.error_403"
handler404 = "congress.views.error_404"
handler500 = "congress.views.error_500"
