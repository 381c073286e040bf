"""The taxonomy as results and facets show it, kept by each process: every entry of every kind
with its slug and labels (a few dozen rows), so that a page of results, its facets and its
filters ask the database nothing about them.

Built again when an editor changes an entry (the entries' history tables tell, in one query
asked at most once a second, as for the thesaurus), or when a link names an entry it does not
hold (one added without history). The labels of sources and acts, too many to hold whole, are
kept for a second once read (RecentLabels).
"""

import math
import time
from collections.abc import Callable, Collection, Sequence
from typing import TypedDict

from django.db import connection
from django.db.models import Model, QuerySet

from ..kinds import TAXONOMY

CHECK_EVERY_SECONDS = 1.0  # an editor's change reaches the next page within this time
MAX_LABELS_HELD = 20_000  # RecentLabels of one model: all forgotten at once past this many


class _Built(TypedDict):
    version: tuple[int | None, ...] | None
    entries: "Entries | None"
    checked: float


_built: _Built = {"version": None, "entries": None, "checked": -CHECK_EVERY_SECONDS}


class Entries:
    """Every taxonomy entry, by kind and id and by model and slug (labels and slugs loaded)."""

    def __init__(self) -> None:
        self.by_id: dict[str, dict[int, Model]] = {}  # kind name → {id: entry}
        self.by_slug: dict[type[Model], dict[str, Model]] = {}  # entry model → {slug: entry}
        for kind in TAXONOMY:
            model = kind.entry_model
            entries = list(model.objects.only("slug", *model.LABEL_FIELDS))
            self.by_id[kind.name] = {entry.pk: entry for entry in entries}
            self.by_slug[model] = {entry.slug: entry for entry in entries}

    def entry(self, kind_name: str, pk: int) -> Model:
        """The entry of a kind with this id; the entries are read again first when it is not
        held (added since, without history)."""
        held = self.by_id[kind_name]
        if pk not in held:
            forget()
            held = current_entries().by_id[kind_name]
        return held[pk]


class RecentLabels:
    """{slug: label} of the entries of a model too large to hold whole (sources, acts), each
    read again once it is CHECK_EVERY_SECONDS old: the facets of search after search label the
    same few dozen values."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[str | None, float]] = {}  # slug → (label or None, when read)

    def labels(
        self, entries: Callable[[], QuerySet], label_fields: Sequence[str], slugs: Collection[str]
    ) -> dict[str, str]:
        """{slug: label} of those of slugs that the queryset entries() holds, made only when a
        label is stale (building it took a third of a search's facet labelling)."""
        now = time.monotonic()
        stale = [
            slug for slug in slugs if now - self.held.get(slug, (None, -math.inf))[1] >= CHECK_EVERY_SECONDS
        ]
        if stale:
            if len(self.held) + len(stale) > MAX_LABELS_HELD:
                self.held.clear()
            read = {e.slug: e.label for e in entries().filter(slug__in=stale).only("slug", *label_fields)}
            self.held.update((slug, (read.get(slug), now)) for slug in stale)
        return {slug: label for slug in slugs if (label := self.held[slug][0]) is not None}


_recent: dict[type[Model], RecentLabels] = {}


def recent_labels(model: type[Model]) -> RecentLabels:
    """The labels of model's entries this process read lately."""
    return _recent.setdefault(model, RecentLabels())


def current_entries() -> Entries:
    """The entries as this process holds them, read again when an editor changed one."""
    now = time.monotonic()
    entries = _built["entries"]
    if entries is None or now - _built["checked"] >= CHECK_EVERY_SECONDS:
        version = _version()
        if entries is None or _built["version"] != version:
            entries = _built["entries"] = Entries()
            _built["version"] = version
        _built["checked"] = now
    return entries


def forget() -> None:
    """Read the entries again at the next use."""
    _built["entries"] = None


def _version() -> tuple[int | None, ...]:
    """The newest history row of each kind's entries, in one query."""
    tables = [connection.ops.quote_name(kind.entry_model.history.model._meta.db_table) for kind in TAXONOMY]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables))
        return cursor.fetchone()
