"""Uploaded files into text: real small .txt, .docx and .pdf files made here."""

import io
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from legalkb import formats
from legalkb.formats import MAX_FILE_BYTES, MAX_PDF_PAGES, MAX_UNPACKED_BYTES, file_text
from legalkb.text.pipeline import SourceFileError

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


def test_a_text_file_passes_through_as_it_is():
    data = KAZAKH.encode()
    assert file_text(data, "notes.TXT") == data


def test_a_word_document_gives_its_paragraphs_separated_by_blank_lines():
    data = docx_bytes("Құқықтық мемлекет", KAZAKH)
    assert file_text(data, "article.docx").decode() == f"Құқықтық мемлекет\n\n{KAZAKH}"


def test_a_pdf_gives_its_text_layer_cyrillic_included():
    data = pdf_bytes("Құқықтық мемлекет қағидаттары.", "The rule of law.")
    assert file_text(data, "article.pdf").decode().splitlines() == [
        "Құқықтық мемлекет қағидаттары.",
        "The rule of law.",
    ]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (pdf_bytes(), "scan.pdf", "The PDF has no text layer"),
        (KAZAKH.encode(), "article.pdf", "The file is not a PDF"),
        (b"%PDF-1.4\nnothing else", "broken.pdf", "The PDF is damaged"),
        (KAZAKH.encode(), "article.docx", "The file is not a Word document"),
        (docx_bytes(KAZAKH)[:2000], "broken.docx", "The Word document is damaged"),
        (pdf_bytes(KAZAKH), "article.txt", "The file is a PDF, not plain text"),
        (docx_bytes(KAZAKH), "article.txt", "The file is a ZIP archive"),
        (KAZAKH.encode(), "article.odt", "only .txt, .docx and .pdf files"),
        (b"x" * (MAX_FILE_BYTES + 1), "huge.txt", "files over 10 MB cannot be imported"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_the_reason(data, name, message):
    with pytest.raises(SourceFileError, match=message):
        file_text(data, name)


def test_a_word_document_that_is_another_zip_is_damaged_for_the_editor():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    with pytest.raises(SourceFileError, match="The Word document is damaged"):
        file_text(buffer.getvalue(), "article.docx")


def test_a_pdf_gives_its_pages_separated_by_form_feeds():
    data = pdf_pages_bytes(["Бірінші бет."], ["Екінші бет."], [], ["Төртінші бет."])
    assert file_text(data, "article.pdf").decode() == "Бірінші бет.\fЕкінші бет.\f\fТөртінші бет."


def test_a_pdf_of_too_many_pages_is_refused_before_any_page_is_read():
    with pytest.raises(SourceFileError, match=f"PDFs of over {MAX_PDF_PAGES} pages") as refused:
        file_text(blank_pdf_bytes(MAX_PDF_PAGES + 1), "long.pdf")
    assert refused.value.params == {"pages": MAX_PDF_PAGES + 1, "limit": MAX_PDF_PAGES}


def test_a_word_document_that_unpacks_too_large_is_refused_from_its_zip_directory():
    data = docx_bomb(MAX_UNPACKED_BYTES + 1)
    assert len(data) < MAX_UNPACKED_BYTES // 100
    with pytest.raises(SourceFileError, match="documents that unpack to over 50 MB") as refused:
        file_text(data, "bomb.docx")
    assert refused.value.code == "docx_unpacks_too_large"


@pytest.mark.parametrize(
    "data, name",
    [
        (docx_bytes("Бірінші абзац.", "Екінші абзац.", "Үшінші абзац."), "long.docx"),
        (pdf_pages_bytes(["Бірінші бет."], ["Екінші бет."], ["Үшінші бет."]), "long.pdf"),
    ],
)
def test_a_document_with_more_text_than_a_text_file_may_hold_is_refused(monkeypatch, data, name):
    monkeypatch.setattr(formats, "MAX_TEXT_BYTES", len("Бірінші абзац.".encode()) * 2)
    with pytest.raises(SourceFileError) as refused:
        file_text(data, name)
    assert refused.value.code == "text_too_large"


def test_a_document_with_just_as_much_text_as_allowed_passes(monkeypatch):
    data = docx_bytes("Бірінші абзац.", "Екінші абзац.")
    monkeypatch.setattr(formats, "MAX_TEXT_BYTES", len("Бірінші абзац.\n\nЕкінші абзац.".encode()))
    assert file_text(data, "short.docx").decode() == "Бірінші абзац.\n\nЕкінші абзац."
