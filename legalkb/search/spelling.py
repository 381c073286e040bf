"""Did-you-mean, the same on every engine: a query word whose stems the index does not
hold is replaced by the closest indexed surface word.

An engine gives a lexicon of its current index with two methods:
    doc_frequency(field, term) -> int
    terms_with_prefix(field, prefix) -> iterable of terms
The work is bounded (MAX_CORRECTED words, MAX_WORD_CHARS letters, one first letter's
terms), so no query can make it slow.
"""

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from ..text.analysis import stems
from .query import STEMS, WORDS

MAX_DISTANCE = 2
MAX_CORRECTED = 3  # unknown words corrected per query; the rest are left as typed
MAX_WORD_CHARS = 40  # longer "words" are pasted junk, not typos


def is_known(word, lexicon):
    return any(lexicon.doc_frequency(STEMS, s) for s in stems(word))


def closest_word(word, lexicon):
    """The indexed word nearest to word (same first letter, at most MAX_DISTANCE edits), or None."""
    if len(word) > MAX_WORD_CHARS:
        return None
    candidates = [
        t for t in lexicon.terms_with_prefix(WORDS, word[0]) if abs(len(t) - len(word)) <= MAX_DISTANCE
    ]
    found = extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE)
    return found[0] if found else None


def suggest(parsed, lexicon):
    """The query with its unknown words corrected, or None when there is nothing to correct."""
    changed, corrections, suggested = False, 0, []
    for unit in parsed.words + parsed.phrases:
        words = []
        for word in unit.words:
            correction = None
            if corrections < MAX_CORRECTED and not is_known(word, lexicon):
                corrections += 1
                correction = closest_word(word, lexicon)
            changed |= correction is not None
            words.append(correction or word)
        suggested.append(" ".join(words))
    return " ".join(suggested) if changed else None
