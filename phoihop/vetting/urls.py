from django.urls import path

from phoihop.vetting import views

app_name = "vetting"

urlpatterns = [
    path("vetting/", views.vetting_list, name="list"),
    path("vetting/new/", views.vetting_new, name="new"),
    path("vetting/rules/", views.rules_page, name="rules"),
    path("vetting/batches/", views.batch_list, name="batches"),
    path("vetting/batches/template.csv", views.batch_template, name="batch_template"),
    path("vetting/batches/<uuid:batch_id>/", views.batch_view, name="batch"),
    path("vetting/batches/<uuid:batch_id>/progress/", views.batch_progress, name="batch_progress"),
    path("vetting/batches/<uuid:batch_id>/export/", views.batch_export, name="batch_export"),
    path("vetting/dispatches/", views.dispatch_list, name="dispatches"),
    path("vetting/dispatches/<uuid:dispatch_id>/", views.dispatch_view, name="dispatch"),
    path("vetting/<uuid:case_id>/dossier/<int:item_id>/", views.dossier_set, name="dossier_set"),
    path("vetting/<uuid:case_id>/findings/", views.finding_add, name="finding_add"),
    path(
        "vetting/<uuid:case_id>/findings/<uuid:finding_id>/explanations/",
        views.explanation_add,
        name="explanation_add",
    ),
    path("vetting/<uuid:case_id>/verifiers/", views.verifier_add, name="verifier_add"),
    path("vetting/<uuid:case_id>/appraise/", views.appraise, name="appraise"),
    path("vetting/<uuid:case_id>/approve/", views.approve, name="approve"),
    path("vetting/<uuid:case_id>/decision/", views.decision, name="decision"),
    path("vetting/<uuid:case_id>/reuse/", views.reuse, name="reuse"),
]
