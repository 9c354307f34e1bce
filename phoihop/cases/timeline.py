"""One small function per timeline event (as Saleor's order events): the text a person reads, and its data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from phoihop.cases.choices import TeamRole
from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent


def _add(
    case: Case, kind: str, actor: Any, text: str, request: CoordinationRequest | None = None, **data: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        case=case, request=request, kind=kind, actor=actor, text=text[:500], data=data
    )


def case_opened(case: Case, actor: Any) -> TimelineEvent:
    return _add(case, "opened", actor, _("Mở hồ sơ %(number)s") % {"number": case.number})


def request_sent(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return _add(req.case, "request_sent", actor,
                _("Gửi yêu cầu %(kind)s đến %(agency)s, hạn %(due)s") % {"kind": req.get_kind_display().lower(),
                "agency": req.to_agency.code, "due": f"{req.due_on:%d/%m/%Y}"}, req, due=req.due_on.isoformat())  # fmt: skip


def request_received(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return _add(
        req.case,
        "request_received",
        actor,
        _("%(agency)s đã nhận yêu cầu") % {"agency": req.to_agency.code},
        req,
    )


def request_answered(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return _add(
        req.case,
        "request_answered",
        actor,
        _("%(agency)s đã trả lời yêu cầu") % {"agency": req.to_agency.code},
        req,
    )


def transition(case: Case, actor: Any, label: str, source: str, target: str, reason: str) -> TimelineEvent:
    return _add(case, "transition", actor, _("%(label)s: %(reason)s") % {"label": label, "reason": reason},
                source=source, target=target)  # fmt: skip


def deadline_changed(req: CoordinationRequest, old: date, new: date, reason: str) -> TimelineEvent:
    return _add(req.case, "deadline_changed", None,
                _("Hạn trả lời của %(agency)s đổi từ %(old)s thành %(new)s (%(reason)s)") % {"agency": req.to_agency.code,
                "old": f"{old:%d/%m/%Y}", "new": f"{new:%d/%m/%Y}", "reason": reason}, req,
                old=old.isoformat(), new=new.isoformat())  # fmt: skip


def case_deadline_changed(case: Case, old: date, new: date, reason: str) -> TimelineEvent:
    return _add(case, "deadline_changed", None,
                _("Hạn xử lý hồ sơ đổi từ %(old)s thành %(new)s (%(reason)s)") % {
                "old": f"{old:%d/%m/%Y}", "new": f"{new:%d/%m/%Y}", "reason": reason}, None,
                old=old.isoformat(), new=new.isoformat())  # fmt: skip


def subject_added(case: Case, actor: Any, person: Any) -> TimelineEvent:
    return _add(case, "subject_added", actor, _("Thêm người liên quan: %(name)s") % {"name": person.full_name},
                person=str(person.uuid))  # fmt: skip


def document_added(
    case: Case, actor: Any, title: str, classification: int, request: CoordinationRequest | None = None
) -> TimelineEvent:
    """Everyone who sees the case sees the timeline: a document classified above the case is named by its level
    only, so its title does not reach readers cleared for the case but not for it."""
    if classification > case.classification:
        text = _("Đính kèm một tài liệu có độ mật cao hơn hồ sơ")
    else:
        text = _("Đính kèm tài liệu: %(title)s") % {"title": title}
    return _add(case, "document_added", actor, text, request)


def request_withdrawn(req: CoordinationRequest, actor: Any, reason: str) -> TimelineEvent:
    return _add(req.case, "request_withdrawn", actor,
                _("Rút yêu cầu gửi %(agency)s: %(reason)s") % {"agency": req.to_agency.code, "reason": reason}, req)  # fmt: skip


def assigned(case: Case, actor: Any) -> TimelineEvent:
    return _add(
        case,
        "assigned",
        actor,
        _("Giao %(user)s chủ trì hồ sơ")
        % {"user": case.lead_officer.get_full_name() if case.lead_officer else "—"},
    )


def edited(case: Case, actor: Any, fields: list[str]) -> TimelineEvent:
    return _add(case, "edited", actor, _("Sửa thông tin hồ sơ"), fields=fields)


def clock_paused(req: CoordinationRequest, actor: Any, reason: str) -> TimelineEvent:
    return _add(req.case, "clock_paused", actor, _("Tạm dừng tính hạn yêu cầu gửi %(agency)s (còn %(n)d ngày): %(reason)s")
                % {"agency": req.to_agency.code, "n": req.remaining_days or 0, "reason": reason}, req)  # fmt: skip


def linked(case: Case, actor: Any, other: Case) -> TimelineEvent:
    return _add(case, "linked", actor, _("Liên kết với hồ sơ %(number)s") % {"number": other.number})


def viewed(case: Case, actor: Any) -> TimelineEvent:
    return _add(case, "viewed", actor, _("%(user)s đã xem hồ sơ") % {"user": actor.get_full_name()})


def case_clock_changed(
    case: Case, actor: Any, event: str, old: date | None, new: date | None, label: str
) -> TimelineEvent:
    """A change to the case's own deadline clock (extension, pause, resumption): dates and codes only."""
    return _add(case, "case_deadline_" + event, actor,
                _("Hạn xử lý hồ sơ: %(label)s (hạn %(old)s → %(new)s)") % {"label": label,
                "old": f"{old:%d/%m/%Y}" if old else "—", "new": f"{new:%d/%m/%Y}" if new else "—"},
                old=old.isoformat() if old else None, new=new.isoformat() if new else None)  # fmt: skip


def team_added(case: Case, actor: Any, member: Any, role: str) -> TimelineEvent:
    """Identifiers only: the member's user name and id, and the role's code."""
    text = _("Thêm %(user)s vào tổ xử lý hồ sơ (%(role)s)") % {
        "user": member.username,
        "role": TeamRole(role).label,
    }
    return _add(case, "team_added", actor, text, user=str(member.pk), role=role)


def team_removed(case: Case, actor: Any, member: Any) -> TimelineEvent:
    text = _("Đưa %(user)s ra khỏi tổ xử lý hồ sơ") % {"user": member.username}
    return _add(case, "team_removed", actor, text, user=str(member.pk))


def request_shared(req: CoordinationRequest, actor: Any, shared: bool) -> TimelineEvent:
    """A line about the request itself: whoever may see the request sees it."""
    if shared:
        text = _("Chia sẻ yêu cầu gửi %(agency)s và trả lời với cơ quan cùng xử lý")
    else:
        text = _("Thôi chia sẻ yêu cầu gửi %(agency)s và trả lời với cơ quan cùng xử lý")
    return _add(req.case, "request_shared", actor, text % {"agency": req.to_agency.code}, req, shared=shared)
