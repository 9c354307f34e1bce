"""Route of the global search page."""

from django.urls import path

from phoihop.search import views

app_name = "search"
urlpatterns = [path("search/", views.search_page, name="search")]
