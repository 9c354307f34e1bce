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
    path("persons/<uuid:person_id>/<str:what>/", views.dossier_add, name="dossier_add"),
    path("persons/merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("units/", views.unit_tree, name="unit_tree"),
]
