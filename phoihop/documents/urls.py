"""Routes of the document pages."""

from django.urls import path

from phoihop.documents import views

app_name = "documents"
urlpatterns = [
    path("cases/<uuid:case_id>/documents/", views.case_documents, name="case_documents"),
    path("cases/<uuid:case_id>/documents/generate/", views.generate, name="generate"),
    path("requests/<uuid:request_id>/documents/", views.request_upload, name="request_upload"),
    path("requests/<uuid:request_id>/documents/panel/", views.request_panel, name="request_panel"),
    path("persons/<uuid:person_id>/documents/panel/", views.person_panel, name="person_panel"),
    path("persons/<uuid:person_id>/documents/", views.person_upload, name="person_upload"),
    path("documents/<uuid:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:document_id>/download/", views.download, name="download"),
    path("documents/<uuid:document_id>/copies/", views.copy_add, name="copy_add"),
    path("documents/copies/<uuid:copy_id>/close/", views.copy_close, name="copy_close"),
    path("documents/<uuid:document_id>/sign/", views.paper_sign, name="paper_sign"),
    path("documents/<uuid:document_id>/compare/<uuid:other_id>/", views.paper_compare, name="paper_compare"),
    path("documents/<uuid:document_id>/issue/", views.paper_issue, name="paper_issue"),
    path("registers/templates/", views.template_admin, name="template_admin"),
    path("registers/formats/", views.formats, name="formats"),
    path("registers/<str:which>/", views.registers, name="registers"),
    path("registers/numbers/<uuid:number_id>/cancel/", views.number_cancel, name="number_cancel"),
]
