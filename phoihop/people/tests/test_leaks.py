"""Generated leak tests for persons: the hub sees its registry within clearance; a partner sees a person only
through a case it may see; nobody else sees the person in lists, searches, counts, suggestions, details or the
person's registration bases."""

from __future__ import annotations

import uuid

import pytest

from phoihop.access.testing import COUNT, DETAIL, LIST, SEARCH, Endpoint, LeakTests, Persona, who, write
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import partner_world
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

NAME = "Ông Thử Kín Đáo"


def build_world():
    world = partner_world(outsider_role="officer")
    inspect, police = world["UBKT"], world["CA"]
    person = make_person(world["owner"], NAME, birth_year=1971, classification=1)
    case = case_services.case_open(
        actor=world["owner"],
        title="Thẩm tra cán bộ",
        classification=1,
        participants=[inspect],
        subjects=[person],
    )
    case_services.request_send(
        actor=world["owner"], case=case, to_agency=police, kind="verify", body="Xác minh"
    )
    return world, person


class PersonTarget(LeakTests):
    """Persons are addressed by their UUID and recognised by their name."""

    def build(self):
        return build_world()

    def key(self, target):
        return target.uuid

    def marker(self, target):
        return NAME


class TestPersonLeaks(PersonTarget):
    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("agency-without-a-case", sees=False, make=who("outsider")),
        Persona("too-low-clearance", sees=False, make=who("low")),
        Persona("auditor-not-content", sees=False, make=who("auditor")),
        Persona("admin-without-break-glass", sees=False, make=who("admin")),
        Persona("request-recipient-sees-no-person", sees=False, make=who("recipient")),
        Persona("hub-officer", sees=True, make=who("owner")),
        Persona("case-participant", sees=True, make=who("participant")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/persons/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/persons/?q=kin+dao"),
        Endpoint("ui-search-year", SEARCH, lambda pk, m: "/persons/?q=1971"),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/persons/{pk}/"),
        Endpoint("ui-global-search", SEARCH, lambda pk, m: "/search/?q=KIN+DAO"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/persons/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/v1/persons/?q=thu+kin+dao"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/persons/?q=kin+dao"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/"),
        Endpoint("api-matches", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/matches/"),
        Endpoint("api-bases", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/bases/"),
        Endpoint("api-global-search", SEARCH, lambda pk, m: "/api/v1/search/?q=kin+dao"),
        Endpoint("ui-documents-panel", DETAIL, lambda pk, m: f"/persons/{pk}/documents/panel/"),
    ]


class TestPersonWriteLeaks(PersonTarget):
    """Edit and merge pages need the right to change the
    record: a case participant reads but does not edit."""

    personas = [
        Persona("case-participant", sees=False, make=who("participant")),
        Persona("agency-without-a-case", sees=False, make=who("outsider")),
        Persona("hub-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-edit", DETAIL, lambda pk, m: f"/persons/{pk}/edit/"),
        Endpoint("ui-merge", DETAIL, lambda pk, m: f"/persons/{pk}/merge/"),
    ]


class TestPersonWriteRefusals(PersonTarget):
    """Every page and API write on a person: whoever may not see the person is refused as if it did not exist,
    and nothing changes."""

    personas = [p for p in TestPersonLeaks.personas if not p.sees]
    endpoints = [
        write("ui-edit-post", lambda pk, m: f"/persons/{pk}/edit/", full_name="Đổi Tên"),
        write(
            "ui-merge-post",
            lambda pk, m: f"/persons/{pk}/merge/",
            other="00000000-0000-4000-8000-000000000000",
        ),
        write("ui-basis-add", lambda pk, m: f"/persons/{pk}/bases/add/", basis="dang-vien"),
        write("ui-basis-end", lambda pk, m: f"/persons/{pk}/bases/end/", basis="dang-vien"),
        write("ui-relative-add", lambda pk, m: f"/persons/{pk}/relatives/", full_name="Người Thân"),
        write("ui-history-add", lambda pk, m: f"/persons/{pk}/history/", text="Quá trình"),
        write("ui-documents-upload", lambda pk, m: f"/persons/{pk}/documents/", title="Tệp"),
        write("api-patch", lambda pk, m: f"/api/v1/persons/{pk}/", method="PATCH", full_name="Đổi Tên"),
    ]


class TestMergeUndoRefusals(LeakTests):
    """Undoing a merge: whoever may not see the surviving person is refused as if the merge did not exist."""

    personas = [p for p in TestPersonLeaks.personas if not p.sees]
    endpoints = [write("ui-undo", lambda pk, m: f"/persons/merges/{pk}/undo/", reason="Hợp nhất nhầm người")]

    def build(self):
        from phoihop.people import services

        world, person = build_world()
        twin = make_person(world["owner"], "Ông Thử Kín Đáo Trùng", birth_year=1971, classification=1)
        merge = services.person_merge(
            actor=world["owner"], survivor=person, merged=twin, reason="Trùng hồ sơ"
        )
        return world, merge


class TestRegistryKeeperLeaks(LeakTests):
    """A retention job and an identifier hold are the registry keeper's (a hub leader's) only; addressed
    "job/hold"."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("hub-officer-not-keeper", sees=False, make=who("owner")),
        Persona("other-agency", sees=False, make=who("outsider")),
        Persona("auditor", sees=False, make=who("auditor")),
        Persona("admin", sees=False, make=who("admin")),
        Persona("registry-keeper", sees=True, make=who("leader")),
    ]
    endpoints = [
        Endpoint("ui-retention-job", DETAIL, lambda k, m: f"/registry/jobs/{str(k).split('/')[0]}/"),
        write(
            "ui-hold-resolve",
            lambda k, m: f"/registry/identifiers/{str(k).split('/')[1]}/resolve/",
            reason="Đã đối chiếu xong",
        ),
    ]

    def build(self):
        from phoihop.people.choices import ErasureMode, HoldCause, IdentifierField
        from phoihop.people.models import IdentifierHold, RetentionJob

        world, person = build_world()
        job = RetentionJob.objects.create(
            mode=ErasureMode.ANONYMISE, persons=[str(person.uuid)], total=1, requested_by=world["leader"]
        )
        job.hold = IdentifierHold.objects.create(
            field=IdentifierField.NATIONAL_ID,
            number="001085012345",
            cause=HoldCause.KEEPER,
            opened_by=world["leader"],
        )
        return world, job

    def key(self, target):
        return f"{target.pk}/{target.hold.pk}"

    def missing_key(self, target):
        return f"{uuid.uuid4()}/{uuid.uuid4()}"

    def marker(self, target):
        return str(target.pk)


class TestRegistrationBasisLeaks(LeakTests):
    """The list of registration bases is not secret: every signed-in user reads a basis; anonymous nobody, and
    an anonymous write changes nothing. Addressed "id/code"."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("other-agency", sees=True, make=who("outsider")),
        Persona("hub-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-edit", DETAIL, lambda k, m: f"/registry/bases/{str(k).split('/')[0]}/"),
        Endpoint("api-detail", DETAIL, lambda k, m: f"/api/v1/registration-bases/{str(k).split('/')[1]}/"),
        write(
            "ui-edit-post",
            lambda k, m: f"/registry/bases/{str(k).split('/')[0]}/",
            label="Đổi",
            retention_months="1",
        ),
    ]

    def build(self):
        from phoihop.people.bases import MEMBER_REGISTER
        from phoihop.people.models import RegistrationBasis

        world, _person = build_world()
        return world, RegistrationBasis.objects.get(code=MEMBER_REGISTER)

    def key(self, target):
        return f"{target.pk}/{target.code}"

    def missing_key(self, target):
        return f"{uuid.uuid4()}/khong-co"

    def marker(self, target):
        return target.label


class TestPartyUnitLeaks(LeakTests):
    """The Party organisation tree is not secret: every signed-in user reads a unit, anonymous nobody."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("other-agency", sees=True, make=who("outsider")),
        Persona("hub-officer", sees=True, make=who("owner")),
    ]
    endpoints = [Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/party-units/{pk}/")]

    def build(self):
        from phoihop.people.models import PartyUnit

        world, _person = build_world()
        return world, PartyUnit.objects.create(
            code="CB-THU", name="Chi bộ Thử", kind=PartyUnit._meta.get_field("kind").choices[0][0]
        )

    def marker(self, target):
        return target.name
