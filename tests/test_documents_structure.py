"""A reader's blocks into a Document (legalkb.documents.structure)."""

from legalkb.documents.document import PartKind
from legalkb.documents.structure import Block, make_document


def document_of(*texts):
    return make_document([Block(PartKind.PARAGRAPH, text) for text in texts], "\n".join(texts), "digest")


def test_words_with_letters_neither_kazakh_nor_russian_writes_are_shown_to_the_editor():
    document = document_of("Мемлекеттіђ заңдыќ жауапкершілігі құқықтық мемлекеттің белгісі.")
    assert [(n.code, n.params) for n in document.notices] == [
        ("odd_letters", {"words": "Мемлекеттіђ, заңдыќ", "count": 2})
    ]


def test_kazakh_and_russian_letters_raise_no_notice():
    document = document_of("Әділет қағидаты ұлттық құқықта өз көрінісін табады.", "Ёмкость правовых норм.")
    assert document.notices == []
