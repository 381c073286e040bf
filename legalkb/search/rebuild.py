"""Build a whole new index generation and switch to it in one step (storage.IndexStore).

Searches read the old generation until the new one is complete; a rebuild killed at any
moment leaves the old one serving. Changes committed while it runs reach both
generations (the outbox writes to every writable generation), and the rows it reads are
read under the new generation's writer lock, so none is overwritten by an older copy.

The analysis is Python, so rows are read and documents prepared by a pool of processes,
one per core; they are sent only passage ids, as model instances are slow to pickle.
"""

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connections
from django.db.models import Model
from haystack.indexes import SearchIndex

from ..models import Passage
from . import outbox
from .backends.base import Document, Prepare, read_and_prepare

log = logging.getLogger(__name__)

BATCH = 5000  # passages read, analysed and written in one writer session
_INHERITED: list[object] = []  # in a worker: the parent's database connections, kept open and unused
CHUNKS_PER_WORKER = 4  # a batch is cut into this many pieces per worker, so none waits long


def rebuild(
    workers: int | None = None, progress: Callable[[int, int], object] | None = None, batch_size: int = BATCH
) -> int:
    """Rebuild the index from the database; return how many passages it holds."""
    backend, index = outbox.backend(), outbox.passage_index()
    with backend.store.rebuilding(backend.schema_version, backend.create_generation) as path:
        covered = outbox.pending_ids()  # changes committed before this point are read below
        total, done = Passage.objects.count(), 0
        with document_preparer(workers if total > batch_size else 1) as prepare:
            for ids in passage_id_batches(batch_size):
                backend.write([path], index, [Passage(pk=pk) for pk in ids], prepare=prepare)
                done += len(ids)
                if progress:
                    progress(done, max(done, total))
    outbox.forget(covered)
    return done


def passage_id_batches(batch_size: int) -> Iterator[list[int]]:
    """Every passage id in order, batch_size at a time, each batch read after the one before
    was written: a list of every id of a large corpus would stay in memory throughout."""
    ordered = Passage.objects.order_by("pk").values_list("pk", flat=True)
    ids = list(ordered[:batch_size])
    while ids:
        yield ids
        ids = list(ordered.filter(pk__gt=ids[-1])[:batch_size])


def bring_up_to_date() -> tuple[bool, int]:
    """Rebuild when there is no index or it was built by another version; then index
    whatever waits in the outbox. Returns (rebuilt, passages indexed)."""
    if not outbox.backend().is_current():
        return True, rebuild()
    return False, outbox.drain()


@contextmanager
def document_preparer(workers: int | None = None) -> Iterator[Prepare]:
    """prepare(index, objects) for GenerationsMixin.write, spread over worker processes
    that read the rows themselves (while the writer holds the lock)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        yield read_and_prepare
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_own_database_connections) as pool:

        def prepare(index: SearchIndex, objects: Sequence[Model]) -> tuple[list[Document], set[str]]:
            ids = [obj.pk for obj in objects]
            size = -(-len(ids) // (workers * CHUNKS_PER_WORKER))
            prepared = pool.map(_read_and_prepare, [ids[i : i + size] for i in range(0, len(ids), size)])
            documents = [document for chunk, _ in prepared for document in chunk]
            return documents, set().union(*(existing for _, existing in prepared))

        yield prepare


def _own_database_connections() -> None:
    """A forked worker sets aside the connections it inherited, unused and never closed
    (closing PostgreSQL's would end the parent's session), and opens its own."""
    for connection in connections.all(initialized_only=True):
        _INHERITED.append(connection.connection)
        connection.connection = None


def _read_and_prepare(ids: Sequence[int]) -> tuple[list[Document], set[str]]:
    return read_and_prepare(outbox.passage_index(), [Passage(pk=pk) for pk in ids])
