"""A Word document (.docx) into a Document, read as it streams: paragraphs with their heading
styles (or outline levels), lists with their numbers, tables as tables, footnotes and endnotes
(word/footnotes.xml, word/endnotes.xml) attached at their marks, running headers dropped, the
title page read as front matter.

The body is parsed with lxml's iterparse, each paragraph cleared once read, and paragraphs and
characters are counted as they come: a small file that unpacks to a million empty paragraphs
is refused at the limit, long before its end, in bounded memory."""

import io
import re
import zipfile
import zlib

from lxml import etree

from ..text.pipeline import SourceFileError, checksum
from .document import Dropped, FrontMatter, Note, NoteKind, PartKind
from .frontmatter import TitleLine, read_front
from .limits import MAX_UNPACKED_BYTES, MB, TextBudget
from .structure import Block, make_document, split_back_matter

ZIP_SIGNATURE = b"PK\x03\x04"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PARAGRAPHS = 100_000  # a 1,000-page thesis has 20,000
DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, etree.LxmlError)
HEADING_STYLE = re.compile(r"^(?:heading|заголовок|тақырып)\s*(\d)$", re.IGNORECASE)
TITLE_PAGE_LINES = 40  # the most paragraphs a title page holds
BODY_SIZE = 24  # Word's default size, in half-points, when styles say none
PARAGRAPH_SEPARATOR = "\n\n"


def read_word(data, *, progress=None):
    if not data.startswith(ZIP_SIGNATURE):
        raise SourceFileError("not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            # zipfile never unpacks a part to more than the size its directory declares
            if unpacked > MAX_UNPACKED_BYTES:
                raise SourceFileError(
                    "docx_unpacks_too_large", size=round(unpacked / MB, 1), limit=MAX_UNPACKED_BYTES // MB
                )
            return _read(archive, checksum(data))
    except SourceFileError:
        raise
    except DAMAGED:
        raise SourceFileError("damaged_docx") from None


def _read(archive, digest):
    styles = Styles(_parse(archive, "word/styles.xml"))
    numbering = Numbering(_parse(archive, "word/numbering.xml"))
    budget = TextBudget()
    notes = {
        NoteKind.FOOTNOTE: _notes(_parse(archive, "word/footnotes.xml"), "footnote", budget),
        NoteKind.ENDNOTE: _notes(_parse(archive, "word/endnotes.xml"), "endnote", budget),
    }
    headers = [  # each paragraph of each running header (a journal's name, its ISSN)
        " ".join(_text_of(paragraph).split())
        for name in sorted(archive.namelist())
        if re.match(r"word/header\d*\.xml$", name)
        for paragraph in _parse(archive, name).iter(f"{W}p")
    ]
    body = Body(styles, numbering, notes, budget)
    with archive.open("word/document.xml") as stream:
        body.read(stream)
    return body.document(digest, list(dict.fromkeys(h for h in headers if h)))


def _parse(archive, name):
    """A small part of the package (styles, numbering, notes, headers), or None when absent."""
    if name not in archive.namelist():
        return None
    with archive.open(name) as stream:
        return etree.parse(stream, etree.XMLParser(resolve_entities=False, huge_tree=False)).getroot()


def _text_of(element):
    return "".join(node.text or "" for node in element.iter(f"{W}t"))


def _notes(root, tag, budget):
    """{id: text} of the notes, without Word's separators."""
    if root is None:
        return {}
    found = {}
    for note in root.iter(f"{W}{tag}"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        found[note.get(f"{W}id")] = budget.take(" ".join(_text_of(note).split()))
    return found


class Styles:
    """Each paragraph style's heading level (from its name or outline level), type size and
    boldness, following based-on styles."""

    def __init__(self, root):
        self.styles = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            name = style.find(f"{W}name")
            based = style.find(f"{W}basedOn")
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            size = style.find(f"{W}rPr/{W}sz")
            bold = style.find(f"{W}rPr/{W}b")
            self.styles[style.get(f"{W}styleId")] = {
                "name": name.get(f"{W}val") if name is not None else "",
                "based": based.get(f"{W}val") if based is not None else None,
                "outline": int(outline.get(f"{W}val")) + 1 if outline is not None else None,
                "size": int(size.get(f"{W}val")) if size is not None else None,
                "bold": _on(bold) if bold is not None else None,
                "numbering": _numbering(style.find(f"{W}pPr/{W}numPr")),
            }

    def get(self, style_id, key, depth=0):
        style = self.styles.get(style_id)
        if style is None or depth > 10:
            return None
        value = style[key]
        if value is None and style["based"]:
            return self.get(style["based"], key, depth + 1)
        return value

    def heading_level(self, style_id):
        style = self.styles.get(style_id)
        if style is None:
            return None
        named = HEADING_STYLE.match(style["name"])
        if named:
            return int(named.group(1))
        if style["name"].lower() == "title":
            return 1
        level = self.get(style_id, "outline")
        return level if level and level < 10 else None


def _on(element):
    return element.get(f"{W}val", "true") not in ("false", "0", "off")


class Numbering:
    """List numbers as Word prints them: each list's levels' formats and texts ("%1.")."""

    def __init__(self, root):
        self.levels, self.counters = {}, {}
        if root is None:
            return
        abstract = {}
        for item in root.iter(f"{W}abstractNum"):
            levels = {}
            for level in item.iter(f"{W}lvl"):
                fmt, text = level.find(f"{W}numFmt"), level.find(f"{W}lvlText")
                levels[level.get(f"{W}ilvl")] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                )
            abstract[item.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def label(self, num_id, level):
        """The label of the next item of a list at a level: "1.", "2)", or "" for bullets."""
        fmt, text = self.levels.get(num_id, {}).get(level, ("bullet", ""))
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        if fmt in ("bullet", "none") or "%" not in text:
            return ""
        return re.sub(r"%\d", str(self.counters[key]), text)


class Body:
    """word/document.xml read paragraph by paragraph into blocks."""

    def __init__(self, styles, numbering, notes, budget):
        self.styles, self.numbering, self.notes, self.budget = styles, numbering, notes, budget
        self.paragraphs = []  # (block, size, bold, page)
        self.note_counters = {NoteKind.FOOTNOTE: 0, NoteKind.ENDNOTE: 0}
        self.page = 1
        self.rendered_breaks = False
        self.raw, self.offset = [], 0
        self.first_page_number = None

    def read(self, stream):
        depth = 0  # tables open around the element being read
        count = 0
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False):
            tag = element.tag
            if tag == f"{W}tbl":
                depth += 1 if event == "start" else -1
                if event == "end" and depth == 0:
                    self._table(element)
                    element.clear()
            elif tag == f"{W}p" and event == "end":
                count += 1
                if count > MAX_PARAGRAPHS:
                    raise SourceFileError("docx_too_many_paragraphs", limit=MAX_PARAGRAPHS)
                if depth == 0:
                    self._paragraph(element)
                    element.clear()
            elif tag == f"{W}pgNumType" and event == "end" and self.first_page_number is None:
                start = element.get(f"{W}start")
                self.first_page_number = int(start) if start and start.isdigit() else None

    def _paragraph(self, element):
        properties = element.find(f"{W}pPr")
        style = _value(properties, f"{W}pStyle")
        text, marks, size, bold = self._runs(element, properties)
        if not text.strip():
            return
        level = self.styles.heading_level(style)
        outline = _value(properties, f"{W}outlineLvl")
        if level is None and outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        num = properties.find(f"{W}numPr") if properties is not None else None
        numbering = _numbering(num) if num is not None else self.styles.get(style, "numbering")
        kind = PartKind.HEADING if level else PartKind.PARAGRAPH
        if kind == PartKind.PARAGRAPH and numbering:
            kind = PartKind.LIST_ITEM
            label = self.numbering.label(*numbering)
            if label:
                shift = len(label) + 1
                text, marks = f"{label} {text}", [(offset + shift, mark) for offset, mark in marks]
        block = self._block(kind, text)
        block.level = level or 0
        block.notes = [
            Note(mark, note_text, offset, note_kind) for offset, (mark, note_text, note_kind) in marks
        ]
        self.paragraphs.append((block, size, bold, self.page))

    def _runs(self, paragraph, properties):
        """The paragraph's text, its note marks as (offset, (mark, text, kind)), its type size
        and whether all of it is bold."""
        style = _value(properties, f"{W}pStyle")
        default_size = self.styles.get(style, "size") or BODY_SIZE
        default_bold = bool(self.styles.get(style, "bold"))
        pieces, marks, sizes, bolds = [], [], [], []
        length = 0
        for node in paragraph.iter():
            tag = node.tag
            if tag == f"{W}t":
                piece = node.text or ""
                run = node.getparent()
                rpr = run.find(f"{W}rPr") if run is not None else None
                size = _value(rpr, f"{W}sz")
                sizes.append(int(size) if size and size.isdigit() else default_size)
                bold = rpr.find(f"{W}b") if rpr is not None else None
                bolds.append(_on(bold) if bold is not None else default_bold)
            elif tag in (f"{W}tab", f"{W}cr"):
                piece = " "
            elif tag == f"{W}br":
                piece = " "
                if node.get(f"{W}type") == "page":
                    self.page += 1
            elif tag == f"{W}noBreakHyphen":
                piece = "-"
            elif tag == f"{W}lastRenderedPageBreak":
                self.rendered_breaks = True
                self.page += 1
                continue
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                kind = NoteKind.FOOTNOTE if tag == f"{W}footnoteReference" else NoteKind.ENDNOTE
                note_text = self.notes[kind].get(node.get(f"{W}id"))
                if note_text is not None:
                    self.note_counters[kind] += 1
                    marks.append((length, (str(self.note_counters[kind]), note_text, kind)))
                continue
            else:
                continue
            pieces.append(piece)
            length += len(piece)
            self.budget.count(len(piece))
        if properties is not None and properties.find(f"{W}pageBreakBefore") is not None:
            self.page += 1
        text = "".join(pieces)
        stripped = text.lstrip()
        cut = len(text) - len(stripped)
        marks = [(max(0, offset - cut), mark) for offset, mark in marks]
        size = max(set(sizes), key=sizes.count) if sizes else default_size
        return _squeeze(stripped, marks) + (size / 2, bool(bolds) and all(bolds))

    def _table(self, element):
        """A table as a grid: a cell merged across columns (w:gridSpan) keeps its text in its
        first slot and leaves the others empty, as a cell merged down (w:vMerge) does."""
        rows = []
        for row in element.iter(f"{W}tr"):
            cells = []
            for cell in row.iter(f"{W}tc"):
                cells.append(" ".join(self.budget.take(_text_of(p)) for p in cell.iter(f"{W}p")).strip())
                span = _value(cell.find(f"{W}tcPr"), f"{W}gridSpan")
                cells.extend([""] * (int(span) - 1 if span and span.isdigit() else 0))
            rows.append(tuple(cells))
        if any(any(cell for cell in row) for row in rows):
            block = self._block(PartKind.TABLE, " ".join(c for row in rows for c in row if c))
            block.rows = tuple(rows)
            self.paragraphs.append((block, 0, False, self.page))

    def _block(self, kind, text):
        start = self.offset
        self.raw.append(text)
        self.offset += len(text) + len(PARAGRAPH_SEPARATOR)
        return Block(kind, text, start=start, end=start + len(text))

    def document(self, digest, headers):
        pages = self.rendered_breaks
        for block, _, _, page in self.paragraphs:
            block.page_start = block.page_end = page if pages else None
        front, taken = read_front(self._title_pages(), headers, {})
        if front.kind and self.first_page_number and not front.first_page:
            front.first_page = self.first_page_number
        taken_ids = {id(line.line) for line in taken}
        dropped = [
            Dropped(block.text, None, "title") for block, *_ in self.paragraphs if id(block) in taken_ids
        ]
        dropped += [Dropped(header, None, "header") for header in headers]
        blocks = [block for block, *_ in self.paragraphs if id(block) not in taken_ids]
        blocks, references, back = split_back_matter(blocks, front)
        return make_document(
            blocks,
            PARAGRAPH_SEPARATOR.join(self.raw),
            digest,
            front=front if front.kind else FrontMatter(),
            references=references,
            dropped=dropped + back,
        )

    def _title_pages(self):
        """The paragraphs of the first two pages (by the page breaks typed in), as title lines;
        a document without breaks gives its first paragraphs as one page."""
        pages = {}
        for block, size, bold, page in self.paragraphs[:TITLE_PAGE_LINES]:
            if block.kind in (PartKind.PARAGRAPH, PartKind.HEADING) and block.level <= 1:
                pages.setdefault(page, []).append(TitleLine(block.text, size, page, bold, block))
        return [pages[number] for number in sorted(pages)[:2]]


def _numbering(num_pr):
    """(list id, level) of a paragraph's or a style's w:numPr ("List Number" numbers its
    paragraphs through its style), or None."""
    if num_pr is None:
        return None
    return _value(num_pr, f"{W}numId"), _value(num_pr, f"{W}ilvl") or "0"


def _value(element, tag):
    if element is None:
        return None
    found = element.find(tag)
    return found.get(f"{W}val") if found is not None else None


def _squeeze(text, marks):
    """Runs of spaces made one, the marks' offsets moved with the text."""
    out, mapping = [], []
    for char in text:
        if char == " " and out and out[-1] == " ":
            mapping.append(len(out) - 1)
            continue
        mapping.append(len(out))
        out.append(char)
    mapping.append(len(out))
    return "".join(out).strip(), [(mapping[min(offset, len(text))], mark) for offset, mark in marks]
