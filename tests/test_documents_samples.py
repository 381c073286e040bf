"""The measurement's targets on the realistic sample files (bench.documents): counts, never
time. Text-layer files (LibreOffice, Word through LibreOffice, Chromium) and Word documents."""

import pytest
from documents_samples import truth

from bench.documents.score import score
from legalkb.documents import read

pytestmark = pytest.mark.slow

TEXT_FILES = [
    "kk-abstract.pdf",
    "ru-abstract.pdf",
    "kk-article.pdf",
    "kk-article.docx",
    "kk-typed-hyphens.pdf",
    "kk-web-chromium.pdf",
    "ru-article-word.pdf",
    "ru-article-word.docx",
    "ru-dissertation.pdf",
    "kk-journal.pdf",
    "kk-journal.docx",
]


@pytest.fixture(scope="module")
def scores(samples):
    results = {}
    for name in TEXT_FILES:
        path = samples / name
        document = read(path.read_bytes(), name)
        results[name] = score(
            document, truth(path), max((p.page_end or 0 for p in document.parts), default=0)
        )
    return results


def test_paragraphs_come_through_intact(scores):
    intact = sum(s.paragraphs_intact for s in scores.values())
    total = sum(s.paragraphs for s in scores.values())
    assert intact >= 0.95 * total


def test_headings_come_through_with_their_levels(scores):
    assert {
        name: (s.headings_right, s.headings) for name, s in scores.items() if s.headings_right < s.headings
    } == {}


def test_tables_stay_tables_across_column_and_page_breaks(scores):
    assert {name: (s.tables_right, s.tables) for name, s in scores.items() if s.tables_right < s.tables} == {}


def test_parts_know_their_physical_pages_and_printed_page_numbers(scores):
    right = sum(s.pages_right for s in scores.values())
    assert right >= 0.95 * sum(s.pages_checked for s in scores.values())


def test_no_running_header_page_number_or_title_line_is_left_in_the_body(scores):
    assert {name: s.junk_left for name, s in scores.items() if s.junk_left} == {}


def test_at_most_one_unjoined_hyphen_per_ten_pages(scores):
    for name, s in scores.items():
        assert s.hyphens_unjoined <= max(1, s.pages // 10), name


def test_footnotes_are_kept_at_their_marks(scores):
    assert sum(s.notes_kept for s in scores.values()) >= 0.9 * sum(s.notes for s in scores.values())


def test_title_page_fields_are_right(scores):
    right = sum(s.fields_right for s in scores.values())
    assert right >= 0.8 * sum(s.fields for s in scores.values())


def test_every_file_gets_its_title(scores):
    assert [name for name, s in scores.items() if not s.title_right] == []
