from django.urls import path

from phoihop.consultations import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/export.xlsx", views.consultation_export, name="export"),
    path("consultations/new/", views.consultation_new, name="new"),
    path("consultations/types/", views.types_page, name="types"),
    path("consultations/<uuid:case_id>/answer/", views.answer, name="answer"),
    path("consultations/<uuid:case_id>/decide/", views.decide, name="decide"),
]
