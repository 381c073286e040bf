"""What every legalkb search engine shares, whatever engine answers the queries.

- Index generations (legalkb.search.storage): searches read the live generation; every
  write reaches the live one and the one a rebuild is writing.
- Writes read the rows under the engine's writer lock (SearchIndex.read_fresh), so the
  process that writes last writes the newest rows, and objects gone from the database
  are removed; documents a SearchIndex skips (SkipDocument) are left out.
- Queries: the reader's text and exact facet filters reach the backend as such
  (LegalkbSearchQuery), and each engine translates legalkb.search.query's tree.

An engine supplies create_generation(path), writing(path) (a context manager giving a
writer with add(document) and delete(field, value), committed on exit), and
reading() (a context manager giving a Reader of the live generation with:
    count(node, filters) -> int
    page(node, filters, sort_by, start, length) -> [(pk, score), …]
    facets(node, filters, fields, limits) -> {field: [(value, count), …]}, at least the limits'
        most frequent values of each field (legalkb.search.facets.FacetLimits), all of the others
    multi_valued: the facet fields whose passages may hold several values
    doc_frequency(field, term) -> int
    doc_count() -> int, the documents of the generation
    terms_with_prefix(field, prefix) -> iterable of (term, doc frequency)
where node is a tree of legalkb.search.query and filters maps fields to exact values; a Term
may name a token field, a facet field or Haystack's id field, and scores with its boost).
A search server's reader may also answer Reader.tally and Reader.prefetch in fewer requests,
and an engine's Reader.counted_facets count and facets in one pass.
More-like-this (related passages) is built on the same reader (legalkb.search.related).
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from django.db import connections as databases
from django.db.models import Model
from haystack import connections
from haystack.backends import BaseSearchBackend, BaseSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.indexes import SearchIndex
from haystack.inputs import AutoQuery
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct

from ...models import Passage
from ...text.query import parse_query
from ...text.thesaurus import Thesaurus
from .. import field_values
from ..errors import IndexUnavailable
from ..facets import EVERY_VALUE, FacetCounts, FacetLimits, facet_counts, unselected
from ..plan import QueryPlan, WordReport, build_plan, suggestion
from ..query import FieldFilters, Node, Term
from ..related import related_query
from ..storage import Generation, IndexStore
from ..thesaurus import current_thesaurus

PASSAGE = Passage._meta  # the documents a reader's query finds
# Haystack features legalkb's search does not use, by the search() keyword that asks for them.
UNSUPPORTED = {
    "highlight": "highlight()",
    "date_facets": "date_facet()",
    "query_facets": "query_facet()",
    "narrow_queries": "narrow()",
    "within": "within()",
    "dwithin": "dwithin()",
    "distance_point": "distance()",
    "boost": "boost()",
    "stats": "stats()",
}
# Bump when the analysis chain or the fields change: update_index then rebuilds.
SCHEMA_VERSION = "6"

if TYPE_CHECKING:  # the Haystack classes the mixins below are mixed into
    _Backend: TypeAlias = BaseSearchBackend
    _Query: TypeAlias = BaseSearchQuery
else:
    _Backend = _Query = object

Document = dict[str, Any]  # a passage's search document, as Haystack's SearchIndex.full_prepare makes it
Prepare = Callable[[SearchIndex, Sequence[Model]], tuple[list[Document], set[str]]]  # read_and_prepare


class Reader:
    """What an engine's reader may do better than one question at a time; the questions every
    reader answers are declared for type checking (the module's docstring says what they do)."""

    if TYPE_CHECKING:
        multi_valued: Collection[str]

        def count(self, node: Node, filters: FieldFilters) -> int: ...

        def page(
            self, node: Node, filters: FieldFilters, sort_by: Sequence[str] | None, start: int, length: int
        ) -> list[tuple[int, float]]: ...

        def facets(
            self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
        ) -> FacetCounts: ...

        def doc_frequency(self, field: str, term: str) -> int: ...

        def doc_count(self) -> int: ...

        def terms_with_prefix(self, field: str, prefix: str) -> Iterable[tuple[str, int]]: ...

    def tally(
        self,
        counted: Mapping[str, Node],
        filters: FieldFilters,
        facet_node: Node,
        fields: Iterable[str],
        limits: FacetLimits = EVERY_VALUE,
    ) -> tuple[dict[str, int], FacetCounts]:
        """({key: passages matching node, for each key, node of counted}, facets of facet_node);
        facet_node is one of counted's nodes (the first group), counted with its facets."""
        facet_count, facets = self.counted_facets(facet_node, filters, fields, limits)
        counts = {
            key: facet_count if node is facet_node else self.count(node, filters)
            for key, node in counted.items()
        }
        return counts, facets

    def counted_facets(
        self, node: Node, filters: FieldFilters, fields: Iterable[str], limits: FacetLimits = EVERY_VALUE
    ) -> tuple[int, FacetCounts]:
        """(count(node, filters), facets(node, filters, fields, limits)), which an engine may
        count together."""
        return self.count(node, filters), self.facets(node, filters, fields, limits)

    def prefetch(self, words: Sequence[str]) -> None:
        """Learn the passage counts of the terms the plan of a query of these words will ask
        for (PublicLexicon counts a term's passages with count(Term(field, term), {}))."""

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """{term: doc_frequency(field, term)} for many terms (related passages weigh a passage's
        every stem)."""
        return {term: self.doc_frequency(field, term) for term in terms}


class Writer(Protocol):
    """What an engine's writing(path) gives: documents added and deleted, committed on exit."""

    def add(self, document: Document) -> None: ...

    def delete(self, field: str, value: str) -> None: ...


class GenerationsMixin(_Backend):
    """A Haystack backend's writes and reader's queries over index generations (storage.IndexStore)."""

    engine_name = ""

    if TYPE_CHECKING:

        def create_generation(self, path: Generation) -> None: ...

        def writing(self, path: Generation) -> AbstractContextManager[Writer]: ...

        def reading(self) -> AbstractContextManager[Reader]: ...

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        super().__init__(connection_alias, **connection_options)
        self.store = IndexStore(connection_options["PATH"], owner=database_identity)

    @property
    def schema_version(self) -> str:
        return f"{self.engine_name}-{SCHEMA_VERSION}"

    def live_generation(self) -> Generation:
        """The generation searches read; IndexUnavailable when it is missing or was built
        by another engine or version."""
        path = self.store.live()
        if path is None:
            raise IndexUnavailable(f"No search index in {self.store.root}: run manage.py rebuild_index.")
        if self.store.schema(path) != self.schema_version:
            raise IndexUnavailable(
                f"The index in {path} was built as {self.store.schema(path)!r}, this version needs "
                f"{self.schema_version!r}: run manage.py rebuild_index."
            )
        return path

    def is_current(self) -> bool:
        """Whether a live generation exists and was built for this engine and version."""
        try:
            self.live_generation()
        except IndexUnavailable:
            return False
        return True

    def update(self, index: SearchIndex, iterable: Iterable[Model], commit: bool = True) -> None:
        """Index the objects into every writable generation (an empty one published first if none is live)."""
        objects = list(iterable)
        if objects:
            self.write(self.store.writable() or [self.publish_empty()], index, objects)

    def write(
        self,
        paths: Iterable[Generation],
        index: SearchIndex,
        objects: Sequence[Model],
        prepare: Prepare | None = None,
    ) -> None:
        """Index objects into each generation of paths, reading their rows afresh under the
        writer lock; prepare(index, objects) reads and prepares them (read_and_prepare)."""
        for path in paths:
            with self.writing(path) as writer:
                documents, existing = (prepare or read_and_prepare)(index, objects)
                for document in documents:
                    writer.add(document)
                for identifier in _identifiers(objects) - existing:
                    writer.delete(ID, identifier)

    def remove(self, obj_or_string: Model | str, commit: bool = True) -> None:
        """Delete one object's document from every writable generation."""
        identifier = get_identifier(obj_or_string)
        for path in self.store.writable():
            with self.writing(path) as writer:
                writer.delete(ID, identifier)

    def clear(self, models: Iterable[type[Model]] | None = None, commit: bool = True) -> None:
        """Everything: publish an empty generation in one step. Some models: delete their
        documents from every writable generation."""
        if models is None:
            self.publish_empty()
            return
        for path in self.store.writable():
            with self.writing(path) as writer:
                for model in models:
                    writer.delete(DJANGO_CT, get_model_ct(model))

    def publish_empty(self) -> Generation:
        """Make an empty generation live and return its path."""
        with self.store.rebuilding(self.schema_version, self.create_generation) as path:
            return path

    def search_reader_query(
        self,
        text_query: str | None,
        filters: FieldFilters | None = None,
        sort_by: Sequence[str] | None = None,
        start_offset: int = 0,
        end_offset: int | None = None,
        facets: Sequence[str] | Mapping[str, Mapping[str, Any]] | None = None,
        exact: bool = False,
        thesaurus: Thesaurus | None = None,
        fields: Callable[[str, str], tuple[str, list[str]]] | None = None,
        result_class: type[SearchResult] | None = None,
        **kwargs: object,
    ) -> dict[str, Any]:
        """A reader's query (legalkb.search.plan): the passages holding every known word
        first, then those holding them some only in related forms, then those holding
        some, paged together; facets as legalkb.search.facets counts them: Haystack's facet
        options, where a field's "limit" is how many of its most frequent values are wanted."""
        filters = filters or {}
        thesaurus = thesaurus if thesaurus is not None else current_thesaurus()
        with self.reading() as reader:
            parsed = parse_query(text_query)
            lexicon = PublicLexicon(reader)
            reader.prefetch([w for unit in parsed.words + parsed.phrases for w in unit.words])
            plan = build_plan(
                parsed, lexicon, thesaurus, exact, fields if fields is not None else field_values
            )
            plan.check_joined_words(reader)
            counts, facet_counts = _tally(reader, plan, filters, list(facets or ()), facet_limits(facets))
            start = start_offset or 0
            length = (end_offset if end_offset is not None else sum(counts)) - start
            hits: list[tuple[int, float, int]] = []
            ranked = not sort_by  # in source order, nothing needs a score
            for tier, (query, count) in enumerate(zip(plan.tiers(ranked), counts, strict=True)):
                wanted = min(length - len(hits), count - start)
                if query is not None and wanted > 0:
                    hits += [
                        (pk, score, tier) for pk, score in reader.page(query, filters, sort_by, start, wanted)
                    ]
                start = max(start - count, 0)
            return {
                "results": [
                    (result_class or SearchResult)(
                        PASSAGE.app_label, PASSAGE.model_name, pk, score, tier=tier
                    )
                    for pk, score, tier in hits
                ],
                "hits": sum(counts),
                "reader": ReaderAnswer(counts[0], counts[1], plan.reports),
                "facets": {"fields": facet_counts},
                "spelling_suggestion": suggestion(plan, parsed, lexicon) if exact else None,
            }

    def more_like_this(
        self,
        model_instance: Model,
        additional_query_string: str | None = None,
        start_offset: int = 0,
        end_offset: int | None = None,
        models: Iterable[type[Model]] | None = None,
        limit_to_registered_models: bool | None = None,
        result_class: type[SearchResult] | None = None,
        thesaurus: Thesaurus | None = None,
        **kwargs: object,
    ) -> dict[str, Any]:
        """The passages most like model_instance's search document (legalkb.search.related),
        best first, never model_instance itself; the
        answer's "query" says what they were found by. "hits" counts every passage found only
        when no end_offset bounds the answer (counting is a search of its own)."""
        if additional_query_string:
            raise NotImplementedError("more_like_this() takes no additional query in legalkb's engines.")
        index = connections[self.connection_alias].get_unified_index().get_index(type(model_instance))
        document = index.full_prepare(model_instance)
        left_out = [get_identifier(model_instance)]
        start = start_offset or 0
        with self.reading() as reader:
            query = related_query(document, reader, reader.doc_count(), thesaurus, left_out)
            end = reader.count(query.node, {}) if end_offset is None else end_offset
            total = end if end_offset is None else None
            hits = reader.page(query.node, {}, None, start, end - start)
            return {
                "results": [
                    (result_class or SearchResult)(PASSAGE.app_label, PASSAGE.model_name, pk, score)
                    for pk, score in hits
                ],
                "hits": start + len(hits) if total is None else total,
                "query": query,
            }


def facet_limits(facets: Sequence[str] | Mapping[str, Mapping[str, Any]] | None) -> FacetLimits:
    """The "limit" of each field in Haystack's facet options (SearchQuerySet.facet(field, limit=…))."""
    if not isinstance(facets, Mapping):
        return EVERY_VALUE
    return {field: options["limit"] for field, options in facets.items() if "limit" in options}


def _tally(
    reader: Reader, plan: QueryPlan, filters: FieldFilters, fields: Sequence[str], limits: FacetLimits
) -> tuple[list[int], FacetCounts]:
    """(the three groups' counts, the facets as legalkb.search.facets counts them), each
    requirement's passages set in its report; asked of the reader together (Reader.tally).
    The groups are counted as the nested sets that end with each (QueryPlan.widening),
    which spares an engine the exclusions."""
    widening = plan.widening()
    reported = [r for r in [*plan.requirements, *plan.constraints] if r.report.found]
    counted = {f"group{i}": node for i, node in enumerate(widening) if node is not None}
    counted.update((f"word{i}", r.clause) for i, r in enumerate(reported) if not plan.is_single(r))
    first = plan.tiers(ranked=False)[0]
    totals, first_facets = reader.tally(counted, filters, first, fields, unselected(limits, filters))
    nested: list[int] = []
    last = 0
    for i in range(len(widening)):
        last = totals.get(f"group{i}", last)
        nested.append(last)
    counts = [nested[0], nested[1] - nested[0], nested[2] - nested[1]]
    for i, requirement in enumerate(reported):
        requirement.report.passages = counts[0] if plan.is_single(requirement) else totals[f"word{i}"]
    return counts, facet_counts(reader, plan, counts, filters, fields, limits, first_facets)


class PublicLexicon:
    """The index's words as the passages it holds now tell them (legalkb.search.plan's lexicon).
    An engine's term statistics still count a document deleted (a withdrawn passage, or the old
    text of an edited one) until its segment is merged, which would report and correct words
    only withdrawn text holds: a word's passages are counted among the live documents."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def doc_frequency(self, field: str, term: str) -> int:
        """The live passages holding the term."""
        return self.reader.count(Term(field, term), {})

    def estimated_frequency(self, field: str, term: str) -> int:
        """The engine's statistics, deleted documents included: enough to weigh a word."""
        return self.reader.doc_frequency(field, term)

    def terms_with_prefix(self, field: str, prefix: str) -> Iterable[tuple[str, int]]:
        """(term, passages) with the engine's statistics, deleted documents included: what
        the plan picks from them it checks with doc_frequency."""
        return self.reader.terms_with_prefix(field, prefix)


def database_identity() -> str:
    """The database this process reads, without credentials: "engine host:port/name"."""
    database = databases["default"].settings_dict
    return f"{database['ENGINE']} {database['HOST']}:{database['PORT']}/{database['NAME']}"


def read_and_prepare(index: SearchIndex, objects: Sequence[Model]) -> tuple[list[Document], set[str]]:
    """(documents for the rows of objects as they are now, identifiers of the objects that
    still exist)."""
    fresh = index.read_fresh(objects) if hasattr(index, "read_fresh") else objects
    return prepare_documents(index, fresh), _identifiers(fresh)


def prepare_documents(index: SearchIndex, objects: Iterable[Model]) -> list[Document]:
    """Haystack's documents for objects, without those the index skips."""
    documents = []
    for obj in objects:
        try:
            documents.append(index.full_prepare(obj))
        except SkipDocument:
            continue
    return documents


def _identifiers(objects: Iterable[Model]) -> set[str]:
    return {get_identifier(obj) for obj in objects}


@dataclass
class ReaderAnswer:
    """What a reader's query answers beside Haystack's results (each with its group, `tier`:
    legalkb.search.Tier), hit count and facets."""

    count_all: int  # passages holding every known word, listed first
    count_related: int  # then those holding every word, some only in a related form
    words: list[WordReport]  # one per requirement and constraint


class ReaderQueryMixin(_Query):
    """A SearchQuery that hands the backend the reader's own text and exact facet filters
    when the query has legalkb's shape: the text as content (a string, or an AutoQuery), and
    exact filters on fields (field=value, field__exact=value, field__in=values). Its run
    keeps the ReaderAnswer (reader_answer). Anything else is built by Haystack as usual."""

    exact = False  # search what was typed, without correcting unknown words
    reader_answer: ReaderAnswer | None = None

    def _clone(self, klass: type | None = None, using: str | None = None) -> "ReaderQueryMixin":
        clone = super()._clone(klass, using)
        clone.exact = self.exact
        return clone

    def build_params(self, spelling_query: str | None = None, **kwargs: Any) -> dict[str, Any]:
        params = super().build_params(spelling_query, **kwargs)
        reader_query = self.reader_query()
        if reader_query is not None:
            params["text_query"], params["filters"] = reader_query
            params["exact"] = self.exact
            params["sort_by"] = list(self.order_by) or None  # Haystack's Solr query joins them
        return params

    def run(self, spelling_query: str | None = None, **kwargs: Any) -> None:
        if self.reader_query() is None:
            return super().run(spelling_query, **kwargs)
        results = self.backend.search(self.build_query(), **{**self.build_params(spelling_query), **kwargs})
        self._results = results["results"]
        self._hit_count = results["hits"]
        self._facet_counts = self.post_process_facets(results)
        # Haystack's own answer (an index without legalkb's token fields) may hold neither.
        self._spelling_suggestion = results.get("spelling_suggestion")
        self.reader_answer = results.get("reader")

    def reader_query(self) -> tuple[str, dict[str, list[str]]] | None:
        """(text, {field: [values]}) or None."""
        if self.query_filter.connector != "AND" or self.query_filter.negated:
            return None
        text = None
        filters: dict[str, list[str]] = {}
        for child in self.query_filter.children:
            if not isinstance(child, tuple):
                return None
            expression, value = child
            field, _, lookup = expression.partition("__")
            if field == "content" and not lookup and text is None:
                text = value.query_string if isinstance(value, AutoQuery) else value
            elif field != "content" and lookup == "in":
                filters.setdefault(field, []).extend(str(v) for v in value)
            elif field != "content" and lookup in ("", "exact"):
                filters.setdefault(field, []).append(str(value))
            else:
                return None
        if not isinstance(text, str | None):
            return None
        return text or "", filters
