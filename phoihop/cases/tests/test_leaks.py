"""Generated leak tests: a non-participant agency cannot see the case anywhere; a partner that received a
request sees that request only; inside the owner agency a classified case is the team's and the leaders' only;
a co-handling agency sees the requests addressed to it, not another agency's, unless the owner shares them."""

from __future__ import annotations

import uuid

import pytest

from phoihop.access.testing import (
    COUNT,
    DETAIL,
    LIST,
    SEARCH,
    Endpoint,
    LeakTests,
    Persona,
    participant_other_agencys_answer,
    same_agency_not_on_team,
    who,
    write,
)
from phoihop.cases import services
from phoihop.core.tests.factories import partner_world

pytestmark = pytest.mark.django_db

ANSWER = "Trả Lời Riêng Chín Chín"


def build_world(*, answered: bool = False):
    """A "Mật" hub case (the hub's team threshold is Mật by default) co-handled with UBKT; its team is the
    lead officer and one assigned officer; a verification request goes to the Police, answered if asked."""
    world = partner_world()
    inspect, police = world["UBKT"], world["CA"]
    case = services.case_open(
        actor=world["owner"], title="Thẩm tra Kín Đáo 77", classification=1, participants=[inspect]
    )
    services.case_team_add(actor=world["leader"], case=case, user=world["member"])
    req = services.request_send(
        actor=world["owner"],
        case=case,
        to_agency=police,
        kind="verify",
        body="Xác minh nhân thân Yêu Cầu Riêng 88",
        days=10,
    )
    if answered:
        req = services.request_respond(actor=world["recipient"], req=req, response=ANSWER)
    world["request"] = req
    return world, case


COMMON = [
    Persona("anonymous", sees=False, make=lambda w: None),
    Persona("non-participant-agency", sees=False, make=who("outsider")),
    Persona("too-low-clearance", sees=False, make=who("low")),
    Persona("auditor-not-content", sees=False, make=who("auditor")),
    Persona("admin-without-break-glass", sees=False, make=who("admin")),
    same_agency_not_on_team(),
    Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    Persona("owner-agency-team-member", sees=True, make=who("member")),
    Persona("owner-agency-leader", sees=True, make=who("leader")),
]


class TestCaseLeaks(LeakTests):
    personas = [
        *COMMON,
        Persona("participant-agency", sees=True, make=who("participant")),
        Persona("request-recipient-sees-no-case", sees=False, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/cases/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/cases/?q=77"),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/cases/{pk}/"),
        Endpoint("ui-case-documents", DETAIL, lambda pk, m: f"/cases/{pk}/documents/"),
        Endpoint("ui-timeline", DETAIL, lambda pk, m: f"/cases/{pk}/timeline/"),
        Endpoint("ui-global-search", SEARCH, lambda pk, m: "/search/?q=kin+dao+77"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/cases/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/v1/cases/?q=77"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/cases/?q=77"),
        Endpoint("api-global-search", SEARCH, lambda pk, m: "/api/v1/search/?q=kin+dao+77"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/"),
        Endpoint("api-events", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/events/"),
        Endpoint("api-transitions", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/transitions/"),
        Endpoint("api-requests", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/requests/"),
        Endpoint("api-documents", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/documents/"),
        Endpoint("api-team", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/team/"),
    ]

    def build(self):
        return build_world()

    def marker(self, target):
        return "Thẩm tra Kín Đáo 77"


class TestRequestLeaks(LeakTests):
    """The request to the Police: its agency and the owner's team see it; the co-handling UBKT does not (it
    was not addressed to UBKT and is not shared); a hub colleague outside the team does not."""

    personas = [
        *COMMON,
        participant_other_agencys_answer(),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/requests/{pk}/"),
        Endpoint("ui-documents-panel", DETAIL, lambda pk, m: f"/requests/{pk}/documents/panel/"),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return "Yêu Cầu Riêng 88"


class AnswerTarget(LeakTests):
    """An answered request addressed "case/request" (list
    endpoints need the case), recognised by its answer."""

    def build(self):
        world, _case = build_world(answered=True)
        return world, world["request"]

    def key(self, target):
        return f"{target.case_id}/{target.pk}"

    def missing_key(self, target):
        return f"{target.case_id}/{uuid.uuid4()}"

    def marker(self, target):
        return ANSWER


def case_of(key):
    return key.split("/")[0]


def request_of(key):
    return key.split("/")[1]


ANSWER_PERSONAS = [
    participant_other_agencys_answer(),
    same_agency_not_on_team(),
    Persona("non-participant-agency", sees=False, make=who("outsider")),
    Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    Persona("owner-agency-team-member", sees=True, make=who("member")),
    Persona("request-recipient", sees=True, make=who("recipient")),
]


class TestAnswerLeaks(AnswerTarget):
    personas = ANSWER_PERSONAS
    endpoints = [
        Endpoint("ui-request-detail", DETAIL, lambda k, m: f"/requests/{request_of(k)}/"),
        Endpoint("ui-request-page-text", LIST, lambda k, m: f"/requests/{request_of(k)}/"),
        Endpoint(
            "ui-request-documents-panel", DETAIL, lambda k, m: f"/requests/{request_of(k)}/documents/panel/"
        ),
    ]


class TestAnswerInCaseListsLeaks(AnswerTarget):
    """Where a case's requests are listed (the case page, the API's requests and timeline of the case): a
    participant sees the case, but not the Police's request, answer or the timeline lines about them."""

    personas = [
        p for p in ANSWER_PERSONAS if p.name != "request-recipient"
    ]  # the Police does not see the case
    endpoints = [
        Endpoint("api-case-requests", LIST, lambda k, m: f"/api/v1/cases/{case_of(k)}/requests/"),
        Endpoint(
            "api-case-requests-link",
            LIST,
            lambda k, m: f"/api/v1/cases/{case_of(k)}/requests/",
            visible=lambda r, m: r.status_code == 200 and '"to_agency":"CA"' in r.content.decode(),
        ),
        Endpoint(
            "ui-case-requests-table",
            LIST,
            lambda k, m: f"/cases/{case_of(k)}/",
            visible=lambda r, m: r.status_code == 200 and '">CA</a></td>' in r.content.decode(),
        ),
        Endpoint(
            "ui-case-timeline",
            LIST,
            lambda k, m: f"/cases/{case_of(k)}/",
            visible=lambda r, m: r.status_code == 200 and "CA đã trả lời yêu cầu" in r.content.decode(),
        ),
        Endpoint(
            "api-case-events",
            LIST,
            lambda k, m: f"/api/v1/cases/{case_of(k)}/events/",
            visible=lambda r, m: r.status_code == 200 and "CA đã trả lời yêu cầu" in r.content.decode(),
        ),
    ]


class TestSharedAnswerLeaks(AnswerTarget):
    """Once the owner shares the answered request, the co-handling agency reads it — and still nobody else."""

    personas = [
        Persona("participant-after-sharing", sees=True, make=who("participant")),
        same_agency_not_on_team(),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-request-detail", DETAIL, lambda k, m: f"/requests/{request_of(k)}/"),
        Endpoint("ui-request-page-text", LIST, lambda k, m: f"/requests/{request_of(k)}/"),
        Endpoint("api-case-requests", LIST, lambda k, m: f"/api/v1/cases/{case_of(k)}/requests/"),
    ]

    def build(self):
        world, req = super().build()
        return world, services.request_share(actor=world["owner"], req=req)


class TestRequestInboxLeaks(LeakTests):
    """The inbox and the home page list a request only for the agency it is addressed to."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-is-not-recipient", sees=False, make=who("owner")),
        participant_other_agencys_answer(),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("ui-inbox", LIST, lambda pk, m: "/requests/"),
        Endpoint(
            "ui-home-queue",
            LIST,
            lambda pk, m: "/",
            visible=lambda r, m: r.status_code == 200 and m in r.content.decode(),
        ),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return f"/requests/{target.pk}/"


class TestRequestApiLeaks(LeakTests):
    """The API inbox lists only requests addressed to the caller's agency."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-is-not-recipient", sees=False, make=who("owner")),
        participant_other_agencys_answer(),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("api-inbox", LIST, lambda pk, m: "/api/v1/requests/"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/requests/?open=true"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/requests/{pk}/"),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return "Yêu Cầu Riêng 88"


# --- Writes: whoever may not see the case or the request is
# refused as if it did not exist, and nothing changes ---
def _missing(pk, m):
    return uuid.uuid4()


class TestCaseWriteLeaks(LeakTests):
    """Every page and API write on a case, and its edit page: the case's outsiders get the answer for a case
    that does not exist (the co-handling agency reads the case but does not edit it: its edit page is a 404
    too)."""

    personas = [
        *(p for p in COMMON if not p.sees),
        Persona("request-recipient-sees-no-case", sees=False, make=who("recipient")),
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-edit", DETAIL, lambda pk, m: f"/cases/{pk}/edit/"),
        write("ui-edit-post", lambda pk, m: f"/cases/{pk}/edit/", title="Đổi tên", version="1"),
        write("ui-subject-add", lambda pk, m: f"/cases/{pk}/subjects/", person=str(uuid.uuid4())),
        write("ui-link", lambda pk, m: f"/cases/{pk}/link/", number="HS-1"),
        write("ui-team-add", lambda pk, m: f"/cases/{pk}/team/", user=str(uuid.uuid4())),
        write("ui-team-remove", lambda pk, m: f"/cases/{pk}/team/{_missing(pk, m)}/remove/"),
        write("ui-transition", lambda pk, m: f"/cases/{pk}/transition/", transition="conclude"),
        write("ui-request-send", lambda pk, m: f"/cases/{pk}/requests/", body="Xác minh", days="10"),
        write("ui-deadline-extend", lambda pk, m: f"/cases/{pk}/deadline/extend/", days="5", reason="Lý do"),
        write("ui-deadline-pause", lambda pk, m: f"/cases/{pk}/deadline/pause/", reason="Lý do"),
        write("ui-documents-upload", lambda pk, m: f"/cases/{pk}/documents/", title="Tệp"),
        Endpoint("ui-generate", DETAIL, lambda pk, m: f"/cases/{pk}/documents/generate/"),
        write("ui-generate-post", lambda pk, m: f"/cases/{pk}/documents/generate/", kind="report"),
        write("api-extend", lambda pk, m: f"/api/v1/cases/{pk}/extend/", days=5, reason="Lý do"),
        write("api-pause", lambda pk, m: f"/api/v1/cases/{pk}/pause/", reason="Lý do"),
        write("api-resume", lambda pk, m: f"/api/v1/cases/{pk}/resume/", reason="Lý do"),
        write(
            "api-request-send", lambda pk, m: f"/api/v1/cases/{pk}/requests/", to_agency="CA", body="Xác minh"
        ),
        write("api-team-add", lambda pk, m: f"/api/v1/cases/{pk}/team/", username="chuyenvien"),
        write("api-team-remove", lambda pk, m: f"/api/v1/cases/{pk}/team/tv.btc/", method="DELETE"),
        write("api-transition", lambda pk, m: f"/api/v1/cases/{pk}/transitions/", transition="conclude"),
        write("api-documents-upload", lambda pk, m: f"/api/v1/cases/{pk}/documents/", title="Tệp"),
    ]

    def build(self):
        return build_world()

    def marker(self, target):
        return "Thẩm tra Kín Đáo 77"


class TestRequestWriteLeaks(LeakTests):
    """Every page and API write on a request: who may not see it (the co-handling agency it was not addressed
    to included) is refused as if it did not exist."""

    personas = [p for p in TestRequestLeaks.personas if not p.sees]
    endpoints = [
        write("ui-respond", lambda pk, m: f"/requests/{pk}/", response="Trả lời"),
        write("ui-share", lambda pk, m: f"/requests/{pk}/share/"),
        write("ui-extend", lambda pk, m: f"/requests/{pk}/extend/", days="5", reason="Lý do"),
        write("ui-withdraw", lambda pk, m: f"/requests/{pk}/withdraw/", reason="Lý do"),
        write("ui-documents-upload", lambda pk, m: f"/requests/{pk}/documents/", title="Tệp"),
        write("api-respond", lambda pk, m: f"/api/v1/requests/{pk}/respond/", response="Trả lời"),
        write("api-share", lambda pk, m: f"/api/v1/requests/{pk}/share/"),
        write("api-extend", lambda pk, m: f"/api/v1/requests/{pk}/extend/", days=5, reason="Lý do"),
        write("api-pause", lambda pk, m: f"/api/v1/requests/{pk}/pause/", reason="Lý do"),
        write("api-resume", lambda pk, m: f"/api/v1/requests/{pk}/resume/", reason="Lý do"),
        write("api-withdraw", lambda pk, m: f"/api/v1/requests/{pk}/withdraw/", reason="Lý do"),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return "Yêu Cầu Riêng 88"
