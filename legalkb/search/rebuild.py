"""Build a whole new index generation and switch to it in one step (storage.IndexStore).

Searches read the old generation until the new one is complete; a rebuild killed at any
moment leaves the old one serving. Changes committed while it runs reach both
generations (the outbox writes to every writable generation), and the rows it reads are
read under the new generation's writer lock, so none is overwritten by an older copy.

The analysis is Python, so documents are prepared by a pool of processes, one per core.
"""

import logging
import multiprocessing
import os
from contextlib import contextmanager

from ..models import Passage
from . import outbox
from .backends.base import prepare_documents

log = logging.getLogger(__name__)

BATCH = 2000  # passages read, analysed and written in one writer session


def rebuild(workers=None, progress=None):
    """Rebuild the index from the database; return how many passages it holds."""
    backend, index = outbox.backend(), outbox.passage_index()
    with backend.store.rebuilding(backend.schema_version) as path:
        covered = outbox.pending_ids()  # changes committed before this point are read below
        ids = list(Passage.objects.order_by("pk").values_list("pk", flat=True))
        backend.create_generation(path)
        with document_preparer(workers if len(ids) > BATCH else 1) as prepare:
            for start in range(0, len(ids), BATCH):
                batch = [Passage(pk=pk) for pk in ids[start : start + BATCH]]
                backend.write([path], index, batch, prepare=prepare)
                if progress:
                    progress(min(start + BATCH, len(ids)), len(ids))
    outbox.forget(covered)
    return len(ids)


def bring_up_to_date():
    """Rebuild when there is no index or it was built by another version; then index
    whatever waits in the outbox. Returns (rebuilt, passages indexed)."""
    if not outbox.backend().is_current():
        return True, rebuild()
    return False, outbox.drain()


@contextmanager
def document_preparer(workers=None):
    """prepare(index, objects) for GenerationsMixin.write, spread over worker processes."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        yield prepare_documents
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:

        def prepare(index, objects):
            chunks = [objects[i::workers] for i in range(workers)]
            return [document for documents in pool.map(_prepare_chunk, chunks) for document in documents]

        yield prepare


def _prepare_chunk(objects):
    return prepare_documents(outbox.passage_index(), objects)
