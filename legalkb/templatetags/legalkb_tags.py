from django import template

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


@register.inclusion_tag("admin/legalkb/search_lag.html")
def search_lag():
    """How far behind search is: passages waiting in the indexing outbox, and for how long."""
    waiting, oldest = outbox.lag()
    return {"waiting": waiting, "minutes": int(oldest.total_seconds() // 60) if oldest else 0}
