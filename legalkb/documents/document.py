"""What every reader makes of a file: the parts a reader cites (paragraphs, headings, list
items, tables) in reading order with their pages, section path and notes, the front matter
found on a title page, the references list, and what was dropped as page furniture.

This is the contract between the readers (legalkb.documents.*) and ingest: fields may be
added with defaults; none is removed or changes meaning."""

from collections import Counter
from dataclasses import dataclass, field


class PartKind:
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE = "table"


class NoteKind:
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"


@dataclass(frozen=True)
class Note:
    """A footnote or endnote, attached to the part whose word carried its mark. offset is where
    the mark stood in the part's text (the mark itself removed from the text)."""

    mark: str
    text: str
    offset: int
    kind: str = NoteKind.FOOTNOTE
    page: int | None = None


@dataclass(frozen=True)
class Part:
    """One passage-to-be. text is repaired (hyphens joined, look-alikes folded, one line);
    start/end are offsets into Document.raw_text of what it was made from. Pages are physical
    (counted from 1 in the file); labels are the printed page numbers (or the PDF's page labels)
    of the same pages, None when unknown. section is the heading path above the part,
    outermost first. A table's text is its cells in reading order, for search; rows keep the
    cells."""

    kind: str
    text: str
    start: int
    end: int
    language: str | None = None
    level: int = 0  # a heading's depth, 1 = chapter; 0 for other parts
    section: tuple[str, ...] = ()
    page_start: int | None = None
    page_end: int | None = None
    label_start: str | None = None
    label_end: str | None = None
    notes: tuple[Note, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row

    @property
    def is_heading(self):
        return self.kind == PartKind.HEADING


@dataclass(frozen=True)
class Person:
    family_name: str
    given_names: str = ""  # as printed: names or initials


@dataclass
class FrontMatter:
    """What a title page or an article's first page says about the work; empty fields were not
    found. kind is one of legalkb.citation's kinds (abstract, dissertation, article, …)."""

    kind: str | None = None
    title: str = ""
    authors: list[Person] = field(default_factory=list)
    supervisors: list[Person] = field(default_factory=list)
    opponents: list[Person] = field(default_factory=list)
    institution: str = ""
    city: str = ""
    year: int | None = None
    udc: str = ""  # ӘОЖ / УДК
    degree: str = ""  # legalkb.citation's degree codes
    speciality: str = ""  # the code, e.g. 12.00.02
    speciality_name: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    first_page: int | None = None
    last_page: int | None = None
    affiliations: list[str] = field(default_factory=list)
    abstracts: dict[str, str] = field(default_factory=dict)  # language → Түйін / Аннотация / Abstract
    keywords: dict[str, list[str]] = field(default_factory=dict)  # language → keywords


@dataclass(frozen=True)
class Dropped:
    """A line left out of the body, shown in the preview: a running header or footer, a page
    number, a scanner's stamp, a title page line."""

    text: str
    page: int | None
    reason: str


@dataclass(frozen=True)
class Notice:
    """Something the editor should look at before confirming; code names it, params fill it."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Document:
    raw_text: str
    checksum: str
    language: str
    parts: list[Part]
    title: str | None = None
    front: FrontMatter = field(default_factory=FrontMatter)
    references: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    repairs: Counter = field(default_factory=Counter)
    encoding: object = None  # legalkb.text.pipeline.Encoding for a text file
    recognised: bool = False  # the text came from OCR
    low_confidence_words: list[str] = field(default_factory=list)
