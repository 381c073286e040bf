"""The one search function that the search page, the JSON API and exports call.

It speaks Haystack's API (a SearchQuerySet whose query the legalkb engines read as a
reader's text, exact facet filters, facets, sorting and paging), so the same code runs
on every engine legalkb supports (legalkb.search.backends).
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from ..models import TAXONOMY, Language, Passage, Source
from ..text.highlight import highlight
from ..text.query import MAX_PHRASE_WORDS, MAX_WORD_CHARS, MAX_WORDS, Limit, parse_query
from .errors import PageOutOfRange

SORTS = {"relevance": None, "source": ("source_id", "position")}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SNIPPET_CHARS = 320
LIMIT_NOTICES = {
    Limit.TOO_MANY_WORDS: (_("Only the first %(count)d words were searched."), MAX_WORDS),
    Limit.LONG_PHRASE: (
        _("Only the first %(count)d words of a quoted phrase were searched."),
        MAX_PHRASE_WORDS,
    ),
    Limit.LONG_WORD: (_("Words longer than %(count)d letters were left out."), MAX_WORD_CHARS),
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

    def labels(self, values):
        if self.model is not None:
            return {e.slug: e.label for e in self.model.objects.filter(slug__in=values)}
        return {value: str(label) for value, label in self.choices.choices}

    def known(self, values):
        """The values that exist, of those given."""
        if self.model is not None:
            return set(self.model.objects.filter(slug__in=values).values_list("slug", flat=True))
        return set(values) & set(self.choices.values)

    def all_values(self):
        if self.model is not None:
            return list(self.model.objects.order_by("slug").values_list("slug", flat=True))
        return list(self.choices.values)


FACETS = (
    *(Facet(kind.name, kind.plural, kind.title, model=kind.entry_model) for kind in TAXONOMY),
    Facet("source", "source", _("Sources"), model=Source),
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


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    passage: Passage
    highlighted: str

    @property
    def tags(self):
        return self.passage.tags

    def taxonomy_slugs(self):
        return self.passage.taxonomy_slugs()


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int
    num_pages: int
    suggestion: str | None
    hits: list
    facets: dict  # facet name → [FacetValue, …]
    notices: list = field(default_factory=list)  # what the query lost to its bounds

    @property
    def facet_groups(self):
        """[(Facet, [FacetValue, …]), …] in FACETS order, for the page."""
        return [(facet, self.facets[facet.name]) for facet in FACETS]


def search_passages(request):
    """Run a search; raise PageOutOfRange for a page past the last one, IndexUnavailable
    when the index cannot answer."""
    sqs = SearchQuerySet().models(Passage).filter(content=AutoQuery(request.q))
    for name, values in request.filters.items():
        if values:
            sqs = sqs.filter(**{f"{FACETS_BY_NAME[name].field}__in": values})
    for facet in FACETS:
        sqs = sqs.facet(facet.field)
    parsed = parse_query(request.q)
    sort = "source" if parsed.is_empty else request.sort
    if SORTS[sort]:
        sqs = sqs.order_by(*SORTS[sort])
    start = (request.page - 1) * request.page_size
    results = sqs[start : start + request.page_size]
    count = sqs.count()
    num_pages = max(1, math.ceil(count / request.page_size))
    if request.page > num_pages:
        raise PageOutOfRange(request.page, num_pages)
    return SearchResponse(
        request=request,
        count=count,
        num_pages=num_pages,
        suggestion=sqs.query.get_spelling_suggestion(),
        hits=_hits([int(r.pk) for r in results], parsed),
        facets=_facets(sqs.facet_counts().get("fields", {}), request.filters),
        notices=[
            str(message) % {"count": count}
            for limit, (message, count) in LIMIT_NOTICES.items()
            if limit in parsed.limits
        ],
    )


def _hits(ids, parsed):
    """Load the page's passages in one query (and one per taxonomy kind) and highlight only them;
    one withdrawn since the index last heard of it is left out."""
    passages = Passage.objects.public().with_source().with_tags().in_bulk(ids)
    words = parsed.all_words()
    return [
        Hit(passage=p, highlighted=highlight(p.text, p.language, words, SNIPPET_CHARS))
        for p in (passages[i] for i in ids if i in passages)
    ]


def _facets(counts, filters):
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet.name, ()))
        found = {value: count for value, count in counts.get(facet.field, []) if value is not None}
        values = [*found, *sorted(selected - set(found))]
        labels = facet.labels(values)
        facets[facet.name] = sorted(
            (FacetValue(v, labels.get(v, v), found.get(v, 0), v in selected) for v in values),
            key=lambda f: (-f.count, f.label),
        )
    return facets
