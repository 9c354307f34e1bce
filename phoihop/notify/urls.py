"""Routes of the notifications page."""

from django.urls import path

from phoihop.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read_all, name="read_all"),
]
