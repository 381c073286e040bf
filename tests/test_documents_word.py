"""Word documents: real .docx files made with python-docx, and the sample article LibreOffice
saved as .docx (footnotes, table)."""

import pytest
from made_files import docx_bomb, docx_bytes

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


def test_paragraphs_of_a_numbered_list_style_get_their_printed_numbers():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Выделяются следующие виды гарантий:")
    document.add_paragraph("экономические;", style="List Number")
    document.add_paragraph("юридические.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    parts = read(buffer.getvalue(), "article.docx").parts
    assert [(p.kind, p.text) for p in parts[1:]] == [
        (PartKind.LIST_ITEM, "1. экономические;"),
        (PartKind.LIST_ITEM, "2. юридические."),
    ]


def test_a_cell_merged_across_columns_keeps_its_text_in_its_first_slot():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Тәртіптік жазалар туралы деректер.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Жаза түрі"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Қолданылған жағдайлар"
    for cell, text in zip(table.rows[1].cells, ("Ескерту", "412", "455"), strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    [part] = [p for p in read(buffer.getvalue(), "article.docx").parts if p.kind == PartKind.TABLE]
    assert part.rows == (("Жаза түрі", "Қолданылған жағдайлар", ""), ("Ескерту", "412", "455"))


def test_each_paragraph_of_a_running_header_is_a_line_of_its_own():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Мемлекеттің заңдық жауапкершілігі құқықтық мемлекеттің белгісі.")
    header = document.sections[0].header
    header.paragraphs[0].text = "Абай атындағы ҚазҰПУ Хабаршысы. «Заң ғылымдары» сериясы, №2 (44), 2016"
    header.add_paragraph("ISSN 1728-5496")
    buffer = io.BytesIO()
    document.save(buffer)
    dropped = read(buffer.getvalue(), "article.docx").dropped
    assert [d.text for d in dropped if d.reason == "header"] == [
        "Абай атындағы ҚазҰПУ Хабаршысы. «Заң ғылымдары» сериясы, №2 (44), 2016",
        "ISSN 1728-5496",
    ]


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
