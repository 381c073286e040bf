"""Parse what a reader types into a search box. Any input is a valid query.

Syntax: plain words; "quoted phrases" (required); -word or -"phrase" (excluded).
"""

import re
from dataclasses import dataclass, field

from .analysis import fold_query, is_stopword, tokenize

MAX_UNITS = 24  # a pasted page of text is still a search, just a bounded one
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


@dataclass
class ParsedQuery:
    words: list[Unit] = field(default_factory=list)
    phrases: list[Unit] = field(default_factory=list)
    excluded: list[Unit] = field(default_factory=list)

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
    chunks = list(_CHUNK.finditer(clean_query(text)))
    plain = [m for m in chunks if m.group("word") is not None]
    for match in chunks:
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        if raw in OPERATORS and len(plain) > 1:
            continue
        words = tuple(token.text for token in tokenize(raw))
        if not words:
            continue
        unit = Unit(raw.strip(), words)
        if match.group("minus") or match.group("minus_word"):
            parsed.excluded.append(unit)
        elif match.group("phrase") is not None:
            parsed.phrases.append(unit)
        else:
            parsed.words.append(unit)
        if len(parsed.words) + len(parsed.phrases) + len(parsed.excluded) >= MAX_UNITS:
            break
    return parsed
