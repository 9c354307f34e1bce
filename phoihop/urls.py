"""Root URL map."""

from django.urls import include, path

from phoihop.core import views as core_views
from phoihop.web import views as web_views

urlpatterns = [
    path("", include("phoihop.web.urls")),
    # Passwords are reset by an administrator (audited), never by an e-mail link.
    path("accounts/password/reset/", web_views.password_reset_by_admin, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    path("admin/", include("phoihop.core.urls")),
    path("audit/", include("phoihop.audit.urls")),
    path("calendar/", core_views.calendar_page, name="calendar"),
    path("", include("phoihop.documents.urls")),  # before cases and people: their catch-all sub-paths
    path("", include("phoihop.letters.urls")),
    path("", include("phoihop.vetting.urls")),
    path("", include("phoihop.discipline.urls")),
    path("", include("phoihop.consultations.urls")),
    path("", include("phoihop.cases.urls")),
    path("", include("phoihop.people.urls")),
    path("", include("phoihop.search.urls")),
    path("notifications/", include("phoihop.notify.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(("phoihop.api_urls", "api"), namespace="api")),
]

handler400 = web_views.bad_request
handler403 = web_views.permission_denied
handler404 = web_views.not_found
handler500 = web_views.server_error
