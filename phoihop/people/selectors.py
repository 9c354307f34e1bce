"""Reads of the people registry: person search that understands Vietnamese, duplicate candidates, dossiers.

Search runs in tiers, each bounded in the database and filtered by the access policy before anything is ranked
or counted: the citizen ID or Party card exactly; the whole name in any order (a B-tree on the sorted folded
words, with the birth year); the words as a full-text match (the last one a prefix); and, only when that finds
too little, the same match with each word widened to the name words one edit away (the vocabulary is small:
Vietnamese names use a few thousand syllables). Candidates are ranked with rapidfuzz.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from phoihop.access.policy import Action, restrict
from phoihop.core.choices import Clearance
from phoihop.people.bases import LEGACY, add_months, live_bases_q
from phoihop.people.choices import PersonStatus, Sex
from phoihop.people.models import (
    IdentifierHold,
    NameToken,
    PartyUnit,
    Person,
    PersonBasis,
    RegistrationBasis,
    Relative,
    RetentionJob,
)
from phoihop.people.validation import normalise_party_card
from phoihop.search import fulltext
from phoihop.search.folding import clean_text, fold_vi, name_key, word_pairs

CANDIDATES = 500
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    year: int | None = None
    day: date | None = None
    national_id: str = ""
    party_card: str = ""
    raw_name: str = ""


def parse(q: str) -> ParsedQuery:
    """'Nguyen Van Duc 1975' → words + year; '12/03/1975' →
    a birth date; 12 digits → CCCD; 6–11 → Party card."""
    parsed = ParsedQuery()
    name_parts = []
    for part in clean_text(q).split():
        if m := _DATE.match(part):
            with contextlib.suppress(ValueError):  # 31/02/1975 is simply not a date filter
                parsed.day = date(int(m[3]), int(m[2]), int(m[1]))
            continue
        digits = normalise_party_card(part)
        if digits.isdigit():
            if len(digits) == 4 and 1900 <= int(digits) <= 2100:
                parsed.year = int(digits)
            elif len(digits) == 12:
                parsed.national_id = digits
            elif 6 <= len(digits) <= 11:
                parsed.party_card = digits
            continue
        name_parts.append(part)
    parsed.raw_name = " ".join(name_parts)
    parsed.words = fold_vi(parsed.raw_name).split()
    return parsed


@dataclass(frozen=True)
class UnitName:
    name: str
    code: str


@dataclass
class PersonRow:
    """What a result list shows of a person, read in the same query that found it (no second load)."""

    pk: int
    uuid: Any
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    home_town: str
    position: str
    status: str
    classification: int
    unit: UnitName | None

    def get_status_display(self) -> str:
        return str(PersonStatus(self.status).label) if self.status in PersonStatus.values else self.status

    def get_classification_display(self) -> str:
        return str(Clearance(self.classification).label)

    def get_sex_display(self) -> str:
        return str(Sex(self.sex).label) if self.sex in Sex.values else ""


@dataclass
class Hit:
    person: PersonRow
    score: float


@dataclass
class SearchResult:
    hits: list[Hit]
    more: bool  # candidates were cut at the bound: refine the query
    typo: bool = False  # found by widening words to near spellings


def visible_persons(user: Any) -> QuerySet[Person]:
    """Persons the user may see, as lists and searches show them: merged and anonymised records are left out
    (their pages stay reachable by their identifier)."""
    return restrict(
        Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True), user, Action.VIEW
    )


# --- the vocabulary of name words (typo tolerance)
# ------------------------------------------------------------
_vocab_lock = threading.Lock()
_vocab: tuple[float, list[str]] = (0.0, [])
_vocab_set: tuple[list[str] | None, frozenset[str]] = (None, frozenset())
VOCAB_TTL = 300.0


def vocabulary() -> list[str]:
    global _vocab
    loaded_at, words = _vocab
    if time.monotonic() - loaded_at > VOCAB_TTL or not words:
        with _vocab_lock:
            words = sorted(
                NameToken.objects.values_list("token", flat=True)
            )  # sorted: prefix lookups by bisection
            _vocab = (time.monotonic(), words)
    return words


def vocabulary_set() -> frozenset[str]:
    global _vocab_set
    words = vocabulary()
    if _vocab_set[0] is not words:
        _vocab_set = (words, frozenset(words))
    return _vocab_set[1]


def _starts_a_word(prefix: str, words: list[str]) -> bool:
    i = bisect.bisect_left(words, prefix)
    return i < len(words) and words[i].startswith(prefix)


def forget_vocabulary() -> None:
    global _vocab
    _vocab = (0.0, [])


def near_words(word: str) -> list[str]:
    """Name words one edit away from `word` (itself included)."""
    if len(word) < 2:
        return [word]
    found = process.extract(word, vocabulary(), scorer=Levenshtein.distance, score_cutoff=1, limit=None)
    return sorted({w for w, _dist, _i in found} | {word})


# --- search
# --------------------------------------------------------------------------------------------------- Ranking
# columns, then what a result list shows (callers that need every field reload the page of hits).
_ROW = (
    "pk",
    "full_name",
    "name_folded",
    "search_text",
    "sort_key",
    "birth_year",
    "uuid",
    "birth_date",
    "sex",
    "home_town",
    "position",
    "status",
    "classification",
    "unit__name",
    "unit__code",
)


def person_choices(
    user: Any, chosen: list[str], q: str, *, keep: int = 20, hits: int = 10
) -> list[tuple[str, str]]:
    """The persons a form offers to pick: those already ticked (registry ids the user may see; anything that
    is not an id is ignored) and the hits of a name search, each as (id, "name (birth year) — position")."""
    import uuid

    ids = []
    for c in chosen[:keep]:
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            ids.append(uuid.UUID(str(c)))
    persons = list(restrict(Person.objects.filter(uuid__in=ids), user)) if ids else []
    if q := (q or "").strip()[:200]:
        persons += [h.person for h in person_search(user, q, limit=hits).hits]
    seen: dict[str, str] = {}
    for p in persons:
        seen.setdefault(
            str(p.uuid), f"{p.full_name} ({p.birth_year or '—'})" + (f" — {p.position}" if p.position else "")
        )
    return list(seen.items())


def person_search(
    user: Any, q: str, *, limit: int = 50, unit: PartyUnit | None = None, offset: int = 0
) -> SearchResult:
    """Progressive relaxation: the first tier that finds anyone answers.
    1. the whole name in any order (B-tree on the sorted folded words), then names starting as typed;
    2. names ending with the words as typed (B-tree on the words in reverse order);
    3. the words next to each other as typed, the last one as a prefix (full-text index of word pairs);
    4. every word anywhere in the name or other names, the last one as a prefix (full-text);
    5. the same with each word widened to name words one edit away (flagged `typo`).
    Tiers 1–4 run only when every word occurs in some name (the last one at least as a prefix)."""
    parsed = parse(q)
    base = visible_persons(user)
    if unit is not None:
        base = base.filter(unit=unit)
    offset = max(0, min(offset, CANDIDATES - limit))
    result = _search(base, parsed, limit + offset, by_unit=unit is not None)
    result.hits = result.hits[offset:]
    return result


def _search(base: QuerySet[Person], parsed: ParsedQuery, limit: int, *, by_unit: bool) -> SearchResult:
    if parsed.national_id:
        return _ranked(
            list(base.filter(national_id=parsed.national_id).values_list(*_ROW)[:limit]), parsed, limit
        )
    if parsed.party_card:
        return _ranked(
            list(base.filter(party_card=parsed.party_card).values_list(*_ROW)[:limit]), parsed, limit
        )
    if parsed.day:
        base = base.filter(birth_date=parsed.day)
    elif parsed.year:
        base = base.filter(birth_year=parsed.year)
    if not parsed.words:
        if not (parsed.day or parsed.year or by_unit):
            return SearchResult([], more=False)
        rows = list(base.order_by("sort_key").values_list(*_ROW)[: limit + 1])
        return _ranked(rows, parsed, limit)

    in_names = _known_words(parsed.words)
    if in_names is not None:
        rows = _name_tiers(base, parsed.words, in_names, limit)
        if rows:
            return _ranked(rows, parsed, limit)
    # Only words that occur in no name are widened, each to the name words one edit away (a word that exists
    # is taken as typed). The corrected whole names are looked up on the name-key B-tree first; the full-text
    # index only when that finds nobody. No prefix expansion: a misspelt word is a whole word.
    # If every word exists, the typo made another real name word: then every word is widened, by key only.
    known = vocabulary_set()
    all_known = all(w in known for w in parsed.words)
    groups = [near_words(w) if all_known or w not in known else [w] for w in parsed.words]
    if all(len(g) == 1 for g in groups):
        return SearchResult([], more=False)
    keys = {" ".join(sorted(combo)) for combo in itertools.islice(itertools.product(*groups), 400)}
    rows = fulltext.first_match(base, _ROW, [("name_key", "in", sorted(keys))], _bound(limit))
    if not rows and not all_known:
        rows = list(fulltext.match(base, "search_text", groups).values_list(*_ROW)[: _bound(limit)])
    result = _ranked(rows, parsed, limit)
    result.typo = bool(rows)
    return result


def _name_tiers(
    base: QuerySet[Person], words: list[str], in_names: set[str], limit: int
) -> list[tuple[Any, ...]]:
    """Tiers 1–4 for words that all occur in names (`in_names`: those that are whole name words); the rows of
    the first tier that finds anyone."""
    folded = " ".join(words)
    # The last word is a prefix unless it is a whole name word already: exact words let the index skip through
    # the long lists of common words (Văn, Thị, Nguyễn) instead of collecting every word that starts alike.
    prefix = words[-1] not in in_names
    # B-tree tiers, the first that finds anyone answers: the whole name in any order (sorted words), names
    # that start as typed (only when nobody has exactly this name), names that end as typed ("Văn Đức": middle
    # and given name, how people are addressed; the words in reverse order).
    tiers = []
    if not prefix and all(w in in_names for w in words):
        tiers.append(("name_key", "exact", " ".join(sorted(words))))
    tiers.append(("name_folded", "startswith", folded))
    if len(words) > 1 and not prefix:
        tiers.append(("name_reversed", "startswith", " ".join(reversed(words)) + " "))
    rows = fulltext.first_match(base, _ROW, tiers, limit + 1)
    if rows:
        return rows
    if len(words) > 1:
        # The words as typed, next to each other: one posting list of word pairs.
        pairs = [[p] for p in word_pairs(words)]
        rows = list(
            fulltext.match(base, "name_pairs", pairs, prefix_last=prefix).values_list(*_ROW)[: limit + 1]
        )
        if rows:
            return rows
    # Every word anywhere in the name or other names.
    groups = [[w] for w in words]
    return list(
        fulltext.match(base, "search_text", groups, prefix_last=prefix).values_list(*_ROW)[: _bound(limit)]
    )


def _known_words(words: list[str]) -> set[str] | None:
    """The query words that are whole words of some name; None when the words cannot all match a name — a word
    in no name, or a last word that starts no name word — so the tiers that need them (exact, start, pairs,
    words: the last two are the costly index intersections) are skipped and only near spellings are tried.
    The per-process cached vocabulary answers for words it holds (the word list only grows); a word it lacks
    is looked up in the registry's word list itself, so a name registered a moment ago by another process
    counts."""
    cached, cached_set = vocabulary(), vocabulary_set()
    last = len(words) - 1
    known = {w for w in words if w in cached_set}
    missing = {
        i: w for i, w in enumerate(words) if w not in known and not (i == last and _starts_a_word(w, cached))
    }
    if not missing:
        return known
    if any(
        len(w) > 60 for w in missing.values()
    ):  # longer words are not kept in the list: let the index decide
        return known | set(missing.values())
    # One query: the missing words as whole words, and the words starting with a missing last word
    # (startswith, not a range: a range on text is only a prefix under a byte-order collation). Words the
    # cache lacks were registered since it was loaded, so few start alike; the bound only keeps the query
    # bounded.
    wanted = Q(token__in=set(missing.values()))
    if last in missing:
        wanted |= Q(token__startswith=missing[last])
    tokens = set(NameToken.objects.filter(wanted).values_list("token", flat=True)[:1000])
    for i, word in missing.items():
        if word not in tokens and not (i == last and any(t.startswith(word) for t in tokens)):
            return None
    return known | (tokens & set(missing.values()))


def _bound(limit: int) -> int:
    """Partial matches ranked per request: four pages' worth
    (at least 200), never more than the candidate bound."""
    return min(CANDIDATES, max(200, 4 * limit))


def _ranked(rows: list[tuple[Any, ...]], parsed: ParsedQuery, limit: int) -> SearchResult:
    wanted = " ".join(parsed.words)
    written = clean_text(parsed.raw_name).casefold()
    scored = []
    by_pk = {}
    for row in rows:
        pk, full_name, folded, text, sort_key, year = row[:6]
        by_pk[pk] = row
        score = float(fuzz.token_sort_ratio(wanted, folded)) if wanted else 100.0
        if wanted and text != folded:
            score = max(score, float(fuzz.token_set_ratio(wanted, text)) - 5)  # matched an other name
        if written and full_name.casefold() == written:
            score += 5  # exactly as written, accents included
        if parsed.year and year == parsed.year:
            score += 2
        scored.append((-score, sort_key, pk))
    scored.sort()
    top = scored[:limit]
    hits = [Hit(_row(by_pk[pk]), -neg) for neg, _k, pk in top]
    return SearchResult(hits, len(rows) > limit)


def _row(row: tuple[Any, ...]) -> PersonRow:
    pk, full_name, _f, _t, _k, year, uuid_, born, sex, town, position, status, level, unit_name, unit_code = (
        row
    )
    unit = UnitName(unit_name, unit_code) if unit_name is not None else None
    return PersonRow(pk, uuid_, full_name, born, year, sex, town, position, status, level, unit)


def icontains_search(q: str, *, limit: int = 50) -> list[int]:
    """The baseline the benchmark compares against: what a Django-admin style search does."""
    return list(Person.objects.filter(full_name__icontains=q).values_list("pk", flat=True)[:limit])


# --- duplicates
# -----------------------------------------------------------------------------------------------
@dataclass
class Match:
    person: Person
    score: int
    reasons: list[str]


def person_matches(
    user: Any,
    *,
    full_name: str,
    birth_date: date | None = None,
    birth_year: int | None = None,
    national_id: str = "",
    party_card: str = "",
    home_town: str = "",
    father_name: str = "",
    exclude: Person | None = None,
    limit: int = 10,
) -> list[Match]:
    """Likely existing records of the same person, with the reasons and a score (visible ones only)."""
    from django.utils.translation import gettext as _

    base = visible_persons(user)
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    year = birth_date.year if birth_date else birth_year
    key = name_key(full_name)
    found: dict[int, Match] = {}

    def add(qs: QuerySet[Person], score: int, reason: str) -> None:
        for person in qs.select_related("unit")[:limit]:
            match = found.setdefault(person.pk, Match(person, 0, []))
            match.score = max(match.score, score) + (5 if match.reasons else 0)
            match.reasons.append(reason)

    if national_id:
        add(base.filter(national_id=national_id), 100, _("Trùng số CCCD"))
    if party_card:
        add(base.filter(party_card=normalise_party_card(party_card)), 95, _("Trùng số thẻ đảng viên"))
    if key:
        if birth_date:
            add(base.filter(name_key=key, birth_date=birth_date), 90, _("Trùng họ tên và ngày sinh"))
        if year:
            add(base.filter(name_key=key, birth_year=year), 80, _("Trùng họ tên và năm sinh"))
        if home_town:
            add(
                base.filter(name_key=key, home_town_folded=fold_vi(home_town)),
                70,
                _("Trùng họ tên và quê quán"),
            )
        if father_name:
            fathers = Relative.objects.filter(relation="father", name_folded=fold_vi(father_name)).values(
                "person_id"
            )
            add(base.filter(name_key=key, pk__in=fathers), 75, _("Trùng họ tên và tên bố"))
        if year:
            words = key.split()
            groups = [near_words(w) for w in words]
            similar = fulltext.match(base.filter(birth_year=year), "search_text", groups)
            close = [
                p for p in similar.select_related("unit")[:50] if fuzz.token_sort_ratio(key, p.name_key) >= 85
            ]
            for person in close[:limit]:
                if person.pk not in found:
                    found[person.pk] = Match(person, 60, [_("Họ tên gần giống và cùng năm sinh")])
    return sorted(found.values(), key=lambda m: -m.score)[:limit]


def unit_path(unit: PartyUnit | None) -> list[PartyUnit]:
    path: list[PartyUnit] = []
    seen: set[Any] = set()
    while unit is not None and unit.pk not in seen and len(path) < 12:
        path.append(unit)
        seen.add(unit.pk)
        unit = unit.parent
    return list(reversed(path))


# --- registration bases and retention
# -------------------------------------------------------------------------
def active_bases() -> QuerySet[RegistrationBasis]:
    """The bases a registration may state (the list is not secret: every signed-in user reads it)."""
    return RegistrationBasis.objects.filter(active=True)


@dataclass
class BasisRow:
    """A person's basis as the person page shows it: the case only if the reader may see it."""

    row: PersonBasis
    case: Any
    retained_until: date | None


def person_bases(user: Any, person: Person) -> list[BasisRow]:
    """The bases of `person` the user may see (the hub: every agency's; a partner: its own agency's), newest
    first, each with the day its retention ends once it lapsed. A case is named only if the user may see
    it."""
    rows = list(
        restrict(PersonBasis.objects.filter(person=person), user)
        .select_related("basis", "agency")
        .order_by("-since", "-id")[:200]
    )
    case_ids = {r.case_id for r in rows if r.case_id}
    cases: dict[Any, Any] = {}
    if case_ids:
        model: Any = PersonBasis._meta.get_field("case").related_model
        cases = restrict(model._default_manager.filter(pk__in=case_ids), user).in_bulk()
    return [
        BasisRow(
            r,
            cases.get(r.case_id),
            add_months(r.lapsed_on, r.basis.retention_months) if r.lapsed_on else None,
        )
        for r in rows
    ]


def due_persons(user: Any, *, today: date | None = None) -> QuerySet[Person]:
    """Persons every one of whose bases lapsed longer ago than its basis's retention period — the registry
    keeper's review list (only those the keeper may see). Merged and already anonymised records are left
    out."""
    today = today or timezone.localdate()
    live = PersonBasis.objects.filter(live_bases_q(today)).values("person_id")
    with_bases = PersonBasis.objects.values("person_id")
    return restrict(
        Person.objects.filter(
            merged_into__isnull=True, anonymised_at__isnull=True, pk__in=with_bases
        ).exclude(pk__in=live),
        user,
    )


def legacy_persons(user: Any) -> QuerySet[Person]:
    """Persons still carrying the placeholder basis of the upgrade: someone must state their real basis."""
    legacy = PersonBasis.objects.filter(basis__code=LEGACY, lapsed_on__isnull=True).values("person_id")
    return restrict(Person.objects.filter(merged_into__isnull=True, pk__in=legacy), user)


def retained_until(person: Person) -> date | None:
    """When the last of a person's lapsed bases leaves its retention period (None while one is current)."""
    ends = []
    for row in person.bases.all():  # prefetched with their bases by the review page
        if row.lapsed_on is None:
            return None
        ends.append(add_months(row.lapsed_on, row.basis.retention_months))
    return max(ends) if ends else None


def retention_jobs(user: Any) -> QuerySet[RetentionJob]:
    return restrict(RetentionJob.objects.select_related("requested_by"), user)


def identifier_holds(user: Any, *, open_only: bool = True) -> QuerySet[IdentifierHold]:
    qs = restrict(IdentifierHold.objects.select_related("agency", "opened_by", "resolved_by"), user)
    return qs.filter(resolved_at__isnull=True) if open_only else qs
