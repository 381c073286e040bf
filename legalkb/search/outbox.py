"""The indexing outbox: no committed change is left out of search.

Every change that affects search records the passage ids in PendingIndexUpdate, in the
same database transaction as the change (record). After the commit one batch is indexed
(drain); if the index cannot be written the rows stay, the failure is logged, and the
next drain (after the next change, or `manage.py update_index`) retries. A change never
turns into an error for the person who made it.
"""

import logging

from django.db import transaction
from haystack import connections

from ..models import Passage, PendingIndexUpdate

log = logging.getLogger(__name__)

BATCH = 1000  # passages indexed in one writer session


def passage_index():
    return connections["default"].get_unified_index().get_index(Passage)


def backend():
    return connections["default"].get_backend()


def record(passage_ids):
    """Note passages whose search document must change; they are indexed after the commit."""
    ids = sorted(set(passage_ids))
    if not ids:
        return
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(passage_id=i) for i in ids], batch_size=BATCH)
    transaction.on_commit(drain, robust=True)


def drain():
    """Index every passage waiting in the outbox, batch by batch; return how many were
    indexed. Stops, keeping the rows, when the index cannot be written."""
    if not backend().is_current():
        log.warning(
            "%d passages wait in the indexing outbox: the search index is missing or outdated "
            "(manage.py rebuild_index builds it).",
            PendingIndexUpdate.objects.count(),
        )
        return 0
    indexed = 0
    while rows := list(PendingIndexUpdate.objects.order_by("pk").values_list("pk", "passage_id")[:BATCH]):
        passage_ids = sorted({passage_id for _, passage_id in rows})
        try:
            backend().update(passage_index(), [Passage(pk=i) for i in passage_ids])
        except Exception:
            log.exception("Indexing %d passages failed; they stay in the outbox for the next try.", len(rows))
            return indexed
        PendingIndexUpdate.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        indexed += len(passage_ids)
    return indexed


def pending_ids():
    """The outbox rows as they are now (a rebuild covers them)."""
    return list(PendingIndexUpdate.objects.values_list("pk", flat=True))


def forget(row_ids):
    """Drop outbox rows whose changes a rebuild has read."""
    for start in range(0, len(row_ids), BATCH):
        PendingIndexUpdate.objects.filter(pk__in=row_ids[start : start + BATCH]).delete()
