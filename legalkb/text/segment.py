"""Reflow a source text and cut it into passages.

Works on text whose look-alike letters are already folded (same length as the
raw text), so every offset found here is an offset into the raw text.

A form feed (\f) is a page break: it ends a block of lines as a blank line does,
and passages are numbered with the pages they stand on.

Hand-written: the repairs (page breaks, glued titles and sentences, lines that
are sentences) are specific to how these sources were typed and converted.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .langid import detect_language
from .normalize import remove_soft_hyphens

PAGE_BREAK = "\f"
LOWER = "a-zа-яёәғқңөұүһі"
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
SENTENCE_END = ".!?…"
CLOSERS = "»\"'”)]"

# Words that end with a period without ending a sentence (abbreviations in both languages).
ABBREVIATIONS = frozenset(
    "т.б т.с.с ж.ж ж бет б проф акад доц гг г стр им др см тт млн млрд мыс т.е т.д т.п ст п ч напр".split()
)

WRAPPED_LINE_MAX = 120  # hard-wrapped text keeps nine lines in ten this short
HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 12
GROUP_TARGET_CHARS = 450  # sentence groups close once this long
PARAGRAPH_MAX_CHARS = 3000  # longer paragraphs are cut into sentence groups
LANGUAGE_RUN_MIN_WORDS = 8  # shorter sentences keep the language around them

_PUNCT_BOUNDARY = re.compile(
    rf"[{SENTENCE_END}]+[{re.escape(CLOSERS)}]*(?:\[\d+\])?(?=\s+[«\"„“(–—-]?\s*[{UPPER}0-9])"
)
_GLUED_UPPER = re.compile(rf"(?<=[{LOWER}]{{3}})\.(?=[{UPPER}])")
_GLUED_LOWER = re.compile(rf"(?<=[{LOWER}]{{4}})\.(?=[{LOWER}]{{4}})")
_GLUED_TITLE = re.compile(rf"(?<=[{LOWER}])(?=[{UPPER}][{LOWER}])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.*$")
_EOL_HYPHEN = re.compile(r"(?<=\w)-[ \t]*(?:[\r\n\f][ \t\r\f]*)+(?=\w)")
_LINE = re.compile(r"([^\n\f]*)([\n\f]?)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PassageSpan:
    """A passage: its offsets in the text, its repaired text, its language (None when its words
    do not tell) and the pages it stands on (None when the text has no page breaks)."""

    start: int
    end: int
    text: str
    language: str | None
    is_heading: bool = False
    page_start: int | None = None
    page_end: int | None = None


Span = tuple[int, int]  # (start, end) offsets in the text


@dataclass
class _Paragraph:
    start: int
    end: int
    is_heading: bool = False


def split_passages(text: str) -> list[PassageSpan]:
    """Cut folded text into passages: paragraphs, or sentence groups when there are none."""
    title_end = find_glued_title(text)
    paragraphs = _paragraphs(text, title_end)
    body = [p for p in paragraphs if not p.is_heading]
    group_all = len(body) == 1
    wrapped = is_hard_wrapped(text)
    page_breaks = [match.start() for match in re.finditer(PAGE_BREAK, text)]
    passages: list[PassageSpan] = []
    for paragraph in paragraphs:
        if paragraph.is_heading:
            passages.append(_make_passage(text, paragraph.start, paragraph.end, [], True, page_breaks))
            continue
        sentences = sentence_spans(text, paragraph.start, paragraph.end, wrapped)
        for start, end in _cut(text, sentences, group_all):
            glue = [s for s, _ in sentences if start < s < end]
            passages.append(_make_passage(text, start, end, glue, False, page_breaks))
    return passages


def page_range(page_breaks: Sequence[int], start: int, end: int) -> tuple[int, int] | tuple[None, None]:
    """The first and last page of [start, end), counted from 1, given the offsets of the
    page breaks; (None, None) when there are none."""
    if not page_breaks:
        return None, None
    return bisect_right(page_breaks, start) + 1, bisect_right(page_breaks, end - 1) + 1


def find_glued_title(text: str) -> int | None:
    """Where a title glued to the first sentence ends ("…негіздеріҚазіргі…"), or None."""
    first_line = text.lstrip().split("\n", 1)[0]
    match = _GLUED_TITLE.search(first_line[: HEADING_MAX_CHARS * 3])
    if not match or len(first_line[: match.start()].split()) > HEADING_MAX_WORDS * 2:
        return None
    return len(text) - len(text.lstrip()) + match.start()


def is_hard_wrapped(text: str) -> bool:
    """True when lines are wrapped at a fixed width rather than being whole sentences."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if not lengths:
        return False
    return lengths[int(len(lengths) * 0.9) - (len(lengths) >= 10)] <= WRAPPED_LINE_MAX


def _blocks(text: str, start: int) -> list[Span]:
    """Spans of consecutive non-blank lines, from offset start on; a page break ends one too,
    and so does the end of the text (the last line matched is the empty one there)."""
    blocks: list[Span] = []
    block_start: int | None = None
    for line in _LINE.finditer(text, start):
        if line.group(1).strip():
            if block_start is None:
                block_start = line.start()
            block_end = line.end(1)
            if line.group(2) != PAGE_BREAK:
                continue
        if block_start is not None:
            blocks.append((block_start, block_end))
            block_start = None
    return blocks


def _paragraphs(text: str, title_end: int | None) -> list[_Paragraph]:
    """Blocks rejoined across page breaks; short lone lines become headings."""
    paragraphs: list[_Paragraph] = []
    if title_end is not None:
        paragraphs.append(_Paragraph(0, title_end, is_heading=True))
    blocks = _blocks(text, title_end or 0)
    for i, (start, end) in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        previous = paragraphs[-1] if paragraphs else None
        if previous and not previous.is_heading and _continues(text, previous, start):
            previous.end = end
        elif following and _is_heading(text, start, end, previous, following):
            paragraphs.append(_Paragraph(start, end, is_heading=True))
        else:
            paragraphs.append(_Paragraph(start, end))
    return paragraphs


def _continues(text: str, previous: _Paragraph, next_start: int) -> bool:
    """A paragraph cut by a page break: no sentence end before, or lowercase after."""
    return not ends_sentence(text[previous.start : previous.end]) or _starts_lower(text[next_start:])


def _is_heading(text: str, start: int, end: int, previous: _Paragraph | None, following: Span) -> bool:
    line = text[start:end].strip()
    return (
        "\n" not in line
        and len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and not ends_sentence(line)
        and not _starts_lower(line)
        and not _starts_lower(text[following[0] :])
        and (previous is None or previous.is_heading or ends_sentence(text[previous.start : previous.end]))
    )


def ends_sentence(chunk: str) -> bool:
    """Whether the chunk ends with a sentence's end (a footnote mark or closing quote after it too)."""
    stripped = re.sub(r"\[\d+\]$", "", chunk.rstrip().rstrip(CLOSERS).rstrip())
    return bool(stripped) and stripped[-1] in SENTENCE_END


def _starts_lower(chunk: str) -> bool:
    stripped = chunk.lstrip(' \t\r\n\f«"„“(–—-')
    return bool(stripped) and stripped[0].islower()


def sentence_spans(text: str, start: int, end: int, wrapped: bool) -> list[Span]:
    """Split [start, end) into sentence spans, covering it without gaps."""
    cuts: set[int] = set()
    chunk = text[start:end]
    for match in _PUNCT_BOUNDARY.finditer(chunk):
        word = _WORD_BEFORE.search(chunk[: match.start() + 1])
        if word and _is_abbreviation(word.group(1)):
            continue
        cuts.add(start + match.end())
    for pattern in (_GLUED_UPPER, _GLUED_LOWER):
        cuts.update(start + m.end() for m in pattern.finditer(chunk))
    if not wrapped:
        cuts.update(_line_sentence_cuts(chunk, start))
    bounds = [start, *sorted(c for c in cuts if start < c < end), end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()]


def _is_abbreviation(word: str) -> bool:
    word = word.lower().strip(".")
    return len(word) == 1 or word in ABBREVIATIONS


def _line_sentence_cuts(chunk: str, offset: int) -> Iterator[int]:
    """In text with a sentence per line, a line that starts in uppercase starts a sentence."""
    pos = chunk.find("\n")
    while pos != -1:
        if not _starts_lower(chunk[pos + 1 :]):
            yield offset + pos
        pos = chunk.find("\n", pos + 1)


def _cut(text: str, sentences: Iterable[Span], group_all: bool) -> list[Span]:
    """Passage spans from one paragraph's sentences."""
    runs = _language_runs(text, sentences)
    spans: list[Span] = []
    for run in runs:
        run_length = sum(b - a for a, b in run)
        if group_all or run_length > PARAGRAPH_MAX_CHARS:
            spans.extend(_group(run))
        else:
            spans.append((run[0][0], run[-1][1]))
    return spans


def _language_runs(text: str, sentences: Iterable[Span]) -> list[list[Span]]:
    """Consecutive sentences of one language; short and undecided sentences follow their neighbours."""
    runs: list[list[Span]] = []
    current_language: str | None = None
    for start, end in sentences:
        chunk = text[start:end]
        language = detect_language(chunk)
        follows = language is None or len(chunk.split()) < LANGUAGE_RUN_MIN_WORDS
        if runs and (current_language is None or language == current_language or follows):
            runs[-1].append((start, end))
            current_language = current_language or language
        else:
            runs.append([(start, end)])
            current_language = language
    return runs


def _group(sentences: Iterable[Span]) -> list[Span]:
    groups: list[Span] = []
    current: list[Span] = []
    for start, end in sentences:
        current.append((start, end))
        if current[-1][1] - current[0][0] >= GROUP_TARGET_CHARS:
            groups.append((current[0][0], current[-1][1]))
            current = []
    if current:
        groups.append((current[0][0], current[-1][1]))
    return groups


def _make_passage(
    text: str, start: int, end: int, glue_points: Iterable[int], is_heading: bool, page_breaks: Sequence[int]
) -> PassageSpan:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    rendered = reflow(text, start, end, glue_points)
    return PassageSpan(
        start, end, rendered, detect_language(rendered), is_heading, *page_range(page_breaks, start, end)
    )


def reflow(text: str, start: int, end: int, glue_points: Iterable[int] = ()) -> str:
    """Render [start, end) as one line: join wrapped lines and hyphenated words,
    drop soft hyphens, and put a space where glued sentences were split."""
    pieces, last = [], start
    for point in sorted(glue_points):
        pieces.append(text[last:point])
        if not text[point - 1].isspace() and not text[point].isspace():
            pieces.append(" ")
        last = point
    pieces.append(text[last:end])
    joined = remove_soft_hyphens("".join(pieces))
    joined = _EOL_HYPHEN.sub("-", joined)
    return _SPACES.sub(" ", joined).strip()
