"""A PDF's pages as positioned characters, read with pypdfium2 (PDFium, the engine of
Chromium's viewer): for each character its box, baseline, font size and weight. Measured
against pdfplumber (pdfminer.six) on the sample files: 8× faster and a third of the memory
(docs/documents.md).

Words are made from the characters' positions, never from the spaces PDFium guesses: a PDF
printed from Chromium draws Kazakh letters from a fallback font, and the guessed spaces
around them split words ("За ң ү стемдігі")."""

import ctypes
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..text.pipeline import SourceFileError, checksum
from ..text.segment import PAGE_BREAK
from .document import Dropped, Notice
from .frontmatter import TitleLine, read_front
from .hyphens import lexicon_of
from .layout import (
    Glyph,
    Line,
    Page,
    body_size,
    build_lines,
    find_tables,
    inside,
    is_bold,
    mark_footnotes,
    mark_furniture,
    page_labels,
    reading_order,
    table_from_glyphs,
)
from .limits import MAX_PDF_PAGES, TextBudget
from .ocr import even_line_sizes, is_stamp, needs_recognition, picture_pages, recognise
from .paragraphs import join_lines, make_blocks
from .structure import make_document, split_back_matter

PDF_SIGNATURE = b"%PDF-"
MAX_PAGE_OBJECTS = 100_000  # drawing objects on one page: a real page has hundreds
MAX_PAGE_CHARS = 50_000  # characters on one page: a dense page has 5,000
HYPHEN_MARK = "\x02"  # PDFium's code for a hyphen it found at a line's end
LINE_HYPHEN = "-"


@contextmanager
def open_pdf(data):
    """The PDF as a pypdfium2 document, refused when it is no PDF, damaged, locked with a
    password or too long."""
    if not data.startswith(PDF_SIGNATURE):
        raise SourceFileError("not_pdf")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = "pdf_encrypted" if "password" in str(error).lower() else "damaged_pdf"
        raise SourceFileError(code) from None
    try:
        if len(document) > MAX_PDF_PAGES:
            raise SourceFileError("pdf_too_many_pages", pages=len(document), limit=MAX_PDF_PAGES)
        yield document
    finally:
        document.close()


def read_pages(document, budget=None, progress=None):
    """Every page as lines (tables as lines that stand for them), counting the text against
    the budget as it goes."""
    budget = budget or TextBudget()
    pages = []
    for index in range(len(document)):
        pages.append(read_page(document, index, budget))
        if progress:
            progress(index + 1, len(document))
    return pages


def read_page(document, index, budget):
    try:
        page = document[index]
    except pdfium.PdfiumError:
        raise SourceFileError("damaged_pdf") from None
    try:
        width, height = page.get_size()
        if pdfium_c.FPDFPage_CountObjects(page.raw) > MAX_PAGE_OBJECTS:
            raise SourceFileError("pdf_page_too_complex", page=index + 1)
        glyphs = page_glyphs(page, height, budget)
        grids = find_tables(ruling_segments(page, height))
        lines = []
        for grid in grids:
            cells = [g for g in glyphs if inside(g, grid)]
            glyphs = [g for g in glyphs if not inside(g, grid)]
            table = table_from_glyphs(grid, cells)
            if table.rows:
                lines.append(_table_line(table))
        lines.extend(build_lines(glyphs))
        label = document.get_page_label(index) or None
        pictured = _is_pictured(page, width * height)
        return Page(number=index + 1, width=width, height=height, lines=lines, label=label, pictured=pictured)
    finally:
        page.close()


PICTURE_SHARE = 0.5  # an image covering this share of a page makes it a picture (a scanned page)


def _is_pictured(page, area):
    """Whether an image covers most of the page, as a scanned page's does."""
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= PICTURE_SHARE * area:
            return True
    return False


def _table_line(table):
    text = " ".join(cell for row in table.rows for cell in row if cell)
    return Line(
        text=text,
        x0=table.x0,
        x1=table.x1,
        top=table.top,
        bottom=table.bottom,
        baseline=table.bottom,
        size=0.0,
        bold=False,
        role="body",
        table=table,
    )


def page_glyphs(page, height, budget):
    """The page's characters in content order, as glyphs with top-down coordinates; the
    characters PDFium adds itself (spaces and line ends it guesses) are left out, but its
    mark for a hyphen at a line's end is kept as a hyphen."""
    text_page = page.get_textpage()
    try:
        count = text_page.count_chars()
        if count > MAX_PAGE_CHARS:
            raise SourceFileError("pdf_page_too_complex", page=page_index(page))
        raw = text_page.raw
        box = pdfium_c.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        glyphs, fonts = [], {}
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            char = chr(code) if code else ""
            if char == HYPHEN_MARK:
                char = LINE_HYPHEN
            elif pdfium_c.FPDFText_IsGenerated(raw, i) or not char or char in "\r\n":
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), flags)
            key = (name.value, pdfium_c.FPDFText_GetFontWeight(raw, i))
            if key not in fonts:
                fonts[key] = is_bold(name.value.decode("latin-1"), key[1])
            glyphs.append(
                Glyph(
                    char=char,
                    x0=box.left,
                    x1=box.right,
                    top=height - box.top,
                    bottom=height - box.bottom,
                    baseline=height - y.value,
                    size=round(size, 1),
                    bold=fonts[key],
                )
            )
        budget.count(len(glyphs))
        return glyphs
    finally:
        text_page.close()


def page_index(page):
    return getattr(page, "index", 0) + 1


def ruling_segments(page, height):
    """The bounds of the page's drawn paths that are thin enough to be rules: table borders,
    a footnote separator, a header's underline."""
    segments = []
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        w, h = right.value - left.value, top.value - bottom.value
        if w <= 2.5 or h <= 2.5:
            segments.append((left.value, height - top.value, right.value, height - bottom.value))
        else:
            segments.extend(
                _rectangle_edges(left.value, height - top.value, right.value, height - bottom.value)
            )
    return segments


def _rectangle_edges(x0, top, x1, bottom):
    """A cell drawn as a rectangle, as its four edges."""
    return [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]


def read_pdf(data, *, ocr=True, progress=None):
    """The Document of a PDF with a text layer. A PDF without usable text (a scan) is
    recognised when ocr allows (legalkb.documents.ocr), else refused."""
    with open_pdf(data) as document:
        pages = read_pages(document, progress=progress)
    if not needs_recognition(pages):
        result = document_from_pages(pages, checksum(data))
        unread = picture_pages(pages)
        if unread:
            result.notices.append(Notice("picture_pages", {"pages": ", ".join(map(str, unread))}))
        return result
    if not ocr:
        raise SourceFileError("pdf_scan_without_ocr")
    recognition = recognise(data, len(pages), progress=progress)
    with open_pdf(recognition.pdf) as document:
        recognised = read_pages(document)
    result = document_from_pages(recognised, checksum(data), recognised=True)
    stamps = [(line.text, page.number) for page in pages for line in page.lines if is_stamp(line.text)]
    result.dropped[:0] = [Dropped(text, number, "stamp") for text, number in stamps]
    result.low_confidence_words = recognition.low_confidence_words
    result.notices.append(Notice("recognised", {"pages": len(pages)}))
    return result


def document_from_pages(pages, digest, recognised=False):
    """The Document of pages of lines: furniture and footnotes taken out, the title page read,
    the body in reading order made into blocks."""
    for page in pages:
        for line in page.lines:
            if is_stamp(line.text):
                line.role = "stamp"
    size = even_line_sizes(pages) if recognised else body_size(pages)
    printed = mark_furniture(pages)
    labels = page_labels(pages, printed)
    notes = _footnotes(pages, size)
    ordered = []
    for page in pages:
        for line in page.lines:
            line.page = page.number
        ordered.extend(reading_order(page))
    front, taken = read_front(_title_lines(ordered, pages[:2]), _headers(pages), labels)
    for entry in taken:
        for line in entry.line:
            line.role = "title"
    ordered = [line for line in ordered if line.role == "body"]
    raw_text = _number_lines(pages, ordered)
    lexicon = lexicon_of(" ".join(line.text for line in ordered))
    blocks, references, back = split_back_matter(make_blocks(ordered, size, notes, lexicon), front)
    dropped = [
        Dropped(text=line.text, page=page.number, reason=line.role)
        for page in pages
        for line in page.lines
        if line.role in FURNITURE_ROLES
    ]
    document = make_document(
        blocks, raw_text, digest, labels=labels, front=front, references=references, dropped=dropped + back
    )
    document.recognised = recognised
    return document


def _footnotes(pages, size):
    """{page: {mark: text}} of the footnotes at the pages' feet; a note that runs on to the
    next page is joined again and stays with the page of its mark."""
    lines, last = {}, None
    for page in pages:
        continuing = last is not None and last[0] == page.number - 1
        for mark, texts in mark_footnotes(page, size, continuing):
            if mark is None:
                lines[last[0]][last[1]].extend(texts)
                continue
            lines.setdefault(page.number, {})[mark] = list(texts)
            last = (page.number, mark)
    return {
        number: {mark: _joined(texts, size) for mark, texts in page_notes.items()}
        for number, page_notes in lines.items()
    }


def _joined(texts, size):
    return join_lines(
        [Line(text=t, x0=0, x1=0, top=0, bottom=0, baseline=0, size=size, bold=False) for t in texts], {}
    )[0]


FURNITURE_ROLES = ("header", "footer", "page_number", "title", "stamp")


def _title_lines(ordered, pages):
    """The first pages' body lines as the front-matter reader takes them: each page's entries
    (its line is the list of the PDF lines it was made of)."""
    return [title_entries([line for line in ordered if line.page == page.number]) for page in pages]


TITLE_LINE_STEP = 1.35  # the lines of one title-page entry stand at most this many sizes apart


def title_entries(lines):
    """A title page's lines as its entries: consecutive lines set alike (size, weight,
    alignment) and as close as a paragraph's lines are one entry ("КАЗАХСКИЙ
    ГУМАНИТАРНО-ЮРИДИЧЕСКИЙ" / "УНИВЕРСИТЕТ")."""
    if not lines:
        return []
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)

    def alignment(line):
        return (abs(line.x0 - left) < 2, abs(line.x1 - right) < 2)

    groups = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and (previous.size, previous.bold) == (line.size, line.bold)
            and alignment(previous) == alignment(line)
            and 0 < line.baseline - previous.baseline <= TITLE_LINE_STEP * line.size
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [
        TitleLine(join_lines(group, frozenset())[0], group[0].size, group[0].page, group[0].bold, group)
        for group in groups
    ]


def _headers(pages):
    return list(dict.fromkeys(line.text for page in pages for line in page.lines if line.role == "header"))


def _number_lines(pages, ordered):
    """The raw text: each page's lines, the body in reading order, then notes and furniture,
    a line each; pages separated by form feeds. Sets each line's offsets in it."""
    body = {id(line) for line in ordered}
    pieces, offset = [], 0
    for page in pages:
        rest = sorted((line for line in page.lines if id(line) not in body), key=lambda line: line.top)
        page_lines = [line for line in ordered if line.page == page.number] + rest
        for line in page_lines:
            line.start, line.end = offset, offset + len(line.text)
            pieces.append(line.text + "\n")
            offset = line.end + 1
        pieces.append(PAGE_BREAK)
        offset += 1
    return "".join(pieces)
