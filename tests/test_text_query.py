"""Parsing what a reader types: words, "phrases", -exclusions; any input is a query."""

from legalkb.text.query import (
    MAX_PHRASE_WORDS,
    MAX_QUERY_CHARS,
    MAX_WORD_CHARS,
    MAX_WORDS,
    Limit,
    clean_query,
    parse_query,
)


def test_words_phrases_and_exclusions_are_told_apart():
    parsed = parse_query('заңды "білу презумпциясы" -кінәлілік -"оң жауапкершілік"')
    assert [u.words for u in parsed.words] == [("заңды",)]
    assert [u.words for u in parsed.phrases] == [("білу", "презумпциясы")]
    assert [u.words for u in parsed.excluded] == [("кінәлілік",), ("оң", "жауапкершілік")]


def test_typographic_quotes_make_a_phrase_and_an_unpaired_quote_is_dropped():
    assert parse_query("«заң үстемдігі»").phrases[0].words == ("заң", "үстемдігі")
    assert clean_query('"заң үстемдігі') == " заң үстемдігі"


def test_lookalike_letters_in_a_query_are_folded():
    assert parse_query("кiнəлiлiк").words[0].words == ("кінәлілік",)


def test_an_initial_and_a_surname_stay_one_unit():
    assert parse_query("К.Мәсімов").words[0].words == ("к", "мәсімов")


def test_boolean_operators_between_words_are_ignored_but_a_lone_one_is_a_word():
    assert [u.text for u in parse_query("заң AND құқық").words] == ["заң", "құқық"]
    assert [u.text for u in parse_query("AND").words] == ["AND"]


def test_stopwords_are_marked_and_all_words_are_listed_for_highlighting():
    parsed = parse_query('мемлекет және "азамат алдындағы"')
    assert [u.is_stopword for u in parsed.words] == [False, True]
    assert parsed.all_words() == ["мемлекет", "және", "азамат", "алдындағы"]


def test_control_characters_and_empty_input_are_harmless():
    assert parse_query("заң\x00\x07").words[0].words == ("заң",)
    assert parse_query("").is_empty and parse_query('""').is_empty


def test_a_pasted_page_is_cut_to_a_bounded_query_and_says_so():
    parsed = parse_query("сөз " * 100)
    assert len(parsed.words) == MAX_WORDS
    assert parsed.limits == {Limit.TOO_MANY_WORDS}


def test_a_long_quoted_phrase_keeps_its_first_words():
    parsed = parse_query('"' + "а " * 999 + '"')
    assert parsed.phrases[0].words == ("а",) * MAX_PHRASE_WORDS
    assert parsed.limits == {Limit.LONG_PHRASE}


def test_a_word_longer_than_any_word_is_left_out_and_the_rest_searched():
    parsed = parse_query("ж" * 1900 + " заң")
    assert [u.words for u in parsed.words] == [("заң",)]
    assert parsed.limits == {Limit.LONG_WORD}


def test_a_word_of_the_longest_length_is_kept():
    assert parse_query("ж" * MAX_WORD_CHARS).words[0].words == ("ж" * MAX_WORD_CHARS,)


def test_an_ordinary_query_has_no_limits():
    assert parse_query('мемлекеттің "заңды жауапкершілігі" -қылмыс').limits == set()


def test_a_query_is_read_up_to_its_first_2000_characters_and_says_so():
    parsed = parse_query("заң " + "." * MAX_QUERY_CHARS + " мемлекет")

    assert [u.words for u in parsed.words] == [("заң",)] and Limit.LONG_QUERY in parsed.limits
