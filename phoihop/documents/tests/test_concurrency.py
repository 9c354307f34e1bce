"""Document numbers under concurrency: several clerks at once, never a duplicate or a gap."""

from __future__ import annotations

import pytest

from phoihop.cases.tests.test_concurrency import run_together
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import services
from phoihop.documents.models import IssuedNumber

pytestmark = pytest.mark.django_db(transaction=True)


def test_numbers_are_neither_duplicated_nor_skipped_under_concurrency():
    hub = AgencyFactory(code="BTC", is_hub=True)
    clerks = [UserFactory(username=f"vt{i}", agency=hub, roles=["clerk"]) for i in range(6)]
    jobs = [
        lambda u=u, n=n: (
            services.number_issue(actor=u, doc_type="TB", subject=f"Thông báo {u.username}-{n}").number
        )
        for u in clerks
        for n in range(3)
    ]
    numbers = run_together(jobs)
    assert all(isinstance(n, int) for n in numbers), numbers
    assert sorted(numbers) == list(range(1, 19)) and IssuedNumber.objects.count() == 18


def test_two_clerks_issuing_signed_papers_at_once_get_consecutive_numbers(settings, tmp_path):
    """Issue 16: the number is taken when the clerk issues, under the register's row lock."""
    from phoihop.cases import services as case_services
    from phoihop.documents.models import OfficialPaper

    settings.DATA_DIR = tmp_path
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="cv", agency=hub, roles=["officer"])
    leader = UserFactory(username="ld", agency=hub, roles=["leader"])
    clerks = [UserFactory(username=f"vt{i}", agency=hub, roles=["clerk"]) for i in range(2)]
    case = case_services.case_open(actor=officer, title="Hồ sơ thử")
    papers = []
    for i in range(4):
        document = services.document_generate(
            actor=officer,
            case=case,
            template="cong_van",
            regime="party",
            subject_line=f"công văn {i}",
            body="Nội dung.",
            recipients=["Như trên"],
            parent_issuer="Đảng bộ tỉnh",
            place="Sơn Hà",
        )
        services.document_sign(actor=leader, document=document, signer_title="Trưởng ban")
        papers.append(document)
    jobs = [
        lambda c=clerks[i % 2], d=d: services.document_issue(actor=c, document=d).number.number
        for i, d in enumerate(papers)
    ]
    numbers = run_together(jobs)
    assert all(isinstance(n, int) for n in numbers), numbers
    assert sorted(numbers) == [1, 2, 3, 4]
    assert sorted(OfficialPaper.objects.values_list("number__number_symbol", flat=True)) == [
        "01-CV/BTC",
        "02-CV/BTC",
        "03-CV/BTC",
        "04-CV/BTC",
    ]
