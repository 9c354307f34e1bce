"""Routes of the case pages."""

from django.urls import path

from phoihop.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<uuid:case_id>/timeline/", views.case_timeline, name="case_timeline"),
    path("cases/<uuid:case_id>/subjects/", views.case_subject_add, name="case_subject_add"),
    path("cases/<uuid:case_id>/link/", views.case_link, name="case_link"),
    path("cases/<uuid:case_id>/team/", views.case_team_add, name="case_team_add"),
    path("cases/<uuid:case_id>/team/<uuid:user_id>/remove/", views.case_team_remove, name="case_team_remove"),
    path("cases/<uuid:case_id>/transition/", views.case_transition, name="case_transition"),
    path("cases/<uuid:case_id>/requests/", views.request_send, name="request_send"),
    path(
        "cases/<uuid:case_id>/deadline/<str:what>/", views.case_deadline_manage, name="case_deadline_manage"
    ),
    path("rules/deadlines/", views.deadline_rules, name="deadline_rules"),
    path("requests/", views.request_inbox, name="request_inbox"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:request_id>/share/", views.request_share, name="request_share"),
    path("requests/<uuid:request_id>/<str:what>/", views.request_manage, name="request_manage"),
]
