"""One contract, every engine: what search_passages, the pages and the API rely on,
checked against the database's own truth on each engine legalkb supports (the
search_engine fixture). tests/test_search.py, test_search_index.py, test_faults.py and
test_search_quality.py run on every engine too."""

import json

import pytest
from conftest import ABSTRACT, worker_indexes
from django.core.management import call_command
from django.core.paginator import Paginator
from django.http import QueryDict
from haystack import connections
from haystack.query import SearchQuerySet
from processes import (
    manage,
    outbox_drained,
    project_env,
    run_python,
    set_up,
    start_python,
    start_worker,
    stop,
    wait_until,
)

from legalkb.ingest import import_source
from legalkb.models import Passage, PrincipleLink
from legalkb.search import SearchRequest, search_passages
from legalkb.search import query as q
from legalkb.search.params import parse_search_params
from legalkb.text.analysis import analyse, roots, stems
from legalkb.text.query import parse_query

pytestmark = pytest.mark.usefixtures("search_engine")


def search(q="", **kwargs):
    return search_passages(SearchRequest(q=q, **kwargs))


def every_hit(q="", **filters):
    """The ids of every passage found, page after page."""
    found, page = [], 1
    while True:
        response = search(q, filters=filters, page=page, page_size=100)
        found += [hit.passage.pk for hit in response.hits]
        if page == response.num_pages:
            return found
        page += 1


def holding(word, related=True):
    """The passages whose analysed text holds one of the word's stems, or (related forms)
    one of its roots."""
    (word,) = parse_query(word).words[0].words
    word_stems, word_roots = set(stems(word)), set(roots(word)) if related else set()
    found = set()
    for passage in Passage.objects.all():
        analysed = analyse(passage.text, passage.language)
        if word_stems & set(analysed.stems) or word_roots & set(analysed.roots):
            found.add(passage.pk)
    return found


def holding_in_order(words):
    """The passages whose stems hold the words' stems side by side, in order."""
    found = set()
    for passage in Passage.objects.all():
        text = analyse(passage.text, passage.language).stems
        for start in range(len(text) - len(words) + 1):
            if all(text[start + i] in stems(w) for i, w in enumerate(words)):
                found.add(passage.pk)
    return found


def linked(principle):
    links = PrincipleLink.objects.active().filter(principle__slug=principle)
    return set(links.values_list("passage", flat=True))


def test_the_empty_query_finds_every_passage_in_source_order_page_after_page(corpus):
    ids = every_hit()
    expected = list(Passage.objects.order_by("source_id", "position").values_list("pk", flat=True))
    assert ids == expected


def test_the_smallest_weights_a_large_corpus_gives_are_read_as_weights(corpus):
    """At a million passages a word's weight can be 1e-05, which Lucene's syntax cannot write."""
    (stem,) = stems("жауапкершілік")
    with connections["default"].get_backend().reading() as reader:
        plain = reader.count(q.Term(q.STEMS, stem), {})
        assert plain == len(holding("жауапкершілік", related=False))
        assert reader.count(q.Term(q.STEMS, stem, 0.00001), {}) == plain
        assert reader.count(q.Constant(q.Term(q.STEMS, stem), 0.00001), {}) == plain


def test_a_descending_sort_lists_the_last_passage_first(corpus):
    backend = connections["default"].get_backend()
    found = backend.search("", text_query="", sort_by=["-source_id", "-position"], end_offset=5)["results"]
    last = Passage.objects.order_by("-source_id", "-position").values_list("pk", flat=True)[:5]
    assert [int(hit.pk) for hit in found] == list(last)


# Words that name no glossary term: a term also searches its equivalents (test_search_thesaurus.py).
@pytest.mark.parametrize("word", ["жауапкершілік", "басқару", "Мироненконың", "правовым", "кiнəлiлiк"])
def test_a_word_finds_exactly_the_passages_whose_analysis_holds_it(corpus, word):
    assert set(every_hit(word)) == holding(word)
    assert search(word).count == len(holding(word, related=False))


def test_any_word_matches_and_every_word_counts(corpus):
    assert set(every_hit("презумпциясы реформа")) == holding("презумпциясы") | holding("реформа")


def test_a_quoted_phrase_finds_exactly_the_passages_holding_it_in_order(corpus):
    assert set(every_hit('"заңды жауапкершілік"')) == holding_in_order(["заңды", "жауапкершілік"])


def test_an_excluded_word_removes_exactly_the_passages_holding_it(corpus):
    excluded = holding("мемлекет", related=False)  # its forms, not its related words
    assert set(every_hit("жауапкершілік -мемлекет")) == holding("жауапкершілік") - excluded


def test_a_filter_finds_exactly_the_passages_the_database_links(corpus):
    assert set(every_hit(principle=["legality"])) == linked("legality")
    russian = set(Passage.objects.filter(language="ru").values_list("pk", flat=True))
    assert set(every_hit(language=["ru"])) == russian


def test_a_filtered_word_search_is_the_intersection(corpus):
    expected = holding("жауапкершілік") & linked("legality")
    assert set(every_hit("жауапкершілік", principle=["legality"])) == expected


def test_relevance_pages_are_disjoint_and_cover_every_hit(corpus):
    assert sorted(every_hit("жауапкершілік")) == sorted(holding("жауапкершілік"))


def test_haystack_lists_and_counts_every_document(corpus):
    everything = SearchQuerySet().models(Passage)
    pks = {int(pk) for pk, _ in everything.values_list("pk", "id")[: everything.count()]}
    assert SearchQuerySet().count() == everything.count() == Passage.objects.count()
    assert pks == set(Passage.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("q", ["", "заң"])
def test_an_index_of_no_passages_finds_none_and_counts_no_facet(db, private_index, q):
    """What a new site's rebuild_index leaves (on Whoosh, an index of no segment)."""
    Passage.objects.all().delete()
    call_command("rebuild_index", interactive=False, verbosity=0)
    response = search(q)
    assert (response.count, response.hits) == (0, [])
    assert all(values == [] for values in response.facets.values())


def test_a_token_of_forty_bytes_or_more_is_found(own_index):
    number = "1234567890" * 4  # kept whole by the analysis, longer than some tokenizers allow
    passage = Passage.objects.first()
    with worker_indexes():
        passage.text += f" {number}"
        passage.save()
    assert [hit.passage.pk for hit in search(number).hits] == [passage.pk]


def test_the_year_facet_and_the_year_range_count_the_sources_years(own_index):
    """The seed sources print no year; three imported ones do."""
    with worker_indexes():
        for year in (2011, 2015, 2019):
            text = f"Палимпсест туралы {year} жылғы мақала.\n\nМемлекет пен палимпсест."
            import_source(text.encode(), f"{year}.txt", title=f"Мақала {year}", year=year)
    facet = {f.value: f.count for f in search("палимпсест").facets["year"]}
    assert facet == {"2011": 2, "2015": 2, "2019": 2}
    ranged = search_passages(parse_search_params(QueryDict("q=палимпсест&year_from=2012&year_to=2019")))
    assert {hit.passage.source.year for hit in ranged.hits} == {2015, 2019} and ranged.count == 4
    narrowed = search_passages(parse_search_params(QueryDict("q=палимпсест&year_from=2016&year=2015")))
    assert narrowed.count == 0
    assert search("", filters={"year": ["2011"]}).count == 2


# Searches until STOP_FILE exists (and once more after), through the API, as a reader
# would; prints what it saw.
READER = """
import json, os
from django.test import Client
client, counts, failures, saw_first_edit = Client(raise_request_exception=False), set(), [], False
print("ready", flush=True)
while True:
    stop = os.path.exists(os.environ["STOP_FILE"])
    everything = client.get("/api/search/", {"page_size": 1})
    first_edit = client.get("/api/search/", {"q": "белгіa0", "page_size": 1})
    for response in (everything, first_edit):
        if response.status_code != 200:
            failures.append([response.status_code, response.content.decode()[:300]])
    if everything.status_code == 200:
        counts.add(everything.json()["count"])
    if first_edit.status_code == 200 and first_edit.json()["count"] == 1:
        saw_first_edit = True
    if stop:
        break
print(json.dumps({"counts": sorted(counts), "failures": failures[:5], "saw_first_edit": saw_first_edit}))
"""
COUNT = "from legalkb.models import Passage; print(Passage.objects.count())"
FIND = (
    "import sys, json; from legalkb.search import SearchRequest, search_passages as s;"
    "print(json.dumps([s(SearchRequest(q=m)).count for m in json.load(sys.stdin)]))"
)


EDITOR_ROUNDS = 10


@pytest.mark.slow
def test_one_writer_and_readers_in_separate_processes(search_engine, tmp_path):
    """An editor saves passages while two readers search, each in its own process: the
    readers never fail, always see every passage, and see the edits as they commit."""
    env = project_env(tmp_path, LEGALKB_SEARCH_ENGINE=search_engine, STOP_FILE=str(tmp_path / "stop"))
    set_up(env, ABSTRACT)
    readers = [start_python(["manage.py", "shell", "-v0", "-c", READER], env) for _ in range(2)]
    worker = start_worker(env)
    try:
        assert [reader.stdout.readline() for reader in readers] == ["ready\n"] * 2
        editor = run_python(["tests/concurrent_editor.py", "a", str(EDITOR_ROUNDS)], env)
        wait_until(lambda: outbox_drained(env), worker, "the worker indexing every edit")
    finally:
        (tmp_path / "stop").touch()
        outputs = [reader.communicate(timeout=120) for reader in readers]
        stop(worker)
    assert editor.returncode == 0, editor.stderr
    passages = int(manage(["shell", "-v0", "-c", COUNT], env).stdout)
    for reader, (out, err) in zip(readers, outputs, strict=True):
        assert reader.returncode == 0, err
        seen = json.loads(out.splitlines()[-1])
        assert seen == {"counts": [passages], "failures": [], "saw_first_edit": True}
    markers = json.loads(editor.stdout)
    found = manage(["shell", "-c", FIND], env, stdin=json.dumps(markers))
    assert len(markers) == EDITOR_ROUNDS
    assert json.loads(found.stdout.splitlines()[-1]) == [1] * len(markers), found.stderr


def test_a_backend_that_searched_before_a_rebuild_elsewhere_reads_the_new_index(own_index):
    """A server process keeps its backend for good: a rebuild run by another process (here
    another backend object) must reach its next search."""
    engine = connections["default"]
    server = engine.backend(engine.using, **engine.options)
    assert server.search("", text_query="")["hits"] == Passage.objects.count()
    Passage.objects.filter(pk=Passage.objects.first().pk).update(withdrawn=True)  # no signal: no outbox

    call_command("rebuild_index", interactive=False, verbosity=0)

    assert server.search("", text_query="")["hits"] == Passage.objects.public().count()


def test_a_haystack_searchqueryset_gives_the_search_pages_results_and_counts(corpus):
    found = SearchQuerySet().filter(content="мемлекеттің жауапкершілігі").facet("principles")
    page = search("мемлекеттің жауапкершілігі")
    assert found.count() == page.total > 20
    assert [int(result.pk) for result in found[:20]] == [hit.passage.pk for hit in page.hits]
    counts = {value.value: value.count for value in page.facets["principle"] if value.count}
    assert dict(found.facet_counts()["fields"]["principles"]) == counts


def test_a_searchqueryset_filters_by_exact_values_as_the_page_does(corpus):
    found = SearchQuerySet().filter(content="жауапкершілік", principles="legality")
    assert {int(result.pk) for result in found[: found.count()]} == set(
        every_hit("жауапкершілік", principle=["legality"])
    )


def test_a_searchqueryset_runs_nothing_until_read_and_djangos_paginator_reads_one_page(corpus, monkeypatch):
    expected = every_hit("жауапкершілік")[10:20]
    backend = type(connections["default"].get_backend())
    searches = []
    search_once = backend.search
    monkeypatch.setattr(backend, "search", lambda *a, **k: searches.append(k) or search_once(*a, **k))
    found = SearchQuerySet().filter(content="жауапкершілік")
    paginator = Paginator(found, 10)
    assert searches == []
    page = paginator.page(2)
    assert [int(result.pk) for result in page] == expected
    assert len(searches) == 2  # the count, then the page
    assert (searches[-1]["start_offset"], searches[-1]["end_offset"]) == (10, 20)
