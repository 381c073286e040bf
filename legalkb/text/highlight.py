"""Mark the words of a passage that a query matched, escaping everything else.

Only what matched is marked, in the way it matched: a form of a query word (its stems,
or its keys for a word typed in Latin or without Kazakh letters) as <mark>, a related
form (a word made from the same root: заңды for заңдылық) as <mark class="related">.
Stopwords, question words and initials are never marked, nor excluded words. The
snippet is the stretch of the passage holding the most different query words.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape
from typing import Protocol

from .analysis import Token, is_stopword, keys, roots, searches_by_key, stems, tokenize
from .query import ParsedQuery

ELLIPSIS = "…"
ANALYSED_PASSAGES = 1_000  # passages whose analysis each process keeps (about 10 KB each)
RELATED = "related"


class Report(Protocol):
    """What a search plan reports of one query word (legalkb.search.plan.WordReport)."""

    @property
    def corrected(self) -> Sequence[str]: ...

    @property
    def also(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Marks:
    """What a query marks: words (in any inflection), prefixes, and phrases (marked only
    where the whole phrase stands, each a tuple of words)."""

    words: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, parsed: ParsedQuery, reports: Iterable[Report] = ()) -> "Marks":
        """The words a parsed query (legalkb.text.query) asks for, and the forms typos
        were searched as and the equivalent terms searched as well (from the plan's
        reports): without stopwords, unless the query has nothing else."""
        units = parsed.units()
        words = [w for unit in units if not unit.prefix and not unit.quoted for w in unit.words]
        phrases = [unit.words for unit in units if unit.quoted]
        for report in reports:
            words += report.corrected
            for phrase in report.also:
                tokens = tuple(token.text for token in tokenize(phrase))
                (phrases.append(tokens) if len(tokens) > 1 else words.extend(tokens))
        content = [w for w in words if not is_stopword(w)] or [w for w in words if len(w) > 1]
        prefixes = [unit.words[0] for unit in units if unit.prefix]
        return cls(
            tuple(dict.fromkeys(content)), tuple(dict.fromkeys(prefixes)), tuple(dict.fromkeys(phrases))
        )


@dataclass(frozen=True)
class Highlighted:
    """A passage or its best stretch as HTML, with what the query matched marked."""

    html: str
    related_forms: list[str]  # the passage's words marked as related forms, in text order
    matched: bool  # whether anything was marked


@dataclass(frozen=True)
class Span:
    """Where a token that a query word matched stands in the text."""
    start: int
    end: int
    word: int  # which query word it matched
    related: bool = False


Marked = Span | tuple[int, int]  # a span to mark: a Span, or (start, end)


@dataclass(frozen=True)
class _Index:
    """Which query word each stem, key and root belongs to (the first word that has it)."""

    stems: dict[str, int]
    keys: dict[str, int]
    roots: dict[str, int]


@lru_cache(maxsize=64)
def _index(words: tuple[str, ...]) -> _Index:
    """The _Index of query words: built once for all the passages of a search."""
    by_stem: dict[str, int] = {}
    by_key: dict[str, int] = {}
    by_root: dict[str, int] = {}
    for i, word in enumerate(words):
        for stem in stems(word):
            by_stem.setdefault(stem, i)
        for key in keys(word) if searches_by_key(word) else ():
            by_key.setdefault(key, i)
        for root in roots(word):
            by_root.setdefault(root, i)
    return _Index(by_stem, by_key, by_root)


def matched_spans(text: str, language: str | None, marks: Marks, related: bool = True) -> list[Span]:
    """The Spans of the tokens of text that the marks match (related forms too, if asked)."""
    forms = _analysed(text, language)
    tokens = forms.tokens
    index = _index(marks.words)
    spans: dict[int, Span] = {}
    for i, token in enumerate(tokens):
        found = _match(i, token, forms, index, marks.prefixes, related) if len(token.text) > 1 else None
        if found is not None:
            spans[i] = Span(token.start, token.end, *found)
    for n, phrase in enumerate(marks.phrases, start=len(marks.words) + len(marks.prefixes)):
        for i in _phrase_starts(forms, phrase):
            spans.update((j, Span(tokens[j].start, tokens[j].end, n)) for j in range(i, i + len(phrase)))
    return [spans[i] for i in sorted(spans)]


@lru_cache(maxsize=ANALYSED_PASSAGES)
def _analysed(text: str, language: str | None) -> "_Forms":
    """The passage's tokens and their stems: the same passages come back in search after
    search, and tokenizing took most of a snippet's time."""
    return _Forms(tokenize(text), language)


class _Forms:
    """A passage's tokens' stems, and their keys and roots once asked (each found once for all
    the searches that show the passage)."""

    def __init__(self, tokens: list[Token], language: str | None) -> None:
        self.tokens, self.language = tokens, language
        self.stems = [stems(token.text, language)[0] for token in tokens]

    @cached_property
    def keys(self) -> list[str]:
        return [keys(token.text, self.language)[0] for token in self.tokens]

    @cached_property
    def roots(self) -> list[str]:
        return [roots(token.text, self.language)[0] for token in self.tokens]


def _match(
    i: int, token: Token, forms: _Forms, index: _Index, prefixes: Sequence[str], related: bool
) -> tuple[int, bool] | None:
    """(query word index, whether by a related form) for the i-th token, or None. An
    initial (one letter) is never a match."""
    word = index.stems.get(forms.stems[i])
    if word is None and index.keys:
        word = index.keys.get(forms.keys[i])
    if word is not None:
        return word, False
    for n, prefix in enumerate(prefixes):
        if token.text.startswith(prefix):
            return -(n + 1), False  # apart from the words (0, 1, …)
    word = index.roots.get(forms.roots[i]) if related else None
    return None if word is None else (word, True)


def _phrase_starts(forms: _Forms, phrase: Sequence[str]) -> list[int]:
    """Where the phrase's words stand together, in order, in any inflection."""
    first, *others = [_positions(forms, _index((word,))) for word in phrase]
    return [i for i in sorted(first) if all(i + j in held for j, held in enumerate(others, start=1))]


def _positions(forms: _Forms, wanted: _Index) -> set[int]:
    """Where the passage holds a form of the wanted word."""
    held = {i for i, stem in enumerate(forms.stems) if stem in wanted.stems}
    if wanted.keys:
        held.update(i for i, key in enumerate(forms.keys) if key in wanted.keys)
    return held


def highlight(
    text: str, language: str | None, marks: Marks, max_chars: int | None = None, related: bool = True
) -> Highlighted:
    """The passage, or its best stretch of max_chars, with what the marks match marked;
    related forms only if related is true (a passage listed for them)."""
    spans = matched_spans(text, language, marks, related)
    related_forms = [text[s.start : s.end] for s in spans if s.related]
    return Highlighted(mark_window(text, spans, max_chars), list(dict.fromkeys(related_forms)), bool(spans))


def mark(text: str, spans: Iterable[Marked]) -> str:
    """HTML with each span wrapped in <mark> (a related form's with class="related"); all
    text escaped. Spans are (start, end) pairs or Spans."""
    pieces, last = [], 0
    for span in spans:
        start, end = _bounds(span)
        opening = '<mark class="related">' if getattr(span, "related", False) else "<mark>"
        pieces.append(escape(text[last:start]))
        pieces.append(f"{opening}{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _bounds(span: Marked) -> tuple[int, int]:
    return (span.start, span.end) if isinstance(span, Span) else span


def mark_window(text: str, spans: Sequence[Marked], max_chars: int | None = None) -> str:
    """Escaped HTML of the text, or of the window of max_chars holding the most different
    query words (then the most matches), with the spans marked and an ellipsis where the
    text is cut."""
    if max_chars is None or len(text) <= max_chars:
        return mark(text, spans)
    start, end = _best_window(text, spans, max_chars)
    window = [
        _shifted(span, start) for span in spans if _bounds(span)[0] >= start and _bounds(span)[1] <= end
    ]
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return prefix + mark(text[start:end], window) + suffix


def _shifted(span: Marked, offset: int) -> Marked:
    if isinstance(span, Span):
        return Span(span.start - offset, span.end - offset, span.word, span.related)
    return (span[0] - offset, span[1] - offset)


def _best_window(text: str, spans: Sequence[Marked], max_chars: int) -> tuple[int, int]:
    """The window holding the most different query words, then the most matches (a form
    of a word before a related form), widened to whole words."""
    best_start, best_score = 0, (0, 0)
    for i, span in enumerate(spans):
        first = _bounds(span)[0]
        inside = [s for s in spans[i:] if _bounds(s)[1] <= first + max_chars]
        score = (
            len({getattr(s, "word", _bounds(s)) for s in inside}),
            sum(2 - getattr(s, "related", 0) for s in inside),
        )
        if score > best_score:
            best_start, best_score = first, score
    start = max(0, best_start - max_chars // 5)
    end = min(len(text), start + max_chars)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
