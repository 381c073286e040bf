"""Marking the words a query matched, whatever the script it was typed in."""

from legalkb.text.highlight import ELLIPSIS, highlight, mark_window

PASSAGE = "Мемлекеттің жауапкершілігі заң үстемдігі мен заңдылықты қамтамасыз етеді."


def test_inflected_forms_of_a_cyrillic_query_word_are_marked():
    assert highlight(PASSAGE, "kk", ["мемлекет"]).startswith("<mark>Мемлекеттің</mark>")


def test_a_word_typed_in_latin_marks_its_cyrillic_forms():
    assert "<mark>жауапкершілігі</mark>" in highlight(PASSAGE, "kk", ["jauapkershilik"])
    assert "<mark>заңдылықты</mark>" in highlight(PASSAGE, "kk", ["zañdylyq"])


def test_a_word_typed_without_kazakh_letters_marks_its_word_not_only_its_root():
    marked = highlight(PASSAGE, "kk", ["мемлекеттин", "жауапкершилиги"])
    assert "<mark>Мемлекеттің</mark> <mark>жауапкершілігі</mark>" in marked


def test_a_word_with_kazakh_letters_is_not_marked_by_letter_merges():
    # тіл (language) and тыл (rear) share a key; typed with і, only тіл- forms are marked.
    assert highlight("Тылы мен тілі", "kk", ["тіл"]) == "Тылы мен <mark>тілі</mark>"


def test_an_antonym_is_not_marked():
    assert "<mark>" not in highlight("Кінәлілік презумпциясы", "kk", ["kinasizdik"])


def test_everything_else_is_escaped_and_a_long_passage_is_cut_to_its_best_window():
    text = "<b>" + " сөз" * 100 + " жауапкершілігі" + " сөз" * 100
    marked = highlight(text, "kk", ["jauapkershilik"], max_chars=60)
    assert marked.startswith(ELLIPSIS) and "<mark>жауапкершілігі</mark>" in marked
    assert "<b>" not in highlight(text, "kk", ["jauapkershilik"])


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
