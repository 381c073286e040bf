"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

import logging
from collections import defaultdict

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Max, Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import charts, citation
from .export import export_hits, to_bibtex, to_csv, to_json, to_ris
from .kinds import KINDS
from .models import (
    READER_PAGE_SIZE,
    Act,
    ActCitation,
    Language,
    Passage,
    Principle,
    Reference,
    Source,
    TaxonomyLink,
    interface_language,
)
from .search import search_passages
from .search.errors import IndexUnavailable, SearchError
from .search.params import WHOLE_NUMBER, YEARS, parse_search_params
from .search.related import related_passages
from .tagging import entry_matcher, mention_spans
from .text.acts import article_sort_key
from .text.collate import sort_key
from .text.highlight import mark_window
from .throttle import throttled

log = logging.getLogger(__name__)

# /…/cite.<format>: how each reference-manager format is rendered and served
CITE_FORMATS = {
    "bib": ("BibTeX", citation.bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": ("RIS", citation.ris, "application/x-research-info-systems; charset=utf-8"),
    "json": ("CSL-JSON", citation.csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
SNIPPET_CHARS = 300
CHART_ENTRIES = 10  # entries a "discussed with" chart shows
YEAR_LABEL_WIDTH = 48  # a year's label in a chart
DOWNLOAD_FIELDS = ("slug", "file_name", "original", "original_public", "withdrawn")
# Sources sorted by title in alphabet order, or newest first (unknown years last), then by title
LIST_PAGE_SIZE = 50  # sources, acts, an entry's passages or an act's citations a public list's page shows
SOURCE_SORTS = {
    "title": lambda source: sort_key(source.title),
    "year": lambda source: (source.year is None, -(source.year or 0), sort_key(source.title)),
}


def _counted(model):
    return model.objects.annotate(passage_count=Count("links", filter=TaxonomyLink.active_filter()))


def _tree(entries):
    """Top-level entries in Kazakh alphabetical order of their labels, each with its sorted
    .subentries."""
    children = defaultdict(list)
    for entry in sorted(entries, key=lambda e: sort_key(e.label)):
        children[getattr(entry, "parent_id", None)].append(entry)
    for entry in entries:
        entry.subentries = children[entry.pk]
    return children[None]


@throttled("browse")
def home(request):
    return render(
        request,
        "legalkb/home.html",
        {
            "principles": _tree(list(_counted(Principle))),
            "sources": Source.objects.public().with_passage_counts(),
        },
    )


def withdrawn(request, message):
    """What a link to a withdrawn source or passage answers: 410 Gone and a notice, not 404,
    for such links are printed in citations and readers should learn the text was withdrawn
    rather than think the link mistyped; the text itself is not shown. Never cached: editors may
    put it back."""
    response = render(request, "legalkb/withdrawn.html", {"message": message}, status=410)
    add_never_cache_headers(response)
    return response


WITHDRAWN_SOURCE = _("The editors have withdrawn this source from the knowledge base.")
WITHDRAWN_PASSAGE = _("The editors have withdrawn this passage from the knowledge base.")
REPLACED_PASSAGE = _(
    "This passage is no longer in its source: the editors replaced the source's file by a corrected one."
)


# The page that answers an error of the search page (the search page itself otherwise).
ERROR_PAGES = {IndexUnavailable: "search/unavailable.html"}


def error_response(request, error, answer_as="html"):
    """The one answer to a SearchError: answer_as is "html" (the search page), "json" (the
    API) or "text" (exports, feeds); what an operator must do goes to the log only."""
    if isinstance(error, IndexUnavailable):
        log.error("Search index unavailable: %s", error.operator_hint)
    message = error.public_message()
    if answer_as == "json":
        return JsonResponse({"error": message, **error.details()}, status=error.status)
    if answer_as == "text":
        return HttpResponse(message, status=error.status, content_type="text/plain; charset=utf-8")
    template = ERROR_PAGES.get(type(error), "search/search.html")
    return render(request, template, {"error": message}, status=error.status)


@throttled("browse")
def search_help(request):
    """The query language, with examples (legalkb.text.query)."""
    return render(request, "search/help.html")


@throttled("search")
def search_page(request):
    try:
        response = search_passages(parse_search_params(request.GET))
    except SearchError as error:
        return error_response(request, error)
    search_request = response.request
    return render(
        request,
        "search/search.html",
        {
            "response": response,
            "page": Paginator(range(response.total), search_request.page_size).page(search_request.page),
        },
    )


def _export(request, render_hits, content_type, extension):
    try:
        hits = export_hits(parse_search_params(request.GET))
    except SearchError as error:
        return error_response(request, error, answer_as="text")
    body = render_hits(hits, request.build_absolute_uri, timezone.localdate(), interface_language())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="legalkb-search.{extension}"'
    return response


@throttled("export")
def search_export_csv(request):
    return _export(request, to_csv, "text/csv; charset=utf-8", "csv")


@throttled("export")
def search_export_json(request):
    return _export(request, to_json, "application/json", "json")


@throttled("export")
def search_export_bibtex(request):
    return _export(request, to_bibtex, CITE_FORMATS["bib"][2], "bib")


@throttled("export")
def search_export_ris(request):
    return _export(request, to_ris, CITE_FORMATS["ris"][2], "ris")


@throttled("browse")
def entry_list(request, kind):
    kind = KINDS[kind]
    entries = _tree(list(_counted(kind.entry_model)))
    return render(
        request, "legalkb/entry_list.html", {"entries": entries, "kind": kind.name, "title": kind.title}
    )


def _mention_links(entry, kind):
    """The active links of an entry, in source order."""
    return (
        kind.link_model.objects.active()
        .filter(**{kind.name: entry})
        .select_related("passage__source")
        .defer("passage__source__raw_text")
        .order_by("passage__source_id", "passage__position")
    )


def _mentions(entry, kind, links):
    """The passages of entry's links, each with .snippet: the text around the entry's
    mention, marked."""
    links = list(links)
    for link in links:
        setattr(link, kind.name, entry)  # known already: no query per link for its names
    for link, snippet in zip(links, mention_snippets(links, SNIPPET_CHARS), strict=True):
        link.passage.snippet = snippet
    return [link.passage for link in links]


def mention_snippets(links, max_chars):
    """Escaped HTML of each link's passage around its entry's mention, the entry's names
    marked: one matcher per entry, however many links it has."""
    matchers = {}
    for link in links:
        key = (link.entry_field, link.entry.pk)
        matcher = matchers.get(key) or matchers.setdefault(key, entry_matcher(link.entry))
        yield mark_safe(mark_window(link.passage.text, mention_spans(matcher, link.passage), max_chars))


@throttled("browse")
def entry_detail(request, kind, slug):
    kind = KINDS[kind]
    entry = get_object_or_404(kind.entry_model, slug=slug)
    passage_ids = kind.link_model.objects.active().filter(**{kind.name: entry}).values("passage")
    context = {
        "entry": entry,
        "kind": kind.name,
        "kind_title": kind.title,
        **discussion(Passage.objects.filter(pk__in=passage_ids), entry),
    }
    page, error = list_page(request, _mention_links(entry, kind))
    if error:
        return render(request, "legalkb/entry_detail.html", {**context, "error": error}, status=404)
    context.update({"page": page, "passages": _mentions(entry, kind, page)})
    return render(request, "legalkb/entry_detail.html", context)


def list_page(request, items):
    """(page, None): the page of a public list that ?page= asks for, LIST_PAGE_SIZE items a
    page; (None, a message saying which pages there are) when there is no such page."""
    paginator = Paginator(items, LIST_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page") or 1), None
    except InvalidPage:
        message = _("There is no page «%(page)s» of this list: it fills pages 1 to %(last)d.")
        return None, message % {"page": request.GET["page"][:20], "last": paginator.num_pages}


def discussion(passages, entry):
    """The two charts of an entry's or an act's page, with their figures for the tables: the
    passages per year of their source, and the entries and acts named in the same passages."""
    years, unknown_year = passages.per_source_year()
    year_bars = charts.year_bars(years)
    named = passages.discussed_with(CHART_ENTRIES, leaving_out=entry)
    named_bars = [charts.Bar(other.label, count) for _kind, other, count in named]
    return {
        "year_bars": year_bars,
        "unknown_year": unknown_year,
        "years_chart": mark_safe(
            charts.bar_chart(year_bars, _("Passages by the year of their source"), "years", YEAR_LABEL_WIDTH)
        ),
        "discussed_with": named,
        "discussed_with_chart": mark_safe(
            charts.bar_chart(named_bars, _("Entries and acts named in the same passages"), "discussed-with")
        ),
    }


ACT_KIND_ORDER = [choice for choice, _label in Act.Kind.choices]


@throttled("browse")
def act_list(request):
    cited = [act for act in Act.objects.with_passage_counts() if act.passage_count]
    cited.sort(key=lambda act: (ACT_KIND_ORDER.index(act.kind), act.year or 0, sort_key(act.label)))
    page, error = list_page(request, cited)
    if error:
        return render(request, "legalkb/act_list.html", {"error": error}, status=404)
    return render(request, "legalkb/act_list.html", {"acts": page, "page": page})


@throttled("browse")
def act_detail(request, slug):
    act = get_object_or_404(Act, slug=slug)
    spans = _citation_spans(act)
    if not spans:
        raise Http404("No passage the public site shows cites this act.")
    context = {
        "act": act,
        "passage_count": len({passage_id for _article, passage_id in spans}),
        **discussion(Passage.objects.public().filter(act_citations__act=act).distinct(), act),
    }
    cited = sorted(spans, key=lambda key: article_sort_key(key[0]))  # articles in order, each in source order
    page, error = list_page(request, cited)
    if error:
        return render(request, "legalkb/act_detail.html", {**context, "error": error}, status=404)
    context.update({"page": page, "articles": _cited_by_article(page, spans)})
    return render(request, "legalkb/act_detail.html", context)


def _citation_spans(act):
    """{(article, passage id): [(start, end), …]} of the act's citations in the passages the
    public site shows, in source order: the rows an act's page lists, without their texts."""
    spans = defaultdict(list)
    citations = (
        ActCitation.objects.filter(Passage.public_filter("passage"), act=act)
        .order_by("passage__source_id", "passage__position", "start")
        .values_list("article", "passage_id", "start", "end")
    )
    for article, passage_id, start, end in citations:
        spans[article, passage_id].append((start, end))
    return spans


def _cited_by_article(page, spans):
    """[(article, [(passage, snippet marking the citation), …]), …] of a page of an act's
    (article, passage id) rows: an article continued from the page before is headed again."""
    passages = (
        Passage.objects.filter(pk__in=[passage_id for _article, passage_id in page])
        .select_related("source")
        .defer("source__raw_text")
        .in_bulk()
    )
    by_article = {}
    for article, passage_id in page:
        passage = passages[passage_id]
        snippet = mark_safe(mark_window(passage.text, spans[article, passage_id], SNIPPET_CHARS))
        by_article.setdefault(article, []).append((passage, snippet))
    return list(by_article.items())


def source_cited(request, source):
    url = request.build_absolute_uri(source.get_absolute_url())
    return source.cited(url, timezone.localdate(), public_pdf(request, source))


def passage_cited(request, passage):
    url = request.build_absolute_uri(passage.get_absolute_url())
    return passage.cited(url, timezone.localdate(), public_pdf(request, passage.source))


def public_pdf(request, source):
    """The address of the source's original file where it is a PDF readers may download, for
    reference managers to save with the record; else ""."""
    if not (source.original_downloadable and source.original_is_pdf):
        return ""
    return request.build_absolute_uri(reverse("source_file", args=[source.slug]))


def citing(cited, cite_url_name, *args):
    """What a page citing something shows: GOST in the interface language, APA, links to the
    reference-manager files (cite_url_name with args and a format) and the Highwire Press meta tags."""
    return {
        "gost": citation.gost(cited, interface_language()),
        "apa": citation.apa(cited),
        "cite_files": [
            (label, reverse(cite_url_name, args=[*args, file_format]))
            for file_format, (label, _render, _content_type) in CITE_FORMATS.items()
        ],
        "citation_meta": citation.highwire_tags(cited),
    }


def cite_file(cited, file_stem, file_format):
    if file_format not in CITE_FORMATS:
        raise Http404(f"No citation format «{file_format[:20]}».")
    _label, render_citations, content_type = CITE_FORMATS[file_format]
    response = HttpResponse(render_citations([cited], interface_language()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{file_format}"'
    return response


class YearField(forms.IntegerField):
    """A year in ASCII digits within search.params.YEARS (IntegerField would also read "٢٠٢٠")."""

    message = _("Enter a year from %(low)d to %(high)d in the digits 0–9.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        low, high = YEARS
        if not WHOLE_NUMBER.fullmatch(str(value)) or not low <= int(value) <= high:
            raise forms.ValidationError(self.message, code="invalid", params={"low": low, "high": high})
        return int(value)


class SourceFilters(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Source.Kind.choices], required=False
    )
    year = YearField(label=_("Year"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *Language.choices], required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort"), choices=[("title", _("by title")), ("year", _("newest first"))], required=False
    )

    def sources(self):
        """The sources these valid filters select, in their order, with passage counts and
        creators; never their raw text."""
        data = self.cleaned_data
        chosen = {name: data[name] for name in ("kind", "year", "language") if data[name] not in ("", None)}
        sources = Source.objects.public().filter(**chosen).with_passage_counts().prefetch_related("creators")
        return sorted(sources, key=SOURCE_SORTS[data["sort"] or "title"])


@throttled("browse")
def source_list(request):
    filters = SourceFilters(request.GET)
    years = Source.objects.public().exclude(year=None).order_by("-year").values_list("year", flat=True)
    context = {
        "filters": filters,
        "kinds": Source.Kind.choices,
        "years": years.distinct(),
        "languages": Language.choices,
    }
    if not filters.is_valid():
        errors = [f"{filters[name].label}: {' '.join(messages)}" for name, messages in filters.errors.items()]
        return render(request, "legalkb/source_list.html", {**context, "errors": errors}, status=400)
    page, error = list_page(request, filters.sources())
    if error:
        return render(request, "legalkb/source_list.html", {**context, "errors": [error]}, status=404)
    for source in page:
        source.gost = citation.gost(source_cited(request, source), interface_language())
    return render(request, "legalkb/source_list.html", {**context, "sources": page.object_list, "page": page})


@throttled("browse")
def source_detail(request, slug):
    """The source to read: its record, abstracts and keywords, the outline as a table of contents,
    and one page of its passages in order (READER_PAGE_SIZE positions a page), each with its notes
    at their places and its printed page in the margin where a new one begins."""
    references = Reference.objects.select_related("cited_source").defer("cited_source__raw_text")
    parts = ("creators", "abstracts", "keywords", Prefetch("references", references))
    sources = Source.objects.prefetch_related(*parts)
    source = get_object_or_404(sources, slug=slug)
    if source.withdrawn:
        return withdrawn(request, WITHDRAWN_SOURCE)
    public = source.passages.public()
    extent = public.aggregate(last=Max("position"), count=Count("pk"))
    paginator = Paginator(range(extent["last"] or 0), READER_PAGE_SIZE, allow_empty_first_page=True)
    context = {
        "source": source,
        "passage_count": extent["count"],
        "outline": source.outline(),
        "cited_by": Source.objects.citing(source).only("slug", "title", "year", "language"),
        **citing(source_cited(request, source), "source_cite", source.slug),
    }
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        message = _("There is no page «%(page)s» of this source: its passages fill pages 1 to %(last)d.")
        context["error"] = message % {"page": request.GET["page"][:20], "last": paginator.num_pages}
        return render(request, "legalkb/source_detail.html", context, status=404)
    first, last = (page.number - 1) * READER_PAGE_SIZE + 1, page.number * READER_PAGE_SIZE
    passages = public.filter(position__range=(first, last)).with_tags().with_notes()
    context.update({"page": page, "passages": in_the_margin(list(passages))})
    return render(request, "legalkb/source_detail.html", context)


def in_the_margin(passages):
    """The passages, each with .margin_pages: its printed pages where they differ from the
    previous passage's (where a new page begins), else None."""
    previous = None
    for passage in passages:
        first, last = passage.printed_pages
        passage.margin_pages = (first, last) if first and (first, last) != previous else None
        previous = (last or first, last or first) if first else None
    return passages


@throttled("download")
def source_file(request, slug):
    """The original file of a source, where an editor made it public (and for editors always)."""
    source = get_object_or_404(Source.objects.only(*DOWNLOAD_FIELDS), slug=slug)
    may_download = source.original_downloadable or request.user.has_perm("legalkb.view_source")
    if not source.original or not may_download:
        raise Http404("The original file of this source is not public.")
    return FileResponse(source.original.open("rb"), as_attachment=True, filename=source.file_name)


@throttled("browse")
def source_cite(request, slug, file_format):
    source = get_object_or_404(Source, slug=slug)
    if source.withdrawn:
        return withdrawn(request, WITHDRAWN_SOURCE)
    return cite_file(source_cited(request, source), source.slug, file_format)


@throttled("browse")
def passage_detail(request, pk):
    passages = Passage.objects.with_source().with_tags().with_acts().with_notes()
    passage = passages.filter(pk=pk).first()
    if passage is None:
        return replaced_or_missing(request, pk)
    if not Passage.objects.public().filter(pk=pk).exists():
        return withdrawn(request, WITHDRAWN_PASSAGE)
    siblings = Passage.objects.public().filter(source_id=passage.source_id).only("id", "position")
    return render(
        request,
        "legalkb/passage_detail.html",
        {
            "passage": passage,
            "section": passage.section_path(),
            "previous": siblings.filter(position__lt=passage.position).order_by("-position").first(),
            "next": siblings.filter(position__gt=passage.position).order_by("position").first(),
            "annotations": passage.public_annotations,
            "acts_cited": passage.acts_cited(),
            "related": related_or_none(passage),
            **citing(passage_cited(request, passage), "passage_cite", passage.pk),
        },
    )


def related_or_none(passage):
    """The passage's related passages, or None while the index cannot answer (the page
    itself does not need the index)."""
    try:
        return related_passages(passage)
    except IndexUnavailable as error:
        log.error("Search index unavailable: %s", error.operator_hint)
        return None


def replaced_or_missing(request, pk):
    """A passage that no longer exists: one a corrected file of its source left out answers 410
    with a link to the source (its address may be printed in citations); any other, 404."""
    removed = Passage.history.filter(id=pk, history_type="-").only("source_id").first()
    source = (
        removed
        and Source.objects.public().filter(pk=removed.source_id).only("slug", "title", "language").first()
    )
    if source is None:
        raise Http404(f"No passage {pk}.")
    response = render(
        request, "legalkb/withdrawn.html", {"message": REPLACED_PASSAGE, "source": source}, status=410
    )
    add_never_cache_headers(response)
    return response


@throttled("browse")
def passage_cite(request, pk, file_format):
    passage = get_object_or_404(Passage.objects.with_source(), pk=pk)
    if not Passage.objects.public().filter(pk=pk).exists():
        return withdrawn(request, WITHDRAWN_PASSAGE)
    file_stem = f"{passage.source.slug}-{passage.position}"
    return cite_file(passage_cited(request, passage), file_stem, file_format)
