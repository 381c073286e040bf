"""Uploaded files into text: real small .txt, .docx and .pdf files made here."""

import io
import zipfile

import docx
import pytest

from legalkb.formats import MAX_FILE_BYTES, file_text
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
    """A one-page PDF showing the lines, built by hand: a composite font whose codes are
    Unicode code points, with a ToUnicode map so any script has a text layer. No lines
    make a page without text, as a scan has."""
    chars = sorted({char for line in lines for char in line})
    mappings = "".join(
        f"{len(chunk)} beginbfchar {' '.join(f'<{ord(c):04X}> <{ord(c):04X}>' for c in chunk)} endbfchar "
        for chunk in (chars[i : i + 100] for i in range(0, len(chars), 100))
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Unicode def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{mappings}endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    shown = " T* ".join("<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj" for line in lines)
    content = f"BT /F1 12 Tf 16 TL 72 720 Td {shown} ET" if lines else ""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>",
        _stream(cmap),
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return pdf


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
