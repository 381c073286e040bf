"""Read a search's state from URL parameters (shared by the page, the API and exports)."""

import re

from .models import Language
from .search import DEFAULT_PAGE_SIZE, FACETS, MAX_PAGE_SIZE, SORTS, SearchRequest

MAX_QUERY_CHARS = 2000
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_FILTER_VALUES = 50


class BadSearchParameter(ValueError):
    pass


def parse_search_params(params):
    """SearchRequest from a QueryDict; BadSearchParameter names what is wrong."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadSearchParameter(f"Unknown sort «{sort}»: use one of {', '.join(SORTS)}.")
    page = _integer(params, "page", 1)
    if page < 1:
        raise BadSearchParameter("page must be 1 or more.")
    page_size = _integer(params, "page_size", DEFAULT_PAGE_SIZE)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadSearchParameter(f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
    filters = {}
    for name in FACETS:
        values = [v.strip() for v in params.getlist(name) if v.strip()][:MAX_FILTER_VALUES]
        bad = next((v for v in values if not SLUG.fullmatch(v)), None)
        if bad is not None:
            raise BadSearchParameter(f"{name} must be a slug such as «legality», not «{bad[:40]}».")
        if values:
            filters[name] = list(dict.fromkeys(values))
    unknown = set(filters.get("language", [])) - set(Language.values)
    if unknown:
        raise BadSearchParameter(f"language must be one of {', '.join(Language.values)}.")
    q = (params.get("q") or "")[:MAX_QUERY_CHARS]
    return SearchRequest(q=q, filters=filters, sort=sort, page=page, page_size=page_size)


def _integer(params, name, default):
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise BadSearchParameter(f"{name} must be a whole number, not «{value[:40]}».") from None
