"""legalkb.documents.read: a file's bytes into a Document, by the reader its name asks for."""

import pytest
from conftest import ABSTRACT, ARTICLE

from legalkb.documents import read
from legalkb.documents.document import PartKind
from legalkb.documents.limits import MAX_FILE_BYTES, MAX_PDF_BYTES
from legalkb.text.pipeline import SourceFileError, checksum


def test_a_text_file_becomes_parts_under_its_headings():
    document = read(ARTICLE.read_bytes(), "article.txt")
    heading = next(p for p in document.parts if p.is_heading)
    after = document.parts[document.parts.index(heading) + 1]
    assert heading.kind == PartKind.HEADING and heading.level == 1
    assert after.kind == PartKind.PARAGRAPH and after.section == (heading.text,)
    assert document.checksum == checksum(ARTICLE.read_bytes())


def test_a_text_file_with_a_glued_title_takes_it_as_its_title():
    document = read(ABSTRACT.read_bytes(), "abstract.txt")
    assert document.title == "Қазақстан Республикасында тұлғаның құқық мәртебесінің негіздері"


def test_a_text_file_without_a_title_takes_its_first_heading():
    title = read(ARTICLE.read_bytes(), "article.txt").title
    assert title == "Ретроспективті және оң заңдық жауапкершілік туралы"


@pytest.mark.parametrize(
    "data, name, code",
    [
        (b"x" * (MAX_FILE_BYTES + 1), "huge.txt", "too_large"),
        (b"%PDF-1.4\n" + b"x" * MAX_PDF_BYTES, "huge.pdf", "too_large"),
        (b"text", "article.odt", "unsupported_format"),
        (b"%PDF-1.4\n", "article.txt", "pdf_named_txt"),
        (b"PK\x03\x04rest", "article.txt", "zip_named_txt"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(data, name, code):
    with pytest.raises(SourceFileError) as refused:
        read(data, name)
    assert refused.value.code == code


def test_a_pdf_may_be_larger_than_a_text_file_as_a_scans_images_are():
    with pytest.raises(SourceFileError) as refused:
        read(b"%PDF-1.4\n" + b"x" * (MAX_FILE_BYTES + 1), "scan.pdf")
    assert refused.value.code == "damaged_pdf"
