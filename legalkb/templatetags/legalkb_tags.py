from django import template

register = template.Library()


@register.filter
def entries(links):
    """The taxonomy entries of a list of links."""
    return [link.entry for link in links]


@register.simple_tag(takes_context=True)
def query_without(context, name, value):
    """The current query string without one value of a parameter, back on the first page."""
    params = context.request.GET.copy()
    params.setlist(name, [v for v in params.getlist(name) if v.strip() != value])
    params.pop("page", None)
    return "?" + params.urlencode()
