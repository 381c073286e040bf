"""Annotations bound to a span of a passage's text, and finding that span again
after the text is edited.

An anchor keeps the quoted words, where they stood, and up to CONTEXT characters
on either side. When the text changes, the quote is looked for where it was, then
wherever it stands with the most of its old context around it; when the quote
itself was edited, the span between its intact prefix and suffix is taken instead.
An anchor found nowhere is orphaned (None), never moved somewhere arbitrary.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """A quoted span of a passage's text, where it stood and the context around it."""
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end], with its context."""
    prefix, suffix = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    return Anchor(text[start:end], start, end, prefix, suffix)


def reanchor(text: str, anchor: Anchor) -> Anchor | None:
    """The anchor's span in text as it is now, or None when it cannot be found."""
    if anchor.quote and text[anchor.start : anchor.end] == anchor.quote:
        return anchor_at(text, anchor.start, anchor.end)
    starts = _occurrences(text, anchor.quote) if anchor.quote else []
    if starts:
        best = max(starts, key=lambda s: (_context_score(text, s, anchor), -abs(s - anchor.start)))
        return anchor_at(text, best, best + len(anchor.quote))
    return _between_context(text, anchor)


def _occurrences(text: str, quote: str) -> list[int]:
    starts, start = [], text.find(quote)
    while start != -1:
        starts.append(start)
        start = text.find(quote, start + 1)
    return starts


def _context_score(text: str, start: int, anchor: Anchor) -> int:
    """How many characters of the old prefix and suffix still stand around the quote."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[start + len(anchor.quote) :][:CONTEXT]
    return _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _between_context(text: str, anchor: Anchor) -> Anchor | None:
    """The edited quote: what stands between the intact prefix and suffix, if its
    length is within half to twice the old quote's. An empty prefix means the start
    of the text, an empty suffix its end."""
    if not anchor.prefix and not anchor.suffix:
        return None
    starts = [0] if not anchor.prefix else [s + len(anchor.prefix) for s in _occurrences(text, anchor.prefix)]
    length = len(anchor.quote)
    candidates = []
    for start in starts:
        end = len(text) if not anchor.suffix else text.find(anchor.suffix, start)
        if end != -1 and length / 2 <= end - start <= length * 2 and text[start:end].strip():
            candidates.append((start, end))
    if not candidates:
        return None
    start, end = min(candidates, key=lambda span: abs(span[0] - anchor.start))
    return anchor_at(text, start, end)


def mark_spans(
    text: str,
    spans: Sequence[tuple[int, int, object]],
    insertions: Iterable[tuple[int, str]] = (),
    links: Sequence[tuple[int, int, str]] = (),
) -> str:
    """The text as escaped HTML, each span (start, end, key) marked with
    <mark class="annotation" data-annotations="key …">; overlapping spans give a
    segment every key that covers it. insertions, (offset, html), are put in as they are where
    they stand (a note's mark after its word), in their order. Each link (start, end, href)
    makes its words a link to href (class "cited-act"), around the marks."""
    inserted: dict[int, list[str]] = {}
    for offset, html in insertions:
        inserted.setdefault(min(max(offset, 0), len(text)), []).append(html)
    cuts = {cut for start, end, *_ in (*spans, *links) for cut in (start, end) if 0 <= cut <= len(text)}
    pieces = inserted.get(0, [])[:]
    for start, end in pairwise(sorted({0, len(text), *cuts, *inserted})):
        keys = [str(key) for a, b, key in spans if a <= start and end <= b]
        segment = escape(text[start:end])
        if keys:
            segment = f'<mark class="annotation" data-annotations="{escape(" ".join(keys))}">{segment}</mark>'
        href = next((href for a, b, href in links if a <= start and end <= b), None)
        if href is not None:
            segment = f'<a class="cited-act" href="{escape(href)}">{segment}</a>'
        pieces.append(segment)
        pieces += inserted.get(end, [])
    return "".join(pieces)
