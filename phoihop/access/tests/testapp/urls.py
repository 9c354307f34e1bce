"""The project's URLs plus the test dossier's (used with pytest's `urls` marker)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from phoihop.access.tests.testapp import views
from phoihop.urls import urlpatterns as project_urlpatterns

router = DefaultRouter()
router.register("dossiers", views.DossierViewSet, basename="dossier")

urlpatterns = [
    path("t/dossiers/", views.dossier_list),
    path("t/dossiers/count", views.dossier_count),
    path("t/dossiers/export.csv", views.dossier_export),
    path("t/dossiers/<str:pk>/", views.dossier_detail),
    path("t/dossiers/<str:pk>/download", views.dossier_download),
    path("t/dossiers/<str:pk>/read-then-fail", views.dossier_read_then_fail),
    path("api/t/", include(router.urls)),
    *project_urlpatterns,
]
