"""The fixed query mix: the same queries, in the same order, at every corpus size.

Six kinds of text query, each asked with 0, 1 and 2 facet filters (URL parameters
of /api/search/). Words come from the sentence pool, so they exist at every size.
"""

import random
from collections import Counter

from legalkb.text.analysis import is_stopword, tokenize

from .corpus import SEED, entry_order, sentence_pool, source_slug

KIND_COUNTS = {"rare": 16, "common": 10, "two_words": 14, "three_words": 10, "phrase": 12, "russian": 8}
COMMON_WORD = "мемлекеттік"
# Russian words a reader may type; the corpus holds few Russian passages.
RUSSIAN_WORDS = ["ответственность", "государство", "принцип", "закон"]
MIN_WORD_CHARS = 6
FILTER_NAMES = ["principle", "author", "reform", "source", "language"]
SOURCES_IN_SMALLEST = 10  # every size has at least this many sources


def build_queries():
    """A list of {"kind", "filters", "params"}; params are the /api/search/ URL parameters."""
    rng = random.Random(SEED)
    texts = _text_queries(rng)
    queries = []
    for kind, q in texts:
        for filter_count in (0, 1, 2):
            params = {"q": q, **_filters(rng, filter_count)}
            queries.append({"kind": kind, "filters": filter_count, "params": params})
    return queries


def _text_queries(rng):
    pool = sentence_pool()
    kazakh = [s for s in pool if s.language == "kk"]
    russian = [s for s in pool if s.language == "ru"]
    picks = {
        "rare": _rare_words(pool),
        "common": _common_words(kazakh),
        "two_words": _runs(rng, kazakh, 2),
        "three_words": _runs(rng, kazakh, 3),
        "phrase": [f'"{phrase}"' for phrase in _phrases(rng, kazakh)],
        "russian": _content_words(russian)[:4] + RUSSIAN_WORDS,
    }
    return [(kind, q) for kind, count in KIND_COUNTS.items() for q in _cycle(picks[kind], count)]


def _content_words(sentences):
    return list(
        dict.fromkeys(
            t.text for s in sentences for t in tokenize(s.text)
            if len(t.text) >= MIN_WORD_CHARS and t.text.isalpha() and not is_stopword(t.text)
        )
    )


def _rare_words(pool):
    """Words of a single sentence, taken from the least likely sentences first."""
    frequency = Counter(w for s in pool for w in set(_content_words([s])))
    rare = []
    for sentence in reversed(pool):
        rare.extend(w for w in _content_words([sentence]) if frequency[w] == 1)
    return rare


def _common_words(sentences):
    frequency = Counter(w for s in sentences for w in set(_content_words([s])))
    return [COMMON_WORD] + [w for w, _ in frequency.most_common() if w != COMMON_WORD]


def _runs(rng, sentences, length):
    """The first content words of random sentences, as one query string each."""
    runs = []
    for sentence in rng.sample(sentences, len(sentences)):
        words = _content_words([sentence])
        if len(words) >= length:
            runs.append(" ".join(words[:length]))
    return runs


def _phrases(rng, sentences):
    """Two words that stand side by side in a random sentence."""
    phrases = []
    for sentence in rng.sample(sentences, len(sentences)):
        words = [t.text for t in tokenize(sentence.text)]
        pairs = [p for p in zip(words, words[1:], strict=False) if all(len(w) >= MIN_WORD_CHARS for w in p)]
        if pairs:
            phrases.append(" ".join(pairs[len(pairs) // 2]))
    return phrases


def _cycle(items, count):
    return [items[i % len(items)] for i in range(count)]


def _filters(rng, count):
    names = rng.sample(FILTER_NAMES, count)
    return {name: _filter_value(rng, name) for name in names}


def _filter_value(rng, name):
    if name == "language":
        return rng.choices(["kk", "ru"], weights=[4, 1])[0]
    if name == "source":
        return source_slug(rng.randint(1, SOURCES_IN_SMALLEST))
    return rng.choice(entry_order(name)[:3])
