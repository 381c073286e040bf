"""A rebuild reads the passages a batch at a time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalkb.models import Passage
from legalkb.search import SearchRequest, search_passages
from legalkb.search.rebuild import rebuild

BATCH = 7


def passage_id_queries(queries):
    """The queries that read passage ids alone."""
    table = Passage._meta.db_table
    ids_alone = f'SELECT "{table}"."id" AS "pk" FROM "{table}"'
    return [query["sql"] for query in queries if query["sql"].startswith(ids_alone)]


def test_a_rebuild_never_reads_more_passage_ids_than_a_batch(own_index):
    with CaptureQueriesContext(connection) as captured:
        rebuild(workers=1, batch_size=BATCH)
    reads = passage_id_queries(captured.captured_queries)
    assert len(reads) == -(-Passage.objects.count() // BATCH) + 1  # the last finds none
    assert all(sql.endswith(f"LIMIT {BATCH}") for sql in reads), reads


def test_a_rebuild_in_small_batches_indexes_every_passage(own_index):
    everything = search_passages(SearchRequest(q="")).count

    indexed = rebuild(workers=1, batch_size=BATCH)

    assert indexed == Passage.objects.count()
    assert search_passages(SearchRequest(q="")).count == everything
