"""The one search function, against the real corpus and a real index, on every engine."""

import re

import pytest
from django.utils import translation

import legalkb.search
from bench.hostile import HOSTILE_QUERIES
from legalkb.models import Passage
from legalkb.search import FACETS, SearchRequest, Tier, search_passages
from legalkb.search.backends import base
from legalkb.search.backends.base import PublicLexicon, build_plan
from legalkb.search.errors import PageOutOfRange
from legalkb.search.facets import EVERY_VALUE
from legalkb.search.plan import MAX_PREFIX_TERMS, MAX_TERMS_SCANNED, MAX_WORDS_EXPLAINED
from legalkb.search.query import Phrase, Term, Values
from legalkb.text.analysis import analyse, stems
from legalkb.text.query import MAX_WORDS, parse_query

pytestmark = pytest.mark.usefixtures("search_engine")


def search(q="", **kwargs):
    return search_passages(SearchRequest(q=q, **kwargs))


def top_texts(q, n=10):
    return [hit.passage.text for hit in search(q).hits[:n]]


def test_an_inflected_query_finds_other_forms_of_the_word(corpus):
    texts = top_texts("жауапкершілікке")
    assert any("жауапкершілігінің" in t for t in texts)


def test_a_query_typed_in_cyrillic_finds_the_lookalike_typed_text(corpus):
    assert "кінәлілік презумпциясы қағидаты" in top_texts("кінәлілік презумпциясы")[0]


def test_a_query_pasted_with_lookalike_letters_is_folded(corpus):
    assert top_texts("кiнəлiлiк презумпцияcы") == top_texts("кінәлілік презумпциясы")


def test_an_author_surname_in_a_case_form_finds_the_author(corpus):
    assert "М. Б. Мироненко" in top_texts("Мироненконың")[0]


def test_russian_inflection_is_stemmed(corpus):
    assert top_texts("правовым механизмом")[0].startswith("приемлемые для Казахстана")


def test_passages_with_all_words_rank_above_passages_with_some(corpus):
    hits = search("кінәлілік презумпциясы").hits
    has_both = ["кінәлілік презумпциясы" in h.passage.text for h in hits]
    assert has_both[0] and has_both == sorted(has_both, reverse=True)


def test_a_word_that_appears_nowhere_does_not_hide_the_other_words(corpus):
    assert top_texts("кінәлілік презумпциясы марсиандық")[0] == top_texts("кінәлілік презумпциясы")[0]


def test_a_query_that_matches_nothing_returns_nothing(corpus):
    assert search("квантхромодинамика").count == 0


def test_a_quoted_phrase_is_required_as_a_phrase(corpus):
    texts = top_texts('"заңды білу презумпциясы"')
    assert texts and all("заңды білу презумпциясы" in t for t in texts)


def test_an_excluded_word_removes_passages(corpus):
    texts = top_texts("презумпциясы -кінәлілік")
    assert texts and not any("кінәлілік" in t for t in texts)


@pytest.mark.parametrize("q", ["*", "-", '""', "((]]", "OR NOT"])
def test_a_query_without_words_lists_every_passage(corpus, q):
    assert search(q).count == 54  # every passage of the two sources


@pytest.mark.parametrize("q", ['"заң үстемдігі', "заң\x00\x07\x1b үстемдігі"])
def test_an_unclosed_quote_and_control_characters_do_not_change_the_search(corpus, q):
    expected = search("заң үстемдігі")
    assert expected.count > 0
    assert [hit.passage.pk for hit in search(q).hits] == [hit.passage.pk for hit in expected.hits]


@pytest.mark.parametrize("q", ["AND", "ж" * 2000])
def test_a_word_found_nowhere_gives_an_empty_result(corpus, q):
    response = search(q)
    assert (response.count, response.hits) == (0, [])


def test_an_empty_query_lists_all_passages_in_source_order(corpus):
    response = search("", page_size=100)
    assert response.count == 54
    order = [(h.passage.source_id, h.passage.position) for h in response.hits]
    assert order == sorted(order)


def test_sorting_by_source_orders_each_group_by_source_then_position(corpus):
    hits = search("жауапкершілік", sort="source", page_size=100).hits
    for tier in {h.tier for h in hits}:
        order = [(h.passage.source_id, h.passage.position) for h in hits if h.tier == tier]
        assert order == sorted(order)
    assert len(hits) > 10 and [h.tier for h in hits] == sorted(h.tier for h in hits)


def test_pages_follow_each_other_and_a_page_past_the_end_is_refused(corpus):
    first, second = search("мемлекет", page_size=5), search("мемлекет", page=2, page_size=5)
    assert {h.passage.pk for h in first.hits}.isdisjoint({h.passage.pk for h in second.hits})
    with pytest.raises(PageOutOfRange):
        search("мемлекет", page=first.num_pages + 1, page_size=5)


def test_a_misspelt_word_is_searched_as_its_closest_known_forms(corpus):
    response = search("жауапкершлік")
    assert response.words[0].corrected[0] == "жауапкершілік"
    assert response.count == search("жауапкершілік").count > 10
    assert response.suggestion is None


def test_searching_exactly_what_was_typed_finds_nothing_and_suggests_the_known_word(corpus):
    response = search("жауапкершлік", exact=True)
    assert response.count == 0 and not response.words[0].found
    assert response.suggestion == "жауапкершілік"


def test_known_words_get_no_suggestion(corpus):
    assert search("жауапкершілік").suggestion is None


def test_snippets_mark_inflected_forms_of_the_query_word(corpus):
    highlighted = " ".join(h.highlighted for h in search("жауапкершілік").hits)
    assert "<mark>жауапкершілігінің</mark>" in highlighted


def test_markup_in_the_query_stays_inert(corpus):
    response = search("<script>alert(1)</script> заңдылық")
    assert all("<script>" not in h.highlighted for h in response.hits)


def all_matching(q, filters):
    response = search(q, filters=filters, page_size=100)
    assert response.count <= 100
    return [h.passage for h in response.hits], response


def clicked(filters, facet, value):
    """The filters after a click on a facet value: ticked if it was not, unticked if it was."""
    chosen = list(filters.get(facet, ()))
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    return {**{k: v for k, v in filters.items() if k != facet}, **({facet: chosen} if chosen else {})}


# Queries and selections: none, one value, several values of one facet and of several facets
SELECTIONS = [
    ("", {}),
    ("жауапкершілік", {}),
    ("мемлекет", {"principle": ["legality"]}),
    ("жауапкершілік", {"principle": ["legality", "rule-of-law"], "language": ["kk"]}),
    ("", {"author": ["mironenko-m-b", "masimov-k-k"]}),
    ("реформа", {"reform": ["administrative-reform"]}),
    ("реформа", {"reform": ["administrative-reform"], "principle": ["legality"]}),
    ("құқық", {"language": ["kk", "ru"]}),
]


@pytest.mark.parametrize("q, filters", SELECTIONS)
def test_a_facet_count_is_what_a_click_on_it_gives(corpus, q, filters):
    response = search(q, filters=filters)
    for facet in FACETS:
        for value in response.facets[facet.name][:4]:
            after = search(q, filters=clicked(filters, facet.name, value.value))
            assert value.count == after.count, (facet.name, value.value)


@pytest.mark.parametrize("q, filters", SELECTIONS)
def test_a_page_lists_the_same_facet_values_when_the_engine_counts_only_them(corpus, monkeypatch, q, filters):
    monkeypatch.setattr(legalkb.search, "MAX_FACET_VALUES", 1)  # fewer than any facet here holds
    listed = search(q, filters=filters).facets
    monkeypatch.setattr(base, "facet_limits", lambda facets: EVERY_VALUE)  # the engine counts every value

    assert search(q, filters=filters).facets == listed


def test_facets_count_the_passages_holding_every_word(corpus):
    passages, response = all_matching("мемлекет жауапкершілігі", {})
    holding = [h.passage for h in response.hits if h.holds_all_words]
    languages = {f.value: f.count for f in response.facets["language"]}
    assert languages == {"kk": len(holding)} and len(passages) > len(holding)


def test_several_values_of_one_facet_are_ored_and_facets_are_anded(corpus):
    legality = {p.pk for p in all_matching("", {"principle": ["legality"]})[0]}
    rule = {p.pk for p in all_matching("", {"principle": ["rule-of-law"]})[0]}
    either = {p.pk for p in all_matching("", {"principle": ["legality", "rule-of-law"]})[0]}
    assert either == legality | rule
    kk_only = {
        p.pk for p in all_matching("", {"principle": ["legality", "rule-of-law"], "language": ["ru"]})[0]
    }
    assert kk_only == {pk for pk in either if Passage.objects.get(pk=pk).language == "ru"}


def test_facet_values_carry_labels(corpus):
    principles = {f.value: f.label for f in search("").facets["principle"]}
    assert principles["legality"] == "Заңдылық қағидаты"


def test_a_selected_value_with_no_matches_is_still_listed(corpus):
    response = search("квантхромодинамика", filters={"principle": ["legality"]})
    assert [(f.value, f.count, f.selected) for f in response.facets["principle"]] == [("legality", 0, True)]


def leaves(node):
    """The Term, Phrase and Values leaves of a query tree: what an engine looks up."""
    if isinstance(node, Term | Phrase | Values):
        return 1
    names = ("clause", "required", "optional", "included", "excluded")
    children = [*(getattr(node, name, None) for name in names), *getattr(node, "clauses", ())]
    return sum(leaves(child) for child in children if child is not None)


class CountingLexicon(PublicLexicon):
    """The lexicon a search's plan reads, counting the terms read."""

    read = 0

    def doc_frequency(self, field, term):
        CountingLexicon.read += 1
        return super().doc_frequency(field, term)

    def terms_with_prefix(self, field, prefix):
        for found in super().terms_with_prefix(field, prefix):
            CountingLexicon.read += 1
            yield found


# What the plan may read and look up, from its bounds: each explained word's listed forms or
# corrections, each prefix's words; the rest a few terms per word, phrase or field.
MAX_TERMS_READ = (MAX_WORDS_EXPLAINED + 2) * MAX_TERMS_SCANNED
MAX_LEAVES = 4 * MAX_PREFIX_TERMS * (MAX_WORDS + 1)


@pytest.mark.parametrize("q", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_a_hostile_query_is_bounded_in_words_terms_read_and_looked_up_and_says_what_was_left_out(
    corpus, monkeypatch, q
):
    plans = []

    def kept_plan(*args, **kwargs):
        plans.append(build_plan(*args, **kwargs))
        return plans[-1]

    monkeypatch.setattr(base, "PublicLexicon", CountingLexicon)
    monkeypatch.setattr(CountingLexicon, "read", 0)
    monkeypatch.setattr(base, "build_plan", kept_plan)
    response = search(q)
    parsed = parse_query(q)
    assert len(response.words) <= MAX_WORDS
    assert bool(response.notices) == bool(parsed.limits or parsed.notes)
    assert CountingLexicon.read <= MAX_TERMS_READ
    assert sum(leaves(tree) for tree in plans[0].tiers(ranked=True) if tree is not None) <= MAX_LEAVES


def test_a_query_whose_every_word_is_too_long_finds_nothing_rather_than_everything(corpus):
    with translation.override("en"):
        response = search("ж" * 2000)
    assert response.count == 0
    assert response.notices == ["Words longer than 40 letters were left out."]


def test_an_exact_search_suggests_a_spelling_for_a_capitalised_word(corpus):
    assert search("Жауапкершлік", exact=True).suggestion == "жауапкершілік"


def holding_stem(word):
    """The passages whose analysed text holds one of the word's stems: its forms."""
    wanted = set(stems(word))
    return {p.pk for p in Passage.objects.all() if wanted & set(analyse(p.text, p.language).stems)}


def test_a_derived_word_counts_only_its_own_forms_and_lists_its_relatives_after(corpus):
    response = search("заңдылық", page_size=100)
    assert response.count == len(holding_stem("заңдылық")) and response.related_count > 0
    related = [h for h in response.hits if h.tier == Tier.RELATED]
    assert len(related) == response.related_count
    assert all(not h.holds_all_words and h.related_forms for h in related)
    assert response.hits.index(related[0]) == response.count


def groups(q):
    """Each group's count and passages (the corpus is smaller than a page of 100)."""
    response = search(q, page_size=100)
    tiers = (Tier.ALL_WORDS, Tier.RELATED, Tier.SOME_WORDS)
    listed = tuple(frozenset(h.passage.pk for h in response.hits if h.tier == tier) for tier in tiers)
    return (response.count, response.related_count, response.partial_count), listed


# Cyrillic, the 2021 Latin alphabet, informal ASCII, and Cyrillic typed without Kazakh letters.
@pytest.mark.parametrize(
    "spellings",
    [
        (
            "мемлекеттің жауапкершілігі",
            "memlekettıñ jauapkerşılıgı",
            "memlekettin zhauapkershiligi",
            "мемлекеттин жауапкершилиги",
        ),  # related forms: жауапты, жауап…
        ("құқықтық мемлекет", "qūqyqtyq memleket", "quqyqtyq memleket", "кукыктык мемлекет"),
        ("заңдылық", "zañdylyq", "zandylyq", "зандылык"),
        (
            "мемлекеттік қызметшілер",
            "memlekettık qyzmetşıler",
            "memlekettik qyzmetshiler",
            "мемлекеттик кызметшилер",
        ),  # тш, not ц
        (
            "заңдылықтың кепілдіктеріне",
            "zañdylyqtyñ kepıldıkterıne",
            "zandylyqtyn kepildikterine",
            "зандылыктын кепилдиктерине",
        ),  # a form the texts never spell
        ("кадрлық құрам", "kadrlyq qūram", "kadrlyq quram", "кадрлык курам"),  # курам, Russian кура
        ("сот және прокуратура", "sot jäne prokuratura", "sot zhane prokuratura", "сот жане прокуратура"),
        ("билік бөлінісі", "bilık bölınısı", "bilik bolinisi", "билик болиниси"),  # corrected
        ("тәртіптік жаза тізімі", "tärtıptık jaza tızımı", "tartiptik zhaza tizimi", "тартиптик жаза тизими"),
    ],
)
def test_one_query_in_every_script_gives_every_group_the_same_count_and_passages(corpus, spellings):
    assert len(set(map(groups, spellings))) == 1


def test_a_question_word_is_neither_required_nor_corrected(corpus):
    question = search("Мемлекеттің азамат алдындағы жауапкершілігі қандай?")
    assert question.count == search("Мемлекеттің азамат алдындағы жауапкершілігі").count > 0
    assert all("қандай" not in w.text and not w.corrected for w in question.words)


def test_not_leaves_out_the_passages_holding_the_word(corpus):
    response = search("презумпция NOT кінәлілік", page_size=100)
    assert response.hits and not {h.passage.pk for h in response.hits} & holding_stem("кінәлілік")


def test_or_finds_either_word(corpus):
    either = search("Мироненко OR Сапарғалиев")
    assert either.count == len(holding_stem("мироненко") | holding_stem("сапарғалиев")) == 2


def test_a_prefix_finds_every_word_beginning_with_it(corpus):
    response = search("дараланд*", page_size=100)
    assert response.count == 2
    assert all(re.search(r"(?i)\bдараланд", h.passage.text) for h in response.hits)


@pytest.mark.parametrize(
    "typed", ["author:Мироненко", "author:mironenko", "author:mironenko-m-b", "author:Мироненконың"]
)
def test_a_field_names_an_entry_in_any_script_or_by_its_slug(corpus, typed):
    response = search(typed, page_size=100)
    linked = Passage.objects.filter(authorlink__author__slug="mironenko-m-b").distinct()
    assert {h.passage.pk for h in response.hits} == set(linked.values_list("pk", flat=True))


def test_a_field_naming_nothing_finds_nothing_and_says_so(corpus):
    response = search("author:Ешкімов жауапкершілік")
    assert response.count == 0 and not response.hits
    assert [w.found for w in response.words if w.kind == "field"] == [False]


def test_year_and_language_fields_filter(corpus):
    assert search("lang:ru").count == 1  # the one Russian passage
    assert search("year:1000..1001").count == 0


def test_a_malformed_query_is_answered_with_what_was_understood(corpus):
    response = search('(заңдылық OR "бұлтартпастылық')
    assert response.count > 0 and response.notices


def test_a_phrase_with_room_between_its_words_finds_at_least_the_exact_phrase(corpus):
    assert search('"заң үстемдігі"~2').count >= search('"заң үстемдігі"').count > 0


def test_a_derived_word_reaches_a_term_it_is_made_from(corpus):
    response = search("коррупциялық құқық бұзушылықтар")
    assert "сыбайлас жемқорлық" in response.hits[0].passage.text


def test_snippets_mark_only_what_matched(corpus):
    highlighted = " ".join(h.highlighted for h in search("Мироненко және мемлекет").hits)
    assert "<mark>және</mark>" not in highlighted and "<mark>Б</mark>" not in highlighted


def test_a_source_is_named_by_its_title_in_any_script(corpus):
    article = search("source:memlekettin", page_size=100)
    assert article.count == 40 == search("source:Мемлекеттің").count  # the article's passages


def test_the_act_facet_finds_the_passages_citing_the_act(corpus):
    citing = set(Passage.objects.filter(act_citations__act__slug="address-2007").values_list("pk", flat=True))

    response = search(filters={"act": ["address-2007"]})

    assert {hit.passage.pk for hit in response.hits} == citing
    assert {f.value: f.count for f in search().facets["act"]}["address-2007"] == len(citing)  # a click's


def test_newest_first_lists_the_last_imported_source_first_even_without_words(corpus):
    hits = search(sort="newest", page_size=100).hits

    assert hits[0].passage.source == corpus.article
    sources = [hit.passage.source_id for hit in hits]
    assert sources == sorted(sources, reverse=True)
