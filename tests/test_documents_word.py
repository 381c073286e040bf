"""Word documents: real .docx files made with python-docx, and the sample article LibreOffice
saved as .docx (footnotes, table)."""

import pytest
from test_formats import docx_bomb, docx_bytes

from legalkb.documents import read
from legalkb.documents.document import PartKind
from legalkb.documents.limits import MAX_UNPACKED_BYTES
from legalkb.documents.word import MAX_PARAGRAPHS
from legalkb.text.pipeline import SourceFileError


def test_heading_styles_make_headings_and_section_paths():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Мемлекет және құқық", level=1)
    document.add_heading("Жауапкершілік", level=2)
    document.add_paragraph("Мемлекеттің заңдық жауапкершілігі құқықтық мемлекеттің белгісі.")
    buffer = io.BytesIO()
    document.save(buffer)
    parts = read(buffer.getvalue(), "article.docx").parts
    assert [(p.kind, p.level) for p in parts] == [
        (PartKind.HEADING, 1),
        (PartKind.HEADING, 2),
        (PartKind.PARAGRAPH, 0),
    ]
    assert parts[2].section == ("Мемлекет және құқық", "Жауапкершілік")


def test_a_document_of_too_many_empty_paragraphs_is_refused_as_it_streams():
    data = docx_bomb(MAX_UNPACKED_BYTES // 5)  # 1.7 million empty paragraphs
    with pytest.raises(SourceFileError) as refused:
        read(data, "bomb.docx")
    assert refused.value.code == "docx_too_many_paragraphs"
    assert refused.value.params == {"limit": MAX_PARAGRAPHS}


def test_a_document_that_unpacks_too_large_is_refused_from_its_zip_directory():
    with pytest.raises(SourceFileError) as refused:
        read(docx_bomb(MAX_UNPACKED_BYTES + 1), "bomb.docx")
    assert refused.value.code == "docx_unpacks_too_large"


@pytest.mark.slow
def test_footnotes_are_attached_at_their_marks_and_the_table_kept(samples):
    document = read((samples / "kk-article.docx").read_bytes(), "kk-article.docx")
    noted = [p for p in document.parts if p.notes]
    assert [n.mark for p in noted for n in p.notes] == ["1", "2", "3"]
    first = noted[0].notes[0]
    assert noted[0].text[first.offset - 1].isalpha()
    assert [p.rows[0] for p in document.parts if p.kind == PartKind.TABLE] == [
        ("Жауапкершілік түрі", "Негізі", "Салдары")
    ]


@pytest.mark.slow
def test_the_article_page_gives_its_front_matter_and_references(samples):
    document = read((samples / "kk-article.docx").read_bytes(), "kk-article.docx")
    assert document.front.kind == "article"
    assert document.front.journal == "ҚазҰУ хабаршысы. Заң сериясы"
    assert set(document.front.keywords) == {"kk", "ru", "en"}
    assert len(document.references) == 4
    assert not any("Түйін" in p.text for p in document.parts)


def test_a_damaged_word_document_is_refused():
    with pytest.raises(SourceFileError) as refused:
        read(docx_bytes("Мемлекет.")[:2000], "broken.docx")
    assert refused.value.code == "damaged_docx"
