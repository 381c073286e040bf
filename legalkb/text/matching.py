"""Find known phrases (taxonomy names and aliases) in passages, whatever their
inflection: a phrase matches where its words' stems stand together in order."""

from collections import defaultdict

from .analysis import spellings, stems, tokenize

MIN_SINGLE_WORD = 3  # a lone initial such as "Ф" names nothing reliably


class PhraseMatcher:
    def __init__(self):
        self._by_first_stem = defaultdict(list)

    def add(self, key, phrase):
        """Register a phrase, and the phrase without a part in parentheses ("Позитивная
        (перспективная) ответственность"); key is returned by find() when it is found."""
        for spelling in spellings(phrase):
            tokens = tokenize(spelling)
            if not tokens or (len(tokens) == 1 and len(tokens[0].text) < MIN_SINGLE_WORD):
                continue
            pattern = tuple(frozenset(stems(token.text)) for token in tokens)
            for first in pattern[0]:
                self._by_first_stem[first].append((key, pattern))

    def find(self, text, language):
        """Map each found key to the (start, end) character spans where it matched."""
        tokens = tokenize(text)
        text_stems = [stems(token.text, language)[0] for token in tokens]
        found = defaultdict(list)
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
