from django.urls import path

from oversight import views

urlpatterns = [
    path("oversight/projects/", views.project_years, name="project_years"),
    path("oversight/projects/new/", views.project_year_create, name="project_year_create"),
    path("oversight/projects/<int:pk>/", views.project_year, name="project_year"),
    path("oversight/projects/<int:pk>/edit/", views.project_year_edit, name="project_year_edit"),
    path(
        "oversight/projects/<int:pk>/candidates/new/",
        views.project_create,
        name="project_create",
    ),
    path("oversight/projects/<int:pk>/vote/", views.project_vote, name="project_vote"),
    path("oversight/project/<int:pk>/", views.project_detail, name="project_detail"),
    path("oversight/project/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path(
        "oversight/project/<int:pk>/milestones/new/",
        views.project_milestone_add,
        name="project_milestone_add",
    ),
    path("oversight/project/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path(
        "oversight/project/<int:pk>/inspections/new/",
        views.project_inspection_add,
        name="project_inspection_add",
    ),
    path(
        "oversight/project/<int:pk>/problems/new/",
        views.project_problem_add,
        name="project_problem_add",
    ),
    path("oversight/project/<int:pk>/rating/", views.project_rating, name="project_rating"),
    path("oversight/project/<int:pk>/complete/", views.project_complete, name="project_complete"),
    path("oversight/problems/<int:pk>/rectify/", views.problem_rectify, name="problem_rectify"),
    path("public/projects/", views.public_projects, name="public_projects"),
    path("oversight/evaluations/", views.evaluation_list, name="evaluation_list"),
    path("oversight/evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("oversight/evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("oversight/evaluations/<int:pk>/edit/", views.evaluation_edit, name="evaluation_edit"),
    path(
        "oversight/evaluations/<int:pk>/items/new/",
        views.evaluation_item_add,
        name="evaluation_item_add",
    ),
    path(
        "oversight/evaluations/<int:pk>/offices/new/",
        views.evaluation_office_add,
        name="evaluation_office_add",
    ),
    path("oversight/offices/<int:pk>/", views.evaluated_office, name="evaluated_office"),
    path(
        "oversight/offices/<int:pk>/result/",
        views.evaluated_office_result,
        name="evaluated_office_result",
    ),
    path(
        "oversight/offices/<int:pk>/problems/new/",
        views.office_problem_add,
        name="office_problem_add",
    ),
    path("oversight/ratings/", views.rating_list, name="rating_list"),
    path("oversight/ratings/new/", views.rating_create, name="rating_create"),
    path("oversight/ratings/<int:pk>/edit/", views.rating_edit, name="rating_edit"),
    path("oversight/ratings/weights/", views.rating_weights, name="rating_weights"),
    path("oversight/my-ratings/", views.my_ratings, name="my_ratings"),
    path("oversight/my-office/", views.unit_oversight, name="unit_oversight"),
]
