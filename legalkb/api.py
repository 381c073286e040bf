"""GET /api/search/ — see docs/api.md."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .search import PageOutOfRange, search_passages
from .search_backend import SearchIndexUnavailable
from .search_params import BadSearchParameter, parse_search_params


@require_GET
def search_api(request):
    try:
        search_request = parse_search_params(request.GET)
        response = search_passages(search_request)
    except BadSearchParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    except PageOutOfRange as error:
        return JsonResponse({"error": str(error)}, status=404)
    except SearchIndexUnavailable as error:
        return JsonResponse({"error": str(error)}, status=503)
    return JsonResponse(response_json(response), json_dumps_params={"ensure_ascii": False})


def response_json(response):
    request = response.request
    return {
        "query": request.q,
        "count": response.count,
        "page": request.page,
        "page_size": request.page_size,
        "num_pages": response.num_pages,
        "suggestion": response.suggestion,
        "results": [hit_json(hit) for hit in response.hits],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in response.facets.items()
        },
    }


def hit_json(hit):
    passage = hit.passage
    return {
        "id": passage.pk,
        "url": passage.get_absolute_url(),
        "source": {"slug": passage.source.slug, "title": passage.source.title},
        "position": passage.position,
        "language": passage.language,
        "text": passage.text,
        "highlighted": hit.highlighted,
        **hit.taxonomy_slugs(),
    }
