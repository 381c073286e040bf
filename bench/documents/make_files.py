"""python -m bench.documents.make_files OUT_DIR: the sample files, made as their authors' tools
make them, each with its ground truth beside it (NAME.truth.json).

- LibreOffice (headless) lays out flat ODF documents written here: Kazakh and Russian
  dissertation abstracts (title page, supervisor and opponents on page 2, headings, footnotes,
  lists, a table, soft hyphens, page numbers, a running header), a two-column journal article
  printed on pages 112–115 under the journal's header, and a hard-wrapped text with typed
  hyphens; LibreOffice also saves the article as .docx (footnotes and table included).
- python-docx writes a Russian article as Word would (heading styles, numbered list, table);
  LibreOffice prints it to PDF, standing for Word's Save as PDF.
- Chromium prints a web page whose font lacks the Kazakh letters (they come from a fallback
  font, as on many sites).
- A phone scan: two pages rendered to images, turned, blurred and speckled, saved as an
  image-only PDF, and the same scan with a "Scanned with CamScanner" stamp as its only text.

Deterministic: the same prose, layout and truth every run (the PDFs' own creation dates and
identifiers differ). Needs soffice, chromium, pdftoppm and pdftotext (make sample-tools)."""

import bisect
import datetime
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from .samples import (
    SAMPLES,
    Heading,
    Item,
    Paragraph,
    Table,
    scan_kk,
)

VOWELS = set("аәеёиоөуұүыіэюяaeiou")
SOFT_HYPHEN = "\u00ad"
TYPED_LINE_CHARS = 62  # a hard-wrapped text's line length
SCAN_DPI = 150
SCAN_SEED = 11
STAMP = "Scanned with CamScanner"
TIMEOUT = 180  # seconds for one tool run


def hyphenation_points(word):
    """Where a word may be split at a line end: before a consonant followed by a vowel, two
    letters or more from either end (the Kazakh and Russian syllable rule, roughly)."""
    points = []
    for i in range(2, len(word) - 2):
        before, here, after = word[i - 1].lower(), word[i].lower(), word[i + 1].lower()
        if not (word[i - 1].isalpha() and here.isalpha() and after.isalpha()):
            continue
        if here not in VOWELS and after in VOWELS and (before in VOWELS or word[i - 2].lower() in VOWELS):
            points.append(i)
    return points


def with_soft_hyphens(text):
    """Soft hyphens at the syllable points of words of 8 letters or more, as an author's
    word processor hyphenates."""
    return re.sub(
        r"\w{8,}",
        lambda m: _insert(m.group(), hyphenation_points(m.group()), SOFT_HYPHEN),
        text,
    )


def _insert(word, points, mark):
    pieces, last = [], 0
    for point in points:
        pieces.append(word[last:point])
        last = point
    pieces.append(word[last:])
    return mark.join(pieces)


def typed_lines(text, width=TYPED_LINE_CHARS):
    """A paragraph wrapped by hand: a word that does not fit is split with a typed hyphen at a
    syllable point, and a compound may be broken after its own hyphen."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 1
        split = _typed_split(word, room)
        if split:
            head, word = split
            line = f"{line} {head}" if line else head
        lines.append(line)
        line = word
    lines.append(line)
    return lines


def _typed_split(word, room):
    if "-" in word and word.index("-") + 1 <= room:
        cut = word.index("-") + 1
        return word[:cut], word[cut:]
    points = [p for p in hyphenation_points(word) if p + 1 <= room]
    if not points:
        return None
    return word[: points[-1]] + "-", word[points[-1] :]


# Flat ODF (one XML file) that LibreOffice opens and converts.
NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
LANGUAGE_COUNTRY = {"kk": ("kk", "KZ"), "ru": ("ru", "RU")}


def fodt(sample, soft_hyphens=True, typed=False):
    """The sample as a flat ODF text document."""
    language, country = LANGUAGE_COUNTRY[sample.language]
    size = sample.font_size
    width, height = sample.page
    body = []
    for i, line in enumerate(sample.title_page):
        first = i == 0 and sample.title_on_body_page
        body.append(_title_line(line, style="FirstTitle" if first else None))
    for i, line in enumerate(sample.second_page):
        body.append(_title_line(line, style="TitleBreak" if i == 0 else None))
    blocks_xml = [
        _block(block, soft_hyphens, typed, first=i == 0 and not sample.title_on_body_page)
        for i, block in enumerate(_grouped(sample.blocks))
    ]
    if sample.references:
        blocks_xml.append(
            f'<text:p text:style-name="RefHeading">{escape(sample.references_heading)}</text:p>'
        )
        blocks_xml.append(_list([Item(r, "1.") for r in sample.references], soft_hyphens))
    if sample.columns > 1:
        body.append('<text:section text:style-name="Columns" text:name="Body">')
        body.extend(blocks_xml)
        body.append("</text:section>")
    else:
        body.extend(blocks_xml)
    for line in sample.back:
        body.append(_title_line(line))
    first_label = sample.first_label
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:orphans="2" fo:widows="2"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="{size}pt" fo:language="{language}" fo:country="{country}"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="{"start" if typed else "justify"}" fo:text-indent="{"0cm" if typed else "0.8cm"}" fo:margin-top="0cm" fo:margin-bottom="{"0.25cm" if typed else "0cm"}" fo:line-height="{sample.line_height}"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always" fo:text-align="center"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 {"".join(_heading_style(level, size, sample.heading_growth) for level in (1, 2, 3))}
 <style:style style:name="RefHeading" style:family="paragraph" style:parent-style-name="Heading"/>
 <style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Text_20_body">
  <style:paragraph-properties fo:text-indent="0cm"/>
 </style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="{size - 1}pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties fo:font-size="{size - 2}pt"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:border-bottom="0.5pt solid #000000" fo:padding-bottom="0.05cm"/>
  <style:text-properties fo:font-size="{size - 2}pt" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="{size - 1}pt"/>
 </style:style>
 <style:style style:name="FooterRight" style:family="paragraph" style:parent-style-name="Footer">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="FooterLeft" style:family="paragraph" style:parent-style-name="Footer">
  <style:paragraph-properties fo:text-align="start"/>
 </style:style>
 <style:style style:name="HeadNumber" style:family="paragraph" style:parent-style-name="Footer"/>
 {_list_styles()}
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="1.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Columns" style:family="section">
  <style:section-properties><style:columns fo:column-count="{sample.columns}" fo:column-gap="0.7cm"/></style:section-properties>
 </style:style>
 <style:style style:name="BodyStart" style:family="paragraph" style:parent-style-name="Text_20_body" style:master-page-name="Body">
  <style:paragraph-properties {f'style:page-number="{first_label}"' if first_label else ""} fo:break-before="page"/>
 </style:style>
 <style:style style:name="BodyStartHeading" style:family="paragraph" style:parent-style-name="Heading_20_1" style:master-page-name="Body">
  <style:paragraph-properties {f'style:page-number="{first_label}"' if first_label else ""} fo:break-before="page"/>
 </style:style>
 <style:style style:name="TitleBreak" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page" fo:text-align="justify" fo:margin-bottom="0.3cm"/>
 </style:style>
 <style:style style:name="FirstTitle" style:family="paragraph" style:parent-style-name="Standard" style:master-page-name="Body">
  <style:paragraph-properties {f'style:page-number="{first_label}"' if first_label else ""} fo:text-align="left"/>
 </style:style>
 {_title_styles(sample)}
 <style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.05cm" fo:border="0.5pt solid #000000"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 <style:master-page style:name="Body" style:page-layout-name="pm1">{_furniture(sample)}</style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body>
</office:document>
"""


def _furniture(sample):
    """The body pages' master page: running headers (right and left pages) and page numbers."""
    number = '<text:page-number text:select-page="current"/>'

    def header(text, tag):
        lines = [
            f'<text:p text:style-name="Header">{escape(line)}</text:p>' for line in text.split("\n") if line
        ]
        if sample.first_label and sample.page_number_at == "head":
            lines.append(f'<text:p text:style-name="HeadNumber">{number}</text:p>')
        return f"<style:{tag}>{''.join(lines)}</style:{tag}>" if any(lines) else ""

    def footer(style, tag):
        return f'<style:{tag}><text:p text:style-name="{style}">{number}</text:p></style:{tag}>'

    parts = [header(sample.header, "header")]
    if sample.header_left:
        parts.append(header(sample.header_left, "header-left"))
    if sample.first_label and sample.page_number_at == "foot":
        parts.append(footer("Footer", "footer"))
    if sample.first_label and sample.page_number_at == "outside":
        parts.extend([footer("FooterRight", "footer"), footer("FooterLeft", "footer-left")])
    return "".join(parts)


def _heading_style(level, size, growth):
    sizes = {n: size + grown for n, grown in zip((1, 2, 3), growth, strict=True)}
    return (
        f'<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" '
        f'style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="{level}" '
        f'style:class="text"><style:text-properties fo:font-size="{sizes[level]}pt"/></style:style>'
    )


LIST_STYLES = {"1)": ("L_paren", ")"), "1.": ("L_dot", "."), "–": ("L_dash", None)}


def _list_styles():
    styles = []
    for name, suffix in LIST_STYLES.values():
        alignment = (
            '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="listtab" '
            'text:list-tab-stop-position="1.2cm" fo:text-indent="-0.6cm" fo:margin-left="1.2cm"/>'
            "</style:list-level-properties>"
        )
        if suffix is None:
            level = f'<text:list-level-style-bullet text:level="1" text:bullet-char="–">{alignment}</text:list-level-style-bullet>'
        else:
            level = (
                f'<text:list-level-style-number text:level="1" style:num-suffix="{suffix}" style:num-format="1">'
                f"{alignment}</text:list-level-style-number>"
            )
        styles.append(f'<text:list-style style:name="{name}">{level}</text:list-style>')
    return "".join(styles)


def _title_styles(sample):
    styles = set()
    for line in [*sample.title_page, *sample.second_page, *sample.back]:
        styles.add(_title_style_name(line))
    out = []
    for name in sorted(styles):
        _, align, weight, size = name.split("_")
        out.append(
            f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
            f'<style:paragraph-properties fo:text-align="{align}" fo:margin-bottom="0.3cm"/>'
            f'<style:text-properties fo:font-size="{size}pt" fo:font-weight="{weight}"/></style:style>'
        )
    return "".join(out)


def _title_style_name(line):
    align = {"left": "start", "right": "end"}.get(line.align, line.align)
    return f"T_{align}_{'bold' if line.bold else 'normal'}_{line.size}"


def _title_line(line, style=None):
    return f'<text:p text:style-name="{style or _title_style_name(line)}">{escape(line.text)}</text:p>'


def _block(block, soft_hyphens, typed, first=False):
    if isinstance(block, Heading):
        style = "BodyStartHeading" if first else f"Heading_20_{block.level}"
        return f'<text:h text:style-name="{style}" text:outline-level="{block.level}">{escape(block.text)}</text:h>'
    if isinstance(block, Paragraph):
        style = "BodyStart" if first else "Text_20_body"
        return f'<text:p text:style-name="{style}">{_paragraph_xml(block, soft_hyphens, typed)}</text:p>'
    if isinstance(block, list):
        return _list(block, soft_hyphens)
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(block)


def _grouped(blocks):
    """The blocks with each run of list items made one list."""
    grouped = []
    for block in blocks:
        if isinstance(block, Item) and grouped and isinstance(grouped[-1], list):
            grouped[-1].append(block)
        else:
            grouped.append([block] if isinstance(block, Item) else block)
    return grouped


def _paragraph_xml(paragraph, soft_hyphens, typed):
    """The paragraph's text with its lead in bold and its notes at their marks."""
    if typed:
        return "<text:line-break/>".join(escape(line) for line in typed_lines(paragraph.text))
    notes = dict(zip(paragraph.mark_offsets(), paragraph.notes, strict=True))
    cuts = sorted({0, len(paragraph.lead), *notes, len(paragraph.text)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start in notes:
            pieces.append(_note(notes[start]))
        run = _run(paragraph.text[start:end], soft_hyphens)
        pieces.append(
            f'<text:span text:style-name="Bold">{run}</text:span>' if end <= len(paragraph.lead) else run
        )
    if len(paragraph.text) in notes:
        pieces.append(_note(notes[len(paragraph.text)]))
    return "".join(pieces)


def _note(note):
    return (
        f'<text:note text:id="ftn{note.mark}" text:note-class="footnote">'
        f"<text:note-citation>{note.mark}</text:note-citation><text:note-body>"
        f'<text:p text:style-name="Footnote">{escape(note.text)}</text:p></text:note-body></text:note>'
    )


def _run(text, soft_hyphens):
    return escape(with_soft_hyphens(text) if soft_hyphens else text)


def _list(items, soft_hyphens):
    style = LIST_STYLES[_label_kind(items[0].label)][0]
    entries = "".join(
        f'<text:list-item><text:p text:style-name="List_20_Paragraph">{_run(item.text, soft_hyphens)}</text:p></text:list-item>'
        for item in items
    )
    return f'<text:list text:style-name="{style}" >{entries}</text:list>'


def _label_kind(label):
    if label.endswith(")"):
        return "1)"
    if label[:1].isdigit():
        return "1."
    return "–"


def _table(table):
    columns = len(table.rows[0])
    spans = dict(table.spans)
    covered = {
        (row + i, column + j)
        for (row, column), (rows, cols) in spans.items()
        for i in range(rows)
        for j in range(cols)
        if i or j
    }
    rows = "".join(
        "<table:table-row>"
        + "".join(_cell(cell, spans.get((r, c)), (r, c) in covered) for c, cell in enumerate(row))
        + "</table:table-row>"
        for r, row in enumerate(table.rows)
    )
    name = f"T{zlib.crc32(repr(table.rows).encode())}"
    return f'<table:table table:name="{name}"><table:table-column table:number-columns-repeated="{columns}"/>{rows}</table:table>'


def _cell(text, span, covered):
    if covered:
        return "<table:covered-table-cell/>"
    spanned = (
        f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
    )
    return (
        f'<table:table-cell table:style-name="Cell" office:value-type="string"{spanned}>'
        f'<text:p text:style-name="Table_20_Contents">{escape(text)}</text:p></table:table-cell>'
    )


def word_docx(sample, path):
    """The sample written with python-docx, as an author writes it in Word: Heading styles,
    a numbered list (List Number), a table, and the page number in the footer."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for block in sample.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Item):
            document.add_paragraph(block.text, style="List Number")
        elif isinstance(block, Table):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = 1
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)
    document.core_properties.created = datetime.datetime(2011, 5, 1)
    document.save(path)


def web_html(sample):
    """The sample as a web page set in a font without the Kazakh letters."""
    parts = []
    for block in sample.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
    return (
        '<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>'
        f"{escape(sample.title)}</title><style>"
        "@page { size: A4; margin: 2cm; } "
        "body { font-family: 'Liberation Sans Narrow'; font-size: 13pt; line-height: 1.4; } "
        "p { text-align: justify; text-indent: 1cm; margin: 0 0 0.4em 0; }"
        f"</style></head><body>{''.join(parts)}</body></html>"
    )


def soffice(sources, out_dir, target):
    """Convert files with LibreOffice in one headless run, with a profile of its own."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )


def chromium_pdf(html_path, pdf_path):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                shutil.which("chromium") or "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_path}",
                html_path.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )


def scan_pages(pdf_path, seed=SCAN_SEED):
    """The PDF's pages as a phone photographs them: greyscale, turned a little, blurred,
    speckled, JPEG-compressed (Pillow images)."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(pdf_path), f"{tmp}/page"],
            check=True,
            timeout=TIMEOUT,
        )
        pages = []
        for png in sorted(Path(tmp).glob("page-*.png")):
            image = Image.open(png).convert("L")
            image = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=True, fillcolor=235)
            image = image.filter(ImageFilter.GaussianBlur(0.7))
            noise = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
            image = Image.blend(image, noise, 0.12)
            pages.append(image)
    return pages


def image_pdf(pages, path):
    first, *rest = pages
    first.save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=rest, quality=60)


def stamped_scan(pages, work_dir, path):
    """The scan as CamScanner saves it: each page an image, with the app's stamp as the only
    text (Chromium prints the images and the stamp)."""
    images = []
    for n, page in enumerate(pages, start=1):
        image_path = work_dir / f"stamped-{n}.jpg"
        page.save(image_path, "JPEG", quality=60)
        images.append(image_path)
    html = "".join(
        f'<div class="page"><img src="{image.name}"><span>{STAMP}</span></div>' for image in images
    )
    html_path = work_dir / "stamped.html"
    html_path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><style>@page { size: A5; margin: 0 } "
        "body { margin: 0 } .page { position: relative; width: 148mm; height: 210mm; page-break-after: always; "
        "overflow: hidden } img { width: 100%; height: 100% } span { position: absolute; right: 4mm; "
        "bottom: 3mm; font: 7pt sans-serif; color: #444 }</style></head>"
        f"<body>{html}</body></html>",
        encoding="utf-8",
    )
    chromium_pdf(html_path, path)


# The ground truth.
PROBE = 24  # letters from a part's start and end looked for on the pages


def page_texts(pdf_path):
    """Each page's text as poppler's pdftotext reads it, in the order the producer drew it
    (-raw: LibreOffice and Chromium draw a page as it is read, left column first): where the
    truth's pages are found, independently of legalkb's own reader."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-"],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    ).stdout.decode()
    return text.split("\f")[:-1]


def _letters(text):
    """Letters only: footnote marks and page numbers (digits) printed between words aside."""
    return "".join(c for c in text.lower() if c.isalpha())


def find_pages(pages, parts):
    """The first and last physical page of each part, found in the pages' text one after the
    other (the same sentence may stand in several parts): a part's first letters after the
    previous part's end, its last letters after its first."""
    letters = [_letters(page) for page in pages]
    starts = [sum(map(len, letters[:n])) for n in range(len(letters))]
    text, cursor, found = "".join(letters), 0, []
    for part in parts:
        cells = [cell for row in part.get("rows", ()) for cell in row if cell] or [part["text"]]
        head, tail = _letters(cells[0])[:PROBE], _letters(cells[-1])[-PROBE:]
        start = text.find(head, cursor)
        end = text.find(tail, start) if start >= 0 else -1
        if end < 0:
            found.append([None, None])
            continue
        cursor = end + len(tail)
        found.append([bisect.bisect_right(starts, start), bisect.bisect_right(starts, cursor - 1)])
    return found


def printed_labels(sample, pages, first_body_page):
    """The page numbers printed on the body's pages: first_label on the page where the body
    starts, counting on from there; checked against the page's text, which holds the number as
    a line or ends with it (pdftotext may glue it to the last word)."""
    labels = {}
    for number in range(first_body_page, len(pages) + 1):
        label = str(number - first_body_page + sample.first_label)
        page = pages[number - 1]
        if label not in page.splitlines() and not page.rstrip().endswith(label):
            raise ValueError(f"{sample.name}: page {number} does not show its number {label}")
        labels[number] = label
    return labels


def expected_parts(sample):
    """The parts a perfect reader makes of the sample's blocks: kind, text, level, section
    path, notes (mark, text, offset) and table rows."""
    parts, path = [], []
    for block in sample.blocks:
        if isinstance(block, Heading):
            del path[block.level - 1 :]
            parts.append({"kind": "heading", "text": block.text, "level": block.level, "section": list(path)})
            path.append(block.text)
            continue
        part = {"section": list(path), "notes": [], "rows": []}
        if isinstance(block, Paragraph):
            notes = [
                {"mark": note.mark, "text": note.text, "offset": offset}
                for note, offset in zip(block.notes, block.mark_offsets(), strict=True)
            ]
            part.update(kind="paragraph", text=block.text, notes=notes)
        elif isinstance(block, Item):
            label = "" if block.label == "–" else f"{block.label} "
            part.update(kind="list_item", text=label + block.text)
        elif isinstance(block, Table):
            part.update(kind="table", text=" ".join(" ".join(row) for row in block.rows), rows=block.rows)
        parts.append(part)
    return parts


def check_runs_on(sample, pages):
    """The sample's long footnote must start on one page and end on the next, as it claims."""
    [(first, last)] = find_pages(pages, [{"text": sample.long_note}])
    if first is None or last != first + 1:
        raise ValueError(
            f"{sample.name}: the long footnote stands on pages {first}–{last}, not across a break"
        )


def truth(sample, pdf_path=None):
    """What a perfect reader finds in the file: parts (with their physical pages, and the
    printed page numbers where the file prints them, when a PDF is given), title, front
    matter, references and the furniture lines that must never stand in a part."""
    parts, front = expected_parts(sample), dict(sample.front)
    if pdf_path is not None:
        pages = page_texts(pdf_path)
        located = find_pages(pages, parts)
        labels = {}
        if sample.first_label is not None:
            labels = printed_labels(sample, pages, min(first for first, _ in located if first))
        for part, (first, last) in zip(parts, located, strict=True):
            part["pages"] = [first, last]
            if labels and first and last:
                part["labels"] = [labels[first], labels[last]]
        if "first_page" in front:
            front["last_page"] = int(labels[len(pages)])
        if sample.long_note:
            check_runs_on(sample, pages)
    furniture = [
        line for header in (sample.header, sample.header_left) for line in header.split("\n") if line
    ]
    return {
        "name": sample.name,
        "language": sample.language,
        "title": sample.title,
        "parts": parts,
        "front": front,
        "references": sample.references,
        "furniture": furniture,
        "title_lines": [line.text for line in [*sample.title_page, *sample.second_page, *sample.back]],
    }


def write_truth(path, data):
    path.with_name(path.name + ".truth.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1, default=list), encoding="utf-8"
    )


def make_files(out_dir):
    """Make every sample file and its truth in out_dir; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "work"
    work.mkdir(exist_ok=True)
    samples = {name: build() for name, build in SAMPLES.items()}
    for name, sample in samples.items():
        if name == "ru-article-word":
            word_docx(sample, out_dir / f"{name}.docx")
        elif name == "kk-web-chromium":
            (work / f"{name}.html").write_text(web_html(sample), encoding="utf-8")
        else:
            typed = name == "kk-typed-hyphens"
            (work / f"{name}.fodt").write_text(
                fodt(sample, soft_hyphens=not typed, typed=typed), encoding="utf-8"
            )
    scan = scan_kk("kk-scan")
    (work / "kk-scan.fodt").write_text(fodt(scan, soft_hyphens=False), encoding="utf-8")
    soffice(sorted(work.glob("*.fodt")) + [out_dir / "ru-article-word.docx"], out_dir, "pdf")
    soffice([work / "kk-article.fodt", work / "kk-journal.fodt"], out_dir, "docx")
    chromium_pdf(work / "kk-web-chromium.html", out_dir / "kk-web-chromium.pdf")
    scan_truth = truth(scan, out_dir / "kk-scan.pdf")  # the scan's pages are the text PDF's
    pages = scan_pages(out_dir / "kk-scan.pdf")
    (out_dir / "kk-scan.pdf").unlink()
    image_pdf(pages, out_dir / "kk-scan.pdf")
    stamped_scan(pages, work, out_dir / "kk-scan-camscanner.pdf")
    truths = {name: truth(sample, out_dir / f"{name}.pdf") for name, sample in samples.items()}
    for name, data in truths.items():
        write_truth(out_dir / f"{name}.pdf", data)
    for name in ("kk-article", "kk-journal", "ru-article-word"):  # the Word files: pages as their PDFs show
        write_truth(out_dir / f"{name}.docx", {**truth(samples[name]), "front": truths[name]["front"]})
    write_truth(out_dir / "kk-scan.pdf", scan_truth)
    write_truth(out_dir / "kk-scan-camscanner.pdf", {**scan_truth, "name": "kk-scan-camscanner"})
    shutil.rmtree(work)
    return sorted(p for p in out_dir.iterdir() if p.suffix in (".pdf", ".docx"))


if __name__ == "__main__":
    for made in make_files(sys.argv[1]):
        print(made)
