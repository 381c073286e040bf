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
reading() (a context manager giving a reader of the live generation with:
    count(node, filters) -> int
    page(node, filters, sort_by, start, length) -> [(pk, score), …]
    facets(node, filters, fields) -> {field: [(value, count), …]}
    multi_valued: the facet fields whose passages may hold several values
    doc_frequency(field, term) -> int
    terms_with_prefix(field, prefix) -> iterable of (term, doc frequency)
where node is a tree of legalkb.search.query and filters maps fields to exact values).
"""

from django.db import connections as databases
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.inputs import AutoQuery
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct

from ...models import Passage
from ...text.query import parse_query
from ..errors import IndexUnavailable
from ..facets import facet_counts
from ..plan import build_plan, suggestion
from ..query import Term
from ..storage import IndexStore

PASSAGE = Passage._meta  # the documents a reader's query finds
# Bump when the analysis chain or the fields change: update_index then rebuilds.
SCHEMA_VERSION = "5"


class GenerationsMixin:
    engine_name = ""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.store = IndexStore(connection_options["PATH"], owner=database_identity)

    @property
    def schema_version(self):
        return f"{self.engine_name}-{SCHEMA_VERSION}"

    def live_generation(self):
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

    def is_current(self):
        """Whether a live generation exists and was built for this engine and version."""
        try:
            self.live_generation()
        except IndexUnavailable:
            return False
        return True

    def update(self, index, iterable, commit=True):
        objects = list(iterable)
        if objects:
            self.write(self.store.writable() or [self.publish_empty()], index, objects)

    def write(self, paths, index, objects, prepare=None):
        """Index objects into each generation of paths, reading their rows afresh under the
        writer lock; prepare(index, objects) reads and prepares them (read_and_prepare)."""
        for path in paths:
            with self.writing(path) as writer:
                documents, existing = (prepare or read_and_prepare)(index, objects)
                for document in documents:
                    writer.add(document)
                for identifier in _identifiers(objects) - existing:
                    writer.delete(ID, identifier)

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        for path in self.store.writable():
            with self.writing(path) as writer:
                writer.delete(ID, identifier)

    def clear(self, models=None, commit=True):
        """Everything: publish an empty generation in one step. Some models: delete their
        documents from every writable generation."""
        if models is None:
            self.publish_empty()
            return
        for path in self.store.writable():
            with self.writing(path) as writer:
                for model in models:
                    writer.delete(DJANGO_CT, get_model_ct(model))

    def publish_empty(self):
        """Make an empty generation live and return its path."""
        with self.store.rebuilding(self.schema_version, self.create_generation) as path:
            return path

    def search_reader_query(
        self,
        text_query,
        filters=None,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        facets=None,
        exact=False,
        thesaurus=None,
        fields=None,
        result_class=None,
        **kwargs,
    ):
        """A reader's query (legalkb.search.plan): the passages holding every known word
        first, then those holding them some only in related forms, then those holding
        some, paged together; facets as legalkb.search.facets counts them."""
        filters = filters or {}
        with self.reading() as reader:
            parsed = parse_query(text_query)
            lexicon = PublicLexicon(reader)
            plan = build_plan(parsed, lexicon, thesaurus, exact, fields)
            plan.check_joined_words(reader)
            counts = _group_counts(reader, plan.widening(), filters)
            start = start_offset or 0
            length = (end_offset if end_offset is not None else sum(counts)) - start
            hits, tier_of = [], {}
            ranked = not sort_by  # in source order, nothing needs a score
            for tier, (query, count) in enumerate(zip(plan.tiers(ranked), counts, strict=True)):
                wanted = min(length - len(hits), count - start)
                if query is not None and wanted > 0:
                    found = reader.page(query, filters, sort_by, start, wanted)
                    tier_of.update((pk, tier) for pk, _ in found)
                    hits += found
                start = max(start - count, 0)
            for requirement in [*plan.requirements, *plan.constraints]:
                requirement.report.passages = (
                    (counts[0] if plan.is_single(requirement) else reader.count(requirement.clause, filters))
                    if requirement.report.found
                    else 0
                )
            return {
                "results": [
                    (result_class or SearchResult)(PASSAGE.app_label, PASSAGE.model_name, pk, score)
                    for pk, score in hits
                ],
                "hits": sum(counts),
                "count_all": counts[0],
                "count_related": counts[1],
                "tiers": tier_of,
                "holding_all": {pk for pk, tier in tier_of.items() if tier == 0},
                "words": plan.reports,
                "notes": parsed.notes,
                "facets": {"fields": facet_counts(reader, plan, counts, filters, facets or ())},
                "spelling_suggestion": suggestion(plan, parsed, lexicon) if exact else None,
            }


def _group_counts(reader, widening, filters):
    """The three groups' counts, from the counts of the nested sets that end with each."""
    totals, last = [], 0
    for node in widening:
        last = reader.count(node, filters) if node is not None else last
        totals.append(last)
    return [totals[0], totals[1] - totals[0], totals[2] - totals[1]]


class PublicLexicon:
    """The index's words as the passages it holds now tell them (legalkb.search.plan's lexicon).
    An engine's term statistics still count a document deleted (a withdrawn passage, or the old
    text of an edited one) until its segment is merged, which would report and correct words
    only withdrawn text holds: a word's passages are counted among the live documents."""

    def __init__(self, reader):
        self.reader = reader

    def doc_frequency(self, field, term):
        return self.reader.count(Term(field, term), {})

    def estimated_frequency(self, field, term):
        """The engine's statistics, deleted documents included: enough to weigh a word."""
        return self.reader.doc_frequency(field, term)

    def terms_with_prefix(self, field, prefix):
        """(term, passages) with the engine's statistics, deleted documents included: what
        the plan picks from them it checks with doc_frequency."""
        return self.reader.terms_with_prefix(field, prefix)


def database_identity():
    """The database this process reads, without credentials: "engine host:port/name"."""
    database = databases["default"].settings_dict
    return f"{database['ENGINE']} {database['HOST']}:{database['PORT']}/{database['NAME']}"


def read_and_prepare(index, objects):
    """(documents for the rows of objects as they are now, identifiers of the objects that
    still exist)."""
    fresh = index.read_fresh(objects) if hasattr(index, "read_fresh") else objects
    return prepare_documents(index, fresh), _identifiers(fresh)


def prepare_documents(index, objects):
    """Haystack's documents for objects, without those the index skips."""
    documents = []
    for obj in objects:
        try:
            documents.append(index.full_prepare(obj))
        except SkipDocument:
            continue
    return documents


def _identifiers(objects):
    return {get_identifier(obj) for obj in objects}


class ReaderQueryMixin:
    """A SearchQuery that hands the backend the reader's own text and exact facet filters
    when the query has legalkb's shape (one AutoQuery on content, field__in filters);
    anything else is built by Haystack as usual."""

    def build_params(self, spelling_query=None):
        params = super().build_params(spelling_query)
        reader_query = self.reader_query()
        if reader_query is not None:
            params["text_query"], params["filters"] = reader_query
        return params

    def reader_query(self):
        """(text, {field: [values]}) or None."""
        if self.query_filter.connector != "AND":
            return None
        text, filters = None, {}
        for child in self.query_filter.children:
            if not isinstance(child, tuple):
                return None
            expression, value = child
            if expression == "content" and isinstance(value, AutoQuery) and text is None:
                text = value.query_string
            elif expression.endswith("__in"):
                filters[expression.removesuffix("__in")] = [str(v) for v in value]
            else:
                return None
        return text or "", filters
