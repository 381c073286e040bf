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
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from django.utils.translation import gettext_lazy as _
from haystack.query import SearchQuerySet

from ..models import TAXONOMY, Act, Language, Passage, Source
from ..text.analysis import tokenize
from ..text.highlight import mark_window, matched_spans
from ..text.query import MAX_PHRASE_WORDS, MAX_QUERY_CHARS, MAX_WORD_CHARS, MAX_WORDS, Limit, parse_query
from .entries import current_entries
from .entries import forget as forget_entries
from .errors import PageOutOfRange
from .results import shown_passages

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
    Limit.LONG_QUERY: (_("Only the first %(count)d characters were searched."), MAX_QUERY_CHARS),
}


@dataclass(frozen=True)
class Facet:
    """A facet: its URL parameter, its field in the index, its title, and how its values
    (slugs, codes) are labelled for readers."""

    name: str
    field: str
    title: str
    model: type | None = None  # values are this model's slugs
    choices: type | None = None  # values are these TextChoices

    @property
    def kept_by_process(self):
        """Taxonomy entries are held by each process (legalkb.search.entries); sources and acts,
        too many for that, are read when shown."""
        return self.model in {kind.entry_model for kind in TAXONOMY}

    def labels(self, values):
        if not values:
            return {}
        if self.kept_by_process:
            held = current_entries().by_slug[self.model]
            return {value: held[value].label for value in values if value in held}
        if self.model is not None:
            entries = self.entries().filter(slug__in=values).only("slug", *self.model.LABEL_FIELDS)
            return {e.slug: e.label for e in entries}
        return {value: str(label) for value, label in self.choices.choices}

    def known(self, values):
        """The values that exist, of those given."""
        if self.kept_by_process:
            held = current_entries().by_slug[self.model].keys()
            if not set(values) <= held and self.entries().filter(slug__in=set(values) - held).exists():
                forget_entries()  # added since they were read
                held = current_entries().by_slug[self.model].keys()
            return set(values) & held
        if self.model is not None:
            return set(self.entries().filter(slug__in=values).values_list("slug", flat=True))
        return set(values) & set(self.choices.values)

    def all_values(self):
        if self.kept_by_process:
            return sorted(current_entries().by_slug[self.model])
        if self.model is not None:
            return list(self.entries().order_by("slug").values_list("slug", flat=True))
        return list(self.choices.values)

    def entries(self):
        """The entries readers may choose (the public ones, where the model withdraws some)."""
        entries = self.model.objects.all()
        return getattr(entries, "public", entries.all)()


class YearFacet(Facet):
    """The years of the sources: the values are the years themselves."""

    def labels(self, values):
        return {value: value for value in values}

    def known(self, values):
        return set(values) & set(self.all_values())

    def all_values(self):
        years = Source.objects.public().exclude(year=None).order_by("-year").values_list("year", flat=True)
        return [str(year) for year in years.distinct()]


FACETS = (
    *(Facet(kind.name, kind.plural, kind.title, model=kind.entry_model) for kind in TAXONOMY),
    Facet("act", "acts", _("Acts cited"), model=Act),
    Facet("source", "source", _("Sources"), model=Source),
    YearFacet("year", "year", _("Year")),
    Facet("language", "language", _("Language"), choices=Language),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    exact: bool = False  # search what was typed, without correcting unknown words
    year_from: int | None = None  # the year range, also applied as the year filter
    year_to: int | None = None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    passage: Passage
    marked_words: list  # what its snippet marks (_highlighted_words)
    holds_all_words: bool = True

    @cached_property
    def highlighted(self):
        """Its snippet: escaped HTML, the words marked; made when first read (exports never do)."""
        return _snippet(self.passage, self.marked_words)

    @property
    def tags(self):
        return self.passage.tags

    def taxonomy_slugs(self):
        return self.passage.taxonomy_slugs()


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int  # passages holding every word the index knows
    partial_count: int  # passages holding only some, listed after them
    num_pages: int
    suggestion: str | None
    hits: list
    facets: dict  # facet name → [FacetValue, …], over every listed passage
    words: list = field(default_factory=list)  # legalkb.search.plan.WordReport, one per requirement
    notices: list = field(default_factory=list)  # what the query lost to its bounds

    @property
    def total(self):
        """Every passage listed: those with every word, then those with some."""
        return self.count + self.partial_count

    @property
    def facet_groups(self):
        """[(Facet, [FacetValue, …]), …] in FACETS order, for the page."""
        return [(facet, self.facets[facet.name]) for facet in FACETS]

    @property
    def selected_values(self):
        """[(Facet, FacetValue), …] of the values the request filters by, in FACETS order."""
        return [(facet, value) for facet, values in self.facet_groups for value in values if value.selected]


class PassageSearchQuerySet(SearchQuerySet):
    """Haystack's SearchQuerySet, with the reader's option of searching exactly what was typed."""

    def exactly(self, exact=True):
        """Unknown words are not corrected (a "did you mean" is offered instead)."""
        clone = self._clone()
        clone.query.exact = exact
        return clone

    def reader_answer(self):
        """legalkb's answer beside the results (legalkb.search.backends.base.ReaderAnswer);
        runs the query if it has not run."""
        if self.query.reader_answer is None:
            self.count()
        return self.query.reader_answer


def passage_search(request):
    """The lazy SearchQuerySet of a SearchRequest: its text, filters, every facet, its sort."""
    found = PassageSearchQuerySet().filter(content=request.q).exactly(request.exact)
    for name, values in request.filters.items():
        found = found.filter(**{f"{FACETS_BY_NAME[name].field}__in": values})
    for facet in FACETS:
        found = found.facet(facet.field)
    sort = "source" if parse_query(request.q).is_empty and request.sort == "relevance" else request.sort
    return found.order_by(*SORTS[sort]) if SORTS[sort] else found


def search_passages(request):
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
        partial_count=hits - answer.count_all,
        num_pages=num_pages,
        suggestion=found.spelling_suggestion(),
        hits=_hits(results, answer.holding_all, _highlighted_words(parsed, answer.words)),
        facets=_facets(found.facet_counts()["fields"], request.filters),
        words=answer.words,
        notices=[
            str(message) % {"count": count}
            for limit, (message, count) in LIMIT_NOTICES.items()
            if limit in parsed.limits
        ],
    )


def _highlighted_words(parsed, words):
    """What snippets mark: the query's words, the forms typos were searched as, and the
    equivalent terms searched as well."""
    marked = parsed.all_words()
    for word in words:
        marked += word.corrected
        marked += [token.text for phrase in word.also for token in tokenize(phrase)]
    return list(dict.fromkeys(marked))


def _hits(results, holding_all, words):
    """Load the page's passages (legalkb.search.results), to be highlighted when shown;
    one withdrawn since the index last heard of it is left out."""
    ids = [int(result.pk) for result in results]
    passages = shown_passages(ids)
    return [
        Hit(passage=p, marked_words=words, holds_all_words=p.pk in holding_all)
        for p in (passages[i] for i in ids if i in passages)
    ]


def _snippet(passage, words):
    """The passage's text around the query's words; where only a note of the passage holds them,
    the note's words too, after its mark (notes are searched with their passage)."""
    spans = matched_spans(passage.text, passage.language, words) if words else []
    snippet = mark_window(passage.text, spans, SNIPPET_CHARS)
    if spans or not words:
        return snippet
    for note in passage.notes.all():
        in_note = matched_spans(note.text, note.language, words)
        if in_note:
            marked = mark_window(note.text, in_note, SNIPPET_CHARS // 2)
            return f'{snippet} <span class="snippet-note"><sup>{escape(note.mark)}</sup> {marked}</span>'
    return snippet


def _facets(counts, filters):
    """Each facet's most frequent values (counted over every hit) and the selected ones."""
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet.name, ()))
        found = {value: count for value, count in counts.get(facet.field, []) if value is not None}
        most = sorted(found, key=lambda value: -found[value])[:MAX_FACET_VALUES]
        values = [*most, *sorted(selected - set(most))]
        labels = facet.labels(values)
        facets[facet.name] = sorted(
            (FacetValue(v, labels.get(v, v), found.get(v, 0), v in selected) for v in values),
            key=lambda f: (-f.count, f.label),
        )
    return facets
