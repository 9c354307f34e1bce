"""The vetting kind's rules as data (docs/vetting.md): purposes with their validity period and dossier
checklist, who concludes by management level, and the other editable defaults. The defaults below seed the
tables (migration 0002, and `ensure_defaults` for a database flushed by tests); administrators edit the rows.
Every number here is marked unverified ([?] in docs/vetting.md) until checked against the text."""

from __future__ import annotations

from datetime import date
from typing import Any

from phoihop.people.bases import add_months
from phoihop.search.folding import fold_vi

BASIS = "Quy định 58-QĐ/TW (2022), Hướng dẫn 01-HD/BTCTW (2022) — thời hạn chưa kiểm chứng [?]"

REQUEST = ("request", "Văn bản đề nghị thẩm định", 0)
RESUME = ("resume_2c", "Sơ yếu lý lịch (mẫu 2C/TCTW-98)", 0)
DIPLOMAS = ("diplomas", "Bằng cấp, chứng chỉ (bản sao có chứng thực)", 0)
ASSESSMENTS = ("assessments", "Nhận xét của cấp ủy nơi công tác và nơi cư trú", 12)
ASSETS = ("assets", "Bản kê khai tài sản, thu nhập", 12)
HEALTH = ("health", "Giấy chứng nhận sức khỏe", 6)
APPLICATION = ("application", "Đơn xin vào Đảng", 0)
PARTY_RESUME = ("party_resume", "Lý lịch của người xin vào Đảng", 0)
DECISIONS = ("decisions", "Các quyết định về công tác cán bộ", 0)

CADRE = (REQUEST, RESUME, DIPLOMAS, DECISIONS, ASSESSMENTS, ASSETS, HEALTH)

# code, label, validity (months), checklist
DEFAULT_PURPOSES: tuple[tuple[str, str, int, tuple[tuple[str, str, int], ...]], ...] = (
    ("admission", "Kết nạp đảng", 12, (REQUEST, APPLICATION, PARTY_RESUME, ASSESSMENTS)),
    ("recruitment", "Tuyển dụng", 12, (REQUEST, RESUME, DIPLOMAS, HEALTH)),
    ("appointment", "Bổ nhiệm, bổ nhiệm lại", 12, CADRE),
    ("nomination", "Giới thiệu ứng cử", 12, CADRE),
    ("congress", "Nhân sự đại hội đảng bộ", 6, CADRE),
    ("election", "Ứng cử đại biểu Quốc hội, Hội đồng nhân dân", 6, CADRE),
    ("key_body", "Bố trí vào cơ quan trọng yếu, cơ mật", 12, CADRE),
    ("abroad", "Đi học tập, công tác ở nước ngoài", 6, (REQUEST, RESUME, ASSESSMENTS)),
    ("planning", "Quy hoạch cán bộ", 12, (REQUEST, RESUME, ASSESSMENTS, ASSETS)),
)

# management level → who concludes
DEFAULT_CONCLUDERS = (
    ("central", "standing"),
    ("province", "standing"),
    ("local", "leader"),
    ("none", "leader"),
)


def seed(purpose_model: Any, item_model: Any, concluder_model: Any, policy_model: Any) -> None:
    """Create the default rows that are missing (existing rows stay as edited); the models are passed so the
    migration can use its historical ones."""
    for position, (code, label, months, items) in enumerate(DEFAULT_PURPOSES, 1):
        purpose, created = purpose_model.objects.get_or_create(
            code=code,
            defaults={"label": label, "validity_months": months, "position": position, "basis": BASIS},
        )
        if created:
            item_model.objects.bulk_create(
                [
                    item_model(purpose=purpose, code=c, label=lbl, valid_months=valid, position=i)
                    for i, (c, lbl, valid) in enumerate(items, 1)
                ]
            )
    for level, concluder in DEFAULT_CONCLUDERS:
        concluder_model.objects.get_or_create(
            management_level=level, defaults={"concluder": concluder, "basis": BASIS}
        )
    if not policy_model.objects.exists():
        policy_model.objects.create(basis=BASIS)


def ensure_defaults() -> None:
    from phoihop.vetting.models import ChecklistItem, ConcluderRule, Purpose, VettingPolicy

    if not (Purpose.objects.exists() and VettingPolicy.objects.exists()):
        seed(Purpose, ChecklistItem, ConcluderRule, VettingPolicy)


def policy() -> Any:
    from phoihop.vetting.models import VettingPolicy

    found = VettingPolicy.objects.first()
    if found is None:
        ensure_defaults()
        found = VettingPolicy.objects.first()
    return found


def concluder_for(level: str) -> str:
    """Who concludes for a subject at this management level (the Board's leader when no rule says)."""
    from phoihop.vetting.models import ConcluderRule

    found = ConcluderRule.objects.filter(management_level=level or "none").values_list("concluder", flat=True)
    return next(iter(found), "leader")


def valid_until(purpose: Any, concluded_on: date) -> date:
    return add_months(concluded_on, purpose.validity_months)


def discipline_live_until(form: str, decided_on: date, rules: Any) -> date | None:
    """Until when a discipline of this form is shown to the appraiser as live (advice); None: always (an
    expulsion), or not a sanction the rules name."""
    folded = fold_vi(form)
    for key, months in (
        ("khien trach", rules.reprimand_months),
        ("canh cao", rules.warning_months),
        ("cach chuc", rules.removal_months),
    ):
        if key in folded:
            return add_months(decided_on, months)
    if "khai tru" in folded:
        return None
    return add_months(decided_on, rules.reprimand_months)
