"""Closest known forms of a query word the index does not know."""

import pytest

from legalkb.text.typos import MAX_FORMS, candidate_prefixes, closest_forms, max_edits

# Indexed words of the seed texts with the number of passages holding each.
INDEXED = {
    "дараландыру": 2,
    "дараландыруды": 1,
    "дербестендіру": 1,
    "презумпциясы": 3,
    "презумпция": 1,
    "прокуратура": 1,
    "жауапкершілік": 20,
    "жауапкершілігі": 25,
    "жауапкершілікке": 8,
    "жауапты": 3,
    "жауап": 2,
    "заңдық": 12,
    "заңдылық": 6,
}


@pytest.mark.parametrize(
    "word, edits",
    [("іс", 0), ("заң", 0), ("құқк", 1), ("заңдлық", 1), ("презумция", 2), ("дараландру", 2)],
)
def test_the_edits_allowed_grow_with_the_words_length(word, edits):
    assert max_edits(word) == edits


@pytest.mark.parametrize(
    "typo, correction",
    [
        ("дараландру", "дараландыру"),
        ("презумция", "презумпциясы"),  # compared by stems: презумция / презумпция
        ("жауапкершлік", "жауапкершілік"),
        ("jauapkershlik", "жауапкершілік"),  # a typo in Latin letters
    ],
)
def test_a_typo_is_searched_as_its_closest_known_forms(typo, correction):
    assert correction in closest_forms(typo, INDEXED)


def test_forms_come_closest_first_then_most_frequent():
    forms = closest_forms("жауапкершлік", INDEXED)
    assert forms[:2] == ["жауапкершілігі", "жауапкершілік"]  # both one edit, 25 and 20 passages


def test_at_most_a_few_forms_are_returned():
    assert len(closest_forms("жауапкершлік", INDEXED, limit=2)) == 2
    assert len(closest_forms("жауапкершлік", {f"жауапкершілік{i}": 1 for i in range(9)})) <= MAX_FORMS


def test_nothing_beyond_the_allowed_edits_is_offered():
    assert closest_forms("дербестік", INDEXED) == []


def test_short_words_are_never_corrected():
    assert closest_forms("заі", {"заң": 40}) == []


def test_a_privative_word_is_never_corrected_to_its_antonym():
    assert closest_forms("жауапсыз", INDEXED) == []
    assert closest_forms("кінәсіздік", {"кінәлілік": 2}) == []


def test_a_negated_verb_is_never_corrected_to_the_positive_one_nor_the_reverse():
    assert closest_forms("орындамаған", {"орындаған": 3}) == []
    assert closest_forms("орындаған", {"орындамаған": 3}) == []
    assert closest_forms("орындамағн", {"орындамаған": 3, "орындаған": 9}) == ["орындамаған"]


def test_a_negated_verb_typed_in_latin_is_never_corrected_to_the_positive_one():
    assert closest_forms("oryndamağan", {"орындаған": 3}) == []
    assert closest_forms("oryndagan", {"орындамаған": 3}) == []


@pytest.mark.parametrize("typed", ["bölınısı", "bolinisi", "болиниси"])
def test_a_word_is_corrected_alike_in_every_script(typed):
    indexed = {"бөлінді": 2, "бөлігі": 3, "болып": 40, "бөлінуі": 1}
    assert closest_forms(typed, indexed) == closest_forms("бөлінісі", indexed) != []


def test_the_engine_is_asked_for_the_words_under_the_first_two_letters_in_any_script():
    assert candidate_prefixes("жауапкершлік") == ("жа", "жә")
    assert candidate_prefixes("jauapkershlik") == ("жа", "жә")
    assert {"ка", "қа"} <= set(candidate_prefixes("кагидат"))  # typed without Kazakh letters


def test_a_word_too_short_to_correct_needs_no_candidates():
    assert candidate_prefixes("заң") == ()
