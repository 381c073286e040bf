"""The tantivy engine's own traps, each shown once (the shared contract is in
tests/test_search_conformance.py)."""

import logging
import multiprocessing
import threading

import pytest
import tantivy
from conftest import ABSTRACT, current_engine, use_index
from django.conf import settings
from django.core.management import call_command
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet
from processes import SAFETY_SECONDS, manage, project_env, set_up, start_editors, update_index_while

from legalkb.models import Passage
from legalkb.search import outbox
from legalkb.search.backends import tantivy as engine
from legalkb.search.backends.base import read_and_prepare
from legalkb.search.query import STEMS, Everything, Nothing, Term
from legalkb.search.storage import IndexStore
from legalkb.text.analysis import analyse


@pytest.fixture
def tantivy_index(corpus, tmp_path):
    """A tantivy index of the session corpus, for one test."""
    previous = current_engine(), settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    use_index(tmp_path / "index", "tantivy")
    call_command("rebuild_index", interactive=False, verbosity=0)
    yield IndexStore(tmp_path / "index").live()
    use_index(previous[1], previous[0])


def backend():
    return outbox.backend()


def count(word):
    return SearchQuerySet().filter(content=AutoQuery(word)).count()


def marked(passage, marker):
    """passage with marker appended, indexed (the outbox's own batch write)."""
    Passage.objects.filter(pk=passage.pk).update(text=f"{passage.text} {marker}")
    backend().update(outbox.passage_index(), [Passage(pk=passage.pk)])


def test_the_token_fields_need_no_tokenizer_registered_by_whoever_opens_the_index(tantivy_index):
    """tantivy keeps only tokenizer names in the index: a custom one would have to be
    registered again by every process, and a query on its field fails where it is not. An
    index opened with nothing registered answers on every token field."""
    index = tantivy.Index.open(str(tantivy_index))
    word = analyse("жауапкершілігі", "kk")
    tokens = {"text": word.stems, "roots": word.roots, "spelling": word.words, "keys": word.keys}

    searcher = index.searcher()
    found = {name: searcher.search(index.parse_query(t[0], [name])).count for name, t in tokens.items()}

    assert all(found.values()), found


def test_a_commit_is_seen_by_the_next_search_of_a_reader_opened_before_it(tantivy_index):
    assert count("палимпсест") == 0  # the backend's reader is open from here on
    marked(Passage.objects.first(), "палимпсест")
    assert count("палимпсест") == 1


def _count_in_child(word, answer):
    answer.put(count(word))


def test_a_worker_forked_after_the_index_was_opened_sees_later_commits(tantivy_index):
    """As gunicorn --preload forks its workers: tantivy's own reload thread does not
    survive a fork, so every search reloads."""
    assert count("палимпсест") == 0
    context = multiprocessing.get_context("fork")
    answer = context.Queue()
    marked(Passage.objects.first(), "палимпсест")
    child = context.Process(target=_count_in_child, args=("палимпсест", answer))
    child.start()
    assert answer.get(timeout=60) == 1
    child.join(timeout=60)
    assert child.exitcode == 0


def test_asking_for_no_results_still_counts_them(tantivy_index):
    """tantivy's search() panics on limit=0, with an error `except Exception` misses."""
    found = backend().search("", text_query="", start_offset=5, end_offset=5)
    assert found["results"] == [] and found["hits"] == Passage.objects.count()


FACET_FIELDS = ["principles", "authors", "source", "language"]


def test_counted_facets_are_the_count_and_the_facets_from_one_aggregation(tantivy_index):
    stem = analyse("жауапкершілігі", "kk").stems[0]
    cases = [
        (Term(STEMS, stem), {}),
        (Term(STEMS, stem), {"language": ["kk"]}),
        (Everything(), {"language": ["ru"]}),
        (Nothing(), {}),
    ]
    with backend().reading() as reader:
        for node, filters in cases:
            separately = reader.count(node, filters), reader.facets(node, filters, FACET_FIELDS)
            assert reader.counted_facets(node, filters, FACET_FIELDS) == separately


def test_a_facets_limit_gives_its_most_frequent_values_as_every_value_counted_lists_them(tantivy_index):
    limits = {"principles": 3, "authors": 1}
    with backend().reading() as reader:
        every = reader.facets(Everything(), {}, FACET_FIELDS)
        limited = reader.facets(Everything(), {}, FACET_FIELDS, limits)
        counted, counted_limited = reader.counted_facets(Everything(), {}, FACET_FIELDS, limits)

    assert all(len(every[field]) > limit for field, limit in limits.items())
    expected = {field: values[: limits.get(field)] for field, values in every.items()}
    assert limited == counted_limited == expected and counted == Passage.objects.count()


def test_a_search_counts_no_tree_an_aggregation_counted(tantivy_index, monkeypatch):
    counted, aggregated = [], []
    for name, asked in (("count", counted), ("counted_facets", aggregated)):
        original = getattr(engine.TantivyReader, name)

        def spy(reader, node, filters, *rest, original=original, asked=asked):
            asked.append((node, filters))
            return original(reader, node, filters, *rest)

        monkeypatch.setattr(engine.TantivyReader, name, spy)

    found = backend().search(
        "", text_query="мемлекеттің жауапкершілігі", filters={"language": ["kk"]}, facets=FACET_FIELDS
    )

    assert found["hits"] and len(aggregated) == 2  # the first group, and the language facet widened
    assert not [(n, f) for n, f in counted if any(n is node and f == filters for node, filters in aggregated)]


class LockedSignal(logging.Handler):
    def __init__(self):
        super().__init__()
        self.seen = threading.Event()

    def emit(self, record):
        if "locked" in record.getMessage():
            self.seen.set()


def write_documents(path, documents):
    with outbox.backend().writing(path) as writer:
        for document in documents:
            writer.add(document)


def test_a_second_writer_waits_for_the_lock_and_then_writes(tantivy_index):
    passage = Passage.objects.first()
    Passage.objects.filter(pk=passage.pk).update(text=f"{passage.text} палимпсест")
    documents, _ = read_and_prepare(outbox.passage_index(), [passage])
    signal = LockedSignal()
    engine.log.addHandler(signal)
    engine.log.setLevel(logging.INFO)
    second = threading.Thread(target=write_documents, args=(tantivy_index, documents))
    try:
        with backend().writing(tantivy_index):
            second.start()
            assert signal.seen.wait(timeout=60)  # the second writer found the index locked
            assert count("палимпсест") == 0
    finally:
        second.join(timeout=120)
        engine.log.removeHandler(signal)
    assert count("палимпсест") == 1


def test_a_writer_that_is_not_legalkbs_makes_a_write_wait(tantivy_index, monkeypatch):
    """tantivy's own lock: a second writer gets LockBusy at once, and retries."""
    monkeypatch.setattr(engine, "LOCK_WAIT_SECONDS", 0)
    outsider = tantivy.Index.open(str(tantivy_index)).writer(heap_size=engine.WRITER_HEAP_BYTES)
    with pytest.raises(engine.WriterLockBusy):
        marked(Passage.objects.first(), "палимпсест")
    outsider.wait_merging_threads()
    marked(Passage.objects.first(), "палимпсест")
    assert count("палимпсест") == 1


def test_a_writer_gives_up_after_a_bounded_wait(tantivy_index, monkeypatch):
    monkeypatch.setattr(engine, "LOCK_WAIT_SECONDS", 0)
    with backend().writing(tantivy_index), pytest.raises(engine.WriterLockBusy):
        marked(Passage.objects.first(), "палимпсест")


@pytest.mark.parametrize(
    "feature, call",
    [
        ("more_like_this", lambda sqs: sqs.more_like_this(Passage.objects.first()).count()),
        ("highlight", lambda sqs: sqs.highlight().count()),
        ("narrow", lambda sqs: sqs.narrow("source:x").count()),
        ("query string", lambda sqs: sqs.filter(source__startswith="x").count()),
        ("query string", lambda sqs: sqs.autocomplete(text="жауап").count()),
    ],
)
def test_haystack_features_legalkb_does_not_use_say_so(tantivy_index, feature, call):
    with pytest.raises(NotImplementedError, match=feature.split()[0]):
        call(SearchQuerySet().models(Passage))


def index_files(generation):
    return {path.name for path in generation.iterdir() if not path.name.endswith(".lock")}


@pytest.mark.slow
def test_writers_in_several_processes_leave_no_orphaned_files(tmp_path):
    """Two editors save passages while update_index runs, all in real processes; then
    tantivy's own garbage collection finds no file that the last commit does not use."""
    env = project_env(tmp_path, LEGALKB_SEARCH_ENGINE="tantivy")
    set_up(env, ABSTRACT)
    editors = start_editors(env, rounds=10)
    assert [run.stderr for run in update_index_while(env, editors) if run.returncode] == []
    for editor in editors:
        assert editor.wait(timeout=SAFETY_SECONDS) == 0, editor.stderr.read()
    assert manage(["update_index", "-v0"], env).returncode == 0  # what the worker does next
    live = IndexStore(tmp_path / "index").live()
    written = index_files(live)
    writer = tantivy.Index.open(str(live)).writer(heap_size=engine.WRITER_HEAP_BYTES)
    writer.garbage_collect_files()
    writer.wait_merging_threads()
    assert index_files(live) == written
