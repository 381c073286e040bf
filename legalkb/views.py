"""Public pages. Thin: read parameters, call the search function or the ORM, render."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from .models import Author, Passage, Principle, Reform, Source, TaxonomyLink
from .search import PageOutOfRange, search_passages
from .search_backend import SearchIndexUnavailable
from .search_params import BadSearchParameter, parse_search_params

ACTIVE = ~Q(links__status=TaxonomyLink.Status.REJECTED)


def home(request):
    principles = Principle.objects.annotate(passage_count=Count("links", filter=ACTIVE))
    return render(request, "legalkb/home.html", {"principles": principles, "sources": Source.objects.all()})


def search_page(request):
    try:
        search_request = parse_search_params(request.GET)
        response = search_passages(search_request)
    except BadSearchParameter as error:
        return render(request, "search/search.html", {"error": str(error)}, status=400)
    except PageOutOfRange as error:
        return render(request, "search/search.html", {"error": str(error)}, status=404)
    except SearchIndexUnavailable as error:
        return render(request, "search/unavailable.html", {"error": str(error)}, status=503)
    return render(request, "search/search.html", {"response": response})


def _entry_list(request, model, kind):
    entries = model.objects.annotate(passage_count=Count("links", filter=ACTIVE))
    return render(request, "legalkb/entry_list.html", {"entries": entries, "kind": kind})


def _entry_detail(request, model, slug, kind):
    entry = get_object_or_404(model, slug=slug)
    passages = (
        Passage.objects.filter(**{f"{kind}link__{kind}": entry})
        .exclude(**{f"{kind}link__status": TaxonomyLink.Status.REJECTED})
        .select_related("source")
        .distinct()
    )
    return render(request, "legalkb/entry_detail.html", {"entry": entry, "passages": passages, "kind": kind})


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
    return render(request, "legalkb/source_detail.html", {"source": source, "passages": source.passages.all()})


def passage_detail(request, pk):
    passage = get_object_or_404(Passage.objects.select_related("source"), pk=pk)
    return render(request, "legalkb/passage_detail.html", {"passage": passage})
