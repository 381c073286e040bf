"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .citation import gost_citation
from .export import export_hits, hit_record, to_csv, to_json
from .models import KINDS, Annotation, Passage, Principle, Source, TaxonomyLink
from .search import search_passages
from .search.errors import SearchError, error_response
from .search.params import parse_search_params


def _counted(model):
    return model.objects.annotate(passage_count=Count("links", filter=TaxonomyLink.active_filter()))


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
    except SearchError as error:
        return error_response(request, error)
    search_request = response.request
    return render(
        request,
        "search/search.html",
        {
            "response": response,
            "page": Paginator(range(response.count), search_request.page_size).page(search_request.page),
        },
    )


def _export(request, render_records, content_type, extension):
    try:
        hits = export_hits(parse_search_params(request.GET))
    except SearchError as error:
        return error_response(request, error, answer_as="text")
    records = [hit_record(hit, request.build_absolute_uri) for hit in hits]
    response = HttpResponse(render_records(records), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="legalkb-search.{extension}"'
    return response


def search_export_csv(request):
    return _export(request, to_csv, "text/csv; charset=utf-8", "csv")


def search_export_json(request):
    return _export(request, to_json, "application/json", "json")


def entry_list(request, kind):
    kind = KINDS[kind]
    entries = _tree(list(_counted(kind.entry_model)))
    return render(
        request, "legalkb/entry_list.html", {"entries": entries, "kind": kind.name, "title": kind.title}
    )


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
            "passages": Passage.objects.filter(pk__in=passage_ids).with_source(),
            "related": related.annotate(shared=Count("links", distinct=True)).order_by("-shared", "slug"),
        },
    )


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    passages = source.passages.with_tags()
    return render(request, "legalkb/source_detail.html", {"source": source, "passages": passages})


def passage_detail(request, pk):
    passage = get_object_or_404(Passage.objects.with_source().with_tags(), pk=pk)
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
