"""Routes of the people pages."""

from django.urls import path

from phoihop.people import views

app_name = "people"
urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/import/", views.person_import, name="person_import"),
    path("persons/import/template.csv", views.import_template, name="import_template"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<uuid:person_id>/merge/", views.person_merge, name="person_merge"),
    path("persons/<uuid:person_id>/bases/add/", views.basis_add, name="basis_add"),
    path("persons/<uuid:person_id>/bases/end/", views.basis_end, name="basis_end"),
    path("persons/<uuid:person_id>/<str:what>/", views.dossier_add, name="dossier_add"),
    path("persons/merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("registry/bases/", views.registration_bases, name="registration_bases"),
    path("registry/bases/<uuid:basis_id>/", views.registration_bases, name="registration_basis_edit"),
    path("registry/review/", views.retention_review, name="retention_review"),
    path("registry/review/erase/", views.retention_start, name="retention_start"),
    path("registry/jobs/<uuid:job_id>/", views.retention_job, name="retention_job"),
    path("registry/identifiers/", views.identifier_holds, name="identifier_holds"),
    path("registry/identifiers/hold/", views.identifier_hold_open, name="identifier_hold_open"),
    path(
        "registry/identifiers/<uuid:hold_id>/resolve/",
        views.identifier_hold_resolve,
        name="identifier_hold_resolve",
    ),
]
