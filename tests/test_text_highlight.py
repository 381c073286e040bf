"""Marking the words a query matched, whatever the script it was typed in, and only those."""

from legalkb.text import highlight as highlight_module
from legalkb.text.analysis import tokenize
from legalkb.text.highlight import ELLIPSIS, Marks, highlight, mark_window
from legalkb.text.query import parse_query

PASSAGE = "Мемлекеттің жауапкершілігі заң үстемдігі мен заңдылықты қамтамасыз етеді."


def marked(text, query, **options):
    return highlight(text, "kk", Marks.of(parse_query(query)), **options).html


def test_inflected_forms_of_a_cyrillic_query_word_are_marked():
    assert marked(PASSAGE, "мемлекет").startswith("<mark>Мемлекеттің</mark>")


def test_a_word_typed_in_latin_marks_its_cyrillic_forms():
    assert "<mark>жауапкершілігі</mark>" in marked(PASSAGE, "jauapkershilik")
    assert "<mark>заңдылықты</mark>" in marked(PASSAGE, "zañdylyq")


def test_a_word_typed_without_kazakh_letters_marks_its_word_not_only_its_root():
    assert "<mark>Мемлекеттің</mark> <mark>жауапкершілігі</mark>" in marked(
        PASSAGE, "мемлекеттин жауапкершилиги"
    )


def test_a_word_with_kazakh_letters_is_not_matched_by_letter_merges():
    # тіл (language) and тыл (rear) share a key; typed with і, only тіл- forms match.
    assert marked("Тылы мен тілі", "тіл", related=False) == "Тылы мен <mark>тілі</mark>"


def test_an_antonym_is_not_marked():
    assert "<mark>" not in marked("Кінәлілік презумпциясы", "kinasizdik")


def test_a_related_form_is_marked_as_such_and_named():
    result = highlight(PASSAGE, "kk", Marks.of(parse_query("заң")))
    assert '<mark class="related">заңдылықты</mark>' in result.html and "<mark>заң</mark>" in result.html
    assert result.related_forms == ["заңдылықты"]


def test_related_forms_are_left_unmarked_when_not_asked_for():
    result = highlight(PASSAGE, "kk", Marks.of(parse_query("заң")), related=False)
    assert "<mark>заң</mark> үстемдігі мен заңдылықты" in result.html and result.related_forms == []


def test_stopwords_question_words_and_initials_are_never_marked():
    text = "Мироненко М. Б. және мемлекет қандай"
    assert (
        marked(text, "Мироненко м және мемлекет қандай")
        == "<mark>Мироненко</mark> М. Б. және <mark>мемлекет</mark> қандай"
    )


def test_a_query_of_stopwords_only_marks_them():
    assert marked("заң және құқық", "және") == "заң <mark>және</mark> құқық"


def test_a_quoted_phrase_is_marked_only_where_it_stands_whole():
    text = "Заң үстемдігі туралы. Заң мен үстемдік."
    assert (
        marked(text, '"заң үстемдігі"') == "<mark>Заң</mark> <mark>үстемдігі</mark> туралы. Заң мен үстемдік."
    )


def test_excluded_words_are_not_marked():
    assert "<mark>" not in marked("кінәлілік", "презумпция -кінәлілік")


def test_a_prefix_marks_the_words_it_begins():
    assert marked("заңды заңдылық құқық", "заң*") == "<mark>заңды</mark> <mark>заңдылық</mark> құқық"


def test_a_corrected_word_and_an_equivalent_term_are_marked():
    class Report:
        corrected, also = ["жауапкершілік"], ["заң үстемдігі"]

    html = highlight(PASSAGE, "kk", Marks.of(parse_query("жауапкершлик"), [Report()])).html
    assert "<mark>жауапкершілігі</mark> <mark>заң</mark> <mark>үстемдігі</mark>" in html


def test_everything_else_is_escaped_and_a_long_passage_is_cut_to_its_best_window():
    text = "<b>" + " сөз" * 100 + " жауапкершілігі" + " сөз" * 100
    html = marked(text, "jauapkershilik", max_chars=60)
    assert html.startswith(ELLIPSIS) and "<mark>жауапкершілігі</mark>" in html
    assert "<b>" not in marked(text, "jauapkershilik")


def test_the_snippet_is_the_stretch_holding_the_most_different_words():
    text = "мемлекет " * 20 + "сөз " * 60 + "мемлекет жауапкершілігі " + "сөз " * 60
    html = marked(text, "мемлекет жауапкершілігі", max_chars=80)
    assert "<mark>мемлекет</mark> <mark>жауапкершілігі</mark>" in html


FILLER = " ".join(f"сөз{n}" for n in range(100))
TEXT = f"{FILLER} заңдылық қағидаты {FILLER}"


def test_a_short_text_is_marked_whole():
    assert mark_window("Заңдылық <қағидаты>", [(0, 8)], 300) == "<mark>Заңдылық</mark> &lt;қағидаты&gt;"


def test_a_long_text_is_cut_around_the_marked_span_with_ellipses():
    start = TEXT.index("заңдылық")

    html = mark_window(TEXT, [(start, start + len("заңдылық қағидаты"))], 120)

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>заңдылық қағидаты</mark>" in html
    assert len(html) < 160


def test_without_spans_the_window_is_the_start_of_the_text():
    html = mark_window(TEXT, [], 50)

    assert html.startswith("сөз0 сөз1") and html.endswith("…")


def test_a_passage_highlighted_again_is_not_tokenized_again(monkeypatch):
    tokenized = []
    monkeypatch.setattr(highlight_module, "tokenize", lambda text: tokenized.append(text) or tokenize(text))
    highlight_module._analysed.cache_clear()

    first, again = marked(PASSAGE, "жауапкершілік"), marked(PASSAGE, "үстемдік")

    assert tokenized == [PASSAGE]
    assert first.count("<mark>") == 1 and "<mark>жауапкершілігі</mark>" in first
    assert again.count("<mark>") == 1 and "<mark>үстемдігі</mark>" in again
