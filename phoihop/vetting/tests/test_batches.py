"""Batch vetting (docs/vetting.md): a candidate file checked row by row (nothing requested unless every row
passes or the user skips bad rows), the cases created by the runner (resumable), one dispatch per partner
listing its candidates (a request per case behind it), answered together and all-or-nothing, and the board
counted with a fixed number of queries."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from phoihop.access.policy import Action, can
from phoihop.cases.models import CoordinationRequest
from phoihop.notify.models import Notification
from phoihop.people.tests.factories import make_person
from phoihop.vetting import batches, selectors
from phoihop.vetting.models import Batch, Dispatch, DispatchItem, Purpose, Vetting

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Phúc", "Quế"]
_made = [0]


def _people(world: dict[str, Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        i = _made[0] = _made[0] + 1
        name = f"Ứng Viên {GIVEN[i % len(GIVEN)]} {GIVEN[(i // len(GIVEN)) % len(GIVEN)]}"
        out.append(make_person(world["owner"], name, birth_year=1980, national_id=f"001080{i:06d}"))
    return out


def _request(world: dict[str, Any], rows: list[batches.Row], **kw: Any) -> Batch:
    return batches.batch_request(
        actor=world["owner"],
        name="Đại hội thử",
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Đảng ủy xã Thử",
        deadline=timezone.localdate() + timedelta(days=40),
        classification=1,
        rows=rows,
        start=False,
        **kw,
    )


def test_a_file_is_read_by_its_headers_and_a_bad_file_is_refused_whole(world: dict[str, Any]) -> None:
    rows = batches.read_rows(
        "ds.csv", _csv("Số CCCD,Họ và tên,Chức vụ dự kiến", "001078000001,Phan Văn Ứng,Bí thư")
    )
    assert rows == [{"national_id": "001078000001", "full_name": "Phan Văn Ứng", "position": "Bí thư"}]
    wb = Workbook()
    wb.active.append(["Số thẻ đảng viên", "Họ và tên"])
    wb.active.append(["12345", "A"])
    data = io.BytesIO()
    wb.save(data)
    assert batches.read_rows("ds.xlsx", data.getvalue()) == [{"party_card": "12345", "full_name": "A"}]
    for name, content, words in (
        ("ds.csv", _csv("Số CCCD,Quê quán", "1,x"), "Cột không nhận ra"),
        ("ds.csv", _csv("Họ và tên", "A"), "Số CCCD"),
        ("ds.csv", b"So CCCD\n\xe9\xff", "UTF-8"),
        ("ds.xlsx", b"not a workbook", "Excel"),
        ("ds.txt", b"x", ".csv"),
        ("ds.csv", _csv("Số CCCD"), "không có dòng"),
    ):
        with pytest.raises(ValidationError) as refused:
            batches.read_rows(name, content)
        assert words in refused.value.message_dict["file"][0]


def test_each_row_gets_its_own_errors_and_nothing_is_requested_unless_all_pass(world: dict[str, Any]) -> None:
    raw = [
        {"national_id": "001078000001", "full_name": "Phan Văn Ứng"},
        {"national_id": "999999999999"},
        {"full_name": "Không Có Số"},
        {"national_id": "001085000002", "full_name": "Tên Khác Hẳn"},
        {"national_id": "001078000001"},
    ]
    rows = batches.check_rows(world["owner"], raw)
    assert [bool(r.errors) for r in rows] == [False, True, True, True, True]
    assert "sổ đăng ký" in rows[1].errors[0] and "Thiếu" in rows[2].errors[0]
    assert "khác họ tên" in rows[3].errors[0] and "dòng 2" in rows[4].errors[0]
    with pytest.raises(ValidationError) as refused:
        _request(world, rows)
    assert [m.split(":")[0] for m in refused.value.message_dict["file"]] == [
        "Dòng 3",
        "Dòng 4",
        "Dòng 5",
        "Dòng 6",
    ]
    assert not Batch.objects.exists()
    batch = _request(world, rows, skip_invalid=True)
    assert batch.total == 1


def test_the_runner_creates_one_case_per_candidate_and_resumes_where_it_stopped(
    world: dict[str, Any],
) -> None:
    people = _people(world, 5)
    batch = _request(
        world, batches.check_rows(world["owner"], [{"uuid": str(p.uuid), "position": "UV"} for p in people])
    )
    assert batches.run(batch.pk, progress_every=2) == "ready"
    batch.refresh_from_db()
    assert batch.created == 5 and Vetting.objects.filter(batch=batch).count() == 5
    assert set(Vetting.objects.filter(batch=batch).values_list("requested_position", flat=True)) == {"UV"}
    # running again creates nothing twice
    Batch.objects.filter(pk=batch.pk).update(state="queued")
    batches.run(batch.pk)
    assert Vetting.objects.filter(batch=batch).count() == 5


def test_a_stopped_run_keeps_what_it_made_and_continues(world: dict[str, Any]) -> None:
    people = _people(world, 4)
    batch = _request(world, batches.check_rows(world["owner"], [{"uuid": str(p.uuid)} for p in people]))
    type(people[2]).objects.filter(pk=people[2].pk).delete()  # gone between the request and the run
    assert batches.run(batch.pk, progress_every=2) == "failed"
    batch.refresh_from_db()
    assert batch.created == 2 and batch.failure and Vetting.objects.filter(batch=batch).count() == 2
    Batch.objects.filter(pk=batch.pk).update(
        candidates=[c for c in batch.candidates if c["person"] != str(people[2].uuid)], state="queued"
    )
    assert batches.run(batch.pk) == "ready"
    assert Vetting.objects.filter(batch=batch).count() == 3


def _ready(world: dict[str, Any], n: int) -> Batch:
    people = _people(world, n)
    batch = _request(world, batches.check_rows(world["owner"], [{"uuid": str(p.uuid)} for p in people]))
    batches.run(batch.pk)
    batch.refresh_from_db()
    return batch


def test_one_dispatch_per_partner_lists_its_candidates_and_each_partner_sees_only_its_own(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    batch = _ready(world, 3)
    police, army = batches.dispatch_send(
        actor=world["owner"],
        batch=batch,
        agencies=[world["CA"], world["QS"]],
        body="Xác minh các ứng viên",
        start=False,
    )
    for d in (police, army):
        with django_capture_on_commit_callbacks(execute=True):
            assert batches.send(d.pk) == "sent"
    assert DispatchItem.objects.filter(dispatch=police).count() == 3
    assert CoordinationRequest.objects.filter(case__vetting__batch=batch).count() == 6
    # the liaisons are told once per dispatch, not once per candidate
    assert Notification.objects.filter(user=world["recipient"]).count() == 1
    assert [d.pk for d in selectors.dispatches_in(world["recipient"])] == [police.pk]
    assert not can(world["recipient"], Action.VIEW, army)
    assert selectors.dispatch_items(world["recipient"], army).count() == 0
    assert selectors.dispatch_items(world["recipient"], police).count() == 3
    assert not selectors.dispatches_in(world["participant"]).exists()
    with pytest.raises(ValidationError):  # one dispatch per partner at a time
        batches.dispatch_send(
            actor=world["owner"], batch=batch, agencies=[world["BTC"]], body="x", start=False
        )


def test_answers_are_given_together_or_not_at_all(world: dict[str, Any]) -> None:
    batch = _ready(world, 3)
    (police,) = batches.dispatch_send(
        actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
    )
    batches.send(police.pk)
    with pytest.raises(ValidationError) as refused:
        batches.dispatch_answer(
            actor=world["recipient"],
            dispatch=police,
            answers={1: ("none", ""), 2: ("issue", ""), 9: ("none", "")},
        )
    assert len(refused.value.message_dict["answers"]) == 2
    assert CoordinationRequest.objects.filter(status="answered").count() == 0
    with pytest.raises(ValidationError):  # another agency cannot answer
        batches.dispatch_answer(actor=world["participant"], dispatch=police, answers={1: ("none", "")})
    assert (
        batches.dispatch_answer(
            actor=world["recipient"],
            dispatch=police,
            answers={1: ("none", ""), 2: ("issue", "Có tiền án của bố")},
        )
        == 2
    )
    answered = CoordinationRequest.objects.filter(status="answered")
    assert answered.count() == 2 and "tiền án" in answered.get(response__contains="tiền án").response
    board = selectors.board(world["owner"], batch)
    assert board.agencies == [{"to_agency__code": "CA", "sent": 3, "answered": 2, "overdue": 0}]


def test_the_board_counts_with_a_fixed_number_of_queries(world: dict[str, Any]) -> None:
    def queries(batch: Batch) -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.board(world["owner"], batch)
        return len(ctx.captured_queries)

    small, large = _ready(world, 2), _ready(world, 8)
    for b in (small, large):
        (d,) = batches.dispatch_send(
            actor=world["owner"], batch=b, agencies=[world["CA"]], body="x", start=False
        )
        batches.send(d.pk)
    assert queries(small) == queries(large)
    board = selectors.board(world["owner"], large)
    assert board.total == 8 and board.by_status == {"open": 8} and board.at_risk == 0
    assert selectors.board(world["outsider"], large).total == 0


def test_a_dispatch_is_sent_once_per_partner_by_who_handles_every_case(world: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    batch = _ready(world, 2)
    with pytest.raises(PermissionDenied):  # a hub officer on none of the batch's teams
        batches.dispatch_send(
            actor=world["colleague"], batch=batch, agencies=[world["CA"]], body="x", start=False
        )
    assert not Dispatch.objects.exists()
    (d,) = batches.dispatch_send(
        actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
    )
    batches.send(d.pk)
    with pytest.raises(ValidationError) as twice:
        batches.dispatch_send(
            actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
        )
    assert "đã gửi" in twice.value.message_dict["agencies"][0]


def test_requests_are_due_by_the_batchs_deadline(world: dict[str, Any]) -> None:
    people = _people(world, 1)
    batch = batches.batch_request(
        actor=world["owner"],
        name="Đợt gấp",
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Đảng ủy xã Thử",
        deadline=timezone.localdate() + timedelta(days=3),
        classification=1,
        rows=batches.check_rows(world["owner"], [{"uuid": str(people[0].uuid)}]),
        start=False,
    )
    batches.run(batch.pk)
    batch.refresh_from_db()
    (d,) = batches.dispatch_send(
        actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
    )
    batches.send(d.pk)
    assert CoordinationRequest.objects.get(case__vetting__batch=batch).due_on <= batch.deadline


def test_an_answer_to_a_row_beyond_any_batch_is_refused_not_a_crash(world: dict[str, Any]) -> None:
    batch = _ready(world, 1)
    (d,) = batches.dispatch_send(
        actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
    )
    batches.send(d.pk)
    with pytest.raises(ValidationError) as refused:
        batches.dispatch_answer(actor=world["recipient"], dispatch=d, answers={10**30: ("none", "")})
    assert "Dòng" in refused.value.message_dict["answers"][0]
    batches.dispatch_answer(actor=world["recipient"], dispatch=d, answers={1: ("none", "")})
    with pytest.raises(ValidationError) as again:
        batches.dispatch_answer(actor=world["recipient"], dispatch=d, answers={1: ("none", "")})
    assert "đã được trả lời" in again.value.message_dict["answers"][0]
