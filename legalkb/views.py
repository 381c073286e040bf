"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

from collections import defaultdict

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from . import citation
from .export import export_hits, to_bibtex, to_csv, to_json, to_ris
from .models import KINDS, Language, Passage, Principle, Source, TaxonomyLink
from .search import search_passages
from .search.errors import SearchError, error_response
from .search.params import WHOLE_NUMBER, YEARS, parse_search_params
from .text.collate import sort_key
from .throttle import throttled

# /…/cite.<format>: how each reference-manager format is rendered and served
CITE_FORMATS = {
    "bib": ("BibTeX", citation.bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": ("RIS", citation.ris, "application/x-research-info-systems; charset=utf-8"),
    "json": ("CSL-JSON", citation.csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
SNIPPET_CHARS = 300
# Sources sorted by title in alphabet order, or newest first (unknown years last), then by title
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


def _mentions(entry, kind):
    """The passages linked to an entry in source order, each with .snippet: the text around
    the entry's mention, marked."""
    links = (
        kind.link_model.objects.active()
        .filter(**{kind.name: entry})
        .select_related("passage__source")
        .defer("passage__source__raw_text")
        .order_by("passage__source_id", "passage__position")
    )
    passages = []
    for link in links:
        setattr(link, kind.name, entry)  # known already: no query per link for its names
        link.passage.snippet = link.snippet(SNIPPET_CHARS)
        passages.append(link.passage)
    return passages


@throttled("browse")
def entry_detail(request, kind, slug):
    kind = KINDS[kind]
    entry = get_object_or_404(kind.entry_model, slug=slug)
    passage_ids = kind.link_model.objects.active().filter(**{kind.name: entry}).values("passage")
    related = Principle.objects.filter(TaxonomyLink.active_filter(), links__passage__in=passage_ids)
    if kind.entry_model is Principle:
        related = related.exclude(pk=entry.pk)
    return render(
        request,
        "legalkb/entry_detail.html",
        {
            "entry": entry,
            "kind": kind.name,
            "kind_title": kind.title,
            "passages": _mentions(entry, kind),
            "related": related.annotate(shared=Count("links", distinct=True)).order_by("-shared", "slug"),
        },
    )


def interface_language():
    """The interface language, as citation.py names it."""
    language = (translation.get_language() or "kk")[:2]
    return language if language in citation.LANGUAGES else "kk"


def source_cited(request, source):
    return source.cited(request.build_absolute_uri(source.get_absolute_url()), timezone.localdate())


def passage_cited(request, passage):
    return passage.cited(request.build_absolute_uri(passage.get_absolute_url()), timezone.localdate())


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
    sources = filters.sources()
    for source in sources:
        source.gost = citation.gost(source_cited(request, source), interface_language())
    return render(request, "legalkb/source_list.html", {**context, "sources": sources})


@throttled("browse")
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.prefetch_related("creators"), slug=slug)
    if source.withdrawn:
        return withdrawn(request, WITHDRAWN_SOURCE)
    passages = source.passages.public().with_tags()
    cited = citing(source_cited(request, source), "source_cite", source.slug)
    return render(request, "legalkb/source_detail.html", {"source": source, "passages": passages, **cited})


@throttled("browse")
def source_cite(request, slug, file_format):
    source = get_object_or_404(Source, slug=slug)
    if source.withdrawn:
        return withdrawn(request, WITHDRAWN_SOURCE)
    return cite_file(source_cited(request, source), source.slug, file_format)


@throttled("browse")
def passage_detail(request, pk):
    passage = get_object_or_404(Passage.objects.with_source().with_tags(), pk=pk)
    if not Passage.objects.public().filter(pk=pk).exists():
        return withdrawn(request, WITHDRAWN_PASSAGE)
    siblings = Passage.objects.public().filter(source_id=passage.source_id).only("id", "position")
    return render(
        request,
        "legalkb/passage_detail.html",
        {
            "passage": passage,
            "previous": siblings.filter(position__lt=passage.position).order_by("-position").first(),
            "next": siblings.filter(position__gt=passage.position).order_by("position").first(),
            "annotations": passage.public_annotations,
            **citing(passage_cited(request, passage), "passage_cite", passage.pk),
        },
    )


@throttled("browse")
def passage_cite(request, pk, file_format):
    passage = get_object_or_404(Passage.objects.with_source(), pk=pk)
    if not Passage.objects.public().filter(pk=pk).exists():
        return withdrawn(request, WITHDRAWN_PASSAGE)
    file_stem = f"{passage.source.slug}-{passage.position}"
    return cite_file(passage_cited(request, passage), file_stem, file_format)
