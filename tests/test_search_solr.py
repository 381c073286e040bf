"""The SolrCloud engine: its configset, its translation of legalkb's query tree, and what a
cluster does when nodes die (a cluster of its own, killed and restarted node by node)."""

import threading
import time
import xml.etree.ElementTree as ElementTree
from datetime import UTC, date, datetime

import pytest
from conftest import ROOT, current_engine, solr_options, use_index
from django.conf import settings
from django.core.management import call_command
from haystack import connections
from haystack.indexes import IntegerField
from solr_cluster import local_cluster

from legalkb.models import Passage, PendingIndexUpdate
from legalkb.search import SearchRequest, outbox, search_passages
from legalkb.search import query as q
from legalkb.search.backends.solr import (
    CONFIGSET,
    Nodes,
    SolrCloudBackend,
    SolrWriter,
    filter_queries,
    to_lucene,
)
from legalkb.search.errors import IndexUnavailable
from legalkb.search.fields import FacetField, FacetValuesField, TokensField
from legalkb.search_indexes import PassageIndex
from legalkb.solrcloud.admin import SolrAdmin

SCHEMA = ROOT / "solr" / "conf" / "schema.xml"
FIELD_TYPES = {
    TokensField: ("tokens", "tokens_unpositioned"),
    FacetField: ("string",),
    IntegerField: ("pint",),
}


def declared_fields():
    return {f.get("name"): f for f in ElementTree.parse(SCHEMA).getroot().iter("field")}


pytestmark = pytest.mark.solr


def test_the_configset_declares_every_field_of_the_passage_index_with_its_kind():
    declared = declared_fields()
    for name, field in PassageIndex.fields.items():
        kind = next(k for k in (FacetValuesField, *FIELD_TYPES) if isinstance(field, k))
        if kind is FacetValuesField:
            assert (declared[name].get("type"), declared[name].get("multiValued")) == ("string", "true")
        else:
            assert declared[name].get("type") in FIELD_TYPES[kind], name


def test_phrases_are_searched_only_where_positions_are_kept():
    declared = declared_fields()
    assert {name for name, f in declared.items() if f.get("type") == "tokens"} == set(q.PHRASE_FIELDS)


def test_a_query_tree_becomes_lucenes_syntax_with_its_boosts():
    tree = q.Ranked(
        q.AllOf(
            (q.AnyOf((q.Term("text", "заң"), q.Term("roots", "заң", 0.3))), q.Phrase("keys", ("a", "b")))
        ),
        q.Phrase("text", ("заң", "күш"), 1000.0),
    )
    assert to_lucene(tree) == '(+(+(text:"заң" roots:"заң"^0.3) +keys:"a b") text:"заң күш"^1000)'


def test_weights_are_written_without_exponents():
    assert to_lucene(q.Term("text", "a", 0.00001)) == 'text:"a"^0.00001'
    assert to_lucene(q.Constant(q.Term("text", "a"), 2e-07)) == '(text:"a")^=0.0000002'


def test_excluded_words_and_nothing_match_as_lucene_reads_them():
    assert to_lucene(q.Excluding(q.Everything(), q.Term("text", "a"))) == '(+*:* -text:"a")'
    assert to_lucene(q.Nothing()) == "(+*:* -*:*)"


def test_filter_values_are_quoted_and_an_empty_choice_finds_nothing():
    assert filter_queries({"year": ["2010", "2012"], "source": []}) == [
        'year:("2010" OR "2012")',
        "(+*:* -*:*)",
    ]
    assert filter_queries({"source": ['a"b']}) == ['source:("a\\"b")']



def test_haystacks_url_setting_names_the_solr_base_url_and_the_alias(tmp_path):
    backend = SolrCloudBackend("default", URL="http://127.0.0.1:8983/solr/books/", PATH=str(tmp_path))
    assert (backend.admin.base_url, backend.store.alias) == ("http://127.0.0.1:8983/solr", "books")


def test_dates_are_sent_as_haystacks_solr_backend_sends_them_other_values_as_they_are():
    writer = SolrWriter(Nodes(["http://127.0.0.1:8983/solr"], "books", timeout=1))
    writer.add(
        {
            "published": date(2009, 2, 25),
            "seen": [datetime(2009, 2, 25, 10, 30, tzinfo=UTC)],
            "year": 2009,
            "open": True,
            "title": "Заң",
            "note": "",
        }
    )
    assert writer.documents == [
        {
            "published": "2009-02-25T00:00:00Z",
            "seen": ["2009-02-25T10:30:00Z"],
            "year": 2009,
            "open": True,
            "title": "Заң",
        }
    ]


def test_a_connections_own_configset_makes_its_collections(solr_url, tmp_path):
    admin = SolrAdmin(solr_url)
    options = solr_options(solr_url)
    configset = options["COLLECTION"]  # legalkb's files under a name of this test's
    admin.upload_configset(configset)
    backend = SolrCloudBackend(
        "default", **options, CONFIGSET=configset, PATH=str(tmp_path), SHARDS=1, REPLICAS=1
    )
    try:
        backend.publish_empty()
        collection = backend.store.live()
        assert admin.cluster_status(collection)["collections"][collection]["configName"] == configset
    finally:
        backend.store.remove_everything()
        admin.delete_configset(configset)
    assert configset not in admin.configsets() and CONFIGSET in admin.configsets()


def count(q=""):
    return search_passages(SearchRequest(q=q)).count


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with local_cluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture
def on_cluster(cluster, corpus, tmp_path):
    """The session corpus indexed on the module's own cluster, through both nodes' URLs."""
    previous = current_engine(), settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    urls = ",".join(cluster.node_url(n) for n in range(len(cluster.node_ports)))
    use_index(tmp_path / "index", "solr", SOLR_URL=urls, COLLECTION="faults")
    call_command("rebuild_index", interactive=False, verbosity=0)
    yield cluster
    for number in range(len(cluster.node_ports)):
        if cluster.pid(f"node-{number + 1}") is None:
            cluster.start_node(number)
    cluster.wait_for_nodes(len(cluster.node_ports))
    connections["default"].get_backend().store.remove_everything()
    use_index(previous[1], previous[0])


@pytest.mark.slow
def test_with_a_node_killed_while_searching_every_search_counts_every_passage(on_cluster):
    everything, word = count(), count("жауапкершілік")
    answers, stop = [], threading.Event()

    def search_until_stopped():
        while not stop.is_set():
            answers.append((count(), count("жауапкершілік")))

    searcher = threading.Thread(target=search_until_stopped)
    searcher.start()
    try:
        on_cluster.kill_node(0)
        target = len(answers) + 20
        while len(answers) < target and searcher.is_alive():
            stop.wait(0.05)
    finally:
        stop.set()
        searcher.join()
    assert len(answers) >= 20
    assert set(answers) == {(everything, word)}


def drain_until_nothing_waits(seconds=180):
    """The worker's drain, every half second as long as a write fails (the cluster elects new
    shard leaders after a node dies), until the outbox is empty."""
    deadline = time.monotonic() + seconds
    while PendingIndexUpdate.objects.exists():
        assert time.monotonic() < deadline, "the outbox was never drained"
        if outbox.drain() == 0:
            time.sleep(0.5)


@pytest.mark.slow
def test_writes_wait_in_the_outbox_while_they_fail_and_arrive_once_nodes_answer(on_cluster):
    passage = Passage.objects.first()
    on_cluster.kill_node(1)
    passage.text += " палимпсест"
    passage.save()
    drain_until_nothing_waits()  # one node left holds a replica of every shard
    assert count("палимпсест") == 1

    on_cluster.kill_node(0)
    passage.text += " архивариус"
    passage.save()
    assert outbox.drain() == 0
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()
    with pytest.raises(IndexUnavailable):
        count("архивариус")

    on_cluster.start_node(0)
    on_cluster.start_node(1)
    on_cluster.wait_for_nodes(2)
    drain_until_nothing_waits()
    admin, collection = on_cluster.admin(), connections["default"].get_backend().store.live()
    admin.wait_until(lambda: admin.replicas_active(collection), "every replica active again")
    # a replica that recovered replays what it missed and shows it at its next soft commit (1 s)
    admin.wait_until(lambda: count("архивариус") == count("палимпсест") == 1, "both edits searched", 60)


@pytest.mark.slow
def test_a_rebuild_fills_a_new_collection_moves_the_alias_and_removes_the_old_one(on_cluster):
    store = connections["default"].get_backend().store
    before = store.live()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert store.live() != before
    assert store.generations() == [store.live()]
    assert count() == Passage.objects.count()
