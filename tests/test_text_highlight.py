from legalkb.text.highlight import mark_window

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
