"""Related-letter matching at intake (letters/matching.py): folding, shingles, signatures and LSH bands in
pure Python on generated letters (textgen.py) — recall on near-duplicates and false positives on unrelated
letters — then the stored side: index, re-index, exclude, same persons, and what a match reveals."""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from collections import defaultdict
from datetime import date
from typing import Any

import pytest

from phoihop.letters import matching, textgen
from phoihop.search.folding import fold_vi


def _letters(seed: int, n: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [textgen.allegations(rng) for _ in range(n)]


def _sig(texts: list[str]) -> bytes:
    return matching.signature(matching.tokens(texts))


# --- pure functions -----------------------------------------------------------------------------------------


def test_folding_gives_fold_vi_words() -> None:
    for texts in _letters(1, 40):
        for text in texts:
            for variant in (
                text,
                unicodedata.normalize("NFD", text),
                text.upper(),
                textgen.strip_accents(text),
            ):
                assert matching.folded(variant).replace("|", " ").split() == fold_vi(variant).split()


def test_accents_case_and_normal_form_do_not_change_the_signature() -> None:
    for texts in _letters(2, 20):
        sig = _sig(texts)
        assert _sig([textgen.strip_accents(t) for t in texts]) == sig
        assert _sig([unicodedata.normalize("NFD", t).upper() for t in texts]) == sig
        assert _sig([" ".join(t.split()) + " " for t in texts]) == sig


def test_function_words_and_sentence_order_do_not_change_the_shingles() -> None:
    rng = random.Random(3)
    for texts in _letters(3, 20):
        reordered = []
        for text in texts:
            sentences = [s.rstrip(".") + "." for s in text.split(". ")]
            rng.shuffle(sentences)
            reordered.append(" ".join(sentences))
        rng.shuffle(reordered)
        assert matching.tokens(reordered) == matching.tokens(texts)
        assert matching.similarity(_sig(reordered), _sig(texts)) == 1.0
    assert matching.tokens(["Ông A đã nhận tiền."]) == matching.tokens(["Ông A cũng đã rất nhận tiền."])


def test_signature_and_band_keys_shape() -> None:
    sig = _sig(_letters(4, 1)[0])
    assert len(sig) == 4 * matching.K
    keys = matching.band_keys(sig)
    assert len(keys) == len(set(keys)) == matching.BANDS
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert matching.similarity(sig, sig) == 1.0
    # no words at all: no band, similar to nothing
    empty = _sig(["", " . ; ", "a b c"])
    assert empty == matching.EMPTY_SIGNATURE
    assert matching.band_keys(empty) == []
    assert matching.similarity(empty, empty) == 0.0
    # one shingle is enough for a signature
    one = _sig(["Tham nhũng"])
    assert matching.band_keys(one) and matching.similarity(one, _sig(["tham nhung"])) == 1.0


def _in_memory(stored: list[list[str]]) -> tuple[list[bytes], dict[int, set[int]]]:
    sigs = [_sig(t) for t in stored]
    bands: dict[int, set[int]] = defaultdict(set)
    for i, sig in enumerate(sigs):
        for key in matching.band_keys(sig):
            bands[key].add(i)
    return sigs, bands


def _matches(texts: list[str], sigs: list[bytes], bands: dict[int, set[int]]) -> dict[int, float]:
    sig = _sig(texts)
    candidates = set().union(*(bands.get(k, set()) for k in matching.band_keys(sig)))
    scores = {i: matching.similarity(sig, sigs[i]) for i in candidates}
    return {i: s for i, s in scores.items() if s >= matching.THRESHOLD}


@pytest.fixture(scope="module")
def corpus() -> tuple[list[list[str]], list[bytes], dict[int, set[int]]]:
    stored = _letters(5, 2000)
    return (stored, *_in_memory(stored))


def test_recall_on_near_duplicates(corpus: Any) -> None:
    """300 reworded, reordered, half accent-free copies of stored letters: ≥ 95% found through the bands."""
    stored, sigs, bands = corpus
    rng = random.Random(6)
    picked = rng.sample(range(len(stored)), 300)
    found = sum(i in _matches(textgen.near_duplicate(rng, stored[i]), sigs, bands) for i in picked)
    assert found / len(picked) >= 0.95, found


def test_unrelated_letters_are_not_matched(corpus: Any) -> None:
    stored, sigs, bands = corpus
    rng = random.Random(7)
    pairs = [rng.sample(range(len(stored)), 2) for _ in range(2000)]
    above = sum(matching.similarity(sigs[a], sigs[b]) >= matching.THRESHOLD for a, b in pairs)
    assert above / len(pairs) <= 0.02, above
    fresh = _letters(8, 200)
    with_match = sum(bool(_matches(texts, sigs, bands)) for texts in fresh)
    assert with_match / len(fresh) <= 0.02, with_match


def test_near_duplicate_rewords() -> None:
    rng = random.Random(9)
    texts = _letters(9, 1)[0]
    copies = [textgen.near_duplicate(rng, texts) for _ in range(20)]
    assert any(c != texts for c in copies)
    assert any(c == [textgen.strip_accents(t) for t in c] for c in copies)  # some without diacritics
    assert all(
        sorted(fold_vi(" ".join(c)).split()) != sorted(fold_vi(" ".join(texts)).split()) for c in copies
    )


# --- stored fingerprints ------------------------------------------------------------------------------------


def test_related_reveals_nothing_of_content_or_writer() -> None:
    fields = {f.name for f in dataclasses.fields(matching.Related)}
    assert fields == {"case_id", "agency_id", "number", "received_on", "concluded", "score", "same_persons"}
    assert not any("writer" in f or "text" in f or "signature" in f for f in fields)


def _case(agency: Any, number: str) -> Any:
    from phoihop.cases.models import Case

    return Case.objects.create(
        number=number, kind="letter", title="Đơn thử nghiệm", owner_agency=agency, opened_on=date(2026, 3, 2)
    )


@pytest.mark.django_db
def test_index_and_related_across_agencies() -> None:
    from phoihop.core.tests.factories import AgencyFactory
    from phoihop.letters.models import Band, Concerned, Fingerprint
    from phoihop.people.models import Person

    hub, police = AgencyFactory(code="BTC", is_hub=True), AgencyFactory(code="CA")
    letters = _letters(10, 6)
    cases = []
    for i, texts in enumerate(letters):
        case = _case(hub if i % 2 else police, f"DT-2026-{i:04d}")
        matching.index(
            case.pk,
            agency_id=case.owner_agency_id,
            number=case.number,
            received_on=date(2026, 1, 10 + i),
            texts=texts,
            person_ids=[],
        )
        cases.append(case)
    assert Band.objects.count() == 6 * matching.BANDS

    # a reworded copy of letter 0 (from the police) is found from anywhere, with agency, number and date
    rng = random.Random(11)
    copy = textgen.near_duplicate(rng, letters[0])
    found = matching.related(copy, [])
    assert [r.case_id for r in found] == [cases[0].pk]
    (hit,) = found
    assert (hit.agency_id, hit.number, hit.received_on) == (police.pk, "DT-2026-0000", date(2026, 1, 10))
    assert hit.score >= matching.THRESHOLD and not hit.concluded and not hit.same_persons
    # the letter being taken in is not its own match
    assert matching.related(letters[0], [], exclude_case_ids=[cases[0].pk]) == []
    assert matching.related(letters[0], [])[0].score == 1.0

    matching.mark_concluded(cases[0].pk, True)
    assert matching.related(copy, [])[0].concluded

    # re-index with other content: the old bands are gone, the new content is found
    other = _letters(12, 1)[0]
    matching.index(
        cases[0].pk,
        agency_id=police.pk,
        number="DT-2026-0000",
        received_on=date(2026, 1, 10),
        texts=other,
        person_ids=[],
        concluded=True,
    )
    assert Band.objects.filter(fingerprint_id=cases[0].pk).count() == matching.BANDS
    assert set(Band.objects.filter(fingerprint_id=cases[0].pk).values_list("key", flat=True)) == set(
        matching.band_keys(_sig(other))
    )
    assert Fingerprint.objects.count() == 6
    assert matching.related(copy, []) == []
    assert [r.case_id for r in matching.related(other, [])] == [cases[0].pk]

    # a letter about the same person that repeats one allegation of letter 2, among others
    stored = letters[2]
    moderate = [stored[0], *_letters(13, 1)[0]]
    score = matching.similarity(_sig(moderate), _sig(stored))
    assert matching.THRESHOLD_SAME_PERSON <= score < matching.THRESHOLD, score
    assert matching.related(moderate, []) == []  # not similar enough on content alone
    person = Person.objects.create(full_name="Trần Văn Thử", owner_agency=hub)
    Concerned.objects.create(case=cases[2], person=person)
    matching.index(
        cases[2].pk,
        agency_id=hub.pk,
        number=cases[2].number,
        received_on=date(2026, 1, 12),
        texts=stored,
        person_ids=[person.pk],
    )
    (same,) = matching.related(moderate, [person.pk])
    assert same.case_id == cases[2].pk and same.same_persons and same.score == round(score, 3)
    assert matching.related(moderate, [person.pk], exclude_case_ids=[cases[2].pk]) == []
    # a letter about the same person with unrelated content is not shown
    assert matching.related(_letters(14, 1)[0], [person.pk]) == []
