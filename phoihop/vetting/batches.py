"""Batch vetting for a congress or an election (docs/vetting.md): a list of candidates read from a file or
picked in the registry, checked row by row (nothing is requested unless every row passes or the user chose to
skip bad rows), one hard deadline; the cases are created in the background with progress, and partners get
one request each listing their candidates (behind it one coordination request per candidate's case), answered
together from their inbox.

Creating and sending run in steps of `CHUNK` rows, each step one transaction, so the page shows progress; a
step that fails stops the job with what was done kept, and starting it again continues where it stopped (a
candidate never gets two cases, a case never two requests of one dispatch)."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases.choices import RequestKind
from phoihop.cases.models import Case
from phoihop.core.models import Agency, User
from phoihop.notify.services import notify
from phoihop.people.models import Person
from phoihop.search.folding import fold_vi
from phoihop.transactions import batch as one_unit
from phoihop.transactions import user_action
from phoihop.vetting import audit_events
from phoihop.vetting.choices import BatchState, DispatchState, ReplyFinding
from phoihop.vetting.models import Batch, Dispatch, DispatchItem, Purpose, Vetting

log = logging.getLogger(__name__)
CHUNK = 25
MAX_CANDIDATES = 2000
MAX_FILE_BYTES = 5 * 1024 * 1024
HEADERS = {
    "so cccd": "national_id",
    "national_id": "national_id",
    "so the dang vien": "party_card",
    "party_card": "party_card",
    "ma nguoi": "uuid",
    "uuid": "uuid",
    "ho va ten": "full_name",
    "full_name": "full_name",
    "chuc vu du kien": "position",
    "position": "position",
}
TEMPLATE = ["Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Chức vụ dự kiến"]


@dataclass
class Row:
    line: int
    person: Person | None = None
    position: str = ""
    errors: list[str] = field(default_factory=list)


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """A candidate file's rows as {column: text}; an unreadable file or an unknown column is refused whole."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("Tệp lớn hơn 5 MB.")]})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            table = [
                [
                    ""
                    if v is None
                    else (v.strftime("%d/%m/%Y") if isinstance(v, datetime | date) else str(v))
                    for v in r
                ]
                for r in sheet.iter_rows(values_only=True)
            ]
        except Exception:  # a corrupt workbook: the same answer for every cause
            log.warning("a candidate workbook could not be read", exc_info=True)
            raise ValidationError({"file": [_("Không đọc được tệp Excel.")]}) from None
    elif lower.endswith(".csv"):
        try:
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        except UnicodeDecodeError:
            raise ValidationError({"file": [_("Tệp CSV phải dùng bảng mã UTF-8.")]}) from None
    else:
        raise ValidationError({"file": [_("Chỉ nhận tệp .csv hoặc .xlsx.")]})
    table = [r for r in table if any(c.strip() for c in r)]
    if len(table) < 2:
        raise ValidationError({"file": [_("Tệp không có dòng ứng viên nào.")]})
    header = [HEADERS.get(fold_vi(h).replace("*", "").strip()) for h in table[0]]
    if unknown := [table[0][i] for i, h in enumerate(header) if h is None and table[0][i].strip()]:
        raise ValidationError({"file": [_("Cột không nhận ra: %(cols)s.") % {"cols": ", ".join(unknown)}]})
    if not {"national_id", "party_card", "uuid"} & set(header):
        raise ValidationError({"file": [_("Cần cột “Số CCCD” hoặc “Số thẻ đảng viên”.")]})
    if len(table) - 1 > MAX_CANDIDATES:
        raise ValidationError(
            {
                "file": [
                    _("Mỗi đợt tối đa %(n)s ứng viên; hãy chia tệp.")
                    % {"n": f"{MAX_CANDIDATES:,}".replace(",", ".")}
                ]
            }
        )
    return [{h: (r[i].strip() if i < len(r) else "") for i, h in enumerate(header) if h} for r in table[1:]]


def check_rows(actor: Any, raw: list[dict[str, str]]) -> list[Row]:
    """Each row's person (by citizen ID, Party card or registry id — one the actor may see; a hidden person
    reads as absent) and its errors: no identifier, not in the registry, a name that is not the registry's, a
    person listed twice."""
    ids = {r.get("national_id") for r in raw if r.get("national_id")}
    cards = {r.get("party_card") for r in raw if r.get("party_card")}
    uuids = {r.get("uuid") for r in raw if r.get("uuid") and len(r.get("uuid", "")) == 36}
    visible = restrict(Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True), actor)
    by_id: dict[str, Person] = {}
    for p in visible.filter(national_id__in=ids) if ids else []:
        by_id[f"n:{p.national_id}"] = p
    for p in visible.filter(party_card__in=cards) if cards else []:
        by_id[f"c:{p.party_card}"] = p
    try:
        for p in visible.filter(uuid__in=uuids) if uuids else []:
            by_id[f"u:{p.uuid}"] = p
    except ValidationError:
        pass
    rows: list[Row] = []
    seen: dict[int, int] = {}
    for line, r in enumerate(raw, start=2):
        row = Row(line, position=(r.get("position") or "")[:200])
        keys = [
            f"n:{r['national_id']}" if r.get("national_id") else "",
            f"c:{r['party_card']}" if r.get("party_card") else "",
            f"u:{r['uuid']}" if r.get("uuid") else "",
        ]
        keys = [k for k in keys if k]
        if not keys:
            row.errors.append(_("Thiếu số CCCD hoặc số thẻ đảng viên."))
        found = {by_id[k].pk: by_id[k] for k in keys if k in by_id}
        if keys and (not found or any(k not in by_id for k in keys)):
            row.errors.append(_("Không tìm thấy người này trong sổ đăng ký."))
        elif len(found) > 1:
            row.errors.append(_("Số CCCD và số thẻ đảng viên là của hai người khác nhau."))
        elif found:
            person = next(iter(found.values()))
            name = r.get("full_name") or ""
            if name and fold_vi(name) != person.name_folded:
                row.errors.append(_("Họ tên trong tệp khác họ tên trong sổ đăng ký của người có số này."))
            elif person.pk in seen:
                row.errors.append(_("Trùng người với dòng %(n)d.") % {"n": seen[person.pk]})
            else:
                row.person = person
                seen[person.pk] = line
        rows.append(row)
    return rows


def _runner(actor: Any) -> None:
    if not has_role(actor, "officer", "leader") or not actor.agency or not actor.agency.is_hub:
        raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo Ban Tổ chức yêu cầu thẩm định theo đợt."))


@user_action
def batch_request(
    *,
    actor: Any,
    name: str,
    purpose: Purpose,
    requesting_body: str,
    deadline: date,
    classification: int,
    rows: list[Row],
    skip_invalid: bool = False,
    start: bool = True,
) -> Batch:
    """Request a batch: every row must pass (or, with `skip_invalid`, the bad ones are left out); the cases
    are created in the background after this commits."""
    _runner(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Cần ghi tên đợt.")]
    if not requesting_body.strip():
        errors["requesting_body"] = [_("Cần ghi cơ quan, tổ chức đề nghị.")]
    if deadline < timezone.localdate():
        errors["deadline"] = [_("Hạn cuối không thể trước hôm nay.")]
    if classification > actor.clearance:
        errors["classification"] = [_("Không thể lập hồ sơ có độ mật cao hơn mức bạn được tiếp cận.")]
    bad = [r for r in rows if r.errors]
    if bad and not skip_invalid:
        errors["file"] = [
            _("Dòng %(line)d: %(errors)s") % {"line": r.line, "errors": " ".join(r.errors)} for r in bad[:50]
        ] + ([_("… và %(n)d dòng lỗi khác.") % {"n": len(bad) - 50}] if len(bad) > 50 else [])
    good = [r for r in rows if not r.errors and r.person is not None]
    if not good and "file" not in errors:
        errors["file"] = [_("Không có ứng viên hợp lệ nào.")]
    if len(good) > MAX_CANDIDATES:
        errors["file"] = [_("Mỗi đợt tối đa %(n)d ứng viên.") % {"n": MAX_CANDIDATES}]
    if errors:
        raise ValidationError(errors)
    batch = Batch.objects.create(
        name=name.strip(),
        purpose=purpose,
        requesting_body=requesting_body.strip(),
        deadline=deadline,
        classification=classification,
        agency_id=actor.agency_id,
        candidates=[{"person": str(r.person.uuid), "position": r.position} for r in good if r.person],
        total=len(good),
        requested_by=actor,
    )
    audit_record(
        action=audit_events.BATCH_REQUEST,
        actor=actor,
        obj=batch,
        payload={
            "batch": str(batch.pk),
            "purpose": purpose.code,
            "candidates": len(good),
            "deadline": deadline.isoformat(),
        },
    )
    if start:  # the demo runs it itself
        _enqueue_batch(batch.pk)
    return batch


def _enqueue_batch(pk: Any) -> None:
    from phoihop.vetting.tasks import run_batch

    transaction.on_commit(lambda: run_batch(str(pk)))


@user_action
def batch_resume(*, actor: Any, batch: Batch) -> Batch:
    """Start a stopped batch again: it creates the cases still missing."""
    _runner(actor)
    if not can(actor, Action.CHANGE, batch):
        raise PermissionDenied(_("Bạn không thể thay đổi đợt thẩm định này."))
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.FAILED:
        raise ValidationError({"state": [_("Chỉ tiếp tục được đợt đã dừng do lỗi.")]})
    Batch.objects.filter(pk=batch.pk).update(state=BatchState.QUEUED, failure="")
    _enqueue_batch(batch.pk)
    return Batch.objects.get(pk=batch.pk)


def run(batch_id: Any, progress_every: int = CHUNK) -> str:
    """The body of the batch task: one case per candidate, CHUNK per transaction, progress after each."""
    batch = Batch.objects.select_related("purpose", "requested_by", "agency").get(pk=batch_id)
    if batch.state not in (BatchState.QUEUED, BatchState.CREATING):
        return batch.state
    actor = batch.requested_by
    Batch.objects.filter(pk=batch.pk).update(state=BatchState.CREATING)
    done = set(Vetting.objects.filter(batch=batch).values_list("person__uuid", flat=True))
    persons = {
        str(p.uuid): p for p in Person.objects.filter(uuid__in=[c["person"] for c in batch.candidates])
    }
    todo = [c for c in batch.candidates if c["person"] not in {str(u) for u in done}]
    created = len(done)
    try:
        for start in range(0, len(todo), progress_every):
            with one_unit():  # the step's case_open calls commit together
                for c in todo[start : start + progress_every]:
                    person = persons.get(c["person"])
                    if person is None:
                        raise ValidationError({"person": [_("Có ứng viên không còn trong sổ đăng ký.")]})
                    case = case_services.case_open(
                        actor=actor,
                        kind="vetting",
                        title=(
                            _("Thẩm định tiêu chuẩn chính trị %(name)s — %(batch)s")
                            % {"name": person.full_name, "batch": batch.name}
                        )[:300],
                        subject_name=person.full_name,
                        classification=batch.classification,
                        details={
                            "person": str(person.uuid),
                            "purpose": batch.purpose.code,
                            "requesting_body": batch.requesting_body,
                            "requested_position": c.get("position", ""),
                            "deadline": batch.deadline.isoformat()
                            if batch.deadline >= timezone.localdate()
                            else "",
                        },
                    )
                    Vetting.objects.filter(case=case).update(batch=batch)
                    created += 1
                Batch.objects.filter(pk=batch.pk).update(created=created)
    except (ValidationError, PermissionDenied) as exc:
        why = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        Batch.objects.filter(pk=batch.pk).update(state=BatchState.FAILED, failure=why[:300], created=created)
        return BatchState.FAILED
    with transaction.atomic():
        Batch.objects.filter(pk=batch.pk).update(
            state=BatchState.READY, created=created, finished_at=timezone.now()
        )
        audit_record(
            action=audit_events.BATCH_DONE,
            actor=actor,
            obj=batch,
            payload={"batch": str(batch.pk), "created": created},
        )
        link = reverse("vetting:batch", args=[batch.pk])
        transaction.on_commit(
            lambda: notify(
                users=[actor], kind="case", code="vetting_batch_ready", params={"created": created}, link=link
            )
        )
    return BatchState.READY


# --- Dispatches: one request per partner listing its candidates
# ----------------------------------------------------------------


@user_action
def dispatch_send(
    *, actor: Any, batch: Batch, agencies: list[Agency], body: str, start: bool = True
) -> list[Dispatch]:
    """One request to each partner listing the batch's candidates still being verified (behind it one
    coordination request per candidate's case, sent in the background)."""
    _runner(actor)
    if not can(actor, Action.CHANGE, batch):
        raise PermissionDenied(_("Bạn không thể thay đổi đợt thẩm định này."))
    batch = Batch.objects.select_for_update().get(pk=batch.pk)  # its state as the runner left it
    errors: dict[str, list[str]] = {}
    if batch.state != BatchState.READY:
        errors["batch"] = [_("Đợt chưa tạo xong hồ sơ; hãy chờ rồi gửi.")]
    if not agencies:
        errors["agencies"] = [_("Cần chọn ít nhất một cơ quan.")]
    for agency in agencies:
        if agency.pk == actor.agency_id or not agency.active:
            errors.setdefault("agencies", []).append(
                _("Không gửi được cho %(code)s (chính cơ quan mình hoặc đã ngừng hoạt động).")
                % {"code": agency.code}
            )
    sent = Dispatch.objects.filter(batch=batch, to_agency__in=agencies).exclude(state=DispatchState.FAILED)
    if codes := sorted(set(sent.values_list("to_agency__code", flat=True))):
        errors.setdefault("agencies", []).append(
            _("Đợt này đã gửi yêu cầu cho %(codes)s (mỗi cơ quan một yêu cầu).") % {"codes": ", ".join(codes)}
        )
    if not body.strip():
        errors["body"] = [_("Cần ghi nội dung yêu cầu.")]
    open_cases = Vetting.objects.filter(batch=batch, case__status="open").count()
    mine = restrict(Case.objects.filter(vetting__batch=batch, status="open"), actor, Action.CHANGE).count()
    if (
        mine != open_cases
    ):  # the requests are sent in each case as the actor: every one must be theirs to change
        raise PermissionDenied(
            _("Chỉ người phụ trách mọi hồ sơ của đợt (người yêu cầu đợt hoặc lãnh đạo) gửi yêu cầu theo đợt.")
        )
    if not open_cases and "batch" not in errors:
        errors["batch"] = [_("Không còn hồ sơ nào đang thẩm tra trong đợt.")]
    if errors:
        raise ValidationError(errors)
    made = []
    for agency in agencies:
        dispatch = Dispatch.objects.create(
            batch=batch, to_agency=agency, body=body.strip(), total=open_cases, sent_by=actor
        )
        audit_record(
            action=audit_events.DISPATCH_SEND,
            actor=actor,
            obj=dispatch,
            payload={
                "dispatch": str(dispatch.pk),
                "batch": str(batch.pk),
                "to": agency.code,
                "candidates": open_cases,
            },
        )
        made.append(dispatch)
    for dispatch in made if start else ():
        _enqueue_dispatch(dispatch.pk)
    return made


def _enqueue_dispatch(pk: Any) -> None:
    from phoihop.vetting.tasks import run_dispatch

    transaction.on_commit(lambda: run_dispatch(str(pk)))


def send(dispatch_id: Any, progress_every: int = CHUNK) -> str:
    """The body of the dispatch task: a verification request in each open case of the batch that has none of
    this dispatch yet, CHUNK per transaction; the partner's liaisons are told once when all are sent."""
    dispatch = Dispatch.objects.select_related("batch", "sent_by", "to_agency").get(pk=dispatch_id)
    if dispatch.state not in (DispatchState.QUEUED, DispatchState.SENDING):
        return dispatch.state
    Dispatch.objects.filter(pk=dispatch.pk).update(state=DispatchState.SENDING)
    have = set(DispatchItem.objects.filter(dispatch=dispatch).values_list("case_id", flat=True))
    cases = [
        c
        for c in Case.objects.filter(vetting__batch=dispatch.batch, status="open").order_by("number")
        if c.pk not in have
    ]
    position = len(have)
    due = None
    period = _period(dispatch)
    try:
        for start in range(0, len(cases), progress_every):
            with one_unit():  # the step's request_send calls commit together
                items = []
                for case in cases[start : start + progress_every]:
                    req = case_services.request_send(
                        actor=dispatch.sent_by,
                        case=case,
                        to_agency=dispatch.to_agency,
                        kind=RequestKind.VERIFY,
                        body=dispatch.body,
                        tell=False,
                        **period,
                    )
                    position += 1
                    due = max(due, req.due_on) if due else req.due_on
                    items.append(DispatchItem(dispatch=dispatch, request=req, case=case, position=position))
                DispatchItem.objects.bulk_create(items)
                Dispatch.objects.filter(pk=dispatch.pk).update(sent=position, due_on=due)
    except (ValidationError, PermissionDenied) as exc:
        why = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        Dispatch.objects.filter(pk=dispatch.pk).update(
            state=DispatchState.FAILED, failure=why[:300], sent=position
        )
        return DispatchState.FAILED
    with transaction.atomic():
        Dispatch.objects.filter(pk=dispatch.pk).update(
            state=DispatchState.SENT, sent=position, total=position
        )
        dispatch.refresh_from_db()
        liaisons = User.objects.filter(
            agency=dispatch.to_agency, is_active=True, roles__code="liaison"
        ).distinct()
        link = reverse("vetting:dispatch", args=[dispatch.pk])
        users = [u for u in liaisons if can(u, Action.VIEW, dispatch)]
        transaction.on_commit(
            lambda: notify(
                users=users,
                kind="request",
                code="vetting_dispatch_in",
                params={"candidates": position},
                link=link,
            )
        )
    return DispatchState.SENT


def _period(dispatch: Dispatch) -> dict[str, Any]:
    """The requests' period: the kind's rule, unless it would end after the batch's deadline — then the days
    left until the deadline (calendar days), so the partner's due date is never later than the batch's."""
    from phoihop.cases.choices import DeadlineUnit
    from phoihop.cases.deadlines import first_due
    from phoihop.cases.rules import rule_for

    rule = rule_for("vetting", RequestKind.VERIFY)
    today = timezone.localdate()
    if (
        first_due(dispatch.to_agency_id, start=today, unit=rule.unit, period=rule.days)
        <= dispatch.batch.deadline
    ):
        return {}
    # calendar days to the deadline; a last day on a day off moves to the next working day, so count back
    for days in range((dispatch.batch.deadline - today).days, 0, -1):
        if first_due(dispatch.to_agency_id, start=today, unit=DeadlineUnit.CALENDAR, period=days) <= (
            dispatch.batch.deadline
        ):
            return {"days": days, "unit": DeadlineUnit.CALENDAR}
    return {"days": 1, "unit": DeadlineUnit.CALENDAR}


@user_action
def dispatch_resume(*, actor: Any, dispatch: Dispatch) -> Dispatch:
    _runner(actor)
    if not can(actor, Action.CHANGE, dispatch.batch):
        raise PermissionDenied(_("Bạn không thể thay đổi đợt thẩm định này."))
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.state != DispatchState.FAILED:
        raise ValidationError({"state": [_("Chỉ gửi tiếp được yêu cầu đã dừng do lỗi.")]})
    Dispatch.objects.filter(pk=dispatch.pk).update(state=DispatchState.QUEUED, failure="", sent_by=actor)
    _enqueue_dispatch(dispatch.pk)
    return Dispatch.objects.get(pk=dispatch.pk)


def dispatch_answer(*, actor: Any, dispatch: Dispatch, answers: dict[int, tuple[str, str]]) -> int:
    """The partner answers candidates of a dispatch together (`answers`: position → (reply, note)): each
    answer is the response to that candidate's request; all or none are saved. A reply "has information"
    needs its note."""
    wanted = [n for n in answers if 1 <= n <= MAX_CANDIDATES]  # a row number beyond any batch is no row
    items = {
        i.position: i
        for i in DispatchItem.objects.filter(dispatch=dispatch, position__in=wanted).select_related("request")
    }
    errors: list[str] = []
    for position, (reply, note) in sorted(answers.items()):
        item = items.get(position)
        mine = item is not None and item.request.to_agency_id == getattr(actor, "agency_id", None)
        if mine and item is not None and not item.request.is_open:
            errors.append(_("Dòng %(n)d: đã được trả lời.") % {"n": position})
        elif item is None or not can(actor, Action.RESPOND, item.request):
            errors.append(
                _("Dòng %(n)d: không trả lời được (không thuộc cơ quan bạn hoặc đã hết hạn).")
                % {"n": position}
            )
        elif reply not in ReplyFinding.values:
            errors.append(_("Dòng %(n)d: cần chọn nội dung trả lời.") % {"n": position})
        elif reply == ReplyFinding.ISSUE and not note.strip():
            errors.append(_("Dòng %(n)d: có thông tin cần lưu ý thì phải ghi rõ nội dung.") % {"n": position})
    if not answers:
        errors.append(_("Chưa trả lời ứng viên nào."))
    if errors:
        raise ValidationError({"answers": errors})
    with one_unit():  # every answer (each a request_respond) saved together, or none
        return _answer(actor, dispatch, answers, items)


def _answer(
    actor: Any, dispatch: Dispatch, answers: dict[int, tuple[str, str]], items: dict[int, DispatchItem]
) -> int:
    issues = 0
    for position, (reply, note) in sorted(answers.items()):
        item = items[position]
        label = ReplyFinding(reply).label
        text = f"{label}. {note.strip()}" if note.strip() else f"{label}."
        case_services.request_respond(actor=actor, req=item.request, response=text, tell=False)
        item.reply = reply
        issues += reply == ReplyFinding.ISSUE
    DispatchItem.objects.bulk_update(list(items.values()), ["reply"])
    audit_record(
        action=audit_events.DISPATCH_ANSWER,
        actor=actor,
        obj=dispatch,
        payload={"dispatch": str(dispatch.pk), "answered": len(answers), "issues": issues},
    )
    return len(answers)
