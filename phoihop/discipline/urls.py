from django.urls import path

from phoihop.discipline import views

app_name = "discipline"

urlpatterns = [
    path("discipline/", views.notice_list, name="list"),
    path("discipline/export/", views.notice_export, name="export"),
    path("discipline/new/", views.notice_new, name="new"),
    path("discipline/rules/", views.rules_page, name="rules"),
    path("discipline/<uuid:case_id>/record/", views.record, name="record"),
    path("discipline/<uuid:case_id>/acks/<int:ack_id>/", views.acknowledge, name="acknowledge"),
    path("discipline/<uuid:case_id>/appeal/", views.appeal, name="appeal"),
    path("discipline/<uuid:case_id>/appeal/decision/", views.appeal_decide, name="appeal_decide"),
    path("discipline/<uuid:case_id>/close/", views.close, name="close"),
]
