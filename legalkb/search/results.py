"""The passages of a page of results with what results show, in four queries whatever the page's
size: the passages with their sources (without a source's raw text), their notes, the acts they
cite, then the active links of every kind, whose entries come from the taxonomy each process
keeps (legalkb.search.entries)."""

from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, QuerySet, Value

from ..kinds import KINDS, TAXONOMY
from ..models import Passage
from .entries import current_entries

LINK_COLUMNS = ("id", "passage_id", "entry_id", "origin", "status", "kind")
SOURCE_SHOWN = ("slug", "title")  # what results show of a passage's source


def shown_passages(ids: Collection[int]) -> dict[int, Passage]:
    """{id: passage} of the public passages among ids, each with its source's slug and title, its
    notes (a snippet may come from one), the acts it cites, and its active links as
    PassageQuerySet.with_tags() prefetches them (Passage.tags reads them)."""
    columns = [field.attname for field in Passage._meta.concrete_fields]
    shown = (
        Passage.objects.public()
        .select_related("source")
        .only(*columns, *(f"source__{f}" for f in SOURCE_SHOWN))
        .with_acts()
        .with_notes()
    )
    passages = shown.in_bulk(ids)
    for passage in passages.values():
        for kind in TAXONOMY:
            setattr(passage, kind.prefetched_links, [])
    if not passages:
        return passages
    entries = current_entries()
    for link_id, passage_id, entry_id, origin, status, kind_name in sorted(active_links(passages)):
        kind = KINDS[kind_name]
        link = kind.link_model(id=link_id, passage_id=passage_id, origin=origin, status=status)
        setattr(link, kind.name, entries.entry(kind_name, entry_id))
        getattr(passages[passage_id], kind.prefetched_links).append(link)
    return passages


def active_links(passage_ids: Iterable[int]) -> list[tuple[int, int, int, str, str, str]]:
    """(id, passage id, entry id, origin, status, kind name) of the active links of every kind
    of these passages, in one query."""
    ids = list(passage_ids)
    sql, params = _links_sql(len(ids), settings.SHOW_UNREVIEWED_LINKS)
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[-param - 1] if _is_stand_in(param) else param for param in params])
        return cursor.fetchall()


@lru_cache(maxsize=256)
def _links_sql(count: int, show_unreviewed: bool) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters of the links query for count passages, compiled once (the ORM
    took a few milliseconds a page to build it): the ids stand in as -1, -2, …, which the
    caller replaces. show_unreviewed is the setting the query was compiled under."""
    return _links_queryset([-n for n in range(1, count + 1)]).query.sql_with_params()


def _is_stand_in(param: object) -> bool:
    return type(param) is int and param < 0


def _links_queryset(passage_ids: list[int]) -> QuerySet:
    first, *others = [
        kind.link_model.objects.active()
        .filter(passage_id__in=passage_ids)
        .annotate(entry_id=F(f"{kind.name}_id"), kind=Value(kind.name))
        .order_by()
        .values_list(*LINK_COLUMNS)
        for kind in TAXONOMY
    ]
    return first.union(*others, all=True)
