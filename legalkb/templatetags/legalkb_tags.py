from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ..models import TAXONOMY
from ..search import FACETS, outbox

register = template.Library()
FACET_VALUE = """  <div class="custom-control custom-checkbox">
    <input class="custom-control-input" type="checkbox" id="facet-{0}-{1}" name="{0}"
           value="{2}"{3} data-autosubmit>
    <label class="custom-control-label d-flex justify-content-between" for="facet-{0}-{1}">
      <span>{4}</span> <span class="facet-count">{5}</span>
    </label>
  </div>
"""
CHECKED = mark_safe(" checked")


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


@register.simple_tag
def facet_checkboxes(facet, values):
    """A facet's values as checkboxes, in Python: a template loop over fifty values a facet took
    a good share of the search page's time."""
    return format_html_join(
        "",
        FACET_VALUE,
        (
            (facet.name, number, value.value, CHECKED if value.selected else "", value.label, value.count)
            for number, value in enumerate(values, start=1)
        ),
    )


@register.inclusion_tag("admin/legalkb/search_lag.html")
def search_lag():
    """How far behind search is: passages waiting in the indexing outbox, and for how long."""
    waiting, oldest = outbox.lag()
    return {"waiting": waiting, "minutes": int(oldest.total_seconds() // 60) if oldest else 0}
