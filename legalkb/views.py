"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

from collections import defaultdict

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import citation
from .export import export_hits, to_csv, to_json
from .models import (
    LINK_MODELS,
    Annotation,
    Author,
    Language,
    Passage,
    Principle,
    PrincipleLink,
    Reform,
    Source,
    TaxonomyLink,
)
from .search import FACETS, PageOutOfRange, search_passages
from .search_backend import SearchIndexUnavailable
from .search_params import BadSearchParameter, parse_search_params
from .text.collate import sort_key

ACTIVE = ~Q(links__status=TaxonomyLink.Status.REJECTED)
FACET_TITLES = {
    "principle": _("Principles"),
    "author": _("Authors"),
    "reform": _("Reforms"),
    "source": _("Sources"),
    "language": _("Language"),
}
KIND_TITLES = {"principle": _("Principles"), "author": _("Authors"), "reform": _("Reforms")}
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


def with_badges(passages):
    """Passages with their active taxonomy links in .principle_links, .author_links, .reform_links."""
    return passages.prefetch_related(
        *(
            Prefetch(f"{kind}link_set", model.objects.active().select_related(kind), to_attr=f"{kind}_links")
            for kind, model in LINK_MODELS.items()
        )
    )


def _counted(model):
    return model.objects.annotate(passage_count=Count("links", filter=ACTIVE))


def _tree(entries):
    """Top-level entries sorted by label, each with its sorted .subentries."""
    children = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.label):
        children[getattr(entry, "parent_id", None)].append(entry)
    for entry in entries:
        entry.subentries = children[entry.pk]
    return children[None]


def home(request):
    return render(
        request,
        "legalkb/home.html",
        {
            "principles": _tree(list(_counted(Principle))),
            "sources": Source.objects.defer("raw_text").annotate(passage_count=Count("passages")),
        },
    )


def search_page(request):
    try:
        response = search_passages(parse_search_params(request.GET))
    except BadSearchParameter as error:
        return render(request, "search/search.html", {"error": str(error)}, status=400)
    except PageOutOfRange as error:
        return render(request, "search/search.html", {"error": str(error)}, status=404)
    except SearchIndexUnavailable as error:
        return render(request, "search/unavailable.html", {"error": str(error)}, status=503)
    search_request = response.request
    return render(
        request,
        "search/search.html",
        {
            "response": response,
            "page": Paginator(range(response.count), search_request.page_size).page(search_request.page),
            "facets": [(name, FACET_TITLES[name], response.facets[name]) for name in FACETS],
        },
    )


def _export(request, render_hits, content_type, extension):
    try:
        hits = export_hits(parse_search_params(request.GET))
    except BadSearchParameter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    except SearchIndexUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    body = render_hits(hits, request.build_absolute_uri, timezone.localdate(), interface_language())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="legalkb-search.{extension}"'
    return response


def search_export_csv(request):
    return _export(request, to_csv, "text/csv; charset=utf-8", "csv")


def search_export_json(request):
    return _export(request, to_json, "application/json", "json")


def _entry_list(request, model, kind):
    entries = _tree(list(_counted(model)))
    return render(
        request, "legalkb/entry_list.html", {"entries": entries, "kind": kind, "title": KIND_TITLES[kind]}
    )


def _mentions(entry, kind):
    """The passages linked to an entry in source order, each with .snippet: the text around
    the entry's mention, marked."""
    links = (
        LINK_MODELS[kind].objects.active().filter(**{kind: entry})
        .select_related("passage__source").defer("passage__source__raw_text")
        .order_by("passage__source_id", "passage__position")
    )
    passages = []
    for link in links:
        setattr(link, kind, entry)  # known already: no query per link for its names
        link.passage.snippet = link.snippet(SNIPPET_CHARS)
        passages.append(link.passage)
    return passages


def _entry_detail(request, model, slug, kind):
    entry = get_object_or_404(model, slug=slug)
    passage_ids = LINK_MODELS[kind].objects.active().filter(**{kind: entry}).values("passage")
    shared_links = PrincipleLink.objects.active().filter(passage__in=passage_ids)
    related = Principle.objects.filter(links__in=shared_links)
    if kind == "principle":
        related = related.exclude(pk=entry.pk)
    return render(
        request,
        "legalkb/entry_detail.html",
        {
            "entry": entry,
            "kind": kind,
            "kind_title": KIND_TITLES[kind],
            "passages": _mentions(entry, kind),
            "related": related.annotate(shared=Count("links", distinct=True)).order_by("-shared", "slug"),
        },
    )


def principle_list(request):
    return _entry_list(request, Principle, "principle")


def principle_detail(request, slug):
    return _entry_detail(request, Principle, slug, "principle")


def author_list(request):
    return _entry_list(request, Author, "author")


def author_detail(request, slug):
    return _entry_detail(request, Author, slug, "author")


def reform_list(request):
    return _entry_list(request, Reform, "reform")


def reform_detail(request, slug):
    return _entry_detail(request, Reform, slug, "reform")


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
    _label, render_citations, content_type = CITE_FORMATS[file_format]
    response = HttpResponse(render_citations([cited], interface_language()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{file_format}"'
    return response


class SourceFilters(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Source.Kind.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1, max_value=9999, required=False)
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
        sources = (
            Source.objects.defer("raw_text")
            .filter(**chosen)
            .annotate(passage_count=Count("passages"))
            .prefetch_related("creators")
        )
        return sorted(sources, key=SOURCE_SORTS[data["sort"] or "title"])


def source_list(request):
    filters = SourceFilters(request.GET)
    years = Source.objects.exclude(year=None).order_by("-year").values_list("year", flat=True)
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


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.defer("raw_text").prefetch_related("creators"), slug=slug)
    passages = with_badges(source.passages.all())
    cited = citing(source_cited(request, source), "source_cite", source.slug)
    return render(request, "legalkb/source_detail.html", {"source": source, "passages": passages, **cited})


def source_cite(request, slug, file_format):
    source = get_object_or_404(Source.objects.defer("raw_text"), slug=slug)
    return cite_file(source_cited(request, source), source.slug, file_format)


def passage_detail(request, pk):
    passage = get_object_or_404(with_badges(Passage.objects.select_related("source")), pk=pk)
    siblings = Passage.objects.filter(source_id=passage.source_id).only("id", "position")
    return render(
        request,
        "legalkb/passage_detail.html",
        {
            "passage": passage,
            "previous": siblings.filter(position__lt=passage.position).order_by("-position").first(),
            "next": siblings.filter(position__gt=passage.position).order_by("position").first(),
            "annotations": passage.annotations.filter(visibility=Annotation.Visibility.PUBLIC),
            **citing(passage_cited(request, passage), "passage_cite", passage.pk),
        },
    )


def passage_cite(request, pk, file_format):
    passage = get_object_or_404(Passage.objects.select_related("source").defer("source__raw_text"), pk=pk)
    file_stem = f"{passage.source.slug}-{passage.position}"
    return cite_file(passage_cited(request, passage), file_stem, file_format)
