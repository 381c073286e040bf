"""Annotation anchors found again after a passage's text is edited."""

from legalkb.text.anchoring import Anchor, anchor_at, mark_spans, reanchor

TEXT = "Құқықтық мемлекет — заңның үстемдігі. Заңның үстемдігі азаматтың құқықтарын қорғайды."


def anchor_on(text, quote, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return anchor_at(text, start, start + len(quote))


def test_an_anchor_keeps_its_quote_offsets_and_up_to_32_characters_of_context():
    anchor = anchor_on(TEXT, "заңның үстемдігі")
    assert anchor == Anchor(
        quote="заңның үстемдігі",
        start=20,
        end=36,
        prefix="Құқықтық мемлекет — ",
        suffix=". Заңның үстемдігі азаматтың құқ",
    )
    assert len(anchor.suffix) == 32


def test_an_unchanged_text_keeps_the_anchor_where_it_was():
    anchor = anchor_on(TEXT, "азаматтың")
    assert reanchor(TEXT, anchor) == anchor


def test_text_inserted_before_the_quote_moves_the_anchor_with_it():
    anchor = anchor_on(TEXT, "азаматтың")
    edited = "Кіріспе. " + TEXT
    moved = reanchor(edited, anchor)
    assert edited[moved.start : moved.end] == "азаматтың"
    assert moved.start == anchor.start + len("Кіріспе. ")


def test_a_repeated_quote_is_found_where_its_old_context_still_stands():
    second = anchor_on(TEXT.lower(), "заңның үстемдігі", occurrence=1)
    edited = "Алғы сөз. " + TEXT.lower()
    moved = reanchor(edited, second)
    assert moved.start == second.start + len("Алғы сөз. ")
    assert moved.prefix.endswith("заңның үстемдігі. ")


def test_an_edited_quote_is_found_between_its_intact_prefix_and_suffix():
    anchor = anchor_on(TEXT, "азаматтың құқықтарын")
    edited = TEXT.replace("азаматтың құқықтарын", "азаматтың құқықтары мен бостандықтарын")
    moved = reanchor(edited, anchor)
    assert moved.quote == "азаматтың құқықтары мен бостандықтарын"
    assert edited[moved.start : moved.end] == moved.quote


def test_a_quote_at_the_start_is_found_after_the_start_was_edited():
    anchor = anchor_on(TEXT, "Құқықтық мемлекет")
    moved = reanchor(TEXT.replace("Құқықтық мемлекет", "Құқықтық демократиялық мемлекет"), anchor)
    assert moved.quote == "Құқықтық демократиялық мемлекет"
    assert moved.start == 0


def test_a_quote_whose_words_and_context_are_gone_is_orphaned():
    anchor = anchor_on(TEXT, "азаматтың құқықтарын")
    assert reanchor("Мүлдем басқа мәтін.", anchor) is None


def test_a_quote_edited_beyond_recognition_is_orphaned_not_stretched():
    anchor = anchor_on(TEXT, "азаматтың")
    edited = TEXT.replace("азаматтың", "әрбір адамның, қоғамның және мемлекеттің")
    assert reanchor(edited, anchor) is None


def test_spans_are_marked_on_escaped_text():
    html = mark_spans("a <b> & c", [(2, 5, 7)])
    assert html == 'a <mark class="annotation" data-annotations="7">&lt;b&gt;</mark> &amp; c'


def test_overlapping_spans_mark_each_segment_with_every_annotation_over_it():
    html = mark_spans("abcdef", [(0, 4, 1), (2, 6, 2)])
    assert html == (
        '<mark class="annotation" data-annotations="1">ab</mark>'
        '<mark class="annotation" data-annotations="1 2">cd</mark>'
        '<mark class="annotation" data-annotations="2">ef</mark>'
    )


def test_text_without_spans_is_only_escaped():
    assert mark_spans("<p>", []) == "&lt;p&gt;"


def test_insertions_stand_where_they_are_given_and_split_a_marked_span():
    html = mark_spans("құқық<мемлекет", [(0, 14, 1)], [(5, "<sup>1</sup>"), (14, "<sup>2</sup>")])
    assert html == (
        '<mark class="annotation" data-annotations="1">құқық</mark><sup>1</sup>'
        '<mark class="annotation" data-annotations="1">&lt;мемлекет</mark><sup>2</sup>'
    )


def test_an_insertion_beyond_the_text_stands_at_its_end():
    assert mark_spans("сөз", [], [(99, "<sup>1</sup>")]) == "сөз<sup>1</sup>"


def test_links_wrap_the_marks_of_their_words():
    html = mark_spans("see art. 1 now", [(0, 8, 3)], links=[(4, 10, "/acts/constitution/")])
    assert html == (
        '<mark class="annotation" data-annotations="3">see </mark>'
        '<a class="cited-act" href="/acts/constitution/"><mark class="annotation" data-annotations="3">'
        "art.</mark></a>"
        '<a class="cited-act" href="/acts/constitution/"> 1</a> now'
    )
