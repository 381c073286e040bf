"""The taxonomy as results and facets show it, kept by each process: every entry of every kind
with its slug and labels (a few dozen rows), so that a page of results, its facets and its
filters ask the database nothing about them.

Built again when an editor changes an entry (the entries' history tables tell, in one query
asked at most once a second, as for the thesaurus), or when a link names an entry it does not
hold (one added without history).
"""

import time
from typing import TypedDict

from django.db import connection
from django.db.models import Model

from ..kinds import TAXONOMY

CHECK_EVERY_SECONDS = 1.0  # an editor's change reaches the next page within this time


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
