"""Generated leak tests of letters (access/testing.py): a letter's allegations are seen only by who sees its
case, on the register, its export, the letter panel and every `letters/` API; and the writer's identity is
seen by nobody on any of them — not the owner agency, not its leader, not the vault keeper — only on the
vault's own answer (tested in test_vault_pages.py). The case-level generated tests
(cases/tests/test_kind_leaks.py) cover the letter as a case."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from phoihop.access.testing import (
    COUNT,
    DETAIL,
    DOWNLOAD,
    EXPORT,
    LIST,
    Endpoint,
    LeakTests,
    Persona,
    same_agency_not_on_team,
    who,
    write,
)
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory, partner_world

pytestmark = pytest.mark.django_db

MARK = "Đơn Riêng 5151"  # in the letter's title (lists) and its allegation (records)
ALLEGATION = f"Nội dung {MARK} về tuyển dụng"
TITLE = f"Đơn tố cáo {MARK}"
WRITER = "Người Viết Kín Đáo 7373"
FAKE = "00000000-0000-4000-8000-000000000001"  # an allegation or match id: refused before it is looked up


def build(scan: Any = None) -> tuple[dict[str, Any], Any]:
    world = partner_world()
    world["keeper"] = UserFactory(
        username="kho.btc", agency=world["BTC"], roles=["clerk", "vault"], clearance=1
    )
    case = case_services.case_open(
        actor=world["owner"],
        kind="letter",
        title=TITLE,
        classification=1,
        participants=[world["UBKT"]],
        details={
            "channel": "post",
            "received_on": "2026-11-20",
            "letter_type": "denunciation",
            "regime": "party",
            "identity_status": "named",
            "signatories": 1,
            "allegations": [ALLEGATION],
            "writers": [{"name": WRITER, "address": "Ngõ Kín 1", "contact": "0988 737373"}],
            "scan": scan,
        },
    )
    case_services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="Xác minh giúp", days=10
    )
    return world, case


OUTSIDERS = [
    Persona("anonymous", sees=False, make=lambda w: None),
    Persona("non-participant-agency", sees=False, make=who("outsider")),
    Persona("too-low-clearance", sees=False, make=who("low")),
    Persona("auditor-not-content", sees=False, make=who("auditor")),
    Persona("admin-without-break-glass", sees=False, make=who("admin")),
    same_agency_not_on_team(),
    Persona("request-recipient-sees-no-letter", sees=False, make=who("recipient")),
]

ENDPOINTS = [
    Endpoint("ui-register", LIST, lambda pk, m: reverse("letters:register")),
    Endpoint("ui-register-xlsx", EXPORT, lambda pk, m: reverse("letters:register") + "?format=xlsx"),
    Endpoint("ui-case-panel", DETAIL, lambda pk, m: reverse("cases:case_detail", args=[pk])),
    Endpoint("ui-classify", DETAIL, lambda pk, m: reverse("letters:classify", args=[pk])),
    Endpoint("api-letters", LIST, lambda pk, m: reverse("api:letter-list")),
    Endpoint("api-letters-count", COUNT, lambda pk, m: reverse("api:letter-list")),
    Endpoint("api-letter", DETAIL, lambda pk, m: reverse("api:letter-detail", args=[pk])),
    Endpoint("api-allegations", DETAIL, lambda pk, m: reverse("api:letter-allegations", args=[pk])),
    Endpoint("api-matches", DETAIL, lambda pk, m: reverse("api:letter-matches", args=[pk])),
    write(
        "ui-allegation-conclude",
        lambda pk, m: reverse("letters:allegation_conclude", args=[pk, FAKE]),
        finding="founded",
        findings="x",
        sources="y",
    ),
    write("ui-match-decide", lambda pk, m: reverse("letters:match_decide", args=[pk, FAKE]), linked="yes"),
    write(
        "api-explanations",
        lambda pk, m: reverse("api:letter-explanations", args=[pk]),
        explanation="x",
        given_on="2026-11-21",
    ),
    write(
        "api-allegation-conclude",
        lambda pk, m: reverse("api:letter-allegation-conclude", args=[pk, FAKE]),
        finding="founded",
        findings="x",
        sources="y",
    ),
    write("api-match-decide", lambda pk, m: reverse("api:letter-match-decide", args=[pk, FAKE]), linked=True),
    write(
        "ui-explanation",
        lambda pk, m: reverse("letters:explanation_add", args=[pk]),
        explanation="x",
        given_on="2026-11-21",
    ),
    write("ui-conclude", lambda pk, m: reverse("letters:conclude", args=[pk]), conclusion="x"),
    write(
        "ui-classify-post",
        lambda pk, m: reverse("letters:classify", args=[pk]),
        processable="yes",
        outcome="file",
    ),
    write(
        "api-classify",
        lambda pk, m: reverse("api:letter-classify", args=[pk]),
        processable=True,
        outcome="file",
    ),
    write("api-conclude", lambda pk, m: reverse("api:letter-conclude", args=[pk]), conclusion="x"),
]


class TestLetterLeaks(LeakTests):
    """The letter's content (an allegation) follows the case's rule."""

    personas = [
        *OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-leader", sees=True, make=who("leader")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        e for e in ENDPOINTS if e.name not in ("ui-register-xlsx", "ui-classify", "api-letters-count")
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return MARK


def _shows_writer(response: Any, marker: str) -> bool:
    return response.status_code == 200 and WRITER in response.content.decode(errors="replace")


def _finds_letter(response: Any, marker: str) -> bool:
    return response.status_code == 200 and MARK in response.content.decode(errors="replace")


class TestWriterIdentityNeverShown(LeakTests):
    """The writer's name is on no page, export, list or record of the letter, for anyone — even the agency's
    leader and its vault keeper, outside the vault's own answer."""

    personas = [
        *OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=False, make=who("owner")),
        Persona("owner-agency-leader", sees=False, make=who("leader")),
        Persona("participant-agency", sees=False, make=who("participant")),
        Persona("vault-keeper-outside-the-vault", sees=False, make=who("keeper")),
    ]
    endpoints = [
        *(
            Endpoint(e.name, LIST, e.url, visible=_shows_writer)  # the letter shows; never its writer
            for e in [
                *ENDPOINTS,
                Endpoint("api-case", DETAIL, lambda pk, m: reverse("api:case-detail", args=[pk])),
                Endpoint("api-case-events", DETAIL, lambda pk, m: reverse("api:case-events", args=[pk])),
                Endpoint("ui-notifications", LIST, lambda pk, m: reverse("notify:list")),
                Endpoint("ui-timeline", LIST, lambda pk, m: reverse("cases:case_timeline", args=[pk])),
            ]
            if e.kind != "write"
        ),
        # searching the writer's name finds no letter (the query itself is echoed in the search box)
        Endpoint(
            "ui-search", LIST, lambda pk, m: reverse("search:search") + "?q=" + WRITER, visible=_finds_letter
        ),
        Endpoint(
            "api-search", LIST, lambda pk, m: reverse("api:search") + "?q=" + WRITER, visible=_finds_letter
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return WRITER


class TestVaultLeaks(LeakTests):
    """The vault of a letter opens to the vault keeper of the agency that holds it, and to nobody else — not
    the letter's own team, its leader, a co-handling agency or another agency's keeper: same answer as for a
    letter that does not exist (a non-keeper is refused before any lookup)."""

    personas = [
        *OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=False, make=who("owner")),
        Persona("owner-agency-leader", sees=False, make=who("leader")),
        Persona("participant-agency", sees=False, make=who("participant")),
        Persona("another-agencys-vault-keeper", sees=False, make=who("ubkt_keeper")),
        Persona("the-vault-keeper", sees=True, make=who("keeper")),
    ]
    endpoints = [
        Endpoint("ui-vault", DETAIL, lambda pk, m: reverse("letters:vault", args=[pk])),
        write(
            "ui-vault-open",
            lambda pk, m: reverse("letters:vault", args=[pk]),
            reason="Lý do đủ dài để mở kho",
        ),
        write(
            "api-vault", lambda pk, m: reverse("api:letter-vault", args=[pk]), reason="Lý do đủ dài để mở kho"
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        world, case = build()
        world["ubkt_keeper"] = UserFactory(
            username="kho.ubkt", agency=world["UBKT"], roles=["clerk", "vault"], clearance=1
        )
        return world, case

    def marker(self, target: Any) -> str:
        return WRITER


SLIP = "PC-RIENG-8181"


def build_transfer() -> tuple[dict[str, Any], Any]:
    """The Inspection Commission transfers a "Mật" letter to the hub."""
    from phoihop.letters import services
    from phoihop.letters.models import Transfer

    world = partner_world()
    source = case_services.case_open(
        actor=world["participant"],
        kind="letter",
        title="Đơn chuyển (kiểm thử rò rỉ)",
        classification=1,
        details={
            "channel": "post",
            "received_on": "2026-11-20",
            "letter_type": "denunciation",
            "regime": "party",
            "identity_status": "anonymous",
            "signatories": 0,
            "allegations": [ALLEGATION],
        },
    )
    services.letter_classify(
        actor=world["participant"],
        case=source,
        processable=True,
        outcome="transfer",
        to_agency=world["BTC"],
        slip=SLIP,
    )
    return world, Transfer.objects.get(source=source)


TRANSFER_OUTSIDERS = [
    Persona("anonymous", sees=False, make=lambda w: None),
    Persona("an-agency-neither-sending-nor-receiving", sees=False, make=who("outsider")),
    Persona("the-police-liaison", sees=False, make=who("recipient")),
    Persona("receiving-agency-without-clearance", sees=False, make=who("low")),
    Persona("receiving-agency-auditor", sees=False, make=who("auditor")),
    Persona("receiving-agency-admin", sees=False, make=who("admin")),
]


class TestTransferTakeLeaks(LeakTests):
    """A transfer waiting is taken in by the receiving agency's cleared content workers only."""

    personas = [
        *TRANSFER_OUTSIDERS,
        Persona("the-sender", sees=False, make=who("participant")),
        Persona("receiving-officer", sees=True, make=who("owner")),
        Persona("receiving-leader", sees=True, make=who("leader")),
    ]
    endpoints = [
        Endpoint("ui-transfer-take", DETAIL, lambda pk, m: reverse("letters:transfer_take", args=[pk])),
        Endpoint(
            "ui-transfers",
            LIST,
            lambda pk, m: reverse("letters:transfers"),
            visible=lambda r, m: SLIP in r.content.decode(),
        ),
        write("ui-transfer-take-post", lambda pk, m: reverse("letters:transfer_take", args=[pk]), title="x"),
    ]

    def build(self) -> tuple[Any, Any]:
        return build_transfer()

    def marker(self, target: Any) -> str:
        return SLIP


class TestTransferRecordLeaks(LeakTests):
    """A transfer's record is the sender's (through its letter) and the receiving agency's."""

    personas = [
        *TRANSFER_OUTSIDERS,
        Persona("the-sender", sees=True, make=who("participant")),
        Persona("receiving-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("api-transfer", DETAIL, lambda pk, m: reverse("api:letter-transfer-detail", args=[pk])),
        Endpoint("api-transfers", LIST, lambda pk, m: reverse("api:letter-transfer-list")),
    ]

    def build(self) -> tuple[Any, Any]:
        return build_transfer()

    def marker(self, target: Any) -> str:
        return SLIP


class TestVaultFileLeaks(LeakTests):
    """A letter's original is downloaded by the vault keeper who opened that letter's vault with a reason, and
    by nobody else: same answer as for an original that does not exist."""

    personas = [
        *OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=False, make=who("owner")),
        Persona("owner-agency-leader", sees=False, make=who("leader")),
        Persona("participant-agency", sees=False, make=who("participant")),
        Persona("another-agencys-vault-keeper", sees=False, make=who("ubkt_keeper")),
        Persona("the-vault-keeper-who-opened-it", sees=True, make=who("keeper")),
    ]
    endpoints = [
        Endpoint(
            "ui-vault-file",
            DOWNLOAD,
            lambda key, m: reverse("letters:vault_file", args=key.split("/")),
        )
    ]

    def build(self) -> tuple[Any, Any]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from phoihop.documents.tests.helpers import pdf_with_text
        from phoihop.letters import services
        from phoihop.letters.models import VaultFile

        scan = SimpleUploadedFile("don.pdf", pdf_with_text("Bản gốc kín"), content_type="application/pdf")
        world, case = build(scan)
        world["ubkt_keeper"] = UserFactory(
            username="kho.ubkt", agency=world["UBKT"], roles=["clerk", "vault"], clearance=1
        )
        services.vault_open(actor=world["keeper"], case=case, reason="Đối chiếu bản gốc của đơn")
        return world, VaultFile.objects.get(case=case)

    def key(self, target: Any) -> str:
        return f"{target.case_id}/{target.pk}"

    def missing_key(self, target: Any) -> str:
        return f"{target.case_id}/00000000-0000-4000-8000-0000000000ff"

    def marker(self, target: Any) -> str:
        return "don.pdf"
