"""Vietnamese text folding and ordering: the one `fold_vi()` used when indexing and when querying, and the key
that sorts names the Vietnamese way.

Folding removes every tone and vowel mark after Unicode decomposition (so NFC and NFD input, and the old and
new tone placements — hoà/hòa, thuỷ/thủy — fold to the same text), maps đ/Đ to d (it is a separate letter, not
a combining mark, which is why a naive NFD strip misses it), lower-cases, and keeps only letters and digits
separated by single spaces.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
_NON_WORD = re.compile(r"[^0-9a-z]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_MARKUP = re.compile(r"[<>{}\[\]\\`$;]")


def fold_vi(text: str | None) -> str:
    """'  Nguyễn  Văn ĐỨC ' → 'nguyen van duc'; 'Hoà' and 'Hòa' (NFC or NFD) → 'hoa'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def tokens(text: str | None) -> list[str]:
    return fold_vi(text).split()


def name_key(text: str | None) -> str:
    """The folded words in sorted order: any order of family, middle and given name gives the same key."""
    return " ".join(sorted(tokens(text)))


PAIR_JOIN = "0"  # names hold no digits (name_problem), so "van0duc" is never a word of its own


def word_pairs(words: list[str]) -> list[str]:
    """Adjacent folded words joined into one token: ['nguyen', 'van', 'duc'] → ['nguyen0van', 'van0duc'].
    Indexed, a two-word phrase is one posting list instead of the intersection of two long ones (Văn, Thị,
    Nguyễn…)."""
    return [f"{a}{PAIR_JOIN}{b}" for a, b in itertools.pairwise(words)]


def name_pairs(*names: str, max_length: int = 500) -> str:
    """The word pairs of each name (other names separated by commas), space-separated, for the pairs index;
    whole pairs only, at most `max_length` characters."""
    out: list[str] = []
    size = 0
    for name in names:
        for part in re.split(r"[,;/\n]+", name or ""):
            for pair in word_pairs(tokens(part)):
                if pair not in out and size + len(pair) + bool(out) <= max_length:
                    out.append(pair)
                    size += len(pair) + bool(out[:-1])
    return " ".join(out)


def clean_text(text: str | None) -> str:
    """NFC, single spaces, no surrounding blanks (how names are stored as written)."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def name_problem(text: str) -> str | None:
    """Why a personal name cannot be stored as given, or None: control characters, markup, digits."""
    if _CONTROL.search(text):
        return "control"
    if _MARKUP.search(text) or "&#" in text:
        return "markup"
    if any(ch.isdigit() for ch in text):
        return "digits"
    if not fold_vi(text):
        return "empty"
    return None


# --- Vietnamese ordering
# -------------------------------------------------------------------------------------- Letters before tones:
# a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z); tones ordered none, huyền, hỏi,
# ngã, sắc, nặng. The key uses only the letters a–z so every database collation orders it the same way: each
# letter is two characters from 'b' upwards (digits 'ab'…'ak').

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
_LETTER_CODE = {}
for _index, _letter in enumerate(_ALPHABET):
    _LETTER_CODE[_letter] = "b" + chr(ord("a") + _index) if _index < 26 else "c" + chr(ord("a") + _index - 26)
_DIGIT_CODE = {
    str(d): "a" + chr(ord("b") + d) for d in range(10)
}  # digits before letters, after the separator


def _letters(word: str) -> tuple[str, str]:
    """(primary letters code, tone digits) of one word."""
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", word.casefold()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _VOWEL_MARKS))
        if ch == "đ":
            letter = "đ"
        code = _LETTER_CODE.get(letter) or _DIGIT_CODE.get(letter)
        if code is None:
            continue
        primary.append(code)
        tones.append(chr(ord("a") + tone))
    return "".join(primary), "".join(tones)


def vi_sort_key(full_name: str) -> str:
    """Key ordering persons by given name, then family name, then middle names, letters before tones."""
    words = clean_text(full_name).split()
    if not words:
        return ""
    ordered = [words[-1], words[0], *words[1:-1]] if len(words) > 1 else words
    # Per word: its letters, then 'aa' (below every letter code, so a shorter word sorts first), then its
    # tones; a word is compared completely (letters, then tones) before the next word counts.
    return "a".join(primary + "aa" + tones for primary, tones in map(_letters, ordered))[:255]
