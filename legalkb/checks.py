"""System checks of legalkb's own (manage.py check --deploy runs them)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

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
