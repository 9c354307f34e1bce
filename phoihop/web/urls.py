"""Routes of the shell."""

from django.urls import path

from phoihop.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
