"""Routes of /api/v1/: the project assembles every app's API here (so no app imports another's views)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from phoihop.audit.api.views import AuditEventViewSet, AuditVerifyView
from phoihop.cases.api.views import CaseViewSet, RequestViewSet
from phoihop.consultations.api.views import ConsultationViewSet
from phoihop.core.api.views import AgencyViewSet, CalendarDayViewSet, CalendarDeadlineView, DocsView, MeView
from phoihop.discipline.api.views import NoticeViewSet
from phoihop.documents.api.views import (
    CaseDocumentsView,
    CaseTemplatesView,
    DocumentDetailView,
    DocumentDownloadView,
    GenerateView,
    IssueView,
    SignView,
)
from phoihop.letters.api.views import LetterViewSet, TransferViewSet
from phoihop.notify.api.views import NotificationViewSet
from phoihop.people.api.views import PartyUnitViewSet, PersonViewSet, RegistrationBasisViewSet
from phoihop.search.api.views import SearchView
from phoihop.vetting.api.views import BatchViewSet, DispatchViewSet, VettingViewSet

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("calendar/days", CalendarDayViewSet, basename="calendar-day")
router.register("cases", CaseViewSet, basename="case")
router.register("requests", RequestViewSet, basename="request")
router.register("letters/transfers", TransferViewSet, basename="letter-transfer")
router.register("letters", LetterViewSet, basename="letter")
router.register("vettings", VettingViewSet, basename="vetting")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("vetting-batches", BatchViewSet, basename="vetting-batch")
router.register("vetting-dispatches", DispatchViewSet, basename="vetting-dispatch")
router.register("discipline-notices", NoticeViewSet, basename="discipline-notice")
router.register("persons", PersonViewSet, basename="person")
router.register("party-units", PartyUnitViewSet, basename="party-unit")
router.register("registration-bases", RegistrationBasisViewSet, basename="registration-basis")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("audit/events", AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("users/me/", MeView.as_view(), name="users-me"),
    path("calendar/deadline/", CalendarDeadlineView.as_view(), name="calendar-deadline"),
    path("audit/verify/", AuditVerifyView.as_view(), name="audit-verify"),
    path("search/", SearchView.as_view(), name="search"),
    path("cases/<uuid:case_id>/documents/", CaseDocumentsView.as_view(), name="case-documents"),
    path("documents/<uuid:id>/", DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<uuid:id>/download/", DocumentDownloadView.as_view(), name="document-download"),
    path("cases/<uuid:case_id>/documents/templates/", CaseTemplatesView.as_view(), name="case-templates"),
    path("cases/<uuid:case_id>/documents/generate/", GenerateView.as_view(), name="case-documents-generate"),
    path("documents/<uuid:id>/sign/", SignView.as_view(), name="document-sign"),
    path("documents/<uuid:id>/issue/", IssueView.as_view(), name="document-issue"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
