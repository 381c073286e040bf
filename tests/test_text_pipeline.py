import re

import pytest
from conftest import ABSTRACT, ARTICLE

from legalkb.text.normalize import fold_lookalikes, remove_soft_hyphens
from legalkb.text.pipeline import SourceFileError, read_document

WORD = re.compile(r"[^\W_]+")


def word_characters(text):
    return "".join(WORD.findall(text))


@pytest.mark.parametrize("path", [ABSTRACT, ARTICLE], ids=["abstract", "article"])
def test_nothing_is_lost_every_word_appears_in_exactly_one_passage_in_order(path):
    document = read_document(path.read_bytes())
    folded = remove_soft_hyphens(fold_lookalikes(document.raw_text))
    assert "".join(word_characters(p.text) for p in document.passages) == word_characters(folded)


@pytest.mark.parametrize("path", [ABSTRACT, ARTICLE], ids=["abstract", "article"])
def test_passages_are_ordered_and_their_offsets_cover_their_own_words(path):
    document = read_document(path.read_bytes())
    folded = fold_lookalikes(document.raw_text)
    previous_end = 0
    for passage in document.passages:
        assert previous_end <= passage.start < passage.end
        assert word_characters(folded[passage.start : passage.end]) == word_characters(passage.text)
        previous_end = passage.end


def test_the_abstract_gets_its_glued_title_and_sentence_groups():
    document = read_document(ABSTRACT.read_bytes())
    assert document.title == "Қазақстан Республикасында тұлғаның құқық мәртебесінің негіздері"
    assert document.passages[1].text.startswith("Қазіргі кезде Қазақстанда")
    assert any("түсіндіреді. Мәселенің" in p.text for p in document.passages)
    assert 8 <= len(document.passages) <= 30


def test_the_article_is_repaired_reflowed_and_its_russian_opening_is_tagged_ru():
    document = read_document(ARTICLE.read_bytes())
    first, second = document.passages[:2]
    assert first.language == "ru" and first.text.startswith("приемлемые для Казахстана")
    assert second.language == "kk" and second.text.startswith("Құқықтық үстемдікті қалыптастыру")
    texts = " ".join(p.text for p in document.passages)
    assert "іс жүзінде" in texts
    assert "сондай-ақ өз іс-қимылдарының" in texts
    assert "жазасыз қалдыру – құқықтық деп атауға" in texts
    assert not re.search(r"[a-zə]", texts.replace("Bonn", ""))


def test_the_article_keeps_its_heading_as_a_passage_of_its_own():
    headings = [p.text for p in read_document(ARTICLE.read_bytes()).passages if p.is_heading]
    assert headings == ["Ретроспективті және оң заңдық жауапкершілік туралы"]


def test_the_repairs_are_counted():
    repairs = read_document(ARTICLE.read_bytes()).repairs
    assert repairs[("ic", "іс")] >= 3
    assert sum(repairs.values()) > 1000


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Café au lait".encode("latin-1"), "not UTF-8"),
        ("Қазақстан".encode("utf-16"), "not UTF-8"),
        (b"12345 !!! ???", "no words"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(SourceFileError, match=message):
        read_document(data)


def test_a_utf8_byte_order_mark_is_dropped():
    assert read_document("\ufeffМемлекет және құқық.".encode()).raw_text == "Мемлекет және құқық."
