"""The one search function that the search page, the JSON API and exports call.

It speaks only Haystack's API (AutoQuery, narrow with Exact, facet, order_by), so
the same code runs on any Haystack engine.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Prefetch
from haystack.inputs import AutoQuery, Exact
from haystack.query import SearchQuerySet

from .models import LINK_MODELS, Author, Language, Passage, Principle, Reform, Source
from .text.highlight import highlight
from .text.query import parse_query

# facet name in URLs and JSON → field name in the index
FACETS = {
    "principle": "principles",
    "author": "authors",
    "reform": "reforms",
    "source": "source",
    "language": "language",
}
SORTS = {"relevance": None, "source": ("source_id", "position")}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SNIPPET_CHARS = 320


class PageOutOfRange(LookupError):
    pass


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
    principles: list
    authors: list
    reforms: list

    def taxonomy_slugs(self):
        """{"principles": [slug, …], "authors": […], "reforms": […]} for JSON and CSV."""
        return {
            kind: [entry.slug for entry in getattr(self, kind)]
            for kind in ("principles", "authors", "reforms")
        }


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int
    num_pages: int
    suggestion: str | None
    hits: list
    facets: dict


def search_passages(request):
    """Run a search; raise PageOutOfRange for a page past the last one."""
    sqs = SearchQuerySet().models(Passage).filter(content=AutoQuery(request.q))
    for name, values in request.filters.items():
        if values:
            exact = " OR ".join(Exact(v).prepare(sqs.query) for v in values)
            sqs = sqs.narrow(f"{FACETS[name]}:({exact})")
    for index_field in FACETS.values():
        sqs = sqs.facet(index_field)
    sort = "source" if parse_query(request.q).is_empty else request.sort
    if SORTS[sort]:
        sqs = sqs.order_by(*SORTS[sort])
    start = (request.page - 1) * request.page_size
    results = sqs[start : start + request.page_size]
    count = sqs.count()
    num_pages = max(1, math.ceil(count / request.page_size))
    if request.page > num_pages:
        raise PageOutOfRange(f"Page {request.page} is past the last page, {num_pages}.")
    return SearchResponse(
        request=request,
        count=count,
        num_pages=num_pages,
        suggestion=sqs.query.get_spelling_suggestion(),
        hits=_hits([int(r.pk) for r in results], request.q),
        facets=_facets(sqs.facet_counts().get("fields", {}), request.filters),
    )


def _hits(ids, q):
    """Load the page's passages in one query and highlight only them."""
    active = {
        kind: Prefetch(f"{kind}link_set", queryset=model.objects.active().select_related(kind))
        for kind, model in LINK_MODELS.items()
    }
    passages = (
        Passage.objects.select_related("source")
        .defer("source__raw_text")
        .prefetch_related(*active.values())
        .in_bulk(ids)
    )
    words = parse_query(q).all_words()
    return [
        Hit(
            passage=p,
            highlighted=highlight(p.text, p.language, words, SNIPPET_CHARS),
            **{
                f"{kind}s": [getattr(link, kind) for link in getattr(p, f"{kind}link_set").all()]
                for kind in LINK_MODELS
            },
        )
        for p in (passages[i] for i in ids if i in passages)
    ]


def _facets(counts, filters):
    labels = _facet_labels(counts)
    facets = {}
    for name, index_field in FACETS.items():
        selected = set(filters.get(name, ()))
        found = dict(counts.get(index_field, []))
        values = [v for v in found if v is not None] + sorted(selected - set(found))
        facets[name] = sorted(
            (FacetValue(v, labels[name].get(v, v), found.get(v, 0), v in selected) for v in values),
            key=lambda f: (-f.count, f.label),
        )
    return facets


def _facet_labels(counts):
    def by_slug(model, index_field):
        slugs = [v for v, _ in counts.get(index_field, [])]
        return {e.slug: e.label for e in model.objects.filter(slug__in=slugs)}

    return {
        "principle": by_slug(Principle, "principles"),
        "author": by_slug(Author, "authors"),
        "reform": by_slug(Reform, "reforms"),
        "source": by_slug(Source, "source"),
        "language": {value: str(label) for value, label in Language.choices},
    }
