"""Scans: a phone scan recognised with OCRmyPDF (kaz+rus); the CamScanner stamp never kept."""

import pypdfium2 as pdfium
import pytest
from documents_samples import truth
from made_files import pdf_bytes

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
        "Мемлекеттің жауапкершілігі",
        "реттейтін нормалар арасында мемлекеттің",
        "жауапкершілігіне қатысты ережелер ерекше",
        "мен бостандықтары жоғары құндылық ретінде",
        sizes=[14, 11, 10, 12],
    )
    assert even_line_sizes([page]) == 11
    assert [line.size for line in page.lines] == [14, 11, 11, 11]


def test_the_text_a_scan_draws_is_taken_out_before_recognition():
    document = pdfium.PdfDocument(without_text(pdf_bytes("Scanned with CamScanner")))
    assert document[0].get_textpage().count_chars() == 0


SCANS = ["kk-scan.pdf", "kk-scan-camscanner.pdf"]


@pytest.fixture(scope="module")
def scans(samples):
    """Each sample scan read once (OCR takes seconds a page), with the progress it reported."""
    return {name: read_with_progress(samples / name) for name in SCANS}


def read_with_progress(path):
    steps = []
    document = read(path.read_bytes(), path.name, progress=lambda done, total: steps.append((done, total)))
    return document, steps


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS)
def test_a_phone_scan_is_recognised_in_kazakh_with_progress(scans, name):
    document, progress = scans[name]
    assert document.recognised and progress[-1] == (2, 2)
    assert "жауапкершілігі" in " ".join(p.text for p in document.parts)
    assert all(isinstance(word, str) for word in document.low_confidence_words)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS)
def test_a_phone_scans_paragraphs_come_through_whole_to_be_cited(scans, samples, name):
    result = score(scans[name][0], truth(samples / name), page_count=2)
    assert (result.paragraphs_intact, result.headings_right) == (result.paragraphs, result.headings)
    assert result.pages_right == result.pages_checked


@pytest.mark.slow
def test_a_scanners_stamp_is_dropped_and_never_read_as_text(scans):
    document, _ = scans["kk-scan-camscanner.pdf"]
    assert "CamScanner" not in " ".join(p.text for p in document.parts)
    assert [(d.reason, d.page) for d in document.dropped if "CamScanner" in d.text] == [
        ("stamp", 1),
        ("stamp", 2),
    ]
