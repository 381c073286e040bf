"""Scans: a phone scan recognised with OCRmyPDF (kaz+rus); the CamScanner stamp never kept."""

import pytest

from legalkb.documents import read
from legalkb.documents.layout import Line, Page
from legalkb.documents.ocr import is_stamp, needs_recognition


def page_of(*texts):
    lines = [Line(text=t, x0=0, x1=100, top=0, bottom=10, baseline=9, size=10, bold=False) for t in texts]
    return Page(number=1, width=600, height=800, lines=lines)


def test_a_page_of_text_needs_no_recognition():
    assert not needs_recognition([page_of("Мемлекеттің заңдық жауапкершілігі туралы мәселе. " * 5)])


def test_a_page_whose_only_text_is_a_stamp_needs_recognition():
    assert is_stamp("Scanned with CamScanner")
    assert needs_recognition([page_of("Scanned with CamScanner")])


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
