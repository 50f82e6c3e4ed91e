from django.urls import path

from intake.views import codes, handling, public

urlpatterns = [
    # The voter's pages, no login (short addresses: they are printed under the QR codes)
    path("v/t/", public.track_lookup, name="intake_track_lookup"),
    path("v/t/<str:code>/", public.track, name="intake_track"),
    path("v/t/<str:code>/rate/", public.track_rate, name="intake_track_rate"),
    path("v/<str:token>/", public.public_form, name="intake_public"),
    path("v/<str:token>/sent/<str:code>/", public.public_sent, name="intake_sent"),
    # Handling
    path("opinions/", handling.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", handling.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/photo/", handling.opinion_photo, name="opinion_photo"),
    path("opinions/<int:pk>/<slug:step>/", handling.opinion_step, name="opinion_step"),
    # Codes
    path("opinion-codes/", codes.code_list, name="code_list"),
    path("opinion-codes/new/", codes.codes_generate, name="codes_generate"),
    path("opinion-codes/sheet/", codes.codes_sheet, name="codes_sheet"),
    path("opinion-codes/<int:pk>/regenerate/", codes.code_regenerate, name="code_regenerate"),
    path("opinion-codes/<int:pk>/qr.svg", codes.code_svg, name="code_svg"),
    path("opinion-codes/<int:pk>/qr.png", codes.code_png, name="code_png"),
    path("opinion-codes/<int:pk>/poster.pdf", codes.code_poster, name="code_poster"),
    path("me/code/", codes.my_code, name="my_code"),
]
