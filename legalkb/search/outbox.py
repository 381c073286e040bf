"""The indexing outbox: no committed change is left out of search, and no web request
waits for the index.

Every change that affects search records the passage ids in PendingIndexUpdate, in the
same database transaction as the change, and does nothing else (record; legalkb.search.reach
says which changes). The background worker drains the outbox every DRAIN_SECONDS
(legalkb.tasks): it claims a batch of rows, indexes their passages and deletes the rows; if
the index cannot be written the rows stay, the failure is logged, and the next drain retries.

Several workers (one per app server) drain side by side without indexing a row twice or a
passage at the same time: on PostgreSQL each claims rows with SELECT … FOR UPDATE SKIP
LOCKED and each passage with a transaction-level advisory lock, both held until its batch is
indexed, so the last writer of a passage read its newest row; on SQLite, where one machine
serves, one drain runs at a time (a lock file beside the database), the others skip.
"""

import datetime
import fcntl
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from haystack import connections
from haystack.indexes import SearchIndex

from ..models import Passage, PendingIndexUpdate

if TYPE_CHECKING:  # the backends import this module
    from .backends.base import GenerationsMixin

log = logging.getLogger(__name__)

BATCH = 1000  # passages indexed in one writer session
# Advisory locks of one passage: this key space (the first of the two int4 keys), the id the second.
PASSAGE_LOCK_SPACE = 0x1E6A1
_IN_MEMORY_DRAIN = threading.Lock()


def passage_index() -> SearchIndex:
    """The search index of passages (legalkb.search_indexes)."""
    return connections["default"].get_unified_index().get_index(Passage)


def backend() -> "GenerationsMixin":
    """The engine of the default connection."""
    return connections["default"].get_backend()


def record(passage_ids: Iterable[int]) -> None:
    """Note passages whose search document must change; they are indexed after the commit."""
    ids = sorted(set(passage_ids))
    if not ids:
        return
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(passage_id=i) for i in ids], batch_size=BATCH)


def drain() -> int:
    """Index every passage waiting in the outbox that no other drain holds, batch by batch;
    return how many were indexed. Stops, keeping the rows, when the index cannot be written."""
    if not backend().is_current():
        log.warning(
            "%d passages wait in the indexing outbox: the search index is missing or outdated "
            "(manage.py rebuild_index builds it).",
            PendingIndexUpdate.objects.count(),
        )
        return 0
    indexed = 0
    with exclusive_on_sqlite() as alone:
        while alone:
            try:
                batch = _index_a_batch()
            except Exception:
                log.exception("Indexing failed; the passages stay in the outbox for the next try.")
                return indexed
            if batch == 0:
                return indexed
            indexed += batch
    return indexed


def _index_a_batch() -> int:
    """Claim up to BATCH rows, index their passages and delete the rows (on PostgreSQL in one
    transaction, which holds the claims; SQLite's would hold editors' writes back, and the
    lock file is the claim there); returns how many passages were indexed (0: none left)."""
    with transaction.atomic() if connection.vendor == "postgresql" else nullcontext():
        rows = list(
            PendingIndexUpdate.objects.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "passage_id")[:BATCH]
        )
        if not rows:
            return 0
        passage_ids = _lock_passages(sorted({passage_id for _, passage_id in rows}))
        mine = [pk for pk, passage_id in rows if passage_id in passage_ids]
        if not mine:
            return 0
        backend().update(passage_index(), [Passage(pk=i) for i in sorted(passage_ids)])
        PendingIndexUpdate.objects.filter(pk__in=mine).delete()
        return len(passage_ids)


def _lock_passages(passage_ids: list[int]) -> set[int]:
    """The passages of passage_ids that no other drain is indexing, locked for this transaction
    (PostgreSQL's advisory locks; elsewhere one drain runs at a time, so all of them)."""
    if connection.vendor != "postgresql" or not passage_ids:
        return set(passage_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM unnest(%s::bigint[]) AS id WHERE pg_try_advisory_xact_lock(%s, id::int)",
            [passage_ids, PASSAGE_LOCK_SPACE],
        )
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def exclusive_on_sqlite() -> Iterator[bool]:
    """True when this drain may run: always on PostgreSQL (rows are claimed one by one); on
    SQLite, while no other drain of the same database runs (a lock file beside it; for a
    database in memory, which only this process sees, a lock of the process)."""
    if connection.vendor != "sqlite":
        yield True
    elif connection.is_in_memory_db():
        alone = _IN_MEMORY_DRAIN.acquire(blocking=False)
        try:
            yield alone
        finally:
            if alone:
                _IN_MEMORY_DRAIN.release()
    else:
        with open(Path(connection.settings_dict["NAME"]).with_suffix(".drain.lock"), "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def lag() -> tuple[int, datetime.timedelta | None]:
    """How far behind search is: (passages waiting, the oldest change's age as a timedelta, or
    None when nothing waits)."""
    waiting = PendingIndexUpdate.objects.aggregate(oldest=Min("created_at"))
    count = PendingIndexUpdate.objects.values("passage_id").distinct().count()
    return count, (timezone.now() - waiting["oldest"]) if waiting["oldest"] else None


def pending_ids() -> list[int]:
    """The outbox rows as they are now (a rebuild covers them)."""
    return list(PendingIndexUpdate.objects.values_list("pk", flat=True))


def forget(row_ids: Sequence[int]) -> None:
    """Drop outbox rows whose changes a rebuild has read."""
    for start in range(0, len(row_ids), BATCH):
        PendingIndexUpdate.objects.filter(pk__in=row_ids[start : start + BATCH]).delete()
