import codecs
import pickle
import re

import pytest
from conftest import ABSTRACT, ARTICLE

from legalkb.text.normalize import fold_lookalikes, remove_soft_hyphens
from legalkb.text.pipeline import UTF8, SourceFileError, decode_source, passage_languages, read_document

WORD = re.compile(r"[^\W_]+")
# A paragraph of each seed text: Kazakh typed with Latin look-alikes (ə is Latin too, and
# KZ-1048 has only the Cyrillic ә), Kazakh typed clean, and the article's Russian opening.
ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8")
KAZAKH_LOOKALIKES = ARTICLE_TEXT[ARTICLE_TEXT.index("Мемлекеттiк бacқaру") :][:345].replace("ə", "ә")
KAZAKH = ABSTRACT.read_text(encoding="utf-8")[:400]
RUSSIAN = ARTICLE_TEXT[: ARTICLE_TEXT.index("Құқықтық")]
# Russian legal prose: the Constitution of Kazakhstan in Russian, article 1
RUSSIAN_CONSTITUTION = (
    "Республика Казахстан утверждает себя демократическим, светским, правовым и социальным государством, "
    "высшими ценностями которого являются человек, его жизнь, права и свободы."
)


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
    "data, code, message",
    [
        (b"", "empty", "The file is empty"),
        (b"   \n\n", "empty", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "binary, not text"),
        (b"12345 !!! ???", "no_words", "no words"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, code, message):
    with pytest.raises(SourceFileError, match=message) as refused:
        read_document(data)
    assert refused.value.code == code


def test_a_utf8_byte_order_mark_is_dropped():
    assert read_document("\ufeffМемлекет және құқық.".encode()).raw_text == "Мемлекет және құқық."


@pytest.mark.parametrize(
    "text, codec, encoding, certain",
    [
        (KAZAKH, "utf-8", "utf-8", True),
        (KAZAKH, "utf-8-sig", "utf-8", True),
        (KAZAKH, "utf-16", "utf-16-le", True),
        (KAZAKH_LOOKALIKES, "utf-16", "utf-16-le", True),
        (KAZAKH, "utf-16-le", "utf-16-le", False),
        (KAZAKH_LOOKALIKES, "utf-16-le", "utf-16-le", False),
        (KAZAKH, "utf-16-be", "utf-16-be", False),
        (RUSSIAN, "utf-16-be", "utf-16-be", False),
        (KAZAKH, "kz1048", "kz1048", False),
        (KAZAKH_LOOKALIKES, "kz1048", "kz1048", False),
        (RUSSIAN, "cp1251", "cp1251", False),
        (RUSSIAN_CONSTITUTION, "cp1251", "cp1251", False),
    ],
)
def test_a_text_file_is_read_in_its_encoding(text, codec, encoding, certain):
    decoded, used = decode_source(text.encode(codec))
    assert decoded == text
    assert (used.name, used.certain) == (encoding, certain)


def test_a_big_endian_utf16_byte_order_mark_is_read():
    assert decode_source(codecs.BOM_UTF16_BE + KAZAKH.encode("utf-16-be"))[0] == KAZAKH


def test_russian_text_reads_the_same_in_windows_1251_and_kz1048_and_is_called_windows_1251():
    assert decode_source(RUSSIAN_CONSTITUTION.encode("kz1048"))[1].name == "cp1251"


def test_an_encoding_has_the_name_editors_know_it_by():
    assert decode_source(KAZAKH.encode("kz1048"))[1].label == "KZ-1048"
    assert decode_source(RUSSIAN.encode("cp1251"))[1].label == "Windows-1251"
    assert decode_source(KAZAKH.encode("utf-16-le"))[1].label == "UTF-16 LE"


@pytest.mark.parametrize(
    "data, code",
    [
        ("Café au lait, s'il vous plaît, merci beaucoup".encode("latin-1"), "unknown_encoding"),
        (RUSSIAN_CONSTITUTION.encode("koi8-r"), "unknown_encoding"),
        (RUSSIAN_CONSTITUTION.encode("cp866"), "unknown_encoding"),
        # PT154, another Kazakh code page: its Kazakh letters stand where KZ-1048 has others
        (KAZAKH_LOOKALIKES.encode("ptcp154"), "ambiguous_encoding"),
        # Kazakh saved as Windows-1251, which has no place for its letters
        (KAZAKH.encode("cp1251", errors="replace"), "lost_letters"),
    ],
    ids=["latin-1", "koi8-r", "cp866", "pt154", "kazakh-in-cp1251"],
)
def test_a_file_in_another_or_an_undecidable_encoding_is_refused_with_what_to_do(data, code):
    with pytest.raises(SourceFileError, match="(?i)save (it|the original document) as UTF-8") as refused:
        decode_source(data)
    assert refused.value.code == code


def test_lost_letters_are_shown_in_a_word_of_the_file():
    with pytest.raises(SourceFileError, match="«\\?аза\\?стан»"):
        decode_source(KAZAKH.encode("cp1251", errors="replace"))


def test_a_refusal_keeps_its_code_and_params_through_pickling():
    error = SourceFileError("already_imported", title="Мақала")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.params, str(copy)) == ("already_imported", {"title": "Мақала"}, str(error))
    assert str(error) == "This file is already imported as «Мақала»."


def test_a_russian_paragraph_without_function_words_is_russian_among_kazakh_ones():
    text = (
        "Мемлекеттің жауапкершілігі туралы мәселе құқық теориясы үшін ғана емес.\n\n"
        "Правовое государство предполагает верховенство закона.\n\n"
        "Жауапкершілік институты екі жақты мақсатқа ие.\n"
    )
    assert [p.language for p in read_document(text.encode()).passages] == ["kk", "ru", "kk"]


def test_a_passage_whose_words_do_not_tell_takes_its_neighbours_language():
    text = (
        "Республика Казахстан утверждает себя демократическим, светским, правовым государством.\n\n"
        "Конституция 1995\n\n"
        "Высшими ценностями государства являются человек, его жизнь, права и свободы.\n"
    )
    document = read_document(text.encode())
    assert [p.language for p in document.passages] == ["ru", "ru", "ru"]
    assert document.language == "ru"


@pytest.mark.parametrize("path", [ABSTRACT, ARTICLE], ids=["abstract", "article"])
def test_the_seed_texts_have_no_form_feeds_so_their_passages_have_no_pages(path):
    document = read_document(path.read_bytes())
    assert "\f" not in document.raw_text
    assert {(p.page_start, p.page_end) for p in document.passages} == {(None, None)}


def test_the_seed_texts_keep_their_passages():
    assert [len(read_document(path.read_bytes()).passages) for path in (ABSTRACT, ARTICLE)] == [14, 40]


def test_pages_are_counted_from_form_feeds():
    text = "Бірінші бет.\n\fЕкінші бет осында басталып,\n\fүшінші бетте аяқталады.\n"
    passages = read_document(text.encode()).passages
    assert [(p.page_start, p.page_end) for p in passages] == [(1, 1), (2, 3)]


KAZAKH_SENTENCE = "Мемлекет азаматтың құқықтары мен бостандықтарын қорғауға міндетті."
RUSSIAN_SENTENCE = "Государство обязано защищать права и свободы гражданина."


def test_passage_languages_are_told_again_from_their_words():
    texts = [KAZAKH_SENTENCE, RUSSIAN_SENTENCE]
    assert passage_languages(texts, [False, False], [None, None]) == ["kk", "ru"]


def test_told_again_a_passage_whose_words_do_not_tell_takes_its_neighbours_language():
    texts = [RUSSIAN_SENTENCE, "1998", KAZAKH_SENTENCE]
    assert passage_languages(texts, [False, False, False], [None, None, None]) == ["ru", "ru", "kk"]


def test_a_settled_language_is_kept_and_told_to_its_neighbours():
    texts = ["1998", KAZAKH_SENTENCE]
    assert passage_languages(texts, [False, False], ["ru", None]) == ["ru", "kk"]
    assert passage_languages([KAZAKH_SENTENCE, "1998"], [False, False], ["ru", None]) == ["ru", "ru"]


def test_a_utf8_file_cut_inside_its_last_letter_is_read_without_it():
    data = "Мемлекет және құқық".encode()[:-1]
    assert decode_source(data) == ("Мемлекет және құқы", UTF8)
