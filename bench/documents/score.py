"""A Document read from a sample file, scored against the file's ground truth: how many
paragraphs came through whole, what page furniture was left in the body, how line-end hyphens
fared, whether footnotes, headings, tables, pages and front-matter fields are right."""

import re
from collections import Counter
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from legalkb.documents.document import PartKind

TOKEN = re.compile(r"\S+")
HYPHENATED = re.compile(r"[^\W\d_]+-[^\W\d_]+")
PUNCTUATION = '.,;:()«»"[]!?–—-'
RECOGNISED_SIMILARITY = 0.9


@dataclass
class Score:
    name: str
    pages: int
    paragraphs: int
    paragraphs_intact: int
    headings: int
    headings_right: int
    junk_left: int
    line_end_hyphens: int
    hyphens_unjoined: int
    notes: int
    notes_kept: int
    tables: int
    tables_right: int
    fields: int
    fields_right: int
    pages_checked: int
    pages_right: int
    title_right: bool
    references: int
    references_right: int
    words: int
    words_right: int

    def as_dict(self):
        return asdict(self)


def normal(text):
    return " ".join(str(text).split()).casefold()


def score(document, truth, page_count):
    expected = truth["parts"]
    body_kinds = (PartKind.PARAGRAPH, PartKind.LIST_ITEM)
    matched = matched_parts(document.parts, expected, recognised=document.recognised)
    found = dict(zip(map(id, expected), matched, strict=True))
    paragraphs = [p for p in expected if p["kind"] in body_kinds]
    intact = [p for p in paragraphs if found[id(p)] is not None]
    headings = [p for p in expected if p["kind"] == PartKind.HEADING]
    headings_right = [p for p in headings if found[id(p)] is not None and found[id(p)].level == p["level"]]
    notes = [(p, n) for p in expected for n in p.get("notes", [])]
    notes_kept = [(p, n) for p, n in notes if _note_kept(found[id(p)], n)]
    tables = [p for p in expected if p["kind"] == PartKind.TABLE]
    tables_right = [p for p in tables if any(_rows(part.rows) == _rows(p["rows"]) for part in document.parts)]
    checked = [p for p in expected if p.get("pages") and p["pages"][0]]
    pages_right = [p for p in checked if _pages_right(found[id(p)], p)]
    fields, fields_right = _fields(document.front, truth["front"])
    references = truth.get("references", [])
    got_references = {normal(r) for r in document.references}
    return Score(
        name=truth["name"],
        pages=page_count,
        paragraphs=len(paragraphs),
        paragraphs_intact=len(intact),
        headings=len(headings),
        headings_right=len(headings_right),
        junk_left=junk_left(document, truth),
        line_end_hyphens=line_end_hyphens(document),
        hyphens_unjoined=hyphens_unjoined(document, truth),
        notes=len(notes),
        notes_kept=len(notes_kept),
        tables=len(tables),
        tables_right=len(tables_right),
        fields=fields,
        fields_right=fields_right,
        pages_checked=len(checked),
        pages_right=len(pages_right),
        title_right=normal(document.title or "") == normal(truth["title"]),
        references=len(references),
        references_right=sum(1 for r in references if normal(r) in got_references),
        **words_right(document, truth),
    )


def matched_parts(parts, expected, recognised=False):
    """For each expected part, the document's part of the same kind and text, or None; a text
    that stands twice (the same paragraph printed twice) is matched in order. In a recognised
    scan a part may differ by its OCR errors: the most similar part of its kind is it when it
    is RECOGNISED_SIMILARITY alike (its boundaries are right, a few letters are not)."""
    unused, matched = list(parts), []
    for p in expected:
        want = normal(p["text"])
        candidates = [part for part in unused if part.kind == p["kind"]]
        part = next((c for c in candidates if normal(c.text) == want), None)
        if part is None and recognised and candidates:
            part = max(candidates, key=lambda c: similarity(c.text, want))
            if similarity(part.text, want) < RECOGNISED_SIMILARITY:
                part = None
        if part is not None:
            unused.remove(part)
        matched.append(part)
    return matched


def similarity(text, want):
    return SequenceMatcher(None, normal(text), want, autojunk=False).ratio()


def words_right(document, truth):
    """How many of the expected words (with their punctuation stripped) the parts hold: the
    recognition rate of a scan, and of letters a PDF's fonts might have lost."""
    expected = Counter(_words(" ".join(p["text"] for p in truth["parts"])))
    got = Counter(_words(" ".join(part.text for part in document.parts)))
    return {"words": sum(expected.values()), "words_right": sum((expected & got).values())}


def _words(text):
    return [word.strip(PUNCTUATION) for word in normal(text).split() if word.strip(PUNCTUATION)]


def _rows(rows):
    return [[normal(cell) for cell in row] for row in rows]


def _note_kept(part, note):
    if part is None:
        return False
    return any(
        n.mark == note["mark"] and normal(n.text) == normal(note["text"]) and n.offset == note["offset"]
        for n in part.notes
    )


def _pages_right(part, expected):
    if part is None:
        return False
    if [part.page_start, part.page_end] != expected["pages"]:
        return False
    return "labels" not in expected or [part.label_start, part.label_end] == expected["labels"]


def junk_left(document, truth):
    """Page furniture and title-page lines inside body parts, and page numbers: tokens of the
    parts that no expected part has (numbers, words of running headers)."""
    furniture = [normal(f) for f in truth["furniture"]] + [normal(t) for t in truth["title_lines"]]
    junk = 0
    expected_tokens = Counter(t for p in truth["parts"] for t in TOKEN.findall(normal(p["text"])))
    got_tokens = Counter()
    expected_text = " ".join(normal(p["text"]) for p in truth["parts"])
    for part in document.parts:
        text = normal(part.text)
        junk += sum(1 for line in furniture if line and line in text and line not in expected_text)
        if text.strip("–—- ").isdigit():
            junk += 1
        got_tokens.update(TOKEN.findall(text))
    extra = got_tokens - expected_tokens
    junk += sum(count for token, count in extra.items() if token.strip(".,;:()–—-").isdigit())
    return junk


def line_end_hyphens(document):
    """Lines of the raw text that end with a hyphen after a letter."""
    return sum(1 for line in document.raw_text.splitlines() if re.search(r"[^\W\d_][-\u00ad]$", line))


def hyphens_unjoined(document, truth):
    """Words the reader got wrong at a hyphen: a break left in a word ("саласын-дағы"), or a
    compound's hyphen lost ("сондайақ")."""
    expected = Counter(t.strip('.,;:()«»"') for p in truth["parts"] for t in normal(p["text"]).split())
    got = Counter(t.strip('.,;:()«»"') for p in document.parts for t in normal(p.text).split())
    wrong = 0
    for token, count in (got - expected).items():
        if HYPHENATED.fullmatch(token) and token.replace("-", "") in expected:
            wrong += count
        elif token.replace("-", "") != token:
            continue
        elif any(compound.replace("-", "") == token for compound in expected if "-" in compound):
            wrong += count
    return wrong


FIELDS = (
    "kind title authors supervisors opponents institution city year udc degree speciality speciality_name "
    "journal volume issue first_page last_page affiliations abstracts keywords"
).split()


def _fields(front, expected):
    total = right = 0
    for name in FIELDS:
        if name not in expected:
            continue
        total += 1
        right += _same(getattr(front, name), expected[name])
    return total, right


def _same(got, want):
    if isinstance(want, list) and want and isinstance(want[0], list):
        return [(normal(p.family_name), normal(p.given_names)) for p in got] == [
            (normal(f), normal(g)) for f, g in want
        ]
    if isinstance(want, dict):
        return {k: _flat(v) for k, v in got.items()} == {k: _flat(v) for k, v in want.items()}
    if isinstance(want, list):
        return [normal(x) for x in got] == [normal(x) for x in want]
    return normal(got) == normal(want)


def _flat(value):
    return [normal(v) for v in value] if isinstance(value, list) else normal(value)
