from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


@register.filter
def mark_annotations(text, annotations):
    """The text, escaped, with the span each anchored annotation quotes inside <mark>."""
    spans = sorted(
        (max(a.quote_start, 0), min(a.quote_end, len(text)))
        for a in annotations
        if a.quote_start is not None and a.quote_end is not None and not a.is_orphaned
    )
    merged = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    html, done = [], 0
    for start, end in merged:
        html += [escape(text[done:start]), "<mark>", escape(text[start:end]), "</mark>"]
        done = end
    html.append(escape(text[done:]))
    return mark_safe("".join(html))
