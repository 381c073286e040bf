"""Limits on anonymous searches, API calls and downloads per client address (django-ratelimit),
and the 429 answer: JSON for the API, a page otherwise, both with Retry-After."""

from django.conf import settings
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from .search.errors import TooManyRequests, error_response


def client_ip(request):
    """The client's address: the reverse proxy's X-Real-IP behind it (DJANGO_BEHIND_PROXY),
    else the connection's. Login throttling (axes) and search throttling both use it."""
    if settings.BEHIND_PROXY:
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
    return request.META.get("REMOTE_ADDR")


def anonymous_rate(group, request):
    """The group's limit from settings.THROTTLE_RATES; editors (staff) have none, readers
    signed in the same as anyone."""
    return None if request.user.is_staff else settings.THROTTLE_RATES[group]


def throttled(group):
    """A view decorator: over its group's rate, the view is not called and the client gets 429."""
    return ratelimit(group=group, key="ip", rate=anonymous_rate, block=True)


def too_many_requests(request, exception):
    """settings.RATELIMIT_VIEW: the answer to a request over its limit, as the search page,
    the API or an export answers any search error."""
    group = "api" if request.path.startswith("/api/") else "search"
    if request.resolver_match and request.resolver_match.url_name == "source_file":
        group = "download"
    usage = get_usage(request, group=group, key="ip", rate=anonymous_rate)
    error = TooManyRequests(max(1, usage["time_left"]) if usage else 60)
    answer_as = "json" if group == "api" else "text" if "/export." in request.path else "html"
    return error_response(request, error, answer_as)
