"""Haystack's Whoosh backend, extended for legalkb (the embedded default engine).

- The schema indexes tokens analysed in Python (legalkb.text.analysis), and makes facet
  fields ID/KEYWORD fields so their values are never stemmed.
- A reader's query is translated from legalkb.search.query's tree, not parsed by Whoosh.
- Facets are counted from columns; each thread reuses its searcher until the index changes.
- Index generations, fresh-row writes and the write methods come from GenerationsMixin;
  writers wait a bounded time for Whoosh's lock and retry.
"""

import logging
import pickle
import time
from contextlib import contextmanager

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
from whoosh.qparser import QueryParser
from whoosh.sorting import Count, FieldFacet, OverlappingCategorizer

from .. import query as q
from ..errors import IndexUnavailable
from .base import GenerationsMixin, ReaderQueryMixin

log = logging.getLogger(__name__)

SEARCH_ATTEMPTS = 3  # a search that meets a commit in progress reads the index again
LOCK_TIMEOUT = 5.0  # seconds one attempt waits for the writer lock
LOCK_ATTEMPTS = 12  # a write waits about a minute before it gives up
SINGLE_FACETS = ("source", "language")
MULTI_FACETS = ("principles", "authors", "reforms")
SORT_FIELDS = ("source_id", "position")
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, WhooshIndexError)


def to_whoosh(node):
    """The Whoosh query for a node of legalkb.search.query's tree."""
    match node:
        case q.Term(field, text, boost):
            return wq.Term(field, text, boost=boost)
        case q.Phrase(field, terms, boost):
            return wq.Phrase(field, list(terms), boost=boost)
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


def filter_query(filters):
    """Exact facet values: values of one field ORed, fields ANDed; None for no filter."""
    fields = [wq.Or([wq.Term(field, value) for value in values]) for field, values in filters.items()]
    return wq.And(fields) if fields else None


class FacetValues(KEYWORD):
    """A multi-valued facet field ("a,b") that also keeps each passage's values in a
    list column, so counting facets reads the hits only, not every posting."""

    def __init__(self):
        super().__init__(stored=True, commas=True)
        self.set_sortable(VarBytesListColumn())

    def to_column_value(self, value):
        return [self.to_bytes(v) for v in value.split(",") if v]


class ValuesFacet(FieldFacet):
    """Counts a FacetValues field from its column."""

    def __init__(self, fieldname, maptype=None):
        super().__init__(fieldname, allow_overlap=True, maptype=maptype)

    def categorizer(self, global_searcher):
        return ValuesCategorizer(global_searcher, self.fieldname)


class ValuesCategorizer(OverlappingCategorizer):
    def key_to_name(self, key):
        return key.decode("utf-8")


class WhooshWriter:
    """Adds and deletes documents through one Whoosh writer and one searcher."""

    def __init__(self, backend, writer):
        self.backend, self.writer = backend, writer
        self.searcher = writer.searcher()

    def add(self, document):
        document = {key: self.backend._from_python(value) for key, value in document.items()}
        document.pop("boost", None)
        self.writer.delete_by_term(ID, document[ID], searcher=self.searcher)
        self.writer.add_document(**document)

    def delete(self, field, value):
        self.writer.delete_by_term(field, value, searcher=self.searcher)


class KazakhWhooshBackend(GenerationsMixin, WhooshSearchBackend):
    engine_name = "whoosh"

    def setup(self):
        """The schema and parser; generations are opened when used."""
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.setup_complete = True

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        replaced = {name: schema[name] for name in schema.names() if not name.startswith("spell_")}
        tokens = SpaceSeparatedTokenizer()
        for name in q.TEXT_FIELDS:
            if name in replaced:
                replaced[name] = TEXT(analyzer=tokens, phrase=name in q.PHRASE_FIELDS)
        for name in MULTI_FACETS:
            if name in replaced:
                replaced[name] = FacetValues()
        for name in SINGLE_FACETS:  # a column does the same for one value per passage
            if name in replaced:
                replaced[name] = WHOOSH_ID(stored=True, sortable=True)
        for name in SORT_FIELDS:
            if name in replaced:
                replaced[name] = NUMERIC(numtype=int, stored=True, sortable=True)
        return content_field_name, Schema(**replaced)

    def create_generation(self, path):
        if not self.setup_complete:
            self.setup()
        FileStorage(str(path)).create_index(self.schema)

    @contextmanager
    def writing(self, path):
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

    def _open_live(self):
        """Point self.index at the live generation, reopening it when it changed."""
        if not self.setup_complete:
            self.setup()
        path = self.live_generation()
        if getattr(self, "_live_path", None) != path:
            self._close_searcher()
            self.storage = FileStorage(str(path))
            self.index = self.storage.open_index(schema=self.schema)
            self._live_path = path
        else:
            self.index = self.index.refresh()

    @contextmanager
    def reading(self):
        """A reader of the live generation (this thread's searcher, kept open)."""
        self._open_live()
        yield WhooshReader(self._searcher())

    def search(self, query_string, text_query=None, **kwargs):
        for attempt in range(1, SEARCH_ATTEMPTS + 1):
            try:
                if text_query is None:
                    self._open_live()
                    return super().search(query_string, **kwargs)
                return self.search_reader_query(text_query, **kwargs)
            except FileNotFoundError:
                # A writer committed and removed the table of contents just listed: read again.
                self._close_searcher()
                self._live_path = None
                if attempt == SEARCH_ATTEMPTS:
                    raise IndexUnavailable("The index kept changing under the search.") from None
            except UNREADABLE as error:
                self._live_path = None
                raise IndexUnavailable(f"The index cannot be read ({error!r}): run rebuild_index.") from error

    def _searcher(self):
        """This thread's searcher (Haystack keeps a backend per thread), reopened only
        when the index has a new generation: opening one reads every segment's files."""
        searcher = getattr(self, "_open_searcher", None)
        if searcher is None or not searcher.up_to_date():
            self._close_searcher()
            searcher = self._open_searcher = self.index.searcher()
        return searcher

    def _close_searcher(self):
        searcher = getattr(self, "_open_searcher", None)
        if searcher is not None:
            searcher.close()
        self._open_searcher = None

    def create_spelling_suggestion(self, query_string):
        """Haystack asks for a suggestion after every search; search_reader_query makes its own."""
        return None


class WhooshReader:
    """What legalkb's search asks of an engine (GenerationsMixin.search_reader_query),
    on one Whoosh searcher."""

    def __init__(self, searcher):
        self.searcher = searcher

    def count(self, node, filters):
        matching = self.searcher.docs_for_query(to_whoosh(node))
        allowed = self._allowed(filters)
        return sum(1 for docnum in matching if allowed is None or docnum in allowed)

    def page(self, node, filters, sort_by, start, length):
        if length <= 0:
            return []
        results = self.searcher.search(
            to_whoosh(node),
            limit=start + length,
            sortedby=[s.lstrip("-") for s in sort_by] if sort_by else None,
            filter=filter_query(filters),
        )
        return [(int(hit["django_id"]), hit.score) for hit in results[start : start + length]]

    def facets(self, node, filters, fields):
        if not fields:
            return {}
        grouped = self.searcher.search(
            to_whoosh(node),
            limit=1,
            filter=filter_query(filters),
            groupedby={
                f: (ValuesFacet if f in MULTI_FACETS else FieldFacet)(f, maptype=Count) for f in fields
            },
        )
        return {
            f: sorted(
                ((v, n) for v, n in grouped.groups(f).items() if v is not None),
                key=lambda vn: (-vn[1], vn[0]),
            )
            for f in fields
        }

    def doc_frequency(self, field, term):
        return self.searcher.reader().doc_frequency(field, term)

    def terms_with_prefix(self, field, prefix):
        for term, info in self.searcher.reader().iter_prefix(field, prefix):
            yield term.decode("utf-8"), info.doc_frequency()

    def _allowed(self, filters):
        query = filter_query(filters)
        return None if query is None else set(self.searcher.docs_for_query(query))


class KazakhSearchQuery(ReaderQueryMixin, WhooshSearchQuery):
    pass


class KazakhWhooshEngine(WhooshEngine):
    backend = KazakhWhooshBackend
    query = KazakhSearchQuery
