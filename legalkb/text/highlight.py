"""Mark the words of a passage that a query matched, escaping everything else."""

from html import escape

from .analysis import keys, roots, searches_by_key, stems, tokenize

ELLIPSIS = "…"


def query_terms(words):
    """Stems, roots and keys of the query words, in every language and script they may belong to."""
    stem_set, root_set, key_set = set(), set(), set()
    for word in words:
        stem_set.update(stems(word))
        root_set.update(roots(word))
        if searches_by_key(word):
            key_set.update(keys(word))
    return stem_set, root_set, key_set


def matched_spans(text, language, words):
    """Character spans of the tokens whose stem, root or key matches a query word."""
    stem_set, root_set, key_set = query_terms(words)
    return [
        (token.start, token.end)
        for token in tokenize(text)
        if stems(token.text, language)[0] in stem_set
        or roots(token.text, language)[0] in root_set
        or keys(token.text, language)[0] in key_set
    ]


def mark(text, spans):
    """HTML with each span wrapped in <mark>; all text escaped."""
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def highlight(text, language, words, max_chars=None):
    """Escaped HTML of the passage, or of its best window of max_chars, with matches marked."""
    return mark_window(text, matched_spans(text, language, words) if words else [], max_chars)


def mark_window(text, spans, max_chars=None):
    """Escaped HTML of the text, or of the window of max_chars holding the most spans, with
    the spans marked and an ellipsis where the text is cut."""
    if max_chars is None or len(text) <= max_chars:
        return mark(text, spans)
    start, end = _best_window(text, spans, max_chars)
    window = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return prefix + mark(text[start:end], window) + suffix


def _best_window(text, spans, max_chars):
    """The window holding the most matches, widened to whole words."""
    best_start, best_count = 0, 0
    for i, (span_start, _) in enumerate(spans):
        count = sum(1 for a, b in spans[i:] if b <= span_start + max_chars)
        if count > best_count:
            best_start, best_count = span_start, count
    start = max(0, best_start - max_chars // 5)
    end = min(len(text), start + max_chars)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
