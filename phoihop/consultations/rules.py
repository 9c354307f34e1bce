"""The consultation kind's rules as data (docs/consultations.md): its types with the answer period (length
and unit) and whether silence counts as consent, each with its source. The defaults below seed the table
(migration 0002, and `ensure_defaults` for a database flushed by tests); administrators edit the rows. Every
default is unverified ([?]): domain.md §2.4 found no text fixing the period or the meaning of silence."""

from __future__ import annotations

from typing import Any

BASIS = "Quy định 377-QĐ/TW (2025); thời hạn và ý nghĩa của việc không trả lời theo thực tiễn địa phương [?]"

# code, label, days, unit, silence counts as consent
DEFAULT_TYPES: tuple[tuple[str, str, int, str, bool], ...] = (
    ("hiep_y", "Hiệp y", 7, "working", True),
    ("thoa_thuan", "Thỏa thuận", 10, "working", False),
    ("xin_y_kien", "Xin ý kiến", 7, "working", True),
    ("nhan_xet", "Nhận xét cán bộ", 10, "working", False),
)


def seed(type_model: Any) -> None:
    """Create the default rows that are missing (existing rows stay as edited); the model is passed so the
    migration can use its historical one."""
    for position, (code, label, days, unit, silence) in enumerate(DEFAULT_TYPES, 1):
        type_model.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "days": days,
                "unit": unit,
                "silence_is_consent": silence,
                "position": position,
                "basis": BASIS,
            },
        )


def ensure_defaults() -> None:
    from phoihop.consultations.models import ConsultationType

    if not ConsultationType.objects.exists():
        seed(ConsultationType)


def rule_text(kind: Any) -> str:
    """The snapshot of a type's rule kept with an answer recorded by silence (the rule may change later)."""
    from django.utils import translation

    from phoihop.cases.choices import DeadlineUnit

    with translation.override("vi"):  # a stored snapshot, in the language of the record
        unit = str(DeadlineUnit(kind.unit).label).lower() if kind.unit in DeadlineUnit.values else kind.unit
        silence = (
            "không trả lời đúng hạn được coi là nhất trí"
            if kind.silence_is_consent
            else "không trả lời không được coi là nhất trí"
        )
    return f"trả lời trong {kind.days} {unit}; {silence}"
