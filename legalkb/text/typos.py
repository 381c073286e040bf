"""Typos: the indexed words closest to a query word that the index does not know.

The search engine supplies the candidates: it lists the words it has indexed
under the prefixes candidate_prefixes() names, with the number of passages
holding each, and closest_forms() picks the ones to search instead.

Words are compared by their skeletons and keys (legalkb.text.script,
legalkb.text.analysis), so a typo is found in any script and in any inflection:
презумция meets презумпциясы through the stems презумция/презумпция. A typed word is
read by its skeleton alone, so it is corrected alike in every script.
"""

from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz.distance import OSA

from .analysis import keys
from .script import CYRILLIC_TO_LATIN, readings, skeleton
from .stem import NEGATIONS, is_negated, skeleton_stems, stem_kazakh

MAX_FORMS = 5  # forms searched in place of one unknown word
PRIVATIVE = skeleton("сыз")  # -сыз/-сіз, "without" (Kazakh grammar), as a skeleton
# Cyrillic letters, each with its skeleton (ъ and ь have none).
LETTER_SKELETONS = {letter: skeleton(letter) for letter in CYRILLIC_TO_LATIN if skeleton(letter)}


def max_edits(word: str) -> int:
    """Edits allowed between a word and its correction: none for a word of at most 3
    letters (too many words lie one edit apart), 1 up to 7 letters, 2 from 8."""
    letters = sum(c.isalpha() for c in word)
    if letters <= 3:
        return 0
    return 1 if letters <= 7 else 2


def candidate_prefixes(word: str) -> tuple[str, ...]:
    """The Cyrillic prefixes under which the index should list candidate words: the
    two-letter ones spelling the start of the word in any script (jau... → жа, жә).
    The first two letters are taken as typed: typos are rarest there."""
    if max_edits(word) == 0:
        return ()
    return tuple(sorted({prefix for reading in readings(word) for prefix in _prefixes(reading[:4])}))


@lru_cache(maxsize=10_000)
def _prefixes(start: str) -> tuple[str, ...]:
    found: set[str] = set()
    for first, first_skeleton in LETTER_SKELETONS.items():
        if not start.startswith(first_skeleton):
            continue
        found.update(
            first + second for second in LETTER_SKELETONS if start.startswith(skeleton(first + second))
        )
    return tuple(sorted(found))


def closest_forms(word: str, candidates: Mapping[str, int], limit: int = MAX_FORMS) -> list[str]:
    """The candidate words within max_edits(word) of the word, closest first, then the
    most frequent; candidates maps each indexed word to its number of passages.
    Distance is optimal string alignment (a swap of neighbours is one edit) between
    the two words' skeletons or keys, whichever pair is closest."""
    bound = max_edits(word)
    if bound == 0:
        return []
    typed = _typed_spellings(word)
    privative = _is_privative(word)
    scored = []
    for form, frequency in candidates.items():
        if _is_privative(form) != privative or _crosses_negation(word, form):
            continue
        distance = min(
            OSA.distance(a, b, score_cutoff=bound + 1) for a in typed for b in _spellings(form)
        )
        if distance <= bound:
            scored.append((distance, -frequency, form))
    return [form for _, _, form in sorted(scored)[:limit]]


def _is_privative(word: str) -> bool:
    """Whether a word carries the privative -сыз/-сіз ("without"): two edits turn
    жауапсыз (irresponsible) into жауапты (responsible), never a correction."""
    return PRIVATIVE in skeleton(word)


def _crosses_negation(typed: str, form: str) -> bool:
    """Whether correcting typed into form would add or remove a verb's negation: one edit
    turns орындамаған (not carried out) into орындаған. A typo elsewhere in the word
    leaves the negation where it was (орындамағн is still negated). Compared as
    skeletons, so the same in every script."""
    stem = skeleton(stem_kazakh(form))
    spelled = readings(typed)
    if is_negated(form):
        return not any(reading.startswith(stem) for reading in spelled)
    negated = tuple(stem + skeleton(negation) for negation in NEGATIONS)
    return any(reading.startswith(negated) for reading in spelled)


def _spellings(word: str) -> set[str]:
    """An indexed word's skeleton and its keys: what a typo is measured against."""
    return {skeleton(word), *keys(word)}


def _typed_spellings(word: str) -> set[str]:
    """A typed word's readings and every stem each may have: the same in every script, so
    that a word is corrected alike however it was typed (the stems of a word typed with
    Kazakh letters would be fewer)."""
    return {spelled for reading in readings(word) for spelled in (reading, *skeleton_stems(reading))}
