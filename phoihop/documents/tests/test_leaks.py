"""Generated leak tests for documents: a document is seen only by who may see what it is attached to, within
clearance — an officer without the clearance of a "Mật" document gets 404 for it everywhere."""

from __future__ import annotations

import uuid

import pytest

from phoihop.access.testing import COUNT, DETAIL, DOWNLOAD, LIST, SEARCH, Endpoint, LeakTests, Persona, who
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import partner_world
from phoihop.documents import services

pytestmark = pytest.mark.django_db

TITLE = "Biên bản Kín Đáo Chín"


def build_world(on_request: bool = False):
    world = partner_world()
    inspect, police = world["UBKT"], world["CA"]
    case = case_services.case_open(actor=world["owner"], title="Hồ sơ chung", participants=[inspect])
    req = case_services.request_send(actor=world["owner"], case=case, to_agency=police, kind="verify",
                                     body="Xác minh", days=10)  # fmt: skip
    target = services.document_add(actor=world["owner"], case=case, request=req if on_request else None,
                                   file_name="bb.txt", data=b"noi dung mat", title=TITLE, classification=1)  # fmt: skip
    return world, target


def doc(key):
    return key.split("/")[1]


def case(key):
    return key.split("/")[0]


ENDPOINTS = [
    Endpoint("ui-detail", DETAIL, lambda k, m: f"/documents/{doc(k)}/"),
    Endpoint("ui-download", DOWNLOAD, lambda k, m: f"/documents/{doc(k)}/download/"),
    Endpoint("ui-view", DOWNLOAD, lambda k, m: f"/documents/{doc(k)}/download/?inline=1"),
    Endpoint("api-download", DOWNLOAD, lambda k, m: f"/api/v1/documents/{doc(k)}/download/"),
    Endpoint("api-detail", DETAIL, lambda k, m: f"/api/v1/documents/{doc(k)}/"),
    Endpoint("ui-global-search", SEARCH, lambda pk, m: "/search/?q=kin+dao+chin"),
    Endpoint("api-global-search", SEARCH, lambda pk, m: "/api/v1/search/?q=kin+dao+chin"),
]


class DocumentTarget(LeakTests):
    """Documents are addressed by "case/document" (list endpoints need the case) and recognised by their title."""

    on_request = False

    def build(self):
        return build_world(on_request=self.on_request)

    def key(self, target):
        return f"{target.case_id}/{target.pk}"

    def missing_key(self, target):
        return f"{target.case_id}/{uuid.uuid4()}"

    def marker(self, target):
        return TITLE


class TestCaseDocumentLeaks(DocumentTarget):
    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("no-clearance-for-mat", sees=False, make=who("low")),
        Persona("auditor-not-content", sees=False, make=who("auditor")),
        Persona("admin-without-break-glass", sees=False, make=who("admin")),
        Persona("request-recipient-sees-no-case-paper", sees=False, make=who("recipient")),
        Persona("owner-agency", sees=True, make=who("owner")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        *ENDPOINTS,
        Endpoint("ui-case-documents", LIST, lambda k, m: f"/cases/{case(k)}/documents/"),
        Endpoint("api-case-documents", LIST, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
        Endpoint("api-case-documents-count", COUNT, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
    ]


class TestRequestDocumentLeaks(DocumentTarget):
    """A paper sent with a request reaches the receiving agency (within clearance), and nobody else outside."""

    personas = [
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("no-clearance-for-mat", sees=False, make=who("low")),
        Persona("request-recipient", sees=True, make=who("recipient")),
        Persona("owner-agency", sees=True, make=who("owner")),
    ]
    endpoints = ENDPOINTS
    on_request = True


class TestIncomingRegisterLeaks(DocumentTarget):
    """The incoming register lists papers other agencies sent to mine — and nothing else."""

    personas = [
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("no-clearance-for-mat", sees=False, make=who("low")),
        Persona("sender-is-not-receiver", sees=False, make=who("owner")),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [Endpoint("ui-incoming-register", LIST, lambda k, m: "/registers/incoming/")]
    on_request = True
