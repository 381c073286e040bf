"""GET /api/search/, /api/passages/<id>/ and /api/sources/<slug>/ — see docs/api.md. Every answer is JSON,
errors included."""

from functools import wraps

from django.conf import settings
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from . import citation
from .kinds import TAXONOMY
from .models import Passage, Reference, Source, interface_language
from .search import Tier, search_passages
from .search.errors import SearchError
from .search.params import parse_search_params
from .throttle import throttled
from .views import (
    WITHDRAWN_PASSAGE,
    WITHDRAWN_SOURCE,
    error_response,
    passage_cited,
    related_or_none,
    source_cited,
)

ALLOWED_METHODS = ("GET", "HEAD")
API_PREFIX = "/api/"


def read_only(view):
    """JSON 405 for any method but GET and HEAD; no CSRF token, for nothing here changes."""

    @csrf_exempt
    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = JsonResponse(
                {"error": _("Only GET is allowed here, not %(method)s.") % {"method": request.method[:20]}},
                status=405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        return view(request, *args, **kwargs)

    return answer


def json_answer(body, status=200):
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@throttled("api")
@read_only
def search_api(request):
    try:
        response = search_passages(parse_search_params(request.GET))
    except SearchError as error:
        return error_response(request, error, answer_as="json")
    return json_answer(response_json(response))


@throttled("api")
@read_only
def passage_api(request, pk):
    passage = Passage.objects.with_source().with_tags().with_acts().filter(pk=pk).first()
    if passage is None:
        return json_answer({"error": _("There is no passage %(id)d.") % {"id": pk}}, status=404)
    if not Passage.objects.public().filter(pk=pk).exists():
        return json_answer({"error": str(WITHDRAWN_PASSAGE)}, status=410)
    return json_answer(passage_json(request, passage, related_or_none(passage)))


def passage_json(request, passage, related):
    """A passage, its source, citation, links, acts, notes and related passages (None when
    the index cannot say)."""
    source, cited = passage.source, passage_cited(request, passage)
    tagged = dict(passage.tag_links)
    return {
        "id": passage.pk,
        "url": passage.get_absolute_url(),
        "source": {
            "slug": source.slug,
            "title": source.title,
            "url": source.get_absolute_url(),
            "kind": source.kind,
            "year": source.year,
            "creators": [creator.as_dict() for creator in source.creators.all()],
        },
        "position": passage.position,
        "language": passage.language,
        "is_heading": passage.is_heading,
        "pages": {"start": passage.page_start, "end": passage.page_end},
        "text": passage.text,
        "citation": {"gost": citation.gost(cited, interface_language()), "apa": citation.apa(cited)},
        "links": {
            kind.plural: [{**entry_json(link.entry), "reviewed": not link.is_unreviewed} for link in links]
            for kind, links in ((kind, tagged.get(kind, [])) for kind in TAXONOMY)
        },
        "acts": [
            {**entry_json(act), "articles": [a for a in articles if a], "official_url": act.official_url}
            for act, articles in passage.acts_cited()
        ],
        "notes": [
            {"quote": note.quote, "note": note.note, "created": note.created_at.date().isoformat()}
            for note in passage.public_annotations
        ],
        "related": None if related is None else [related_json(one) for one in related],
    }


@throttled("api")
@read_only
def source_api(request, slug):
    references = Reference.objects.select_related("cited_source").defer("cited_source__raw_text")
    sources = Source.objects.prefetch_related("creators", Prefetch("references", references))
    source = sources.filter(slug=slug).first()
    if source is None:
        return json_answer({"error": _("There is no source «%(slug)s».") % {"slug": slug[:120]}}, status=404)
    if source.withdrawn:
        return json_answer({"error": str(WITHDRAWN_SOURCE)}, status=410)
    return json_answer(source_json(request, source))


def source_json(request, source):
    """A source's record and citation, its references (each with the source it cites here) and
    the sources citing it."""
    cited = source_cited(request, source)
    citing = list(Source.objects.citing(source).only("slug", "title", "year"))
    return {
        "slug": source.slug,
        "url": source.get_absolute_url(),
        "title": source.title,
        "kind": source.kind,
        "language": source.language,
        **source.record_fields(),
        "creators": [creator.as_dict() for creator in source.creators.all()],
        "passages": source.passages.public().count(),
        "citation": {"gost": citation.gost(cited, interface_language()), "apa": citation.apa(cited)},
        "references": [
            {"position": ref.position, "text": ref.text, "cites": work_json(ref.cites) if ref.cites else None}
            for ref in source.references.all()
        ],
        "cited_by_count": len(citing),
        "cited_by": [{**work_json(other), "year": other.year} for other in citing],
    }


def work_json(source):
    return {"slug": source.slug, "title": source.title, "url": source.get_absolute_url()}


def entry_json(entry):
    """A taxonomy entry or an act, as a related passage's reason or a passage's link names it."""
    kinds = [kind.name for kind in TAXONOMY if isinstance(entry, kind.entry_model)]
    kind = kinds[0] if kinds else "act"
    return {"kind": kind, "slug": entry.slug, "label": entry.label, "url": entry.get_absolute_url()}


def related_json(one):
    return {
        "id": one.passage.pk,
        "url": one.passage.get_absolute_url(),
        "source": {"slug": one.passage.source.slug, "title": one.passage.source.title},
        "snippet": one.snippet,
        "why": {
            "entries": [entry_json(entry) for entry in one.why.entries],
            "words": one.why.words,
            "equivalents": one.why.equivalents,
        },
    }


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
        "acts": passage.cited_act_slugs(),
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
