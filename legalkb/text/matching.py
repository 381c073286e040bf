"""Find known phrases (taxonomy names and aliases) in passages, whatever their
inflection: a phrase matches where its words' stems stand together in order."""

from collections import defaultdict
from collections.abc import Hashable

from .analysis import spellings, stems, tokenize

MIN_SINGLE_WORD = 3  # a lone initial such as "Ф" names nothing reliably

Pattern = tuple[frozenset[str], ...]  # the stems each word of a phrase may have, in order


class PhraseMatcher:
    """Phrases registered under keys, found in texts by their words' stems."""

    def __init__(self) -> None:
        self._by_first_stem: defaultdict[str, list[tuple[Hashable, Pattern]]] = defaultdict(list)

    def add(self, key: Hashable, phrase: str) -> None:
        """Register a phrase, and the phrase without a part in parentheses ("Позитивная
        (перспективная) ответственность"); key is returned by find() when it is found."""
        for spelling in spellings(phrase):
            tokens = tokenize(spelling)
            if not tokens or (len(tokens) == 1 and len(tokens[0].text) < MIN_SINGLE_WORD):
                continue
            pattern = tuple(frozenset(stems(token.text)) for token in tokens)
            for first in pattern[0]:
                self._by_first_stem[first].append((key, pattern))

    def find(self, text: str, language: str | None) -> dict[Hashable, list[tuple[int, int]]]:
        """Map each found key to the (start, end) character spans where it matched."""
        tokens = tokenize(text)
        text_stems = [stems(token.text, language)[0] for token in tokens]
        found: defaultdict[Hashable, list[tuple[int, int]]] = defaultdict(list)
        for i, first in enumerate(text_stems):
            for key, pattern in self._by_first_stem.get(first, ()):
                end = i + len(pattern)
                if end <= len(tokens) and all(
                    text_stems[i + j] in allowed for j, allowed in enumerate(pattern)
                ):
                    span = (tokens[i].start, tokens[end - 1].end)
                    if span not in found[key]:
                        found[key].append(span)
        return dict(found)
