"""What every reader (PDF, Word, scans) hands over: blocks in reading order, each a paragraph,
heading, list item or table with its pages and notes; made here into the Document's parts,
with each part's section path, language and printed page labels."""

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.langid import detect_language, fill_languages
from ..text.normalize import fold_lookalikes, lookalike_repairs
from ..text.pipeline import FALLBACK_LANGUAGE, SourceFileError
from .document import Document, Dropped, Notice, Part, PartKind
from .frontmatter import REFERENCES_HEADING, back_matter, reference_entry


@dataclass
class Block:
    kind: str
    text: str
    start: int = 0  # offsets in the document's raw text
    end: int = 0
    level: int = 0
    page_start: int | None = None
    page_end: int | None = None
    notes: list = field(default_factory=list)
    rows: tuple = ()


def make_document(
    blocks, raw_text, digest, *, labels=None, front=None, references=(), dropped=(), notices=()
):
    """The Document of a reader's blocks. labels: the printed label of each physical page.
    A document without any body text is refused: nothing would be imported."""
    labels = labels or {}
    blocks = [b for b in blocks if b.text.strip() or b.rows]
    if not any(b.kind != PartKind.HEADING for b in blocks):
        raise SourceFileError("no_words")
    texts = [fold_lookalikes(b.text) for b in blocks]
    headings = [b.kind == PartKind.HEADING for b in blocks]
    body = " ".join(text for text, heading in zip(texts, headings, strict=True) if not heading)
    language = detect_language(body) or FALLBACK_LANGUAGE
    languages = fill_languages([detect_language(t) for t in texts], headings, language)
    parts, path = [], []
    for block, text, part_language in zip(blocks, texts, languages, strict=True):
        if block.kind == PartKind.HEADING:
            del path[max(block.level - 1, 0) :]
        parts.append(
            Part(
                kind=block.kind,
                text=text,
                start=block.start,
                end=block.end,
                language=part_language,
                level=block.level if block.kind == PartKind.HEADING else 0,
                section=tuple(path),
                page_start=block.page_start,
                page_end=block.page_end,
                label_start=labels.get(block.page_start),
                label_end=labels.get(block.page_end),
                notes=tuple(block.notes),
                rows=tuple(tuple(row) for row in block.rows),
            )
        )
        if block.kind == PartKind.HEADING:
            path.append(text)
    document = Document(
        raw_text=raw_text,
        checksum=digest,
        language=language,
        parts=parts,
        references=list(references),
        dropped=list(dropped),
        notices=list(notices),
        repairs=Counter(pair for block in blocks for pair in lookalike_repairs(block.text)),
    )
    odd = odd_letter_words(texts)
    if odd:
        document.notices.append(
            Notice("odd_letters", {"words": ", ".join(odd[:ODD_WORDS_SHOWN]), "count": len(odd)})
        )
    if front is not None:
        document.front = front
    document.title = (front.title if front and front.title else None) or next(
        (p.text for p in parts if p.is_heading), None
    )
    return document


def split_back_matter(blocks, front):
    """The body blocks without the references list (after a heading such as "Әдебиеттер",
    one entry per item) and without abstracts and keywords printed after the body, which go to
    front; returns (body, references, dropped)."""
    body, references, dropped, in_references = [], [], [], False
    for block in blocks:
        back = back_matter(block.text) if block.kind != PartKind.HEADING else None
        if back:
            name, language, value = back
            getattr(front, name)[language] = value
            dropped.append(Dropped(block.text, block.page_start, "front_matter"))
            in_references = False
        elif REFERENCES_HEADING.match(block.text.strip()) and block.kind in (
            PartKind.HEADING,
            PartKind.PARAGRAPH,
        ):
            in_references = True
            dropped.append(Dropped(block.text, block.page_start, "references"))
        elif in_references and block.kind != PartKind.HEADING:
            references.append(reference_entry(block.text))
        else:
            in_references = False
            body.append(block)
    return body, references, dropped


# Letters neither Kazakh nor Russian writes, from a font whose letters map to the wrong code
# points (Kazakh letters drawn in the places of Serbian or Ukrainian ones), a missing mapping
# (U+FFFD) or a private-use code.
KAZAKH_RUSSIAN = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
ODD_LETTER = re.compile(f"[\u0400-\u04ff\ue000-\uf8ff\ufffd](?<![{KAZAKH_RUSSIAN}])")
ODD_WORDS_SHOWN = 10


def odd_letter_words(texts):
    """The distinct words, in order, that hold a letter neither Kazakh nor Russian writes: the
    editor is told, for a font that maps letters oddly makes words no search finds."""
    words = {}
    for text in texts:
        for word in text.split():
            if ODD_LETTER.search(word):
                words.setdefault(word.strip('.,;:()«»"!?'), None)
    return list(words)


SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s")


def heading_levels(headings):
    """Heading levels from (type size, text) pairs: the largest size is level 1, the next 2, …;
    among headings of one size, a deeper section number ("1.1 …" under "1 …") goes one
    level deeper, as theses set every heading in the body's size."""
    keys = [(-size, section_depth(text)) for size, text in headings]
    ranked = sorted(set(keys))
    return [ranked.index(key) + 1 for key in keys]


def section_depth(text):
    """How deep a heading's section number goes: 0 for "1 …", "Глава 1" or none, 1 for
    "1.1 …", 2 for "1.1.1 …"."""
    number = SECTION_NUMBER.match(text)
    return number.group(1).count(".") if number else 0
