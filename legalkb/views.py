"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .citation import gost_citation
from .export import export_hits, hit_record, to_csv, to_json
from .models import (
    LINK_MODELS,
    Annotation,
    Author,
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

ACTIVE = ~Q(links__status=TaxonomyLink.Status.REJECTED)
FACET_TITLES = {
    "principle": _("Principles"),
    "author": _("Authors"),
    "reform": _("Reforms"),
    "source": _("Sources"),
    "language": _("Language"),
}
KIND_TITLES = {"principle": _("Principles"), "author": _("Authors"), "reform": _("Reforms")}


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
            "sources": Source.objects.annotate(passage_count=Count("passages")),
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


def _export(request, render_records, content_type, extension):
    try:
        hits = export_hits(parse_search_params(request.GET))
    except BadSearchParameter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    except SearchIndexUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    records = [hit_record(hit, request.build_absolute_uri) for hit in hits]
    response = HttpResponse(render_records(records), content_type=content_type)
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
            "passages": Passage.objects.filter(pk__in=passage_ids)
            .select_related("source")
            .defer("source__raw_text"),
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


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    passages = with_badges(source.passages.all())
    return render(request, "legalkb/source_detail.html", {"source": source, "passages": passages})


def passage_detail(request, pk):
    passages = Passage.objects.select_related("source").defer("source__raw_text")
    passage = get_object_or_404(with_badges(passages), pk=pk)
    siblings = Passage.objects.filter(source_id=passage.source_id).only("id", "position")
    source = passage.source
    citation = gost_citation(
        source.title,
        passage.position,
        request.build_absolute_uri(passage.get_absolute_url()),
        timezone.localdate(),
        source.year,
    )
    return render(
        request,
        "legalkb/passage_detail.html",
        {
            "passage": passage,
            "previous": siblings.filter(position__lt=passage.position).order_by("-position").first(),
            "next": siblings.filter(position__gt=passage.position).order_by("position").first(),
            "annotations": passage.annotations.filter(visibility=Annotation.Visibility.PUBLIC),
            "citation": citation,
        },
    )
