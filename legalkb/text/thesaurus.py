"""Terms in three languages: which words of a query name a known term, and the
equivalent phrases to search as well ("принцип законности" → "заңдылық қағидаты").

A term group is a list of equivalent phrases in Kazakh, Russian or English: a
glossary entry, or a taxonomy entry's names and aliases. Phrases match the
query's words as matching.PhraseMatcher matches passages: word by word, by stem,
in any inflection; a query word typed in Latin or without Kazakh letters also
matches by key (legalkb.text.script), an English word by its English stem.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .analysis import is_stopword, keys, roots, searches_by_key, spellings, stems, tokenize
from .script import skeleton
from .stem import stem_english

MIN_SINGLE_WORD = 3  # a lone initial such as "Ф" names nothing reliably
# A query's cost is bounded whatever editors save: the first phrases of a group, phrases of a
# few words (a query has at most 16), and the first phrases that start with one word form.
MAX_GROUP_PHRASES = 20
MAX_TERM_WORDS = 8
MAX_PATTERNS_PER_FORM = 200
_LATIN = re.compile("[a-z]")

Pattern = tuple[frozenset[str], ...]  # for each word of a phrase, the forms it matches


@dataclass(frozen=True)
class Expansion:
    """Query words (words[start:end]) that name a known term, and the term's other
    phrases, to search as well and to show ("also searched: …")."""

    start: int
    end: int
    matched: str
    phrase: str
    added: tuple[str, ...]


class Thesaurus:
    """Groups of equivalent phrases, found among a query's words."""

    def __init__(self, groups: Iterable[Iterable[str | None]]) -> None:
        """groups: lists of equivalent phrases (strings)."""
        self._groups: list[list[tuple[str, list[Pattern]]]] = []
        self._by_first_form: defaultdict[str, list[tuple[Pattern, int, str]]] = defaultdict(list)
        for group in groups:
            phrases = list(dict.fromkeys(p.strip() for p in group if p and p.strip()))[:MAX_GROUP_PHRASES]
            index = len(self._groups)
            self._groups.append([(phrase, _phrase_patterns(phrase)) for phrase in phrases])
            for phrase, patterns in self._groups[index]:
                for pattern in patterns:
                    for form in pattern[0]:
                        if len(self._by_first_form[form]) < MAX_PATTERNS_PER_FORM:
                            self._by_first_form[form].append((pattern, index, phrase))

    def expand(self, words: Sequence[str]) -> list[Expansion]:
        """The Expansions for a query's words (tokens, in order): the longest matches
        first, never overlapping, left to right."""
        query = [_query_forms(word) for word in words]
        spans: defaultdict[tuple[int, int], dict[int, str]] = defaultdict(dict)  # group index: phrase matched
        for start, forms in enumerate(query):
            for form in forms:
                for pattern, group, phrase in self._by_first_form.get(form, ()):
                    end = start + len(pattern)
                    if _matches(pattern, query[start:end], words[start:end]):
                        spans[start, end].setdefault(group, phrase)
        expansions: list[Expansion] = []
        taken: set[int] = set()
        for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                expansions.append(self._expansion(start, end, words, spans[start, end], query))
        for start in sorted(set(range(len(words))) - taken):
            derived = self._derived(words[start])
            if derived is not None:
                groups, forms = derived
                read = [*query[:start], forms, *query[start + 1 :]]
                expansions.append(self._expansion(start, start + 1, words, groups, read))
        return sorted(expansions, key=lambda expansion: expansion.start)

    def _derived(self, word: str) -> tuple[dict[int, str], set[str]] | None:
        """({group: phrase}, forms) of the one-word terms a word is derived from by a
        suffix (коррупциялық: коррупция), or None. Only a word that names no term itself
        reaches one this way, so заңдылық stays apart from заң."""
        if is_stopword(word):
            return None
        forms = set(roots(word)) - _query_forms(word)
        groups: dict[int, str] = {}
        for form in forms:
            for pattern, group, phrase in self._by_first_form.get(form, ()):
                if len(pattern) == 1:
                    groups.setdefault(group, phrase)
        return (groups, forms) if groups else None

    def _expansion(
        self, start: int, end: int, words: Sequence[str], groups: dict[int, str], query: Sequence[set[str]]
    ) -> Expansion:
        # one phrase per pattern: "Legal responsibility (liability)" is "legal responsibility"
        added: dict[Pattern, str] = {}
        for group in groups:
            for phrase, patterns in self._groups[group]:
                if patterns and not any(_matches(p, query[start:end], words[start:end]) for p in patterns):
                    added.setdefault(patterns[-1], phrase)
        first_group = min(groups)
        return Expansion(start, end, " ".join(words[start:end]), groups[first_group], tuple(added.values()))


def _phrase_patterns(phrase: str) -> list[Pattern]:
    """One pattern per spelling of the phrase (as written, and without a parenthesis):
    a tuple holding, for each word, the forms it matches."""
    patterns: list[Pattern] = []
    for spelling in spellings(phrase):
        tokens = [token.text for token in tokenize(spelling)]
        if (
            not tokens
            or len(tokens) > MAX_TERM_WORDS
            or (len(tokens) == 1 and len(tokens[0]) < MIN_SINGLE_WORD)
        ):
            continue
        patterns.append(tuple(_phrase_word_forms(token) for token in tokens))
    return patterns


def _phrase_word_forms(word: str) -> frozenset[str]:
    """The forms a term's word is matched by: its stems and their skeletons (a root is a
    skeleton: the word a derived query word comes from)."""
    forms = set(stems(word)) | {skeleton(s) for s in stems(word)}
    return frozenset(forms | _english_forms(word))


def _query_forms(word: str) -> set[str]:
    forms = set(stems(word)) | _english_forms(word)
    return forms | set(keys(word)) if searches_by_key(word) else forms


def _english_forms(word: str) -> set[str]:
    return {stem_english(word)} if _LATIN.search(word) else set()


def _matches(pattern: Pattern, query_forms: Sequence[set[str]], words: Sequence[str]) -> bool:
    """Whether the query words match the pattern word by word, not on stopwords alone."""
    if len(pattern) != len(words) or all(is_stopword(word) for word in words):
        return False
    return all(allowed & forms for allowed, forms in zip(pattern, query_forms, strict=True))
