from django.urls import path

from assembly import views

urlpatterns = [
    path("agendas/", views.my_agendas, name="my_agendas"),
    path("sessions/<int:pk>/agenda/", views.session_agenda, name="session_agenda"),
    path("sessions/<int:pk>/agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path("sessions/<int:pk>/agenda/motions/", views.agenda_motions_add, name="agenda_motions_add"),
    path("agenda/<int:pk>/", views.agenda_item, name="agenda_item"),
    path("agenda/<int:pk>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda/<int:pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path("agenda/<int:pk>/documents/new/", views.agenda_document_add, name="agenda_document_add"),
    path("agenda/<int:pk>/vote/", views.agenda_vote, name="agenda_vote"),
    path("agenda/<int:pk>/vote/names/", views.agenda_vote_names, name="agenda_vote_names"),
    # Files, for whoever may open the session's agenda
    path("agenda/files/<int:pk>/", views.agenda_document, name="agenda_document"),
]
