"""The letters kind end to end through its services: intake with the vault, duplicates, classification and its
refusals, transfer once per content, verification and conclusion allegation by allegation, the result back to
the sender, deadlines by regime, conflicts of interest; every refusal is a Vietnamese error and leaves nothing
half-done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.cases.models import Case, TimelineEvent
from phoihop.core.calendar import add_working_days
from phoihop.letters import services
from phoihop.letters.models import (
    Allegation,
    Concerned,
    Explanation,
    Letter,
    Match,
    Transfer,
    VaultRead,
    Writer,
)
from phoihop.letters.tests.conftest import ALLEGATIONS, WRITER, details, open_letter

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_intake_keeps_allegations_concerned_and_the_writer_only_in_the_vault(world):
    case = open_letter(world["owner"], [world["person"]])
    letter = Letter.objects.get(case=case)
    assert case.number.startswith("DT-") and case.status == "received"
    assert [a.text for a in Allegation.objects.filter(case=case).order_by("position")] == ALLEGATIONS
    concerned = Concerned.objects.get(case=case)
    assert concerned.person == world["person"] and concerned.management_level == "province"
    writer = Writer.objects.get(case=case)
    assert writer.agency == world["BTC"] and WRITER.encode() not in bytes(writer.sealed)
    assert letter.classify_due == add_working_days(letter.received_on, 7, agency=world["BTC"].pk).due
    assert case.due_on is None  # the resolution deadline starts when the letter is accepted
    for event in AuditEvent.objects.all():
        assert WRITER not in str(event.payload) and "Bí Mật" not in str(event.payload)
    for line in TimelineEvent.objects.filter(case=case):
        assert WRITER not in str(line.data)


def test_intake_refusals_leave_nothing(world):
    before = Case.objects.count()
    with pytest.raises(ValidationError) as no_content:
        open_letter(world["owner"], allegations=[])
    assert "allegations" in _errors(no_content)
    with pytest.raises(ValidationError) as named_in_copy:
        open_letter(world["owner"], title=f"Đơn của {WRITER}")
    assert "title" in _errors(named_in_copy)
    with pytest.raises(ValidationError) as named_in_allegation:
        open_letter(world["owner"], allegations=[f"Ông {WRITER.upper()} bị đe dọa"])
    assert "allegations" in _errors(named_in_allegation)
    with pytest.raises(ValidationError) as from_itself:
        open_letter(world["owner"], channel="transferred", transferred_from="BTC", transfer_slip="1/PC")
    assert "transferred_from" in _errors(from_itself)
    with pytest.raises(PermissionDenied):  # a liaison answers requests; letters are taken in by clerks
        open_letter(world["recipient"])
    with pytest.raises(ValidationError) as anonymous_with_writer:
        open_letter(world["owner"], identity_status="anonymous")
    assert "writers" in _errors(anonymous_with_writer)
    with pytest.raises(ValidationError) as no_slip:
        open_letter(world["owner"], channel="transferred", transferred_from="UBKT")
    assert "transfer_slip" in _errors(no_slip)
    with pytest.raises(ValidationError) as future:
        open_letter(world["owner"], received_on=timezone.localdate() + timedelta(days=1))
    assert "received_on" in _errors(future)
    assert Case.objects.count() == before and not Writer.objects.exists() and not Allegation.objects.exists()


def test_anonymous_and_several_signatories_are_not_accepted(world):
    anonymous = open_letter(world["owner"], identity_status="anonymous", writers=[])
    with pytest.raises(ValidationError) as exc:
        services.letter_classify(actor=world["leader"], case=anonymous, processable=True, outcome="accept")
    assert "nặc danh" in " ".join(_errors(exc)["outcome"])
    services.letter_classify(actor=world["owner"], case=anonymous, processable=True, outcome="information")
    assert Case.objects.get(pk=anonymous.pk).status == "information"

    several = open_letter(world["owner"], signatories=3, title="Đơn nhiều người ký (kiểm thử)")
    with pytest.raises(ValidationError) as party:
        services.letter_classify(actor=world["leader"], case=several, processable=True, outcome="accept")
    assert "hai người trở lên" in " ".join(_errors(party)["outcome"])
    state = open_letter(world["owner"], signatories=2, regime="state", title="Đơn nhà nước nhiều người ký")
    with pytest.raises(ValidationError) as no_representative:
        services.letter_classify(actor=world["leader"], case=state, processable=True, outcome="accept")
    assert "đại diện" in " ".join(_errors(no_representative)["outcome"])
    assert Case.objects.get(pk=state.pk).status == "received"


def test_not_processable_needs_the_missing_element_and_is_not_accepted(world):
    case = open_letter(world["owner"])
    with pytest.raises(ValidationError) as exc:
        services.letter_classify(actor=world["leader"], case=case, processable=False, outcome="accept")
    assert "missing" in _errors(exc)
    with pytest.raises(ValidationError) as exc2:
        services.letter_classify(
            actor=world["leader"], case=case, processable=False, missing="signature", outcome="accept"
        )
    assert "không đủ điều kiện" in " ".join(_errors(exc2)["outcome"])
    with pytest.raises(PermissionDenied):
        services.letter_classify(actor=world["owner"], case=case, processable=True, outcome="accept")
    services.letter_classify(
        actor=world["owner"], case=case, processable=False, missing="signature", outcome="guide"
    )
    assert Letter.objects.get(case=case).outcome == "guide"


def test_generic_transitions_cannot_skip_classification(world):
    case = open_letter(world["owner"])
    assert "accept" not in [t.name for t in case_services.allowed_transitions(world["leader"], case)]
    with pytest.raises(ValidationError):
        case_services.case_transition(actor=world["leader"], case=case, name="accept")


def test_transfer_once_per_content_and_never_back(world):
    source = open_letter(world["ubkt_leader"], title="Đơn UBKT nhận (kiểm thử)")
    with pytest.raises(ValidationError) as to_self:
        services.letter_classify(
            actor=world["ubkt_leader"],
            case=source,
            processable=True,
            outcome="transfer",
            to_agency=world["UBKT"],
            slip="1/PC",
        )
    assert "to_agency" in _errors(to_self)
    services.letter_classify(
        actor=world["ubkt_leader"],
        case=source,
        processable=True,
        outcome="transfer",
        to_agency=world["BTC"],
        slip="12/PC-UBKT",
    )
    transfer = Transfer.objects.get(source=source)
    assert Letter.objects.get(case=source).transferred_to == world["BTC"]

    pre = services.transfer_prefill(world["clerk"], transfer)
    taken = case_services.case_open(
        actor=world["clerk"],
        kind="letter",
        title=pre["title"],
        classification=pre["classification"],
        details={k: v for k, v in pre["details"].items() if k != "writers_count"},
    )
    transfer.refresh_from_db()
    assert transfer.received == taken
    assert (
        Writer.objects.filter(case=taken, agency=world["BTC"]).count() == 1
    )  # sealed again in the hub's vault
    assert [a.text for a in Allegation.objects.filter(case=taken).order_by("position")] == ALLEGATIONS
    with pytest.raises(ValidationError) as again:  # taking the same transfer in twice
        case_services.case_open(
            actor=world["clerk"],
            kind="letter",
            title="Lần hai",
            classification=1,
            details={k: v for k, v in pre["details"].items() if k != "writers_count"},
        )
    assert "transfer" in _errors(again)

    with pytest.raises(ValidationError) as back:
        services.letter_classify(
            actor=world["leader"],
            case=taken,
            processable=True,
            outcome="transfer",
            to_agency=world["UBKT"],
            slip="3/PC-BTC",
        )
    assert "chuyển trả" in " ".join(_errors(back)["to_agency"])
    with pytest.raises(ValidationError) as second:
        services.letter_classify(
            actor=world["leader"],
            case=taken,
            processable=True,
            outcome="transfer",
            to_agency=world["CA"],
            slip="3/PC-BTC",
        )
    message = " ".join(_errors(second)["to_agency"])
    assert "12/PC-UBKT" in message and "lần thứ hai" in message
    assert Transfer.objects.count() == 1 and Case.objects.get(pk=taken.pk).status == "received"


def test_accept_verify_explain_conclude_and_report_back(world):
    source = open_letter(
        world["ubkt_leader"], title="Đơn UBKT chuyển (kiểm thử)"
    )  # the hub's registry is not UBKT's
    services.letter_classify(
        actor=world["ubkt_leader"],
        case=source,
        processable=True,
        outcome="transfer",
        to_agency=world["BTC"],
        slip="7/PC-UBKT",
    )
    pre = services.transfer_prefill(world["clerk"], Transfer.objects.get(source=source))
    case = case_services.case_open(
        actor=world["owner"],
        kind="letter",
        title=pre["title"],
        classification=1,
        subjects=[world["person"]],
        details={k: v for k, v in pre["details"].items() if k != "writers_count"},
    )
    services.letter_classify(actor=world["leader"], case=case, processable=True, outcome="accept")
    case.refresh_from_db()
    letter = Letter.objects.get(case=case)
    assert case.status == "handling"
    assert case.due_on == add_working_days(letter.received_on, 90, agency=world["BTC"].pk).due

    with pytest.raises(ValidationError) as too_long:
        case_services.case_extend(
            actor=world["leader"], case=case, days=31, reason="Phức tạp", decision="5/QĐ"
        )
    assert "days" in _errors(too_long)
    case_services.case_extend(actor=world["leader"], case=case, days=30, reason="Phức tạp", decision="5/QĐ")
    with pytest.raises(ValidationError):  # the Party rule allows one extension
        case_services.case_extend(
            actor=world["leader"], case=case, days=10, reason="Lần hai", decision="6/QĐ"
        )

    case_services.request_send(
        actor=world["owner"],
        case=case,
        to_agency=world["CA"],
        kind="verify",
        body="Xác minh nội dung 1",
        days=10,
    )
    first, second = Allegation.objects.filter(case=case).order_by("position")
    services.allegation_conclude(
        actor=world["owner"],
        allegation=first,
        finding="founded",
        findings="Có căn cứ.",
        sources="Trả lời của CA",
    )
    with pytest.raises(ValidationError) as open_item:
        services.letter_conclude(actor=world["leader"], case=case, conclusion="Kết luận")
    assert "2" in " ".join(_errors(open_item)["allegations"]) and "explanation" in _errors(open_item)
    with pytest.raises(ValidationError) as no_source:
        services.allegation_conclude(
            actor=world["owner"], allegation=second, finding="unfounded", findings="Không đúng.", sources=" "
        )
    assert "sources" in _errors(no_source)
    services.allegation_conclude(
        actor=world["owner"],
        allegation=second,
        finding="unfounded",
        findings="Đã kê khai.",
        sources="Bản kê khai",
    )
    services.explanation_record(
        actor=world["owner"], case=case, explanation="Thừa nhận một phần.", given_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as waiting:  # a request still waits for its answer
        services.letter_conclude(actor=world["leader"], case=case, conclusion="Đúng một phần")
    assert "transition" in _errors(waiting)
    req = case.requests.get()
    case_services.request_respond(actor=world["recipient"], req=req, response="Có căn cứ.")
    services.letter_conclude(
        actor=world["leader"],
        case=case,
        conclusion="Đúng một phần",
        measures="Xem xét kỷ luật",
        discipline=True,
    )
    case.refresh_from_db()
    assert case.status == "concluded" and Explanation.objects.filter(case=case).count() == 1
    transfer = Transfer.objects.get(source=source)
    assert transfer.concluded_on == timezone.localdate()
    assert Letter.objects.get(case=source).result_on == timezone.localdate()
    assert TimelineEvent.objects.filter(case=source, kind="letter_result").exists()
    assert services.transfer_results(world["ubkt_leader"], source) == [(1, "founded"), (2, "unfounded")]


def test_near_duplicate_elsewhere_reveals_only_agency_number_date(world):
    first = open_letter(world["ubkt_leader"], title="Đơn gốc (kiểm thử)")
    reworded = [
        "Can bo Luong Van Hu nhan tien cua ba thi sinh trong "
        "ky tuyen dung cong chuc nam 2025 tai xa Dong Cat.",
        "Không kê khai thửa đất số 118 ở thôn Bãi Sậy đứng tên em "
        "vợ của cán bộ Lương Văn Hư trong bản kê khai năm 2025.",
    ]
    dup = open_letter(
        world["ca_leader"],
        title="Đơn gửi Công an (kiểm thử)",
        allegations=reworded,
        writers=[{"name": "Người Khác", "address": "x"}],
    )
    match = Match.objects.get(case=dup)
    assert match.other == first and match.kind == "elsewhere"
    from phoihop.letters.api.serializers import MatchSerializer

    shown = MatchSerializer(match).data
    assert shown["other_agency"] == "UBKT" and shown["other_number"] == first.number
    assert WRITER not in str(shown) and "Lương" not in str(shown)
    with pytest.raises(ValidationError) as undecided:
        services.letter_classify(actor=world["ca_leader"], case=dup, processable=True, outcome="accept")
    assert "chưa quyết định" in " ".join(_errors(undecided)["outcome"])
    services.match_decide(actor=world["ca_leader"], match=match, linked=True)
    assert not Case.objects.get(
        pk=dup.pk
    ).related.exists()  # another agency's case is never linked as visible


def test_redenunciation_without_new_evidence_is_filed(world):
    old = open_letter(world["owner"], [world["person"]], title="Đơn cũ đã kết luận")
    services.letter_classify(actor=world["leader"], case=old, processable=True, outcome="accept")
    for a in Allegation.objects.filter(case=old):
        services.allegation_conclude(
            actor=world["owner"], allegation=a, finding="unfounded", findings="Sai.", sources="Hồ sơ"
        )
    services.letter_conclude(actor=world["leader"], case=old, conclusion="Tố cáo sai")
    again = open_letter(world["owner"], [world["person"]], title="Đơn tố cáo lại")
    match = Match.objects.get(case=again)
    assert match.kind == "redenunciation"
    with pytest.raises(ValidationError):
        services.match_decide(actor=world["owner"], match=match, linked=True)
    services.match_decide(actor=world["owner"], match=match, linked=True, new_evidence=False)
    with pytest.raises(ValidationError) as not_again:
        services.letter_classify(
            actor=world["leader"], case=again, processable=True, outcome="accept", new_evidence=False
        )
    assert "tình tiết mới" in " ".join(_errors(not_again)["outcome"])
    services.letter_classify(
        actor=world["owner"],
        case=again,
        processable=True,
        outcome="file",
        file_reason="no_new_evidence",
        new_evidence=False,
    )
    assert Case.objects.get(pk=again.pk).status == "filed"


def test_the_person_concerned_never_handles_the_letter(world):
    from phoihop.core.tests.factories import UserFactory

    namesake = UserFactory(
        username="cv.hu", full_name="Lương Văn Hư", agency=world["BTC"], roles=["officer"], clearance=2
    )
    writer = UserFactory(
        username="cv.viet", full_name=WRITER, agency=world["BTC"], roles=["officer"], clearance=2
    )
    case = open_letter(world["owner"], [world["person"]])
    for user in (namesake, writer):
        with pytest.raises(ValidationError) as exc:
            case_services.case_team_add(actor=world["leader"], case=case, user=user)
        message = " ".join(m for ms in _errors(exc).values() for m in ms)
        assert "xung đột lợi ích" in message and WRITER not in message
    with pytest.raises(ValidationError):  # nor takes it in
        open_letter(namesake, [world["person"]])


def test_vault_is_read_by_its_keeper_with_a_reason_only(world):
    case = open_letter(world["owner"])
    with pytest.raises(PermissionDenied):
        services.vault_open(actor=world["leader"], case=case, reason="Cần liên hệ người viết để thông báo")
    assert AuditEvent.objects.filter(action="letter.vault_denied").exists()
    with pytest.raises(ValidationError):
        services.vault_open(actor=world["keeper"], case=case, reason="ngắn")
    with pytest.raises(PermissionDenied):  # another agency's keeper
        services.vault_open(
            actor=world["ubkt_keeper"], case=case, reason="Cần liên hệ người viết để thông báo"
        )
    writers, _files = services.vault_open(
        actor=world["keeper"], case=case, reason="Gửi thông báo kết quả cho người tố cáo"
    )
    assert [w.name for w in writers] == [WRITER]
    read = VaultRead.objects.get(case=case)
    event = AuditEvent.objects.filter(action="letter.vault_open").latest("id")
    assert event.payload_data["vault_read"] == str(read.pk) and WRITER not in event.payload
    other = open_letter(
        world["owner"],
        title="Đơn khác cùng người viết",
        allegations=["Một nội dung hoàn toàn khác về đất đai ở xã Hồng Lĩnh năm 2019."],
    )
    same = services.vault_same_writer(
        actor=world["keeper"], case=other, reason="Đối chiếu người viết đơn nhiều lần"
    )
    assert [c.pk for c in same] == [case.pk]


def test_rules_are_data_an_administrator_changes(world):
    from phoihop.letters import rules

    assert rules.rule("state", "denunciation", "resolve").days == 30
    rule = {
        "regime": "party",
        "letter_type": "",
        "step": "classify",
        "days": 10,
        "unit": "working",
        "counts_from": "receipt",
        "max_extensions": 0,
        "extension_days": 0,
        "basis": "Quy định thử",
        "verified": False,
    }
    with pytest.raises(PermissionDenied):
        services.rule_set(actor=world["leader"], **rule)
    services.rule_set(actor=world["admin"], **rule)
    case = open_letter(world["owner"])
    letter = Letter.objects.get(case=case)
    assert letter.classify_due == add_working_days(letter.received_on, 10, agency=world["BTC"].pk).due
    assert details()["regime"] == "party"


def test_the_demo_walkthrough(settings):
    """The issue's demo: UBKT transfers a named denunciation with two allegations to the hub; a near duplicate
    sent to the Police is flagged there without the writer; the hub accepts, asks the Police, records the
    explanation, concludes one allegation founded and one unfounded and issues the result notice; the Police
    liaison and an uncleared auditor never see the writer."""
    import io

    from django.core.management import call_command
    from django.test import Client

    from phoihop.core.models import User
    from phoihop.documents.models import OfficialPaper

    settings.DEMO = True
    call_command("demo", stdout=io.StringIO())
    source = Case.objects.get(kind="letter", owner_agency__code="UBKT")
    hub = Case.objects.get(kind="letter", owner_agency__code="BTC")
    police = Case.objects.get(kind="letter", owner_agency__code="CA")
    assert Letter.objects.get(case=source).transferred_to.code == "BTC"
    assert Transfer.objects.get(source=source).received == hub
    assert {m.other.owner_agency.code for m in Match.objects.filter(case=police)} >= {"UBKT"}
    assert hub.status == "concluded" and hub.requests.get().to_agency.code == "CA"
    assert sorted(Allegation.objects.filter(case=hub).values_list("finding", flat=True)) == [
        "founded",
        "unfounded",
    ]
    assert Explanation.objects.filter(case=hub).exists()
    assert OfficialPaper.objects.filter(document__case=hub, status="issued").exists()
    assert Letter.objects.get(case=source).result_on is not None
    writer = "Trần Văn Tố"
    for username in ("ca.daumoi", "btc.giamsat"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in (
            f"/cases/{hub.pk}/",
            f"/cases/{police.pk}/",
            "/letters/",
            f"/api/v1/letters/{police.pk}/matches/",
        ):
            assert writer not in client.get(path).content.decode(), (username, path)
    keeper = User.objects.get(username="btc.khodon")
    writers, _files = services.vault_open(
        actor=keeper, case=hub, reason="Gửi thông báo kết quả cho người tố cáo"
    )
    assert writers[0].name.startswith(writer)


def test_synth_letters(settings):
    """`phoihop synth --letters N`: fictional letters taken in through the intake service, with progress."""
    import io

    from django.core.management import call_command

    from phoihop.core.tests.factories import AgencyFactory, UserFactory

    settings.DEMO = True
    hub = AgencyFactory(code="BTC", is_hub=True)
    UserFactory(username="vt", agency=hub, roles=["clerk"], clearance=1)
    out, err = io.StringIO(), io.StringIO()
    call_command("synth", "--persons", "10", "--letters", "12", "--relatives", "0", stdout=out, stderr=err)
    assert Case.objects.filter(kind="letter").count() == 12
    assert Allegation.objects.count() >= 12 and "12/12 đơn" in err.getvalue()
    assert "Đã tiếp nhận 12 đơn thư." in out.getvalue()


def test_a_person_added_after_intake_is_concerned_and_matched(world):
    from phoihop.letters.models import Fingerprint

    case = open_letter(world["owner"])
    case_services.case_subject_add(actor=world["owner"], case=case, person=world["person"])
    concerned = Concerned.objects.get(case=case)
    assert concerned.person == world["person"] and concerned.management_level == "province"
    assert Fingerprint.objects.get(case=case).persons == [world["person"].pk]
