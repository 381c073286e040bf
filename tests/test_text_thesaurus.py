"""Query words naming a known term in one language, and its phrases in the others."""

import json
from pathlib import Path

import pytest

from legalkb.text.analysis import tokenize
from legalkb.text.thesaurus import MAX_TERM_WORDS, Expansion, Thesaurus

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


# A query's cost is bounded whatever editors save


def counted_matches(monkeypatch):
    """The number of times the thesaurus compares a pattern with query words, as it runs."""
    from legalkb.text import thesaurus

    calls = []
    compare = thesaurus._matches
    monkeypatch.setattr(thesaurus, "_matches", lambda *args: calls.append(1) or compare(*args))
    return calls


def comparisons(monkeypatch, thesaurus, query):
    calls = counted_matches(monkeypatch)
    thesaurus.expand(words(query))
    return len(calls)


def test_an_entry_of_5000_aliases_costs_a_query_what_one_of_100_costs(monkeypatch):
    aliases = [f"мемлекет сөзі{i}" for i in range(5000)]

    with_100 = comparisons(monkeypatch, Thesaurus([[*STATE, *aliases[:100]]]), "мемлекет сөзі1")
    with_5000 = comparisons(monkeypatch, Thesaurus([[*STATE, *aliases]]), "мемлекет сөзі1")

    assert with_5000 == with_100
    added = Thesaurus([[*STATE, *aliases]]).expand(words("мемлекет"))[0].added
    assert added[:2] == ("государство", "state") and len(added) < 20


def test_5000_terms_sharing_a_first_word_cost_a_query_what_1000_cost(monkeypatch):
    groups = [[f"мемлекет термині{i}", f"term{i}"] for i in range(5000)]
    query = "мемлекет термині1 " * 8

    assert comparisons(monkeypatch, Thesaurus(groups), query) == comparisons(
        monkeypatch, Thesaurus(groups[:1000]), query
    )


def test_a_phrase_of_more_words_than_a_term_has_is_not_matched():
    long_phrase = " ".join(["мемлекеттік"] * (MAX_TERM_WORDS + 1))

    assert Thesaurus([[long_phrase, "state"]]).expand(words(long_phrase)) == []
