"""Parsing what a reader types: the query language; any input is a query."""

import pytest

from legalkb.text.query import (
    MAX_DEPTH,
    MAX_PHRASE_WORDS,
    MAX_QUERY_CHARS,
    MAX_SLOP,
    MAX_WORD_CHARS,
    MAX_WORDS,
    All,
    Any,
    Field,
    Limit,
    Note,
    Unit,
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


def test_and_between_words_is_ignored_and_a_lone_operator_is_a_word():
    assert [u.text for u in parse_query("заң AND құқық").words] == ["заң", "құқық"]
    assert [u.text for u in parse_query("AND").words] == ["AND"]
    assert [u.text for u in parse_query("OR").words] == ["OR"]


def test_not_and_minus_exclude():
    parsed = parse_query("презумпция NOT кінәлілік -жаза")
    assert [u.text for u in parsed.words] == ["презумпция"]
    assert [u.text for u in parsed.excluded] == ["кінәлілік", "жаза"]


def test_or_joins_its_neighbours_only():
    parsed = parse_query("мемлекет заң OR құқық жауапкершілік")
    assert [type(c).__name__ for c in parsed.clauses] == ["Unit", "Any", "Unit"]
    assert [u.text for u in parsed.clauses[1].clauses] == ["заң", "құқық"]


def test_parentheses_group_alternatives_and_requirements():
    parsed = parse_query("(заң OR құқық) (мемлекет NOT азамат)")
    assert isinstance(parsed.clauses[0], Any)
    group = parsed.clauses[1]
    assert isinstance(group, All) and [type(c).__name__ for c in group.clauses] == ["Unit", "Not"]


def test_a_phrase_may_allow_words_between_its_words():
    (phrase,) = parse_query('"заң үстемдігі"~5').phrases
    assert phrase.words == ("заң", "үстемдігі") and phrase.slop == 5
    assert parse_query('"заң үстемдігі"~999').phrases[0].slop == MAX_SLOP


def test_a_star_makes_a_prefix():
    (unit,) = parse_query("заң*").words
    assert unit.prefix and unit.words == ("заң",) and not unit.is_stopword


def test_a_prefix_too_short_is_read_as_a_word_and_said():
    parsed = parse_query("за*")
    assert [(u.words, u.prefix) for u in parsed.words] == [(("за",), False)]
    assert parsed.notes == [(Note.SHORT_PREFIX, "за*")]


@pytest.mark.parametrize(
    "typed, field",
    [
        ("author:Мәсімов", Field("author", "Мәсімов")),
        ('principle:"заң үстемдігі"', Field("principle", "заң үстемдігі")),
        ("year:2010..2015", Field("year", "2010..2015")),
        ("LANG:ru", Field("lang", "ru")),
    ],
)
def test_fields_name_a_facet_value(typed, field):
    assert parse_query(typed).clauses == [field]


def test_an_unknown_field_is_searched_as_words_and_said():
    parsed = parse_query("foo:заң")
    assert [u.words for u in parsed.words] == [("foo", "заң")]
    assert parsed.notes == [(Note.UNKNOWN_FIELD, "foo")]


@pytest.mark.parametrize(
    "typed, note",
    [
        ("(заң құқық", Note.UNPAIRED_PARENTHESIS),
        ("заң ) құқық", Note.UNPAIRED_PARENTHESIS),
        ("заң OR", Note.DANGLING_OPERATOR),
        ("заң NOT", Note.DANGLING_OPERATOR),
        ('"заң құқық', Note.UNPAIRED_QUOTE),
        ("-заң", Note.ONLY_EXCLUDED),
    ],
)
def test_a_malformed_query_is_read_as_well_as_it_can_be_and_says_how(typed, note):
    parsed = parse_query(typed)
    assert [n for n, _ in parsed.notes] == [note]
    assert "заң" in [w for u in parsed.units() + parsed.excluded for w in u.words]


def test_parentheses_nested_too_deep_are_read_as_absent():
    parsed = parse_query("(" * 900 + "заң" + ")" * 900)
    assert [u.words for u in parsed.units()] == [("заң",)]
    assert Limit.DEEP in parsed.limits
    assert MAX_DEPTH < 900


def test_question_words_stopwords_and_initials_only_add_to_the_score():
    parsed = parse_query("мемлекет және қандай М.")
    assert [u.is_stopword for u in parsed.words] == [False, True, True, True]


def test_every_unit_asked_for_is_listed_but_not_the_excluded_ones():
    parsed = parse_query('мемлекет "азамат алдындағы" (заң OR құқық) -жаза')
    assert [u.text for u in parsed.units()] == ["мемлекет", "азамат алдындағы", "заң", "құқық"]
    assert isinstance(parsed.units()[1], Unit) and parsed.units()[1].quoted


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
