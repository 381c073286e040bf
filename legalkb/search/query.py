"""The engine-neutral query tree: what a reader's query means, before any engine sees it.

legalkb.text.query parses what the reader typed; legalkb.search.plan turns that into
small trees of the nodes below, over the token fields that legalkb.search_indexes fills
with legalkb.text.analysis tokens. Each backend translates the tree into its engine's
own query objects, so every engine ranks and matches by the same rules (docs/search.md).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..text.analysis import keys, roots, searches_by_key, stems

PHRASE_BOOST = 1000.0  # the words standing together, in order, rank above the same words apart
PROXIMITY_BOOST = 20.0  # two words near each other, above the same words far apart
PROXIMITY_SLOP = 6  # words allowed between two of them for the proximity boost
ROOT_WEIGHT = 0.3  # a related form (a shared root) counts, but less than the word itself
COORDINATION = 100.0  # among passages holding some of the words, each word held outranks the rest

STEMS = "text"  # stems, with positions for phrases
ROOTS = "roots"  # deeper roots
WORDS = "spelling"  # surface words, for spelling suggestions and the forms a word was found in
KEYS = "keys"  # script-neutral keys (legalkb.text.script), with positions for phrases
SHAPES = "shapes"  # each word as its skeleton and itself: how the texts spell a word typed otherwise
TEXT_FIELDS = (STEMS, ROOTS, WORDS, KEYS, SHAPES)
PHRASE_FIELDS = (STEMS, KEYS)


@dataclass(frozen=True)
class Term:
    """A term of one field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Terms in order in one field, at consecutive positions; with slop (two terms only),
    the second after the first with at most slop other positions between them."""

    field: str
    terms: tuple[str, ...]
    boost: float = 1.0
    slop: int = 0


@dataclass(frozen=True)
class Constant:
    """What clause matches, each with the same score whatever the clause's own would be."""

    clause: "Node"
    score: float


@dataclass(frozen=True)
class Values:
    """Passages whose exact field (a facet field) holds any of the values; no score."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one clause matches; the scores of those that match add up."""

    clauses: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    """Every clause matches."""

    clauses: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Ranked:
    """required decides the matches; optional only adds to their score."""

    required: "Node"
    optional: "Node"


@dataclass(frozen=True)
class Excluding:
    """What included matches, less what excluded matches."""

    included: "Node"
    excluded: "Node"


@dataclass(frozen=True)
class Everything:
    """Every passage (an empty query)."""


@dataclass(frozen=True)
class Nothing:
    """No passage (a query whose every word was beyond the bounds)."""


# What every backend translates: a node of the tree
FieldFilters = Mapping[str, Sequence[str]]  # index field → the exact values it must hold (any of them)
Node = Term | Phrase | Constant | Values | AnyOf | AllOf | Ranked | Excluding | Everything | Nothing


def word_query(words: Sequence[str]) -> Node:
    """One query word (or the tokens of "К.Мәсімов"), in either language and any script
    it may be, in any inflection: its stems, and its keys when it may be Kazakh typed
    in Latin or without Kazakh letters."""
    if len(words) > 1:
        return phrase_query(words)
    return AnyOf(word_terms(words[0]))


def word_terms(word: str) -> tuple[Term, ...]:
    """The terms a word is found by: its stems, and its keys where it may be typed otherwise."""
    terms = [Term(STEMS, s) for s in stems(word)]
    if searches_by_key(word):
        terms += [Term(KEYS, k) for k in keys(word)]
    return tuple(dict.fromkeys(terms))


def searched_terms(word: str) -> tuple[Term, ...]:
    """Every term a word may be searched as: by its forms, or by its related forms."""
    return (*word_terms(word), *(Term(ROOTS, r) for r in roots(word)))


def related_query(words: Sequence[str]) -> AnyOf | None:
    """The word's related forms: words made from the same root by derivation (заң for
    заңдылық, заңдылық for заң), at a lower weight; None for several tokens."""
    if len(words) > 1:
        return None
    return AnyOf(tuple(Term(ROOTS, r, boost=ROOT_WEIGHT) for r in roots(words[0])))


def phrase_query(words: Sequence[str], boost: float = 1.0, slop: int = 0) -> Node:
    """The words in order at consecutive positions, or, with slop, each two neighbouring
    words in order with at most slop words between them; for each of their first two
    readings: stems, or keys when a word may be Kazakh typed in Latin or without Kazakh
    letters. (Each pair on its own: tantivy and Lucene cannot find every chain of sloppy gaps.)"""
    if slop and len(words) > 2:
        return AllOf(tuple(phrase_query(pair, boost, slop) for pair in pairwise(words)))
    field, forms = (KEYS, keys) if any(searches_by_key(w) for w in words) else (STEMS, stems)
    options = [forms(w) for w in words]
    readings = {tuple(o[min(i, len(o) - 1)] for o in options) for i in range(2)}
    phrases = tuple(Phrase(field, reading, boost, slop) for reading in sorted(readings))
    return phrases[0] if len(phrases) == 1 else AnyOf(phrases)
