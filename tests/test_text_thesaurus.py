"""Query words naming a known term in one language, and its phrases in the others."""

import json
from pathlib import Path

import pytest

from legalkb.text.analysis import tokenize
from legalkb.text.thesaurus import Expansion, Thesaurus

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GLOSSARY = json.loads((FIXTURES / "glossary.json").read_text(encoding="utf-8"))
TAXONOMY = json.loads((FIXTURES / "taxonomy.json").read_text(encoding="utf-8"))

LEGALITY = ["заңдылық қағидаты", "принцип законности", "principle of legality"]
STATE = ["мемлекет", "государство", "state"]


def words(text):
    return [token.text for token in tokenize(text)]


def test_a_phrase_of_the_query_brings_the_groups_other_phrases():
    (expansion,) = Thesaurus([LEGALITY]).expand(words("принцип законности"))
    assert expansion == Expansion(
        0, 2, "принцип законности", "принцип законности", ("заңдылық қағидаты", "principle of legality")
    )


def test_phrases_match_in_any_inflection():
    (expansion,) = Thesaurus([LEGALITY]).expand(words("заңдылық қағидатының бұзылуы"))
    assert (expansion.start, expansion.end, expansion.phrase) == (0, 2, "заңдылық қағидаты")


def test_a_kazakh_phrase_typed_in_latin_is_matched_by_key():
    (expansion,) = Thesaurus([LEGALITY]).expand(words("zañdylyq qağidaty"))
    assert expansion.phrase == "заңдылық қағидаты"
    assert expansion.added == ("принцип законности", "principle of legality")


def test_english_words_match_by_their_english_stem():
    (expansion,) = Thesaurus([["мемлекеттің жауапкершілігі", "responsibility of the state"]]).expand(
        words("responsibilities of the state")
    )
    assert expansion.added == ("мемлекеттің жауапкершілігі",)


def test_the_longest_phrase_wins_and_matches_never_overlap():
    thesaurus = Thesaurus([LEGALITY, ["заңдылық", "законность", "legality"], STATE])
    found = thesaurus.expand(words("принцип законности государства"))
    spans = [(e.start, e.end, e.phrase) for e in found]
    assert spans == [(0, 2, "принцип законности"), (2, 3, "государство")]


def test_groups_sharing_a_phrase_add_all_their_phrases_once():
    taxonomy_entry = ["Заңдылық қағидаты", "Принцип законности", "Principle of legality", "заңдылық"]
    (expansion,) = Thesaurus([LEGALITY, taxonomy_entry]).expand(words("принцип законности"))
    assert expansion.added == ("заңдылық қағидаты", "principle of legality", "заңдылық")


def test_a_parenthesis_in_a_name_is_optional():
    (expansion,) = Thesaurus([["Legal responsibility (liability)", "юридическая ответственность"]]).expand(
        words("legal responsibility")
    )
    assert expansion.added == ("юридическая ответственность",)


def test_stopwords_alone_name_no_term():
    assert Thesaurus([["дау", "спор", "dispute"]]).expand(words("да")) == []  # дау stems to да


def test_words_naming_no_term_bring_nothing():
    assert Thesaurus([LEGALITY, STATE]).expand(words("кінәлілік презумпциясы")) == []


# The shipped glossary and the taxonomy's names and aliases, as the search will pass them.
def shipped_groups():
    groups = [[entry["kk"], entry["ru"], entry["en"]] for entry in GLOSSARY]
    for entries in TAXONOMY.values():
        for entry in entries:
            names = [entry.get(f"name_{lang}") for lang in ("kk", "ru", "en")]
            groups.append([name for name in names if name] + entry.get("aliases", []))
    return groups


@pytest.fixture(scope="module")
def shipped():
    return Thesaurus(shipped_groups())


@pytest.mark.parametrize(
    "query, kazakh",
    [
        ("ответственность государства", "мемлекеттің жауапкершілігі"),
        ("принцип законности", "заңдылық қағидаты"),
        ("legal responsibility", "заңдық жауапкершілік"),
        ("юридическая ответственность", "заңдық жауапкершілік"),
        ("презумпция невиновности", "кінәсіздік презумпциясы"),
        ("коррупция", "сыбайлас жемқорлық"),
        ("dissolution of parliament", "парламентті тарату"),
        ("взяточничество", "парақорлық"),
    ],
)
def test_russian_and_english_terms_bring_their_kazakh_phrases(shipped, query, kazakh):
    (expansion,) = shipped.expand(words(query))
    assert expansion.matched == query and kazakh in expansion.added

