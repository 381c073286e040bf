import html
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from ..citation import page_range
from ..kinds import TAXONOMY
from ..search import FACETS, Tier, outbox
from ..text.anchoring import mark_spans

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
NOTE_MARK = '<sup class="note-mark"><a id="{ref}" href="#{note}">{mark}</a></sup>'


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
    return html_rows(
        FACET_VALUE,
        (
            (facet.name, number, value.value, CHECKED if value.selected else "", value.label, value.count)
            for number, value in enumerate(values, start=1)
        ),
    )


def html_rows(template: str, rows: Iterable[Sequence[object]]) -> SafeString:
    """format_html_join("", template, rows), each value escaped as conditional_escape does but
    without its check for lazy strings: a search page formats about a thousand values, and that
    check took most of their time."""
    return mark_safe("".join(template.format(*map(_escaped, row)) for row in rows))


def _escaped(value: object) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


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


BADGE = (
    '<li class="list-inline-item"><a class="badge badge-{0}{1}" href="{2}"{3}>'
    '<span class="sr-only">{4}: </span>{5}{6}</a></li>'
)
UNREVIEWED = (
    ' title="{0}"',
    '<span aria-hidden="true" class="unreviewed-mark"> ?</span><span class="sr-only"> ({1})</span>',
)


@register.simple_tag
def badges(tag_links):
    """A passage's tags (Passage.tag_links) as a list of badges, unreviewed links marked; in Python,
    as a template loop over every link of twenty results took a good share of the search page."""
    if not tag_links:
        return ""
    words = _badge_words(get_language())
    items = html_rows(
        BADGE,
        (
            (
                kind.name,
                " badge-unreviewed" if link.is_unreviewed else "",
                _entry_url(type(link.entry), link.entry.slug),
                words.title if link.is_unreviewed else "",
                words.kinds[kind.name],
                link.entry.label,
                words.mark if link.is_unreviewed else "",
            )
            for kind, links in tag_links
            for link in links
        ),
    )
    return format_html(
        '<ul class="list-inline badges mb-0" aria-label="{0}">\n  {1}\n</ul>', words.tags, items
    )


class BadgeWords(NamedTuple):
    """What every list of badges says, in one language."""

    title: str  # an unreviewed badge's title attribute
    mark: str  # and its mark
    kinds: dict[str, str]  # each kind's label, by kind name
    tags: str  # the list's label


@lru_cache(maxsize=8)
def _badge_words(language: str | None) -> BadgeWords:
    """BadgeWords in language (the active one), translated once: twenty results' badges asked
    for the same words a few hundred times a page."""
    title, mark = (
        format_html(
            part,
            gettext("Found automatically; not yet reviewed by an editor"),
            gettext("found automatically, not yet reviewed by an editor"),
        )
        for part in UNREVIEWED
    )
    return BadgeWords(title, mark, {kind.name: capfirst(kind.label) for kind in TAXONOMY}, gettext("Tags"))


@lru_cache(maxsize=4096)
def _entry_url(model: type, slug: str) -> str:
    """A taxonomy entry's URL, which its slug alone makes (reverse() took a share of every badge)."""
    return model(slug=slug).get_absolute_url()


RESULT_ITEM = """<li class="result mb-4" lang="{0}">
  <h3 class="h6 mb-1"><a href="{1}">{2} § {3}</a></h3>
  {4}
  <p class="result-snippet mb-1">{5}</p>
  {6}
</li>
"""


@register.simple_tag
def result_item(hit):
    """A hit of a search page; in Python, as the template of twenty results took a good share of the
    page."""
    passage = hit.passage
    if hit.related_forms and hit.tier == Tier.RELATED:
        forms = gettext("Related forms: %(forms)s") % {"forms": ", ".join(hit.related_forms)}
        note = format_html('<p class="related-forms small text-muted mb-1">{0}</p>', forms)
    elif not hit.holds_all_words:
        note = format_html(
            '<p class="some-words small text-muted mb-1">{0}</p>', gettext("Holds only some of the words")
        )
    else:
        note = ""
    return format_html(
        RESULT_ITEM,
        passage.language,
        passage.get_absolute_url(),
        passage.source.title,
        passage.position,
        note,
        mark_safe(hit.highlighted),
        badges(passage.tag_links),
    )


@register.filter
def annotated_text(passage):
    """The passage's text as escaped HTML with the spans of its public annotations marked, its
    notes' marks in place and its citations of acts linked to the acts' pages, for the public
    passage page."""
    spans = [
        (a.quote_start, a.quote_end, a.pk)
        for a in passage.public_annotations
        if not a.is_orphaned and a.quote_start is not None
    ]
    links = {(c.start, c.end, c.act.get_absolute_url()) for c in passage.act_citation_list()}
    return mark_safe(mark_spans(passage.text, spans, note_marks(passage), sorted(links)))


@register.filter
def reader_text(passage):
    """The passage's text as escaped HTML with its notes' marks in place, for the source's page."""
    return mark_safe(mark_spans(passage.text, [], note_marks(passage)))


def note_marks(passage):
    """(offset, html) of each note's mark: a link to the note, which links back."""
    return [
        (
            note.offset,
            format_html(NOTE_MARK, ref=note.anchor_id + "-ref", note=note.anchor_id, mark=note.mark),
        )
        for note in passage.note_list()
    ]
