"""Haystack's Whoosh backend, extended for legalkb (the embedded default engine).

- The schema indexes the TokensFields' tokens (analysed in Python by legalkb.text.analysis)
  as they are, and makes facet fields ID/KEYWORD fields so their values are never stemmed.
- A reader's query is translated from legalkb.search.query's tree, not parsed by Whoosh.
  Any other query (Haystack's query strings, more_like_this, autocomplete) takes Haystack's
  own Whoosh path, except on TokensFields, where it fails with NotImplementedError.
- Counts and facets come from sets of document numbers (each term's postings read once
  per search) and the facet fields' columns; each thread reuses its searcher until the
  index changes.
- Index generations, fresh-row writes and the write methods come from GenerationsMixin;
  writers wait a bounded time for Whoosh's lock and retry.
"""

import logging
import pickle
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from django.db.models import Model
from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesListColumn
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import IndexError as WhooshIndexError
from whoosh.index import LockError
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from .. import query as q
from ..errors import IndexUnavailable
from ..facets import EVERY_VALUE, FacetCounts, FacetLimits, most_frequent_first
from ..fields import FacetField, FacetValuesField, TokensField, fields_of
from ..query import FieldFilters, Node
from .base import Document, GenerationsMixin, Reader, ReaderQueryMixin

T = TypeVar("T")

log = logging.getLogger(__name__)

SEARCH_ATTEMPTS = 3  # a search that meets a commit in progress reads the index again
LOCK_TIMEOUT = 5.0  # seconds one attempt waits for the writer lock
LOCK_ATTEMPTS = 12  # a write waits about a minute before it gives up
SORT_FIELDS = ("source_id", "position")
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, WhooshIndexError)
# Haystack's search parameters that a reader's query does not honour, and the
# SearchQuerySet methods that set them.
READER_UNSUPPORTED = {
    "highlight": "highlight()",
    "date_facets": "date_facet()",
    "query_facets": "query_facet()",
    "narrow_queries": "narrow()",
    "spelling_query": "spelling_suggestion(preferred_query)",
    "boost": "boost()",
    "within": "within()",
    "dwithin": "dwithin()",
    "distance_point": "distance()",
}


def to_whoosh(node: Node) -> wq.Query:
    """The Whoosh query for a node of legalkb.search.query's tree."""
    match node:
        case q.Term(field, text, boost):
            return wq.Term(field, text, boost=boost)
        case q.Phrase(field, terms, boost, slop):
            return wq.Phrase(field, list(terms), slop=slop + 1, boost=boost)
        case q.Constant(clause, score):
            return wq.ConstantScoreQuery(to_whoosh(clause), score)
        case q.Values(field, values):
            return wq.Or([wq.Term(field, value) for value in values])
        case q.AnyOf(clauses, boost):
            return wq.Or([to_whoosh(c) for c in clauses], boost=boost)
        case q.AllOf(clauses, boost):
            return wq.And([to_whoosh(c) for c in clauses], boost=boost)
        case q.Ranked(required, optional):
            return wq.AndMaybe(to_whoosh(required), to_whoosh(optional))
        case q.Excluding(included, excluded):
            return wq.AndNot(to_whoosh(included), to_whoosh(excluded))
        case q.Everything():
            return wq.Every()
        case q.Nothing():
            return wq.NullQuery
    raise TypeError(f"not a query node: {node!r}")


def refuse_unsupported_params(params: Mapping[str, object]) -> None:
    """NotImplementedError naming the SearchQuerySet methods a reader's query would ignore."""
    unsupported = [method for name, method in READER_UNSUPPORTED.items() if params.get(name)]
    if unsupported:
        raise NotImplementedError(
            f"{', '.join(unsupported)} with a reader's query (filter(content=AutoQuery(text))) is "
            "not supported by legalkb's engine: it honours exact field__in filters, facet(), "
            "order_by() and slicing."
        )


def filter_query(filters: FieldFilters) -> wq.Query | None:
    """Exact facet values: values of one field ORed, fields ANDed; None for no filter."""
    fields = [wq.Or([wq.Term(field, value) for value in values]) for field, values in filters.items()]
    return wq.And(fields) if fields else None


class FacetValues(KEYWORD):
    """A multi-valued facet field ("a,b") that also keeps each passage's values in a
    list column, so counting facets reads the hits only, not every posting."""

    def __init__(self) -> None:
        super().__init__(stored=True, commas=True)
        self.set_sortable(VarBytesListColumn())

    def to_column_value(self, value: str) -> list[bytes]:
        return [self.to_bytes(v) for v in value.split(",") if v]


class WhooshWriter:
    """Adds and deletes documents through one Whoosh writer and one searcher."""

    def __init__(self, backend: "KazakhWhooshBackend", writer: Any) -> None:
        self.backend, self.writer = backend, writer
        self.searcher = writer.searcher()

    def add(self, document: Document) -> None:
        """Add or replace the document (by its id)."""
        document = {key: self.backend._from_python(value) for key, value in document.items()}
        document.pop("boost", None)
        self.writer.delete_by_term(ID, document[ID], searcher=self.searcher)
        self.writer.add_document(**document)

    def delete(self, field: str, value: str) -> None:
        """Delete the documents whose field holds value."""
        self.writer.delete_by_term(field, value, searcher=self.searcher)


class LiveIndex:
    """The live generation's Whoosh index, looked up at each use: what Haystack's Whoosh
    code finds in backend.index. It never needs a refresh."""

    def __init__(self, backend: "KazakhWhooshBackend") -> None:
        self.backend = backend

    def refresh(self) -> "LiveIndex":
        """Itself: Haystack's Whoosh code refreshes what it calls the index."""
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend.live_index(), name)


class KazakhWhooshBackend(GenerationsMixin, WhooshSearchBackend):
    """Haystack's Whoosh backend on legalkb's index generations and query tree."""

    engine_name = "whoosh"

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        if connection_options.get("STORAGE", "file") != "file":
            raise NotImplementedError(
                "Whoosh's STORAGE='ram' is not supported: legalkb's Whoosh engine keeps index "
                "generations in files under PATH."
            )
        super().__init__(connection_alias, **connection_options)
        self._live_path: Path | None = None

    def setup(self) -> None:
        """The schema and Haystack's query parser; generations are opened when used."""
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.token_fields = fields_of(fields, TokensField)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])
        self.index = LiveIndex(self)
        self.setup_complete = True

    @property
    def reads_tokens(self) -> bool:
        """Whether the index holds every field legalkb.search.query searches."""
        return set(q.TEXT_FIELDS) <= self.token_fields

    def build_schema(self, fields: Mapping[str, Any]) -> tuple[str, Schema]:
        """Haystack's schema, the TokensFields' tokens indexed as they are and facet fields exact."""
        content_field_name, schema = super().build_schema(fields)
        replaced = {name: schema[name] for name in schema.names() if not name.startswith("spell_")}
        tokens = SpaceSeparatedTokenizer()
        for field in fields.values():
            if isinstance(field, TokensField):
                name = field.index_fieldname
                replaced[name] = TEXT(analyzer=tokens, phrase=name in q.PHRASE_FIELDS, stored=field.stored)
        self.facet_values_fields = fields_of(fields, FacetValuesField)
        for name in self.facet_values_fields:
            replaced[name] = FacetValues()
        for name in fields_of(fields, FacetField):  # a column does the same for one value per passage
            replaced[name] = WHOOSH_ID(stored=True, sortable=True)
        for name in SORT_FIELDS:
            if name in replaced:
                replaced[name] = NUMERIC(numtype=int, stored=True, sortable=True)
        return content_field_name, Schema(**replaced)

    def create_generation(self, path: Path) -> None:
        """An empty Whoosh index in path."""
        if not self.setup_complete:
            self.setup()
        FileStorage(str(path)).create_index(self.schema)

    @contextmanager
    def writing(self, path: Path) -> Iterator[WhooshWriter]:
        """A committed writer on a generation, retrying while another process holds the lock."""
        if not self.setup_complete:
            self.setup()
        index = FileStorage(str(path)).open_index(schema=self.schema)
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            try:
                writer = index.writer(timeout=LOCK_TIMEOUT)
                break
            except LockError:
                log.warning("Search index is locked; retrying (%s/%s)", attempt, LOCK_ATTEMPTS)
                time.sleep(0.05 * attempt)
        else:
            raise LockError(f"The search index stayed locked for {LOCK_TIMEOUT * LOCK_ATTEMPTS:.0f} s.")
        try:
            yield WhooshWriter(self, writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def live_index(self) -> Any:
        """The live generation's Whoosh index, opened again only when another one went live."""
        if not self.setup_complete:
            self.setup()
        path = self.live_generation()
        if self._live_path != path:
            self._close_searcher()
            self._live_index = FileStorage(str(path)).open_index(schema=self.schema)
            self._live_path = path
        return self._live_index

    def delete_index(self) -> None:
        """Haystack's Whoosh backend removes its folder; here an empty generation goes live."""
        self.publish_empty()

    @contextmanager
    def reading(self) -> Iterator["WhooshReader"]:
        """A reader of the live generation (this thread's searcher, kept open)."""
        yield WhooshReader(self._searcher(), self.facet_values_fields)

    def search(self, query_string: str, text_query: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """A reader's query (text_query) when the index has legalkb's token fields, or else
        Haystack's query string, run by Haystack's Whoosh backend."""
        if not self.setup_complete:
            self.setup()
        reader_query = text_query is not None and self.reads_tokens
        if reader_query:
            refuse_unsupported_params(kwargs)
        else:
            self.refuse_token_queries([query_string, *(kwargs.get("narrow_queries") or ())])
        if reader_query:
            return self._reading_again(partial(self.search_reader_query, text_query, **kwargs))
        return self._reading_again(partial(WhooshSearchBackend.search, self, query_string, **kwargs))

    def _reading_again(self, read: Callable[[], T]) -> T:
        """read(), again while a commit changes the index under it."""
        for _ in range(SEARCH_ATTEMPTS):
            try:
                return read()
            except FileNotFoundError:
                # A writer committed and removed the table of contents just listed: read again.
                self._close_searcher()
                self._live_path = None
            except UNREADABLE as error:
                self._live_path = None
                raise IndexUnavailable(f"The index cannot be read ({error!r}): run rebuild_index.") from error
        raise IndexUnavailable("The index kept changing under the search.")

    def _searcher(self) -> Any:
        """This thread's searcher (Haystack keeps a backend per thread), reopened only
        when the live generation changed or was written to: opening one reads every
        segment's files. live_index() closes it when another generation went live."""
        index = self.live_index()
        searcher = getattr(self, "_open_searcher", None)
        if searcher is None or not searcher.up_to_date():
            self._close_searcher()
            searcher = self._open_searcher = index.searcher()
        return searcher

    def _close_searcher(self) -> None:
        searcher = getattr(self, "_open_searcher", None)
        if searcher is not None:
            searcher.close()
        self._open_searcher = None

    def create_spelling_suggestion(self, query_string: str) -> str | None:
        """Haystack asks for a suggestion after every search; search_reader_query makes its own.
        Without legalkb's token fields, Whoosh's corrector suggests as in Haystack."""
        if not self.reads_tokens:
            return super().create_spelling_suggestion(query_string)
        return None

    def more_like_this(self, model_instance: Model, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """legalkb's related passages (GenerationsMixin) on legalkb's token fields; Haystack's
        own more_like_this otherwise, which needs the content field's text stored."""
        if not self.setup_complete:
            self.setup()
        if self.reads_tokens:
            related = partial(GenerationsMixin.more_like_this, self, model_instance, *args, **kwargs)
            return self._reading_again(related)
        name = self.content_field_name
        if name in self.token_fields and not self.schema[name].stored:
            raise NotImplementedError(
                f"more_like_this() is not supported: the content field {name!r} holds legalkb's "
                "analysed tokens and stores no text, so Whoosh cannot find a document's key terms."
            )
        return WhooshSearchBackend.more_like_this(self, model_instance, *args, **kwargs)

    def refuse_token_queries(self, query_strings: Iterable[str | None]) -> None:
        """Haystack's query syntax (filter, exclude, autocomplete, narrow, fuzzy, …) on a
        TokensField would compare raw text with analysed tokens: refuse it plainly."""
        for query_string in filter(None, query_strings):
            parsed = self.parser.parse(force_str(query_string))
            fields = {leaf.field() for leaf in parsed.leaves() if not isinstance(leaf, wq.Every)}
            if fields & self.token_fields:
                raise NotImplementedError(
                    f"Haystack's query syntax on {', '.join(sorted(fields & self.token_fields))} is "
                    f"not supported ({query_string!r}): legalkb's analysed tokens are searched with "
                    "SearchQuerySet().filter(content=AutoQuery(text)) and exact field__in filters."
                )


class WhooshReader(Reader):
    """What legalkb's search asks of an engine (GenerationsMixin.search_reader_query),
    on one Whoosh searcher; multi_valued names the facet fields of several values."""

    def __init__(self, searcher: Any, multi_valued: Collection[str]) -> None:
        self.searcher, self.multi_valued = searcher, multi_valued
        self._sets: dict[Node, set[int]] = {}
        self._allowed_sets: dict[tuple[tuple[str, tuple[str, ...]], ...], set[int]] = {}

    def count(self, node: Node, filters: FieldFilters) -> int:
        """The documents node matches that the filters let through."""
        matching = self.documents(node)
        allowed = self._allowed(filters)
        return len(matching if allowed is None else matching & allowed)

    def documents(self, node: Node) -> set[int]:
        """The document numbers a node matches, by set algebra over the postings of its
        terms and phrases, each read once per search: Whoosh's own matchers walk every
        document in Python once per query, which a search asks several times."""
        if node not in self._sets:
            self._sets[node] = self._evaluate(node)
        return self._sets[node]

    def _evaluate(self, node: Node) -> set[int]:
        match node:
            case q.AnyOf(clauses, _):
                return set().union(*(self.documents(c) for c in clauses))
            case q.AllOf(clauses, _):
                return set.intersection(*(self.documents(c) for c in clauses))
            case q.Ranked(required, _) | q.Constant(required, _):
                return self.documents(required)
            case q.Excluding(included, excluded):
                return self.documents(included) - self.documents(excluded)
        return set(self.searcher.docs_for_query(to_whoosh(node)))

    def page(
        self, node: Node, filters: FieldFilters, sort_by: Sequence[str] | None, start: int, length: int
    ) -> list[tuple[int, float]]:
        """The passages node matches are the documents() set; Whoosh orders them. Its own
        matchers are not trusted to decide what matches: an AndNot over a constant-score
        clause let an excluded document through, and its top-N collector missed top hits."""
        if length <= 0:
            return []
        descending = {field.startswith("-") for field in sort_by or ()}
        if len(descending) > 1:
            raise NotImplementedError(f"The Whoosh engine cannot sort by {sort_by} (mixed directions).")
        matching = self.documents(node)
        allowed = self._allowed(filters)
        matching = matching if allowed is None else matching & allowed
        if sort_by:
            results = self.searcher.search(
                wq.Every(),
                limit=start + length,
                sortedby=[field.lstrip("-") for field in sort_by],
                reverse=True in descending,
                filter=matching,
            )
            found = [(hit.docnum, 0.0) for hit in results[start : start + length]]
        else:
            scores = {hit.docnum: hit.score for hit in self.searcher.search(to_whoosh(node), limit=None)}
            ranked = sorted(matching, key=lambda docnum: (-scores.get(docnum, 0.0), docnum))
            found = [(docnum, scores.get(docnum, 0.0)) for docnum in ranked[start : start + length]]
        return [(int(self.searcher.stored_fields(docnum)["django_id"]), score) for docnum, score in found]

    def facets(
        self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
    ) -> FacetCounts:
        """Every value (whatever the limits), counted from the facet fields' columns over the
        matching documents, segment by segment (a column is read with the segment's own
        document numbers). A segment none matches is not read: nor is the index of no
        segment, whose reader has no columns."""
        matching = self.documents(node)
        allowed = self._allowed(filters)
        ordered = sorted(matching if allowed is None else matching & allowed)
        counts: dict[str, Counter[str]] = {field: Counter() for field in fields}
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            local = ordered[
                bisect_left(ordered, offset) : bisect_left(ordered, offset + reader.doc_count_all())
            ]
            if not local:
                continue
            for field in fields:
                if field in self.multi_valued:
                    column = reader.column_reader(field, translate=False)
                    for docnum in local:
                        counts[field].update(value.decode("utf-8") for value in column[docnum - offset])
                else:
                    column = reader.column_reader(field)
                    counts[field].update(column[docnum - offset] for docnum in local)
        return {
            field: most_frequent_first((v, n) for v, n in counted.items() if v)
            for field, counted in counts.items()
        }

    def doc_frequency(self, field: str, term: str) -> int:
        """The documents holding the term, deleted ones included."""
        return self.searcher.reader().doc_frequency(field, term)

    def doc_count(self) -> int:
        """The documents of the generation."""
        return self.searcher.doc_count()

    def terms_with_prefix(self, field: str, prefix: str) -> Iterator[tuple[str, int]]:
        """(term, documents holding it) of the terms beginning with prefix, in order."""
        for term, info in self.searcher.reader().iter_prefix(field, prefix):
            yield term.decode("utf-8"), info.doc_frequency()

    def _allowed(self, filters: FieldFilters) -> set[int] | None:
        """The documents the filters let through (None: all), found once per search."""
        if not filters:
            return None
        key = tuple(sorted((field, tuple(values)) for field, values in filters.items()))
        if key not in self._allowed_sets:
            self._allowed_sets[key] = set(self.searcher.docs_for_query(filter_query(filters)))
        return self._allowed_sets[key]


class KazakhSearchQuery(ReaderQueryMixin, WhooshSearchQuery):
    """Haystack's Whoosh SearchQuery, handing a reader's query to the backend as such."""


class KazakhWhooshEngine(WhooshEngine):
    """The engine settings name: ENGINE = "legalkb.search.backends.whoosh.KazakhWhooshEngine"."""

    backend = KazakhWhooshBackend
    query = KazakhSearchQuery
