"""The passages of a page of results with what results show, in four queries whatever the page's
size: the passages with their sources' slugs and titles, their notes, the acts they cite, then the
active links of every kind, whose entries come from the taxonomy each process keeps
(legalkb.search.entries). Each query's SQL is compiled once for each number of passages: the ORM
took about 0.8 ms a page to build the three model queries and set up their prefetches."""

from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Model, QuerySet, Value

from ..kinds import KINDS, TAXONOMY
from ..models import PREFETCHED_CITATIONS, PREFETCHED_NOTES, Act, ActCitation, Note, Passage, Source
from .entries import current_entries

LINK_COLUMNS = ("id", "passage_id", "entry_id", "origin", "status", "kind")
SOURCE_SHOWN = ("slug", "title")  # what results show of a passage's source
ACT_SHOWN = ("slug",)  # what results show of an act cited

IdsQuery = Callable[[list[int]], QuerySet]


def shown_passages(ids: Collection[int]) -> dict[int, Passage]:
    """{id: passage} of the public passages among ids, each with its source's slug and title, its
    notes (a snippet may come from one), the acts it cites (their slugs), and its active links
    as PassageQuerySet.with_tags() prefetches them (Passage.tags reads them)."""
    ids = list(dict.fromkeys(ids))
    passages = {passage.pk: passage for passage in _read(Passage, _passages, ids)} if ids else {}
    if not passages:
        return passages
    for passage in passages.values():
        passage.source = _shown(Source, passage.source_id, passage, SOURCE_SHOWN)
        setattr(passage, PREFETCHED_NOTES, [])
        setattr(passage, PREFETCHED_CITATIONS, [])
        for kind in TAXONOMY:
            setattr(passage, kind.prefetched_links, [])
    for note in _read(Note, _notes, list(passages)):
        getattr(passages[note.passage_id], PREFETCHED_NOTES).append(note)
    for citation in _read(ActCitation, _act_citations, list(passages)):
        citation.act = _shown(Act, citation.act_id, citation, ACT_SHOWN)
        getattr(passages[citation.passage_id], PREFETCHED_CITATIONS).append(citation)
    entries = current_entries()
    for link_id, passage_id, entry_id, origin, status, kind_name in sorted(active_links(passages)):
        kind = KINDS[kind_name]
        read = {"id": link_id, "passage_id": passage_id, "origin": origin, "status": status}
        link = _instance(kind.link_model, {**read, f"{kind.name}_id": entry_id})
        setattr(link, kind.name, entries.entry(kind_name, entry_id))
        getattr(passages[passage_id], kind.prefetched_links).append(link)
    return passages


def active_links(passage_ids: Iterable[int]) -> list[tuple[int, int, int, str, str, str]]:
    """(id, passage id, entry id, origin, status, kind name) of the active links of every kind
    of these passages, in one query."""
    ids = list(passage_ids)
    with connection.cursor() as cursor:
        cursor.execute(*_compiled_for(_links, ids))
        return cursor.fetchall()


def _read(model: type[Model], query: IdsQuery, ids: list[int]) -> Iterable[Any]:
    """The instances of model that query(ids) finds, with the columns it annotates as attributes."""
    return model.objects.raw(*_compiled_for(query, ids))


def _shown(model: type[Model], pk: int, row: Model, fields: Iterable[str]) -> Model:
    """An instance of model with the fields row read of it as "{model}_{field}"."""
    prefix = model._meta.model_name
    return _instance(model, {"id": pk, **{field: getattr(row, f"{prefix}_{field}") for field in fields}})


def _instance(model: type[Model], values: dict[str, Any]) -> Model:
    """An instance of model with these values (by attname), the rest deferred as only() would
    leave them: from_db takes the values in the order of the model's fields."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _compiled_for(query: IdsQuery, ids: list[int]) -> tuple[str, list[Any]]:
    """query's SQL for ids, kept compiled for a search page's number of ids; an export's thousand
    are compiled each time (a thousand kept compiled for every count would take 46 MB a process)."""
    from . import MAX_PAGE_SIZE  # the package imports this module first

    compiled = _compiled if len(ids) <= MAX_PAGE_SIZE else _compiled.__wrapped__
    sql, params = compiled(query, len(ids), settings.SHOW_UNREVIEWED_LINKS)
    return sql, [ids[-param - 1] if _is_stand_in(param) else param for param in params]


@lru_cache(maxsize=1024)
def _compiled(query: IdsQuery, count: int, show_unreviewed: bool) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters of query for count ids: the ids stand in as -1, -2, …, which
    _compiled_for replaces. show_unreviewed is the setting the query was compiled under."""
    return query([-n for n in range(1, count + 1)]).query.sql_with_params()


def _is_stand_in(param: object) -> bool:
    return type(param) is int and param < 0


def _passages(ids: list[int]) -> QuerySet:
    shown_of_source = {f"source_{field}": F(f"source__{field}") for field in SOURCE_SHOWN}
    return Passage.objects.public().filter(pk__in=ids).annotate(**shown_of_source).order_by()


def _notes(passage_ids: list[int]) -> QuerySet:
    return Note.objects.filter(passage_id__in=passage_ids)


def _act_citations(passage_ids: list[int]) -> QuerySet:
    shown_of_act = {f"act_{field}": F(f"act__{field}") for field in ACT_SHOWN}
    return ActCitation.objects.filter(passage_id__in=passage_ids).annotate(**shown_of_act)


def _links(passage_ids: list[int]) -> QuerySet:
    first, *others = [
        kind.link_model.objects.active()
        .filter(passage_id__in=passage_ids)
        .annotate(entry_id=F(f"{kind.name}_id"), kind=Value(kind.name))
        .order_by()
        .values_list(*LINK_COLUMNS)
        for kind in TAXONOMY
    ]
    return first.union(*others, all=True)
