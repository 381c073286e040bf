"""Haystack's Whoosh backend, extended for Kazakh.

- The schema indexes tokens analysed in Python (legalkb.text.analysis), and makes
  facet fields ID/KEYWORD fields so their values are never stemmed.
- Text queries ("AutoQuery" on content) are built here from legalkb.text.query,
  with the ranking the product promises, not with Whoosh's query language.
- Writers wait a bounded time for the index lock and retry, so concurrent saves
  are neither lost nor shown to the user as LockError.
"""

import logging
import pickle
import time

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID
from haystack.inputs import AutoQuery
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesListColumn
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import IndexError as WhooshIndexError
from whoosh.index import LockError, exists_in
from whoosh.sorting import Count, FieldFacet, OverlappingCategorizer
from whoosh.writing import CLEAR

from .text.analysis import roots, stems
from .text.query import parse_query

log = logging.getLogger(__name__)

ALL_WORDS_BOOST = 1000.0  # a passage with every word must outrank any with some
PROXIMITY_BOOST = 1000.0  # the words standing together, in order, rank above the same words apart
ROOT_WEIGHT = 0.3  # a shared root counts, but less than the same word
SEARCH_ATTEMPTS = 3  # a search that meets a commit in progress reads the index again
LOCK_TIMEOUT = 5.0  # seconds one attempt waits for the writer lock
LOCK_ATTEMPTS = 12  # a save waits about a minute before it gives up
TEXT_FIELDS = ("text", "roots", "spelling")
SINGLE_FACETS = ("source", "language")
MULTI_FACETS = ("principles", "authors", "reforms")
SORT_FIELDS = ("source_id", "position")


def word_query(words):
    """One query word (or the tokens of "К.Мәсімов"), in either language it may be."""
    if len(words) > 1:
        return phrase_query(words)
    word = words[0]
    terms = [wq.Term("text", s) for s in stems(word)]
    terms += [wq.Term("roots", r, boost=ROOT_WEIGHT) for r in roots(word)]
    return wq.Or(terms)


def phrase_query(words):
    """Consecutive stems, for each language reading of the words."""
    options = [stems(w) for w in words]
    readings = {tuple(o[min(i, len(o) - 1)] for o in options) for i in range(2)}
    phrases = [wq.Phrase("text", list(reading)) for reading in sorted(readings)]
    return phrases[0] if len(phrases) == 1 else wq.Or(phrases)


def build_text_query(parsed):
    """Any word matches; all words together rank first; quoted phrases are required;
    excluded words remove passages; stopwords only add to the score."""
    content = [u for u in parsed.words if not u.is_stopword] or parsed.words
    optional = [u for u in parsed.words if u not in content]
    required = [phrase_query(u.words) for u in parsed.phrases]
    if content:
        any_word = wq.Or([word_query(u.words) for u in content])
        all_words = wq.And([word_query(u.words) for u in content], boost=ALL_WORDS_BOOST)
        required.append(wq.Or([any_word, all_words]))
    query = required[0] if len(required) == 1 else wq.And(required)
    if len(content) > 1:
        near = phrase_query([w for u in content for w in u.words])
        near.boost = PROXIMITY_BOOST
        query = wq.AndMaybe(query, near)
    if optional:
        query = wq.AndMaybe(query, wq.Or([word_query(u.words) for u in optional]))
    if parsed.excluded:
        query = wq.AndNot(query, wq.Or([word_query(u.words) for u in parsed.excluded]))
    return query


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


class SearchIndexUnavailable(RuntimeError):
    """The index is missing or unreadable; the message says how to rebuild it."""


REBUILD_HINT = (
    "The search index is missing or unreadable. Rebuild it with: python manage.py rebuild_index --noinput"
)


class KazakhWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        replaced = {name: schema[name] for name in schema.names() if not name.startswith("spell_")}
        tokens = SpaceSeparatedTokenizer()
        replaced["text"] = TEXT(analyzer=tokens, phrase=True)
        replaced["roots"] = TEXT(analyzer=tokens, phrase=False)
        replaced["spelling"] = TEXT(analyzer=tokens, phrase=False)
        for name in MULTI_FACETS:
            replaced[name] = FacetValues()
        for name in SINGLE_FACETS:  # a column does the same for one value per passage
            replaced[name] = WHOOSH_ID(stored=True, sortable=True)
        for name in SORT_FIELDS:
            replaced[name] = NUMERIC(numtype=int, stored=True, sortable=True)
        return content_field_name, Schema(**replaced)

    def search(self, query_string, text_query=None, **kwargs):
        if text_query is None:
            return super().search(query_string, **kwargs)
        return self.search_text(text_query, **kwargs)

    def search_text(
        self,
        text_query,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        facets=None,
        narrow_queries=None,
        result_class=None,
        **kwargs,
    ):
        """Run a reader's query with facets, narrowing, sorting and paging."""
        for attempt in range(1, SEARCH_ATTEMPTS + 1):
            try:
                if not exists_in(self.path):
                    raise SearchIndexUnavailable(REBUILD_HINT)
                return self._search_text(
                    text_query, sort_by, start_offset, end_offset, facets, narrow_queries, result_class
                )
            except FileNotFoundError:
                # A writer committed and removed the table of contents just listed: read again.
                self._open_searcher = None
                if attempt == SEARCH_ATTEMPTS:
                    log.exception("Search index kept changing under the search")
                    raise SearchIndexUnavailable(REBUILD_HINT) from None
            except (OSError, EOFError, pickle.UnpicklingError, WhooshIndexError) as error:
                log.exception("Search index unreadable")
                raise SearchIndexUnavailable(REBUILD_HINT) from error

    def _search_text(
        self, text_query, sort_by, start_offset, end_offset, facets, narrow_queries, result_class
    ):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        parsed = parse_query(text_query)
        query = wq.Every() if parsed.is_empty else build_text_query(parsed)
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        searcher = self._searcher()
        search_kwargs = {
            "pagelen": page_length,
            "sortedby": [s.lstrip("-") for s in sort_by] if sort_by else None,
            "groupedby": [
                (ValuesFacet if f in MULTI_FACETS else FieldFacet)(f, maptype=Count) for f in facets or ()
            ],
            "filter": self._narrowing(narrow_queries),
        }
        raw_page = searcher.search_page(query, page_num, **search_kwargs)
        out_of_range = raw_page.pagenum < page_num
        results = self._process_results(
            raw_page,
            result_class=result_class,
            facet_types=dict.fromkeys(facets or (), "fields"),
        )
        results["spelling_suggestion"] = self.suggest(parsed, searcher.reader())
        if out_of_range:
            results["results"] = []
        return results

    def _searcher(self):
        """This thread's searcher (Haystack keeps a backend per thread), reopened only
        when the index has a new generation: opening one reads every segment's files."""
        searcher = getattr(self, "_open_searcher", None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                searcher.close()
            searcher = self._open_searcher = self.index.searcher()
        return searcher

    def _narrowing(self, narrow_queries):
        """The facet filters; none means every document (the index holds passages only)."""
        queries = [self.parser.parse(q) for q in narrow_queries or ()]
        return wq.And(queries) if queries else None

    def create_spelling_suggestion(self, query_string):
        """Haystack asks for a suggestion after every search; search_text makes its own."""
        if not query_string:
            return None
        with self.index.reader() as reader:
            return self.suggest(parse_query(query_string), reader)

    def suggest(self, parsed, reader):
        """Replace each query word that the index does not know by its closest indexed
        form; None when every word is known."""
        corrector = reader.corrector("spelling")
        changed, suggested = False, []
        for unit in parsed.words + parsed.phrases:
            words = []
            for word in unit.words:
                if any(reader.doc_frequency("text", s) for s in stems(word)):
                    words.append(word)
                    continue
                found = corrector.suggest(word, limit=1, maxdist=2)
                changed |= bool(found)
                words.append(found[0] if found else word)
            suggested.append(" ".join(words))
        return " ".join(suggested) if changed else None

    def update(self, index, iterable, commit=True):
        """Index documents, reading them from the database only once the writer lock
        is held: whichever process writes last writes the newest rows, so a save
        during update_index is never overwritten by a stale copy."""
        pks = [obj.pk for obj in iterable]
        if not pks:
            return
        if not self.setup_complete:
            self.setup()

        def write_fresh(writer):
            # One searcher for the batch: update_document would open a reader per document.
            with writer.searcher() as searcher:
                for obj in index.index_queryset().filter(pk__in=pks):
                    doc = self._prepare(index, obj)
                    writer.delete_by_term(ID, doc[ID], searcher=searcher)
                    writer.add_document(**doc)

        self._with_writer(write_fresh)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        from haystack.utils import get_identifier

        identifier = get_identifier(obj_or_string)
        self._with_writer(lambda writer: writer.delete_by_term(ID, identifier))

    def clear(self, models=None, commit=True):
        if models is None:
            self.delete_index()
        else:
            super().clear(models, commit)

    def delete_index(self):
        """Empty the index in place, committing a new generation without segments, where
        Haystack deletes the folder: searches running meanwhile (rebuild_index) keep reading
        what they opened and never find the index missing. An index whose files cannot be
        read is written afresh; a folder that cannot be used raises OSError."""
        try:
            self.setup()  # (re)creates a missing folder or index
            self._with_writer(_clear_on_commit)
        except (OSError, LockError):
            raise
        except Exception as error:
            log.warning("Search index unreadable (%r); writing a new empty one", error)
            self.storage.create_index(self.schema)
            self.setup()

    def _prepare(self, index, obj):
        doc = index.full_prepare(obj)
        doc.pop("boost", None)
        return {key: self._from_python(value) for key, value in doc.items()}

    def _with_writer(self, work):
        """Run work inside a committed writer, retrying while another process holds the lock."""
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            self.index = self.index.refresh()
            try:
                writer = self.index.writer(timeout=LOCK_TIMEOUT)
            except LockError:
                log.warning("Search index is locked; retrying (%s/%s)", attempt, LOCK_ATTEMPTS)
                time.sleep(0.05 * attempt)
                continue
            try:
                work(writer)
            except Exception:
                writer.cancel()
                raise
            writer.commit()
            return
        raise LockError(f"The search index stayed locked for {LOCK_TIMEOUT * LOCK_ATTEMPTS:.0f} s.")


def _clear_on_commit(writer):
    writer.mergetype = CLEAR  # the commit keeps none of the existing segments


class KazakhSearchQuery(WhooshSearchQuery):
    """Hands the reader's raw query (an AutoQuery on content) to the backend."""

    def build_params(self, spelling_query=None):
        params = super().build_params(spelling_query)
        params["text_query"] = self.text_query()
        return params

    def text_query(self):
        for child in self.query_filter.children:
            if isinstance(child, tuple) and isinstance(child[1], AutoQuery):
                return child[1].query_string
        return "" if not self.query_filter.children else None


class KazakhWhooshEngine(WhooshEngine):
    backend = KazakhWhooshBackend
    query = KazakhSearchQuery
