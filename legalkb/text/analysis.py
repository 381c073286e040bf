"""The one token chain shared by the index, queries, the highlighter and the tagger.

fold look-alikes → split into word tokens → lowercase → stem (Kazakh or Russian),
and a deeper Kazakh root (derivational suffixes stripped too) kept apart, and a
script-neutral key (the stem's skeleton, legalkb.text.script) that a word typed
in Latin or without Kazakh letters meets.

The index receives the analysed tokens as plain space-separated strings, so any
search engine indexes exactly the tokens produced here.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from .langid import KAZAKH_FUNCTION_WORDS, RUSSIAN_FUNCTION_WORDS
from .normalize import (
    LOOKALIKES,
    SOFT_HYPHEN,
    fold_lookalikes,
    has_kazakh_letters,
    lowercase,
    remove_soft_hyphens,
)
from .script import readings, skeleton
from .stem import root, skeleton_roots, skeleton_stems, stem

LANGUAGES = ("kk", "ru")
MAX_KEYS = 8  # a query word's readings in every script, bounded
SHAPE_SEPARATOR = "|"  # between a word's skeleton and the word in the shapes field

# Words too common to decide a match on their own, and question words, which ask for
# the answer rather than name it (grammar facts: Kazakh, Russian, English).
KAZAKH_STOPWORDS = KAZAKH_FUNCTION_WORDS | frozenset(
    "да де та те ма ме ба бе па пе ғана өз оның оны оған онда одан олар олардың соның осының бір "
    "қандай қалай не неге неліктен нені ненің неде неден кім кімнің кімге кімді қашан қайда "
    "қай қайсы қанша ше деген дегеніміз дегені дегенді".split()
)
STOPWORDS = (
    KAZAKH_STOPWORDS
    | RUSSIAN_FUNCTION_WORDS
    | frozenset(
        "что как какой какая какое какие каков почему зачем когда где кто чем ли такое такой это "
        "of the a an and or in on at to for by with from is are was be what how why which "
        "who whom whose when where does do".split()
    )
)
# The Kazakh ones in any script: және typed as jäne, zhane or жане.
KAZAKH_STOPWORD_SKELETONS = frozenset(map(skeleton, KAZAKH_STOPWORDS))

_TOKEN = re.compile(rf"[^\W_](?:[^\W_]|{SOFT_HYPHEN})*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_TO_CYRILLIC = str.maketrans(LOOKALIKES)
T = TypeVar("T")

@dataclass(frozen=True, slots=True)
class Token:
    """A word of the input: its folded lowercase form and where it stands."""

    text: str
    start: int
    end: int
    position: int


def tokenize(text: str) -> list[Token]:
    """Word tokens of a text, with character offsets into that text."""
    folded = lowercase(fold_lookalikes(text))  # lowercasing keeps every offset, so the text at once
    if SOFT_HYPHEN in folded:
        return [
            Token(remove_soft_hyphens(m.group()), m.start(), m.end(), i)
            for i, m in enumerate(_TOKEN.finditer(folded))
        ]
    return [Token(m.group(), m.start(), m.end(), i) for i, m in enumerate(_TOKEN.finditer(folded))]


def fold_query(text: str) -> str:
    """Queries are short: if every Latin letter is a look-alike, the user meant Cyrillic."""
    latin = [c for c in text if c.isascii() and c.isalpha()]
    if latin and all(c in LOOKALIKES for c in latin) and not is_cyrillic(text):
        return text.translate(_TO_CYRILLIC)
    return text


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


def word_languages(word: str, language: str | None) -> tuple[str, ...]:
    """Languages whose stemmer applies to a word: its own letters decide, else the
    passage's language, else (in a query) both."""
    if not is_cyrillic(word):
        return ()
    if has_kazakh_letters(word):
        return ("kk",)
    return (language,) if language else LANGUAGES


@lru_cache(maxsize=200_000)
def stems(word: str, language: str | None = None) -> tuple[str, ...]:
    """The stems a word may have; the word itself when it is not Cyrillic."""
    languages = word_languages(word, language)
    if not languages:
        return (word,)
    return _unique(stem(word, lang) for lang in languages)


@lru_cache(maxsize=200_000)
def roots(word: str, language: str | None = None) -> tuple[str, ...]:
    """The deeper roots a word may have (derivational suffixes removed too), as skeletons,
    so a word typed in any script meets its related forms: the skeletons of its Kazakh
    or Russian roots, and for a word that may be Kazakh typed in Latin or without Kazakh
    letters, its Kazakh root and the one its skeleton's walk reaches (its reading as
    Russian is met by its stem: a Russian word's root is its stem)."""
    languages = word_languages(word, language)
    if not languages or (not language and searches_by_key(word)):
        kazakh = [skeleton(root(word, "kk"))] if languages else []  # a Russian root is its stem
        return _unique(kazakh + [r for reading in readings(word) for r in skeleton_roots(reading)])
    return _unique(skeleton(root(word, lang)) for lang in languages)


@lru_cache(maxsize=200_000)
def keys(word: str, language: str | None = None) -> tuple[str, ...]:
    """Script-neutral keys, best first; a passage's word is indexed under the first.

    A Cyrillic word's keys are the skeletons of its stems. A word that may be
    Kazakh typed in Latin or without Kazakh letters (a Latin word, or a query word
    with no Kazakh letter) gets the skeleton of its Kazakh stem and every stem its
    skeleton may have: one of them is the key of the Cyrillic word it stands for.
    (Its reading as Russian is met by its stem: the skeleton of a Russian stem,
    курам → кур, would meet Kazakh words, құру.)
    """
    if is_cyrillic(word) and (language or has_kazakh_letters(word)):
        return _unique(skeleton(s) for s in stems(word, language))
    kazakh = [skeleton(stem(word, "kk"))] if is_cyrillic(word) else []
    return _unique(kazakh + [s for r in readings(word) for s in skeleton_stems(r)])[:MAX_KEYS]


def searches_by_key(word: str) -> bool:
    """Whether a query word is also matched by its keys: it may be Kazakh typed in
    Latin or without Kazakh letters. A word spelled with Kazakh letters is found by
    its stems; its key would only add letter-merge collisions (бөл- meeting бол-)."""
    return not has_kazakh_letters(word)


@lru_cache(maxsize=200_000)
def shape(word: str) -> str:
    """A word as the shapes field indexes it: its skeleton, SHAPE_SEPARATOR, then the word
    as written, so that a word typed in any script finds how the texts spell it (the terms
    beginning jauapkershiligi| end жауапкершілігі)."""
    return f"{skeleton(word)}{SHAPE_SEPARATOR}{word}"


def indexed_terms(word: str) -> tuple[tuple[str, str], ...]:
    """The (stem, root) pairs a passage of either language indexes a word of its text under."""
    return _unique(index_terms(word, language)[:2] for language in LANGUAGES)


@dataclass(frozen=True)
class AnalysedText:
    """One term per word in each list, in text order."""

    stems: list[str]
    roots: list[str]
    words: list[str]
    keys: list[str]
    shapes: list[str]


def words(text: str) -> list[str]:
    """The words of tokenize(text), without their offsets: what indexing needs, at a
    fraction of the cost on a corpus of passages."""
    return [remove_soft_hyphens(word) for word in _TOKEN.findall(lowercase(fold_lookalikes(text)))]


@lru_cache(maxsize=200_000)
def index_terms(word: str, language: str | None) -> tuple[str, str, str]:
    """(stem, root, key) under which a passage's word is indexed."""
    return stems(word, language)[0], roots(word, language)[0], keys(word, language)[0]


def analyse(text: str, language: str | None) -> AnalysedText:
    """Analyse a passage of known language for indexing."""
    text_words = words(text)
    terms = [index_terms(word, language) for word in text_words]
    return AnalysedText(
        stems=[stem for stem, _, _ in terms],
        roots=[root for _, root, _ in terms],
        words=text_words,
        keys=[key for _, _, key in terms],
        shapes=[shape(word) for word in text_words],
    )


def spellings(phrase: str) -> tuple[str, ...]:
    """A name as written, and without a part in parentheses ("Позитивная (перспективная)
    ответственность"): both name the same thing in a text."""
    return tuple(dict.fromkeys([phrase, _PARENTHESES.sub("", phrase)]))


def is_stopword(word: str) -> bool:
    """A word too common to decide a match (and, or, which, how…), or an initial; a Kazakh
    one also typed in Latin or without Kazakh letters."""
    if word in STOPWORDS or (len(word) == 1 and word.isalpha()):
        return True
    return searches_by_key(word) and skeleton(word) in KAZAKH_STOPWORD_SKELETONS


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    """Distinct items in order, as a tuple: results are cached, so they must not change."""
    return tuple(dict.fromkeys(items))
