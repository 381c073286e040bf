"""A Haystack engine on tantivy (a compiled search library), for large corpora.

- The schema comes from the SearchIndex fields: the token fields that
  legalkb.search_indexes fills with legalkb.text.analysis tokens use tantivy's built-in
  `whitespace` tokenizer (its `default` one lowercases and drops tokens of 40 bytes or
  more: a 20-letter Kazakh word); facet fields are `raw` fast fields, so facets are
  exact terms aggregations over every hit; integers are fast fields for sorting.
- A reader's query is translated from legalkb.search.query's tree, node by node.
- Every write takes a lock, then opens the generation afresh (a second tantivy writer
  would get LockBusy at once; writers wait a bounded time, with a growing pause),
  commits, lets merges finish and removes files no commit uses, so writers in several
  processes leave no orphaned segment files.
- Every search reloads its reader: tantivy's automatic reload never happens in a
  worker forked after the index was opened (gunicorn --preload).
"""

import fcntl
import logging
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import tantivy
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from .. import query as q
from ..errors import IndexUnavailable
from ..facets import EVERY_VALUE, FacetCounts, FacetLimits, most_frequent_first
from ..fields import TokensField
from ..query import FieldFilters, Node
from .base import UNSUPPORTED, Document, GenerationsMixin, Reader, ReaderQueryMixin

log = logging.getLogger(__name__)

TOKENS = "whitespace"  # tantivy's built-in: splits on whitespace, keeps tokens as they are
EXACT = "raw"  # tantivy's built-in: the whole value is one term
SORT_FIELDS = ("source_id", "position")
# Sorting by source, then position, reads one fast field holding both (tantivy sorts
# by one field): source_id in the high 32 bits, position in the low ones.
SORT_KEY = "source_position"
POSITION_BITS = 32
WRITER_LOCK = ".legalkb-writer.lock"  # in each generation, beside tantivy's own lock
WRITER_HEAP_BYTES = 64_000_000  # tantivy's per-thread minimum is 15 MB
LOCK_WAIT_SECONDS = 60.0  # a write waits about a minute for the writer lock, then gives up
SEARCH_ATTEMPTS = 3  # a search that meets a commit removing old files reads the index again
# Terms aggregations keep at most this many buckets; more raises an error instead of an
# "other" bucket (tantivy's own limit on buckets per request is 65,000).
MAX_FACET_VALUES = 65_000
HITS = "legalkb_hits"  # the aggregation counting the hits beside the facets (not a field's name)


class WriterLockBusy(RuntimeError):
    """Another writer held the index lock for longer than LOCK_WAIT_SECONDS."""


def to_tantivy(node: Node, schema: tantivy.Schema) -> tantivy.Query:
    """The tantivy query for a node of legalkb.search.query's tree."""
    match node:
        case q.Term(field, text, boost):
            return _boosted(tantivy.Query.term_query(schema, field, text), boost)
        case q.Phrase(field, terms, boost, _) if len(terms) == 1:
            return _boosted(tantivy.Query.term_query(schema, field, terms[0]), boost)
        case q.Phrase(field, terms, boost, 0):
            return _boosted(tantivy.Query.phrase_query(schema, field, list(terms)), boost)
        case q.Phrase(field, (first, second), boost, slop):
            return _boosted(_near(schema, field, first, second, slop), boost)
        case q.Constant(clause, score):
            return tantivy.Query.const_score_query(to_tantivy(clause, schema), score)
        case q.Values(field, values):
            return tantivy.Query.term_set_query(schema, field, list(values))
        case q.AnyOf(clauses, boost):
            return _boosted(_boolean(tantivy.Occur.Should, clauses, schema), boost)
        case q.AllOf(clauses, boost):
            return _boosted(_boolean(tantivy.Occur.Must, clauses, schema), boost)
        case q.Ranked(required, optional):
            return tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, to_tantivy(required, schema)),
                    (tantivy.Occur.Should, to_tantivy(optional, schema)),
                ]
            )
        case q.Excluding(included, excluded):
            return tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, to_tantivy(included, schema)),
                    (tantivy.Occur.MustNot, to_tantivy(excluded, schema)),
                ]
            )
        case q.Everything():
            return tantivy.Query.all_query()
        case q.Nothing():
            return tantivy.Query.empty_query()
    raise TypeError(f"not a query node: {node!r}")


def _near(schema: tantivy.Schema, field: str, first: str, second: str, slop: int) -> tantivy.Query:
    """second 1 to slop + 1 positions after first. tantivy's slop is a window on either side of
    the second term's offset (so it also finds the terms the other way round): offset k with
    slop s finds k - s to k + s positions after; an odd slop needs a second, exact, offset."""
    width = slop // 2
    near = tantivy.Query.phrase_query(schema, field, [(0, first), (1 + width, second)], width)
    if not slop % 2:
        return near
    farthest = tantivy.Query.phrase_query(schema, field, [(0, first), (slop + 1, second)])
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, near), (tantivy.Occur.Should, farthest)])


def _boolean(occur: tantivy.Occur, clauses: Iterable[Node], schema: tantivy.Schema) -> tantivy.Query:
    return tantivy.Query.boolean_query([(occur, to_tantivy(c, schema)) for c in clauses])


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def filter_query(filters: FieldFilters, schema: tantivy.Schema) -> tantivy.Query | None:
    """Exact values: values of one field ORed, fields ANDed; None for no filter. It adds
    nothing to the score."""
    fields = [
        (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, field, list(values)))
        for field, values in filters.items()
    ]
    return tantivy.Query.const_score_query(tantivy.Query.boolean_query(fields), 0.0) if fields else None


def sort_key(source_id: int, position: int) -> int:
    """The SORT_KEY of a passage: its source in the high bits, its position in the low ones."""
    return (source_id << POSITION_BITS) | position


class TantivyWriter:
    """Adds and deletes documents through one tantivy writer."""

    def __init__(self, backend: "TantivySearchBackend", writer: tantivy.IndexWriter) -> None:
        self.backend, self.writer = backend, writer

    def add(self, document: Document) -> None:
        """Add or replace the document (by its id)."""
        self.writer.delete_documents_by_term(ID, document[ID])
        self.writer.add_document(self.backend.tantivy_document(document))

    def delete(self, field: str, value: str) -> None:
        """Delete the documents whose field holds value."""
        self.writer.delete_documents_by_term(field, value)


class TantivyReader(Reader):
    """What legalkb's search asks of an engine (GenerationsMixin.search_reader_query), on
    one tantivy searcher."""

    def __init__(self, backend: "TantivySearchBackend", searcher: tantivy.Searcher) -> None:
        self.backend, self.searcher = backend, searcher
        self.multi_valued = {name for name, kind in backend.field_kinds.items() if kind == "list"}
        # id(node) -> (node, tantivy query); the node kept so its id stays its own
        self._translated: dict[int, tuple[Node, tantivy.Query]] = {}

    def count(self, node: Node, filters: FieldFilters) -> int:
        """The documents node matches within the filters."""
        # search() panics (a BaseException) on a limit of 0: ask for one and keep the count;
        # a constant score spares computing scores (a quarter of the time, measured).
        query = tantivy.Query.const_score_query(self._query(node, filters), 0.0)
        return self.searcher.search(query, 1, count=True).count  # type: ignore[attr-defined]  # missing from tantivy's stub

    def page(
        self, node: Node, filters: FieldFilters, sort_by: Sequence[str] | None, start: int, length: int
    ) -> list[tuple[int, float]]:
        """(pk, score) of the length documents from start, by score or in sort_by's order."""
        if length <= 0:
            return []
        found = self.searcher.search(
            self._query(node, filters), length, count=False, offset=start, **self.backend.order(sort_by)
        )
        return [(self._pk(address), 0.0 if sort_by else score) for score, address in found.hits]

    def facets(
        self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
    ) -> FacetCounts:
        """The facet fields' values over the documents node matches within the filters: the
        limits' most frequent of a field with a limit, every value of the others."""
        fields = list(fields)
        return self._aggregate(node, filters, fields, limits, count_hits=False)[1] if fields else {}

    def counted_facets(
        self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
    ) -> tuple[int, FacetCounts]:
        """(count, facets) of node within the filters from one aggregation (a count of its own
        would read every matching document again)."""
        fields = list(fields)
        if not fields or not self.backend.has_sort_key:
            return super().counted_facets(node, filters, fields, limits)
        hits, counts = self._aggregate(node, filters, fields, limits, count_hits=True)
        assert hits is not None  # asked for
        return hits, counts

    def _aggregate(
        self, node: Node, filters: FieldFilters, fields: Sequence[str], limits: FacetLimits, count_hits: bool
    ) -> tuple[int | None, FacetCounts]:
        """(the hits if count_hits, else None; {field: [(value, count), …]} counted over every hit,
        most frequent first), from one aggregation: every document has a SORT_KEY, so its
        values count the hits. A limit bounds the values given back (size), not the values each
        segment counts (segment_size): counts stay exact, and ties are ordered by value, as
        most_frequent_first orders them."""
        aggregations: dict[str, Any] = {
            field: {
                "terms": {
                    "field": field,
                    "size": limits.get(field, MAX_FACET_VALUES),
                    "segment_size": MAX_FACET_VALUES,
                }
            }
            for field in fields
        }
        if count_hits:
            aggregations[HITS] = {"value_count": {"field": SORT_KEY}}
        counted = self.searcher.aggregate(self._query(node, filters), aggregations)
        counts: FacetCounts = {}
        for field in fields:
            terms = counted[field]
            limited = field in limits
            if terms.get("doc_count_error_upper_bound") or (not limited and terms.get("sum_other_doc_count")):
                raise RuntimeError(f"Facet {field} has over {MAX_FACET_VALUES} values: counts are inexact.")
            buckets = terms["buckets"]
            counts[field] = most_frequent_first((bucket["key"], bucket["doc_count"]) for bucket in buckets)
        return (int(counted[HITS]["value"]) if count_hits else None), counts

    def doc_frequency(self, field: str, term: str) -> int:
        """The documents holding the term, deleted ones included."""
        return self.searcher.doc_freq(field, term)

    def doc_count(self) -> int:
        """The documents of the generation."""
        return self.searcher.num_docs

    def terms_with_prefix(self, field: str, prefix: str) -> Iterator[tuple[str, int]]:
        """(term, documents holding it) of the terms beginning with prefix."""
        return iter(self.searcher.terms_with_prefix(field, prefix))

    def _query(self, node: Node, filters: FieldFilters) -> tantivy.Query:
        """The node's tantivy query within the filters; a node asked again (the same object:
        a search asks of its trees several times) is translated once."""
        if id(node) not in self._translated:
            assert self.backend.schema is not None  # set up before any reader
            self._translated[id(node)] = (node, to_tantivy(node, self.backend.schema))
        return self.backend.matching(self._translated[id(node)][1], filters)

    def _pk(self, address: tantivy.DocAddress) -> int:
        return int(self.searcher.doc(address).to_dict()[DJANGO_ID][0])


class TantivySearchBackend(GenerationsMixin, BaseSearchBackend):
    """A Haystack backend on tantivy, over legalkb's index generations and query tree."""

    engine_name = "tantivy"

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        super().__init__(connection_alias, **connection_options)
        self.schema: tantivy.Schema | None = None
        self._index: tantivy.Index | None = None
        self._index_path: Path | None = None

    def setup(self) -> None:
        """The schema, from the SearchIndex fields."""
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)

    def build_schema(self, fields: Mapping[str, Any]) -> tuple[str, tantivy.Schema]:
        """The tantivy schema of the SearchIndex fields (and the name of the content field)."""
        builder = tantivy.SchemaBuilder()
        for name in (ID, DJANGO_CT, DJANGO_ID):
            builder.add_text_field(name, stored=True, tokenizer_name=EXACT)
        content_field_name = ""
        self.field_kinds: dict[str, str] = {}  # "list" for a multi-valued field, else "one"
        for field in fields.values():
            name = field.index_fieldname
            if field.document:
                content_field_name = name
            if isinstance(field, TokensField):
                option = "position" if name in q.PHRASE_FIELDS else "freq"
                builder.add_text_field(name, tokenizer_name=TOKENS, index_option=option)
            elif field.field_type == "integer":
                builder.add_integer_field(name, stored=field.stored, indexed=True, fast=True)
            elif field.field_type == "string":
                builder.add_text_field(name, stored=field.stored, tokenizer_name=EXACT, fast=True)
            else:
                raise NotImplementedError(f"The tantivy engine has no {field.field_type!r} fields ({name}).")
            self.field_kinds[name] = "list" if field.is_multivalued else "one"
        self.has_sort_key = set(SORT_FIELDS) <= set(fields)
        if self.has_sort_key:
            builder.add_integer_field(SORT_KEY, fast=True)
        return content_field_name, builder.build()

    def tantivy_document(self, document: Document) -> tantivy.Document:
        """The tantivy document of a Haystack one (empty values left out, the sort key added)."""
        values = {name: document[name] for name in (ID, DJANGO_CT, DJANGO_ID)}
        for name in self.field_kinds:
            value = document.get(name)
            if value not in (None, "", []):
                values[name] = value
        if self.has_sort_key:
            values[SORT_KEY] = sort_key(*(int(values[name]) for name in SORT_FIELDS))
        return tantivy.Document.from_dict(values, self.schema)

    def ensure_setup(self) -> None:
        """Read the schema once, at the first use."""
        if self.schema is None:
            self.setup()

    def create_generation(self, path: Path) -> None:
        """An empty tantivy index in path."""
        self.ensure_setup()
        assert self.schema is not None
        tantivy.Index(self.schema, path=str(path), reuse=False)

    @contextmanager
    def writing(self, path: Path) -> Iterator[TantivyWriter]:
        """A committed writer on a generation opened afresh under legalkb's writer lock;
        merges finish and files no commit uses are removed before the lock is released."""
        self.ensure_setup()
        with open(path / WRITER_LOCK, "a+") as lock:
            writer = self._acquire_writer(path, lock)
            try:
                yield TantivyWriter(self, writer)
                writer.commit()
                writer.garbage_collect_files()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # drops the writer: tantivy's lock is released here
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _acquire_writer(path: Path, lock: IO[str]) -> tantivy.IndexWriter:
        """Take legalkb's lock, then open the index and tantivy's writer, retrying with a
        growing pause while another process holds either; WriterLockBusy after
        LOCK_WAIT_SECONDS. The index is opened only once the lock is held: tantivy reads
        its list of the files it manages when an index is opened and rewrites it on
        commit, so a writer that opened the index before another's commit would drop that
        writer's files from the list, and they would never be removed (orphans)."""
        deadline, pause = time.monotonic() + LOCK_WAIT_SECONDS, 0.01
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                try:
                    return tantivy.Index.open(str(path)).writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
                except ValueError as error:  # LockBusy: a writer that is not legalkb's
                    fcntl.flock(lock, fcntl.LOCK_UN)
                    if "LockBusy" not in str(error):
                        raise
            except BlockingIOError:
                pass
            if time.monotonic() > deadline:
                message = f"The search index stayed locked for {LOCK_WAIT_SECONDS:.0f} s."
                raise WriterLockBusy(message) from None
            log.info("Search index is locked; retrying in %.2f s", pause)
            time.sleep(pause)
            pause = min(pause * 2, 1.0)

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the live generation as committed now (reloaded on every call)."""
        error = None
        for _ in range(SEARCH_ATTEMPTS):
            try:
                return self._reloaded_searcher()
            except ValueError as unreadable:
                # Unreadable, or a commit removed files the reload was about to open: read again.
                self._index_path = None
                error = unreadable
        raise IndexUnavailable(f"The index cannot be read ({error}): run rebuild_index.") from error

    def _reloaded_searcher(self) -> tantivy.Searcher:
        self.ensure_setup()
        path = self.live_generation()
        if self._index_path != path or self._index is None:
            if not tantivy.Index.is_compatible(str(path)):
                raise IndexUnavailable(f"{path} was written by another tantivy version: run rebuild_index.")
            self._index = tantivy.Index.open(str(path))
            self._index.config_reader(reload_policy="manual")
            self._index_path = path
        self._index.reload()
        return self._index.searcher()

    @contextmanager
    def reading(self) -> Iterator[TantivyReader]:
        """A reader of the live generation as committed now."""
        yield TantivyReader(self, self._searcher())

    def search(self, query_string: str, text_query: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A reader's query; Haystack's own query strings are refused."""
        for keyword, feature in UNSUPPORTED.items():
            if kwargs.get(keyword):
                raise NotImplementedError(f"The tantivy engine does not support Haystack's {feature}.")
        if text_query is None:
            raise NotImplementedError(
                "The tantivy engine answers a reader's text (content=AutoQuery(…)) with exact "
                f"field__in filters; Haystack's query {query_string!r} is not one."
            )
        return self.search_reader_query(text_query, **kwargs)

    def matching(self, query: tantivy.Query, filters: FieldFilters) -> tantivy.Query:
        """query, within the filters."""
        assert self.schema is not None  # set up before any search
        narrowing = filter_query(filters, self.schema)
        if narrowing is None:
            return query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, narrowing)])

    @staticmethod
    def order(sort_by: Sequence[str] | None) -> dict[str, Any]:
        """search() arguments for Haystack's order_by: by score, by source then position
        (or source alone), or by one integer field."""
        if not sort_by:
            return {}
        fields = tuple(field.lstrip("-") for field in sort_by)
        descending = {field.startswith("-") for field in sort_by}
        if len(descending) > 1:
            raise NotImplementedError(f"The tantivy engine cannot sort by {sort_by} (mixed directions).")
        if fields == SORT_FIELDS[: len(fields)]:
            field = SORT_KEY
        elif len(fields) == 1:
            field = fields[0]
        else:
            raise NotImplementedError(f"The tantivy engine cannot sort by {sort_by}.")
        order = tantivy.Order.Desc if True in descending else tantivy.Order.Asc
        return {"order_by_field": field, "order": order}


class TantivySearchQuery(ReaderQueryMixin, BaseSearchQuery):
    """Haystack's SearchQuery, handing a reader's query to the backend as such."""

    def build_query_fragment(self, field: str, filter_type: str, value: object) -> str:
        """Haystack's query string, shown in logs and errors (the backend searches with
        the reader's text and filters, not this string)."""
        return f"{field}__{filter_type}={value}"


class TantivyEngine(BaseEngine):
    """The engine settings name: ENGINE = "legalkb.search.backends.tantivy.TantivyEngine"."""

    backend = TantivySearchBackend
    query = TantivySearchQuery
