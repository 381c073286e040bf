"""Small .docx and .pdf files made in the tests: Word documents, hand-built PDFs (a text layer
in any script, pages without text as a scan has), a PDF of many blank pages, a ZIP bomb."""

import io
import zipfile

import docx
from pypdf import PdfWriter

KAZAKH = "Құқықтық мемлекет қағидаттары. Азаматтың құқықтары мен бостандықтары."


def docx_bytes(*paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(*lines):
    """A one-page PDF showing the lines; no lines make a page without text, as a scan has."""
    return pdf_pages_bytes(lines)


def pdf_pages_bytes(*pages):
    """A PDF with a page showing each list of lines, built by hand: a composite font whose
    codes are Unicode code points, with a ToUnicode map so any script has a text layer."""
    chars = sorted({char for lines in pages for line in lines for char in line})
    mappings = "".join(
        f"{len(chunk)} beginbfchar {' '.join(f'<{ord(c):04X}> <{ord(c):04X}>' for c in chunk)} endbfchar "
        for chunk in (chars[i : i + 100] for i in range(0, len(chars), 100))
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Unicode def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{mappings}endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    first_page = 5  # objects 1-4: catalog, page tree, font, descendant font; 5: the ToUnicode map
    page_numbers = [first_page + 1 + 2 * i for i in range(len(pages))]
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{n} 0 R' for n in page_numbers)}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>",
        _stream(cmap),
    ]
    for number, lines in zip(page_numbers, pages, strict=True):
        shown = " T* ".join("<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj" for line in lines)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Contents {number + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
        )
        objects.append(_stream(f"BT /F1 12 Tf 16 TL 72 720 Td {shown} ET" if lines else ""))
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return pdf


def blank_pdf_bytes(page_count):
    """A PDF of blank pages, written by pypdf."""
    writer = PdfWriter()
    for _ in range(page_count):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bomb(unpacked_bytes):
    """A real Word document whose body is padded with empty paragraphs until it unpacks to
    unpacked_bytes: a few hundred KB packed, written part by part to keep memory low."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(KAZAKH)))
    body = source.read("word/document.xml").decode()
    head, tail = body.split("<w:body>", 1)
    padding = b"<w:p/>" * (1024 * 1024 // 6)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, source.read(info.filename))
                continue
            with archive.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(f"{head}<w:body>".encode())
                for _ in range(unpacked_bytes // len(padding) + 1):
                    part.write(padding)
                part.write(tail.encode())
    return buffer.getvalue()


def _stream(text):
    return f"<< /Length {len(text.encode())} >>\nstream\n{text}\nendstream"
