"""Generated leak tests for documents: a document is seen only by who may see what it is attached to, within
clearance — an officer without the clearance of a "Mật" document gets 404 for it everywhere, a hub colleague
outside a classified case's team gets 404 for the case's papers, and a co-handling agency does not see the
papers of a request addressed to another agency (nor its reply) unless the owner shares them."""

from __future__ import annotations

import uuid

import pytest

from phoihop.access.testing import (
    COUNT,
    DETAIL,
    DOWNLOAD,
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
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import partner_world
from phoihop.documents import services

pytestmark = pytest.mark.django_db

TITLE = "Biên bản Kín Đáo Chín"


def build_world(on_request: bool = False, *, case_level: int = 0, reply: bool = False, shared: bool = False):
    """A hub case co-handled with UBKT (classified `case_level`; from Mật it is its team's only: the lead
    officer and one assigned officer), a request to the Police, and a "Mật" paper on the case, on the request,
    or on the Police's reply (then answered, and shared with UBKT if asked)."""
    world = partner_world()
    inspect, police = world["UBKT"], world["CA"]
    case = case_services.case_open(
        actor=world["owner"], title="Hồ sơ chung", participants=[inspect], classification=case_level
    )
    case_services.case_team_add(actor=world["owner"], case=case, user=world["member"])
    req = case_services.request_send(
        actor=world["owner"],
        case=case,
        to_agency=police,
        kind="verify",
        body="Xác minh",
        days=10,
        classification=1,
    )
    if reply:
        target = services.document_add(
            actor=world["recipient"],
            request=req,
            is_reply=True,
            file_name="tl.txt",
            data=b"noi dung tra loi",
            title=TITLE,
            classification=1,
        )
        req = case_services.request_respond(actor=world["recipient"], req=req, response="Đã xác minh.")
        if shared:
            case_services.request_share(actor=world["owner"], req=req)
        return world, target
    target = services.document_add(
        actor=world["owner"],
        case=case,
        request=req if on_request else None,
        file_name="bb.txt",
        data=b"noi dung mat",
        title=TITLE,
        classification=1,
    )
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
    """Documents are addressed by "case/document" (list endpoints
    need the case) and recognised by their title."""

    on_request = False
    case_level = 0
    reply = False
    shared = False

    def build(self):
        return build_world(self.on_request, case_level=self.case_level, reply=self.reply, shared=self.shared)

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
        Persona("owner-agency-colleague-of-an-unclassified-case", sees=True, make=who("colleague")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        *ENDPOINTS,
        Endpoint("ui-case-documents", LIST, lambda k, m: f"/cases/{case(k)}/documents/"),
        Endpoint("api-case-documents", LIST, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
        Endpoint("api-case-documents-count", COUNT, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
    ]


class TestClassifiedCaseDocumentLeaks(DocumentTarget):
    """The papers of a "Mật" case are its team's and the owner agency leaders' only."""

    personas = [
        same_agency_not_on_team(),
        Persona("no-clearance-for-mat", sees=False, make=who("low")),
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-team-member", sees=True, make=who("member")),
        Persona("owner-agency-leader", sees=True, make=who("leader")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        *ENDPOINTS[:6],
        Endpoint("ui-case-documents", DETAIL, lambda k, m: f"/cases/{case(k)}/documents/"),
        Endpoint("api-case-documents", DETAIL, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
    ]
    case_level = 1


class TestRequestDocumentLeaks(DocumentTarget):
    """A paper sent with a request reaches the receiving agency (within clearance), and nobody else outside —
    not even the case's co-handling agency, to which the request was not addressed."""

    personas = [
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("no-clearance-for-mat", sees=False, make=who("low")),
        participant_other_agencys_answer(),
        Persona("request-recipient", sees=True, make=who("recipient")),
        Persona("owner-agency", sees=True, make=who("owner")),
    ]
    endpoints = ENDPOINTS
    on_request = True


class TestClassifiedRequestDocumentLeaks(TestRequestDocumentLeaks):
    """The same paper in a "Mật" case: outside the team, the owner agency does not see it either."""

    personas = [
        same_agency_not_on_team(),
        participant_other_agencys_answer(),
        Persona("owner-agency-team-member", sees=True, make=who("member")),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    case_level = 1


REPLY_ENDPOINTS = [
    *ENDPOINTS,
    Endpoint(
        "ui-request-documents-panel", LIST, lambda k, m: f"/requests/{k.split('/')[2]}/documents/panel/"
    ),
]


class ReplyTarget(DocumentTarget):
    """A paper of the Police's reply, addressed "case/document/request"."""

    reply = True
    case_level = 1

    def key(self, target):
        return f"{target.case_id}/{target.pk}/{target.request_id}"

    def missing_key(self, target):
        return f"{target.case_id}/{uuid.uuid4()}/{target.request_id}"


class TestReplyDocumentLeaks(ReplyTarget):
    """Another agency's answer stays with the owner's team and the agency that answered."""

    personas = [
        participant_other_agencys_answer(),
        same_agency_not_on_team(),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-team-member", sees=True, make=who("member")),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = REPLY_ENDPOINTS


class TestSharedReplyDocumentLeaks(ReplyTarget):
    """Shared by the owner, the reply's papers reach the co-handling agency — and nobody else."""

    personas = [
        Persona("participant-after-sharing", sees=True, make=who("participant")),
        same_agency_not_on_team(),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
    ]
    endpoints = REPLY_ENDPOINTS
    shared = True


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


class TestDocumentWriteLeaks(DocumentTarget):
    """Every write on a case's paper, its copies and its number: whoever may not see the paper is refused as
    if it did not exist, and nothing changes. Addressed "case/document/copy/number"."""

    personas = [p for p in TestCaseDocumentLeaks.personas if not p.sees]
    endpoints = [
        write("ui-version-add", lambda k, m: f"/documents/{k.split('/')[1]}/"),
        write("ui-copy-add", lambda k, m: f"/documents/{k.split('/')[1]}/copies/", recipient="UBKT"),
        write(
            "ui-copy-close",
            lambda k, m: f"/documents/copies/{k.split('/')[2]}/close/",
            destroyed="on",
            minutes="Biên bản hủy số 1",
        ),
        write(
            "ui-number-cancel",
            lambda k, m: f"/registers/numbers/{k.split('/')[3]}/cancel/",
            reason="Cấp nhầm số",
        ),
    ]

    def build(self):
        world, document = super().build()
        document.copy = services.copy_record(actor=world["owner"], document=document, recipient=world["UBKT"])
        document.issued = services.number_issue(
            actor=world["owner"], doc_type="TB", subject="Thông báo", document=document
        )
        return world, document

    def key(self, target):
        return f"{target.case_id}/{target.pk}/{target.copy.pk}/{target.issued.pk}"

    def missing_key(self, target):
        return f"{target.case_id}/{uuid.uuid4()}/{uuid.uuid4()}/{uuid.uuid4()}"


# --- generated papers (issue 16): a draft is its drafting agency's own until issued
def build_paper_world(*, signed: bool = False):
    """The hub drafts a Mật-free công văn on a case co-handled with UBKT (the participant sees the case, not
    the draft); `signed`: a leader of the hub has signed it, waiting for the clerk."""
    world = partner_world()
    case = case_services.case_open(
        actor=world["owner"], title="Hồ sơ chung", participants=[world["UBKT"]], classification=0
    )
    draft = services.document_generate(
        actor=world["owner"],
        case=case,
        template="cong_van",
        regime="party",
        subject_line=TITLE,
        body="Nội dung dự thảo.",
        recipients=["Như trên"],
        parent_issuer="Đảng bộ tỉnh",
        place="Sơn Hà",
    )
    if signed:
        services.document_sign(actor=world["leader"], document=draft, signer_title="Trưởng ban")
    return world, draft


class PaperTarget(DocumentTarget):
    signed = False

    def build(self):
        return build_paper_world(signed=self.signed)


class TestDraftLeaks(PaperTarget):
    """The draft and the case's templates: the drafting agency sees them; the co-handling agency sees the case
    but not the draft; nobody else sees either."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("participant-agency-before-issue", sees=False, make=who("participant")),
        Persona("request-recipient", sees=False, make=who("recipient")),
        Persona("owner-agency", sees=True, make=who("owner")),
    ]
    endpoints = [
        *ENDPOINTS[:5],
        Endpoint("api-case-documents", LIST, lambda k, m: f"/api/v1/cases/{case(k)}/documents/"),
        Endpoint("ui-compare", DETAIL, lambda k, m: f"/documents/{doc(k)}/compare/{doc(k)}/"),
    ]


class TestCaseTemplatesLeaks(PaperTarget):
    """The templates a case offers are listed to whoever sees the case (recognised by a template's name)."""

    personas = [
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("request-recipient", sees=False, make=who("recipient")),
        Persona("participant-agency", sees=True, make=who("participant")),
        Persona("owner-agency", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("api-case-templates", DETAIL, lambda k, m: f"/api/v1/cases/{case(k)}/documents/templates/")
    ]

    def marker(self, target):
        return "de_nghi_xac_minh"


class TestPaperWriteLeaks(PaperTarget):
    """Drafting on a case, signing and issuing a paper: refused as if it did not exist to whoever may not
    change it — the co-handling agency included — and nothing changes."""

    signed = True
    personas = [
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("participant-agency", sees=False, make=who("participant")),
        Persona("request-recipient", sees=False, make=who("recipient")),
    ]
    endpoints = [
        write("ui-paper-sign", lambda k, m: f"/documents/{doc(k)}/sign/", signer_title="Trưởng ban"),
        write("ui-paper-issue", lambda k, m: f"/documents/{doc(k)}/issue/"),
        write("api-paper-sign", lambda k, m: f"/api/v1/documents/{doc(k)}/sign/", signer_title="Trưởng ban"),
        write("api-paper-issue", lambda k, m: f"/api/v1/documents/{doc(k)}/issue/"),
        write(
            "api-generate",
            lambda k, m: f"/api/v1/cases/{case(k)}/documents/generate/",
            template="cong_van",
            regime="party",
            parent_issuer="Đảng bộ tỉnh",
            place="Sơn Hà",
            subject_line="Công văn thử",
            body="Nội dung.",
        ),
    ]
