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
    pictured: bool = False  # an image covers most of the page


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
    _mark_alike_placed(pages)
    return printed


def _mark_alike_placed(pages):
    """A left-hand page's running header differs from a right-hand page's, and a short article
    prints it once: an edge line set where another page's running header or footer stands
    (its baseline within a point, its size the same) is one too."""
    places = {
        (line.role, round(line.baseline), line.size)
        for page in pages
        for line in page.lines
        if line.role in ("header", "footer")
    }
    for page in pages:
        for top, role in ((True, "header"), (False, "footer")):
            for line in _edge_lines(page, top):
                near = (round(line.baseline) + shift for shift in (-1, 0, 1))
                if any((role, baseline, line.size) in places for baseline in near):
                    line.role = role


def _edge_lines(page, top):
    """The first two (or last two) lines of a page, when they stand in its top (bottom) zone;
    a scanner's stamp is none of them."""
    ordered = sorted((line for line in page.lines if line.role == "body"), key=lambda line: line.top)
    if not ordered:
        return []
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
def mark_footnotes(page, size, continuing=False):
    """The small-type lines at the foot of the page's body, from a line that starts with a note
    mark on, become notes; returns the notes as (mark, text lines) in order. continuing: the
    page before ended in a footnote, whose rest may stand first at this page's foot, before
    any mark: it is returned under the mark None."""
    body = sorted((line for line in page.lines if line.role == "body"), key=lambda line: line.top)
    foot = []
    for line in reversed(body):
        if line.size > NOTE_SIZE * size or line.table is not None:
            break
        foot.insert(0, line)
    rest = []
    while foot and not _note_start(foot[0]):
        rest.append(foot.pop(0))
    notes = []
    if continuing and rest:
        for line in rest:
            line.role = "note"
        notes.append([None, [line.text for line in rest]])
    for line in foot:
        line.role = "note"
        start = _note_start(line)
        if start and (not notes or line.marks or _follows(notes[-1][0], start[0])):
            mark, text = start
            notes.append([mark, [text]])
        elif notes:
            notes[-1][1].append(line.text)
    return [(mark, lines) for mark, lines in notes]


def _follows(previous, mark):
    """Whether a number set unraised at a note line's start begins the next note: notes are
    numbered in order, so "210 с." after note 2 is the rest of note 2. After the rest of the
    page before's note (no mark), any number starts one."""
    if previous is None:
        return True
    return previous.isdigit() and mark.isdigit() and int(mark) == int(previous) + 1


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
RULE_TOLERANCE = 2.0  # points: rules this close are one, a rule this near a cell's edge draws it


@dataclass
class Grid:
    """A table's ruling: the xs of its column edges and ys of its row edges (top down), and the
    rules drawn, which tell merged cells (an edge not drawn) from others."""

    xs: list
    ys: list
    horizontal: list  # (x0, top, x1, bottom) of the horizontal rules
    vertical: list

    @property
    def box(self):
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def slot(self, x, y):
        """(row, column) of the slot a point falls in, or None outside the grid."""
        column = next((i for i in range(len(self.xs) - 1) if self.xs[i] <= x < self.xs[i + 1]), None)
        row = next((i for i in range(len(self.ys) - 1) if self.ys[i] <= y < self.ys[i + 1]), None)
        return None if column is None or row is None else (row, column)

    def merged(self):
        """For each slot, the slot of the cell it belongs to: a cell runs on to the right while
        the edge after it is not drawn across its row, and down while the edge under it is not
        drawn across its column (a merged cell)."""
        rows, columns = len(self.ys) - 1, len(self.xs) - 1
        origin = {}
        for row in range(rows):
            for column in range(columns):
                if (row, column) in origin:
                    continue
                right, down = column, row
                while right + 1 < columns and not self._drawn_down(self.xs[right + 1], row):
                    right += 1
                while down + 1 < rows and not self._drawn_across(self.ys[down + 1], column):
                    down += 1
                for i in range(row, down + 1):
                    for j in range(column, right + 1):
                        origin.setdefault((i, j), (row, column))
        return origin

    def _drawn_down(self, x, row):
        middle = (self.ys[row] + self.ys[row + 1]) / 2
        return any(
            abs((v[0] + v[2]) / 2 - x) <= RULE_TOLERANCE and v[1] <= middle <= v[3] for v in self.vertical
        )

    def _drawn_across(self, y, column):
        middle = (self.xs[column] + self.xs[column + 1]) / 2
        return any(
            abs((h[1] + h[3]) / 2 - y) <= RULE_TOLERANCE and h[0] <= middle <= h[2] for h in self.horizontal
        )


def find_tables(segments):
    """Tables from ruling segments (x0, top, x1, bottom): horizontal and vertical lines that
    cross each other make a grid; returns the Grid of each one of at least two rows and two
    columns."""
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
            tables.append(Grid(xs=xs, ys=ys, horizontal=rows, vertical=sorted(columns)))
    return tables


def _distinct(values, tolerance=RULE_TOLERANCE):
    kept = []
    for value in values:
        if not kept or value - kept[-1] > tolerance:
            kept.append(value)
    return kept


def table_from_glyphs(grid, glyphs):
    """The cells of a grid, each the text of the glyphs whose centre falls in it; a merged
    cell's text stands in its first slot, the slots it covers stay empty."""
    origin = grid.merged()
    cells = {}
    for glyph in glyphs:
        slot = grid.slot((glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2)
        if slot is not None:
            cells.setdefault(origin[slot], []).append(glyph)
    rows = []
    for row in range(len(grid.ys) - 1):
        texts = [
            " ".join(line.text for line in build_lines(cells.get((row, c), [])))
            for c in range(len(grid.xs) - 1)
        ]
        if any(texts):
            rows.append(texts)
    x0, top, x1, bottom = grid.box
    return Table(rows=rows, x0=x0, x1=x1, top=top, bottom=bottom)


def inside(glyph, grid):
    x0, top, x1, bottom = grid.box
    cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom
