"""A Haystack engine on SolrCloud (Haystack's Solr backend and pysolr), for a search tier of
its own: several web servers share one collection, replicated across Solr nodes.

- The configset (solr/conf) indexes the TokensFields' tokens, analysed in Python by
  legalkb.text.analysis, split on whitespace only; facet fields are exact strings with
  doc values; scoring is BM25 with statistics exact across shards.
- A reader's query is translated from legalkb.search.query's tree into Lucene's query
  syntax, node by node; exact filters are filter queries, which add nothing to the score.
- Generations are collections behind an alias (CollectionStore): a rebuild fills a new
  collection and moves the alias to it in one step (CREATEALIAS), and writes made
  meanwhile reach both. Searches read the collection the alias names when they start.
- Every write is committed (a soft commit) before it returns, so what the outbox hands
  the engine is searchable when its rows are removed; a write that fails (a node down
  with no replica to take over) raises, and the outbox keeps the rows.
- Any other Haystack query (one not made by legalkb's search) takes Haystack's own Solr
  path, against the alias; on the token fields it fails with NotImplementedError. A
  connection whose indexes lack legalkb's token fields is written as Haystack writes it.
"""

import json
import logging
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pysolr
import requests
from django.db.models import Model
from haystack.backends import BaseEngine
from haystack.backends.solr_backend import SolrSearchBackend, SolrSearchQuery
from haystack.constants import DJANGO_ID, ID
from haystack.indexes import SearchIndex

from ...solrcloud.admin import SolrAdmin, SolrAdminError
from .. import query as q
from ..errors import IndexUnavailable
from ..facets import EVERY_VALUE, FacetCounts, FacetLimits, most_frequent_first
from ..fields import FacetValuesField, TokensField, fields_of
from ..query import FieldFilters, Node
from ..storage import Generation, IndexOwnedElsewhere, IndexStore
from .base import UNSUPPORTED, Document, GenerationsMixin, Reader, ReaderQueryMixin, database_identity

log = logging.getLogger(__name__)

CONFIGSET = "legalkb"  # solr/conf, uploaded under this name (make solr does it too)
BUILDING_SUFFIX = "-building"  # the alias of the collection a rebuild is filling
NAME_SEPARATOR = "--"  # a collection is named alias--schema version--time it was made
WRITE_SECONDS = 120  # a write of a batch and its commit (searches wait Haystack's TIMEOUT)
ALIAS_CHECK_SECONDS = 1.0  # how often a search checks what the alias names
MAX_TERMS = 20_000  # lexicon terms one prefix lists (legalkb.search.plan reads at most as many)
NOTHING = "(+*:* -*:*)"

T = TypeVar("T")


def to_lucene(node: Node) -> str:
    """Lucene's query syntax for a node of legalkb.search.query's tree."""
    match node:
        case q.Term(field, text, boost):
            return f"{field}:{_quoted(text)}{_boost(boost)}"
        case q.Phrase(field, terms, boost, 0):
            return f"{field}:{_quoted(' '.join(terms))}{_boost(boost)}"
        case q.Phrase(field, (first, second), boost, slop):
            # Lucene's own sloppy phrase also finds the words the other way round; the surround
            # parser's nW finds the second at most n positions after the first.
            near = f"{field}:{slop + 1}W({_quoted(first)}, {_quoted(second)})"
            return f"({{!surround v={_quoted(near)}}}){_boost(boost)}"
        case q.Constant(clause, score):
            return f"({to_lucene(clause)})^={_number(score)}"
        case q.Values(field, values) if values:
            return f"({field}:({' '.join(_quoted(v) for v in values)}))^=0"
        case q.AnyOf(()):
            return NOTHING
        case q.AnyOf(clauses, boost):
            return f"({' '.join(to_lucene(c) for c in clauses)}){_boost(boost)}"
        case q.AllOf(clauses, boost):
            return f"({' '.join('+' + to_lucene(c) for c in clauses)}){_boost(boost)}"
        case q.Ranked(required, optional):
            return f"(+{to_lucene(required)} {to_lucene(optional)})"
        case q.Excluding(included, excluded):
            return f"(+{to_lucene(included)} -{to_lucene(excluded)})"
        case q.Everything():
            return "*:*"
        case q.Nothing() | q.Values():
            return NOTHING
    raise TypeError(f"not a query node: {node!r}")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _boost(boost: float) -> str:
    return "" if boost == 1.0 else f"^{_number(boost)}"


def _number(value: float) -> str:
    """value in plain decimals: Lucene's syntax has no exponents (1e-05 would read as 1e and a
    bare word -05, which Solr refuses)."""
    return format(Decimal(repr(value)), "f").removesuffix(".0")


def filter_queries(filters: FieldFilters) -> list[str]:
    """One filter query per field, its values ORed; an empty list of values finds nothing."""
    return [
        f"{field}:({' OR '.join(_quoted(str(v)) for v in values)})" if values else NOTHING
        for field, values in filters.items()
    ]


def sort_clause(sort_by: Sequence[str] | None) -> str:
    """Solr's sort for Haystack's order_by; by score, ties in source order."""
    if not sort_by:
        return "score desc,source_id asc,position asc"
    return ",".join(f"{f.lstrip('-')} {'desc' if f.startswith('-') else 'asc'}" for f in sort_by)


class CollectionStore(IndexStore):
    """Index generations as collections behind an alias, with IndexStore's pointers and
    locks: CURRENT is the alias itself, BUILDING the alias with BUILDING_SUFFIX. The lock
    that allows one rebuild at a time is a file in the local folder `root`, so rebuilds run
    from one machine (the one with the worker)."""

    def __init__(
        self,
        admin: SolrAdmin,
        alias: str,
        root: str | Path,
        owner: Callable[[], str] | None = None,
        shards: int = 2,
        replicas: int = 2,
    ) -> None:
        super().__init__(root, owner)
        self.admin, self.alias = admin, alias
        self.shards, self.replicas = shards, replicas

    def _alias_name(self, pointer: str) -> str:
        return self.alias if pointer == "CURRENT" else self.alias + BUILDING_SUFFIX

    def _pointed(self, name: str) -> str | None:
        try:
            return self.admin.aliases()[0].get(self._alias_name(name))
        except SolrAdminError as error:
            raise IndexUnavailable(str(error)) from error

    def _point(self, name: str, collection: str) -> None:
        self.admin.create_alias(self._alias_name(name), collection)

    def schema(self, collection: str) -> str | None:
        """The schema version in a collection's name; None for a collection of another alias."""
        parts = collection.split(NAME_SEPARATOR)
        return parts[1] if len(parts) == 3 and parts[0] == self.alias else None

    def check_owner(self) -> None:
        """Refuse a collection built from another database than this process's."""
        if self.owner is None:
            return
        recorded = self.admin.aliases()[1].get(self.alias, {}).get("owner")
        if recorded is not None and recorded != self.owner():
            raise IndexOwnedElsewhere(
                f"The Solr collection {self.alias} belongs to the database {recorded}, not to "
                f"{self.owner()}. Set LEGALKB_SOLR_COLLECTION to a collection of this database's own."
            )

    @contextmanager
    def rebuilding(self, schema_version: str, create: Callable[[str], object]) -> Iterator[str]:
        """A new collection for the body to fill, published by moving the alias to it; removed
        if the body raises. Collections the alias no longer names are then removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.check_owner()
        with self._rebuild_lock():
            self._remove_leftovers(0)
            stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.monotonic_ns() % 10_000:04d}"
            collection = NAME_SEPARATOR.join((self.alias, schema_version, stamp))
            try:
                create(collection)
                self._point("BUILDING", collection)
                yield collection
            except BaseException:
                self._remove_leftovers(0)
                raise
            self._point("CURRENT", collection)
            if self.owner is not None:
                self.admin.set_alias_property(self.alias, "owner", self.owner())
            self._remove_leftovers(0)

    def generations(self) -> list[str]:
        """This alias's collections, live or not."""
        return sorted(c for c in self.admin.collections() if self.schema(c) is not None)

    def _remove_leftovers(self, grace: float) -> list[str]:
        """Under the rebuild lock: remove a killed rebuild's alias, and this alias's collections
        that are not live. A search resolves the alias when it starts, so one that started on a
        replaced collection just before the switch may fail once (the page answers 503, the
        next search reads the new one): grace is not kept."""
        if self.alias + BUILDING_SUFFIX in self.admin.aliases()[0]:
            self.admin.delete_alias(self.alias + BUILDING_SUFFIX)
        live = self.live()
        removed = [collection for collection in self.generations() if collection != live]
        for collection in removed:
            self._delete(collection)
        return removed

    def _delete(self, collection: str) -> None:
        try:
            self.admin.delete_collection(collection)
        except SolrAdminError:
            log.exception(
                "Solr collection %s could not be removed; the next rebuild tries again.", collection
            )

    def remove_everything(self) -> None:
        """Remove the aliases and every collection of this store (tests, clean-up)."""
        for name in (self.alias + BUILDING_SUFFIX, self.alias):
            if name in self.admin.aliases()[0]:
                self.admin.delete_alias(name)
        for collection in self.generations():
            self._delete(collection)


class Nodes:
    """pysolr connections to one collection through each Solr node the settings list: a
    request that cannot reach a node goes to the next, and the node that answered is asked
    first next time. (SolrCloud routes every request to the replicas that hold the data, so
    any live node answers for the whole collection.)"""

    def __init__(self, base_urls: Iterable[str], collection: str, timeout: float) -> None:
        self.connections = [pysolr.Solr(f"{url}/{collection}", timeout=timeout) for url in base_urls]

    def search(self, *args: Any, **kwargs: Any) -> pysolr.Results:
        """pysolr's search, on a node that answers."""
        return self._on_a_node(lambda connection: connection.search(*args, **kwargs))

    def add(self, *args: Any, **kwargs: Any) -> str:
        """pysolr's add, on a node that answers."""
        return self._on_a_node(lambda connection: connection.add(*args, **kwargs))

    def delete(self, **kwargs: Any) -> str:
        """pysolr's delete, on a node that answers."""
        return self._on_a_node(lambda connection: connection.delete(**kwargs))

    def commit(self, **kwargs: Any) -> str:
        """pysolr's commit, on a node that answers."""
        return self._on_a_node(lambda connection: connection.commit(**kwargs))

    def terms(self, fields: list[str], params: Mapping[str, object]) -> dict[str, dict[str, int]]:
        """{field: {term: doc frequency}} of Solr's terms component over every shard, in Solr's
        order (by term, for a prefix)."""

        def ask(connection: pysolr.Solr) -> dict[str, list[Any]]:
            response = connection.get_session().get(
                f"{connection.url}/terms",
                params={"terms.fl": fields, "wt": "json", **params},
                timeout=connection.timeout,
            )
            if response.status_code != 200:
                raise pysolr.SolrError(
                    f"Solr's terms component answered {response.status_code}: {response.text[:300]}"
                )
            return response.json()["terms"]

        listed = self._on_a_node(ask)
        return {field: dict(zip(pairs[::2], pairs[1::2], strict=True)) for field, pairs in listed.items()}

    def _on_a_node(self, request: Callable[[pysolr.Solr], T]) -> T:  # type: ignore[return]  # a node answers or the last one raises
        for number, connection in enumerate(list(self.connections), start=1):
            try:
                answer = request(connection)
            except (pysolr.SolrError, requests.ConnectionError) as error:
                unreachable = isinstance(error, requests.ConnectionError) or isinstance(
                    error.__context__, requests.ConnectionError
                )
                if not unreachable or number == len(self.connections):
                    raise
                continue
            if number > 1:
                self.connections.remove(connection)
                self.connections.insert(0, connection)
            return answer


class SolrWriter:
    """Deletes at once, adds in one request when the write ends (SolrCloudBackend.writing)."""

    def __init__(self, connection: Nodes) -> None:
        self.connection = connection
        self.documents: list[Document] = []

    def add(self, document: Document) -> None:
        """Keep the document (without its empty values) for the request at the end."""
        json_value = self.json_value
        self.documents.append(
            {
                name: [json_value(v) for v in value] if isinstance(value, list) else json_value(value)
                for name, value in document.items()
                if value not in (None, "", [])
            }
        )

    def json_value(self, value: Any) -> Any:
        """Dates (of another SearchIndex's fields on the connection) as Haystack's Solr backend
        sends them, by pysolr's conversion; JSON carries strings, numbers and booleans."""
        return self.connection.connections[0]._from_python(value) if isinstance(value, date) else value

    def delete(self, field: str, value: str) -> None:
        """Delete the documents whose field holds value, at once (committed at the end)."""
        if field == ID:
            self.connection.delete(id=value, commit=False)
        else:
            self.connection.delete(q=f"{field}:{_quoted(value)}", commit=False)


class SolrReader(Reader):
    """What legalkb's search asks of an engine (GenerationsMixin.search_reader_query), on the
    alias; every count and facet of a search in one request (tally), the passages holding each
    of the query words' terms in another (prefetch); multi_valued names the facet fields of
    several values."""

    def __init__(self, connection: Nodes, multi_valued: Collection[str]) -> None:
        self.connection, self.multi_valued = connection, multi_valued
        self.frequencies: dict[tuple[str, str], int] = {}  # doc frequency, deleted documents included
        self.term_counts: dict[tuple[str, str], int] = {}  # live passages holding it

    def tally(
        self,
        counted: Mapping[str, Node],
        filters: FieldFilters,
        facet_node: Node,
        fields: Iterable[str],
        limits: FacetLimits = EVERY_VALUE,
    ) -> tuple[dict[str, int], FacetCounts]:
        """One request: a query facet per counted node, a terms facet per field over facet_node
        (every value, whatever the limits)."""
        facets: dict[str, dict[str, object]] = {
            f"count_{key}": {"type": "query", "q": to_lucene(node)} for key, node in counted.items()
        }
        facets.update(
            (
                field,
                {"type": "terms", "field": field, "limit": -1, "domain": {"filter": to_lucene(facet_node)}},
            )
            for field in fields
        )
        found = self.connection.search(
            "*:*", fq=filter_queries(filters), rows=0, **{"json.facet": json.dumps(facets)}
        )
        answer = found.raw_response.get("facets", {})
        counts = {key: answer.get(f"count_{key}", {}).get("count", 0) for key in counted}
        return counts, {
            field: most_frequent_first(
                (bucket["val"], bucket["count"]) for bucket in answer.get(field, {}).get("buckets", [])
            )
            for field in fields
        }

    def prefetch(self, words: Sequence[str]) -> None:
        """The passages holding each term the words may be searched as, counted among the live
        documents in one request (query facets), for count(Term(…), {})."""
        terms = sorted({term for word in words for term in q.searched_terms(word)}, key=repr)
        if not terms:
            return
        facets = {f"term_{i}": {"type": "query", "q": to_lucene(term)} for i, term in enumerate(terms)}
        found = self.connection.search("*:*", rows=0, **{"json.facet": json.dumps(facets)})
        answer = found.raw_response.get("facets", {})
        for i, term in enumerate(terms):
            self.term_counts[term.field, term.text] = answer.get(f"term_{i}", {}).get("count", 0)

    def select(self, node: Node, filters: FieldFilters, **params: Any) -> pysolr.Results | None:
        """Solr's answer for node within the filters; None for Nothing (no request)."""
        if isinstance(node, q.Nothing):
            return None
        return self.connection.search(to_lucene(node), fq=filter_queries(filters), **params)

    def count(self, node: Node, filters: FieldFilters) -> int:
        """The documents node matches within the filters (a prefetched term's without a request)."""
        if isinstance(node, q.Term) and not filters and (node.field, node.text) in self.term_counts:
            return self.term_counts[node.field, node.text]
        found = self.select(node, filters, rows=0)
        return found.hits if found is not None else 0

    def page(
        self, node: Node, filters: FieldFilters, sort_by: Sequence[str] | None, start: int, length: int
    ) -> list[tuple[int, float]]:
        """(pk, score) of the length documents from start, by score or in sort_by's order."""
        if length <= 0:
            return []
        found = self.select(
            node, filters, fl=f"{DJANGO_ID},score", sort=sort_clause(sort_by), start=start, rows=length
        )
        if found is None:
            return []
        return [(int(doc[DJANGO_ID]), 0.0 if sort_by else doc["score"]) for doc in found.docs]

    def facets(
        self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
    ) -> FacetCounts:
        """Every value of the facet fields (whatever the limits) over the documents node matches
        within the filters."""
        if not fields:
            return {}
        params = {"facet": "true", "facet.field": list(fields), "facet.limit": -1, "facet.mincount": 1}
        found = self.select(node, filters, rows=0, **params)
        counted = found.facets["facet_fields"] if found is not None else {}
        return {
            field: most_frequent_first(zip(values[::2], values[1::2], strict=True))
            for field, values in ((f, counted.get(f, [])) for f in fields)
        }

    def doc_frequency(self, field: str, term: str) -> int:
        """Deleted documents included; a term prefetch counted, among the live ones (as good
        to weigh a word by, and one request fewer)."""
        if (field, term) in self.term_counts:
            return self.term_counts[field, term]
        if (field, term) not in self.frequencies:
            found = self.connection.terms([field], {"terms.list": term})
            self.frequencies[field, term] = found.get(field, {}).get(term, 0)
        return self.frequencies[field, term]

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """In one request of the terms component."""
        wanted = [term for term in terms if (field, term) not in self.frequencies]
        if wanted:
            found = self.connection.terms([field], {"terms.list": ",".join(wanted), "terms.limit": -1})
            for term in wanted:
                self.frequencies[field, term] = found.get(field, {}).get(term, 0)
        return {term: self.frequencies[field, term] for term in terms}

    def doc_count(self) -> int:
        """The documents of the collection."""
        return self.connection.search("*:*", rows=0).hits

    def terms_with_prefix(self, field: str, prefix: str) -> Iterator[tuple[str, int]]:
        """(term, documents holding it) of the terms beginning with prefix, in order."""
        params = {"terms.prefix": prefix, "terms.limit": MAX_TERMS, "terms.sort": "index"}
        return iter(self.connection.terms([field], params).get(field, {}).items())


class SolrCloudBackend(GenerationsMixin, SolrSearchBackend):
    """Haystack's Solr backend on SolrCloud collections behind an alias, and legalkb's query tree."""

    engine_name = "solr"
    store: CollectionStore

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        """SOLR_URL (the Solr base URL of one node or several) and COLLECTION (the alias), or
        as for Haystack's Solr backend, URL (a base URL and the alias: …/solr/legalkb)."""
        if "SOLR_URL" in connection_options:
            solr_url, alias = connection_options["SOLR_URL"], connection_options.get("COLLECTION")
        else:
            solr_url, _, alias = connection_options["URL"].rstrip("/").rpartition("/")
        self.admin = SolrAdmin(solr_url)
        alias = alias or "legalkb"
        # PATH holds the rebuild lock (CollectionStore): by default, this machine's for the alias.
        path = connection_options.get("PATH") or Path(tempfile.gettempdir(), f"legalkb-solr-{alias}")
        super().__init__(
            connection_alias, **{**connection_options, "URL": f"{self.admin.base_url}/{alias}", "PATH": path}
        )
        self.store = CollectionStore(
            self.admin,
            alias,
            path,
            owner=database_identity,
            shards=int(connection_options.get("SHARDS", 2)),
            replicas=int(connection_options.get("REPLICAS", 2)),
        )
        # A connection's CONFIGSET is one already uploaded, for SearchIndexes of another schema.
        self.configset: str = connection_options.get("CONFIGSET") or CONFIGSET
        self.kinds: dict[type, frozenset[str]] = {}  # a kind of field (legalkb.search.fields): its names
        self.checked: tuple[float, Generation] | None = None  # (when, the live collection) of the last check

    def connection(self, collection: str, timeout: float | None = None) -> Nodes:
        """Connections to a collection (or the alias) through every node."""
        return Nodes(self.admin.base_urls, collection, timeout or self.timeout)

    def live_generation(self) -> Generation:
        """The live collection, checked against this version at most once every
        ALIAS_CHECK_SECONDS by a search (writes and rebuilds read the alias afresh: the
        store's writable()). Searches ask the alias itself, which Solr resolves at each request,
        so a search started just after a rebuild's switch reads the new collection."""
        now = time.monotonic()
        if self.checked is None or now - self.checked[0] > ALIAS_CHECK_SECONDS:
            try:
                self.checked = (now, super().live_generation())
            except SolrAdminError as error:
                raise IndexUnavailable(str(error)) from error
        return self.checked[1]

    def create_generation(self, collection: str) -> None:
        """A new empty collection with the connection's configset (legalkb's, uploaded afresh)."""
        if self.configset == CONFIGSET:
            self.admin.upload_configset(CONFIGSET)
        self.admin.create_collection(collection, self.configset, self.store.shards, self.store.replicas)

    @contextmanager
    def writing(self, collection: str) -> Iterator[SolrWriter]:
        """A writer whose documents are sent, and made searchable, when the block ends."""
        connection = self.connection(collection, WRITE_SECONDS)
        writer = SolrWriter(connection)
        yield writer
        if writer.documents:
            connection.add(writer.documents, commit=True, softCommit=True)
        else:
            connection.commit(softCommit=True)

    @contextmanager
    def reading(self) -> Iterator[SolrReader]:
        """A reader of the alias; IndexUnavailable when Solr cannot answer."""
        self.live_generation()
        try:
            yield SolrReader(self.connection(self.store.alias), self.fields_of(FacetValuesField))
        except (pysolr.SolrError, OSError) as error:
            raise IndexUnavailable(f"Solr could not answer: {error}") from error

    def is_current(self) -> bool:
        """Whether the live collection was built for this version (False when Solr cannot tell)."""
        try:
            return super().is_current()
        except SolrAdminError:
            return False

    def delete_index(self) -> None:
        """Haystack's clear: an empty collection goes live."""
        self.clear()

    @property
    def reads_tokens(self) -> bool:
        """Whether the connection's indexes hold every field legalkb.search.query searches."""
        return set(q.TEXT_FIELDS) <= self.fields_of(TokensField)

    def search(self, query_string: str, text_query: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A reader's query (text_query), or else Haystack's query string, run by Haystack's Solr backend."""
        if text_query is None:
            self.refuse_token_queries(query_string)
            return super().search(query_string, **kwargs)
        for keyword, feature in UNSUPPORTED.items():
            if kwargs.get(keyword):
                raise NotImplementedError(f"A reader's query on Solr does not support Haystack's {feature}.")
        return self.search_reader_query(text_query, **kwargs)

    def own_path(self) -> Any:
        """Where writes and more-like-this go: legalkb's (GenerationsMixin) for legalkb's token
        fields, Haystack's Solr backend on the alias for any other index, its commit=False and
        SILENTLY_FAIL included."""
        return GenerationsMixin if self.reads_tokens else SolrSearchBackend

    def update(self, index: SearchIndex, iterable: Iterable[Model], commit: bool = True) -> None:
        self.own_path().update(self, index, iterable, commit)

    def remove(self, obj_or_string: Model | str, commit: bool = True) -> None:
        self.own_path().remove(self, obj_or_string, commit)

    def clear(self, models: Iterable[type[Model]] | None = None, commit: bool = True) -> None:
        self.own_path().clear(self, models, commit)

    def more_like_this(self, model_instance: Model, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """legalkb's related passages on legalkb's token fields; Haystack's otherwise."""
        return self.own_path().more_like_this(self, model_instance, *args, **kwargs)

    def fields_of(self, kind: type) -> frozenset[str]:
        """The index field names of the SearchIndex fields of a kind (legalkb.search.fields)."""
        from haystack import connections

        if kind not in self.kinds:
            fields = connections[self.connection_alias].get_unified_index().all_searchfields()
            self.kinds[kind] = fields_of(fields, kind)
        return self.kinds[kind]

    def refuse_token_queries(self, query_string: str) -> None:
        """Haystack's query strings compare raw text with the token fields' analysed tokens."""
        token_fields = self.fields_of(TokensField)
        named = [f for f in token_fields if f"{f}:" in query_string]
        if named or (token_fields and ":" not in query_string and query_string != "*:*"):
            raise NotImplementedError(
                f"Haystack's query {query_string!r} would compare raw text with legalkb's analysed "
                "tokens; use filter(content=AutoQuery(…))."
            )


class SolrCloudSearchQuery(ReaderQueryMixin, SolrSearchQuery):
    """Haystack's Solr SearchQuery, handing a reader's query to the backend as such."""

    def reader_query(self) -> tuple[str, dict[str, list[str]]] | None:
        """Without legalkb's token fields, none: the query is Haystack's own."""
        return super().reader_query() if self.backend.reads_tokens else None


class SolrCloudEngine(BaseEngine):
    """The engine settings name: ENGINE = "legalkb.search.backends.solr.SolrCloudEngine"."""

    backend = SolrCloudBackend
    query = SolrCloudSearchQuery
