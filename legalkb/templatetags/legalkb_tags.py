from django import template

from ..citation import page_range
from ..models import TAXONOMY
from ..search import FACETS, outbox

register = template.Library()


@register.simple_tag
def taxonomy_kinds():
    return TAXONOMY


@register.simple_tag(takes_context=True)
def query_without(context, name, value):
    """The current query string without one value of a parameter, back on the first page."""
    params = context.request.GET.copy()
    params.setlist(name, [v for v in params.getlist(name) if v.strip() != value])
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def query_without_filters(context):
    """The current query string without any facet filter, back on the first page."""
    params = context.request.GET.copy()
    for name in ["page", "year_from", "year_to", *(facet.name for facet in FACETS)]:
        params.pop(name, None)
    return "?" + params.urlencode()


@register.filter
def pages(first_and_last):
    """(first, last) pages as "112" or "112–113"."""
    return page_range(first_and_last, "–")


@register.filter
def heading_level(level):
    """The HTML heading level (2–4) of a source's heading of level 1, 2, 3 or deeper: the page's
    own title is its h1."""
    return min(max(level, 1), 3) + 1


@register.inclusion_tag("admin/legalkb/search_lag.html")
def search_lag():
    """How far behind search is: passages waiting in the indexing outbox, and for how long."""
    waiting, oldest = outbox.lag()
    return {"waiting": waiting, "minutes": int(oldest.total_seconds() // 60) if oldest else 0}
