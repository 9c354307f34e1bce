"""Routes of the administration pages (/admin/)."""

from django.urls import path

from phoihop.core import views

app_name = "administration"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_edit, name="agency_create"),
    path("agencies/<uuid:agency_id>/", views.agency_edit, name="agency_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/export.<str:fmt>", views.user_export, name="user_export"),
    path("users/<uuid:user_id>/", views.user_detail, name="user_detail"),
    path("users/<uuid:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<uuid:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<uuid:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<uuid:user_id>/reset-mfa/", views.user_reset_mfa, name="user_reset_mfa"),
    path("users/<uuid:user_id>/tokens/", views.token_create, name="token_create"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("calendar/days/", views.calendar_day_add, name="calendar_day_add"),
    path("calendar/days/<uuid:day_id>/delete/", views.calendar_day_remove, name="calendar_day_remove"),
]
