"""Official documents (issue 16): each regime's rules as data, draft → sign → issue, numbers from the register
at issue (per period, the State's classified series), templates per kind, and the rendered text of every
template in both regimes read back from the DOCX and the PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import regimes, services, storage
from phoihop.documents.choices import PaperStatus
from phoihop.documents.generation import all_templates, templates_for
from phoihop.documents.models import IssuedNumber, NumberRegister, OfficialPaper

pytestmark = pytest.mark.django_db
ISSUE_DAY = date(2026, 3, 5)  # a day below 10 and a month above 2: "ngày 05 tháng 3"


@pytest.fixture
def w(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    hub = AgencyFactory(code="BTC", name="Ban Tổ chức Tỉnh ủy Sơn Hà", is_hub=True)
    people = {
        "hub": hub,
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=3),
        "leader": UserFactory(
            username="ld.btc", full_name="Vi Thị Hạnh", agency=hub, roles=["leader"], clearance=3
        ),
        "clerk": UserFactory(username="vt.btc", agency=hub, roles=["clerk"], clearance=3),
        "admin": UserFactory(username="qt.btc", agency=hub, roles=["admin"], clearance=3),
    }
    people["case"] = case_services.case_open(actor=people["officer"], title="Thẩm tra nhân sự (hư cấu)")
    monkeypatch.setattr(services.timezone, "localdate", lambda *a: ISSUE_DAY)
    return people


def draft(w, template="cong_van", regime="party", **extra):
    fields = {
        "actor": w["officer"],
        "case": w["case"],
        "template": template,
        "regime": regime,
        "symbol": "BTCTU",
        "unit": "TCCB",
        "subject_line": "đề nghị xác minh nhân sự (hư cấu)",
        "body": "Đoạn một.\nĐoạn hai có chữ Đức, Thủy, Hòa, Ước.",
        "recipients": ["Như trên,,", "- Công an tỉnh;"],
        "parent_issuer": "Đảng bộ tỉnh Sơn Hà",
        "place": "Sơn Hà",
        "addressee": "Công an tỉnh Sơn Hà",
        "authority": "KT",
        "authority_of": "Trưởng ban",
        "signer_title": "Phó Trưởng ban",
    } | extra
    return services.document_generate(**fields)


def issue(w, document, authority="KT"):
    services.document_sign(
        actor=w["leader"], document=document, authority=authority, signer_title="Phó Trưởng ban"
    )
    services.document_issue(actor=w["clerk"], document=document)
    document.refresh_from_db()
    return document


def texts(document, number):
    """(DOCX text, PDF text) of a version, each with its whitespace collapsed."""
    versions = {(v.number, v.rendition): v for v in document.versions.all()}
    docx = services.docx_text(storage.read_plain(versions[(number, "")].blob))
    pdf = PdfReader(io.BytesIO(storage.read_plain(versions[(number, "pdf")].blob)))
    return " ".join(" ".join(docx).split()), " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


EXPECTED = {
    "party": {
        "mark": "K/T TRƯỞNG BAN",
        "date": "Sơn Hà, ngày 05 tháng 3 năm 2026",
        "recipient": "- Như trên,",
        "archive": "- Lưu Văn phòng.",
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM",
    },
    "state": {
        "mark": "KT. TRƯỞNG BAN",
        "date": "Sơn Hà, ngày 05 tháng 3 năm 2026",
        "recipient": "- Như trên;",
        "archive": "- Lưu: VT, TCCB.",
        "heading": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    },
}


def number_of(regime, template):
    t = all_templates()[template]
    if regime == "party":
        return "Số 01-CV/BTCTU" if not t.type_name else f"Số 01-{t.doc_type}/BTCTU"
    return "Số: 01/BTCTU-TCCB" if not t.type_name else f"Số: 01/{t.doc_type}-BTCTU"


@pytest.mark.parametrize("regime", ["party", "state"])
@pytest.mark.parametrize("template", sorted(templates_for("general")))
def test_every_template_in_both_regimes_drafted_signed_issued(w, regime, template):
    document = draft(w, template, regime)
    paper = OfficialPaper.objects.get(document=document)
    # the draft: marked, without a number or a date, and no number was taken
    assert paper.status == PaperStatus.DRAFT and document.number_symbol == "" and document.issued_on is None
    assert not IssuedNumber.objects.exists() and not NumberRegister.objects.exists()
    docx, pdf = texts(document, 1)
    assert "DỰ THẢO" in docx and "DỰ THẢO" in pdf
    assert "ngày 05 tháng" not in docx and not re.search(r"Số:? ?0?1[-/]", docx)
    issue(w, document)
    expected = EXPECTED[regime]
    docx, pdf = texts(document, 2)
    for text in (docx, pdf):
        assert "DỰ THẢO" not in text
        for key in ("mark", "date", "recipient", "archive", "heading"):
            assert expected[key] in text, (regime, template, key, text)
        assert number_of(regime, template) in text, (regime, template, text)
        assert "Vi Thị Hạnh" in text and "PHÓ TRƯỞNG BAN" in text  # the signing leader, not the drafter
        assert ",," not in text and ";;" not in text
        if not all_templates()[template].type_name:  # a công văn: its subject under the number
            assert ("V/v đề nghị xác minh" in text) == (regime == "state"), (regime, text)
    document.refresh_from_db()
    assert document.number_symbol == number_of(regime, template).split(" ", 1)[1]
    assert document.issued_on == ISSUE_DAY
    names = set(document.versions.filter(number=2).values_list("filename", flat=True))
    stem = document.number_symbol.replace("/", "-")
    assert names == {f"{stem}.docx", f"{stem}.pdf"}


def test_the_issued_pdf_is_one_face_and_the_regimes_differ_in_type(w):
    party, state = issue(w, draft(w, regime="party")), issue(w, draft(w, regime="state"))
    for document in (party, state):
        pdf = PdfReader(io.BytesIO(storage.read_plain(document.versions.get(number=2, rendition="pdf").blob)))
        fonts = {
            str(f.get_object()["/BaseFont"]).split("+")[-1]
            for page in pdf.pages
            for f in page["/Resources"]["/Font"].values()
        }
        assert fonts and all(f.startswith("PhoihopSerif") for f in fonts), fonts
    # the Party's công văn subject is italic 12, the State's upright 13 (the regimes' typography rows)
    assert regimes.get_regime("party").typography["letter_subject"] == {
        "size": 12,
        "bold": False,
        "italic": True,
        "underline": False,
    }
    html = __import__("phoihop.documents.generation", fromlist=["style_css"]).style_css(
        regimes.get_regime("state")
    )
    assert ".t-letter_subject { font-size: 13pt; font-weight: normal; font-style: normal;" in html


def test_a_draft_never_takes_a_number_and_signing_and_issuing_are_the_right_peoples(w):
    document = draft(w)
    with pytest.raises(ValidationError, match="chưa được ký"):
        services.document_issue(actor=w["clerk"], document=document)
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        services.document_sign(actor=w["officer"], document=document, signer_title="Chuyên viên")
    with pytest.raises(ValidationError) as refused:
        services.document_sign(actor=w["leader"], document=document, authority="TUQ", signer_title="Phó")
    assert "không dùng dấu thẩm quyền" in str(refused.value)  # the Party regime has no thừa ủy quyền mark
    assert not IssuedNumber.objects.exists()
    services.document_sign(
        actor=w["leader"], document=document, authority="KT", signer_title="Phó Trưởng ban"
    )
    with pytest.raises(PermissionDenied, match="văn thư"):
        services.document_issue(actor=w["leader"], document=document)
    services.document_issue(actor=w["clerk"], document=document)
    with pytest.raises(ValidationError, match="đã được ban hành"):
        services.document_issue(actor=w["clerk"], document=document)
    paper = OfficialPaper.objects.get(document=document)
    assert (paper.signed_by, paper.signer_name, paper.issued_by) == (w["leader"], "Vi Thị Hạnh", w["clerk"])
    assert paper.number.number_symbol == "01-CV/BTCTU"
    actions = list(AuditEvent.objects.filter(object_id=str(document.pk)).values_list("action", flat=True))
    assert {"document.generate", "document.sign", "document.issue"} <= set(actions)


def test_the_signed_file_uploaded_back_is_kept_and_the_issued_one_follows_it(w):
    from phoihop.documents.tests import helpers

    document = draft(w)
    services.document_sign(
        actor=w["leader"],
        document=document,
        authority="KT",
        signer_title="Phó Trưởng ban",
        file_name="ban-ky.pdf",
        data=helpers.pdf_with_text("Bản đã ký"),
    )
    services.document_issue(actor=w["clerk"], document=document)
    # the official PDF is the signed copy, with the number and the date the clerk gives it
    issued_pdf = texts(document, 3)[1]
    assert "Bản đã ký" in issued_pdf and "Số: 01-CV/BTCTU" in issued_pdf and "05/03/2026" in issued_pdf
    assert sorted(document.versions.values_list("number", "rendition")) == [
        (1, ""),
        (1, "pdf"),
        (2, ""),
        (3, ""),
        (3, "pdf"),
    ]
    assert OfficialPaper.objects.get(document=document).signed_upload


def test_state_classified_documents_take_their_own_series_the_partys_do_not(w):
    for regime in ("party", "state"):
        first = issue(w, draft(w, regime=regime))
        secret = issue(w, draft(w, regime=regime, classification=1))
        ordinary = issue(w, draft(w, regime=regime))
        numbers = [d.number_symbol for d in (first, secret, ordinary)]
        if regime == "party":  # HD 36: "số văn bản mật ghi liên tục với số văn bản không mật"
            assert numbers == ["01-CV/BTCTU", "02-CV/BTCTU", "03-CV/BTCTU"]
        else:  # NĐ 30, Điều 15 khoản 2: "Văn bản mật được cấp hệ thống số riêng"
            assert numbers == ["01/BTCTU-TCCB", "01/BTCTU-TCCB", "02/BTCTU-TCCB"]
            assert NumberRegister.objects.filter(regime="state", secret=True).count() == 1


def test_1_january_restarts_a_state_series_and_a_new_term_a_party_one(w):
    clerk = w["clerk"]

    def n(regime, day):
        return services.number_issue(
            actor=clerk, doc_type="TB", subject="Thông báo", regime=regime, day=day, symbol="BTCTU"
        ).number_symbol

    assert [n("state", date(2026, 12, 31)), n("state", date(2026, 12, 31))] == ["01/TB-BTCTU", "02/TB-BTCTU"]
    assert n("state", date(2027, 1, 1)) == "01/TB-BTCTU"
    assert [n("party", date(2026, 12, 31)), n("party", date(2027, 1, 1))] == ["01-TB/BTCTU", "02-TB/BTCTU"]
    services.term_add(actor=w["admin"], name="2030 – 2035", starts_on=date(2030, 10, 20))
    assert n("party", date(2030, 10, 19)) == "03-TB/BTCTU"  # the old term runs to the congress
    assert n("party", date(2030, 10, 20)) == "01-TB/BTCTU"
    # an agency whose committee's terms differ: the term that started last applies, never an earlier one again
    services.term_add(actor=w["admin"], name="2020-2025", starts_on=date(2020, 11, 1), issuer=w["hub"])
    assert n("party", date(2030, 10, 21)) == "02-TB/BTCTU"  # its own old term started before: no going back
    services.term_add(actor=w["admin"], name="2035-2040", starts_on=date(2035, 9, 1), issuer=w["hub"])
    assert n("party", date(2035, 9, 1)) == "01-TB/BTCTU"  # its own new term, before any provincial one
    with pytest.raises(ValidationError, match="2025-2030"):
        services.term_add(actor=w["admin"], name="nhiệm kỳ mới", starts_on=date(2035, 10, 1))
    with pytest.raises(PermissionDenied):
        services.term_add(actor=clerk, name="2035-2040", starts_on=date(2035, 10, 1))


def test_date_and_number_forms_follow_the_regime():
    party, state = regimes.get_regime("party"), regimes.get_regime("state")
    assert regimes.date_line(state, "Hà Nội", date(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert regimes.date_line(state, "Hà Nội", date(2019, 6, 29)) == "Hà Nội, ngày 29 tháng 6 năm 2019"
    assert regimes.date_line(party, "Hạ Long", date(2018, 2, 20)) == "Hạ Long, ngày 20 tháng 02 năm 2018"
    assert regimes.number_symbol(party, 127, "QĐ", "TW") == "127-QĐ/TW"
    assert regimes.number_symbol(state, 5, "", "BNV", "VP", letter=True) == "05/BNV-VP"
    assert regimes.number_symbol(state, 5, "", "BNV", "", letter=True) == "05/BNV"
    assert regimes.archive_line(state, "") == "Lưu: VT."


def test_the_rules_are_data_an_administrator_edits_with_an_audit(w):
    with pytest.raises(PermissionDenied):
        services.regime_update(actor=w["officer"], code="party", values={"number_width": 3}, reason="Thử đổi")
    with pytest.raises(ValidationError) as bad:
        services.regime_update(
            actor=w["admin"],
            code="state",
            values={"symbol_pattern": "{so}/{type}", "number_width": 9},
            reason="Thử sai",
        )
    assert set(bad.value.message_dict) == {"symbol_pattern", "number_width"}  # all refused, nothing saved
    assert regimes.get_regime("state").symbol_pattern == "{number}/{type}-{issuer}"
    services.regime_update(actor=w["admin"], code="party", values={"number_width": 3}, reason="Sổ lớn")
    assert issue(w, draft(w)).number_symbol == "001-CV/BTCTU"
    event = AuditEvent.objects.get(action="format.change")
    assert event.payload_data["fields"] == ["number_width"] and event.payload_data["regime"] == "party"


def test_a_kind_registers_its_own_templates_and_the_party_calls_a_member_comrade(w):
    from phoihop.documents.generation import draft_defaults
    from phoihop.people.tests.factories import make_person

    assert {"phieu_chuyen", "ket_luan"} <= set(templates_for("general"))
    assert {"cong_van", "bao_cao"} <= set(templates_for("general"))
    with pytest.raises(ValidationError, match="không có mẫu"):
        draft(w, template="khong_co")
    person = make_person(w["officer"], "Đoàn Văn Thử", party_joined_on=date(2000, 1, 1))
    case_services.case_subject_add(actor=w["officer"], case=w["case"], person=person)
    party = draft_defaults(w["case"], w["officer"], "de_nghi_xac_minh", "party")
    state = draft_defaults(w["case"], w["officer"], "de_nghi_xac_minh", "state")
    assert "đối với đồng chí Đoàn Văn Thử" in party["body"]
    assert "đối với Đoàn Văn Thử" in state["body"] and "đồng chí Đoàn" not in state["body"]


def test_an_administrator_test_renders_a_template_sees_the_differences_then_applies_it(w):
    from docx import Document as Docx

    from phoihop.documents.generation import template_path
    from phoihop.documents.tests import helpers

    shipped = template_path("ket_luan.docx").read_bytes()
    doc = Docx(io.BytesIO(shipped))
    doc.add_paragraph("Dòng thêm của cơ quan {{ issuer }}")
    changed = io.BytesIO()
    doc.save(changed)
    with pytest.raises(PermissionDenied):
        services.template_stage(actor=w["officer"], code="ket_luan", data=changed.getvalue())
    with pytest.raises(ValidationError, match="DOCX"):
        services.template_stage(
            actor=w["admin"], code="ket_luan", data=helpers.pdf_with_text("không phải mẫu")
        )
    with pytest.raises(ValidationError, match="thiếu các trường"):
        services.template_stage(actor=w["admin"], code="ket_luan", data=helpers.docx_with_text("Trống"))
    preview = services.template_stage(actor=w["admin"], code="ket_luan", data=changed.getvalue())
    assert preview["pending"] and all(
        any("Dòng thêm của cơ quan BAN TỔ CHỨC TỈNH ỦY" in line for line in r["diff"])
        for r in preview["regimes"]
    )
    # not in force until applied
    assert "Dòng thêm" not in " ".join(texts(issue(w, draft(w, template="ket_luan")), 2)[0:1])
    services.template_apply(actor=w["admin"], code="ket_luan", reason="Mẫu của cơ quan")
    assert "Dòng thêm của cơ quan" in texts(issue(w, draft(w, template="ket_luan")), 2)[0]
    event = AuditEvent.objects.filter(action="template.change").latest("id")
    assert event.payload_data["template"] == "ket_luan" and event.payload_data["sha256"]
    services.template_reset(actor=w["admin"], code="ket_luan", reason="Trở về mẫu gốc")
    assert "Dòng thêm" not in texts(issue(w, draft(w, template="ket_luan")), 2)[0]


def test_pages_draft_sign_issue_and_an_outsider_sees_none_of_it(w, client):
    from phoihop.cases.tests.helpers import login

    page = login(w["officer"]).get(
        f"/cases/{w['case'].pk}/documents/generate/?template=cong_van&regime=state"
    )
    assert page.status_code == 200 and "V/v" not in page.content.decode()  # defaults only; no number yet
    form = {
        "template": "cong_van",
        "regime": "state",
        "parent_issuer": "Tỉnh ủy Sơn Hà",
        "symbol": "BTCTU",
        "unit": "TCCB",
        "place": "Sơn Hà",
        "subject_line": "trao đổi thông tin (hư cấu)",
        "body": "Nội dung.",
        "recipients": "Như trên",
        "authority": "TUQ",
        "authority_of": "Trưởng ban",
        "signer_title": "Chánh Văn phòng",
        "classification": "0",
    }
    made = login(w["officer"]).post(f"/cases/{w['case'].pk}/documents/generate/", form)
    assert made.status_code == 302, made.content.decode()[:3000]
    document = OfficialPaper.objects.get().document
    leader = login(w["leader"])
    detail = leader.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="sign-form"' in detail and 'id="issue-form"' not in detail
    assert (
        leader.post(
            f"/documents/{document.pk}/sign/",
            {"authority": "TUQ", "authority_of": "Trưởng ban", "signer_title": "Chánh Văn phòng"},
        ).status_code
        == 302
    )
    clerk = login(w["clerk"])
    assert 'id="issue-form"' in clerk.get(f"/documents/{document.pk}/").content.decode()
    assert clerk.post(f"/documents/{document.pk}/issue/").status_code == 302
    document.refresh_from_db()
    assert document.number_symbol == "01/BTCTU-TCCB"
    assert "TUQ. TRƯỞNG BAN" in texts(document, 2)[1] and "CHÁNH VĂN PHÒNG" in texts(document, 2)[1]
    outsider = UserFactory(username="cv.ca", agency=AgencyFactory(code="CA"), roles=["leader"], clearance=3)
    other = login(outsider)
    assert other.get(f"/documents/{document.pk}/").status_code == 404
    assert other.post(f"/documents/{document.pk}/sign/", {"signer_title": "X"}).status_code == 404
    assert other.post(f"/documents/{document.pk}/issue/").status_code == 404
    assert login(w["officer"]).get("/registers/formats/").status_code == 200
    assert other.get("/registers/templates/").status_code == 403


def test_api_drafts_signs_and_issues_as_the_schema_says_and_refuses_outsiders(w):
    from phoihop.cases.tests.helpers import login

    officer, leader, clerk = login(w["officer"]), login(w["leader"]), login(w["clerk"])
    base = f"/api/v1/cases/{w['case'].pk}/documents/"
    templates = officer.get(base + "templates/").json()
    assert {"cong_van", "phieu_chuyen"} <= {t["code"] for t in templates}
    body = {
        "template": "cong_van",
        "regime": "state",
        "parent_issuer": "Tỉnh ủy Sơn Hà",
        "place": "Sơn Hà",
        "subject_line": "trao đổi thông tin (hư cấu)",
        "body": "Nội dung.",
        "recipients": ["Như trên;", "Lưu trữ"],
        "symbol": "BTCTU",
        "unit": "TCCB",
        "authority": "KT",
        "authority_of": "Trưởng ban",
    }
    bad = officer.post(
        base + "generate/", {**body, "regime": "xyz", "body": ""}, content_type="application/json"
    )
    assert bad.status_code == 400 and {"regime", "body"} <= set(bad.json()["errors"])
    refused = officer.post(
        base + "generate/",
        {**body, "authority": "TUQ", "template": "khong_co"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "template" in refused.json()["errors"]
    made = officer.post(base + "generate/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    draft_id = made.json()["id"]
    assert made.json()["paper"]["status"] == "draft" and made.json()["number_symbol"] == ""
    assert not IssuedNumber.objects.exists()
    early = clerk.post(f"/api/v1/documents/{draft_id}/issue/")
    assert early.status_code == 400 and "chưa được ký" in str(early.json())
    assert (
        officer.post(
            f"/api/v1/documents/{draft_id}/sign/", {"signer_title": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    signed = leader.post(
        f"/api/v1/documents/{draft_id}/sign/",
        {"authority": "KT", "signer_title": "Phó Trưởng ban"},
        content_type="application/json",
    )
    assert signed.status_code == 200 and signed.json()["paper"]["signer_name"] == "Vi Thị Hạnh"
    issued = clerk.post(f"/api/v1/documents/{draft_id}/issue/")
    assert issued.status_code == 200, issued.content
    assert issued.json()["number_symbol"] == "01/BTCTU-TCCB" == issued.json()["paper"]["number"]
    assert {v["filename"] for v in issued.json()["versions"] if v["number"] == 2} == {
        "01-BTCTU-TCCB.docx",
        "01-BTCTU-TCCB.pdf",
    }
    outsider = login(
        UserFactory(username="ld.ca", agency=AgencyFactory(code="CA"), roles=["leader", "clerk"])
    )
    assert outsider.post(base + "generate/", body, content_type="application/json").status_code == 404
    for step in ("sign", "issue"):
        assert (
            outsider.post(
                f"/api/v1/documents/{draft_id}/{step}/",
                {"signer_title": "X"},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert outsider.get(f"/api/v1/documents/{draft_id}/").status_code == 404


def test_the_printed_number_is_the_registers_whatever_symbol_a_draft_typed(w):
    first = issue(w, draft(w, symbol="BTCTU"))
    second = issue(w, draft(w, symbol="KHAC"))  # the register keeps its own symbol
    assert second.number_symbol == "02-CV/BTCTU"
    assert "Số 02-CV/BTCTU" in texts(second, 2)[1] and first.number_symbol == "01-CV/BTCTU"


def test_a_draft_is_its_agencys_own_until_issued(w):
    from phoihop.access.policy import Action, can
    from phoihop.documents import selectors

    partner = AgencyFactory(code="UBKT")
    reader = UserFactory(username="ld.ubkt", agency=partner, roles=["leader"], clearance=3)
    case = case_services.case_open(actor=w["officer"], title="Phối hợp (hư cấu)", participants=[partner])
    document = draft(w, case=case, subject_line="dự thảo riêng (hư cấu)")
    assert can(reader, Action.VIEW, case) and not can(reader, Action.VIEW, document)
    assert not selectors.visible(reader).filter(pk=document.pk).exists()
    assert not selectors.search_documents(reader, "du thao rieng")
    issue(w, document)
    assert can(reader, Action.VIEW, document)
    # of the issued paper, the other agency reads the issued version only, never the draft
    from phoihop.access.policy import restrict
    from phoihop.documents.models import DocumentVersion

    versions = DocumentVersion.objects.filter(document=document)
    assert set(restrict(versions, reader, Action.VIEW).values_list("number", flat=True)) == {2}
    assert set(restrict(versions, w["officer"], Action.VIEW).values_list("number", flat=True)) == {1, 2}


def test_text_that_shows_nothing_a_signed_copy_that_runs_code_and_a_broken_template_are_refused(w):
    from phoihop.documents.tests import helpers

    with pytest.raises(ValidationError) as blank:
        draft(w, subject_line="\u200b\u200b", body="\u0301\u0300")
    assert set(blank.value.message_dict) == {"subject_line", "body"}
    document = draft(w, subject_line="V/v đề nghị (hư cấu)")
    html = b"<html><body><script>alert(1)</script></body></html>"
    for name, data in (("ban-ky.html", html), ("ban-ky.pdf", helpers.pdf_with_text("ký") + b"/JavaScript")):
        with pytest.raises(ValidationError):
            services.document_sign(
                actor=w["leader"], document=document, signer_title="Phó", file_name=name, data=data
            )
    assert document.versions.count() == 2  # nothing kept of the refused uploads
    # an administrator's template that breaks on this paper: refused with a message, no number taken
    services.document_sign(
        actor=w["leader"], document=document, authority="KT", signer_title="Phó Trưởng ban"
    )
    from django.conf import settings

    target = settings.DATA_DIR / "templates" / "cong_van.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(helpers.docx_with_text("{{ number }} {{ issuer }} {{ date_line }} {{ number.x.y() }}"))
    with pytest.raises(ValidationError, match="không dựng được"):
        services.document_issue(actor=w["clerk"], document=document)
    assert not IssuedNumber.objects.exists()
    target.unlink()
    issued = services.document_issue(actor=w["clerk"], document=document)
    assert issued.number.number_symbol == "01-CV/BTCTU"
    # a subject typed with "V/v" is not printed "V/v V/v"
    document.refresh_from_db()
    assert "V/v V/v" not in texts(document, 2)[1]


def test_the_page_says_when_no_clerk_may_issue_a_signed_paper(w):
    from phoihop.cases.tests.helpers import login

    secret_case = case_services.case_open(actor=w["officer"], title="Hồ sơ mật (hư cấu)", classification=2)
    document = draft(w, case=secret_case, classification=2)
    services.document_sign(
        actor=w["leader"], document=document, authority="KT", signer_title="Phó Trưởng ban"
    )
    page = login(w["leader"]).get(f"/documents/{document.pk}/").content.decode()
    assert 'id="paper-issuers"' in page and "Chưa có văn thư nào" in page
    case_services.case_team_add(actor=w["officer"], case=secret_case, user=w["clerk"])
    page = login(w["leader"]).get(f"/documents/{document.pk}/").content.decode()
    assert "Văn thư có thể ban hành:" in page


def test_the_leader_is_told_of_a_draft_to_sign_and_the_clerk_of_a_paper_to_issue(
    w, django_capture_on_commit_callbacks
):
    from phoihop.notify.models import Notification

    outsider = UserFactory(username="ld.ca", agency=AgencyFactory(code="CA"), roles=["leader", "clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        document = draft(w)
    to_sign = Notification.objects.filter(code="paper_to_sign")
    assert list(to_sign.values_list("user__username", flat=True)) == ["ld.btc"]
    assert to_sign.get().link == f"/documents/{document.pk}/" and to_sign.get().params == {
        "case": str(w["case"].pk)
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.document_sign(actor=w["leader"], document=document, signer_title="Trưởng ban")
    to_issue = Notification.objects.filter(code="paper_to_issue")
    assert list(to_issue.values_list("user__username", flat=True)) == ["vt.btc"]
    assert not Notification.objects.filter(user=outsider).exists()


def test_the_party_and_the_state_copies_side_by_side(w):
    from phoihop.cases.tests.helpers import login

    party, state = issue(w, draft(w, regime="party")), issue(w, draft(w, regime="state"))
    page = login(w["officer"]).get(f"/documents/{party.pk}/")
    assert f"/documents/{party.pk}/compare/{state.pk}/" in page.content.decode()
    both = login(w["officer"]).get(f"/documents/{party.pk}/compare/{state.pk}/").content.decode()
    assert party.number_symbol in both and state.number_symbol in both and both.count("<iframe") == 2
    assert AuditEvent.objects.filter(action="record.read", object_id=str(state.pk)).exists()


def test_the_sign_form_keeps_what_the_leader_typed_and_says_what_is_wrong_beside_it(w):
    from phoihop.cases.tests.helpers import login

    document = draft(w)
    page = login(w["leader"]).post(
        f"/documents/{document.pk}/sign/",
        {"authority": "KT", "authority_of": "", "signer_title": "Phó Trưởng ban thứ nhất"},
    )
    text = page.content.decode()
    assert page.status_code == 400 and "cần ghi thay mặt, ký thay cho ai" in text
    assert 'value="Phó Trưởng ban thứ nhất"' in text and 'id="sign-form"' in text
    assert OfficialPaper.objects.get(document=document).status == PaperStatus.DRAFT


def test_a_cancelled_number_shows_on_the_paper_and_done_steps_leave_no_one_told(
    w, django_capture_on_commit_callbacks
):
    from phoihop.cases.tests.helpers import login
    from phoihop.notify.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        document = draft(w)
        services.document_sign(actor=w["leader"], document=document, signer_title="Trưởng ban")
    assert Notification.objects.get(code="paper_to_sign").read_at is not None  # signed: nothing left to do
    with django_capture_on_commit_callbacks(execute=True):
        paper = services.document_issue(actor=w["clerk"], document=document)
    assert Notification.objects.get(code="paper_to_issue").read_at is not None
    services.number_cancel(actor=w["clerk"], issued=paper.number, reason="Cấp nhầm số")
    page = login(w["officer"]).get(f"/documents/{document.pk}/").content.decode()
    assert 'id="paper-cancelled"' in page and "Cấp nhầm số" in page


def test_an_administrator_removes_a_term_declared_by_mistake_on_the_formats_page(w):
    from phoihop.cases.tests.helpers import login
    from phoihop.documents.models import Term

    term = services.term_add(actor=w["admin"], name="2030-2035", starts_on=date(2030, 10, 20))
    officer = login(w["officer"])
    assert officer.get("/registers/formats/").status_code == 200  # read-only for those who number documents
    assert officer.post("/registers/formats/", {"do": "term_remove", "term": term.pk}).status_code == 403
    done = login(w["admin"]).post("/registers/formats/", {"do": "term_remove", "term": term.pk})
    assert done.status_code == 302 and not Term.objects.filter(pk=term.pk).exists()
    event = AuditEvent.objects.filter(action="term.change").latest("id")
    assert event.payload_data["removed"] is True and event.payload_data["term"] == "2030-2035"
