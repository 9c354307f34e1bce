"""Generated over the event-type registry: every event type, produced by the real code that writes it, holds
none of the content of any object in the database — no title, name, identity number, free text or file content
— in any stored field (object_repr, payload, reason, everything hashed). Search texts are the one exception
the issue keeps: they live only under the type's declared search keys (shown to top-clearance auditors, pruned
with the retention rule).

A new event type fails `test_every_registered_type_has_a_producer` until a producer is added below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phoihop.audit import registry
from phoihop.audit.chain import event_texts
from phoihop.audit.models import AuditEvent
from phoihop.consultations.tests import producers as consultation_producers
from phoihop.core.tests.factories import AgencyFactory, UserFactory, sign_in
from phoihop.discipline.tests import producers as discipline_producers
from phoihop.letters.tests import producers as letter_producers
from phoihop.people import audit_events as people_events
from phoihop.search.folding import fold_vi
from phoihop.vetting.tests import producers as vetting_producers

pytestmark = pytest.mark.django_db

# Types no code path records as an event: the checkpoint is signed into the checkpoint file, not the chain;
# `print` is kept registered only for the events written before the preview was audited as `document.preview`.
NOT_PRODUCED = {"audit.checkpoint", "print"}

# The fields of each model that say what an object is. Every non-trivial value of them, for every row in the
# database after the producer ran, must be absent from the event.
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "core.Agency": ("name",),
    "core.User": ("full_name", "position", "email"),
    "core.CalendarDay": ("name",),
    "cases.Case": ("title", "summary", "subject_name", "outcome"),
    "cases.CoordinationRequest": ("body", "response"),
    "people.Person": (
        "full_name",
        "other_names",
        "national_id",
        "party_card",
        "home_town",
        "residence",
        "position",
        "ethnicity",
        "religion",
    ),
    "people.Relative": ("full_name", "residence", "occupation", "political_history"),
    "people.DossierEntry": ("description", "place", "source"),
    "people.ForeignRelation": ("description", "country"),
    "people.PartyUnit": ("name",),
    "people.RegistrationBasis": ("label", "source"),
    "people.IdentifierHold": ("number",),
    "documents.Document": ("title", "issuer"),
    "documents.DocumentVersion": ("filename", "text"),
    "documents.IssuedNumber": ("subject",),
    **letter_producers.CONTENT_FIELDS,
    **vetting_producers.CONTENT_FIELDS,
    **discipline_producers.CONTENT_FIELDS,
    **consultation_producers.CONTENT_FIELDS,
}
PERSON_NAME = "Lưu Bích Thủy Tiên"
CCCD = "001179654321"
PARTY_CARD = "99123456"


class World:
    """A province built on demand, so that each producer creates only what it needs (demo.load needs an empty
    database). Every content value is distinctive, so that finding it in an event cannot be a coincidence."""

    def __init__(self, tmp_path: Any) -> None:
        self.tmp_path = tmp_path

    @cached_property
    def hub(self) -> Any:
        return AgencyFactory(code="BTC", name="Ban Tổ chức Tỉnh ủy Vân Mộng", kind="party_board", is_hub=True)

    @cached_property
    def police(self) -> Any:
        return AgencyFactory(code="CA", name="Công an tỉnh Vân Mộng", kind="police")

    @cached_property
    def officer(self) -> Any:
        return UserFactory(
            username="cv.btc",
            full_name="Trịnh Khải Hoàn",
            position="Chuyên viên chính vụ mật",
            agency=self.hub,
            roles=["clerk", "officer", "leader"],
            clearance=3,
        )

    @cached_property
    def admin(self) -> Any:
        return UserFactory(
            username="qt.btc", full_name="Đoàn Quản Trị Viên", agency=self.hub, roles=["admin"], clearance=3
        )

    @cached_property
    def auditor(self) -> Any:
        return UserFactory(
            username="gs.btc", full_name="Kiều Giám Sát Viên", agency=self.hub, roles=["auditor"], clearance=3
        )

    @cached_property
    def liaison(self) -> Any:
        return UserFactory(
            username="dm.ca",
            full_name="Phan Đầu Mối Viên",
            agency=self.police,
            roles=["liaison"],
            clearance=3,
        )

    @cached_property
    def person(self) -> Any:
        from phoihop.people.services import person_create

        # a Party member with a card, registered for the member register of a unit the hub manages
        return person_create(
            actor=self.officer,
            confirm_distinct=True,
            basis="member-register",
            full_name=PERSON_NAME,
            other_names="Tiên Sương Mù",
            national_id=CCCD,
            party_card=PARTY_CARD,
            birth_date=date(1979, 4, 2),
            home_town="Xã Lạc Thủy Huyền Thoại",
            residence="Phố Hoa Sữa Bí Ẩn",
            religion="Phật giáo Hòa Hảo",
            ethnicity="Mường Thượng",
            classification=3,
        )

    @cached_property
    def twin(self) -> Any:
        from phoihop.people.services import person_create

        # the same person registered again, this time as a subject of another case (a case basis)
        return person_create(
            actor=self.officer,
            confirm_distinct=True,
            case=self.other_case,
            full_name="Lưu Bích Thuỷ Tiên",
            birth_date=date(1979, 4, 2),
            home_town="Xã Lạc Thủy Huyền Thoại",
        )

    @cached_property
    def case(self) -> Any:
        from phoihop.cases.services import case_open

        return case_open(
            actor=self.officer,
            title="Vụ Hoàng Hôn Tuyệt Mật",
            summary="Xác minh dấu hiệu vi phạm bí mật",
            subject_name=PERSON_NAME,
            classification=3,
            subjects=[self.person],
        )

    @cached_property
    def other_case(self) -> Any:
        from phoihop.cases.services import case_open

        return case_open(actor=self.officer, title="Vụ Bình Minh Liên Quan", classification=1)

    @cached_property
    def request(self) -> Any:
        from phoihop.cases.services import request_send

        assert self.liaison  # a classified request needs a cleared reader at the receiving agency
        return request_send(
            actor=self.officer,
            case=self.case,
            to_agency=self.police,
            kind="opinion",
            body="Đề nghị cho ý kiến về đồng chí Tiên",
            days=10,
        )

    @cached_property
    def unit(self) -> Any:
        from phoihop.people.services import unit_create

        return unit_create(actor=self.admin, code="CB-SM-01", name="Chi bộ Phòng Sương Mù", kind="cell")

    @cached_property
    def document(self) -> Any:
        from phoihop.documents.services import document_add

        return document_add(
            actor=self.officer,
            case=self.case,
            file_name="bao-cao-hoang-hon.txt",
            data="Nội dung tệp: Lưu Bích Thủy Tiên 001179654321".encode(),
            title="Báo cáo Hoàng Hôn mật",
            classification=3,
        )

    def populate(self) -> None:
        """The whole province: a Tuyệt mật case about a registered person, a request, a document, a unit."""
        for part in (self.case, self.request, self.document, self.unit, self.admin, self.auditor):
            assert part is not None

    def client(self, user: Any) -> Client:
        client = Client()
        sign_in(client, user)
        return client


def _settings_for(settings: Any, tmp_path: Any) -> None:
    from phoihop.documents import storage

    settings.DATA_DIR = tmp_path
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit-signing.pem"
    storage._default.cache_clear()


# --- one producer per event type: the real service, view, signal or middleware that writes it ---------------
def _login_failed(w: World) -> None:
    Client().post(reverse("account_login"), {"login": w.officer.username, "password": "sai-mat-khau-roi"})


def _wrong_code(user: Any) -> str:
    from phoihop.core.demo import current_code

    code, _ = current_code(user.totp_secret)
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _lockout(w: World) -> None:
    """Locked at the password step (django-axes), and at the one-time-code step (core/auth.py)."""
    from django.conf import settings

    from phoihop.core.tests.factories import TEST_PASSWORD

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("account_login"), {"login": w.officer.username, "password": "sai-mat-khau-roi"})
    client = Client()
    client.post(reverse("account_login"), {"login": w.admin.username, "password": TEST_PASSWORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": _wrong_code(w.admin)})


def _mfa_failed(w: World) -> None:
    from phoihop.core.tests.factories import TEST_PASSWORD

    client = Client()
    client.post(reverse("account_login"), {"login": w.officer.username, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _wrong_code(w.officer)})


def _logout(w: World) -> None:
    w.client(w.officer).post(reverse("account_logout"))


def _session_expired(w: World) -> None:
    from phoihop.core.middleware import SESSION_STARTED_KEY

    client = w.client(w.officer)
    session = client.session
    session[SESSION_STARTED_KEY] = timezone.now().timestamp() - 13 * 3600
    session.save()
    client.get("/")


def _mfa_removed(w: World) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=w.officer).first().delete()


def _mfa_recovery(w: World) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_reset

    auth = Authenticator.objects.filter(user=w.officer).first()
    authenticator_reset.send(sender=Authenticator, request=None, user=w.officer, authenticator=auth)


def _password_changed(w: World) -> None:
    from phoihop.core.tests.factories import TEST_PASSWORD

    new = "Mat-khau-moi-that-dai-2026"
    w.client(w.officer).post(
        reverse("account_change_password"), {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new}
    )


def _token_rejected(w: World) -> None:
    Client().get("/api/v1/users/me/", HTTP_AUTHORIZATION="Token ph_khong-hop-le-chut-nao")


def _agency_create(w: World) -> None:
    from phoihop.core.services import agency_create

    agency_create(actor=w.admin, code="UBKT", name="Ủy ban Kiểm tra Vân Mộng", kind="inspection")


def _agency_update(w: World) -> None:
    from phoihop.core.services import agency_update

    agency_update(actor=w.admin, agency=w.police, name="Công an tỉnh Vân Mộng Mới Đổi Tên", active=True)


def _user_create(w: World) -> None:
    from phoihop.core.services import user_create

    user_create(
        actor=w.admin,
        username="moi.tao",
        full_name="Lê Văn Mới Tạo Ra",
        position="Phó phòng bí ẩn",
        email="le.van.moi@vanmong.example",
        agency=w.hub,
        roles=["officer"],
        clearance=2,
    )


def _user_update(w: World) -> None:
    from phoihop.core.services import user_update

    user_update(
        actor=w.admin, user=w.officer, full_name="Trịnh Khải Hoàn Đổi Tên", position="Trưởng phòng mới lạ"
    )


def _user_permissions(w: World) -> None:
    from phoihop.core.services import user_update

    user_update(actor=w.admin, user=w.liaison, clearance=1, roles=["liaison", "officer"])


def _user_active(active: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.core.services import user_set_active

        user_set_active(actor=w.admin, user=w.liaison, active=False, reason="Chuyển công tác khác")
        if active:
            user_set_active(actor=w.admin, user=w.liaison, active=True, reason="Trở lại làm việc")

    return produce


def _password_set(w: World) -> None:
    from phoihop.core.services import user_set_password

    user_set_password(actor=w.admin, user=w.liaison, password="Mat-khau-moi-2026-dai")


def _mfa_reset(w: World) -> None:
    from phoihop.core.services import user_reset_mfa

    user_reset_mfa(actor=w.admin, user=w.liaison, reason="Mất điện thoại")


def _token(revoke: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.core.services import token_create, token_revoke

        api = UserFactory(
            username="api.ca", full_name="Hệ Thống Tích Hợp Ẩn", agency=w.police, is_api_only=True
        )
        token, _raw = token_create(actor=w.admin, user=api, name="tich hop")
        if revoke:
            token_revoke(actor=w.admin, token=token)

    return produce


def _demo_load(w: World) -> None:
    from phoihop.core.demo import demo_load

    demo_load()


def _calendar(w: World) -> None:
    from phoihop.core.models import CalendarDay
    from phoihop.core.services import calendar_day_add, calendar_day_remove

    day = date(2026, 12, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    calendar_day_add(actor=w.admin, day=day, kind="off", name="Nghỉ bù lễ hội Vân Mộng", agency=None)
    calendar_day_remove(actor=w.admin, calendar_day=CalendarDay.objects.get(date=day))


def _case_update(w: World) -> None:
    from phoihop.cases.services import case_subject_add, case_update

    case_update(
        actor=w.officer,
        case=w.case,
        expected_version=w.case.version,
        title="Vụ Hoàng Hôn Đổi Trích Yếu",
        summary="Tóm tắt mới đầy bí mật",
        lead_officer=w.officer,
    )
    case_subject_add(actor=w.officer, case=w.case, person=w.twin)


def _case_link(w: World) -> None:
    from phoihop.cases.services import case_link

    case_link(actor=w.officer, case=w.case, number=w.other_case.number)


def _case_transition(w: World) -> None:
    from phoihop.cases.services import case_transition

    case_transition(actor=w.officer, case=w.case, name="stop", reason="Tạm dừng theo chỉ đạo")


def _request_receive(w: World) -> None:
    from phoihop.cases.services import request_open

    request_open(actor=w.liaison, req=w.request)


def _request_answer(w: World) -> None:
    from phoihop.cases.services import request_respond

    request_respond(
        actor=w.liaison, req=w.request, response="Nhất trí, đồng chí Tiên đủ tiêu chuẩn", answer="agree"
    )


def _team(remove: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.cases.services import case_team_add, case_team_remove

        member = UserFactory(
            username="cv.to",
            full_name="Mạc Thành Viên Tổ",
            position="Chuyên viên tổ bí ẩn",
            agency=w.hub,
            roles=["officer"],
            clearance=3,
        )
        case_team_add(actor=w.officer, case=w.case, user=member)
        if remove:
            case_team_remove(actor=w.officer, case=w.case, user=member)

    return produce


def _request_share(w: World) -> None:
    """An answered request of a case with a co-handling agency, shared with it and taken back."""
    from phoihop.cases.services import case_open, request_respond, request_send, request_share

    inspection = AgencyFactory(code="UBKT", name="Ủy ban Kiểm tra Tỉnh ủy Vân Mộng", kind="inspection")
    case = case_open(
        actor=w.officer,
        title="Vụ Trăng Khuyết Cùng Xử Lý",
        summary="Phối hợp với kiểm tra",
        classification=2,
        participants=[inspection],
    )
    req = request_send(
        actor=w.officer,
        case=case,
        to_agency=w.police,
        kind="verify",
        body="Đề nghị xác minh về đồng chí Tiên ở Trăng Khuyết",
        days=10,
    )
    req = request_respond(actor=w.liaison, req=req, response="Đã xác minh: đồng chí Tiên không vi phạm")
    request_share(actor=w.officer, req=req)
    request_share(actor=w.officer, req=req, shared=False)


def _request_step(step: str) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.cases import services

        if step == "extend":
            services.request_extend(actor=w.officer, req=w.request, days=5, reason="Cần thêm thời gian")
        elif step == "withdraw":
            services.request_withdraw(actor=w.officer, req=w.request, reason="Gửi nhầm cơ quan")
        else:
            services.request_pause(actor=w.officer, req=w.request, reason="Chờ hồ sơ bổ sung")
            if step == "resume":
                services.request_resume(actor=w.officer, req=w.request, reason="Đã có hồ sơ")

    return produce


def _deadline_rule(w: World) -> None:
    from phoihop.cases.services import deadline_rule_set

    deadline_rule_set(
        actor=w.admin,
        kind="general",
        step="case",
        days=25,
        unit="working",
        max_extensions=2,
        reason="Quy chế mới năm 2027",
    )


def _document_version(w: World) -> None:
    from phoihop.documents.services import document_version_add

    document_version_add(
        actor=w.officer,
        document=w.document,
        file_name="ban-sua-hoang-hon.txt",
        data="Bản sửa: Lưu Bích Thủy Tiên".encode(),
    )


def _copies(w: World) -> None:
    from phoihop.documents.services import copy_close, copy_record

    record = copy_record(actor=w.officer, document=w.document, recipient=w.police)
    copy_close(actor=w.officer, record=record, destroyed=True, minutes="Biên bản hủy số 3")


def _generate(w: World) -> None:
    from phoihop.documents.services import document_generate

    document_generate(
        actor=w.officer,
        case=w.case,
        template="phieu_chuyen",
        regime="party",
        symbol="BTCTU",
        subject_line="Chuyển đơn về đồng chí Lưu Bích Thủy Tiên",
        body="Nội dung phiếu chuyển bí mật.",
        recipients=["Ủy ban Kiểm tra Tỉnh ủy"],
        parent_issuer="Đảng bộ tỉnh Vân Mộng",
        place="Vân Mộng",
        signer_title="Phó Trưởng ban",
        classification=3,
    )


def _paper(issue: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.documents.services import document_generate, document_issue, document_sign

        document = document_generate(
            actor=w.officer,
            case=w.case,
            template="cong_van",
            regime="state",
            symbol="BTCTU",
            subject_line="Công văn về đồng chí Lưu Bích Thủy Tiên",
            body="Nội dung công văn bí mật.",
            recipients=["Công an tỉnh"],
            parent_issuer="Tỉnh ủy Vân Mộng",
            place="Vân Mộng",
            classification=3,
        )
        document_sign(
            actor=w.officer,
            document=document,
            authority="KT",
            authority_of="Trưởng ban",
            signer_title="Phó Trưởng ban",
        )
        if issue:
            document_issue(actor=w.officer, document=document)

    return produce


def _format(w: World) -> None:
    from phoihop.documents.services import regime_update

    regime_update(actor=w.admin, code="state", values={"number_width": 3}, reason="Sổ đăng ký của Ban")


def _term(w: World) -> None:
    from datetime import date

    from phoihop.documents.services import term_add

    term_add(actor=w.admin, name="2030-2035", starts_on=date(2030, 10, 20), issuer=w.hub)


def _template(w: World) -> None:
    from phoihop.documents.services import template_reset

    template_reset(actor=w.admin, code="official", reason="Trở về mẫu mặc định")


def _numbers(cancel: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.documents.services import number_cancel, number_issue

        issued = number_issue(
            actor=w.officer, doc_type="TB", subject="Thông báo về đồng chí Lưu Bích Thủy Tiên"
        )
        if cancel:
            number_cancel(actor=w.officer, issued=issued, reason="Cấp nhầm loại văn bản")

    return produce


def _download(purpose: str) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.documents.services import open_for_download

        b"".join(open_for_download(actor=w.officer, version=w.document.current(), purpose=purpose))

    return produce


def _person_update(w: World) -> None:
    from phoihop.people.services import person_update

    person_update(
        actor=w.officer,
        person=w.person,
        full_name="Lưu Bích Thủy Tiên Mới",
        national_id="001179654322",
        religion="Công giáo Vân Mộng",
        classification=2,
    )


def _merge(undo: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.people.services import person_merge, person_unmerge

        merge = person_merge(
            actor=w.officer, survivor=w.person, merged=w.twin, reason="Cùng ngày sinh, cùng quê"
        )
        if undo:
            person_unmerge(actor=w.officer, merge=merge, reason="Xác định là hai người")

    return produce


def _dossier(w: World) -> None:
    from phoihop.people.services import dossier_entry_add, foreign_relation_add, relative_add

    relative_add(
        actor=w.officer,
        person=w.person,
        relation="father",
        full_name="Lưu Văn Phụ Thân",
        birth_year=1950,
        residence="Thôn Mây Trắng",
        occupation="Thợ rèn ẩn dật",
        political_history="Từng tham gia hội kín",
    )
    dossier_entry_add(
        actor=w.officer,
        person=w.person,
        period="2001-2005",
        description="Bí thư chi bộ Sương Mù",
        place="Xã Lạc Thủy Huyền Thoại",
        source="Lý lịch tự khai",
    )
    foreign_relation_add(
        actor=w.officer,
        person=w.person,
        kind="relative_abroad",
        description="Em gái định cư xa xứ",
        country="Xứ Sở Thần Tiên",
    )


def _unit(w: World) -> None:
    from phoihop.people.services import unit_create, unit_merge, unit_move, unit_rename

    parent = w.unit
    child = unit_create(actor=w.admin, code="CB-SM-02", name="Chi bộ Phòng Hoàng Hôn", kind="cell")
    unit_rename(actor=w.admin, unit=child, name="Chi bộ Phòng Bình Minh", on=date(2026, 1, 2))
    unit_move(actor=w.admin, unit=child, parent=parent, on=date(2026, 1, 3))
    unit_merge(actor=w.admin, unit=child, into=parent, on=date(2026, 1, 4))


def _import(w: World) -> None:
    from phoihop.people.imports import run_import

    table = "Họ và tên,Năm sinh,Giới tính,Quê quán\nTạ Nhập Khẩu Thử,1971,Nam,Xã Mây Ngàn Năm\n"
    run_import(
        actor=w.officer, name="danh-sach-ky-luat-bi-mat.csv", content=table.encode(), basis="member-register"
    )


def _person_basis(w: World) -> None:
    from phoihop.cases.services import case_transition
    from phoihop.people.services import person_basis_add, person_basis_end, person_update

    # added (the case subject's basis was added when the case opened) and ended by the officer
    row = person_basis_add(actor=w.officer, person=w.person, basis="managed-cadre")
    person_basis_end(actor=w.officer, basis=row)
    # following the case: lapsed when it stops, current again when it resumes
    case_transition(actor=w.officer, case=w.case, name="stop", reason="Tạm dừng theo chỉ đạo")
    case_transition(actor=w.officer, case=w.case, name="resume", reason="Có thông tin mới về đồng chí Tiên")
    # out of the Party: the member register's basis lapses
    person_update(actor=w.officer, person=w.person, status="deceased")


def _registration_basis(w: World) -> None:
    from phoihop.people.services import registration_basis_save

    basis = registration_basis_save(
        actor=w.admin,
        code="ban-chi-dao-suong-mu",
        label="Thành viên Ban Chỉ đạo Sương Mù",
        retention_months=36,
        source="Quyết định số 7 về Ban Chỉ đạo Sương Mù",
    )
    registration_basis_save(
        actor=w.admin,
        basis=basis,
        label=basis.label,
        retention_months=48,
        active=False,
        source="Quyết định thay thế về Ban Chỉ đạo Hoàng Hôn",
    )


def _identifier_held(w: World) -> None:
    """A partner's officer enters the CCCD of a Tuyệt mật person they may not see: refused as under
    reconciliation, and the attempt recorded once the refused write rolled back."""
    from django.core.exceptions import ValidationError

    from phoihop.people.services import person_create

    police = UserFactory(
        username="cv.ca", full_name="Hà Cán Bộ Công An", agency=w.police, roles=["officer"], clearance=1
    )
    with pytest.raises(ValidationError):
        person_create(
            actor=police,
            basis="member-register",
            full_name="Hà Thị Nhập Trùng",
            national_id=CCCD,
            birth_date=date(1979, 4, 2),
            home_town="Xã Mây Ngàn Năm",
        )


def _identifier_hold(w: World) -> None:
    from phoihop.people.services import identifier_hold_open, identifier_hold_resolve

    identifier_hold_open(
        actor=w.officer, field="national_id", number=CCCD
    )  # held by the keeper, holder known
    reported = identifier_hold_open(actor=w.officer, field="party_card", number="88 765 4321")  # nobody's yet
    identifier_hold_resolve(actor=w.officer, hold=reported, outcome="wrong_number")


def _retention(mode: str) -> Callable[[World], None]:
    """A person registered for a basis kept no time after it lapses, the basis ended, the keeper's job run.
    The erased record bears the registered person's name and home town, which stay in the database to be
    looked for."""

    def produce(w: World) -> None:
        from phoihop.people.models import PersonBasis
        from phoihop.people.services import (
            person_basis_end,
            person_create,
            registration_basis_save,
            retention_job_start,
        )

        course = registration_basis_save(
            actor=w.admin, code="lop-tap-huan", label="Học viên lớp tập huấn Sương Mù", retention_months=0
        )
        gone = person_create(
            actor=w.officer,
            confirm_distinct=True,
            basis=course,
            full_name=PERSON_NAME,
            birth_date=date(1979, 4, 2),
            home_town="Xã Lạc Thủy Huyền Thoại",
            classification=2,
            position="Học viên lớp Sương Mù",
        )
        person_basis_end(actor=w.officer, basis=PersonBasis.objects.get(person=gone))
        job = retention_job_start(actor=w.officer, persons=[gone.uuid], mode=mode)
        assert job.pk  # run by the worker once the request commits (django_capture_on_commit_callbacks)

    return produce


def _record_read(w: World) -> None:
    from phoihop.cases.services import case_read

    case_read(actor=w.officer, case=w.case)
    w.client(w.officer).get(f"/persons/{w.person.uuid}/")


def _unmask(w: World) -> None:
    from phoihop.access.masking import reveal

    reveal(w.officer, w.person, "religion")


def _search(w: World) -> None:
    client = w.client(w.officer)
    client.get("/search/", {"q": PERSON_NAME})
    client.get("/persons/", {"q": PERSON_NAME})
    client.get("/api/v1/persons/", {"q": CCCD})
    client.get("/api/v1/search/", {"q": "Hoàng Hôn"})


def _export(w: World) -> None:
    w.client(w.admin).get("/admin/users/export.csv", {"q": "Trịnh Khải Hoàn"})
    w.client(w.auditor).get("/audit/export.xlsx", {"object_id": str(w.case.pk)})


def _denied(w: World) -> None:
    w.client(w.liaison).get(f"/cases/{w.case.pk}/")


def _grant(revoke: bool) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.access.services import grant_create, grants_revoke

        grant_create(
            actor=w.admin, agency=w.police, obj=w.case, action="view", reason="Phối hợp xác minh theo quy chế"
        )
        if revoke:
            grants_revoke(actor=w.admin, obj=w.case, agency=w.police, reason="Hết nhu cầu phối hợp")

    return produce


def _break_glass(w: World) -> None:
    from phoihop.access.services import break_glass_open

    break_glass_open(actor=w.admin, obj=w.case, reason="Kiểm tra khẩn cấp theo chỉ đạo")


def _prune(w: World) -> None:
    from phoihop.audit.services import audit_prune

    w.case  # noqa: B018  (events to prune: the case and its person)
    audit_prune(before=timezone.now() + timedelta(seconds=1), actor=w.admin)


def _verify(w: World) -> None:
    client = w.client(w.auditor)
    client.post("/audit/verify/")
    client.get("/api/v1/audit/verify/")


PRODUCERS: dict[str, Callable[[World], Any]] = {
    "auth.login": lambda w: w.client(w.officer),
    "auth.login_failed": _login_failed,
    "auth.logout": _logout,
    "auth.lockout": _lockout,
    "auth.session_expired": _session_expired,
    "auth.mfa_added": lambda w: w.officer,  # the factory enrols a TOTP authenticator
    "auth.mfa_removed": _mfa_removed,
    "auth.mfa_failed": _mfa_failed,
    "auth.mfa_recovery_codes": _mfa_recovery,
    "auth.password_changed": _password_changed,
    "auth.token_rejected": _token_rejected,
    "agency.create": _agency_create,
    "agency.update": _agency_update,
    "user.create": _user_create,
    "user.update": _user_update,
    "user.permissions": _user_permissions,
    "user.deactivate": _user_active(active=False),
    "user.reactivate": _user_active(active=True),
    "user.password_set": _password_set,
    "user.mfa_reset": _mfa_reset,
    "token.create": _token(revoke=False),
    "token.revoke": _token(revoke=True),
    "demo.load": _demo_load,
    "case.open": lambda w: w.case,
    "case.update": _case_update,
    "case.link": _case_link,
    "case.transition": _case_transition,
    "case.team_add": _team(remove=False),
    "case.team_remove": _team(remove=True),
    "request.send": lambda w: w.request,
    "request.receive": _request_receive,
    "request.answer": _request_answer,
    "deadline.change": _request_step("extend"),
    "request.pause": _request_step("pause"),
    "request.resume": _request_step("resume"),
    "request.withdraw": _request_step("withdraw"),
    "request.share": _request_share,
    "calendar.change": _calendar,
    "document.add": _document_version,
    "document.copy": _copies,
    "document.generate": _generate,
    "template.change": _template,
    "document.sign": _paper(issue=False),
    "document.issue": _paper(issue=True),
    "format.change": _format,
    "term.change": _term,
    "number.issue": _numbers(cancel=False),
    "number.cancel": _numbers(cancel=True),
    "person.create": lambda w: (w.person, w.twin),  # a list basis, and a case basis
    "person.update": _person_update,
    "person.merge": _merge(undo=False),
    "person.unmerge": _merge(undo=True),
    "dossier.change": _dossier,
    "unit.change": _unit,
    "person.import": _import,
    "person.basis": _person_basis,
    "registration_basis.change": _registration_basis,
    "identifier.held": _identifier_held,
    "identifier.hold": _identifier_hold,
    **letter_producers.AUDIT,
    **vetting_producers.AUDIT,
    **discipline_producers.AUDIT,
    **consultation_producers.AUDIT,
    "retention.job": _retention("delete"),
    "person.erase": _retention("anonymise"),
    "deadline_rule.change": _deadline_rule,
    "record.read": _record_read,
    "record.unmask": _unmask,
    "search": _search,
    "export": _export,
    "download": _download("download"),
    "document.preview": _download("view"),
    "access.denied": _denied,
    "access.grant": _grant(revoke=False),
    "access.grant_revoke": _grant(revoke=True),
    "access.break_glass": _break_glass,
    "audit.prune": _prune,
    "audit.verify": _verify,
}


def content_strings() -> set[str]:
    """Every content value in the database now (long enough that finding it is not a coincidence)."""
    from django.apps import apps

    found: set[str] = set()
    for label, fields in CONTENT_FIELDS.items():
        for values in apps.get_model(label)._default_manager.values_list(*fields):
            found.update(str(v).strip() for v in values if v is not None and len(str(v).strip()) >= 6)
    return found


def stored_text(event: AuditEvent, event_type: registry.EventType) -> str:
    """Every stored field of the event, as hashed, with the declared search texts left out."""
    texts = event_texts(event)
    data = event.payload_data
    kept = {k: v for k, v in data.items() if k not in event_type.searches}
    texts[-1] = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    return "\x1f".join(texts)


def test_every_registered_type_has_a_producer():
    registered = {t.code for t in registry.all_types()}
    assert registered - set(PRODUCERS) == NOT_PRODUCED, (
        "add a producer to audit/tests/test_content_free.py for each new event type"
    )
    assert set(PRODUCERS) <= registered


@pytest.mark.parametrize("code", sorted(PRODUCERS))
def test_events_hold_identifiers_never_content(code, settings, tmp_path, django_capture_on_commit_callbacks):
    _settings_for(settings, tmp_path)
    event_type = registry.get(code)
    world = World(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        if code != "demo.load":  # the demo loads only into an empty database, and brings its own content
            world.populate()
        PRODUCERS[code](world)
    events = list(AuditEvent.objects.filter(action=code).order_by("seq"))
    assert events, f"the producer of {code} wrote no {code} event"
    content = content_strings()
    assert content, "the world holds content to look for"
    for event in events:
        text = stored_text(event, event_type)
        folded = fold_vi(text)
        leaked = sorted(
            s for s in content if s.lower() in text.lower() or (fold_vi(s) and fold_vi(s) in folded)
        )
        assert not leaked, f"{code} event #{event.seq} holds content {leaked}: {text}"
        undeclared = (
            set(event.payload_data) - event_type.fields - event_type.searches - registry.COMMON_FIELDS
        )
        assert not undeclared, f"{code} writes payload keys its type does not declare: {sorted(undeclared)}"
        masked = sorted(k for k, v in event.payload_data.items() if v == "***")
        assert not masked, f"{code}: audit.services.mask() hides declared keys {masked} (a name like 'code')"


def test_search_texts_are_kept_under_their_declared_key(settings, tmp_path):
    """The one thing the audit keeps that a user typed about content: what they searched for."""
    _settings_for(settings, tmp_path)
    world = World(tmp_path)
    _search(world)
    typed = sorted(e.payload_data.get("q") for e in AuditEvent.objects.filter(action="search"))
    assert typed == sorted([PERSON_NAME, PERSON_NAME, CCCD, "Hoàng Hôn"])
    _export(world)
    export = AuditEvent.objects.get(action="export", object_type="core.user")
    assert export.payload_data["q"] == "Trịnh Khải Hoàn" and "q" not in export.payload_data["criteria"]


def test_an_old_style_event_would_be_caught(settings, tmp_path):
    """The check itself finds content: the event person.create wrote before this rule (a full snapshot)."""
    from phoihop.audit.services import audit_record

    _settings_for(settings, tmp_path)
    world = World(tmp_path)
    person = world.person
    old = audit_record(
        action=people_events.PERSON_CREATE,
        actor=world.officer,
        obj=person,
        object_repr=person.full_name,
        payload={"full_name": person.full_name, "national_id": person.national_id},
    )
    text = stored_text(old, people_events.PERSON_CREATE)
    assert {PERSON_NAME, CCCD} <= {s for s in content_strings() if s in text}
