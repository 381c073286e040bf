"""What every legalkb search engine shares, whatever engine answers the queries.

- Index generations (legalkb.search.storage): searches read the live generation; every
  write reaches the live one and the one a rebuild is writing.
- Writes read the rows under the engine's writer lock (SearchIndex.read_fresh), so the
  process that writes last writes the newest rows, and objects gone from the database
  are removed; documents a SearchIndex skips (SkipDocument) are left out.
- Queries: the reader's text and exact facet filters reach the backend as such
  (LegalkbSearchQuery), and each engine translates legalkb.search.query's tree.

An engine supplies create_generation(path), writing(path) (a context manager giving a
writer with add(document) and delete(field, value), committed on exit) and its search.
"""

from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.inputs import AutoQuery
from haystack.utils import get_identifier, get_model_ct

from ..errors import IndexUnavailable
from ..storage import IndexStore

# Bump when the analysis chain or the fields change: update_index then rebuilds.
SCHEMA_VERSION = "2"


class GenerationsMixin:
    engine_name = ""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.store = IndexStore(connection_options["PATH"])

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
        with self.store.rebuilding(self.schema_version) as path:
            self.create_generation(path)
        return path


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
