"""The engine-neutral query tree: what a reader's query means, before any engine sees it.

legalkb.text.query parses what the reader typed; build_text_query turns that into a
small tree of the nodes below, over the token fields that legalkb.search_indexes fills
with legalkb.text.analysis tokens. Each backend translates the tree into its engine's
own query objects, so every engine ranks and matches by the same rules (docs/search.md).
"""

from dataclasses import dataclass

from ..text.analysis import roots, stems

ALL_WORDS_BOOST = 1000.0  # a passage with every word must outrank any with some
PROXIMITY_BOOST = 1000.0  # the words standing together, in order, rank above the same words apart
ROOT_WEIGHT = 0.3  # a shared root counts, but less than the same word

STEMS = "text"  # stems, with positions for phrases
ROOTS = "roots"  # deeper roots
WORDS = "spelling"  # surface words, for spelling suggestions
TEXT_FIELDS = (STEMS, ROOTS, WORDS)


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Terms at consecutive positions of one field."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """At least one clause matches; the scores of those that match add up."""

    clauses: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    """Every clause matches."""

    clauses: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class Ranked:
    """required decides the matches; optional only adds to their score."""

    required: object
    optional: object


@dataclass(frozen=True)
class Excluding:
    """What included matches, less what excluded matches."""

    included: object
    excluded: object


@dataclass(frozen=True)
class Everything:
    """Every passage (an empty query)."""


@dataclass(frozen=True)
class Nothing:
    """No passage (a query whose every word was beyond the bounds)."""


def word_query(words):
    """One query word (or the tokens of "К.Мәсімов"), in either language it may be."""
    if len(words) > 1:
        return phrase_query(words)
    word = words[0]
    terms = [Term(STEMS, s) for s in stems(word)]
    terms += [Term(ROOTS, r, boost=ROOT_WEIGHT) for r in roots(word)]
    return AnyOf(tuple(terms))


def phrase_query(words, boost=1.0):
    """Consecutive stems, for each language reading of the words."""
    options = [stems(w) for w in words]
    readings = {tuple(o[min(i, len(o) - 1)] for o in options) for i in range(2)}
    phrases = tuple(Phrase(STEMS, reading, boost) for reading in sorted(readings))
    return phrases[0] if len(phrases) == 1 else AnyOf(phrases)


def build_text_query(parsed):
    """Any word matches; all words together rank first; quoted phrases are required;
    excluded words remove passages; stopwords only add to the score."""
    if parsed.is_empty:
        return Nothing() if parsed.limits else Everything()
    content = [u for u in parsed.words if not u.is_stopword] or parsed.words
    optional = [u for u in parsed.words if u not in content]
    required = [phrase_query(u.words) for u in parsed.phrases]
    if content:
        words = tuple(word_query(u.words) for u in content)
        required.append(AnyOf((AnyOf(words), AllOf(words, boost=ALL_WORDS_BOOST))))
    query = required[0] if len(required) == 1 else AllOf(tuple(required))
    if len(content) > 1:
        near = phrase_query([w for u in content for w in u.words], boost=PROXIMITY_BOOST)
        query = Ranked(query, near)
    if optional:
        query = Ranked(query, AnyOf(tuple(word_query(u.words) for u in optional)))
    if parsed.excluded:
        query = Excluding(query, AnyOf(tuple(word_query(u.words) for u in parsed.excluded)))
    return query
