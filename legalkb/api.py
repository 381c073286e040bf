"""GET /api/search/ — see docs/api.md. Every answer is JSON, errors included."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from .search import Tier, search_passages
from .search.errors import SearchError, error_response
from .search.params import parse_search_params
from .throttle import throttled

ALLOWED_METHODS = ("GET", "HEAD")
API_PREFIX = "/api/"


@throttled("api")
@csrf_exempt  # no method of this API changes anything, so none needs a CSRF token
def search_api(request):
    if request.method not in ALLOWED_METHODS:
        response = JsonResponse(
            {"error": _("Only GET is allowed here, not %(method)s.") % {"method": request.method[:20]}},
            status=405,
        )
        response["Allow"] = ", ".join(ALLOWED_METHODS)
        return response
    try:
        response = search_passages(parse_search_params(request.GET))
    except SearchError as error:
        return error_response(request, error, answer_as="json")
    return JsonResponse(response_json(response), json_dumps_params={"ensure_ascii": False})


def response_json(response):
    request = response.request
    return {
        "query": request.q,
        "exact": request.exact,
        "count": response.count,
        "related_count": response.related_count,
        "partial_count": response.partial_count,
        "page": request.page,
        "page_size": request.page_size,
        "num_pages": response.num_pages,
        "suggestion": response.suggestion,
        "notices": response.notices,
        "words": [
            {
                "text": word.text,
                "kind": word.kind,
                "found": word.found,
                "forms": word.forms,
                "passages": word.passages,
                "corrected": word.corrected,
                "also": word.also,
            }
            for word in response.words
        ],
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
        "holds_all_words": hit.holds_all_words,
        "match": Tier.NAMES[hit.tier],
        "related_forms": hit.related_forms,
        **hit.taxonomy_slugs(),
    }


def bad_request(request, exception):
    """handler400 (a request Django refuses, such as one of over 1,000 parameters): JSON under
    /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        message = _("This request cannot be read: it has a malformed parameter or more than %(max)d.")
        return JsonResponse({"error": message % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception):
    """handler404: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"error": _("There is nothing at this address.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under /api/, the site's page elsewhere (the traceback is logged)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"error": _("The server failed; the error is logged. Please try again later.")}, status=500
        )
    return defaults.server_error(request)
