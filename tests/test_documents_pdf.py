"""PDFs: hand-made ones for the refusals, and the sample files of three producers."""

import pytest
from documents_lines import line_at
from documents_samples import truth
from made_files import blank_pdf_bytes, pdf_bytes, pdf_pages_bytes

from legalkb.documents import read
from legalkb.documents.document import PartKind
from legalkb.documents.limits import MAX_PDF_PAGES
from legalkb.documents.pdf import title_entries
from legalkb.text.pipeline import SourceFileError

KAZAKH_LINE = "Мемлекеттің заңдық жауапкершілігі құқықтық мемлекеттің басты белгісі болып табылады."


@pytest.mark.parametrize(
    "data, code",
    [
        (b"not a pdf at all", "not_pdf"),
        (b"%PDF-1.4\nnothing else", "damaged_pdf"),
    ],
)
def test_a_file_that_is_no_readable_pdf_is_refused(data, code):
    with pytest.raises(SourceFileError) as refused:
        read(data, "article.pdf")
    assert refused.value.code == code


def test_a_pdf_of_too_many_pages_is_refused_before_any_page_is_read():
    with pytest.raises(SourceFileError) as refused:
        read(blank_pdf_bytes(MAX_PDF_PAGES + 1), "long.pdf")
    assert refused.value.params == {"pages": MAX_PDF_PAGES + 1, "limit": MAX_PDF_PAGES}


def test_a_pdf_without_text_is_refused_when_recognition_is_off():
    with pytest.raises(SourceFileError) as refused:
        read(pdf_bytes(), "scan.pdf", ocr=False)
    assert refused.value.code == "pdf_scan_without_ocr"


def test_a_pdf_whose_only_text_is_a_scanners_stamp_is_a_scan():
    with pytest.raises(SourceFileError) as refused:
        read(pdf_bytes("Scanned with CamScanner"), "scan.pdf", ocr=False)
    assert refused.value.code == "pdf_scan_without_ocr"


def test_a_scanned_page_among_typed_ones_is_named_for_the_editor():
    import io

    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    typed = pdf_pages_bytes(*[[KAZAKH_LINE] * 12] * 2)
    picture = io.BytesIO()
    Image.new("L", (600, 800), 255).save(picture, "PDF", resolution=72)
    writer = PdfWriter()
    for part in (typed, picture.getvalue()):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    merged = io.BytesIO()
    writer.write(merged)
    document = read(merged.getvalue(), "thesis.pdf", ocr=False)
    assert [(n.code, n.params) for n in document.notices] == [("picture_pages", {"pages": "3"})]


@pytest.mark.slow
def test_kazakh_letters_from_a_fallback_font_stay_inside_their_words(samples):
    document = read((samples / "kk-web-chromium.pdf").read_bytes(), "web.pdf")
    assert document.title == "Заң үстемдігі және сот билігінің тәуелсіздігі"
    words = {w for p in truth(samples / "kk-web-chromium.pdf")["parts"] for w in p["text"].split()}
    assert [w for p in document.parts for w in p.text.split() if w not in words] == []


@pytest.mark.slow
def test_a_two_column_article_keeps_its_printed_pages_and_drops_its_journal_header(samples):
    document = read((samples / "kk-article.pdf").read_bytes(), "article.pdf")
    assert document.parts[0].label_start == "112"
    assert all("хабаршысы" not in p.text for p in document.parts)
    assert {d.reason for d in document.dropped} >= {"header", "page_number", "title"}
    assert (document.front.first_page, document.front.year, document.front.issue) == (112, 2011, "2 (58)")


@pytest.mark.slow
def test_a_dissertation_abstract_title_page_fills_the_record_and_is_no_body(samples):
    document = read((samples / "kk-abstract.pdf").read_bytes(), "abstract.pdf")
    front = document.front
    assert (front.kind, front.degree, front.speciality, front.city, front.year) == (
        "abstract",
        "candidate",
        "12.00.02",
        "Алматы",
        2010,
    )
    assert [p.family_name for p in front.opponents] == ["Бекенов", "Оспанова"]
    assert not any("Қолжазба құқығында" in p.text for p in document.parts)
    assert document.parts[0].kind == PartKind.HEADING


@pytest.mark.slow
def test_a_footnote_mark_is_taken_out_of_its_word(samples):
    document = read((samples / "kk-abstract.pdf").read_bytes(), "abstract.pdf")
    noted = next(p for p in document.parts if p.notes)
    note = noted.notes[0]
    assert (note.mark, note.page) == ("1", 3)
    assert note.text.startswith("Қазақстан Республикасының Конституциясы")
    assert noted.text[: note.offset].endswith("өзектілігі")


def title_line(text, baseline, x0, x1, bold=False):
    return line_at(text, baseline, x0, x1, size=12.0, bold=bold)


def test_title_page_lines_set_alike_and_close_are_one_entry():
    entries = title_entries(
        [
            title_line("КАЗАХСКИЙ ГУМАНИТАРНО-ЮРИДИЧЕСКИЙ", 53.7, 76.5, 357.4, bold=True),
            title_line("УНИВЕРСИТЕТ", 67.5, 170.5, 263.3, bold=True),
            title_line("УДК 342.7", 89.8, 56.8, 110.2),
            title_line("На правах рукописи", 112.1, 275.0, 377.2),
            title_line("АХМЕТОВА ДИНАРА ЕРМЕКОВНА", 134.4, 115.0, 318.9, bold=True),
        ]
    )
    assert [entry.text for entry in entries] == [
        "КАЗАХСКИЙ ГУМАНИТАРНО-ЮРИДИЧЕСКИЙ УНИВЕРСИТЕТ",
        "УДК 342.7",
        "На правах рукописи",
        "АХМЕТОВА ДИНАРА ЕРМЕКОВНА",
    ]
    assert len(entries[0].line) == 2
