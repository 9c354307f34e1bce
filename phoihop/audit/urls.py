"""Routes of the auditor pages (/audit/)."""

from django.urls import path

from phoihop.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list_view, name="event_list"),
    path("events/<int:seq>/", views.event_detail, name="event_detail"),
    path("export.<str:fmt>", views.event_export, name="event_export"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("verify/", views.verify_view, name="verify"),
]
