"""The one search function that the search page, the JSON API and exports call.

It builds a Haystack SearchQuerySet of the reader's query, exact facet filters and sorting
(passage_search), reads one page of it, and turns the answer into what pages show. On every
engine the SearchQuerySet's SearchQuery and backend run legalkb's plan
(legalkb.search.backends.base, legalkb.search.plan), so the same SearchQuerySet in a shell
gives the page's results and counts:

    PassageSearchQuerySet().filter(content="мемлекеттің жауапкершілігі").facet("principles")

It is lazy, and Django's Paginator pages it.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING

from django.db.models import Model, Q, QuerySet, TextChoices
from django.utils.translation import gettext_lazy as _
from haystack.models import SearchResult
from haystack.query import SearchQuerySet

from ..kinds import TAXONOMY, TaxonomyKind
from ..models import Act, Language, Passage, Source
from ..text.analysis import keys, tokenize
from ..text.collate import sort_key
from ..text.highlight import Highlighted, Marks, highlight
from ..text.query import (
    FIELDS,
    MAX_DEPTH,
    MAX_PHRASE_WORDS,
    MAX_QUERY_CHARS,
    MAX_WORD_CHARS,
    MAX_WORDS,
    Limit,
    Note,
    ParsedQuery,
    parse_query,
)
from ..text.script import skeleton
from .entries import current_entries, recent_labels
from .entries import forget as forget_entries
from .errors import PageOutOfRange
from .results import shown_passages

if TYPE_CHECKING:  # they import this package
    from .backends.base import ReaderAnswer
    from .plan import WordReport

Filters = dict[str, list[str]]  # facet name → the values chosen (ORed), as a SearchRequest holds them

# Newest first: the sources imported last (their ids are the highest), each from its end.
SORTS = {"relevance": None, "source": ("source_id", "position"), "newest": ("-source_id", "-position")}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SNIPPET_CHARS = 320
MAX_FACET_VALUES = 50  # listed per facet, most frequent first; selected values are always listed
LIMIT_NOTICES = {
    Limit.TOO_MANY_WORDS: (_("Only the first %(count)d words were searched."), MAX_WORDS),
    Limit.LONG_PHRASE: (
        _("Only the first %(count)d words of a quoted phrase were searched."),
        MAX_PHRASE_WORDS,
    ),
    Limit.LONG_WORD: (_("Words longer than %(count)d letters were left out."), MAX_WORD_CHARS),
    Limit.DEEP: (_("Parentheses deeper than %(count)d levels were read as if absent."), MAX_DEPTH),
    Limit.LONG_QUERY: (_("Only the first %(count)d characters were searched."), MAX_QUERY_CHARS),
}
NOTE_NOTICES = {
    Note.UNPAIRED_QUOTE: _("An unpaired quotation mark was left out."),
    Note.UNPAIRED_PARENTHESIS: _("An unpaired parenthesis «%(text)s» was left out."),
    Note.DANGLING_OPERATOR: _("«%(text)s» had nothing to act on and was left out."),
    Note.UNKNOWN_FIELD: _(
        "«%(text)s:» is not a field (use author:, principle:, reform:, source:, year: or lang:); "
        "it was searched as a word."
    ),
    Note.ONLY_EXCLUDED: _("The query only excludes words: every other passage is listed."),
    Note.SHORT_PREFIX: _(
        "«%(text)s» is too short to stand for the words it begins; it was searched as a word."
    ),
}
PREFILTER_CHARS = 4  # letters of a source's name as typed that its title or slug must hold
# The query language's fields (author:…) and the facets they filter: each its namesake, lang: language.
QUERY_FIELDS = {name: "language" if name == "lang" else name for name in FIELDS}


@dataclass(frozen=True)
class Facet:
    """A facet: its URL parameter, its field in the index, its title, and how its values
    (slugs, codes) are labelled for readers."""

    name: str
    field: str
    title: str
    model: type[Model] | None = None  # values are this model's slugs
    choices: type[TextChoices] | None = None  # values are these TextChoices (when there is no model)

    @property
    def kept_by_process(self) -> bool:
        """Taxonomy entries are held by each process (legalkb.search.entries); sources and acts,
        too many for that, are read when shown."""
        return self.model in {kind.entry_model for kind in TAXONOMY}

    def labels(self, values: Collection[str]) -> dict[str, str]:
        """{value: label} of the values that exist, for readers."""
        if not values:
            return {}
        if self.kept_by_process:
            held = self._held()
            return {value: held[value].label for value in values if value in held}
        if self.model is not None:
            return recent_labels(self.model).labels(self.entries, self.model.LABEL_FIELDS, values)
        assert self.choices is not None
        return {value: str(label) for value, label in self.choices.choices}

    def known(self, values: Collection[str]) -> set[str]:
        """The values that exist, of those given."""
        if self.kept_by_process:
            held = self._held().keys()
            if not set(values) <= held and self.entries().filter(slug__in=set(values) - held).exists():
                forget_entries()  # added since they were read
                held = self._held().keys()
            return set(values) & held
        if self.model is not None:
            return set(self.entries().filter(slug__in=values).values_list("slug", flat=True))
        assert self.choices is not None
        return set(values) & set(self.choices.values)

    def all_values(self) -> list[str]:
        """Every value readers may choose, in order."""
        if self.kept_by_process:
            return sorted(self._held())
        if self.model is not None:
            return list(self.entries().order_by("slug").values_list("slug", flat=True))
        assert self.choices is not None
        return list(self.choices.values)

    def _held(self) -> dict[str, Model]:
        """{slug: entry} as this process holds them (a facet kept_by_process)."""
        assert self.model is not None
        return current_entries().by_slug[self.model]

    def entries(self) -> QuerySet:
        """The entries readers may choose (the public ones, where the model withdraws some)."""
        assert self.model is not None
        entries = self.model.objects.all()
        return getattr(entries, "public", entries.all)()

    def named(self, value: str) -> list[str]:
        """The values a reader's field:value names: a slug, or every entry one of whose
        names holds each word of value, in any script and inflection."""
        if self.model is None:
            assert self.choices is not None
            wanted = value.casefold()
            return [v for v, label in self.choices.choices if wanted in (v, str(label).casefold())]
        if self.entries().filter(slug=value.lower()).exists():
            return [value.lower()]
        words = [token.text for token in tokenize(value) if len(token.text) > 1]
        if not words:
            return []
        wanted_keys = [set(keys(word)) for word in words]
        return [entry.slug for entry in self.candidates(words) if _names_hold(_names(entry), wanted_keys)]

    def candidates(self, words: Sequence[str]) -> QuerySet:
        """The entries whose names may hold the words (all: a taxonomy is small)."""
        return self.entries()


class SourceFacet(Facet):
    """Sources, named by a title's words: thousands of them, so the database first keeps
    the titles (or slugs) holding the start of the longest word as typed."""

    def candidates(self, words: Sequence[str]) -> QuerySet:
        start = max(words, key=len)[:PREFILTER_CHARS]
        return self.entries().filter(Q(title__icontains=start) | Q(slug__icontains=skeleton(start)))


def _names(entry: Model) -> list[str]:
    return entry.names() if hasattr(entry, "names") else [entry.label]


def _names_hold(names: Iterable[str | None], wanted: Iterable[set[str]]) -> bool:
    """Whether one of the names holds a word matching each wanted word (its keys)."""
    for name in names:
        held: set[str] = set().union(*(keys(token.text) for token in tokenize(name or "")))
        if all(word & held for word in wanted):
            return True
    return False


class YearFacet(Facet):
    """The years of the sources: the values are the years themselves."""

    def named(self, value: str) -> list[str]:
        """A year, or the years of a range (2010..2015, 2010-2015)."""
        low, _, high = value.replace("..", "-").partition("-")
        if not low.strip().isdigit() or (high and not high.strip().isdigit()):
            return []
        first, last = int(low), int(high or low)
        return [year for year in self.all_values() if first <= int(year) <= last]

    def labels(self, values: Collection[str]) -> dict[str, str]:
        return {value: value for value in values}

    def known(self, values: Collection[str]) -> set[str]:
        return set(values) & set(self.all_values())

    def all_values(self) -> list[str]:
        years = Source.objects.public().exclude(year=None).order_by("-year").values_list("year", flat=True)
        return [str(year) for year in years.distinct()]


FACETS = (
    *(Facet(kind.name, kind.plural, kind.title, model=kind.entry_model) for kind in TAXONOMY),
    Facet("act", "acts", _("Acts cited"), model=Act),
    SourceFacet("source", "source", _("Sources"), model=Source),
    YearFacet("year", "year", _("Year")),
    Facet("language", "language", _("Language"), choices=Language),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass
class SearchRequest:
    """A search as URL parameters state it (legalkb.search.params)."""

    q: str = ""
    filters: Filters = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    exact: bool = False  # search what was typed, without correcting unknown words
    year_from: int | None = None  # the year range, also applied as the year filter
    year_to: int | None = None


@dataclass
class FacetValue:
    """A facet's value as the page lists it, with the count a click on it gives."""
    value: str
    label: str
    count: int
    selected: bool


class Tier:
    """The groups results are listed in (legalkb.search.plan)."""

    ALL_WORDS = 0  # every word
    RELATED = 1  # every word, some only in a related form
    SOME_WORDS = 2  # some of the words
    NAMES = {ALL_WORDS: "all_words", RELATED: "related_forms", SOME_WORDS: "some_words"}  # API, JSON
    LABELS = {
        ALL_WORDS: _("Holds every word"),
        RELATED: _("Holds a related form"),
        SOME_WORDS: _("Holds only some of the words"),
    }


@dataclass
class Hit:
    """A passage of a page of results, in its group (tier), with what its snippet marks."""

    passage: Passage
    marks: Marks  # what its snippet marks
    tier: int = Tier.ALL_WORDS

    @property
    def holds_all_words(self) -> bool:
        return self.tier == Tier.ALL_WORDS

    @cached_property
    def _marked(self) -> Highlighted:
        return _snippet(self.passage, self.marks, self.tier != Tier.ALL_WORDS)

    @property
    def highlighted(self) -> str:
        """Its snippet: escaped HTML, what matched marked; made when first read (exports read only
        the related forms of a hit that does not hold every word)."""
        return self._marked.html

    @property
    def related_forms(self) -> list[str]:
        """The related forms it holds (a hit that does not hold every word itself)."""
        return self._marked.related_forms if self.tier != Tier.ALL_WORDS else []

    @property
    def tags(self) -> list[tuple[TaxonomyKind, list[Model]]]:
        """The passage's Passage.tags: [(kind, [entry, …]), …]."""
        return self.passage.tags

    def taxonomy_slugs(self) -> dict[str, list[str]]:
        """The passage's Passage.taxonomy_slugs(): {"principles": [slug, …], …}."""
        return self.passage.taxonomy_slugs()


@dataclass
class SearchResponse:
    """A page of results, its counts, facets and what the query said and lost."""

    request: SearchRequest
    count: int  # passages holding every word the index knows
    related_count: int  # passages holding every word, some only in a related form, listed next
    partial_count: int  # passages holding only some, listed after them
    num_pages: int
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # facet name → its values, over every listed passage
    words: list["WordReport"] = field(default_factory=list)  # one per requirement
    notices: list[str] = field(default_factory=list)  # what the query lost to its bounds

    @property
    def total(self) -> int:
        """Every passage listed: those with every word, with related forms, then with some."""
        return self.count + self.related_count + self.partial_count

    @property
    def facet_groups(self) -> list[tuple[Facet, list[FacetValue]]]:
        """[(Facet, [FacetValue, …]), …] in FACETS order, for the page."""
        return [(facet, self.facets[facet.name]) for facet in FACETS]

    @property
    def selected_values(self) -> list[tuple[Facet, FacetValue]]:
        """[(Facet, FacetValue), …] of the values the request filters by, in FACETS order."""
        return [(facet, value) for facet, values in self.facet_groups for value in values if value.selected]


class PassageSearchQuerySet(SearchQuerySet):
    """Haystack's SearchQuerySet, with the reader's option of searching exactly what was typed."""

    def exactly(self, exact: bool = True) -> "PassageSearchQuerySet":
        """Unknown words are not corrected (a "did you mean" is offered instead)."""
        clone = self._clone()
        clone.query.exact = exact
        return clone

    def reader_answer(self) -> "ReaderAnswer":
        """legalkb's answer beside the results (legalkb.search.backends.base.ReaderAnswer);
        runs the query if it has not run."""
        if self.query.reader_answer is None:
            self.count()
        return self.query.reader_answer


def passage_search(request: SearchRequest) -> PassageSearchQuerySet:
    """The lazy SearchQuerySet of a SearchRequest: its text, filters, every facet (the values
    a page lists of each: an engine may count only those), its sort."""
    found = PassageSearchQuerySet().filter(content=request.q).exactly(request.exact)
    for name, values in request.filters.items():
        found = found.filter(**{f"{FACETS_BY_NAME[name].field}__in": values})
    for facet in FACETS:
        found = found.facet(facet.field, limit=MAX_FACET_VALUES)
    sort = "source" if parse_query(request.q).is_empty and request.sort == "relevance" else request.sort
    order = SORTS[sort]
    return found.order_by(*order) if order else found


def search_passages(request: SearchRequest) -> SearchResponse:
    """Run a search; raise PageOutOfRange for a page past the last one, IndexUnavailable
    when the index cannot answer."""
    parsed = parse_query(request.q)
    start = (request.page - 1) * request.page_size
    found = passage_search(request)
    results = found[start : start + request.page_size]
    answer = found.reader_answer()
    hits = found.count()
    num_pages = max(1, math.ceil(hits / request.page_size))
    if request.page > num_pages:
        raise PageOutOfRange(request.page, num_pages)
    return SearchResponse(
        request=request,
        count=answer.count_all,
        related_count=answer.count_related,
        partial_count=hits - answer.count_all - answer.count_related,
        num_pages=num_pages,
        suggestion=found.spelling_suggestion(),
        hits=_hits(results, Marks.of(parsed, answer.words)),
        facets=_facets(found.facet_counts()["fields"], request.filters),
        words=answer.words,
        notices=_notices(parsed),
    )


def field_values(name: str, value: str) -> tuple[str, list[str]]:
    """(index field, values) that a query's field:value names (legalkb.search.plan)."""
    facet = FACETS_BY_NAME[QUERY_FIELDS[name]]
    return facet.field, facet.named(value)


def _notices(parsed: ParsedQuery) -> list[str]:
    """What the query lost to its bounds, and how what it did not say clearly was read."""
    notices = [
        str(message) % {"count": count}
        for limit, (message, count) in LIMIT_NOTICES.items()
        if limit in parsed.limits
    ]
    return notices + [str(NOTE_NOTICES[note]) % {"text": text} for note, text in parsed.notes]


def _hits(results: Iterable[SearchResult], marks: Marks) -> list[Hit]:
    """Load the page's passages (legalkb.search.results), to be highlighted when shown;
    one withdrawn since the index last heard of it is left out."""
    passages = shown_passages([int(result.pk) for result in results])
    return [
        Hit(passages[int(result.pk)], marks, result.tier) for result in results if int(result.pk) in passages
    ]


def _snippet(passage: Passage, marks: Marks, related: bool) -> Highlighted:
    """The passage's best stretch with what matched marked (related forms too, if related);
    where only a note of the passage holds them, the note's words too, after its mark (notes
    are searched with their passage)."""
    marked = highlight(passage.text, passage.language, marks, SNIPPET_CHARS, related=related)
    if marked.matched or marks == Marks():
        return marked
    for note in passage.note_list():
        in_note = highlight(note.text, note.language, marks, SNIPPET_CHARS // 2, related=related)
        if in_note.matched:
            note_html = f'<span class="snippet-note"><sup>{escape(note.mark)}</sup> {in_note.html}</span>'
            return Highlighted(f"{marked.html} {note_html}", in_note.related_forms, matched=True)
    return marked


def _facets(
    counts: Mapping[str, list[tuple[str | None, int]]], filters: Mapping[str, list[str]]
) -> dict[str, list[FacetValue]]:
    """Each facet's most frequent values (counted as legalkb.search.facets says) and the
    selected ones, most frequent first, then in Kazakh alphabetical order."""
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet.name, ()))
        found = {value: count for value, count in counts.get(facet.field, []) if value is not None}
        most = sorted(found, key=found.__getitem__, reverse=True)[:MAX_FACET_VALUES]
        values = [*most, *sorted(selected - set(most))]
        labels = facet.labels(values)
        facets[facet.name] = sorted(
            (FacetValue(v, labels.get(v, v), found.get(v, 0), v in selected) for v in values),
            key=lambda f: (-f.count, sort_key(f.label)),
        )
    return facets
