"""A regime's letter rules as data (domain.md §2.2; sources and what was verified: docs/letters.md).

Each period (classify, transfer, resolve) is a `LetterRule` row an administrator edits on *Quản trị → Quy định
đơn thư*; until one is saved the default below applies, with its source and whether its text was checked.
A row for one letter type overrides the row for every type (blank). `LetterPolicy` says what a regime resolves
(letters signed by several people) and its congress blackout window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from phoihop.cases.choices import DeadlineUnit
from phoihop.cases.rules import Period
from phoihop.core.calendar import add_calendar_days, add_working_days
from phoihop.letters.choices import CountsFrom, LetterType, Regime, Step
from phoihop.letters.models import LetterPolicy, LetterRule

W, C = DeadlineUnit.WORKING, DeadlineUnit.CALENDAR
QD30 = (
    "Quy định 30-QĐ/TW (2016), Hướng dẫn 2017 của UBKT Trung ương; chưa "
    "kiểm chứng với Quy định 296-QĐ/TW (2025) và Hướng dẫn 08-HD/TW (2025)"
)
LTC = "Luật Tố cáo 2018"
LKN = "Luật Khiếu nại 2011"
DEFAULT_BASIS = "Quy chế phối hợp (mặc định, chưa có căn cứ)"


@dataclass(frozen=True)
class Rule:
    regime: str
    letter_type: str  # "" for every type
    step: str
    days: int
    unit: str
    counts_from: str = CountsFrom.RECEIPT
    max_extensions: int = 0
    extension_days: int = 0
    basis: str = ""
    verified: bool = False


DEFAULTS: tuple[Rule, ...] = (
    # Party side
    Rule(Regime.PARTY, "", Step.CLASSIFY, 7, W, basis=QD30),
    Rule(Regime.PARTY, "", Step.TRANSFER, 5, W, basis=QD30),
    Rule(
        Regime.PARTY,
        LetterType.DENUNCIATION,
        Step.RESOLVE,
        90,
        W,
        max_extensions=1,
        extension_days=30,
        basis=QD30 + " — cấp tỉnh trở xuống 90 ngày làm việc, gia hạn không quá 30 ngày làm việc",
    ),
    Rule(
        Regime.PARTY, LetterType.MIXED, Step.RESOLVE, 90, W, max_extensions=1, extension_days=30, basis=QD30
    ),
    Rule(Regime.PARTY, "", Step.RESOLVE, 90, W, max_extensions=1, extension_days=30, basis=QD30),
    # State side
    Rule(
        Regime.STATE,
        LetterType.DENUNCIATION,
        Step.CLASSIFY,
        7,
        W,
        basis=LTC + ", Điều 24 (10 ngày làm việc nếu phải kiểm tra, xác minh ở nhiều nơi) — chưa kiểm chứng",
    ),
    Rule(Regime.STATE, LetterType.COMPLAINT, Step.CLASSIFY, 10, C, basis=LKN + ", Điều 27 — chưa kiểm chứng"),
    Rule(Regime.STATE, "", Step.CLASSIFY, 10, W, basis=DEFAULT_BASIS),
    Rule(Regime.STATE, "", Step.TRANSFER, 5, W, basis=LTC + ", Điều 24 — chưa kiểm chứng"),
    Rule(
        Regime.STATE,
        LetterType.DENUNCIATION,
        Step.RESOLVE,
        30,
        C,
        CountsFrom.ACCEPTANCE,
        2,
        30,
        LTC
        + (
            ", Điều 30: 30 ngày kể từ ngày thụ lý; gia hạn một lần 30 ngày, vụ việc đặc biệt phức "
            "tạp hai lần, mỗi lần 30 ngày, bằng quyết định gửi người tố cáo và người bị tố cáo"
        ),
        verified=True,
    ),
    Rule(
        Regime.STATE,
        LetterType.COMPLAINT,
        Step.RESOLVE,
        30,
        C,
        CountsFrom.ACCEPTANCE,
        1,
        15,
        LKN
        + (
            ", Điều 28: không quá 30 ngày kể từ ngày thụ lý, vụ việc "
            "phức tạp không quá 45 ngày (vùng sâu, vùng xa 45/60 ngày)"
        ),
        verified=True,
    ),
    Rule(Regime.STATE, "", Step.RESOLVE, 30, C, CountsFrom.ACCEPTANCE, 1, 15, DEFAULT_BASIS),
)


@dataclass(frozen=True)
class Policy:
    regime: str
    several_signatories: bool
    blackout_days: int
    basis: str
    verified: bool


POLICY_DEFAULTS = {
    Regime.PARTY: Policy(
        Regime.PARTY,
        several_signatories=False,
        blackout_days=25,
        basis="Quy định 30-QĐ/TW (2016): không giải quyết đơn có từ hai người trở lên "
        "cùng ký; Hướng dẫn 07-HD/UBKTTW (2019): 25 ngày làm việc trước đại hội "
        "(cơ sở), 30 (cấp trên) — chưa kiểm chứng với Quy định 296-QĐ/TW (2025)",
        verified=False,
    ),
    Regime.STATE: Policy(
        Regime.STATE,
        several_signatories=True,
        blackout_days=0,
        basis="Luật Tố cáo 2018, Điều 23: nhiều người cùng tố cáo một nội dung thì cử người đại diện",
        verified=True,
    ),
}


def _row(rule: Rule | LetterRule) -> Rule:
    if isinstance(rule, Rule):
        return rule
    return Rule(
        rule.regime,
        rule.letter_type,
        rule.step,
        rule.days,
        rule.unit,
        rule.counts_from,
        rule.max_extensions,
        rule.extension_days,
        rule.basis,
        rule.verified,
    )


def all_rules() -> list[tuple[Rule, bool]]:
    """Every rule as it applies now, with whether an administrator saved it (defaults and saved rows)."""
    saved = {(r.regime, r.letter_type, r.step): r for r in LetterRule.objects.all()}
    out: list[tuple[Rule, bool]] = []
    keys = set()
    for d in DEFAULTS:
        key = (d.regime, d.letter_type, d.step)
        keys.add(key)
        row = saved.get(key)
        out.append((_row(row) if row is not None else d, row is not None))
    out += [(_row(r), True) for k, r in saved.items() if k not in keys]
    return out


def rule(regime: str, letter_type: str, step: str) -> Rule:
    """The rule for a letter: the saved row for its type, else for every type, else the defaults'."""
    saved = {
        r.letter_type: r
        for r in LetterRule.objects.filter(regime=regime, step=step, letter_type__in=[letter_type, ""])
    }
    for key in (letter_type, ""):
        if key in saved:
            return _row(saved[key])
        found = next((d for d in DEFAULTS if (d.regime, d.letter_type, d.step) == (regime, key, step)), None)
        if found is not None:
            return found
    return Rule(regime, "", step, 30, W, basis=DEFAULT_BASIS)


def policy(regime: str) -> Policy:
    row = LetterPolicy.objects.filter(regime=regime).first()
    if row is not None:
        return Policy(row.regime, row.several_signatories, row.blackout_days, row.basis, row.verified)
    return POLICY_DEFAULTS[Regime(regime)]


def period(r: Rule) -> Period:
    return Period(r.days, r.unit, r.max_extensions, r.basis, r.extension_days or r.days)


def due(r: Rule, start: date, agency_id: Any) -> date:
    if r.unit == DeadlineUnit.WORKING:
        return add_working_days(start, r.days, agency=agency_id).due
    return add_calendar_days(start, r.days, agency=agency_id).due


def case_rule(case: Any) -> Period | None:
    """The kind's hook (KindSpec.case_rule): a letter's resolution period by its regime and type."""
    from phoihop.letters.models import Letter

    letter = (
        getattr(case, "letter", None) if hasattr(case, "letter") else Letter.objects.filter(case=case).first()
    )
    if letter is None:
        return None
    return period(rule(letter.regime, letter.letter_type, Step.RESOLVE))
