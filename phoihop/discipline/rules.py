"""The discipline kind's rules as data (docs/discipline.md): the sanction matrix (which forms apply to
members, probationary members and organisations; which need a post held; their limitation periods as advice),
the bodies that must know of a recorded discipline, and the periods (appeal window, the State body's notice to
the Party organisation, reminders). The defaults below seed the tables (migration 0002, and `ensure_defaults`
for a database flushed by tests); administrators edit the rows. What domain.md marks [H] is from its summary
of the texts, not checked here against them: every row starts unverified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from phoihop.people.bases import add_months

PARTY_BASIS = "Điều lệ Đảng; Quy định 69-QĐ/TW (06/7/2022) về kỷ luật tổ chức đảng, đảng viên vi phạm [?]"
STATE_BASIS = "Luật Cán bộ, công chức; Nghị định 112/2020/NĐ-CP (đã sửa đổi) về xử lý kỷ luật [?]"
PROCEDURE_BASIS = "Quy định 296-QĐ/TW (2025) về công tác kiểm tra, giám sát và kỷ luật của Đảng [?]"

# code, label, regime, member, probationary, organisation, needs post, limitation (years; None: none)
DEFAULT_SANCTIONS: tuple[tuple[str, str, str, bool, bool, bool, bool, int | None], ...] = (
    ("reprimand", "Khiển trách", "party", True, True, True, False, 5),
    ("warning", "Cảnh cáo", "party", True, True, True, False, 10),
    ("removal", "Cách chức", "party", True, False, False, True, 10),
    ("expulsion", "Khai trừ", "party", True, False, False, False, None),
    ("dissolution", "Giải tán", "party", False, False, True, False, None),
    ("state_reprimand", "Khiển trách (chính quyền)", "state", True, True, False, False, 2),
    ("state_warning", "Cảnh cáo (chính quyền)", "state", True, True, False, False, 2),
    ("state_demotion", "Giáng chức", "state", True, True, False, True, 5),
    ("state_removal", "Cách chức (chính quyền)", "state", True, True, False, True, 5),
    ("state_dismissal", "Buộc thôi việc", "state", True, True, False, False, 5),
)

DEFAULT_BODIES = (
    ("party_unit", "Tổ chức đảng nơi đảng viên sinh hoạt"),
    ("cadre_dept", "Bộ phận cán bộ của Ban Tổ chức (cập nhật hồ sơ cán bộ)"),
)


def seed(sanction_model: Any, body_model: Any, policy_model: Any) -> None:
    """Create the default rows that are missing (existing rows stay as edited); the models are passed so the
    migration can use its historical ones."""
    for position, (code, label, regime, member, prob, org, post, years) in enumerate(DEFAULT_SANCTIONS, 1):
        sanction_model.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "regime": regime,
                "for_member": member,
                "for_probationary": prob,
                "for_organisation": org,
                "needs_post": post,
                "limitation_years": years,
                "position": position,
                "basis": PARTY_BASIS if regime == "party" else STATE_BASIS,
            },
        )
    for position, (code, label) in enumerate(DEFAULT_BODIES, 1):
        body_model.objects.get_or_create(
            code=code, defaults={"label": label, "position": position, "basis": PROCEDURE_BASIS}
        )
    if not policy_model.objects.exists():
        policy_model.objects.create(basis=PROCEDURE_BASIS)


def ensure_defaults() -> None:
    from phoihop.discipline.models import DisciplinePolicy, NotifyBody, Sanction

    if not (Sanction.objects.exists() and DisciplinePolicy.objects.exists()):
        seed(Sanction, NotifyBody, DisciplinePolicy)


def policy() -> Any:
    from phoihop.discipline.models import DisciplinePolicy

    found = DisciplinePolicy.objects.first()
    if found is None:
        ensure_defaults()
        found = DisciplinePolicy.objects.first()
    return found


def appeal_until(notice: Any, rules: Any) -> date:
    """The last day to appeal: the appeal period of the notice's origin (Party or State) counted from the day
    the person received the decision (the day it took effect when that day is not known)."""
    start = notice.served_on or notice.effective_on
    days = rules.state_appeal_days if notice.origin == "state" else rules.appeal_days
    return start + timedelta(days=days)


def state_notice_due(notice: Any, rules: Any) -> date | None:
    """For a State discipline: the day by which the State body had to notify the Party organisation."""
    if notice.origin != "state":
        return None
    return notice.decided_on + timedelta(days=rules.state_notice_days)


@dataclass(frozen=True)
class Limitation:
    """The limitation advice shown (never enforced: the competent body decides)."""

    applies: bool
    until: date | None = None
    exceeded: bool = False  # the decision came after the period ended
    restarted: bool = False


def limitation(notice: Any) -> Limitation:
    years = notice.sanction.limitation_years
    if notice.no_limitation or years is None:
        return Limitation(applies=False)
    start = notice.restarted_on or notice.violated_on
    if start is None:
        return Limitation(applies=True)
    until = add_months(start, 12 * years)
    return Limitation(
        applies=True,
        until=until,
        exceeded=notice.decided_on > until,
        restarted=notice.restarted_on is not None,
    )
