"""A PDF page's positioned characters into lines, and the lines of a document into roles:
running headers and footers, page numbers, footnotes, table cells and body lines in reading
order (one or two columns). Coordinates are points from the page's top left.

Hand-written: no library does layout for these sources (GROBID is a Java service, and neither
it nor pdfplumber knows Kazakh running heads or the fallback fonts of Chromium's PDFs)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

WORD_GAP = 0.1  # a gap this many font sizes wide between two glyphs separates words
LINE_SHIFT = 0.6  # a baseline this many font sizes away starts another line
COLUMN_GAP = 2.5  # a gap this many font sizes wide on one baseline separates columns or cells
MARK_SIZE = 0.85  # a raised digit this much smaller than its line is a footnote mark
MARK_RAISE = 0.15  # … raised by this many of the line's font sizes
FURNITURE_ZONE = 0.13  # headers and footers stand in this share of the page height, top or bottom
FURNITURE_PAGES = 0.4  # a line repeated at the top or bottom of this share of the pages is furniture
NOTE_SIZE = 0.9  # footnotes are set at most this large against the body's type
PAGE_NUMBER = re.compile(r"^[-–—\s]*(\d{1,4}|[ivxlcdm]{1,7})[-–—\s]*$", re.IGNORECASE)
NUMBER_IN_FURNITURE = re.compile(r"(?<![\d.])\d{1,4}(?![\d.])")
BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(frozen=True)
class Glyph:
    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


@dataclass
class Line:
    """A line of text on a page. marks: (offset in text, mark) of the raised footnote marks,
    which are not in text. role: body, header, footer, page_number, note, title, table…"""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    page: int = 0
    marks: list = field(default_factory=list)
    role: str = "body"
    column: int = 0  # 0: the page's full width, 1: left column, 2: right column
    start: int = 0  # offsets in the document's raw text
    end: int = 0
    table: object = None  # a Table when this line stands for one

    @property
    def centre(self):
        return (self.x0 + self.x1) / 2


@dataclass
class Table:
    rows: list  # of lists of cell texts
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    number: int  # physical, from 1
    width: float
    height: float
    lines: list
    label: str | None = None  # the PDF's own page label, when it has one


def is_bold(font_name, weight):
    name = font_name.lower()
    return weight >= 600 or any(word in name for word in BOLD_NAMES)


def build_lines(glyphs):
    """Glyphs in content order into lines: a new line where the baseline moves or the text goes
    back left; a wide gap on one baseline (columns, table cells) ends a line too."""
    lines, current = [], []
    for glyph in glyphs:
        if current and _starts_new_line(current, glyph):
            lines.append(current)
            current = []
        current.append(glyph)
    if current:
        lines.append(current)
    return [line for line in map(make_line, lines) if line.text.strip()]


def _starts_new_line(current, glyph):
    last = current[-1]
    size = max(last.size, glyph.size)
    if abs(glyph.baseline - last.baseline) > LINE_SHIFT * size and not _is_mark_next_to(last, glyph):
        return True
    return glyph.x0 < last.x0 - size or glyph.x0 - last.x1 > COLUMN_GAP * size


def _is_mark_next_to(last, glyph):
    """A raised mark after a word, or the word after a mark: both stay on the line."""
    small, big = (last, glyph) if last.size < glyph.size else (glyph, last)
    return (
        small.size < MARK_SIZE * big.size
        and small.baseline < big.baseline
        and abs(small.baseline - big.baseline) < big.size
    )


def make_line(glyphs):
    sizes = Counter(round(g.size, 1) for g in glyphs if not g.char.isspace())
    size = sizes.most_common(1)[0][0] if sizes else glyphs[0].size
    main = [g for g in glyphs if round(g.size, 1) == size] or glyphs
    baseline = median(g.baseline for g in main)
    text, marks, previous = [], [], None
    for glyph in glyphs:
        if glyph.char.isspace():
            if text and text[-1] != " ":
                text.append(" ")
            previous = None
            continue
        if _is_mark(glyph, size, baseline):
            if (
                marks
                and marks[-1][0] == len(text)
                and previous is not None
                and _is_mark(previous, size, baseline)
            ):
                marks[-1] = (marks[-1][0], marks[-1][1] + glyph.char)
            else:
                marks.append((len(text), glyph.char))
            previous = glyph
            continue
        if previous is not None and glyph.x0 - previous.x1 > WORD_GAP * size and text and text[-1] != " ":
            text.append(" ")
        text.append(glyph.char)
        previous = glyph
    joined = "".join(text)
    stripped = joined.rstrip()
    lead = len(joined) - len(joined.lstrip())
    marks = [(max(0, min(offset, len(stripped) + lead) - lead), mark) for offset, mark in marks]
    visible = [g for g in glyphs if not g.char.isspace()] or glyphs
    return Line(
        text=stripped.lstrip(),
        x0=min(g.x0 for g in visible),
        x1=max(g.x1 for g in visible),
        top=min(g.top for g in visible),
        bottom=max(g.bottom for g in visible),
        baseline=baseline,
        size=size,
        bold=all(g.bold for g in visible if g.char.isalpha()) and any(g.char.isalpha() for g in visible),
        marks=marks,
    )


def _is_mark(glyph, size, baseline):
    return (
        (glyph.char.isdigit() or glyph.char == "*")
        and glyph.size < MARK_SIZE * size
        and baseline - glyph.baseline > MARK_RAISE * size
    )


def body_size(pages):
    """The type size most characters of the document are set in."""
    sizes = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


# Page furniture.
def furniture_key(text):
    return NUMBER_IN_FURNITURE.sub("#", " ".join(text.casefold().split()))


def mark_furniture(pages):
    """Running headers and footers (a line repeated at the top or bottom of many pages, its
    numbers aside) and page numbers get their roles; returns the printed number found on each
    page, by physical page."""
    tops, bottoms = Counter(), Counter()
    for page in pages:
        for line in _edge_lines(page, top=True):
            tops[furniture_key(line.text)] += 1
        for line in _edge_lines(page, top=False):
            bottoms[furniture_key(line.text)] += 1
    needed = max(2, FURNITURE_PAGES * len(pages))
    printed = {}
    for page in pages:
        for top, counts in ((True, tops), (False, bottoms)):
            for line in _edge_lines(page, top):
                number = PAGE_NUMBER.match(line.text)
                if number:
                    line.role = "page_number"
                    printed[page.number] = number.group(1)
                elif counts[furniture_key(line.text)] >= needed and len(pages) > 1:
                    line.role = "header" if top else "footer"
                    found = NUMBER_IN_FURNITURE.findall(line.text)
                    if found and "#" in furniture_key(line.text):
                        printed.setdefault(page.number, found[-1 if top else 0])
    return printed


def _edge_lines(page, top):
    """The first two (or last two) lines of a page, when they stand in its top (bottom) zone."""
    ordered = sorted(page.lines, key=lambda line: line.top)
    edge = ordered[:2] if top else ordered[-2:]
    limit = page.height * FURNITURE_ZONE
    if top:
        return [line for line in edge if line.bottom <= limit + ordered[0].bottom - ordered[0].top]
    return [line for line in edge if line.top >= page.height - limit]


def page_labels(pages, printed):
    """Each physical page's printed label: the PDF's own page labels when it has them, else the
    page numbers printed on the pages, extended to every page when they agree on one offset."""
    if any(page.label for page in pages):
        return {page.number: page.label for page in pages}
    offsets = Counter(int(label) - number for number, label in printed.items() if label.isdigit())
    if not offsets:
        return {}
    offset, count = offsets.most_common(1)[0]
    if count < max(1, len([n for n in printed.values() if n.isdigit()]) // 2):
        return {number: label for number, label in printed.items()}
    return {page.number: str(page.number + offset) for page in pages if page.number + offset >= 1}


# Footnotes.
def mark_footnotes(page, size):
    """The small-type lines at the foot of the page's body, from a line that starts with a note
    mark on, become notes; returns the notes as (mark, text lines) in order."""
    body = sorted((line for line in page.lines if line.role == "body"), key=lambda line: line.top)
    foot = []
    for line in reversed(body):
        if line.size > NOTE_SIZE * size or line.table is not None:
            break
        foot.insert(0, line)
    while foot and not _note_start(foot[0]):
        foot.pop(0)
    notes = []
    for line in foot:
        line.role = "note"
        start = _note_start(line)
        if start:
            mark, text = start
            notes.append([mark, [text]])
        elif notes:
            notes[-1][1].append(line.text)
    return [(mark, lines) for mark, lines in notes]


_NOTE_MARK = re.compile(r"^(\d{1,3}|\*)\s*(?=\S)")


def _note_start(line):
    """(mark, text) when the line begins a footnote: a raised mark first, or digits glued to
    or set before its text."""
    if line.marks and line.marks[0][0] == 0:
        return line.marks[0][1], line.text
    match = _NOTE_MARK.match(line.text)
    if match and len(line.text) > match.end():
        return match.group(1), line.text[match.end() :]
    return None


# Reading order.
def reading_order(page):
    """The page's body lines in reading order: bands of full-width lines and of two columns,
    top to bottom; within a band of columns, the left column, then the right."""
    lines = sorted((line for line in page.lines if line.role in ("body", "title")), key=lambda ln: ln.top)
    if not lines:
        return []
    split = _column_split(lines, page.width)
    if split is None:
        return lines
    for line in lines:
        line.column = 0 if line.x0 < split < line.x1 else (1 if line.x1 <= split else 2)
    ordered, band = [], []
    for line in lines:
        if line.column == 0:
            ordered.extend(_band_order(band))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(_band_order(band))
    return ordered


def _band_order(band):
    return [line for line in band if line.column == 1] + [line for line in band if line.column == 2]


def _column_split(lines, width):
    """The x of the gutter between two columns, or None for a one-column page: the middle third
    of the page, where no line crosses but for a few full-width ones, with lines on either side."""
    best = None
    for x in range(int(width / 3), int(width * 2 / 3)):
        crossing = sum(1 for line in lines if line.x0 < x < line.x1)
        left = sum(1 for line in lines if line.x1 <= x)
        right = sum(1 for line in lines if line.x0 >= x)
        if left >= 3 and right >= 3 and crossing <= (left + right) / 3:
            score = (crossing, -min(left, right))
            if best is None or score < best[0]:
                best = (score, x)
    return None if best is None else best[1]


# Tables, from the ruling lines a page draws.
def find_tables(segments):
    """Tables from ruling segments (x0, top, x1, bottom): horizontal and vertical lines that
    cross each other make a grid; returns (x0, top, x1, bottom, column xs, row ys) for each grid
    of at least two rows and two columns."""
    horizontal = [s for s in segments if s[3] - s[1] <= 2.5 and s[2] - s[0] >= 8]
    vertical = [s for s in segments if s[2] - s[0] <= 2.5 and s[3] - s[1] >= 6]
    groups = []
    for h in horizontal:
        crossing = [
            v for v in vertical if v[0] - 2 <= (v[0] + v[2]) / 2 <= h[2] + 2 and v[1] - 2 <= h[1] <= v[3] + 2
        ]
        if len(crossing) < 2:
            continue
        for group in groups:
            if any(v in group[1] for v in crossing):
                group[0].append(h)
                group[1].update(crossing)
                break
        else:
            groups.append(([h], set(crossing)))
    tables = []
    for rows, columns in groups:
        xs = _distinct(sorted((v[0] + v[2]) / 2 for v in columns))
        ys = _distinct(sorted((h[1] + h[3]) / 2 for h in rows))
        if len(xs) >= 3 and len(ys) >= 3:
            tables.append((xs[0], ys[0], xs[-1], ys[-1], xs, ys))
    return tables


def _distinct(values, tolerance=2.0):
    kept = []
    for value in values:
        if not kept or value - kept[-1] > tolerance:
            kept.append(value)
    return kept


def table_from_glyphs(grid, glyphs):
    """The cells of a grid, each the text of the glyphs whose centre falls in it."""
    x0, top, x1, bottom, xs, ys = grid
    cells = {}
    for glyph in glyphs:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        column = next((i for i in range(len(xs) - 1) if xs[i] <= cx < xs[i + 1]), None)
        row = next((i for i in range(len(ys) - 1) if ys[i] <= cy < ys[i + 1]), None)
        if column is not None and row is not None:
            cells.setdefault((row, column), []).append(glyph)
    rows = []
    for row in range(len(ys) - 1):
        texts = [
            " ".join(line.text for line in build_lines(cells.get((row, c), []))) for c in range(len(xs) - 1)
        ]
        if any(texts):
            rows.append(texts)
    return Table(rows=rows, x0=x0, x1=x1, top=top, bottom=bottom)


def inside(glyph, grid):
    x0, top, x1, bottom = grid[:4]
    cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom
