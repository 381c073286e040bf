"""Body lines in reading order (legalkb.documents.layout) into blocks: paragraphs rejoined across
line, column and page breaks, headings, list items and tables; line-end hyphens joined or kept
(legalkb.documents.hyphens); footnote marks taken out of words and their notes attached.

A paragraph starts where the layout says so: more space above the line than between its
lines, a first-line indent, a short line ending a sentence before it, a list label, or a change
of type (size, bold, centring)."""

import re
from collections import Counter, defaultdict
from statistics import median

from .document import Note, PartKind
from .hyphens import is_compound
from .structure import Block, heading_levels

LIST_LABEL = re.compile(r"^(?:[–—•▪●◦·\-*]|\d{1,2}[.)]|[а-яәғқңөұүһіa-z][)])(?=\s)")
BULLETS = "–—•▪●◦·-*"
SENTENCE_END = '.!?…:;»")'
HEADING_MAX_CHARS = 250
HEADING_MAX_LINES = 4
CENTRED_HEADING_LINES = 2  # a centred block of at most this many lines may be a heading
HEADING_SIZE = 1.08  # headings set larger than the body by this factor at least
PARAGRAPH_GAP = 1.45  # a line this many line spacings below the previous one starts a paragraph
INDENT = 0.7  # a first line indented by this many font sizes starts a paragraph
SHORT_LINE = 1.5  # a line ending this many font sizes before the column's right edge is short
CENTRED = 1.0  # a line whose centre is this many font sizes from its column's centre is centred
HANG_TOLERANCE = 0.5  # lines this many font sizes apart in x start at the same place
WORD_CHAR = re.compile(r"[^\W\d_]")
NUMBERED_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s|\d+-(?:тарау|бөлім)|(?:глава|раздел|тарау|бөлім)\s+\d+|[IVXLC]+\.\s)",
    re.IGNORECASE,
)


class Columns:
    """Each page column's left and right edges and its line spacing, from its body lines."""

    def __init__(self, lines, size):
        edges = defaultdict(list)
        for line in lines:
            if line.table is None and abs(line.size - size) < 0.6:
                edges[(line.page, line.column)].append(line)
        self.left, self.right = {}, {}
        for key, column in edges.items():
            self.left[key] = _left_edge(column)
            self.right[key] = max(line.x1 for line in column)
        steps = [
            b.baseline - a.baseline
            for a, b in zip(lines, lines[1:], strict=False)
            if a.page == b.page and a.column == b.column and a.size == b.size and 0 < b.baseline - a.baseline
        ]
        self.spacing = median(steps) if steps else size * 1.2
        ragged = [line for line in lines if (line.page, line.column) in self.right and line.table is None]
        full = sum(1 for line in ragged if self.right[(line.page, line.column)] - line.x1 < line.size)
        self.justified = bool(ragged) and full >= 0.5 * len(ragged)

    def edges(self, line):
        key = (line.page, line.column)
        left = self.left.get(key, line.x0)
        return left, self.right.get(key, line.x1)

    def indented(self, line):
        left, _ = self.edges(line)
        return line.x0 - left > INDENT * line.size

    def short(self, line):
        _, right = self.edges(line)
        return right - line.x1 > SHORT_LINE * line.size

    def centred(self, line):
        """Centred: the line's middle at the column's, with room on both sides (an indented
        first line that runs to the right edge is not centred)."""
        left, right = self.edges(line)
        room = 2 * line.size
        return (
            abs(line.centre - (left + right) / 2) < CENTRED * line.size
            and line.x0 - left > room
            and right - line.x1 > room
        )


def _left_edge(lines):
    """A column's left edge: the leftmost place where two lines or more start (first lines are
    indented, list items hang, but a paragraph's other lines start at the edge)."""
    starts = Counter(round(line.x0) for line in lines)
    shared = [x for x, count in starts.items() if count >= 2]
    return min(shared or starts)


def make_blocks(lines, size, notes, lexicon):
    """Blocks from body lines in reading order. notes: {page: {mark: text}} of the footnotes
    found on each page; each is attached to the block whose word carries its mark (or, when no
    word does, to the last block of its page)."""
    columns = Columns(lines, size)
    groups = []
    for line in lines:
        if not groups or _starts_block(groups[-1], line, columns):
            groups.append([line])
        else:
            groups[-1].append(line)
    blocks = [_block(group, size, columns, lexicon) for group in groups]
    _set_heading_levels(blocks)
    _attach_notes(blocks, notes)
    return [block for block, _ in blocks]


def _starts_block(group, line, columns):
    previous = group[-1]
    if line.table is not None or previous.table is not None:
        return not _continues_table(previous, line)
    if previous.bold != line.bold and _has_words(line) and _has_words(previous):
        return True
    if abs(previous.size - line.size) > 0.5:
        return True
    if LIST_LABEL.match(line.text):
        return not _dash_inside_sentence(previous, line, columns)
    if _is_list_item(group[0]):
        return _left_of_item_text(group, line)
    same_place = previous.page == line.page and previous.column == line.column
    close = same_place and line.baseline - previous.baseline <= PARAGRAPH_GAP * columns.spacing
    if previous.bold and line.bold and NUMBERED_HEADING.match(line.text):
        return True  # "1 ТЕОРЕТИЧЕСКИЕ ОСНОВЫ…" then "1.1 Понятие…": two headings
    if previous.bold and line.bold and close and len(group) < HEADING_MAX_LINES:
        return False
    if columns.centred(line) != columns.centred(previous):
        return True
    if same_place and line.baseline - previous.baseline > PARAGRAPH_GAP * columns.spacing:
        return True
    if columns.indented(line) and not columns.centred(line):
        return True
    if columns.justified and columns.short(previous) and previous.text.rstrip()[-1:] in SENTENCE_END:
        return not (same_place is False and line.text[:1].islower())
    if not same_place:
        return previous.text.rstrip()[-1:] in ".!?…" and not line.text[:1].islower() and not columns.justified
    return False


def _continues_table(previous, line):
    """A table broken by a column or page break: the first thing of the next column is a table
    of as many columns as the one that ended the last."""
    if previous.table is None or line.table is None:
        return False
    moved = (previous.page, previous.column) != (line.page, line.column)
    return moved and _width(previous.table.rows) == _width(line.table.rows)


def _width(rows):
    return len(rows[0]) if rows else 0


def _joined_rows(tables):
    """The rows of a table's pieces (broken by column or page breaks) as one: a heading row
    repeated at the top of a piece is dropped, and a row the break cut in two (the piece's
    first row has only lowercase continuations in its cells) is joined again."""
    rows = [list(row) for row in tables[0].rows]
    for table in tables[1:]:
        more = [list(row) for row in table.rows]
        if more and rows and more[0] == rows[0]:
            more = more[1:]
        if more and rows and _is_cut_row(more[0]):
            rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], more[0], strict=True)]
            more = more[1:]
        rows.extend(more)
    return tuple(tuple(row) for row in rows)


def _is_cut_row(row):
    cells = [cell for cell in row if cell]
    return bool(cells) and all(cell[:1].islower() for cell in cells)


def _has_words(line):
    return bool(WORD_CHAR.search(line.text))


def _is_list_item(line):
    return bool(LIST_LABEL.match(line.text)) and line.table is None


def _left_of_item_text(group, line):
    """Whether a line stands left of a list item's text, so that it ends the item: the item's
    text starts where its second line does (a hanging indent), or, on its first line, roughly
    after its label."""
    if len(group) > 1:
        return line.x0 < group[1].x0 - HANG_TOLERANCE * line.size
    first = group[0]
    label = LIST_LABEL.match(first.text).group()
    text_x = first.x0 + (first.x1 - first.x0) * (len(label) + 1) / max(len(first.text), 1)
    return line.x0 < text_x - line.size and not line.text[:1].islower()


def _dash_inside_sentence(previous, line, columns):
    """A dash that a justified line pushed to the next line's start ("жауапты хатшы" / "- жаңа
    әкімшілік лауазымы") is no list label: the line before runs to the column's edge and ends
    mid-sentence, and the dash stands at the column's left edge."""
    if line.text[:1] not in BULLETS or previous.table is not None:
        return False
    left, _ = columns.edges(line)
    return (
        not columns.short(previous)
        and previous.text.rstrip()[-1:] not in SENTENCE_END + ",;"
        and abs(line.x0 - left) < HANG_TOLERANCE * line.size
    )


def _block(group, size, columns, lexicon):
    first = group[0]
    if first.table is not None:
        rows = _joined_rows([line.table for line in group])
        block = Block(PartKind.TABLE, " ".join(cell for row in rows for cell in row if cell), rows=rows)
        return _placed(block, group), []
    text, marks = join_lines(group, lexicon)
    kind = PartKind.PARAGRAPH
    if _is_list_item(first) and not _is_numbered_heading(group, text, size, columns):
        kind = PartKind.LIST_ITEM
        if first.text[0] in BULLETS:
            cut = len(text) - len(text[1:].lstrip())
            text, marks = text[cut:], [(max(0, offset - cut), mark, page) for offset, mark, page in marks]
    elif _is_heading(group, text, size, columns):
        kind = PartKind.HEADING
    block = _placed(Block(kind, text), group)
    block.heading_size = max(line.size for line in group)
    return block, marks


def _placed(block, group):
    block.start, block.end = group[0].start, group[-1].end
    block.page_start, block.page_end = group[0].page, group[-1].page
    return block


def _is_heading(group, text, size, columns):
    """A short block without a final stop set apart by its type: bold, larger, in capitals; or
    centred, when numbered or of one or two lines starting with a capital (where the type
    tells nothing, as in a scan's text layer)."""
    if len(group) > HEADING_MAX_LINES or len(text) > HEADING_MAX_CHARS or not WORD_CHAR.search(text):
        return False
    if text.rstrip()[-1:] in ".,;:" and not NUMBERED_HEADING.match(text):
        return False
    bold = all(line.bold for line in group)
    larger = min(line.size for line in group) >= HEADING_SIZE * size
    letters = [c for c in text if c.isalpha()]
    capitals = len(letters) > 3 and all(c.isupper() for c in letters)
    centred = all(columns.centred(line) for line in group)
    set_apart = NUMBERED_HEADING.match(text) or (len(group) <= CENTRED_HEADING_LINES and text[:1].isupper())
    return bold or larger or (capitals and len(text.split()) > 1) or bool(centred and set_apart)


def _is_numbered_heading(group, text, size, columns):
    """A numbered line set in bold or larger type ("1. Понятие и признаки …") is a section's
    heading, not a list item."""
    emphasised = all(line.bold for line in group) or min(line.size for line in group) >= HEADING_SIZE * size
    return emphasised and _is_heading(group, text, size, columns)


def _set_heading_levels(blocks):
    headings = [block for block, _ in blocks if block.kind == PartKind.HEADING]
    levels = heading_levels([(block.heading_size, block.text) for block in headings])
    for block, level in zip(headings, levels, strict=True):
        block.level = level


def join_lines(lines, lexicon):
    """The lines' text as one, hyphens at line ends joined or kept; returns it with the marks
    as (offset in the text, mark, page)."""
    text, marks = "", []
    for line in lines:
        piece = line.text
        if text:
            text = _join(text, piece, lexicon)
        base = len(text)
        text += piece
        marks.extend((base + offset, mark, line.page) for offset, mark in line.marks)
    return text, marks


_LAST_WORD = re.compile(r"([^\W\d_]+)[-\u00ad\u2010]$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")


def _join(text, piece, lexicon):
    """text and the start of the next line's piece: a space between, or a hyphen joined."""
    if text.endswith("\u00ad"):
        return text[:-1]
    left, right = _LAST_WORD.search(text), _FIRST_WORD.match(piece)
    if left and right:
        if is_compound(left.group(1), right.group(1), lexicon):
            return text[:-1] + "-"
        return text[:-1]
    return text + " "


def _attach_notes(blocks, notes):
    """Take each mark that names a footnote of its page out of the text and attach the note;
    other raised digits stay in the text. A note whose mark no word carries goes to the last
    block of its page."""
    used = set()
    for block, marks in blocks:
        found, kept = [], []
        for offset, mark, page in marks:
            note = notes.get(page, {}).get(mark)
            if note is not None and (page, mark) not in used:
                used.add((page, mark))
                found.append(Note(mark=mark, text=note, offset=offset, page=page))
            else:
                kept.append((offset, mark))
        for offset, mark in sorted(kept, reverse=True):
            block.text = block.text[:offset] + mark + block.text[offset:]
            found = [_shifted(note, offset, len(mark)) for note in found]
        block.notes = found
    for page, page_notes in notes.items():
        for mark, text in page_notes.items():
            if (page, mark) in used:
                continue
            owner = _last_block_on(blocks, page)
            if owner is not None:
                owner.notes = [*owner.notes, Note(mark=mark, text=text, offset=len(owner.text), page=page)]


def _shifted(note, offset, by):
    if note.offset < offset:
        return note
    return Note(mark=note.mark, text=note.text, offset=note.offset + by, kind=note.kind, page=note.page)


def _last_block_on(blocks, page):
    candidates = [block for block, _ in blocks if block.page_start is not None and block.page_start <= page]
    return candidates[-1] if candidates else None
