"""Scans: a phone scan recognised with OCRmyPDF (kaz+rus); the CamScanner stamp never kept."""

import pypdfium2 as pdfium
import pytest
from documents_samples import truth
from test_formats import pdf_bytes

from bench.documents.score import score
from legalkb.documents import read
from legalkb.documents.layout import Line, Page
from legalkb.documents.ocr import even_line_sizes, is_stamp, needs_recognition, without_text


def page_of(*texts, sizes=None):
    sizes = sizes or [10] * len(texts)
    lines = [
        Line(text=t, x0=0, x1=100, top=0, bottom=10, baseline=9, size=size, bold=False)
        for t, size in zip(texts, sizes, strict=True)
    ]
    return Page(number=1, width=600, height=800, lines=lines)


def test_a_page_of_text_needs_no_recognition():
    assert not needs_recognition([page_of("Мемлекеттің заңдық жауапкершілігі туралы мәселе. " * 5)])


def test_a_page_whose_only_text_is_a_stamp_needs_recognition():
    assert is_stamp("Scanned with CamScanner")
    assert needs_recognition([page_of("Scanned with CamScanner")])


def test_recognised_lines_sized_near_the_body_size_take_it_and_a_heading_keeps_its_own():
    page = page_of(
        "реттейтін нормалар", "жауапкершілігіне қатысты", "Мемлекеттің жауапкершілігі", sizes=[12, 10, 13]
    )
    even_line_sizes([page], 11)
    assert [line.size for line in page.lines] == [11, 11, 13]


def test_the_text_a_scan_draws_is_taken_out_before_recognition():
    document = pdfium.PdfDocument(without_text(pdf_bytes("Scanned with CamScanner")))
    assert document[0].get_textpage().count_chars() == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kk-scan.pdf", "kk-scan-camscanner.pdf"])
def test_a_phone_scan_is_recognised_in_kazakh(samples, name):
    progress = []
    document = read(
        (samples / name).read_bytes(), name, progress=lambda done, total: progress.append((done, total))
    )
    text = " ".join(p.text for p in document.parts)
    assert document.recognised and progress[-1] == (2, 2)
    assert "жауапкершілігі" in text
    assert "CamScanner" not in text
    assert all(isinstance(word, str) for word in document.low_confidence_words)
    assert [d.reason for d in document.dropped if "CamScanner" in d.text] in ([], ["stamp", "stamp"])


@pytest.mark.slow
def test_a_phone_scans_paragraphs_come_through_whole_to_be_cited(samples):
    path = samples / "kk-scan.pdf"
    document = read(path.read_bytes(), path.name)
    result = score(document, truth(path), page_count=2)
    assert (result.paragraphs_intact, result.headings_right) == (result.paragraphs, result.headings)
    assert result.pages_right == result.pages_checked
