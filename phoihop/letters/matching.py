"""Related letters at intake: near-duplicates of a new letter's content, and letters about the same persons,
among ALL stored letters of all agencies.

A letter is sent again reworded (synonyms, phrases changed), its sentences reordered, typed without
diacritics, or sent to several agencies at once. Its content is matched by MinHash over word-pair shingles
with locality-sensitive hashing (LSH): each stored letter keeps a 128-value signature (`Fingerprint`) and 32
band keys (`Band`, indexed on (key, fingerprint)); a new letter's candidates are the letters sharing a band
key, plus the letters concerning one of its persons (`Concerned`, indexed on (person, case)). Candidates are
scored by estimated Jaccard similarity against their stored signature; the query cost depends on how many
letters are alike, not on how many are stored. The parameters and how they were chosen are below; the
benchmark is `make bench` (part "letters", letters/bench.py), the letters it uses are textgen.py's.

At intake, inside the transaction that saves the letter: `index()` the new letter, then `related()` with
`exclude_case_ids` = the new case (and the letter it was transferred from). Again `index()` whenever its
allegations or persons change, and `mark_concluded()` when it is concluded (a related letter already
concluded is a re-denunciation).

Nothing here reads or compares writers: a writer is matched only inside an agency's identity vault.

No access policy is applied here: `related()` sees every agency's fingerprints, and its `Related` rows carry
only what the caller may reveal of another agency's letter — agency, number, date, whether it is concluded,
the score and whether it concerns the same persons — never content or writer. The caller decides what to show
and records the clerk's decision (`Match`). `index()` and `mark_concluded()` write inside the caller's
transaction.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import random
import struct
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

# --- parameters ---------------------------------------------------------------------------------------------
# MinHash, one-permutation variant (Li, Owen & Zhang 2012, with the "optimal densification" of Shrivastava
# 2017): each shingle is hashed once (keyed BLAKE2b, 64 bits, key SEED); its low 7 bits pick one of K bins,
# its high 32 bits are its value, and each bin keeps the least value; a bin no shingle fell in copies the
# value of the first non-empty bin in its own fixed (seeded) order of the others. The signature is the K
# values packed little-endian (512 bytes); the fraction of equal values estimates the Jaccard similarity of
# two letters' shingle sets without bias, with the error of classic MinHash (standard deviation measured
# 0.026 on generated pairs, 0.028 with K independent hash functions). Classic MinHash takes K minima over
# every shingle, about 17,000 Python comparisons per letter (1.2 ms here); this hashes each shingle once
# (0.15 ms), which is what makes a million letters indexable in minutes. Changing SEED, K, the bands or the
# shingles invalidates every stored fingerprint: re-index them all.
SEED = b"phoihop-letters-v1"
K = 128
# LSH: BANDS bands of ROWS values; two letters of similarity s share at least one band key with probability
# 1 − (1 − s⁴)³², an S-curve rising through 0.42 = (1/32)^(1/4), just under THRESHOLD: 0.74 at s = 0.45,
# 0.87 at 0.5, 0.99 at 0.6, 0.9996 at 0.7, but 0.05 at s = 0.2 and 0.003 at 0.1. On generated letters
# (textgen.py) near-duplicates have s ≥ 0.63 for 99% of them (median 0.82) and unrelated letters s ≤ 0.13
# for 99% of pairs (median 0.04): about 600 candidates per query among 1,000,000 letters, bounded below.
# 25 bands of 5 would give ~50 candidates but find a letter of s = 0.5 only half of the time.
BANDS, ROWS = 32, 4
# At most this many candidates are scored per query, those sharing the most band keys first.
CANDIDATES = 500
# Kept: score ≥ THRESHOLD — below the near-duplicates' 1st percentile (0.63), above the most similar pair of
# unrelated generated letters found in 180,000 (0.29) with room for the estimate's error. Measured over
# 200,000 stored generated letters: 500 of 500 near-duplicates found, 2 of 1,000 unrelated fresh letters
# matched something (both of one allegation, scores 0.46 and 0.53). A letter about one of the same persons
# is kept from THRESHOLD_SAME_PERSON: another letter about the same cadre shares name, post, place and
# relatives, unrelated letters exceed 0.13 once in a hundred pairs and few letters concern one person, so
# the lower bar shows the letters that repeat part of the allegations.
THRESHOLD = 0.45
THRESHOLD_SAME_PERSON = 0.2

_PACK = struct.Struct(f"<{K}I")
_EMPTY_VALUE = 0xFFFFFFFF
EMPTY_SIGNATURE = _PACK.pack(*[_EMPTY_VALUE] * K)  # no shingle at all: similar to nothing, not even itself
_BIN = K - 1  # K is a power of two
_DENSIFY = [
    [k for k in order if k != j]
    for j in range(K)
    for order in [random.Random(j).sample(range(K), K)]  # noqa: S311 - a fixed order, not a secret
]
_HASHER = hashlib.blake2b(digest_size=8, key=SEED)
_BAND_WORDS = struct.Struct(f"<{K // 2}Q")  # a band of 4 values is two 64-bit words
_MIX = 0x9E3779B97F4A7C15  # 2⁶⁴/φ, odd
_SALTS = [
    int.from_bytes(hashlib.blake2b(b"band%d" % i, key=SEED, digest_size=8).digest(), "little")
    for i in range(BANDS)
]
assert BANDS * ROWS == K and ROWS == 4, "band_keys reads a band as two 64-bit words"
_MASK64, _HALF64 = (1 << 64) - 1, 1 << 63

# --- shingles -----------------------------------------------------------------------------------------------
# Folded words (as fold_vi: no accents, đ as d, lower case) of two letters or more, without the function
# words below, joined in pairs inside each sentence. Vietnamese writes a word as one to three syllables, so a
# single syllable (can, bo, dat, xa…) says little and is shared by any two letters; a pair of syllables is
# about a word or a name ("bo nhiem", "nguyen van", "xa tan"). Measured on generated letters: unrelated
# letters have a median similarity of 0.04 with pairs only, 0.11 with single syllables added, 0.13 with
# character 5-grams (and 4× as many shingles), while a reworded copy keeps 0.82, 0.85 and 0.86. Pairs are
# formed after the function words are removed, so adding or dropping "đã", "cũng", "rất" changes nothing, and
# inside sentences only, so reordering sentences changes nothing either.
STOP_WORDS = frozenset(
    [
        "va",
        "la",
        "cua",
        "cac",
        "nhung",
        "mot",
        "co",
        "khong",
        "duoc",
        "bi",
        "da",
        "dang",
        "se",
        "thi",
        "ma",
        "de",
        "cho",
        "voi",
        "tai",
        "trong",
        "ve",
        "theo",
        "tu",
        "den",
        "nhu",
        "nay",
        "rat",
        "cung",
        "van",
        "con",
        "nua",
        "roi",
        "hay",
        "hoac",
        "neu",
        "vi",
        "nen",
        "toi",
        "chung",
        "ong",
        "ba",
        "anh",
        "chi",
        "em",
        "ho",
        "no",
        "minh",
        "ta",
        "do",
        "day",
        "kia",
        "ay",
        "khi",
        "sau",
        "truoc",
        "luc",
        "nao",
        "gi",
        "ai",
        "dau",
        "bao",
        "cu",
        "the",
        "ngoai",
        "ra",
        "ben",
        "canh",
        "dac",
        "biet",
        "hon",
        "them",
        "vao",
        "ro",
        "rang",
        "kinh",
        "gui",
        "xin",
    ]
)


def _ascii_table() -> bytes:
    """Lower-case letters and digits kept, capitals lower-cased, sentence ends to '|', all else a space."""
    table = bytearray(b" " * 256)
    for c in b"0123456789abcdefghijklmnopqrstuvwxyz":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    for c in b".!?;:\n\r":
        table[c] = ord("|")
    return bytes(table)


_ASCII = _ascii_table()
# đ is a letter of its own, not d with a mark; dashes and no-break spaces separate words as fold_vi reads them
_NOT_DECOMPOSED = (("đ", "d"), ("Đ", "D"), ("\u2013", " "), ("\u2014", " "), ("\xa0", " "))


def folded(text: str) -> str:
    """fold_vi's words of a text, space-separated, with '|' where a sentence ends (. ! ? ; : or a new line).

    The same words as fold_vi on Vietnamese text (NFC or NFD, any case, with or without accents: tested), but
    computed in C — decompose, drop what is not ASCII (the accents), translate the bytes — where fold_vi walks
    the decomposed text in Python: 4× slower, and folding is most of the cost of indexing a million letters.
    Unlike fold_vi, a non-ASCII character that is neither a letter with accents nor a dash or a no-break
    space (a curly quote, ², …) is dropped rather than read as a space; both sides of a comparison fold the
    same way, so matching does not depend on it."""
    for letter, ascii_letter in _NOT_DECOMPOSED:
        text = text.replace(letter, ascii_letter)
    decomposed = unicodedata.normalize("NFD", text)
    return decomposed.encode("ascii", "ignore").translate(_ASCII).decode("ascii")


def tokens(texts: list[str]) -> set[str]:
    """The shingles of a letter's allegation texts: folded word pairs inside each sentence (a sentence of one
    word gives that word)."""
    out: set[str] = set()
    for sentence in folded("\n".join(texts)).split("|"):
        kept = [w for w in sentence.split() if len(w) > 1 and w not in STOP_WORDS]
        if len(kept) == 1:
            out.add(kept[0])
        out.update(map(" ".join, itertools.pairwise(kept)))
    return out


# --- MinHash and LSH ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 18)
def _hash(shingle: str) -> int:
    """The 64-bit hash of one shingle (cached: phrases, names and places recur across letters)."""
    hasher = _HASHER.copy()
    hasher.update(shingle.encode())
    return int.from_bytes(hasher.digest(), "little")


def signature(shingles: Iterable[str]) -> bytes:
    """The signature of a set of shingles: K packed 32-bit values (see the parameters above)."""
    # In decreasing order, so the least value of each bin is written last.
    least = {h & _BIN: h >> 32 for h in sorted(map(_hash, shingles), reverse=True)}
    if not least:
        return EMPTY_SIGNATURE
    values = [least.get(j, -1) for j in range(K)]
    if len(least) < K:
        for j in range(K):
            if values[j] < 0:
                values[j] = next(least[k] for k in _DENSIFY[j] if k in least)
    return _PACK.pack(*values)


def band_keys(sig: bytes) -> list[int]:
    """The signature's LSH band keys, one per band of ROWS values, as signed 64-bit integers: the band's two
    64-bit words mixed (multiply by an odd constant, add: distinct bands collide with probability 2⁻⁶⁴, the
    values being hash outputs already) and salted with the band's position, so that band i of one letter only
    meets band i of another."""
    if sig == EMPTY_SIGNATURE:
        return []
    words = _BAND_WORDS.unpack(sig)
    return [
        (((words[2 * i] * _MIX + words[2 * i + 1]) ^ salt) & _MASK64) - _HALF64
        for i, salt in enumerate(_SALTS)
    ]


def similarity(a: bytes | memoryview, b: bytes | memoryview) -> float:
    """The estimated Jaccard similarity of two letters: the fraction of equal values (0 if one is empty)."""
    return scorer(a)(b)


def scorer(sig: bytes | memoryview) -> Callable[[bytes | memoryview], float]:
    """similarity(sig, ·), with sig unpacked once for the many signatures it is compared with."""
    if sig == EMPTY_SIGNATURE:
        return lambda _other: 0.0
    values = _PACK.unpack(sig)
    # An empty stored signature holds 0xFFFFFFFF only, a value no bin of a non-empty one keeps in practice.
    return lambda other: sum(map(operator.eq, values, _PACK.unpack(other))) / K


# --- stored fingerprints ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """A stored letter related to a new one, as much as intake may reveal of another agency's letter."""

    case_id: UUID
    agency_id: Any
    number: str
    received_on: date
    concluded: bool
    score: float
    same_persons: bool


def index(
    case_id: UUID,
    *,
    agency_id: Any,
    number: str,
    received_on: date,
    texts: list[str],
    person_ids: list[int],
    concluded: bool = False,
) -> None:
    """Write (or replace) the fingerprint of a letter and its band keys. Call it inside the transaction that
    saves the letter's allegations and persons, again whenever they change."""
    from phoihop.letters.models import Band, Fingerprint

    sig = signature(tokens(texts))
    Fingerprint.objects.update_or_create(
        case_id=case_id,
        defaults={
            "agency_id": agency_id,
            "number": number,
            "received_on": received_on,
            "concluded": concluded,
            "signature": sig,
            "persons": sorted(set(person_ids)),
        },
    )
    Band.objects.filter(fingerprint_id=case_id).delete()
    Band.objects.bulk_create([Band(key=key, fingerprint_id=case_id) for key in band_keys(sig)])


def mark_concluded(case_id: UUID, concluded: bool) -> None:
    from phoihop.letters.models import Fingerprint

    Fingerprint.objects.filter(case_id=case_id).update(concluded=concluded)


def related(
    texts: list[str],
    person_ids: list[int],
    *,
    exclude_case_ids: Iterable[UUID] = (),
    limit: int = 10,
) -> list[Related]:
    """The stored letters related to this content and these persons, most similar first: those scoring
    THRESHOLD or more, and those about one of the persons scoring THRESHOLD_SAME_PERSON or more. Two queries
    at most (the second only with persons), each reading at most CANDIDATES fingerprints."""
    from django.db.models import Count

    from phoihop.letters.models import Band, Concerned, Fingerprint

    sig = signature(tokens(texts))
    persons = set(person_ids)
    excluded = list(exclude_case_ids)
    columns = ("case_id", "agency_id", "number", "received_on", "concluded", "signature", "persons")
    rows: list[tuple[Any, ...]] = []
    keys = band_keys(sig)
    if keys:
        # The letters sharing the most band keys first: a key common to many letters (boilerplate) cannot
        # crowd out the one sharing twenty.
        bands = Band.objects.filter(key__in=keys)
        if excluded:
            bands = bands.exclude(fingerprint_id__in=excluded)
        top = (
            bands.values("fingerprint_id")
            .annotate(shared=Count("id"))
            .order_by("-shared")
            .values_list("fingerprint_id", flat=True)[:CANDIDATES]
        )
        rows += Fingerprint.objects.filter(case_id__in=top).values_list(*columns)
    about: set[Any] = set()
    if persons:
        concerned = Concerned.objects.filter(person_id__in=persons)
        if excluded:
            concerned = concerned.exclude(case_id__in=excluded)
        ids = concerned.values_list("case_id", flat=True).distinct()[:CANDIDATES]
        found = list(Fingerprint.objects.filter(case_id__in=ids).values_list(*columns))
        about = {row[0] for row in found}
        rows += found
    score_of = scorer(sig)
    out: dict[Any, Related] = {}
    for case_id, agency_id, number, received_on, concluded, stored, stored_persons in rows:
        if case_id in out:
            continue
        score = score_of(stored)
        same = case_id in about or not persons.isdisjoint(stored_persons or ())
        if score >= THRESHOLD or (same and score >= THRESHOLD_SAME_PERSON):
            out[case_id] = Related(case_id, agency_id, number, received_on, concluded, round(score, 3), same)
    return sorted(out.values(), key=lambda r: (-r.score, not r.same_persons, r.received_on))[:limit]
