"""System checks of legalkb's own (manage.py check runs them; --deploy the deployment ones)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.urls import URLResolver, get_resolver

from .models import Passage

WHOOSH_UP_TO = 10_000  # passages; beyond, a search of many common words takes seconds on Whoosh


@register(Tags.database, deploy=True)
def search_engine_fits_the_corpus(app_configs=None, databases=None, **kwargs):
    """Whoosh scores in Python: past WHOOSH_UP_TO passages the worst queries are slow. A
    database check: it reads the database only when asked (check --database default)."""
    if "default" not in (databases or ()):
        return []
    if settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] != settings.SEARCH_ENGINES["whoosh"]:
        return []
    try:
        passages = Passage.objects.count()
    except DatabaseError:
        return []
    if passages <= WHOOSH_UP_TO:
        return []
    return [
        Warning(
            f"Search runs on Whoosh over {passages:,} passages; beyond {WHOOSH_UP_TO:,} a search of many "
            "common words takes seconds.",
            hint="Set LEGALKB_SEARCH_ENGINE=tantivy for every process, then run manage.py rebuild_index.",
            id="legalkb.W001",
        )
    ]


@register(Tags.urls)
def throttle_kinds_have_rates(app_configs=None, **kwargs):
    """Every throttle kind a served view declares (legalkb.throttle.throttled) has a rate."""
    views = _views(get_resolver().url_patterns)
    kinds = {view.throttle_kind for view in views if hasattr(view, "throttle_kind")}
    if not kinds:
        return []  # a URLconf serving none of legalkb's views
    return [
        Error(
            f"Views are throttled as {kind!r}, which settings.THROTTLE_RATES does not name.",
            hint="Add a rate for it to THROTTLE_RATES, or declare the views as one of its kinds.",
            id="legalkb.E001",
        )
        for kind in sorted(kinds - set(settings.THROTTLE_RATES))
    ]


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        else:
            yield pattern.callback
