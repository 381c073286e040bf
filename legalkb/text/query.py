"""Parse what a reader types into a search box. Any input is a valid query.

Syntax: plain words; "quoted phrases" (required); -word or -"phrase" (excluded).

A query's cost is bounded whatever is typed: its first MAX_QUERY_CHARS characters, at most
MAX_WORDS words in all, phrases of at most MAX_PHRASE_WORDS words, words of at most
MAX_WORD_CHARS letters. What is left
out is named in ParsedQuery.limits, so the page can say so.
"""

import re
from dataclasses import dataclass, field

from .analysis import fold_query, is_stopword, tokenize

MAX_QUERY_CHARS = 2000
MAX_WORDS = 16  # a pasted page of text is still a search, just a bounded one
MAX_PHRASE_WORDS = 8
MAX_WORD_CHARS = 40  # longer runs of letters are not words of either language
OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_QUOTES = re.compile(r"[«»“”„\"]")
_CHUNK = re.compile(r'(?P<minus>-)?"(?P<phrase>[^"]*)"|(?P<minus_word>-)?(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Unit:
    """One thing the user asked for: a word (possibly several tokens, "К.Мәсімов")
    or a quoted phrase."""

    text: str
    words: tuple[str, ...]

    @property
    def is_stopword(self):
        return len(self.words) == 1 and is_stopword(self.words[0])


class Limit:
    """What a query lost to the bounds, for the page to say."""

    TOO_MANY_WORDS = "too-many-words"
    LONG_PHRASE = "long-phrase"
    LONG_WORD = "long-word"
    LONG_QUERY = "long-query"


@dataclass
class ParsedQuery:
    words: list[Unit] = field(default_factory=list)
    phrases: list[Unit] = field(default_factory=list)
    excluded: list[Unit] = field(default_factory=list)
    limits: set[str] = field(default_factory=set)

    @property
    def is_empty(self):
        return not (self.words or self.phrases)

    def all_words(self):
        """Every token the user wants to find, for highlighting."""
        return [w for unit in self.words + self.phrases for w in unit.words]


def clean_query(text):
    """Replace control characters and normalise quote marks."""
    text = _CONTROL.sub(" ", text or "")
    text = _QUOTES.sub('"', text)
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    return fold_query(text)


def parse_query(text):
    parsed = ParsedQuery()
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.limits.add(Limit.LONG_QUERY)
    chunks = list(_CHUNK.finditer(clean_query(text)))
    plain = [m for m in chunks if m.group("word") is not None]
    budget = MAX_WORDS
    for match in chunks:
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        if raw in OPERATORS and len(plain) > 1:
            continue
        words = _bounded_words(raw, parsed.limits)
        if match.group("phrase") is not None and len(words) > MAX_PHRASE_WORDS:
            words = words[:MAX_PHRASE_WORDS]
            parsed.limits.add(Limit.LONG_PHRASE)
        if not words:
            continue
        if len(words) > budget:
            parsed.limits.add(Limit.TOO_MANY_WORDS)
            break
        budget -= len(words)
        unit = Unit(raw.strip(), words)
        if match.group("minus") or match.group("minus_word"):
            parsed.excluded.append(unit)
        elif match.group("phrase") is not None:
            parsed.phrases.append(unit)
        else:
            parsed.words.append(unit)
    return parsed


def _bounded_words(raw, limits):
    """The words of raw, without those longer than MAX_WORD_CHARS (noted in limits)."""
    words = tuple(token.text for token in tokenize(raw[: MAX_WORD_CHARS * (MAX_WORDS + 1)]))
    bounded = tuple(word for word in words if len(word) <= MAX_WORD_CHARS)
    if len(bounded) < len(words):
        limits.add(Limit.LONG_WORD)
    return bounded
