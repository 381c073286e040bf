"""Read a search's state from URL parameters (shared by the page, the API and exports)."""

import re
from collections.abc import Iterable
from typing import TypeVar

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from . import DEFAULT_PAGE_SIZE, FACETS, FACETS_BY_NAME, MAX_PAGE_SIZE, SORTS, Facet, Filters, SearchRequest
from .errors import BadSearchParameter, UnknownFacetValue

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_FILTER_VALUES = 50
# A whole number in ASCII digits: int() would also read "٢", "１００", " 7", "+7" and "1_000".
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
MAX_PAGE = 10_000
YEARS = (1, 9999)
Default = TypeVar("Default", bound=int | None)  # what _integer gives for a missing parameter


def parse_search_params(params: QueryDict) -> SearchRequest:
    """SearchRequest from a QueryDict; BadSearchParameter says what is wrong."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadSearchParameter(
            _("Unknown sort «%(sort)s»: use one of %(choices)s."), sort=sort[:40], choices=", ".join(SORTS)
        )
    page = _integer(params, "page", 1, (1, MAX_PAGE))
    page_size = _integer(params, "page_size", DEFAULT_PAGE_SIZE, (1, MAX_PAGE_SIZE))
    filters: Filters = {}
    for facet in FACETS:
        values = [v.strip() for v in params.getlist(facet.name) if v.strip()][:MAX_FILTER_VALUES]
        if values:
            filters[facet.name] = _known_values(facet, list(dict.fromkeys(values)))
    year_from, year_to = (_integer(params, name, None, YEARS) for name in ("year_from", "year_to"))
    if year_from is not None or year_to is not None:
        filters["year"] = _years_between(year_from, year_to, filters.get("year"))
    q = params.get("q") or ""  # parse_query searches its first MAX_QUERY_CHARS and says so
    exact = params.get("exact", "") in ("1", "true", "on")
    return SearchRequest(
        q=q,
        filters=filters,
        sort=sort,
        page=page,
        page_size=page_size,
        exact=exact,
        year_from=year_from,
        year_to=year_to,
    )


def describe(search_request: SearchRequest) -> str:
    """A search in words, for a feed's title or a saved search's name: its query and its
    filters' labels."""
    words = [f"«{search_request.q.strip()}»"] if search_request.q.strip() else []
    for name, values in search_request.filters.items():
        labels = FACETS_BY_NAME[name].labels(values)
        words += [str(labels.get(value, value)) for value in values]
    return ", ".join(words) or str(_("all passages"))


def _years_between(year_from: int | None, year_to: int | None, chosen: Iterable[str] | None) -> list[str]:
    """The years of the sources in the range (and among the chosen ones, if any): the year
    filter the range stands for; an empty list finds nothing."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadSearchParameter(
            _("year_from (%(year_from)d) must not be after year_to (%(year_to)d)."),
            year_from=year_from,
            year_to=year_to,
        )
    low, high = year_from or 0, year_to if year_to is not None else 9999
    years = [year for year in FACETS_BY_NAME["year"].all_values() if low <= int(year) <= high]
    return [year for year in years if chosen is None or year in chosen]


def _known_values(facet: Facet, values: list[str]) -> list[str]:
    """The values, once each is checked to exist (one query per facet)."""
    unknown = next((v for v in values if not SLUG.fullmatch(v)), None)
    if unknown is None:
        known = facet.known(values)
        unknown = next((v for v in values if v not in known), None)
    if unknown is not None:
        raise UnknownFacetValue(facet.name, unknown, facet.all_values())
    return values


def _integer(params: QueryDict, name: str, default: Default, bounds: tuple[int, int]) -> int | Default:
    """The parameter as a whole number written in ASCII digits within bounds (low, high)."""
    value = params.get(name)
    if value in (None, ""):
        return default
    low, high = bounds
    if not WHOLE_NUMBER.fullmatch(value) or not low <= int(value) <= high:
        raise BadSearchParameter(
            _("%(name)s must be a whole number from %(low)d to %(high)d, not «%(value)s»."),
            name=name,
            low=low,
            high=high,
            value=value[:40],
        )
    return int(value)
