"""Withdrawing sources and passages from the public site and putting them back: editors never
delete. Each change is saved with its history and records the passages whose search documents
change in the indexing outbox, in the same transaction; search follows after the commit
(PassageIndex.index_queryset leaves withdrawn passages out)."""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from .models import Passage
from .search import reach


@transaction.atomic
def set_withdrawn(objects, withdrawn, user):
    """Withdraw (withdrawn=True) or put back the sources or passages of a queryset; returns
    how many changed. A passage's version is raised, so a form read before is refused."""
    changed = list(objects.exclude(withdrawn=withdrawn).select_for_update())
    fields = ["withdrawn", *(["version"] if objects.model is Passage else [])]
    for obj in changed:
        obj.withdrawn = withdrawn
        if objects.model is Passage:
            obj.version += 1
    if changed:
        bulk_update_with_history(changed, objects.model, fields, default_user=user)
    reach.record(objects.model, [obj.pk for obj in changed], fields)
    return len(changed)
