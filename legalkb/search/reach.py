"""Which model fields reach which passages' search documents: the one map that the signals
(legalkb.signals), the bulk paths that send none (admin actions, imports, links) and data
migrations (record_in_migration) read to record a change in the indexing outbox.

Each Reach names a model, the fields of it that a passage's document holds, and the lookup
from Passage to it (Passage.objects.filter(<lookup>__in=pks) are the passages it reaches).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from ..kinds import TAXONOMY, TaxonomyKind
from ..models import Note, Passage, PendingIndexUpdate, Source
from ..search_indexes import INDEXED_COLUMNS, INDEXED_NOTE_COLUMNS, SEARCHED_SOURCE_FIELDS
from . import outbox


@dataclass(frozen=True)
class Reach:
    """A model whose fields a passage's search document holds, and how passages reach it."""

    model: type[Model]
    fields: frozenset[str]  # attribute names (source_id, not source)
    lookup: str  # from Passage to the model

    def passages(self, pks: Iterable[int], passage_model: type[Model] = Passage) -> Iterable[int]:
        """The ids of the passages whose documents hold these rows' fields."""
        if self.lookup == "pk":
            return list(pks)
        return passage_model.objects.filter(**{f"{self.lookup}__in": list(pks)}).values_list("pk", flat=True)


def _link_reach(kind: TaxonomyKind) -> Reach:
    fields = frozenset({"status", "passage_id", f"{kind.name}_id"})
    return Reach(kind.link_model, fields, kind.link_model._meta.model_name)


def _entry_reach(kind: TaxonomyKind) -> Reach:
    return Reach(kind.entry_model, frozenset({"slug"}), f"{kind.link_model._meta.model_name}__{kind.name}")


REACHES = (
    Reach(Passage, frozenset({c for c in INDEXED_COLUMNS if "__" not in c} | {"withdrawn"}), "pk"),
    Reach(Source, frozenset(SEARCHED_SOURCE_FIELDS), "source"),
    Reach(Note, frozenset(INDEXED_NOTE_COLUMNS), "notes"),
    *(_link_reach(kind) for kind in TAXONOMY),
    *(_entry_reach(kind) for kind in TAXONOMY),
)
BY_MODEL = {reach.model: reach for reach in REACHES}


def record(model: type[Model], pks: Iterable[int], changed: Iterable[str] | None = None) -> None:
    """Record in the outbox the passages that rows of model reach, when a field of changed
    (every field when None) is one their documents hold. Call it in the change's transaction."""
    reach = BY_MODEL[model]
    if changed is None or reach.fields & set(changed):
        outbox.record(reach.passages(pks))


def record_in_migration(
    apps: Any, model_name: str, pks: Iterable[int], changed: Iterable[str] | None = None
) -> None:
    """record() for a data migration, on its historical models: e.g.
    record_in_migration(apps, "Source", source_ids, changed=["year"])."""
    reach = next(r for r in REACHES if r.model.__name__ == model_name)
    if changed is not None and not reach.fields & set(changed):
        return
    passage_ids = sorted(set(reach.passages(pks, apps.get_model("legalkb", "Passage"))))
    pending = apps.get_model("legalkb", PendingIndexUpdate.__name__)
    pending.objects.bulk_create([pending(passage_id=i) for i in passage_ids], batch_size=outbox.BATCH)
